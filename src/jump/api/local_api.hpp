// AwsApi over the embedded local cloud, in-process: each call goes straight to
// cloud::Cloud::call, the same dispatch table the wire server uses.
#pragma once

#include "cloud/cloud.hpp"
#include "jump/api/aws_api.hpp"

namespace jg::jump {

class LocalApi final : public AwsApi {
public:
    explicit LocalApi(cloud::Cloud& cloud) : m_cloud(cloud) {}

    Result<Node> call(const AwsCredentials& credentials, std::string_view service, std::string_view action,
                      const Node& input, std::string_view region) override;

private:
    cloud::Cloud& m_cloud;
};

}  // namespace jg::jump
