// The credential report through the dispatch table: AWS's CSV (columns, the root row,
// N/A / no_information / not_supported), Generate's STARTED then COMPLETE, and the
// ReportNotPresent / ReportExpired errors.
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

class IamCredentialReport : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
    }
    Credentials root;
};

constexpr const char* k_header =
    "user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,"
    "password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,"
    "access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,"
    "access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,"
    "access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,"
    "cert_2_active,cert_2_last_rotated";

TEST_F(IamCredentialReport, NotPresentBeforeGenerateThenStartedThenComplete) {
    Error none = error_of(root, "iam", "GetCredentialReport");
    EXPECT_EQ(none.code, "ReportNotPresent");
    Node first = ok(root, "iam", "GenerateCredentialReport");
    EXPECT_EQ(text(first, "State"), "STARTED");
    EXPECT_EQ(text(first, "Description"), "No report exists. Starting a new report generation task");
    Node again = ok(root, "iam", "GenerateCredentialReport");
    EXPECT_EQ(text(again, "State"), "COMPLETE");
    EXPECT_EQ(again.find("Description"), nullptr);
    Node report = ok(root, "iam", "GetCredentialReport");
    EXPECT_EQ(text(report, "ReportFormat"), "text/csv");
    EXPECT_EQ(text(report, "GeneratedTime"), "2026-11-18T11:06:40Z");
}

TEST_F(IamCredentialReport, ExpiresAfterFourHoursAndIsMadeAnew) {
    ok(root, "iam", "GenerateCredentialReport");
    clock.advance(std::chrono::hours(4) - std::chrono::seconds(1));
    EXPECT_EQ(text(ok(root, "iam", "GenerateCredentialReport"), "State"), "COMPLETE");
    ok(root, "iam", "GetCredentialReport");
    clock.advance(std::chrono::seconds(1));
    Error expired = error_of(root, "iam", "GetCredentialReport");
    EXPECT_EQ(expired.code, "ReportExpired");
    EXPECT_EQ(text(ok(root, "iam", "GenerateCredentialReport"), "State"), "STARTED");
    EXPECT_EQ(text(ok(root, "iam", "GetCredentialReport"), "GeneratedTime"), "2026-11-18T15:06:40Z");
}

TEST_F(IamCredentialReport, RowsAsAwsWritesThem) {
    ok(root, "iam", "UpdateAccountPasswordPolicy", R"({"MaxPasswordAge":90})");
    ok(root, "iam", "CreateUser", R"({"UserName":"alice"})");
    ok(root, "iam", "CreateUser", R"({"UserName":"bob"})");
    ok(root, "iam", "CreateLoginProfile", R"({"UserName":"alice","Password":"Correct-Horse-9-Battery"})");
    Credentials first = Credentials{text(ok(root, "iam", "CreateAccessKey", R"({"UserName":"alice"})"), "AccessKey", "AccessKeyId"), {}};
    clock.advance(std::chrono::minutes(1));
    std::string second = text(ok(root, "iam", "CreateAccessKey", R"({"UserName":"alice"})"), "AccessKey", "AccessKeyId");
    ok(root, "iam", "UpdateAccessKey", R"({"UserName":"alice","AccessKeyId":")" + second + R"(","Status":"Inactive"})");
    std::string secret;
    enable_mfa("111111111111", "alice", secret);
    clock.advance(std::chrono::minutes(1));
    ok(first, "sts", "GetCallerIdentity");  // key 1 used
    ok(root, "iam", "GenerateCredentialReport");
    // Made at generation: a later change is not in it.
    ok(root, "iam", "CreateUser", R"({"UserName":"carol"})");
    Node report = ok(root, "iam", "GetCredentialReport");
    const std::string content = text(report, "Content");
    EXPECT_EQ(content,
              std::string(k_header) +
                  "\n<root_account>,arn:aws:iam::111111111111:root,2026-11-18T11:06:40+00:00,not_supported,"
                  "no_information,not_supported,not_supported,false,true,2026-11-18T11:06:40+00:00,"
                  "2026-11-18T11:08:40+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A"
                  "\nalice,arn:aws:iam::111111111111:user/alice,2026-11-18T11:06:40+00:00,true,no_information,"
                  "2026-11-18T11:06:40+00:00,2027-02-16T11:06:40+00:00,true,true,2026-11-18T11:06:40+00:00,"
                  "2026-11-18T11:08:40+00:00,us-east-1,sts,false,2026-11-18T11:07:40+00:00,N/A,N/A,N/A,false,N/A,"
                  "false,N/A"
                  "\nbob,arn:aws:iam::111111111111:user/bob,2026-11-18T11:06:40+00:00,false,N/A,N/A,N/A,false,"
                  "false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A");
}

}  // namespace
}  // namespace jg::cloud::testing
