/* dsp.c - the module of samples/firmware: small signal-processing routines of
 * the kind firmware runs, compiled to wasm32 by clang (-nostdlib) and, for
 * the size comparison, natively by arm-none-eabi-gcc. Buffers live in the
 * module's linear memory; the host fills them through dsp_buffer(). */
#include <stdint.h>

#ifdef __wasm__
#define EXPORT(name) __attribute__((export_name(name)))
#else
#define EXPORT(name) /* a native build, for the size comparison */
#endif
#define SAMPLES 256
#define TAPS 16

static int16_t input[SAMPLES], output[SAMPLES];

/* A 16-tap low-pass FIR filter in Q15 (constant data: a data segment). */
static const int16_t taps[TAPS] = {
    -138, -301, -351, 0, 1089, 2886, 4806, 6096, 6096, 4806, 2886, 1089, 0, -351, -301, -138};

EXPORT("buffer") int16_t *dsp_buffer(void) {
  return input;
}

/* y[n] = sum taps[k] * x[n-k], saturated to int16; returns the output's energy
 * (sum of squares >> 8) so the host can check the whole block at once. */
EXPORT("fir") uint32_t dsp_fir(uint32_t n) {
  uint32_t energy = 0;
  if (n > SAMPLES) n = SAMPLES;
  for (uint32_t i = 0; i < n; i++) {
    int32_t acc = 0;
    for (uint32_t k = 0; k < TAPS && k <= i; k++) acc += (int32_t)taps[k] * input[i - k];
    acc >>= 15;
    if (acc > INT16_MAX) acc = INT16_MAX;
    if (acc < INT16_MIN) acc = INT16_MIN;
    output[i] = (int16_t)acc;
    energy += (uint32_t)(acc * acc) >> 8;
  }
  return energy;
}

/* CRC-32 (IEEE, reflected) of the filtered block, bitwise: no table in RAM. */
EXPORT("crc32") uint32_t dsp_crc32(uint32_t n) {
  const uint8_t *p = (const uint8_t *)output;
  uint32_t crc = 0xFFFFFFFFu;
  if (n > SAMPLES) n = SAMPLES;
  for (uint32_t i = 0; i < 2 * n; i++) {
    crc ^= p[i];
    for (int b = 0; b < 8; b++) crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
  }
  return ~crc;
}

/* Integer square root of the energy (Newton), the block's RMS level. */
EXPORT("isqrt") uint32_t dsp_isqrt(uint32_t v) {
  if (v < 2) return v;
  uint32_t x = v, y = (x + 1) / 2;
  while (y < x) {
    x = y;
    y = (x + v / x) / 2;
  }
  return x;
}
