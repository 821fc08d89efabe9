#include "core/ssh_key.hpp"

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>

#include <memory>

#include "core/encoding.hpp"
#include "core/hash.hpp"
#include "core/strings.hpp"

namespace jg {

namespace {

Unexpected unrecognized() {
    return fail("UnrecognizedPublicKeyEncoding",
                "The public key encoding format is unsupported or unrecognized: use ssh-rsa or PEM.");
}

template <class T, void (*F)(T*)>
struct Deleter {
    void operator()(T* p) const { F(p); }
};
using Pkey = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using Bn = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using Bio = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;

// The SSH wire format: u32 big-endian length, then the bytes.
void put_string(std::string& out, std::string_view s) {
    const auto n = static_cast<std::uint32_t>(s.size());
    out += static_cast<char>(n >> 24);
    out += static_cast<char>(n >> 16);
    out += static_cast<char>(n >> 8);
    out += static_cast<char>(n);
    out += s;
}
bool get_string(std::string_view& in, std::string_view& s) {
    if (in.size() < 4) return false;
    const auto* b = reinterpret_cast<const unsigned char*>(in.data());
    std::size_t n = (std::size_t{b[0]} << 24) | (std::size_t{b[1]} << 16) | (std::size_t{b[2]} << 8) | b[3];
    if (in.size() - 4 < n) return false;
    s = in.substr(4, n);
    in.remove_prefix(4 + n);
    return true;
}
// An mpint of a positive number: big-endian, with a leading zero when the top bit is set.
std::string mpint(const BIGNUM* v) {
    std::string bytes(static_cast<std::size_t>(BN_num_bytes(v)), '\0');
    BN_bn2bin(v, reinterpret_cast<unsigned char*>(bytes.data()));
    if (!bytes.empty() && (static_cast<unsigned char>(bytes[0]) & 0x80)) bytes.insert(bytes.begin(), '\0');
    return bytes;
}

Result<Pkey> rsa_from(const BIGNUM* n, const BIGNUM* e) {
    std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free>> bld(OSSL_PARAM_BLD_new());
    if (!bld || !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n) ||
        !OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e))
        return unrecognized();
    std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM, OSSL_PARAM_free>> params(OSSL_PARAM_BLD_to_param(bld.get()));
    std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>> ctx(
        EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) <= 0 ||
        EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return unrecognized();
    return Pkey(raw);
}

Result<Pkey> from_openssh(std::string_view body) {
    auto parts = split(trim(body), ' ');
    if (parts.size() < 2 || parts[0] != "ssh-rsa") return unrecognized();
    auto blob = base64_decode(parts[1]);
    if (!blob) return unrecognized();
    std::string_view in = *blob, type, e, n;
    if (!get_string(in, type) || type != "ssh-rsa" || !get_string(in, e) || !get_string(in, n) || !in.empty())
        return unrecognized();
    Bn bn_e(BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), static_cast<int>(e.size()), nullptr));
    Bn bn_n(BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), static_cast<int>(n.size()), nullptr));
    if (!bn_e || !bn_n) return unrecognized();
    return rsa_from(bn_n.get(), bn_e.get());
}

Result<Pkey> from_pem(std::string_view body) {
    Bio bio(BIO_new_mem_buf(body.data(), static_cast<int>(body.size())));
    if (!bio) return unrecognized();
    Pkey key(PEM_read_bio_PUBKEY(bio.get(), nullptr, nullptr, nullptr));
    if (!key || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_RSA) return unrecognized();
    return key;
}

}  // namespace

Result<SshPublicKey> parse_ssh_public_key(std::string_view body) {
    const std::string text = trim(body);
    auto key = text.rfind("-----BEGIN", 0) == 0 ? from_pem(text) : from_openssh(text);
    if (!key) return Unexpected(key.error());
    BIGNUM* n = nullptr;
    BIGNUM* e = nullptr;
    if (!EVP_PKEY_get_bn_param(key->get(), OSSL_PKEY_PARAM_RSA_N, &n) ||
        !EVP_PKEY_get_bn_param(key->get(), OSSL_PKEY_PARAM_RSA_E, &e)) {
        BN_free(n);
        BN_free(e);
        return unrecognized();
    }
    Bn owned_n(n), owned_e(e);
    SshPublicKey out;
    out.bits = BN_num_bits(n);
    std::string blob;
    put_string(blob, "ssh-rsa");
    put_string(blob, mpint(e));
    put_string(blob, mpint(n));
    out.openssh = "ssh-rsa " + base64_encode(blob);
    const std::string digest = md5(blob);
    for (std::size_t i = 0; i < digest.size(); ++i) {
        if (i) out.fingerprint += ':';
        out.fingerprint += hex_encode(digest.substr(i, 1));
    }
    Bio mem(BIO_new(BIO_s_mem()));
    if (!mem || !PEM_write_bio_PUBKEY(mem.get(), key->get())) return unrecognized();
    char* data = nullptr;
    long len = BIO_get_mem_data(mem.get(), &data);
    out.pem.assign(data, static_cast<std::size_t>(len));
    return out;
}

}  // namespace jg
