// A fresh local cloud for one test: a temporary home, a fake clock, seeded randomness,
// and helpers to call actions as a given principal.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "cloud/accounts.hpp"
#include "cloud/cloud.hpp"
#include "cloud/iam/keys.hpp"
#include "cloud/iam/mfa_device.hpp"
#include "core/encoding.hpp"
#include "core/ids.hpp"
#include "core/totp.hpp"
#include "core/json.hpp"

namespace jg::cloud::testing {

class CloudTest : public ::testing::Test {
protected:
    void SetUp() override {
        std::string pattern = (std::filesystem::temp_directory_path() / "jg_cloud_XXXXXX").string();
        ASSERT_NE(mkdtemp(pattern.data()), nullptr);
        m_root = pattern;
        auto store = store::Store::open(m_root + "/home", {.busy_timeout_ms = 10'000,
                                                           .durability = store::Durability::process_crash});
        ASSERT_TRUE(store) << store.error().str();
        m_store = std::move(*store);
        auto cloud = Cloud::open(*m_store, clock, random);
        ASSERT_TRUE(cloud) << cloud.error().str();
        m_cloud = std::move(*cloud);
    }
    void TearDown() override {
        m_cloud.reset();
        m_store.reset();
        std::error_code ec;
        std::filesystem::remove_all(m_root, ec);
    }

    Cloud& cloud() { return *m_cloud; }
    std::string home() const { return m_root + "/home"; }

    // Creates the account and returns its root credentials.
    Credentials account(const std::string& id, const std::string& alias = {}) {
        auto a = add_account(*m_cloud, id, alias);
        EXPECT_TRUE(a) << a.error().str();
        return a ? Credentials{a->root_access_key_id, {}} : Credentials{};
    }

    // A long-term access key for an existing user, written straight into the store with
    // the schema of iam/keys.hpp (what iamcred's CreateAccessKey writes).
    Credentials user_key(const std::string& account, const std::string& user) {
        std::string id = new_unique_id(random, IdKind::access_key);
        auto done = m_store->write([&](store::Tx& tx) -> Result<bool> {
            Node key = Node::make_object();
            key.add("AccessKeyId", Node::make_string(id));
            key.add("SecretAccessKey", Node::make_string(new_secret_access_key(random)));
            key.add("Account", Node::make_string(account));
            key.add("UserName", Node::make_string(user));
            key.add("Status", Node::make_string("Active"));
            key.add("CreateDate", Node::make_string(format_iso8601(clock.now())));
            if (auto ok = iam::put_doc(tx, "", iam::k_access_key, id, key); !ok) return Unexpected(ok.error());
            Node rel = Node::make_object();
            rel.add("AccessKeyId", Node::make_string(id));
            if (auto ok = iam::put_doc(tx, account, iam::k_user_access_key, iam::child_key(user, id), rel); !ok)
                return Unexpected(ok.error());
            return true;
        });
        EXPECT_TRUE(done) << done.error().str();
        return Credentials{id, {}};
    }

    // An MFA device enabled for `user`, written with the schema of iam/mfa_device.hpp
    // (what iamcred's CreateVirtualMFADevice + EnableMFADevice leave behind). Returns
    // the device's serial number; `secret` receives the raw TOTP key.
    std::string enable_mfa(const std::string& account, const std::string& user, std::string& secret) {
        secret = new_totp_secret(random);
        iam::MfaDevice d;
        d.serial_number = "arn:aws:iam::" + account + ":mfa/" + user;
        d.seed = base32_encode(secret);
        d.create_date = clock.now();
        d.user_name = user;
        d.enable_date = clock.now();
        auto done = m_store->write([&](store::Tx& tx) -> Result<bool> {
            if (auto ok = iam::save_mfa_device(tx, account, d); !ok) return Unexpected(ok.error());
            return true;
        });
        EXPECT_TRUE(done) << done.error().str();
        return d.serial_number;
    }

    // Temporary credentials from a GetSessionToken/AssumeRole output.
    static Credentials session_of(const Node& out) {
        const Node* c = out.find("Credentials");
        if (!c) return {};
        return Credentials{text(*c, "AccessKeyId"), text(*c, "SessionToken")};
    }

    // Input from JSON text.
    static Node in(std::string_view json) {
        auto n = parse_json(json);
        EXPECT_TRUE(n) << n.error().str();
        return n ? *n : Node::make_object();
    }

    Result<Node> call(const Credentials& who, std::string_view service, std::string_view action,
                      std::string_view input_json = "{}") {
        return m_cloud->call(who, service, action, in(input_json));
    }
    Node ok(const Credentials& who, std::string_view service, std::string_view action,
            std::string_view input_json = "{}") {
        auto r = call(who, service, action, input_json);
        EXPECT_TRUE(r) << service << ":" << action << " " << input_json << " -> " << r.error().code << ": "
                       << r.error().message;
        return r ? *r : Node::make_object();
    }
    // The error code of a call that must fail.
    std::string error(const Credentials& who, std::string_view service, std::string_view action,
                      std::string_view input_json = "{}") {
        auto r = call(who, service, action, input_json);
        EXPECT_FALSE(r) << service << ":" << action << " unexpectedly succeeded: " << to_json(*r);
        return r ? std::string{} : r.error().code;
    }
    Error error_of(const Credentials& who, std::string_view service, std::string_view action,
                   std::string_view input_json = "{}") {
        auto r = call(who, service, action, input_json);
        EXPECT_FALSE(r) << service << ":" << action << " unexpectedly succeeded";
        return r ? Error{} : r.error();
    }

    static std::string text(const Node& n, std::string_view path_a, std::string_view path_b = {}) {
        const Node* v = n.find(path_a);
        if (v && !path_b.empty()) v = v->find(path_b);
        return v ? v->text : std::string{};
    }

    FakeClock clock{from_epoch_seconds(1'795'000'000)};
    SeededRandom random{42};

private:
    std::string m_root;
    std::unique_ptr<store::Store> m_store;
    std::unique_ptr<Cloud> m_cloud;
};

}  // namespace jg::cloud::testing
