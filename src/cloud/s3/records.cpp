#include "cloud/s3/records.hpp"

#include <charconv>

#include "cloud/input.hpp"
#include "core/encoding.hpp"
#include "core/json.hpp"

namespace jg::cloud::s3 {
namespace {

std::string member(const Node& doc, std::string_view key) {
    const Node* v = doc.find(key);
    return v && v->is_scalar() ? v->text : std::string{};
}

Time time_member(const Node& doc, std::string_view key) {
    auto t = parse_iso8601(member(doc, key));
    return t ? *t : Time{};
}

Result<Node> parse_stored(const std::string& text) {
    auto doc = parse_json(text);
    if (!doc) return fail("InternalError", "a stored S3 record no longer parses: " + doc.error().message);
    return doc;
}

}  // namespace

std::string object_name(std::string_view bucket, std::string_view key) {
    std::string name(bucket);
    name += '/';
    name += key;
    return name;
}

std::string bucket_arn(std::string_view bucket) { return "arn:aws:s3:::" + std::string(bucket); }
std::string object_arn(std::string_view bucket, std::string_view key) {
    return "arn:aws:s3:::" + object_name(bucket, key);
}

Unexpected no_such_bucket() { return fail("NoSuchBucket", "The specified bucket does not exist"); }
Unexpected no_such_key() { return fail("NoSuchKey", "The specified key does not exist."); }

Result<std::optional<Bucket>> load_bucket(store::Reader& r, std::string_view name) {
    auto text = r.get("", k_bucket_kind, name);
    if (!text) return Unexpected(text.error());
    if (!*text) return std::optional<Bucket>{};
    auto doc = parse_stored(**text);
    if (!doc) return Unexpected(doc.error());
    Bucket b;
    b.name = member(*doc, "Name");
    b.owner = member(*doc, "Owner");
    b.region = member(*doc, "Region");
    b.location_constraint = member(*doc, "LocationConstraint");
    b.creation_date = time_member(*doc, "CreationDate");
    b.policy = member(*doc, "Policy");
    if (const Node* ids = doc->find(iam::k_trust_principals_member); ids && ids->is_array())
        for (const Node& p : ids->items) b.policy_principals.push_back({member(p, "Arn"), member(p, "Id")});
    return std::optional<Bucket>(std::move(b));
}

Result<Bucket> require_bucket(store::Reader& r, std::string_view name) {
    auto b = load_bucket(r, name);
    if (!b) return Unexpected(b.error());
    if (!*b) return no_such_bucket();
    return std::move(**b);
}

Result<Bucket> load_for_authorization(store::Reader& r, std::string_view name) {
    auto bucket = require_bucket(r, name);
    if (!bucket || bucket->policy.empty()) return bucket;
    // The trust-policy machinery does the replacement; it reads the policy and the
    // recorded principals from a role-shaped document.
    Node shaped = Node::make_object();
    shaped.add("AssumeRolePolicyDocument", str(bucket->policy));
    shaped.add(std::string(iam::k_trust_principals_member), iam::trust_principals_node(bucket->policy_principals));
    std::string stale;
    auto enforced = iam::effective_trust(r, shaped, stale);
    if (!enforced) return Unexpected(enforced.error());
    bucket->enforced_policy = std::move(*enforced);
    return bucket;
}

Result<Bucket> require_same_bucket(store::Reader& r, const Bucket& authorised) {
    auto current = require_bucket(r, authorised.name);
    if (!current) return current;
    if (current->owner != authorised.owner || current->creation_date != authorised.creation_date)
        return no_such_bucket();
    return current;
}

Result<void> save_bucket(store::Tx& tx, const Bucket& b) {
    Node doc = Node::make_object();
    doc.add("Name", str(b.name));
    doc.add("Owner", str(b.owner));
    doc.add("Region", str(b.region));
    if (!b.location_constraint.empty()) doc.add("LocationConstraint", str(b.location_constraint));
    doc.add("CreationDate", str(format_iso8601(b.creation_date, true)));
    if (!b.policy.empty()) {
        doc.add("Policy", str(b.policy));
        if (!b.policy_principals.empty())
            doc.add(std::string(iam::k_trust_principals_member), iam::trust_principals_node(b.policy_principals));
    }
    return tx.put("", k_bucket_kind, b.name, to_json(doc));
}

ObjectMeta parse_object_meta(std::string_view json) {
    ObjectMeta m;
    auto doc = parse_json(json);
    if (!doc) return m;
    m.key = member(*doc, "Key");
    const std::string size = member(*doc, "Size");
    std::from_chars(size.data(), size.data() + size.size(), m.size);
    m.etag = member(*doc, "ETag");
    m.last_modified = time_member(*doc, "LastModified");
    m.content_type = member(*doc, "ContentType");
    if (const Node* md = doc->find("Metadata"); md && md->is_object())
        for (const auto& [k, v] : md->members) m.metadata[k] = v.text;
    return m;
}

Result<std::optional<ObjectMeta>> load_object(store::Reader& r, std::string_view bucket, std::string_view key) {
    auto text = r.get("", k_object_kind, object_name(bucket, key));
    if (!text) return Unexpected(text.error());
    if (!*text) return std::optional<ObjectMeta>{};
    return std::optional<ObjectMeta>(parse_object_meta(**text));
}

Result<std::string> load_body(store::Reader& r, std::string_view bucket, std::string_view key) {
    auto text = r.get("", k_body_kind, object_name(bucket, key));
    if (!text) return Unexpected(text.error());
    if (!*text) return no_such_key();
    auto bytes = base64_decode(**text);
    if (!bytes) return fail("InternalError", "a stored object body is not Base64");
    return bytes;
}

Result<void> save_object(store::Tx& tx, std::string_view bucket, const ObjectMeta& m, std::string_view body) {
    Node doc = Node::make_object();
    doc.add("Key", str(m.key));
    doc.add("Size", num(m.size));
    doc.add("ETag", str(m.etag));
    doc.add("LastModified", str(format_iso8601(m.last_modified, true)));
    doc.add("ContentType", str(m.content_type));
    Node md = Node::make_object();
    for (const auto& [k, v] : m.metadata) md.add(k, str(v));
    doc.add("Metadata", std::move(md));
    const std::string name = object_name(bucket, m.key);
    if (auto put = tx.put("", k_object_kind, name, to_json(doc)); !put) return put;
    return tx.put("", k_body_kind, name, base64_encode(body));
}

Result<bool> erase_object(store::Tx& tx, std::string_view bucket, std::string_view key) {
    const std::string name = object_name(bucket, key);
    auto meta = tx.erase("", k_object_kind, name);
    if (!meta) return meta;
    auto body = tx.erase("", k_body_kind, name);
    if (!body) return body;
    return *meta;
}

}  // namespace jg::cloud::s3
