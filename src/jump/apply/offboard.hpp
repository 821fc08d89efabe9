// Offboarding a user completely, in the order IAM requires before DeleteUser succeeds
// (IAM user guide, "Deleting an IAM user (AWS CLI)"): login profile, access keys, MFA
// devices (deactivate, then delete the virtual device), SSH public keys, signing
// certificates, inline and attached policies, group memberships, then the user.
#pragma once

#include <ostream>
#include <string>

#include "core/error.hpp"
#include "jump/api/connection.hpp"

namespace jg::jump {

// Each removal is reported on `progress` ("    deleted access key AKIA…"). A piece that
// is already gone is not an error, so an interrupted offboarding can be run again.
Result<void> offboard_user(const Connection& target, const std::string& account, const std::string& user,
                           std::ostream& progress);

}  // namespace jg::jump
