#include "cloud/cloudformation/recovery.hpp"

#include <signal.h>
#include <unistd.h>

#include <cerrno>

#include "cloud/cloudformation/engine.hpp"
#include "cloud/cloudformation/stack.hpp"
#include "cloud/iam/keys.hpp"
#include "core/json.hpp"

namespace jg::cloud::cloudformation {

namespace {

bool process_alive(std::int64_t pid) {
    if (pid <= 0) return false;
    return kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM;
}

}  // namespace

Result<void> recover_interrupted(Cloud& cloud) {
    auto running = cloud.store().read([&](store::Reader& r) { return r.list("", k_running, store::ListQuery{}); });
    if (!running) return Unexpected(running.error());
    const std::int64_t self = getpid();
    for (const auto& entry : running->entries) {
        // ACCOUNT/REGION/UUID
        auto first = entry.name.find('/');
        auto second = entry.name.find('/', first + 1);
        if (first == std::string::npos || second == std::string::npos) continue;
        std::string account = entry.name.substr(0, first);
        std::string region = entry.name.substr(first + 1, second - first - 1);
        auto index = parse_json(entry.body);
        if (!index) return Unexpected(index.error());
        std::string id = iam::member(*index, "StackId");

        // Take it over in one transaction, so that two processes opening the home at
        // once do not both run it.
        bool taken = false;
        auto claimed = cloud.store().write([&](store::Tx& tx) -> Result<void> {
            auto s = find_stack(tx, account, region, id);
            if (!s) return Unexpected(s.error());
            if (!*s || !(*s)->operation) return {};
            Operation& op = *(*s)->operation;
            if (op.pid == self || process_alive(op.pid)) return {};
            op.pid = self;
            if (op.kind == "CREATE" || op.kind == "UPDATE") {
                op.kind = op.kind == "CREATE" ? "ROLLBACK" : "UPDATE_ROLLBACK";
                (*s)->reason = "The process running the stack operation ended before it finished.";
            }
            taken = true;
            return save_stack(tx, **s);
        });
        if (!claimed) return Unexpected(claimed.error());
        if (taken) start_operation(cloud, account, region, id);
    }
    return {};
}

}  // namespace jg::cloud::cloudformation
