/* bench: ret=i32 n=240 quick=1 */
/* Sieve of Eratosthenes up to 2^20 (one byte per number), n times with a
 * limit that varies by iteration; sums the prime counts. */
#include "bench.h"

#define LIMIT (1 << 20)

static uint8_t composite[LIMIT + 1];

static uint32_t sieve(uint32_t limit) {
    for (uint32_t i = 0; i <= limit; i++) composite[i] = 0;
    uint32_t count = 0;
    for (uint32_t i = 2; i <= limit; i++) {
        if (composite[i]) continue;
        count++;
        for (uint64_t j = (uint64_t)i * i; j <= limit; j += i) composite[j] = 1;
    }
    return count;
}

uint32_t bench(int n) {
    uint32_t total = 0;
    for (int i = 0; i < n; i++) total = total * 3 + sieve(LIMIT - (uint32_t)(i & 1023));
    return total;
}
