// Randomness behind an interface: the system's CSPRNG in production, a seeded
// deterministic generator in tests, so that ids, keys and seeds are reproducible there.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace jg {

class Random {
public:
    virtual ~Random() = default;
    // Fills `out` with `size` random bytes.
    virtual void fill(std::uint8_t* out, std::size_t size) = 0;

    std::string bytes(std::size_t size);
    std::uint64_t next_u64();
    // Uniform in [0, bound) without modulo bias; bound > 0.
    std::uint64_t uniform(std::uint64_t bound);
    // `length` characters drawn uniformly from `alphabet` (non-empty).
    std::string string_from(std::string_view alphabet, std::size_t length);
};

// OpenSSL's RAND_bytes (the OS entropy pool behind a DRBG). Aborts if the generator
// cannot be seeded: continuing without randomness would hand out guessable secrets.
class SystemRandom final : public Random {
public:
    void fill(std::uint8_t* out, std::size_t size) override;
};

// Deterministic stream from a 64-bit seed (SplitMix64). Not for secrets: tests only.
class SeededRandom final : public Random {
public:
    explicit SeededRandom(std::uint64_t seed) : m_state(seed) {}
    void fill(std::uint8_t* out, std::size_t size) override;

private:
    std::uint64_t m_state;
};

}  // namespace jg
