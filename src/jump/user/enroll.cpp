#include "jump/user/enroll.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "jump/user/mfa_device.hpp"
#include "jump/user/user_key.hpp"

namespace jg::jump::user {

namespace {

// The user's key: the profile, or (local cloud, create_key) a new one made by the admin.
Result<AwsCredentials> user_key(Connection& c, const EnrollRequest& r) {
    if (!r.create_key) return c.user_credentials(r.profile, r.user);
    if (!c.is_local())
        return fail("InvalidArgument", "--create-key is for the local cloud: on AWS the administrator hands out the key");
    auto admin = c.admin_credentials(r.user, r.admin_account);
    if (!admin) return Unexpected(admin.error());
    return create_user_key(c.api(), *admin, c.region(), r.user, c.credentials_file(),
                           r.profile.empty() ? r.user : r.profile);
}

Error error(std::string code, std::string message) { return Error{std::move(code), std::move(message), {}}; }

}  // namespace

Result<std::string> write_private(const std::string& path, const std::string& bytes) {
    ::unlink(path.c_str());
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) return fail("IoError", "cannot create " + path + ": " + std::strerror(errno));
    std::size_t done = 0;
    while (done < bytes.size()) {
        ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            ::close(fd);
            return fail("IoError", "cannot write " + path + ": " + std::strerror(errno));
        }
        done += static_cast<std::size_t>(n);
    }
    if (::close(fd) != 0) return fail("IoError", "cannot write " + path + ": " + std::strerror(errno));
    return path;
}

Result<void> check_enroll_request(const EnrollRequest& r) {
    const bool codes_given = !r.code1.empty() || !r.code2.empty();
    if (codes_given && (!is_mfa_code(r.code1) || !is_mfa_code(r.code2)))
        return Unexpected(error("InvalidArgument", "--code1 and --code2 must both be given, six digits each"));
    if (codes_given && r.codes_from_seed)
        return Unexpected(error("InvalidArgument", "--code1/--code2 and --codes-from-seed exclude each other"));
    return {};
}

Result<void> enroll_mfa(Connection& connection, const EnrollRequest& r, const EnrollIo& io) {
    if (auto ok = check_enroll_request(r); !ok) return ok;
    const bool codes_given = !r.code1.empty() || !r.code2.empty();
    if (r.codes_from_seed && !connection.is_local())
        return Unexpected(error("InvalidArgument",
                                "--codes-from-seed is for the local cloud only: a real device's codes come from the "
                                "authenticator"));
    auto key = user_key(connection, r);
    if (!key) return Unexpected(key.error());
    if (r.create_key)
        io.err << "access key " << key->access_key_id << " created for " << r.user << "; profile ["
               << (r.profile.empty() ? r.user : r.profile) << "] written to " << connection.credentials_file() << "\n";
    UserCall call{connection.api(), *key, connection.region()};
    auto who = whoami(call, r.user);
    if (!who) return Unexpected(who.error());

    if (auto existing = enabled_device(call, r.user); !existing)
        return Unexpected(existing.error());
    else if (*existing)
        return Unexpected(error("", "IAM user '" + r.user + "' already has MFA device " + **existing));
    const std::string device_name = r.device_name.empty() ? r.user : r.device_name;
    const std::string serial = virtual_device_serial(who->account, device_name);
    auto pending = is_unassigned_device(call, serial);
    if (!pending) return Unexpected(pending.error());

    // Second step of a non-interactive enrollment: the device exists, the codes came now.
    if (codes_given) {
        if (!*pending)
            return Unexpected(error("NoSuchEntity", "no device " + serial +
                                                        " waiting to be enabled; run `jumpgate mfa enroll --user " +
                                                        r.user + " --qr FILE` first and add it to your authenticator"));
        if (auto ok = enable_device(call, r.user, serial, r.code1, r.code2); !ok) return ok;
        io.out << "MFA device " << serial << " enabled for " << r.user << "\n";
        return {};
    }

    // Somewhere the seed can go: the QR file, the terminal, or stdout when asked.
    if (r.qr_file.empty() && !r.show_uri && !r.codes_from_seed)
        return Unexpected(error("InvalidArgument",
                                "nowhere to show the new device's secret: give --qr FILE (a PNG to scan) or "
                                "--show-secret (prints the otpauth URI, which holds the secret)"));
    if (*pending) {
        // An enrollment that was never completed: start over with a new seed.
        if (auto ok = delete_device(call, serial); !ok)
            return Unexpected(error(ok.error().code,
                                    "device " + serial + " was created by an earlier enrollment that was not completed "
                                    "and could not be deleted (" + ok.error().message + "); complete it with --code1/"
                                    "--code2, or have an administrator run `aws iam delete-virtual-mfa-device "
                                    "--serial-number " + serial + "`"));
    }
    auto device = create_device(call, *who, device_name);
    if (!device) return Unexpected(device.error());
    if (!r.qr_file.empty()) {
        if (auto ok = write_private(r.qr_file, device->qr_png); !ok) return Unexpected(ok.error());
        io.err << "QR code written to " << r.qr_file << "\n";
    }
    if (r.show_uri) io.out << device->otpauth_uri << "\n";

    std::string code1, code2;
    if (r.codes_from_seed) {
        auto codes = codes_from_seed(device->base32_seed, connection.clock().now());
        if (!codes) return Unexpected(codes.error());
        std::tie(code1, code2) = *codes;
    } else {
        std::optional<std::string> c1, c2;
        c1 = io.ask("MFA code 1 (scan the QR code into your authenticator first): ");
        if (c1) c2 = io.ask("MFA code 2 (the next code, after it changes): ");
        if (!c1 || !c2) {
            io.out << "MFA device " << serial << " created, not yet enabled; add it to your authenticator, then run:\n"
                   << "  jumpgate mfa enroll --user " << r.user << " --code1 CODE --code2 NEXT_CODE\n";
            return {};
        }
        code1 = *c1;
        code2 = *c2;
    }
    if (auto ok = enable_device(call, r.user, serial, code1, code2); !ok) {
        // Leave nothing half-done when we can: the unassigned device goes again.
        std::string note;
        if (auto del = delete_device(call, serial); !del)
            note = "; the unassigned device " + serial + " remains (" + del.error().code +
                   "): run enroll again with --code1/--code2 to complete it";
        return Unexpected(error(ok.error().code, ok.error().message + note));
    }
    io.out << "MFA device " << serial << " enabled for " << r.user << "\n";
    return {};
}

}  // namespace jg::jump::user
