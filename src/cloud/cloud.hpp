// The local multi-account AWS as one service object. Everything it needs from the world
// comes in: the store (persistence), a Clock (session expiry, MFA age, TOTP windows) and
// a Random (ids, keys, token nonces) — tests inject fakes.
//
// Cloud::call is the single entry point of every AWS action: it resolves the caller from
// the credentials, applies the restrictions of the credential type, finds the handler in
// the dispatch table (operations.cpp) and runs it. The wire server translates HTTP to and
// from this call; an in-process client shares it.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cloud/background.hpp"
#include "cloud/caller.hpp"
#include "cloud/key_usage.hpp"
#include "cloud/store/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"
#include "core/node.hpp"
#include "core/random.hpp"
#include "policy/compiled.hpp"

namespace jg::cloud {

struct CloudOptions {
    // The key that seals session tokens; when absent it is read from the store, or
    // generated and stored once per home (so that every process on the home shares it).
    std::optional<std::string> server_key;
};

// Compiled policies of principals, reused until an IAM write changes the account's
// policy generation (iam::policies_changed).
class PolicyCache {
public:
    std::shared_ptr<const policy::PolicySet> find(const std::string& key, std::int64_t generation);
    void store(const std::string& key, std::int64_t generation, std::shared_ptr<const policy::PolicySet> set);

private:
    struct Entry {
        std::int64_t generation;
        std::shared_ptr<const policy::PolicySet> set;
    };
    std::mutex m_mutex;
    std::unordered_map<std::string, Entry> m_entries;
};

class Cloud {
public:
    // Also takes over the stack operations a process that died left in progress
    // (cloudformation/recovery.hpp).
    static Result<std::unique_ptr<Cloud>> open(store::Store& store, Clock& clock, Random& random,
                                               CloudOptions options = {});
    // Finishes the background work (stack operations) before the cloud goes away.
    ~Cloud();

    // Runs AWS action `action` of `service` ("iam", "sts", "s3") for the holder of
    // `credentials`. Input and output are JSON trees shaped and named like botocore's
    // input and output shapes; an error's code is AWS's error code (NoSuchEntity,
    // AccessDenied, InvalidClientTokenId, ...), its message AWS's wording.
    Result<Node> call(const Credentials& credentials, std::string_view service, std::string_view action,
                      const Node& input, const RequestInfo& info = {});

    // The caller behind a set of credentials. Errors: InvalidClientTokenId (unknown or
    // inactive key, forged token), ExpiredToken.
    Result<Caller> resolve(const Credentials& credentials);

    // The secret access key that signs for `access_key_id` (long-term keys from the
    // store, temporary ones derived from the server key), for SigV4 verification.
    // Errors: InvalidClientTokenId (unknown or inactive key).
    Result<std::string> secret_for(const Credentials& credentials);

    // secret_for() and resolve() at once, from one read of the key: what an endpoint
    // needs to verify a request and then call for it. The caller's own error (a deleted
    // user, an expired token) is kept for call_as(), after the signature was checked.
    struct Signer {
        std::string secret;
        Result<Caller> caller;
    };
    Result<Signer> signer(const Credentials& credentials);
    // call() for a caller resolved by signer() (its error, if any, is returned as call()
    // would return it).
    Result<Node> call_as(const Result<Caller>& caller, std::string_view service, std::string_view action,
                         const Node& input, const RequestInfo& info = {});

    store::Store& store() { return m_store; }
    Clock& clock() { return m_clock; }
    Random& random() { return m_random; }
    const std::string& server_key() const { return m_server_key; }
    PolicyCache& policy_cache() { return m_cache; }
    // Work that continues after a call returned (stack and StackSet operations).
    Background& background() { return *m_background; }
    // Blocks until all background work queued so far has finished (tests, CLI exit).
    void settle() { m_background->drain(); }

private:
    Cloud(store::Store& store, Clock& clock, Random& random, std::string server_key)
        : m_store(store), m_clock(clock), m_random(random), m_server_key(std::move(server_key)),
          m_background(std::make_unique<Background>()) {}

    store::Store& m_store;
    Clock& m_clock;
    Random& m_random;
    std::string m_server_key;
    PolicyCache m_cache;
    KeyUsage m_key_usage;
    std::unique_ptr<Background> m_background;  // last: its threads use everything above
};

}  // namespace jg::cloud
