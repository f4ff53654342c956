/* simd.c - a program with 128-bit SIMD, for tests/cli/run. Built for wasm with
 * clang -msimd128 (explicit intrinsics plus loops clang vectorises) and
 * natively without them: both must print the same lines.
 *   simd            checksums of integer, float and shuffle kernels
 *   simd oob        a vector load past the end of memory (a trap) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#ifdef __wasm_simd128__
#include <wasm_simd128.h>
#endif

enum { N = 4096 };
static float xs[N], ys[N];
static uint8_t bytes[N];

/* Sum of x*y: explicit f32x4 lanes on wasm, the same lane order in plain C. */
static float dot(void) {
#ifdef __wasm_simd128__
  v128_t acc = wasm_f32x4_splat(0);
  for (int i = 0; i < N; i += 4)
    acc = wasm_f32x4_add(acc, wasm_f32x4_mul(wasm_v128_load(xs + i), wasm_v128_load(ys + i)));
  return wasm_f32x4_extract_lane(acc, 0) + wasm_f32x4_extract_lane(acc, 1) +
         wasm_f32x4_extract_lane(acc, 2) + wasm_f32x4_extract_lane(acc, 3);
#else
  float lane[4] = {0, 0, 0, 0};
  for (int i = 0; i < N; i += 4)
    for (int k = 0; k < 4; k++) lane[k] = lane[k] + xs[i + k] * ys[i + k];
  return lane[0] + lane[1] + lane[2] + lane[3];
#endif
}

/* Saturating byte arithmetic and a byte reversal per 16 bytes. */
static uint32_t bytes_checksum(void) {
  uint8_t out[N];
#ifdef __wasm_simd128__
  for (int i = 0; i < N; i += 16) {
    v128_t v = wasm_v128_load(bytes + i);
    v128_t s = wasm_u8x16_add_sat(v, wasm_u8x16_splat(100));
    s = wasm_i8x16_shuffle(s, s, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    wasm_v128_store(out + i, s);
  }
#else
  for (int i = 0; i < N; i += 16)
    for (int k = 0; k < 16; k++) {
      unsigned s = bytes[i + 15 - k] + 100u;
      out[i + k] = (uint8_t)(s > 255 ? 255 : s);
    }
#endif
  uint32_t h = 2166136261u; /* FNV-1a */
  for (int i = 0; i < N; i++) h = (h ^ out[i]) * 16777619u;
  return h;
}

/* A loop clang vectorises by itself. */
static int64_t int_sum(void) {
  int32_t v[N];
  for (int i = 0; i < N; i++) v[i] = (int32_t)(i * 2654435761u) >> 7;
  int64_t s = 0;
  for (int i = 0; i < N; i++) s += v[i] > 0 ? v[i] : -v[i];
  return s;
}

int main(int argc, char **argv) {
  for (int i = 0; i < N; i++) {
    xs[i] = (float)(i % 97) * 0.25f - 3.0f;
    ys[i] = (float)(i % 89) * 0.5f + 1.0f;
    bytes[i] = (uint8_t)(i * 37 + 11);
  }
  if (argc > 1 && !strcmp(argv[1], "oob")) {
#ifdef __wasm_simd128__
    volatile uintptr_t far = (uintptr_t)0xFFFFFFF0u;
    v128_t v = wasm_v128_load((const void *)far);
    printf("%d\n", wasm_i32x4_extract_lane(v, 0));
#endif
    return 1;
  }
  printf("dot %.9g\n", (double)dot());
  printf("bytes %08x\n", (unsigned)bytes_checksum());
  printf("ints %lld\n", (long long)int_sum());
  return 0;
}
