// A fresh jumpgate home under /tmp for one test, removed afterwards.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace jg::store::testing {

class TempHome {
public:
    TempHome() {
        std::string pattern = (std::filesystem::temp_directory_path() / "jg_store_XXXXXX").string();
        if (mkdtemp(pattern.data()) == nullptr) std::abort();
        m_root = pattern;
        m_home = m_root + "/home";  // not yet existing: Store::open creates it
    }
    ~TempHome() {
        std::error_code ec;
        std::filesystem::remove_all(m_root, ec);
    }
    TempHome(const TempHome&) = delete;
    TempHome& operator=(const TempHome&) = delete;

    const std::string& path() const { return m_home; }

private:
    std::string m_root;
    std::string m_home;
};

}  // namespace jg::store::testing
