// Keeps two applies of one deployment apart. For the local cloud, a file lock (flock) on
// HOME/apply.lock, which the kernel drops when its process dies; the file also says who
// holds it and since when. For a remote target, an object in the template bucket written
// with S3's conditional `If-None-Match: *` (object_lock.hpp), deleted at the end. The
// holder's record: an id (for `jumpgate force-unlock ID`), user@host and pid, the time it
// was taken.
#pragma once

#include <chrono>
#include <memory>
#include <ostream>
#include <string>

#include "jump/api/connection.hpp"

namespace jg::jump {

struct LockHolder {
    std::string id;
    std::string who;    // user@host pid N
    std::string since;  // ISO 8601
};

class ApplyLock {
public:
    // Takes the lock of the connection's deployment, waiting up to `timeout` for another
    // apply to finish (a line on `progress` says whom it waits for). Error "Locked" names
    // the holder, how long it has held the lock, and the ways out.
    // `admin_account` names the deployment of a remote target (its template bucket).
    [[nodiscard]] static Result<std::unique_ptr<ApplyLock>> acquire(Connection& connection,
                                                                    const std::string& admin_account,
                                                                    std::chrono::seconds timeout,
                                                                    std::ostream& progress);
    ~ApplyLock();
    ApplyLock(const ApplyLock&) = delete;
    ApplyLock& operator=(const ApplyLock&) = delete;

    const LockHolder& holder() const { return m_holder; }

private:
    ApplyLock() = default;
    int m_fd = -1;
    const Connection* m_remote = nullptr;  // a remote target's lock object, deleted at the end
    std::string m_admin;
    LockHolder m_holder;
};

// The lock's current holder, if any (nullopt: nobody holds it).
[[nodiscard]] Result<std::optional<LockHolder>> current_lock(Connection& connection, const std::string& admin_account);

// Removes the lock whose id is `id` (after its apply died somewhere the kernel cannot
// release it: a remote target's lock object). Errors: NoLock (nobody holds it),
// LockIdMismatch (someone else holds it now: the message names them), Locked (a live local
// apply still holds its flock).
[[nodiscard]] Result<LockHolder> force_unlock(Connection& connection, const std::string& admin_account,
                                              const std::string& id);

}  // namespace jg::jump
