#include "jump/apply/object_lock.hpp"

#include <fmt/format.h>

#include <thread>

#include "core/json.hpp"
#include "jump/apply/apply_lock.hpp"

namespace jg::jump {

namespace {

std::string holder_text(const LockHolder& h) {
    Node n = Node::make_object();
    n.add("ID", Node::make_string(h.id));
    n.add("Who", Node::make_string(h.who));
    n.add("Since", Node::make_string(h.since));
    return to_json(n) + "\n";
}

std::optional<LockHolder> parse_holder(const std::string& text) {
    auto n = parse_json(text, k_lock_object_key);
    if (!n || !n->is_object()) return std::nullopt;
    LockHolder h{member_text(*n, "ID"), member_text(*n, "Who"), member_text(*n, "Since")};
    if (h.id.empty()) return std::nullopt;
    return h;
}

bool missing_bucket(const Error& e) { return e.code == "NoSuchBucket"; }

Result<void> create_bucket(const Connection& target, const std::string& admin) {
    Node in = input_of({{"Bucket", lock_object_bucket(admin)}});
    // us-east-1 takes no location constraint (AWS refuses one naming it).
    if (target.region() != "us-east-1") in.add("CreateBucketConfiguration", input_of({{"LocationConstraint", target.region()}}));
    auto out = target.call(admin, "s3", "CreateBucket", in);
    if (!out && out.error().code != "BucketAlreadyOwnedByYou") return Unexpected(out.error());
    return {};
}

std::string describe(const std::optional<LockHolder>& h) {
    if (!h) return "another apply (its lock object was just released, or cannot be read)";
    return fmt::format("lock {} held by {} since {}", h->id, h->who, h->since);
}

}  // namespace

std::string lock_object_bucket(const std::string& admin_account) { return "aws-iam-templates-" + admin_account; }

Result<void> take_object_lock(const Connection& target, const std::string& admin, const LockHolder& holder,
                              std::chrono::seconds timeout, std::ostream& progress) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    bool said = false, created = false;
    for (;;) {
        auto put = target.call(admin, "s3", "PutObject",
                               input_of({{"Bucket", lock_object_bucket(admin)},
                                         {"Key", k_lock_object_key},
                                         {"Body", holder_text(holder)},
                                         {"ContentType", "application/json"},
                                         {"IfNoneMatch", "*"}}));
        if (put) return {};
        const Error& e = put.error();
        if (missing_bucket(e) && !created) {
            if (auto ok = create_bucket(target, admin); !ok) return ok;
            created = true;
            continue;
        }
        // 412: someone holds it; 409 ConditionalRequestConflict: a write of it is under way.
        if (e.code != "PreconditionFailed" && e.code != "ConditionalRequestConflict") return Unexpected(e);
        auto current = read_object_lock(target, admin);
        if (!current) return Unexpected(current.error());
        if (!*current) continue;  // released meanwhile: try again at once
        if (std::chrono::steady_clock::now() >= deadline)
            return fail("Locked",
                        fmt::format("another apply is running on {} (s3://{}/{}): {}; wait for it (--lock-timeout "
                                    "SECONDS) or, if it is gone, run `jumpgate force-unlock {}`",
                                    target.describe(), lock_object_bucket(admin), k_lock_object_key,
                                    describe(*current), (*current)->id));
        if (!said) {
            progress << fmt::format("waiting for the apply lock ({})\n", describe(*current));
            said = true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(std::max(200, target.poll_ms())));
    }
}

Result<std::optional<LockHolder>> read_object_lock(const Connection& target, const std::string& admin) {
    auto got = target.call(admin, "s3", "GetObject",
                           input_of({{"Bucket", lock_object_bucket(admin)}, {"Key", k_lock_object_key}}));
    if (!got) {
        if (got.error().code == "NoSuchKey" || missing_bucket(got.error())) return std::optional<LockHolder>{};
        return Unexpected(got.error());
    }
    auto holder = parse_holder(member_text(*got, "Body"));
    if (!holder)
        return fail("InvalidLock", fmt::format("s3://{}/{} holds no apply lock jumpgate wrote (delete it by hand if "
                                               "it is stale)",
                                               lock_object_bucket(admin), k_lock_object_key));
    return holder;
}

Result<LockHolder> delete_object_lock(const Connection& target, const std::string& admin, const std::string& id) {
    auto held = read_object_lock(target, admin);
    if (!held) return Unexpected(held.error());
    if (!*held)
        return fail("NoLock", fmt::format("no apply holds the lock of {} (no s3://{}/{})", target.describe(),
                                          lock_object_bucket(admin), k_lock_object_key));
    if ((*held)->id != id)
        return fail("LockIdMismatch",
                    fmt::format("the lock of {} is {}, not {}", target.describe(), describe(*held), id));
    auto gone = target.call(admin, "s3", "DeleteObject",
                            input_of({{"Bucket", lock_object_bucket(admin)}, {"Key", k_lock_object_key}}));
    if (!gone) return Unexpected(gone.error());
    return **held;
}

}  // namespace jg::jump
