// SSH public keys and signing certificates: upload in either encoding, fingerprints
// checked against ssh-keygen, quotas, duplicates, status, and DeleteUser's conflict.
#include <cstdio>
#include <fstream>

#include "fixture.hpp"

namespace jg::cloud::testing {
namespace {

std::string run(const std::string& command) {
    std::string out;
    FILE* p = popen(command.c_str(), "r");
    if (!p) return out;
    char buf[4096];
    while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    pclose(p);
    return out;
}

class IamUserCredentials : public CloudTest {
protected:
    void SetUp() override {
        CloudTest::SetUp();
        root = account("111111111111");
        ok(root, "iam", "CreateUser", R"({"UserName":"alice"})");
    }
    // A fresh RSA key pair made by ssh-keygen: {OpenSSH public key line, MD5 fingerprint}.
    std::pair<std::string, std::string> ssh_key(int bits) {
        const std::string path = home() + "/key" + std::to_string(++m_keys);
        run("ssh-keygen -q -t rsa -b " + std::to_string(bits) + " -N '' -C test -f " + path);
        std::ifstream f(path + ".pub");
        std::string line;
        std::getline(f, line);
        std::string fp = run("ssh-keygen -l -E md5 -f " + path + ".pub");
        // "2048 MD5:aa:bb:... test (RSA)"
        auto start = fp.find("MD5:") + 4;
        return {line, fp.substr(start, fp.find(' ', start) - start)};
    }
    static std::string json_string(const std::string& s) { return to_json(Node::make_string(s)); }
    Credentials root;
    int m_keys = 0;
};

TEST_F(IamUserCredentials, SshKeysInBothEncodingsWithSshKeygensFingerprint) {
    auto [line, fingerprint] = ssh_key(2048);
    ASSERT_FALSE(fingerprint.empty());
    Node up = ok(root, "iam", "UploadSSHPublicKey",
                 R"({"UserName":"alice","SSHPublicKeyBody":)" + json_string(line) + "}");
    const std::string id = text(up, "SSHPublicKey", "SSHPublicKeyId");
    EXPECT_TRUE(looks_like_id(id, IdKind::ssh_public_key)) << id;
    EXPECT_EQ(text(up, "SSHPublicKey", "Fingerprint"), fingerprint);
    EXPECT_EQ(text(up, "SSHPublicKey", "Status"), "Active");

    // The PEM encoding converts back to the same key (ssh-keygen reads it as PKCS8).
    Node pem = ok(root, "iam", "GetSSHPublicKey",
                  R"({"UserName":"alice","SSHPublicKeyId":")" + id + R"(","Encoding":"PEM"})");
    const std::string pem_body = text(pem, "SSHPublicKey", "SSHPublicKeyBody");
    ASSERT_EQ(pem_body.rfind("-----BEGIN PUBLIC KEY-----", 0), 0u) << pem_body;
    {
        std::ofstream f(home() + "/converted.pem");
        f << pem_body;
    }
    const std::string back = run("ssh-keygen -i -m PKCS8 -f " + home() + "/converted.pem");
    EXPECT_EQ(back.substr(0, back.find('\n')), line.substr(0, line.rfind(' ')));

    // Uploading the PEM form of the same key is a duplicate.
    EXPECT_EQ(error(root, "iam", "UploadSSHPublicKey",
                    R"({"UserName":"alice","SSHPublicKeyBody":)" + json_string(pem_body) + "}"),
              "DuplicateSSHPublicKey");

    ok(root, "iam", "UpdateSSHPublicKey", R"({"UserName":"alice","SSHPublicKeyId":")" + id + R"(","Status":"Inactive"})");
    Node list = ok(root, "iam", "ListSSHPublicKeys", R"({"UserName":"alice"})");
    ASSERT_EQ(list.find("SSHPublicKeys")->items.size(), 1u);
    EXPECT_EQ(text(list.find("SSHPublicKeys")->items[0], "Status"), "Inactive");
    EXPECT_EQ(text(list, "IsTruncated"), "false");

    // A user with an SSH key cannot be deleted; once the key is gone it can.
    EXPECT_EQ(error_of(root, "iam", "DeleteUser", R"({"UserName":"alice"})").message,
              "Cannot delete entity, must delete SSH public keys first.");
    ok(root, "iam", "DeleteSSHPublicKey", R"({"UserName":"alice","SSHPublicKeyId":")" + id + R"("})");
    EXPECT_EQ(error(root, "iam", "DeleteSSHPublicKey", R"({"UserName":"alice","SSHPublicKeyId":")" + id + R"("})"),
              "NoSuchEntity");
    ok(root, "iam", "DeleteUser", R"({"UserName":"alice"})");
}

TEST_F(IamUserCredentials, SshKeyValidationAndQuota) {
    EXPECT_EQ(error(root, "iam", "UploadSSHPublicKey", R"({"UserName":"alice","SSHPublicKeyBody":"ssh-rsa !!!"})"),
              "UnrecognizedPublicKeyEncoding");
    auto [small, small_fp] = ssh_key(1024);
    EXPECT_EQ(error(root, "iam", "UploadSSHPublicKey",
                    R"({"UserName":"alice","SSHPublicKeyBody":)" + json_string(small) + "}"),
              "InvalidPublicKey");
    // The user is looked up before the key is read.
    EXPECT_EQ(error(root, "iam", "UploadSSHPublicKey", R"({"UserName":"nobody","SSHPublicKeyBody":"x"})"),
              "NoSuchEntity");
    for (int i = 0; i < 5; ++i)
        ok(root, "iam", "UploadSSHPublicKey",
           R"({"UserName":"alice","SSHPublicKeyBody":)" + json_string(ssh_key(2048).first) + "}");
    EXPECT_EQ(error_of(root, "iam", "UploadSSHPublicKey",
                       R"({"UserName":"alice","SSHPublicKeyBody":)" + json_string(ssh_key(2048).first) + "}")
                  .message,
              "Cannot exceed quota for SSHPublicKeysPerUser: 5");
    // UserName is required for SSH keys.
    EXPECT_EQ(error(root, "iam", "ListSSHPublicKeys", R"({"UserName":"nobody"})"), "NoSuchEntity");
}

TEST_F(IamUserCredentials, SigningCertificatesUploadListDelete) {
    const std::string dir = home();
    run("openssl req -x509 -newkey rsa:2048 -nodes -subj /CN=alice -days 30 -keyout " + dir + "/c.key -out " + dir +
        "/c.pem 2>/dev/null");
    std::ifstream f(dir + "/c.pem");
    const std::string cert((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    ASSERT_NE(cert.find("BEGIN CERTIFICATE"), std::string::npos);
    Node up = ok(root, "iam", "UploadSigningCertificate",
                 R"({"UserName":"alice","CertificateBody":)" + json_string(cert) + "}");
    const std::string id = text(up, "Certificate", "CertificateId");
    EXPECT_EQ(id.size(), 28u);
    EXPECT_EQ(text(up, "Certificate", "Status"), "Active");
    // The body as given, trailing newline included (AWS keeps it).
    ASSERT_EQ(cert.back(), '\n');
    EXPECT_EQ(text(up, "Certificate", "CertificateBody"), cert);
    EXPECT_EQ(error(root, "iam", "UploadSigningCertificate",
                    R"({"UserName":"alice","CertificateBody":)" + json_string(cert) + "}"),
              "DuplicateCertificate");
    EXPECT_EQ(error(root, "iam", "UploadSigningCertificate", R"({"UserName":"alice","CertificateBody":"junk"})"),
              "MalformedCertificate");
    Node list = ok(root, "iam", "ListSigningCertificates", R"({"UserName":"alice"})");
    ASSERT_EQ(list.find("Certificates")->items.size(), 1u);
    EXPECT_EQ(text(list.find("Certificates")->items[0], "CertificateId"), id);
    EXPECT_EQ(error_of(root, "iam", "DeleteUser", R"({"UserName":"alice"})").message,
              "Cannot delete entity, must delete signing certificates first.");
    ok(root, "iam", "DeleteSigningCertificate", R"({"UserName":"alice","CertificateId":")" + id + R"("})");
    ok(root, "iam", "DeleteUser", R"({"UserName":"alice"})");
    // Root's own certificates: no UserName.
    Node mine = ok(root, "iam", "ListSigningCertificates");
    EXPECT_TRUE(mine.find("Certificates")->items.empty());
}

}  // namespace
}  // namespace jg::cloud::testing
