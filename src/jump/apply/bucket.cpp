#include "jump/apply/bucket.hpp"

#include <fmt/format.h>

#include "core/json.hpp"

namespace jg::jump {

namespace {

// HeadBucket answers a missing bucket with a bare 404 over HTTP (no body, so no code).
bool missing_bucket(const Error& e) { return e.code == "NoSuchBucket" || e.code == "NotFound" || e.code == "404"; }

// Both policies parse and say the same (AWS may reformat what it stores).
bool same_policy(const std::string& a, const std::string& b) {
    auto x = parse_json(a);
    auto y = parse_json(b);
    return x && y && x->same(*y);
}

}  // namespace

Result<std::vector<Change>> plan_bucket(const Connection& target, const Deployment& d, bool admin_exists) {
    const std::string& admin = d.admin_account;
    auto change = [&](ChangeAction a, const char* kind, std::string name, std::string detail) {
        return Change{a, admin, kind, std::move(name), std::move(detail)};
    };
    bool exists = false;
    if (admin_exists) {
        auto head = target.call(admin, "s3", "HeadBucket", input_of({{"Bucket", d.bucket}}));
        if (head) exists = true;
        else if (!missing_bucket(head.error())) return Unexpected(head.error());
    }
    std::vector<Change> out;
    if (!exists) {
        out.push_back(change(ChangeAction::create, "bucket", d.bucket, "template bucket in " + d.region));
        for (const std::string& key : d.objects) out.push_back(change(ChangeAction::create, "object", key, d.bucket));
        out.push_back(change(ChangeAction::create, "bucket-policy", d.bucket, "s3:GetObject for the admin account"));
        return out;
    }
    for (const std::string& key : d.objects) {
        auto object = target.call(admin, "s3", "GetObject", input_of({{"Bucket", d.bucket}, {"Key", key}}));
        if (!object) {
            if (object.error().code != "NoSuchKey") return Unexpected(object.error());
            out.push_back(change(ChangeAction::create, "object", key, d.bucket));
        } else if (member_text(*object, "Body") != d.body(key)) {
            out.push_back(change(ChangeAction::update, "object", key, "content differs from the template set"));
        }
    }
    auto policy = target.call(admin, "s3", "GetBucketPolicy", input_of({{"Bucket", d.bucket}}));
    if (!policy) {
        if (policy.error().code != "NoSuchBucketPolicy") return Unexpected(policy.error());
        out.push_back(change(ChangeAction::create, "bucket-policy", d.bucket, "s3:GetObject for the admin account"));
    } else if (!same_policy(member_text(*policy, "Policy"), d.bucket_policy)) {
        out.push_back(change(ChangeAction::update, "bucket-policy", d.bucket, "differs from the article's policy"));
    }
    return out;
}

Result<void> apply_bucket_change(const Connection& target, const Deployment& d, const Change& c) {
    Result<Node> out = Node::make_object();
    if (c.kind == "bucket") {
        Node in = input_of({{"Bucket", d.bucket}});
        // us-east-1 takes no location constraint (AWS refuses one naming it).
        if (d.region != "us-east-1") {
            Node config = input_of({{"LocationConstraint", d.region}});
            in.add("CreateBucketConfiguration", std::move(config));
        }
        out = target.call(d.admin_account, "s3", "CreateBucket", in);
    } else if (c.kind == "object") {
        out = target.call(d.admin_account, "s3", "PutObject",
                          input_of({{"Bucket", d.bucket}, {"Key", c.name}, {"Body", d.body(c.name)},
                                    {"ContentType", "application/x-yaml"}}));
    } else if (c.kind == "bucket-policy") {
        out = target.call(d.admin_account, "s3", "PutBucketPolicy",
                          input_of({{"Bucket", d.bucket}, {"Policy", d.bucket_policy}}));
    } else {
        return fail("InternalError", fmt::format("the bucket step has no change of kind {}", c.kind));
    }
    if (!out) return Unexpected(out.error());
    return {};
}

}  // namespace jg::jump
