// Virtual MFA devices through the dispatch table, with a fake clock driving the TOTP codes.
#include "cloud/iam/mfa_device.hpp"
#include "core/encoding.hpp"
#include "core/totp.hpp"
#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

using std::chrono::seconds;

class IamMfaDevices : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
        ok(root, "iam", "CreateUser", R"({"UserName":"alice"})");
    }
    // Creates a device and returns {serial, raw TOTP key}.
    std::pair<std::string, std::string> device(const std::string& name, const std::string& extra = "") {
        Node out = ok(root, "iam", "CreateVirtualMFADevice", R"({"VirtualMFADeviceName":")" + name + "\"" + extra + "}");
        auto key = base32_decode(text(out, "VirtualMFADevice", "Base32StringSeed"));
        EXPECT_TRUE(key);
        return {text(out, "VirtualMFADevice", "SerialNumber"), key ? *key : std::string{}};
    }
    // The two codes an authenticator shows now: the previous step's and the current one's.
    std::string codes(const std::string& key, std::int64_t shift = 0) const {
        const std::int64_t s = totp_step(clock.now()) + shift;
        return R"("AuthenticationCode1":")" + hotp(key, static_cast<std::uint64_t>(s - 1)) +
               R"(","AuthenticationCode2":")" + hotp(key, static_cast<std::uint64_t>(s)) + "\"";
    }
    std::string enable_input(const std::string& user, const std::string& serial, const std::string& key) const {
        return R"({"UserName":")" + user + R"(","SerialNumber":")" + serial + "\"," + codes(key) + "}";
    }
    Credentials root;
};

TEST_F(IamMfaDevices, CreateReturnsSerialSeedAndAPng) {
    Node out = ok(root, "iam", "CreateVirtualMFADevice", R"({"VirtualMFADeviceName":"alice"})");
    const Node* d = out.find("VirtualMFADevice");
    ASSERT_NE(d, nullptr);
    EXPECT_EQ(text(*d, "SerialNumber"), "arn:aws:iam::111111111111:mfa/alice");
    const std::string seed = text(*d, "Base32StringSeed");
    EXPECT_EQ(seed.size(), 64u);
    ASSERT_TRUE(base32_decode(seed));
    const std::string png = text(*d, "QRCodePNG");
    ASSERT_GT(png.size(), 8u);
    EXPECT_EQ(png.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));

    // The path is part of the serial number (recorded from AWS).
    auto [serial, key] = device("phone", R"(,"Path":"/team/")");
    EXPECT_EQ(serial, "arn:aws:iam::111111111111:mfa/team/phone");
}

TEST_F(IamMfaDevices, CreateErrorsInAwsWording) {
    device("alice");
    Error dup = error_of(root, "iam", "CreateVirtualMFADevice", R"({"VirtualMFADeviceName":"alice"})");
    EXPECT_EQ(dup.code, "EntityAlreadyExists");
    EXPECT_EQ(dup.message, "MFADevice entity at the same path and name already exists.");
    for (const char* path : {"invalid-path/", "/invalid-path"}) {
        Error e = error_of(root, "iam", "CreateVirtualMFADevice",
                           std::string(R"({"VirtualMFADeviceName":"x","Path":")") + path + "\"}");
        EXPECT_EQ(e.code, "ValidationError");
        EXPECT_EQ(e.message, "The specified value for path is invalid. It must begin and end with / and contain only "
                             "alphanumeric characters and/or / characters.");
    }
    Error long_path = error_of(root, "iam", "CreateVirtualMFADevice",
                               R"({"VirtualMFADeviceName":"x","Path":"/)" + std::string(512, 'a') + "/\"}");
    EXPECT_EQ(long_path.message, "1 validation error detected: Value at 'path' failed to satisfy constraint: Member "
                                 "must have length less than or equal to 512");
    EXPECT_EQ(error(root, "iam", "CreateVirtualMFADevice", R"({"VirtualMFADeviceName":"bad name"})"), "ValidationError");
    EXPECT_EQ(error(root, "iam", "CreateVirtualMFADevice"), "ValidationError");
}

