// Where plan and apply act: an AwsApi (the local cloud in-process, or HTTP) and the
// credentials that act in each account of the file. Every call of the runbook goes through
// Target::call, so that the steps never know which cloud they talk to.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/node.hpp"
#include "jump/api/aws_api.hpp"

namespace jg::jump {

struct Target {
    AwsApi& api;
    // The credentials that administer `account` (root keys of a local account, or the
    // profile named for it). Errors: the account has no credentials.
    std::function<Result<AwsCredentials>(const std::string& account)> credentials;
    std::string region;
    // First wait between polls of CloudFormation's asynchronous work (doubles up to 8x).
    int poll_ms = 2000;

    // Runs one action in `account`; the error says which account and action failed.
    Result<Node> call(const std::string& account, std::string_view service, std::string_view action,
                      const Node& input) const;

    // Every page of an IAM list call (Marker / IsTruncated): the items of `list_member`
    // of all pages, in order.
    Result<std::vector<Node>> iam_list_all(const std::string& account, std::string_view action, Node input,
                                           std::string_view list_member) const;
};

// Small builders for botocore-shaped inputs.
Node input_of(std::initializer_list<std::pair<const char*, std::string>> members);
std::string member_text(const Node& n, std::string_view key);

}  // namespace jg::jump
