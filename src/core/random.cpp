#include "core/random.hpp"

#include <atomic>
#include <climits>
#include <cstdlib>
#include <cstring>

#include <openssl/crypto.h>
#include <openssl/rand.h>

namespace jg {

std::string Random::bytes(std::size_t size) {
    std::string out(size, '\0');
    if (size > 0) fill(reinterpret_cast<std::uint8_t*>(out.data()), size);
    return out;
}

std::uint64_t Random::next_u64() {
    std::uint8_t b[8];
    fill(b, sizeof b);
    std::uint64_t v = 0;
    for (std::uint8_t x : b) v = (v << 8) | x;
    return v;
}

std::uint64_t Random::uniform(std::uint64_t bound) {
    if (bound <= 1) return 0;
    // Reject the top partial block so that every residue is equally likely.
    const std::uint64_t limit = UINT64_MAX - (UINT64_MAX % bound + 1) % bound;
    for (;;) {
        const std::uint64_t v = next_u64();
        if (v <= limit) return v % bound;
    }
}

std::string Random::string_from(std::string_view alphabet, std::size_t length) {
    std::string out;
    out.reserve(length);
    for (std::size_t i = 0; i < length; ++i) out += alphabet[uniform(alphabet.size())];
    return out;
}

void SystemRandom::fill(std::uint8_t* out, std::size_t size) {
    // Small requests (ids, nonces: a few bytes at a time, many per request) are served from
    // a per-thread block of RAND_bytes output: one call into OpenSSL's DRBG per 256 bytes
    // instead of one per 8. Each byte is still handed out once only.
    constexpr std::size_t k_block = 256;
    struct Block {
        std::uint8_t bytes[k_block];
        std::size_t used = k_block;
    };
    thread_local Block block;
    if (size <= 64) {
        if (k_block - block.used < size) {
            if (RAND_bytes(block.bytes, static_cast<int>(k_block)) != 1) std::abort();
            block.used = 0;
        }
        std::memcpy(out, block.bytes + block.used, size);
        OPENSSL_cleanse(block.bytes + block.used, size);
        block.used += size;
        return;
    }
    while (size > 0) {
        const int chunk = size > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(size);
        if (RAND_bytes(out, chunk) != 1) std::abort();
        out += chunk;
        size -= static_cast<std::size_t>(chunk);
    }
}

// Background jobs (StackSet operations) draw from the same generator as the test that
// started them: each step advances this generator's own state atomically, so that
// concurrent draws never see the same state — and generators share no lock or state.
constexpr std::uint64_t k_golden_gamma = 0x9E3779B97F4A7C15ull;

void SeededRandom::fill(std::uint8_t* out, std::size_t size) {
    std::size_t i = 0;
    while (i < size) {
        // SplitMix64 (Steele, Lea, Flood 2014).
        std::uint64_t z = std::atomic_ref<std::uint64_t>(m_state).fetch_add(k_golden_gamma) + k_golden_gamma;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        z ^= z >> 31;
        for (int k = 0; k < 8 && i < size; ++k, ++i) out[i] = static_cast<std::uint8_t>(z >> (8 * k));
    }
}

}  // namespace jg
