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
