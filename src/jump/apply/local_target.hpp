// The default target: the embedded local cloud in the jumpgate home. Accounts the file
// names are created there when missing (as `jumpgate cloud account add` does, with a
// [root-ID] profile in HOME/credentials); each account is administered with its root keys.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cloud/cloud.hpp"
#include "jump/api/local_api.hpp"
#include "jump/apply/change.hpp"
#include "jump/apply/target.hpp"
#include "jump/config/config.hpp"

namespace jg::jump {

class LocalTarget {
public:
    LocalTarget(cloud::Cloud& cloud, std::string home, std::string region);

    Target& target() { return m_target; }

    // The file's accounts that the local cloud does not have yet (plan shows them).
    Result<std::vector<Change>> missing_accounts(const Config& config);
    // Creates them, with their [root-ID] profiles; one progress line each.
    Result<void> create_accounts(const std::vector<Change>& accounts, std::ostream& progress);

private:
    cloud::Cloud& m_cloud;
    std::string m_home;
    LocalApi m_api;
    Target m_target;
};

}  // namespace jg::jump
