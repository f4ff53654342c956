/* bench: ret=i32 n=6000 quick=2 */
/* LZ77-style compressor (hash of 4 bytes -> last position, greedy matches,
 * literal runs) and its decompressor: n round trips over 32 KiB of generated,
 * partly repetitive text. Every round trip is checked byte for byte. */
#include "bench.h"

#define IN_SIZE 32768
#define OUT_CAP (IN_SIZE + IN_SIZE / 64 + 64)
#define HASH_BITS 12
#define MIN_MATCH 4
#define MAX_MATCH 259
#define WINDOW 65535

static uint8_t input[IN_SIZE];
static uint8_t packed[OUT_CAP];
static uint8_t unpacked[IN_SIZE];
static uint32_t head[1 << HASH_BITS];

static uint32_t hash4(const uint8_t *p) {
    uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
    return (v * 2654435761u) >> (32 - HASH_BITS);
}

/* Format: token byte t. t < 128: t+1 literals follow. t >= 128: match of
 * length (t - 128) + MIN_MATCH, then a 2-byte little-endian distance. */
static size_t flush_literals(uint8_t *out, size_t o, const uint8_t *lit, size_t count) {
    while (count > 0) {
        size_t run = count > 128 ? 128 : count;
        out[o++] = (uint8_t)(run - 1);
        for (size_t i = 0; i < run; i++) out[o++] = lit[i];
        lit += run;
        count -= run;
    }
    return o;
}

static size_t compress(const uint8_t *in, size_t len, uint8_t *out) {
    for (size_t i = 0; i < (1u << HASH_BITS); i++) head[i] = 0xFFFFFFFFu;
    size_t o = 0, pos = 0, lit_start = 0;
    while (pos + MIN_MATCH <= len) {
        uint32_t h = hash4(in + pos);
        uint32_t cand = head[h];
        head[h] = (uint32_t)pos;
        size_t best = 0;
        if (cand != 0xFFFFFFFFu && pos - cand <= WINDOW) {
            size_t max = len - pos < MAX_MATCH ? len - pos : MAX_MATCH;
            while (best < max && in[cand + best] == in[pos + best]) best++;
        }
        if (best >= MIN_MATCH) {
            o = flush_literals(out, o, in + lit_start, pos - lit_start);
            size_t dist = pos - cand;
            if (best > 127 + MIN_MATCH) best = 127 + MIN_MATCH;
            out[o++] = (uint8_t)(128 + best - MIN_MATCH);
            out[o++] = (uint8_t)dist;
            out[o++] = (uint8_t)(dist >> 8);
            pos += best;
            lit_start = pos;
        } else {
            pos++;
        }
    }
    return flush_literals(out, o, in + lit_start, len - lit_start);
}

static size_t decompress(const uint8_t *in, size_t len, uint8_t *out) {
    size_t i = 0, o = 0;
    while (i < len) {
        uint8_t t = in[i++];
        if (t < 128) {
            for (size_t k = 0; k <= t; k++) out[o++] = in[i++];
        } else {
            size_t mlen = (size_t)(t - 128) + MIN_MATCH;
            size_t dist = in[i] | (size_t)in[i + 1] << 8;
            i += 2;
            const uint8_t *src = out + o - dist;
            for (size_t k = 0; k < mlen; k++) out[o + k] = src[k];
            o += mlen;
        }
    }
    return o;
}

static const char *const words[16] = {
    "the ", "quick ", "brown ", "fox ", "jumps ", "over ", "lazy ", "dog ",
    "wasm ", "module ", "memory ", "table ", "function ", "import ", "export ", "\n",
};

uint32_t bench(int n) {
    uint32_t x = 88172645u;
    size_t len = 0;
    while (len < IN_SIZE) {
        x ^= x << 13; x ^= x >> 17; x ^= x << 5;
        if ((x >> 24) < 24) {           /* some noise between the words */
            input[len++] = (uint8_t)(x >> 8);
            continue;
        }
        for (const char *w = words[x & 15]; *w && len < IN_SIZE; w++) input[len++] = (uint8_t)*w;
    }
    uint32_t check = 0;
    for (int iter = 0; iter < n; iter++) {
        input[(uint32_t)iter * 2654435761u % IN_SIZE] = (uint8_t)(iter + check);
        size_t plen = compress(input, IN_SIZE, packed);
        size_t ulen = decompress(packed, plen, unpacked);
        uint32_t bad = ulen != IN_SIZE;
        for (size_t i = 0; i < IN_SIZE; i++) bad |= unpacked[i] != input[i];
        check = check * 31 + (uint32_t)plen + bad * 0x80000000u;
    }
    return check;
}