TEST_F(IamMfaDevices, EnableListDeactivateDelete) {
    auto [serial, key] = device("alice");
    EXPECT_TRUE(ok(root, "iam", "ListMFADevices", R"({"UserName":"alice"})").find("MFADevices")->items.empty());
    ok(root, "iam", "EnableMFADevice", enable_input("alice", serial, key));

    Node mine = ok(root, "iam", "ListMFADevices", R"({"UserName":"alice"})");
    ASSERT_EQ(mine.find("MFADevices")->items.size(), 1u);
    const Node& m = mine.find("MFADevices")->items[0];
    EXPECT_EQ(text(m, "UserName"), "alice");
    EXPECT_EQ(text(m, "SerialNumber"), serial);
    EXPECT_EQ(text(m, "EnableDate"), format_iso8601(clock.now()));

    Node assigned = ok(root, "iam", "ListVirtualMFADevices", R"({"AssignmentStatus":"Assigned"})");
    ASSERT_EQ(assigned.find("VirtualMFADevices")->items.size(), 1u);
    const Node& v = assigned.find("VirtualMFADevices")->items[0];
    EXPECT_EQ(text(v, "User", "UserName"), "alice");
    EXPECT_EQ(text(v, "User", "Arn"), "arn:aws:iam::111111111111:user/alice");
    EXPECT_EQ(v.find("Base32StringSeed"), nullptr);  // the seed is shown once, at creation
    EXPECT_TRUE(ok(root, "iam", "ListVirtualMFADevices", R"({"AssignmentStatus":"Unassigned"})")
                    .find("VirtualMFADevices")->items.empty());

    Error conflict = error_of(root, "iam", "DeleteVirtualMFADevice", R"({"SerialNumber":")" + serial + "\"}");
    EXPECT_EQ(conflict.code, "DeleteConflict");

    ok(root, "iam", "DeactivateMFADevice", R"({"UserName":"alice","SerialNumber":")" + serial + "\"}");
    EXPECT_TRUE(ok(root, "iam", "ListMFADevices", R"({"UserName":"alice"})").find("MFADevices")->items.empty());
    EXPECT_EQ(ok(root, "iam", "ListVirtualMFADevices", R"({"AssignmentStatus":"Unassigned"})")
                  .find("VirtualMFADevices")->items.size(), 1u);
    ok(root, "iam", "DeleteVirtualMFADevice", R"({"SerialNumber":")" + serial + "\"}");
    Error gone = error_of(root, "iam", "DeleteVirtualMFADevice", R"({"SerialNumber":")" + serial + "\"}");
    EXPECT_EQ(gone.code, "NoSuchEntity");
    EXPECT_EQ(gone.message, "VirtualMFADevice with serial number " + serial + " doesn't exist.");
}

TEST_F(IamMfaDevices, EnableRefusesWrongCodesAndChangesNothing) {
    auto [serial, key] = device("alice");
    const std::int64_t s = totp_step(clock.now());
    const std::string reversed = R"({"UserName":"alice","SerialNumber":")" + serial + R"(","AuthenticationCode1":")" +
                                 hotp(key, static_cast<std::uint64_t>(s)) + R"(","AuthenticationCode2":")" +
                                 hotp(key, static_cast<std::uint64_t>(s - 1)) + "\"}";
    Error e = error_of(root, "iam", "EnableMFADevice", reversed);
    EXPECT_EQ(e.code, "InvalidAuthenticationCode");
    EXPECT_EQ(e.message, "Authentication code for device is not valid.");
    EXPECT_TRUE(ok(root, "iam", "ListMFADevices", R"({"UserName":"alice"})").find("MFADevices")->items.empty());

    Error letters = error_of(root, "iam", "EnableMFADevice",
                             R"({"UserName":"alice","SerialNumber":")" + serial +
                                 R"(","AuthenticationCode1":"12345a","AuthenticationCode2":"123456"})");
    EXPECT_EQ(letters.code, "ValidationError");
    Error missing_user = error_of(root, "iam", "EnableMFADevice", enable_input("nobody", serial, key));
    EXPECT_EQ(missing_user.code, "NoSuchEntity");
    EXPECT_EQ(missing_user.message, "The user with name nobody cannot be found.");
    Error missing_device = error_of(root, "iam", "EnableMFADevice",
                                    enable_input("alice", "arn:aws:iam::111111111111:mfa/none", key));
    EXPECT_EQ(missing_device.message, "VirtualMFADevice with serial number arn:aws:iam::111111111111:mfa/none doesn't exist.");
}

