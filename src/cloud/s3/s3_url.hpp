// S3 object URLs as CloudFormation's TemplateURL gives them, split into bucket and key:
//   https://BUCKET.s3.REGION.amazonaws.com/KEY    (virtual-hosted, regional)
//   https://BUCKET.s3-REGION.amazonaws.com/KEY    (virtual-hosted, legacy dash form)
//   https://BUCKET.s3.amazonaws.com/KEY           (virtual-hosted, global)
//   https://s3.REGION.amazonaws.com/BUCKET/KEY    (path style, regional; also s3-REGION)
//   https://s3.amazonaws.com/BUCKET/KEY           (path style, global)
//   SCHEME://AUTHORITY/BUCKET/KEY                 (path style on the local endpoint, when
//                                                  its authority is passed in)
// The key is percent-decoded; a query string (?versionId=…) or fragment is ignored.
#pragma once

#include <string>
#include <string_view>

#include "core/error.hpp"

namespace jg::cloud::s3 {

struct ObjectLocation {
    std::string bucket;
    std::string key;
    std::string region;  // from the host name; empty for the global forms
};

// Anything else: ValidationError "TemplateURL must be a supported URL." (CloudFormation's
// wording, since TemplateURL is what this parses). `local_authority` ("127.0.0.1:4599",
// "localhost:4599"; empty = none) is the local endpoint's host and port.
[[nodiscard]] Result<ObjectLocation> parse_object_url(std::string_view url,
                                                      std::string_view local_authority = {});

}  // namespace jg::cloud::s3
