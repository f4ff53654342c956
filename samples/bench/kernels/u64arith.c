/* bench: ret=i64 n=40000000 quick=1000 */
/* 64-bit integer arithmetic: xorshift64* generator, modular multiplication
 * (mod a 32-bit prime, so products fit in 64 bits), rotations, popcount,
 * 64-bit division, mixed into one accumulator per step. */
#include "bench.h"

#define PRIME 4294967291u   /* largest prime below 2^32 */

static inline uint64_t rotl64(uint64_t x, unsigned r) { return (x << r) | (x >> (64 - r)); }

static inline uint64_t xorshift64star(uint64_t *s) {
    uint64_t x = *s;
    x ^= x >> 12;
    x ^= x << 25;
    x ^= x >> 27;
    *s = x;
    return x * 0x2545F4914F6CDD1DULL;
}

static inline uint64_t mulmod(uint64_t a, uint64_t b) { return (a % PRIME) * (b % PRIME) % PRIME; }

int64_t bench(int n) {
    uint64_t state = 0x9E3779B97F4A7C15ULL;
    uint64_t acc = 1, mix = 0;
    for (int i = 0; i < n; i++) {
        uint64_t r = xorshift64star(&state);
        acc = mulmod(acc + (uint64_t)i, r | 1);
        mix ^= rotl64(r, (unsigned)(acc & 63)) + (uint64_t)__builtin_popcountll(r ^ mix);
        mix += (mix >> 7) / ((r & 0xFFFF) | 1);
    }
    return (int64_t)(acc ^ mix);
}
