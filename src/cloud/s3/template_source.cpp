// Reading a TemplateURL's object for CloudFormation, as the caller.
#include "cloud/s3/access.hpp"
#include "cloud/s3/naming.hpp"
#include "cloud/s3/records.hpp"
#include "cloud/s3/s3.hpp"
#include "cloud/s3/s3_url.hpp"

namespace jg::cloud::s3 {

Result<std::string> read_object_for_caller(CallContext& ctx, std::string_view url, std::string_view local_authority) {
    auto location = parse_object_url(url, local_authority);
    if (!location) return Unexpected(location.error());
    if (auto valid = validate_object_key(location->key); !valid) return Unexpected(valid.error());
    auto bucket = bucket_for(ctx, location->bucket, "s3:GetObject", object_arn(location->bucket, location->key));
    if (!bucket) return Unexpected(bucket.error());
    return ctx.cloud().store().read([&](store::Reader& r) -> Result<std::string> {
        auto meta = load_object(r, location->bucket, location->key);
        if (!meta) return Unexpected(meta.error());
        if (!*meta) return no_such_key();
        return load_body(r, location->bucket, location->key);
    });
}

}  // namespace jg::cloud::s3
