// The article's section 1: the template bucket aws-iam-templates-ADMIN in the file's
// region, the templates uploaded to it, and the policy that lets only the admin account
// read them (the stacks of 2-2 and 2-3 and the role StackSet read them from there).
#pragma once

#include <vector>

#include "jump/apply/change.hpp"
#include "jump/apply/deployment.hpp"
#include "jump/api/connection.hpp"

namespace jg::jump {

// The bucket, object and bucket-policy changes, in that order. `admin_exists` false (a
// fresh local cloud) plans everything without reading.
Result<std::vector<Change>> plan_bucket(const Connection& target, const Deployment& d, bool admin_exists);

// Performs one change of plan_bucket.
Result<void> apply_bucket_change(const Connection& target, const Deployment& d, const Change& change);

}  // namespace jg::jump
