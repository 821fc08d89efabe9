// The "@calls" golden cases: a script of AWS API calls run through Cloud::call on a fresh
// local cloud (fake clock, seeded randomness), so a behaviour case needs no C++.
#include "api_calls.hpp"

#include <map>
#include <memory>
#include <sstream>
#include <vector>

#include "cloud/accounts.hpp"
#include "cloud/cloud.hpp"
#include "core/clock.hpp"
#include "core/encoding.hpp"
#include "core/json.hpp"
#include "core/random.hpp"
#include "core/strings.hpp"
#include "core/totp.hpp"

namespace jg::golden {
namespace {

using cloud::Credentials;

constexpr const char* k_first_account = "111111111111";
constexpr std::size_t k_longest_shown = 300;  // longer strings print as "<N bytes>"

std::vector<std::string> split_words(const std::string& line) {
    std::vector<std::string> out;
    std::istringstream in(line);
    for (std::string w; in >> w;) out.push_back(w);
    return out;
}

// Strings too long to read in a golden file (QR codes, templates) become their length.
Node shortened(const Node& n) {
    if (n.is_string() && n.text.size() > k_longest_shown)
        return Node::make_string("<" + std::to_string(n.text.size()) + " bytes>");
    if (n.is_object()) {
        Node out = Node::make_object();
        for (const auto& [k, v] : n.members) out.add(k, shortened(v));
        return out;
    }
    if (n.is_array()) {
        Node out = Node::make_array();
        for (const auto& v : n.items) out.push(shortened(v));
        return out;
    }
    return n;
}

class Script {
public:
    explicit Script(const std::filesystem::path& home) : m_clock(from_epoch_seconds(1'795'000'000)), m_random(42) {
        auto store = store::Store::open(home.string(), {.busy_timeout_ms = 10'000,
                                                               .durability = store::Durability::process_crash});
        if (!store) {
            m_fatal = "cannot open the store: " + store.error().str();
            return;
        }
        m_store = std::move(*store);
        auto c = cloud::Cloud::open(*m_store, m_clock, m_random);
        if (!c) {
            m_fatal = "cannot open the cloud: " + c.error().str();
            return;
        }
        m_cloud = std::move(*c);
        m_fatal = add_account(k_first_account, "");
        m_account = k_first_account;
    }

    std::string run(const std::string& text) {
        if (!m_fatal.empty()) return m_fatal + "\n";
        std::istringstream lines(text);
        std::string line;
        int n = 0;
        while (std::getline(lines, line)) {
            ++n;
            std::string t = trim(line);
            if (t.empty() || t[0] == '#') continue;
            if (std::string problem = step(t); !problem.empty()) {
                m_out << "script:" << n << ": " << problem << "\n";
                break;
            }
        }
        return m_out.str();
    }

private:
    // One line: a directive or "SERVICE ACTION [JSON]". Returns a problem with the line.
    std::string step(const std::string& line) {
        auto w = split_words(line);
        if (w[0] == "account") {
            if (w.size() < 2 || w.size() > 3) return "usage: account ID [ALIAS]";
            return add_account(w[1], w.size() == 3 ? w[2] : "");
        }
        if (w[0] == "as") return become(w);
        if (w[0] == "clock") {
            if (w.size() != 2 || w[1].size() < 2 || w[1][0] != '+') return "usage: clock +SECONDS";
            m_clock.advance(std::chrono::seconds(std::stoll(w[1].substr(1))));
            return {};
        }
        if (w.size() < 2) return "expected SERVICE ACTION [JSON], a directive (account, as, clock) or a comment";
        std::string json = line.substr(line.find(w[1]) + w[1].size());
        if (auto p = substitute_totp(json); !p.empty()) return p;
        for (size_t at; (at = json.find("{key}")) != std::string::npos;) {
            if (m_last_credentials.access_key_id.empty()) return "{key}: no call so far answered an access key";
            json.replace(at, 5, m_last_credentials.access_key_id);
        }
        Node input = Node::make_object();
        if (!trim(json).empty()) {
            auto parsed = parse_json(json, "input");
            if (!parsed) return "bad JSON input: " + parsed.error().str();
            input = std::move(*parsed);
        }
        auto r = m_cloud->call(m_caller, w[0], w[1], input);
        m_cloud->settle();  // stack operations finish before the next line: same ids every run
        m_out << w[0] << " " << w[1] << ": ";
        if (!r) {
            m_out << "error " << r.error().code << ": " << r.error().message << "\n";
            return {};
        }
        remember(*r);
        m_out << to_json(shortened(*r)) << "\n";
        return {};
    }

    std::string add_account(const std::string& id, const std::string& alias) {
        auto a = cloud::add_account(*m_cloud, id, alias);
        if (!a) return "account " + id + ": " + a.error().str();
        m_roots[id] = a->root_access_key_id;
        if (m_caller.access_key_id.empty()) m_caller = Credentials{a->root_access_key_id, {}};
        return {};
    }

    // as root [ACCOUNT] | as user NAME [ACCOUNT] | as result
    std::string become(const std::vector<std::string>& w) {
        if (w.size() >= 2 && w[1] == "root" && w.size() <= 3) {
            std::string account = w.size() == 3 ? w[2] : m_account;
            auto it = m_roots.find(account);
            if (it == m_roots.end()) return "no account " + account + " (add it with: account " + account + ")";
            m_account = account;
            m_caller = Credentials{it->second, {}};
            return {};
        }
        if (w.size() >= 3 && w[1] == "user" && w.size() <= 4) {
            std::string account = w.size() == 4 ? w[3] : m_account;
            auto it = m_roots.find(account);
            if (it == m_roots.end()) return "no account " + account + " (add it with: account " + account + ")";
            Node in = Node::make_object();
            in.add("UserName", Node::make_string(w[2]));
            auto key = m_cloud->call(Credentials{it->second, {}}, "iam", "CreateAccessKey", in);
            if (!key) return "cannot make an access key for " + w[2] + ": " + key.error().code + ": " + key.error().message;
            const Node* k = key->find("AccessKey");
            const Node* id = k ? k->find("AccessKeyId") : nullptr;
            if (!id) return "CreateAccessKey answered no AccessKeyId";
            m_account = account;
            m_caller = Credentials{id->text, {}};
            return {};
        }
        if (w.size() == 2 && w[1] == "result") {
            if (m_last_credentials.access_key_id.empty()) return "no call so far answered Credentials or an AccessKey";
            m_caller = m_last_credentials;
            return {};
        }
        return "usage: as root [ACCOUNT] | as user NAME [ACCOUNT] | as result";
    }

    // What later lines may use: credentials (temporary ones, or a new access key), the
    // seed of a new MFA device.
    void remember(const Node& out) {
        const Node* c = out.find("Credentials");
        if (!c) c = out.find("AccessKey");
        if (c)
            if (const Node* id = c->find("AccessKeyId"))
                m_last_credentials = Credentials{id->text, c->find("SessionToken") ? c->find("SessionToken")->text : ""};
        if (const Node* d = out.find("VirtualMFADevice"))
            if (const Node* seed = d->find("Base32StringSeed")) m_totp_seed = seed->text;
    }

    // {totp} / {totp+1} / {totp-1}: the code of the last created virtual MFA device at the
    // fake clock's time (or one 30-second window later / earlier).
    std::string substitute_totp(std::string& json) {
        for (size_t open; (open = json.find("{totp")) != std::string::npos;) {
            size_t close = json.find('}', open);
            if (close == std::string::npos) return "unclosed {totp";
            std::string offset = json.substr(open + 5, close - open - 5);
            int windows = offset.empty() ? 0 : offset == "+1" ? 1 : offset == "-1" ? -1 : 99;
            if (windows == 99) return "{totp" + offset + "}: only {totp}, {totp+1} and {totp-1}";
            if (m_totp_seed.empty()) return "{totp}: no CreateVirtualMFADevice answered a seed yet";
            auto key = base32_decode(m_totp_seed);
            if (!key) return "{totp}: the seed is not Base32: " + key.error().str();
            Time t = m_clock.now() + std::chrono::seconds(30 * windows);
            json.replace(open, close - open + 1, totp_code(*key, t));
        }
        return {};
    }

    FakeClock m_clock;
    SeededRandom m_random;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<cloud::Cloud> m_cloud;
    std::map<std::string, std::string> m_roots;  // account id → root access key id
    std::string m_account;
    Credentials m_caller;
    Credentials m_last_credentials;
    std::string m_totp_seed;
    std::string m_fatal;
    std::ostringstream m_out;
};

}  // namespace

std::string run_api_calls(const std::string& script, const std::filesystem::path& home) {
    Script s(home);
    return s.run(script);
}

}  // namespace jg::golden
