// Providers of AWS::S3::Bucket and AWS::S3::BucketPolicy, through the local S3's
// CreateBucket/DeleteBucket and Put/DeleteBucketPolicy. Bucket properties the local S3
// has no API for (encryption, versioning, tags, ...) are refused with a clear reason
// rather than silently ignored.
#include <fmt/format.h>

#include "cfn/resolve.hpp"
#include "cloud/cloudformation/providers.hpp"
#include "cloud/input.hpp"

namespace jg::cloud::cloudformation {

namespace {

Result<void> ignore_missing(const Result<Node>& r) {
    if (!r && !is_not_found(r.error())) return Unexpected(r.error());
    return {};
}

class BucketProvider final : public cfn::ResourceProvider {
public:
    explicit BucketProvider(const ActAs& as) : m_as(as) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        if (r.properties.is_object())
            for (const auto& [name, value] : r.properties.members)
                if (name != "BucketName")
                    return fail("InvalidRequest", fmt::format("property {} of AWS::S3::Bucket is not supported by the local cloud's S3", name));
        std::string name = prop::text(r.properties, "BucketName");
        if (name.empty()) name = r.physical_name;
        Node in = object({{"Bucket", name}});
        const std::string& region = m_as.info.region;
        if (region != "us-east-1") in.add("CreateBucketConfiguration", object({{"LocationConstraint", region}}));
        if (auto made = m_as.call("s3", "CreateBucket", in); !made) return Unexpected(made.error());
        mark_created(r);
        std::string suffix = cfn::url_suffix_of(region);
        cfn::ResourceState state{name, {}};
        state.attributes["Arn"] = str(fmt::format("arn:{}:s3:::{}", cfn::partition_of(region), name));
        state.attributes["DomainName"] = str(fmt::format("{}.s3.{}", name, suffix));
        state.attributes["RegionalDomainName"] = str(fmt::format("{}.s3.{}.{}", name, region, suffix));
        state.attributes["DualStackDomainName"] = str(fmt::format("{}.s3.dualstack.{}.{}", name, region, suffix));
        state.attributes["WebsiteURL"] = str(fmt::format("http://{}.s3-website-{}.{}", name, region, suffix));
        return state;
    }
    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node&, const cfn::ResourceRequest& r) override {
        if (r.properties.is_object())
            for (const auto& [name, value] : r.properties.members)
                if (name != "BucketName")
                    return fail("InvalidRequest", fmt::format("property {} of AWS::S3::Bucket is not supported by the local cloud's S3", name));
        return current;
    }
    Result<void> remove(const cfn::ResourceState& current, const cfn::ResourceRequest&) override {
        return ignore_missing(m_as.call("s3", "DeleteBucket", object({{"Bucket", current.physical_id}})));
    }

private:
    ActAs m_as;
};

class BucketPolicyProvider final : public cfn::ResourceProvider {
public:
    explicit BucketPolicyProvider(const ActAs& as) : m_as(as) {}

    Result<cfn::ResourceState> create(const cfn::ResourceRequest& r) override {
        if (auto ok = put(r.properties); !ok) return Unexpected(ok.error());
        mark_created(r);
        return cfn::ResourceState{prop::text(r.properties, "Bucket"), {}};
    }
    Result<cfn::ResourceState> update(const cfn::ResourceState& current, const Node&, const cfn::ResourceRequest& r) override {
        if (auto ok = put(r.properties); !ok) return Unexpected(ok.error());
        return current;
    }
    Result<void> remove(const cfn::ResourceState& current, const cfn::ResourceRequest&) override {
        return ignore_missing(m_as.call("s3", "DeleteBucketPolicy", object({{"Bucket", current.physical_id}})));
    }

private:
    Result<void> put(const Node& props) {
        auto r = m_as.call("s3", "PutBucketPolicy",
                           object({{"Bucket", prop::text(props, "Bucket")}, {"Policy", prop::document(props, "PolicyDocument")}}));
        if (!r) return Unexpected(r.error());
        return {};
    }
    ActAs m_as;
};

}  // namespace

void add_s3_providers(cfn::ProviderRegistry& registry, const ActAs& as) {
    registry.add("AWS::S3::Bucket", std::make_unique<BucketProvider>(as));
    registry.add("AWS::S3::BucketPolicy", std::make_unique<BucketPolicyProvider>(as));
}

}  // namespace jg::cloud::cloudformation
