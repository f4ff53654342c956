/* simd_ops.c - the table of every prelude_simd.h helper, for one
 * representation: compiled with SIMD_OPS_NAME set to the table's name, and
 * with or without WASMRT_SIMD_SCALAR=1 (see simd_ops.h). The helpers see the
 * same headers as in generated code: wasmrt.h, then the prelude sections
 * (prelude_sections.h, printed from emit_prelude.c at build time). */
#include "wasmrt.h" /* first, as in generated code */

#include <math.h>
#include <stdint.h>
#include <string.h>

#include "prelude_sections.h"
#include "prelude_simd.h"
#include "simd_ops.h"

/* Operands travel as wasmrt_v128 (the ABI type), so the boundary
 * conversions are exercised by every call. */
static wcc_v128 arg(const uint8_t *bytes) {
  wasmrt_v128 r;
  memcpy(r.bytes, bytes, 16);
  return wcc_v128_from_rt(r);
}
static void put(uint8_t *out, wcc_v128 v) {
  wasmrt_v128 r = wcc_v128_to_rt(v);
  memcpy(out, r.bytes, 16);
}
/* v128.const's halves are little-endian whatever the host is. */
static uint64_t le64(const uint8_t *p) {
  uint64_t x = 0;
  for (int k = 7; k >= 0; k--) x = x << 8 | p[k];
  return x;
}
/* Lane immediates are literals in generated code: a switch over every lane
 * makes them constants here too. */
#define LANES2(E, F) case 0: E(F, 0); break; case 1: E(F, 1); break;
#define LANES4(E, F) LANES2(E, F) case 2: E(F, 2); break; case 3: E(F, 3); break;
#define LANES8(E, F) \
  LANES4(E, F) case 4: E(F, 4); break; case 5: E(F, 5); break; case 6: E(F, 6); break; case 7: E(F, 7); break;
#define LANES16(E, F)                                                                    \
  LANES8(E, F) case 8: E(F, 8); break; case 9: E(F, 9); break; case 10: E(F, 10); break;  \
  case 11: E(F, 11); break; case 12: E(F, 12); break; case 13: E(F, 13); break;          \
  case 14: E(F, 14); break; case 15: E(F, 15); break;
#define LANES_i8x16 LANES16
#define LANES_i16x8 LANES8
#define LANES_i32x4 LANES4
#define LANES_i64x2 LANES2
#define LANES_f32x4 LANES4
#define LANES_f64x2 LANES2
#define LANES_load8_lane LANES16
#define LANES_load16_lane LANES8
#define LANES_load32_lane LANES4
#define LANES_load64_lane LANES2
#define LANES_store8_lane LANES16
#define LANES_store16_lane LANES8
#define LANES_store32_lane LANES4
#define LANES_store64_lane LANES2

#define E_EXI(F, l) c->sout = F(arg(c->a), l)
#define E_EXJ(F, l) c->sout = F(arg(c->a), l)
#define E_EXF(F, l) c->sout = bits_f32(F(arg(c->a), l))
#define E_EXD(F, l) c->sout = bits_f64(F(arg(c->a), l))
#define E_RPI(F, l) put(c->out, F(arg(c->a), (uint32_t)c->x, l))
#define E_RPJ(F, l) put(c->out, F(arg(c->a), c->x, l))
#define E_RPF(F, l) put(c->out, F(arg(c->a), f32_of(c->x), l))
#define E_RPD(F, l) put(c->out, F(arg(c->a), f64_of(c->x), l))
#define E_LDL(F, l) put(c->out, F(c->mem, arg(c->a), l))
#define E_STL(F, l) F(c->mem, arg(c->a), l)
#define LANED(E, F, lanes) \
  switch (c->lane) {       \
    lanes(E, F)            \
  default: break;          \
  }

#define B_V1(s, o, F) put(c->out, F(arg(c->a)));
#define B_V2(s, o, F) put(c->out, F(arg(c->a), arg(c->b)));
#define B_V3(s, o, F) put(c->out, F(arg(c->a), arg(c->b), arg(c->c)));
#define B_UV(s, o, F) c->sout = F(arg(c->a));
#define B_SH(s, o, F) put(c->out, F(arg(c->a), (uint32_t)c->x));
#define B_SPI(s, o, F) put(c->out, F((uint32_t)c->x));
#define B_SPJ(s, o, F) put(c->out, F(c->x));
#define B_SPF(s, o, F) put(c->out, F(f32_of(c->x)));
#define B_SPD(s, o, F) put(c->out, F(f64_of(c->x)));
#define B_LD(s, o, F) put(c->out, F(c->mem));
#define B_ST(s, o, F) F(c->mem, arg(c->a));
#define B_CONST(s, o, F) put(c->out, F(le64(c->a), le64(c->a + 8)));
#define B_EXI(s, o, F) LANED(E_EXI, F, LANES_##s)
#define B_EXJ(s, o, F) LANED(E_EXJ, F, LANES_##s)
#define B_EXF(s, o, F) LANED(E_EXF, F, LANES_##s)
#define B_EXD(s, o, F) LANED(E_EXD, F, LANES_##s)
#define B_RPI(s, o, F) LANED(E_RPI, F, LANES_##s)
#define B_RPJ(s, o, F) LANED(E_RPJ, F, LANES_##s)
#define B_RPF(s, o, F) LANED(E_RPF, F, LANES_##s)
#define B_RPD(s, o, F) LANED(E_RPD, F, LANES_##s)
#define B_LDL(s, o, F) LANED(E_LDL, F, LANES_##o)
#define B_STL(s, o, F) LANED(E_STL, F, LANES_##o)
#define B_SHUF(s, o, F)                                                        \
  wcc_v128 a = arg(c->a), b = arg(c->b);                                       \
  switch (c->lane) {                                                           \
  case 0: put(c->out, wcc_i8x16_shuffle(a, b, SIMD_SHUF0)); break;             \
  case 1: put(c->out, wcc_i8x16_shuffle(a, b, SIMD_SHUF1)); break;             \
  case 2: put(c->out, wcc_i8x16_shuffle(a, b, SIMD_SHUF2)); break;             \
  case 3: put(c->out, wcc_i8x16_shuffle(a, b, SIMD_SHUF3)); break;             \
  case 4: put(c->out, wcc_i8x16_shuffle(a, b, SIMD_SHUF4)); break;             \
  case 5: put(c->out, wcc_i8x16_shuffle(a, b, SIMD_SHUF5)); break;             \
  case 6: put(c->out, wcc_i8x16_shuffle(a, b, SIMD_SHUF6)); break;             \
  case 7: put(c->out, wcc_i8x16_shuffle(a, b, SIMD_SHUF7)); break;             \
  default: break;                                                              \
  }

#define WRAP(sig, s, o) \
  static void t_##s##_##o(simd_ctx *c) { B_##sig(s, o, wcc_##s##_##o) }
SIMD_OPS(WRAP)

#define ENTRY(sig, s, o) {#s "." #o, SIG_##sig, t_##s##_##o},
const simd_op SIMD_OPS_NAME[] = {SIMD_OPS(ENTRY){0, 0, 0}};
