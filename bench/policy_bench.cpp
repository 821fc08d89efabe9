// bench_policy CASES.json [--seconds S]
// Reads simulation cases (the `jumpgate policy simulate` format, an array), compiles every
// distinct policy set once, then evaluates the cases round-robin on one thread for S
// seconds (default 3). Prints "evals/s: N" and "allowed: K of M" (one pass over the M
// cases, a checksum that the fast path decides as `policy simulate` does).
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "core/json.hpp"
#include "core/strings.hpp"
#include "policy/evaluator.hpp"
#include "policy/managed_policies.hpp"
#include "policy/simulation.hpp"


int main(int argc, char** argv) {
    std::string file;
    double seconds = 3.0;
    for (int i = 1; i < argc; ++i) {
        std::string a = argv[i];
        if (a == "--seconds" && i + 1 < argc) {
            seconds = std::atof(argv[++i]);
        } else if (file.empty() && !a.empty() && a[0] != '-') {
            file = a;
        } else {
            std::cerr << "usage: bench_policy CASES.json [--seconds S]\n";
            return 2;
        }
    }
    if (file.empty() || seconds <= 0) {
        std::cerr << "usage: bench_policy CASES.json [--seconds S]\n";
        return 2;
    }
    std::string text;
    if (!jg::read_file(file, text)) {
        std::cerr << "bench_policy: cannot read " << file << "\n";
        return 2;
    }
    auto root = jg::parse_json(text, file);
    if (!root) {
        std::cerr << "bench_policy: " << root.error().str() << "\n";
        return 2;
    }
    jg::policy::ManagedPolicyLookup managed = [](std::string_view arn) {
        return jg::policy::aws_managed_policy_document(arn);
    };
    auto cases = jg::policy::load_simulation(*root, managed);
    if (!cases) {
        std::cerr << "bench_policy: " << cases.error().str() << "\n";
        return 2;
    }
    const auto& all = *cases;

    size_t allowed = 0;
    for (const auto& c : all)
        if (jg::policy::decide(*c.policies, c.request) == jg::policy::Decision::allowed) ++allowed;

    using clock = std::chrono::steady_clock;
    // Warm-up: one second's worth at most, so that caches and branch predictors settle.
    auto warm_end = clock::now() + std::chrono::milliseconds(200);
    size_t i = 0, sink = 0;
    while (clock::now() < warm_end)
        for (int k = 0; k < 256; ++k, i = (i + 1) % all.size())
            sink += static_cast<size_t>(jg::policy::decide(*all[i].policies, all[i].request));

    uint64_t evals = 0;
    auto start = clock::now();
    auto end = start + std::chrono::duration_cast<clock::duration>(std::chrono::duration<double>(seconds));
    auto now = start;
    while (now < end) {
        for (int k = 0; k < 1024; ++k, i = (i + 1) % all.size())
            sink += static_cast<size_t>(jg::policy::decide(*all[i].policies, all[i].request));
        evals += 1024;
        now = clock::now();
    }
    double elapsed = std::chrono::duration<double>(now - start).count();
    std::cout << "evals/s: " << static_cast<uint64_t>(static_cast<double>(evals) / elapsed) << "\n";
    std::cout << "allowed: " << allowed << " of " << all.size() << "\n";
    return sink == 0xFFFFFFFFFFFFFFFFull ? 1 : 0;  // keeps the loop observable
}
