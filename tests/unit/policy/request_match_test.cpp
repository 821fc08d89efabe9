// set_resource (one request re-pointed at many resources) and match (the matching
// statements without explanation sentences) agree with making and explaining afresh.
#include <gtest/gtest.h>

#include "policy/evaluator.hpp"
#include "policy/parser.hpp"
#include "policy/request.hpp"

namespace jg::policy {
namespace {

Policy parse(const char* text, PolicyKind kind) {
    auto p = parse_policy_text(text, kind);
    EXPECT_TRUE(p) << (p ? "" : p.error().message);
    return p ? *p : Policy{};
}

RequestContext request(const std::string& resource, const std::string& account = "") {
    auto r = make_request({"arn:aws:iam::111111111111:user/alice", "sts:AssumeRole", resource, account,
                           {{"aws:MultiFactorAuthPresent", {"true"}}}});
    EXPECT_TRUE(r);
    return *r;
}

TEST(SetResource, SameAsAFreshRequest) {
    RequestContext reused = request("arn:aws:iam::222222222222:role/role-admin");
    for (const std::string& resource : {std::string("arn:aws:iam::333333333333:role/role-developer"), std::string("*"),
                                        std::string(""), std::string("not-an-arn"),
                                        std::string("arn:aws:s3:::bucket/key:with:colons")}) {
        for (const std::string& account : {std::string(""), std::string("444444444444")}) {
            set_resource(reused, resource, account);
            RequestContext fresh = request(resource, account);
            EXPECT_EQ(reused.resource, fresh.resource) << resource;
            EXPECT_EQ(reused.resource_account, fresh.resource_account) << resource << " " << account;
            EXPECT_EQ(reused.resource_is_arn, fresh.resource_is_arn) << resource;
            EXPECT_EQ(reused.resource_colons, fresh.resource_colons) << resource;
            EXPECT_EQ(reused.resource_parts(), fresh.resource_parts()) << resource;
        }
    }
}

TEST(Match, ListsWhatTheExplanationSays) {
    PolicySet set;
    set.identity.add({"assume-admin", parse(R"({"Version":"2012-10-17","Statement":[
        {"Sid":"Assume","Effect":"Allow","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/role-*",
         "Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}},
        {"Effect":"Allow","Action":"s3:*","Resource":"*"}]})", PolicyKind::identity)});
    set.identity.add({"deny-developer", parse(R"({"Version":"2012-10-17","Statement":[
        {"Effect":"Deny","Action":"sts:AssumeRole","Resource":"arn:aws:iam::*:role/role-developer"}]})",
                                              PolicyKind::identity)});
    set.resource.add({"trust policy", parse(R"({"Version":"2012-10-17","Statement":[
        {"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]})",
                                            PolicyKind::resource)});
    for (const char* role : {"arn:aws:iam::111111111111:role/role-admin", "arn:aws:iam::111111111111:role/role-developer",
                             "arn:aws:iam::111111111111:role/other"}) {
        RequestContext r = request(role);
        Matches m = match(set.view(), r);
        Evaluation e = evaluate(set, r);
        EXPECT_EQ(m.decision, e.decision) << role;
        EXPECT_EQ(m.decision, decide(set, r)) << role;
        // One "... allows"/"... denies" line per match, naming its policy.
        std::vector<std::string> lines;
        for (const auto& line : e.explanation)
            if (line.ends_with(" allows") || line.ends_with(" denies") || line.find(" allows (") != std::string::npos)
                lines.push_back(line);
        ASSERT_EQ(m.statements.size(), lines.size()) << role;
        for (size_t i = 0; i < lines.size(); ++i) {
            EXPECT_NE(lines[i].find("\"" + m.statements[i].policy->name + "\""), std::string::npos) << lines[i];
            EXPECT_EQ(lines[i].find(" denies") != std::string::npos, m.statements[i].statement->effect == Effect::deny);
        }
    }
    // role-developer: the identity Allow and Deny both match, and the trust's Allow.
    Matches dev = match(set.view(), request("arn:aws:iam::111111111111:role/role-developer"));
    EXPECT_EQ(dev.decision, Decision::explicitly_denied);
    ASSERT_EQ(dev.statements.size(), 3u);
    EXPECT_EQ(dev.statements[0].slot, Slot::identity);
    EXPECT_EQ(dev.statements[0].statement->effect, Effect::deny);
    EXPECT_EQ(dev.statements[1].policy->name, "assume-admin");
    EXPECT_EQ(dev.statements[2].slot, Slot::resource);
}

}  // namespace
}  // namespace jg::policy
