// The apply lock of a remote target: an object in the deployment's template bucket
// (aws-iam-templates-ADMIN/jumpgate/apply.lock) written with S3's conditional PutObject
// (`If-None-Match: *`, AWS since 2024), so of two applies exactly one creates it; the other
// gets 412 PreconditionFailed and reads whose it is. The object holds the holder's record
// (apply_lock.hpp's LockHolder) as JSON; the holder deletes it at the end. Unlike a local
// flock, nothing releases it when its process dies: `jumpgate force-unlock ID` deletes it.
// Everything goes through Connection::call, so it works on any target.
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include "jump/api/connection.hpp"

namespace jg::jump {

struct LockHolder;

inline constexpr const char* k_lock_object_key = "jumpgate/apply.lock";

// The bucket and key of the lock of the deployment administered from `admin_account`.
std::string lock_object_bucket(const std::string& admin_account);

// Writes `holder` as the lock, waiting up to `timeout` while another holds it (one line on
// `progress` names whom it waits for). The bucket is created when it does not exist yet
// (the first apply creates it anyway). Error "Locked" names the holder and the ways out.
[[nodiscard]] Result<void> take_object_lock(const Connection& target, const std::string& admin_account,
                                            const LockHolder& holder, std::chrono::seconds timeout,
                                            std::ostream& progress);

// The lock's holder, or nullopt when there is no lock object.
[[nodiscard]] Result<std::optional<LockHolder>> read_object_lock(const Connection& target,
                                                                 const std::string& admin_account);

// Deletes the lock object when its id is `id`. Errors: NoLock, LockIdMismatch (naming the
// holder it found).
[[nodiscard]] Result<LockHolder> delete_object_lock(const Connection& target, const std::string& admin_account,
                                                    const std::string& id);

}  // namespace jg::jump
