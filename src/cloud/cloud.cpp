#include "cloud/cloud.hpp"

#include "cloud/call_context.hpp"
#include "cloud/caller_principal.hpp"
#include "cloud/cloudformation/recovery.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/operations.hpp"
#include "cloud/session_token.hpp"
#include "core/encoding.hpp"

namespace jg::cloud {

namespace {

constexpr std::string_view k_server_key_kind = "server-key";
constexpr std::string_view k_server_key_name = "session-token";

Unexpected invalid_token() {
    return fail("InvalidClientTokenId", "The security token included in the request is invalid.");
}

// The home's key that seals session tokens: created once, shared by every process.
Result<std::string> load_or_create_server_key(store::Store& store, Random& random) {
    return store.write([&](store::Tx& tx) -> Result<std::string> {
        auto existing = tx.get("", k_server_key_kind, k_server_key_name);
        if (!existing) return Unexpected(existing.error());
        if (*existing) return hex_decode(**existing);
        std::string key = random.bytes(k_server_key_size);
        if (auto put = tx.insert("", k_server_key_kind, k_server_key_name, hex_encode(key)); !put)
            return Unexpected(put.error());
        return key;
    });
}

// What GetSessionToken credentials may not do (AWS: without MFA no IAM at all; on STS
// only AssumeRole and GetCallerIdentity).
Result<void> session_token_restrictions(const Caller& caller, std::string_view service, std::string_view action) {
    if (caller.kind != CredentialKind::session_token) return {};
    if (service == "iam" && !caller.mfa_present.value_or(false)) return invalid_token();
    if (service == "sts" && action != "AssumeRole" && action != "GetCallerIdentity") {
        if (action == "GetSessionToken")
            return fail("AccessDenied", "Cannot call GetSessionToken with session credentials");
        return fail("AccessDenied", "Cannot call " + std::string(action) + " with session credentials");
    }
    return {};
}

// The holder of an active long-term access key (its stored document `key`).
Result<Caller> key_holder(store::Reader& r, const std::string& access_key_id, const Node& key) {
    Caller c;
    c.access_key_id = access_key_id;
    c.account = iam::member(key, "Account");
    std::string user = iam::member(key, "UserName");
    if (user.empty()) {
        c.kind = CredentialKind::root;
        c.is_root = true;
        c.arn = "arn:aws:iam::" + c.account + ":root";
        c.user_id = c.account;
        return c;
    }
    c.kind = CredentialKind::user;
    c.user_name = user;
    c.user_id = iam::member(key, "UserId");  // empty in keys older than it: checked by name
    if (auto ok = check_principal(r, c); !ok) return Unexpected(ok.error());
    return c;
}

}  // namespace

std::shared_ptr<const policy::PolicySet> PolicyCache::find(const std::string& key, std::int64_t generation) {
    std::lock_guard lock(m_mutex);
    auto it = m_entries.find(key);
    if (it == m_entries.end() || it->second.generation != generation) return nullptr;
    return it->second.set;
}

void PolicyCache::store(const std::string& key, std::int64_t generation, std::shared_ptr<const policy::PolicySet> set) {
    std::lock_guard lock(m_mutex);
    if (m_entries.size() > 10'000) m_entries.clear();  // bounded; rebuilding is cheap
    m_entries[key] = Entry{generation, std::move(set)};
}

Result<std::unique_ptr<Cloud>> Cloud::open(store::Store& store, Clock& clock, Random& random, CloudOptions options) {
    std::string key;
    if (options.server_key) {
        if (options.server_key->size() != k_server_key_size) return fail("InvalidInput", "the server key must be 32 bytes");
        key = *options.server_key;
    } else {
        auto loaded = load_or_create_server_key(store, random);
        if (!loaded) return Unexpected(loaded.error());
        if (loaded->size() != k_server_key_size) return fail("InternalFailure", "the stored server key is malformed");
        key = std::move(*loaded);
    }
    auto cloud = std::unique_ptr<Cloud>(new Cloud(store, clock, random, std::move(key)));
    if (auto recovered = cloudformation::recover_interrupted(*cloud); !recovered) return Unexpected(recovered.error());
    return cloud;
}

Cloud::~Cloud() { m_background.reset(); }

Result<Caller> Cloud::resolve(const Credentials& credentials) {
    if (!credentials.session_token.empty()) {
        auto caller = open_session(m_server_key, credentials.session_token, credentials.access_key_id);
        if (!caller) return caller;
        if (!caller->expiration || m_clock.now() >= *caller->expiration)
            return fail("ExpiredToken", "The security token included in the request is expired");
        if (caller->is_root) return caller;  // the account's root: nothing to be re-created
        auto checked = m_store.read([&](store::Reader& r) { return check_principal(r, *caller); });
        if (!checked) return Unexpected(checked.error());
        return caller;
    }
    if (credentials.access_key_id.empty()) return fail("MissingAuthenticationToken", "Request is missing Authentication Token");
    return m_store.read([&](store::Reader& r) -> Result<Caller> {
        auto key = iam::get_doc(r, "", iam::k_access_key, credentials.access_key_id);
        if (!key) return Unexpected(key.error());
        if (!*key || iam::member(**key, "Status") != "Active") return invalid_token();
        return key_holder(r, credentials.access_key_id, **key);
    });
}

Result<Cloud::Signer> Cloud::signer(const Credentials& credentials) {
    if (!credentials.session_token.empty()) {
        auto secret = secret_for(credentials);
        if (!secret) return Unexpected(secret.error());
        return Signer{std::move(*secret), resolve(credentials)};
    }
    return m_store.read([&](store::Reader& r) -> Result<Signer> {
        auto key = iam::get_doc(r, "", iam::k_access_key, credentials.access_key_id);
        if (!key) return Unexpected(key.error());
        if (!*key || iam::member(**key, "Status") != "Active") return invalid_token();
        return Signer{iam::member(**key, "SecretAccessKey"), key_holder(r, credentials.access_key_id, **key)};
    });
}

Result<std::string> Cloud::secret_for(const Credentials& credentials) {
    if (!credentials.session_token.empty()) {
        auto caller = open_session(m_server_key, credentials.session_token, credentials.access_key_id);
        if (!caller) return Unexpected(caller.error());
        return derive_session_secret(m_server_key, credentials.access_key_id);
    }
    return m_store.read([&](store::Reader& r) -> Result<std::string> {
        auto key = iam::get_doc(r, "", iam::k_access_key, credentials.access_key_id);
        if (!key) return Unexpected(key.error());
        if (!*key || iam::member(**key, "Status") != "Active") return invalid_token();
        return iam::member(**key, "SecretAccessKey");
    });
}

Result<Node> Cloud::call(const Credentials& credentials, std::string_view service, std::string_view action,
                         const Node& input, const RequestInfo& info) {
    // The web identity token or SAML assertion is the credential of these two calls.
    if (credentials.access_key_id.empty() && credentials.session_token.empty() && service == "sts" &&
        (action == "AssumeRoleWithWebIdentity" || action == "AssumeRoleWithSAML")) {
        const Operation* op = find_operation(service, action);
        if (!op)
            return fail("InvalidAction",
                        "The action or operation requested is invalid. Verify that the action is typed correctly.");
        Caller anonymous;
        anonymous.kind = CredentialKind::anonymous;
        anonymous.arn = "*";
        static const Node k_none = Node::make_object();
        CallContext ctx(*this, anonymous, input.is_object() ? input : k_none, info);
        return op->handler(ctx);
    }
    return call_as(resolve(credentials), service, action, input, info);
}

Result<Node> Cloud::call_as(const Result<Caller>& caller, std::string_view service, std::string_view action,
                            const Node& input, const RequestInfo& info) {
    if (!caller) return Unexpected(caller.error());
    const Operation* op = find_operation(service, action);
    if (!op)
        return fail("InvalidAction", "The action or operation requested is invalid. Verify that the action is typed correctly.");
    if (auto allowed = session_token_restrictions(*caller, service, action); !allowed) return Unexpected(allowed.error());
    static const Node k_empty = Node::make_object();
    // A long-term key's last use is recorded whether or not the action is then allowed:
    // the key authenticated the request.
    if (!caller->temporary()) {
        if (auto recorded = m_key_usage.record(m_store, caller->access_key_id, service,
                                               usage_region(service, info.region), m_clock.now());
            !recorded)
            return Unexpected(recorded.error());
    }
    CallContext ctx(*this, *caller, input.is_object() ? input : k_empty, info);
    return op->handler(ctx);
}

}  // namespace jg::cloud
