// replace_file: the whole text or nothing, the right mode, no temporary left behind.
#include "core/atomic_file.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace jg {
namespace {

namespace fs = std::filesystem;

class AtomicFileTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "jg_atomic_XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        dir = pattern;
    }
    void TearDown() override { fs::remove_all(dir); }

    static std::string read(const fs::path& p) {
        std::ifstream in(p);
        std::stringstream s;
        s << in.rdbuf();
        return s.str();
    }
    static unsigned mode_of(const fs::path& p) {
        struct stat st{};
        EXPECT_EQ(::stat(p.c_str(), &st), 0);
        return st.st_mode & 07777;
    }
    std::size_t entries() const { return static_cast<std::size_t>(std::distance(fs::directory_iterator(dir), {})); }

    fs::path dir;
};

TEST_F(AtomicFileTest, PrivateFilesAre0600EvenWhenTheOldOneWasLooser) {
    fs::path p = dir / "secret";
    std::ofstream(p) << "old";
    ::chmod(p.c_str(), 0644);
    ASSERT_TRUE(replace_file(p, "new text", FileMode::private_0600, "TestError"));
    EXPECT_EQ(read(p), "new text");
    EXPECT_EQ(mode_of(p), 0600u);
    EXPECT_EQ(entries(), 1u) << "no temporary left behind";
}

TEST_F(AtomicFileTest, UserFilesKeepTheirModeAndNewOnesAre0644) {
    fs::path kept = dir / "kept.yaml";
    std::ofstream(kept) << "a: 1\n";
    ::chmod(kept.c_str(), 0640);
    ASSERT_TRUE(replace_file(kept, "a: 2\n", FileMode::keep_or_0644, "TestError"));
    EXPECT_EQ(read(kept), "a: 2\n");
    EXPECT_EQ(mode_of(kept), 0640u);
    fs::path fresh = dir / "fresh.yaml";
    ASSERT_TRUE(replace_file(fresh, "", FileMode::keep_or_0644, "TestError"));
    EXPECT_EQ(mode_of(fresh), 0644u);
}

TEST_F(AtomicFileTest, AFailureNamesThePathAndLeavesTheOldFile) {
    fs::path p = dir / "missing-folder" / "file";
    auto r = replace_file(p, "x", FileMode::private_0600, "TestError");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, "TestError");
    EXPECT_NE(r.error().message.find("cannot create " + p.string() + ".tmp."), std::string::npos) << r.error().message;

    // Renaming over a directory fails: the directory stays, no temporary remains.
    fs::path d = dir / "a-directory";
    fs::create_directory(d);
    auto over = replace_file(d, "x", FileMode::private_0600, "TestError");
    ASSERT_FALSE(over);
    EXPECT_NE(over.error().message.find("cannot replace " + d.string()), std::string::npos) << over.error().message;
    EXPECT_TRUE(fs::is_directory(d));
    EXPECT_EQ(entries(), 1u) << "only the directory: no temporary left behind";
}

TEST_F(AtomicFileTest, LargeTextIsWrittenWhole) {
    std::string big(3 * 1024 * 1024, 'x');
    for (std::size_t i = 0; i < big.size(); i += 4096) big[i] = static_cast<char>('a' + (i / 4096) % 26);
    fs::path p = dir / "big";
    ASSERT_TRUE(replace_file(p, big, FileMode::private_0600, "TestError"));
    EXPECT_EQ(read(p), big);
}

}  // namespace
}  // namespace jg
