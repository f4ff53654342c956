/* bench: ret=i32 n=2600 quick=3 */
/* Table-driven CRC-32 (IEEE, reflected) over a generated 64 KiB buffer, n
 * passes; one byte of the buffer changes before every pass. */
#include "bench.h"

#define BUF_SIZE 65536

static uint32_t table[256];
static uint8_t buffer[BUF_SIZE];

static void crc32_init(void) {
    for (uint32_t i = 0; i < 256; i++) {
        uint32_t c = i;
        for (int k = 0; k < 8; k++) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[i] = c;
    }
}

static uint32_t crc32(uint32_t crc, const uint8_t *p, size_t len) {
    crc = ~crc;
    while (len--) crc = table[(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

uint32_t bench(int n) {
    crc32_init();
    uint32_t x = 2463534242u;
    for (int i = 0; i < BUF_SIZE; i++) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        buffer[i] = (uint8_t)x;
    }
    uint32_t crc = 0;
    for (int i = 0; i < n; i++) {
        buffer[(uint32_t)i * 7919u % BUF_SIZE] ^= (uint8_t)crc;
        crc = crc32(crc, buffer, BUF_SIZE);
    }
    return crc;
}
