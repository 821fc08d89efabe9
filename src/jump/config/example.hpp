// The example file `jumpgate init` writes: the article's scenario (an admin account, one
// project with a prod and a staging account, a global admin and a project operator).
#pragma once

#include <string_view>

namespace jg::jump {

inline constexpr std::string_view k_example_file_name = "jumpgate.yaml";

inline constexpr std::string_view k_example_config = R"(# jumpgate: the Jump-account pattern (AWS without Organizations) from one file.
# This is the article's scenario. `jumpgate plan` shows what `jumpgate apply` would
# change (both read ./jumpgate.yaml unless given -f FILE); apply again: nothing changes.

# The admin ("jump") account: every IAM user lives here and switches roles from it.
admin_account: "111111111111"
region: ap-northeast-1

# seed (or article): the article's five templates, flaws included (a project has a prod and
# at most one staging account); hardened: jumpgate's corrected ones; or a folder of your own.
templates: seed

# Role tiers: role-<tier> in every account, reached from group-<tier> (every account) and
# group-<tier>-<project> (that project's accounts). These are the defaults.
tiers:
  admin: arn:aws:iam::aws:policy/AdministratorAccess
  developer: arn:aws:iam::aws:policy/PowerUserAccess
  operator: arn:aws:iam::aws:policy/ReadOnlyAccess

projects:
  project-a:
    accounts: ["222222222222", "333333333333"]  # prod, staging

users:
  # A global administrator: role-admin in every account.
  yamada.taro:
    groups: [group-admin]
  # An operator of project A: role-operator in its two accounts only.
  tanaka.hanako:
    groups: [group-operator-project-a]
)";

}  // namespace jg::jump