TEST_F(IamMfaDevices, ADeviceServesOneUserAtATime) {
    ok(root, "iam", "CreateUser", R"({"UserName":"bob"})");
    auto [serial, key] = device("shared");
    ok(root, "iam", "EnableMFADevice", enable_input("alice", serial, key));
    clock.advance(seconds(60));
    Error e = error_of(root, "iam", "EnableMFADevice", enable_input("bob", serial, key));
    EXPECT_EQ(e.code, "EntityAlreadyExists");
    EXPECT_EQ(e.message, "MFA Device is already in use.");
    // Bob cannot deactivate or resync alice's device.
    EXPECT_EQ(error(root, "iam", "DeactivateMFADevice", R"({"UserName":"bob","SerialNumber":")" + serial + "\"}"),
              "NoSuchEntity");
}

TEST_F(IamMfaDevices, EightDevicesPerUser) {
    for (int i = 0; i < 8; ++i) {
        auto [serial, key] = device("d" + std::to_string(i));
        ok(root, "iam", "EnableMFADevice", enable_input("alice", serial, key));
    }
    auto [serial, key] = device("d8");
    Error e = error_of(root, "iam", "EnableMFADevice", enable_input("alice", serial, key));
    EXPECT_EQ(e.code, "LimitExceeded");
    EXPECT_EQ(ok(root, "iam", "ListMFADevices", R"({"UserName":"alice"})").find("MFADevices")->items.size(), 8u);
    Node page = ok(root, "iam", "ListMFADevices", R"({"UserName":"alice","MaxItems":3})");
    EXPECT_EQ(page.find("MFADevices")->items.size(), 3u);
    EXPECT_EQ(text(page, "IsTruncated"), "true");
    // Walking the pages visits every device once.
    std::size_t seen = 3;
    std::string marker = text(page, "Marker");
    while (!marker.empty()) {
        Node next = ok(root, "iam", "ListVirtualMFADevices",
                       R"({"AssignmentStatus":"Assigned","MaxItems":3,"Marker":")" + marker + "\"}");
        seen += next.find("VirtualMFADevices")->items.size();
        marker = text(next, "Marker");
    }
    EXPECT_EQ(seen, 8u);
    Error bad = error_of(root, "iam", "ListVirtualMFADevices", R"({"Marker":"invalid-marker-value"})");
    EXPECT_EQ(bad.code, "ValidationError");
    EXPECT_EQ(bad.message, "Invalid Marker.");  // recorded from AWS
}

TEST_F(IamMfaDevices, ResyncAcceptsADriftedClockAndRefusesReplays) {
    auto [serial, key] = device("alice");
    ok(root, "iam", "EnableMFADevice", enable_input("alice", serial, key));
    const std::string base = R"({"UserName":"alice","SerialNumber":")" + serial + "\",";
    // Replaying the enable codes: refused.
    EXPECT_EQ(error(root, "iam", "ResyncMFADevice", base + codes(key) + "}"), "InvalidAuthenticationCode");
    // A device whose clock runs 7 minutes ahead: resynced.
    ok(root, "iam", "ResyncMFADevice", base + codes(key, 14) + "}");
    auto stored = cloud().store().read(
        [&](store::Reader& r) { return iam::load_mfa_device(r, "111111111111", serial); });
    ASSERT_TRUE(stored && *stored);
    EXPECT_EQ((*stored)->last_accepted_step, totp_step(clock.now()) + 14);
    // Resync needs an assigned device.
    auto [other, other_key] = device("spare");
    EXPECT_EQ(error(root, "iam", "ResyncMFADevice",
                    R"({"UserName":"alice","SerialNumber":")" + other + "\"," + codes(other_key) + "}"),
              "NoSuchEntity");
}

TEST_F(IamMfaDevices, UserWithoutPolicyIsDenied) {
    Node key = ok(root, "iam", "CreateAccessKey", R"({"UserName":"alice"})");
    Credentials alice{text(key, "AccessKey", "AccessKeyId"), {}};
    Error e = error_of(alice, "iam", "CreateVirtualMFADevice", R"({"VirtualMFADeviceName":"alice"})");
    EXPECT_EQ(e.code, "AccessDenied");
    EXPECT_NE(e.message.find("iam:CreateVirtualMFADevice on resource: arn:aws:iam::111111111111:mfa/alice"),
              std::string::npos);
    EXPECT_EQ(error(alice, "iam", "ListVirtualMFADevices"), "AccessDenied");
    EXPECT_TRUE(ok(root, "iam", "ListVirtualMFADevices").find("VirtualMFADevices")->items.empty());
}

}  // namespace
}  // namespace jg::cloud::testing
