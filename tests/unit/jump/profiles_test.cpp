// Profiles from the AWS shared files: where keys are found, which file wins, and the
// errors for profiles jumpgate cannot use.
#include "jump/api/profiles.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace jg::jump {
namespace {

class ProfilesTest : public ::testing::Test {
protected:
    void SetUp() override {
        m_dir = std::filesystem::temp_directory_path() /
                ("jg-profiles-" + std::to_string(::getpid()) + "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
        std::filesystem::create_directories(m_dir);
        m_files = {(m_dir / "credentials").string(), (m_dir / "config").string()};
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

    std::filesystem::path m_dir;
    ProfileFiles m_files;
};

TEST_F(ProfilesTest, CredentialsFileWithSessionTokenAndConfigRegion) {
    write(m_files.credentials_path,
          "# comment\n[default]\naws_access_key_id=AKIADEFAULT\naws_secret_access_key=d\n\n"
          "[admin]\r\nAWS_Access_Key_Id = AKIAADMIN \r\naws_secret_access_key = s/e+c=\r\naws_session_token = tok==\r\n");
    write(m_files.config_path, "[profile admin]\nregion = ap-northeast-1\ns3 =\n  addressing_style = path\n");
    auto p = read_profile("admin", m_files);
    ASSERT_TRUE(p) << p.error().str();
    EXPECT_EQ(p->credentials.access_key_id, "AKIAADMIN");
    EXPECT_EQ(p->credentials.secret_access_key, "s/e+c=");
    EXPECT_EQ(p->credentials.session_token, "tok==");
    EXPECT_EQ(p->region, "ap-northeast-1");
    EXPECT_EQ(p->source, m_files.credentials_path);
}

TEST_F(ProfilesTest, ConfigFileKeysAndTheCredentialsFileWins) {
    write(m_files.config_path,
          "[default]\nregion = eu-west-1\naws_access_key_id = AKIACONFIG\naws_secret_access_key = c\n"
          "[profile only-config]\naws_access_key_id = AKIAONLY\naws_secret_access_key = o\n");
    auto only = read_profile("only-config", m_files);
    ASSERT_TRUE(only) << only.error().str();
    EXPECT_EQ(only->credentials.access_key_id, "AKIAONLY");
    EXPECT_EQ(only->source, m_files.config_path);
    auto from_config = read_profile("default", m_files);
    ASSERT_TRUE(from_config);
    EXPECT_EQ(from_config->credentials.access_key_id, "AKIACONFIG");
    EXPECT_EQ(from_config->region, "eu-west-1");
    write(m_files.credentials_path, "[default]\naws_access_key_id = AKIACREDS\naws_secret_access_key = k\n");
    auto wins = read_profile("default", m_files);
    ASSERT_TRUE(wins);
    EXPECT_EQ(wins->credentials.access_key_id, "AKIACREDS");
    EXPECT_EQ(wins->region, "eu-west-1");
}

TEST_F(ProfilesTest, UnusableProfilesAreClearErrors) {
    write(m_files.credentials_path, "[half]\naws_access_key_id = AKIAHALF\n[empty]\n");
    write(m_files.config_path,
          "[profile role]\nrole_arn = arn:aws:iam::222222222222:role/role-admin\nsource_profile = half\n");
    auto missing = read_profile("nobody", m_files);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().code, "ProfileNotFound");
    EXPECT_NE(missing.error().message.find("(nobody)"), std::string::npos);
    auto half = read_profile("half", m_files);
    ASSERT_FALSE(half);
    EXPECT_EQ(half.error().code, "PartialCredentials");
    EXPECT_NE(half.error().message.find("aws_secret_access_key"), std::string::npos);
    auto role = read_profile("role", m_files);
    ASSERT_FALSE(role);
    EXPECT_EQ(role.error().code, "UnsupportedProfile");
    EXPECT_NE(role.error().message.find("role_arn"), std::string::npos);
    auto empty = read_profile("empty", m_files);
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().code, "NoCredentials");
}

TEST_F(ProfilesTest, EnvironmentNamesTheFilesAndTheProfile) {
    write(m_files.credentials_path, "[env-profile]\naws_access_key_id = AKIAENV\naws_secret_access_key = e\n");
    ::setenv("AWS_SHARED_CREDENTIALS_FILE", m_files.credentials_path.c_str(), 1);
    ::setenv("AWS_CONFIG_FILE", m_files.config_path.c_str(), 1);
    ::setenv("AWS_PROFILE", "env-profile", 1);
    ProfileFiles files = default_profile_files();
    EXPECT_EQ(files.credentials_path, m_files.credentials_path);
    auto c = read_profile_credentials("");
    ::unsetenv("AWS_SHARED_CREDENTIALS_FILE");
    ::unsetenv("AWS_CONFIG_FILE");
    ::unsetenv("AWS_PROFILE");
    ASSERT_TRUE(c) << c.error().str();
    EXPECT_EQ(c->access_key_id, "AKIAENV");
    const char* home = std::getenv("HOME");
    const std::string saved = home ? home : "";
    ::setenv("HOME", "/home/someone", 1);
    EXPECT_EQ(default_profile_files().config_path, "/home/someone/.aws/config");
    if (home) ::setenv("HOME", saved.c_str(), 1);
    else ::unsetenv("HOME");
}

}  // namespace
}  // namespace jg::jump
