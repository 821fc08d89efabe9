// The one interface through which the Jump-account system talks to AWS: the embedded
// local cloud in-process (LocalApi) or any AWS-compatible endpoint over HTTP with SigV4
// (HttpApi). Callers never know which; tests run the same code against both.
//
// Input and output are JSON trees shaped and named like botocore's input and output
// shapes (as cloud::Cloud::call takes and gives them); an error's code is AWS's error
// code and its message AWS's wording.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"
#include "core/node.hpp"

namespace jg::jump {

struct AwsCredentials {
    std::string access_key_id;
    std::string secret_access_key;
    std::string session_token;  // empty for long-term keys
};

class AwsApi {
public:
    virtual ~AwsApi() = default;

    // Runs `action` of `service` ("iam", "sts", "s3", "cloudformation") in `region` as
    // the holder of `credentials`.
    virtual Result<Node> call(const AwsCredentials& credentials, std::string_view service,
                              std::string_view action, const Node& input, std::string_view region) = 0;
};

}  // namespace jg::jump
