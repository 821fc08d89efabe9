#include "core/credentials_file.hpp"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>

#include <gtest/gtest.h>

#include "core/strings.hpp"

namespace jg {
namespace {

class CredentialsFile : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "jg_creds_XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        m_dir = pattern;
        m_path = m_dir + "/credentials";
    }
    void TearDown() override { std::filesystem::remove_all(m_dir); }
    std::string m_dir, m_path;
};

std::string run(const std::string& command) {
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
    if (!pipe) return {};
    std::string out;
    std::array<char, 512> buf{};
    while (fgets(buf.data(), buf.size(), pipe.get()) != nullptr) out += buf.data();
    return trim(out);
}

TEST_F(CredentialsFile, CreatesPrivateFileAndKeepsOtherProfiles) {
    std::ofstream(m_path) << "# my own keys\n[default]\naws_access_key_id = AKIAMINE\n"
                             "aws_secret_access_key = mine\nregion=eu-west-1\n";
    ::chmod(m_path.c_str(), 0644);
    ASSERT_TRUE(upsert_credentials_profile(m_path, {"root-111111111111", "AKIAONE", "secret/one+", ""}));
    ASSERT_TRUE(upsert_credentials_profile(m_path, {"root-222222222222", "AKIATWO", "two", ""}));
    // Replacing a profile keeps its place and the others intact.
    ASSERT_TRUE(upsert_credentials_profile(m_path, {"root-111111111111", "ASIAONE", "one2", "tok"}));

    std::string text;
    ASSERT_TRUE(read_file(m_path, text));
    EXPECT_EQ(text,
              "# my own keys\n[default]\naws_access_key_id = AKIAMINE\naws_secret_access_key = mine\n"
              "region=eu-west-1\n\n"
              "[root-111111111111]\naws_access_key_id = ASIAONE\naws_secret_access_key = one2\n"
              "aws_session_token = tok\n\n"
              "[root-222222222222]\naws_access_key_id = AKIATWO\naws_secret_access_key = two\n");
    struct stat st {};
    ASSERT_EQ(::stat(m_path.c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0777, 0600u);

    auto one = read_credentials_profile(m_path, "root-111111111111");
    ASSERT_TRUE(one.has_value() && one->has_value());
    EXPECT_EQ((*one)->access_key_id, "ASIAONE");
    EXPECT_EQ((*one)->session_token, "tok");
    EXPECT_FALSE(read_credentials_profile(m_path, "nobody")->has_value());
    EXPECT_FALSE(read_credentials_profile(m_dir + "/missing", "x")->has_value());
}

TEST_F(CredentialsFile, RefusesValuesThatWouldBreakTheFile) {
    EXPECT_FALSE(upsert_credentials_profile(m_path, {"a]b", "AKIA", "s", ""}).has_value());
    EXPECT_FALSE(upsert_credentials_profile(m_path, {"", "AKIA", "s", ""}).has_value());
    EXPECT_FALSE(upsert_credentials_profile(m_path, {"p", "AKIA\n[x]", "s", ""}).has_value());
    EXPECT_FALSE(upsert_credentials_profile(m_path, {"p", "AKIA", "", ""}).has_value());
    auto bad_dir = upsert_credentials_profile(m_dir + "/no/such/dir/credentials", {"p", "AKIA", "s", ""});
    ASSERT_FALSE(bad_dir.has_value());
    EXPECT_EQ(bad_dir.error().code, "CredentialsFileError");
}

// botocore (the machine's Python) reads what we wrote.
TEST_F(CredentialsFile, BotocoreReadsTheProfile) {
    ASSERT_TRUE(upsert_credentials_profile(m_path, {"root-111111111111", "AKIAIOSFODNN7EXAMPLE",
                                                    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""}));
    const std::string out = run(
        "AWS_SHARED_CREDENTIALS_FILE=" + m_path + " AWS_CONFIG_FILE=/dev/null python3 -c "
        "\"import botocore.session as s; c=s.Session(profile='root-111111111111').get_credentials();"
        "print(c.access_key, c.secret_key)\" 2>&1");
    EXPECT_EQ(out, "AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
}

TEST_F(CredentialsFile, ConcurrentWritersLoseNoProfile) {
    constexpr int k_each = 15;
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
        for (int i = 0; i < k_each; ++i)
            if (!upsert_credentials_profile(m_path, {"child-" + std::to_string(i), "AKIAC", "c", ""})) _exit(1);
        _exit(0);
    }
    for (int i = 0; i < k_each; ++i)
        ASSERT_TRUE(upsert_credentials_profile(m_path, {"parent-" + std::to_string(i), "AKIAP", "p", ""}));
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    for (int i = 0; i < k_each; ++i) {
        EXPECT_TRUE(read_credentials_profile(m_path, "child-" + std::to_string(i))->has_value()) << i;
        EXPECT_TRUE(read_credentials_profile(m_path, "parent-" + std::to_string(i))->has_value()) << i;
    }
}

}  // namespace
}  // namespace jg
