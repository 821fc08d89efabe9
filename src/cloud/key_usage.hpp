// Access key last use (GetAccessKeyLastUsed): every request signed with a long-term key
// (a user's or root's) records when, for which service and in which region the key was
// used. Writing on every request would make reads cost a transaction each, so the record
// is refreshed at most once a minute per key unless the service or region changes — AWS
// itself reports last use at a coarse granularity.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "cloud/store/store.hpp"
#include "core/clock.hpp"
#include "core/error.hpp"

namespace jg::cloud {

class KeyUsage {
public:
    // Records a use of `access_key_id` (long-term keys only) now, when due.
    Result<void> record(store::Store& store, std::string_view access_key_id, std::string_view service,
                        std::string_view region, Time now);

private:
    struct Last {
        Time at;
        std::string service;
        std::string region;
    };
    std::mutex m_mutex;
    std::unordered_map<std::string, Last> m_last;
};

// The region AWS reports for a key used with `service`: the global services (IAM) are
// used in us-east-1 whatever the request said.
std::string usage_region(std::string_view service, std::string_view requested_region);

}  // namespace jg::cloud
