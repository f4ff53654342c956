/* simd_ops.h - every helper of compiler/prelude_simd.h behind one calling
 * convention, so that the test can run each of them from a table.
 * simd_ops.c is compiled once per representation (SIMD_OPS_NAME names the
 * table), and test_simd_prelude.c compares them with its reference model. */
#ifndef SIMD_OPS_H
#define SIMD_OPS_H
#include <stdint.h>
#include <string.h>

/* Float lanes travel as their bits (uint64_t, low 32 bits for f32). */
static inline float f32_of(uint64_t bits) {
  uint32_t u = (uint32_t)bits;
  float f;
  memcpy(&f, &u, 4);
  return f;
}
static inline double f64_of(uint64_t bits) {
  double d;
  memcpy(&d, &bits, 8);
  return d;
}
static inline uint64_t bits_f32(float f) {
  uint32_t u;
  memcpy(&u, &f, 4);
  return u;
}
static inline uint64_t bits_f64(double d) {
  uint64_t u;
  memcpy(&u, &d, 8);
  return u;
}

typedef struct simd_ctx {
  uint8_t a[16], b[16], c[16]; /* v128 operands, in stack order */
  uint64_t x;                  /* scalar operand bits: i32, i64, f32 or f64 */
  uint32_t lane;               /* lane immediate, or shuffle pattern number */
  uint8_t mem[16];             /* the memory that loads and stores address */
  uint8_t out[16];             /* v128 result */
  uint64_t sout;               /* scalar result bits */
} simd_ctx;

enum simd_sig {
  SIG_V1, SIG_V2, SIG_V3, /* v128 operands -> v128 */
  SIG_UV,                 /* v128 -> i32 */
  SIG_SH,                 /* v128, i32 shift count -> v128 */
  SIG_SPI, SIG_SPJ, SIG_SPF, SIG_SPD, /* splat of i32, i64, f32, f64 */
  SIG_EXI, SIG_EXJ, SIG_EXF, SIG_EXD, /* extract_lane -> i32, i64, f32, f64 */
  SIG_RPI, SIG_RPJ, SIG_RPF, SIG_RPD, /* replace_lane with i32, i64, f32, f64 */
  SIG_LD, SIG_LDL, SIG_ST, SIG_STL,   /* load, load lane, store, store lane */
  SIG_CONST, SIG_SHUF
};

typedef struct simd_op {
  const char *name; /* the instruction's text name */
  int sig;
  void (*fn)(simd_ctx *);
} simd_op;

/* The constant shuffles tested (lane indices must be literals). */
#define SIMD_SHUF0 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
#define SIMD_SHUF1 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31
#define SIMD_SHUF2 31, 0, 30, 1, 29, 2, 28, 3, 27, 4, 26, 5, 25, 6, 24, 7
#define SIMD_SHUF3 0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23
#define SIMD_SHUF4 15, 15, 15, 15, 0, 0, 0, 0, 16, 16, 31, 31, 8, 24, 7, 23
#define SIMD_SHUF5 4, 5, 6, 7, 0, 1, 2, 3, 28, 29, 30, 31, 24, 25, 26, 27
#define SIMD_SHUF6 3, 14, 9, 27, 18, 0, 22, 5, 31, 12, 16, 7, 25, 10, 1, 29
#define SIMD_SHUF7 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31
#define SIMD_NSHUF 8

/* Every SIMD and relaxed-SIMD instruction: X(signature, shape, op). */
#define SIMD_OPS(X)                                                                               \
  X(LD, v128, load) X(LD, v128, load8x8_s) X(LD, v128, load8x8_u) X(LD, v128, load16x4_s)         \
  X(LD, v128, load16x4_u) X(LD, v128, load32x2_s) X(LD, v128, load32x2_u) X(LD, v128, load8_splat) \
  X(LD, v128, load16_splat) X(LD, v128, load32_splat) X(LD, v128, load64_splat) X(ST, v128, store) \
  X(CONST, v128, const) X(SHUF, i8x16, shuffle) X(V2, i8x16, swizzle)                             \
  X(SPI, i8x16, splat) X(SPI, i16x8, splat) X(SPI, i32x4, splat) X(SPJ, i64x2, splat)             \
  X(SPF, f32x4, splat) X(SPD, f64x2, splat)                                                       \
  X(EXI, i8x16, extract_lane_s) X(EXI, i8x16, extract_lane_u) X(RPI, i8x16, replace_lane)         \
  X(EXI, i16x8, extract_lane_s) X(EXI, i16x8, extract_lane_u) X(RPI, i16x8, replace_lane)         \
  X(EXI, i32x4, extract_lane) X(RPI, i32x4, replace_lane) X(EXJ, i64x2, extract_lane)             \
  X(RPJ, i64x2, replace_lane) X(EXF, f32x4, extract_lane) X(RPF, f32x4, replace_lane)             \
  X(EXD, f64x2, extract_lane) X(RPD, f64x2, replace_lane)                                         \
  SIMD_CMP_INT(X, i8x16) SIMD_CMP_INT(X, i16x8) SIMD_CMP_INT(X, i32x4)                            \
  SIMD_CMP_FLOAT(X, f32x4) SIMD_CMP_FLOAT(X, f64x2)                                               \
  X(V1, v128, not) X(V2, v128, and) X(V2, v128, andnot) X(V2, v128, or) X(V2, v128, xor)          \
  X(V3, v128, bitselect) X(UV, v128, any_true)                                                    \
  X(LDL, v128, load8_lane) X(LDL, v128, load16_lane) X(LDL, v128, load32_lane)                    \
  X(LDL, v128, load64_lane) X(STL, v128, store8_lane) X(STL, v128, store16_lane)                  \
  X(STL, v128, store32_lane) X(STL, v128, store64_lane) X(LD, v128, load32_zero)                  \
  X(LD, v128, load64_zero) X(V1, f32x4, demote_f64x2_zero) X(V1, f64x2, promote_low_f32x4)        \
  X(V1, i8x16, abs) X(V1, i8x16, neg) X(V1, i8x16, popcnt) X(UV, i8x16, all_true)                 \
  X(UV, i8x16, bitmask) X(V2, i8x16, narrow_i16x8_s) X(V2, i8x16, narrow_i16x8_u)                 \
  SIMD_ROUND(X, f32x4) SIMD_ROUND(X, f64x2)                                                       \
  X(SH, i8x16, shl) X(SH, i8x16, shr_s) X(SH, i8x16, shr_u)                                       \
  X(V2, i8x16, add) X(V2, i8x16, add_sat_s) X(V2, i8x16, add_sat_u) X(V2, i8x16, sub)             \
  X(V2, i8x16, sub_sat_s) X(V2, i8x16, sub_sat_u)                                                 \
  X(V2, i8x16, min_s) X(V2, i8x16, min_u) X(V2, i8x16, max_s) X(V2, i8x16, max_u)                 \
  X(V2, i8x16, avgr_u)                                                                            \
  X(V1, i16x8, extadd_pairwise_i8x16_s) X(V1, i16x8, extadd_pairwise_i8x16_u)                     \
  X(V1, i32x4, extadd_pairwise_i16x8_s) X(V1, i32x4, extadd_pairwise_i16x8_u)                     \
  X(V1, i16x8, abs) X(V1, i16x8, neg) X(V2, i16x8, q15mulr_sat_s) X(UV, i16x8, all_true)          \
  X(UV, i16x8, bitmask) X(V2, i16x8, narrow_i32x4_s) X(V2, i16x8, narrow_i32x4_u)                 \
  SIMD_EXTEND(X, i16x8, i8x16)                                                                    \
  X(SH, i16x8, shl) X(SH, i16x8, shr_s) X(SH, i16x8, shr_u)                                       \
  X(V2, i16x8, add) X(V2, i16x8, add_sat_s) X(V2, i16x8, add_sat_u) X(V2, i16x8, sub)             \
  X(V2, i16x8, sub_sat_s) X(V2, i16x8, sub_sat_u) X(V2, i16x8, mul)                               \
  X(V2, i16x8, min_s) X(V2, i16x8, min_u) X(V2, i16x8, max_s) X(V2, i16x8, max_u)                 \
  X(V2, i16x8, avgr_u) SIMD_EXTMUL(X, i16x8, i8x16)                                               \
  X(V1, i32x4, abs) X(V1, i32x4, neg) X(UV, i32x4, all_true) X(UV, i32x4, bitmask)                \
  SIMD_EXTEND(X, i32x4, i16x8)                                                                    \
  X(SH, i32x4, shl) X(SH, i32x4, shr_s) X(SH, i32x4, shr_u)                                       \
  X(V2, i32x4, add) X(V2, i32x4, sub) X(V2, i32x4, mul)                                           \
  X(V2, i32x4, min_s) X(V2, i32x4, min_u) X(V2, i32x4, max_s) X(V2, i32x4, max_u)                 \
  X(V2, i32x4, dot_i16x8_s) SIMD_EXTMUL(X, i32x4, i16x8)                                          \
  X(V1, i64x2, abs) X(V1, i64x2, neg) X(UV, i64x2, all_true) X(UV, i64x2, bitmask)                \
  SIMD_EXTEND(X, i64x2, i32x4)                                                                    \
  X(SH, i64x2, shl) X(SH, i64x2, shr_s) X(SH, i64x2, shr_u)                                       \
  X(V2, i64x2, add) X(V2, i64x2, sub) X(V2, i64x2, mul)                                           \
  X(V2, i64x2, eq) X(V2, i64x2, ne) X(V2, i64x2, lt_s) X(V2, i64x2, gt_s) X(V2, i64x2, le_s)      \
  X(V2, i64x2, ge_s) SIMD_EXTMUL(X, i64x2, i32x4)                                                 \
  SIMD_FLOAT_ARITH(X, f32x4) SIMD_FLOAT_ARITH(X, f64x2)                                           \
  X(V1, i32x4, trunc_sat_f32x4_s) X(V1, i32x4, trunc_sat_f32x4_u)                                 \
  X(V1, f32x4, convert_i32x4_s) X(V1, f32x4, convert_i32x4_u)                                     \
  X(V1, i32x4, trunc_sat_f64x2_s_zero) X(V1, i32x4, trunc_sat_f64x2_u_zero)                       \
  X(V1, f64x2, convert_low_i32x4_s) X(V1, f64x2, convert_low_i32x4_u)                             \
  /* relaxed SIMD */                                                                              \
  X(V2, i8x16, relaxed_swizzle)                                                                   \
  X(V1, i32x4, relaxed_trunc_f32x4_s) X(V1, i32x4, relaxed_trunc_f32x4_u)                         \
  X(V1, i32x4, relaxed_trunc_f64x2_s_zero) X(V1, i32x4, relaxed_trunc_f64x2_u_zero)               \
  X(V3, f32x4, relaxed_madd) X(V3, f32x4, relaxed_nmadd)                                          \
  X(V3, f64x2, relaxed_madd) X(V3, f64x2, relaxed_nmadd)                                          \
  X(V3, i8x16, relaxed_laneselect) X(V3, i16x8, relaxed_laneselect)                               \
  X(V3, i32x4, relaxed_laneselect) X(V3, i64x2, relaxed_laneselect)                               \
  X(V2, f32x4, relaxed_min) X(V2, f32x4, relaxed_max)                                             \
  X(V2, f64x2, relaxed_min) X(V2, f64x2, relaxed_max)                                             \
  X(V2, i16x8, relaxed_q15mulr_s) X(V2, i16x8, relaxed_dot_i8x16_i7x16_s)                         \
  X(V3, i32x4, relaxed_dot_i8x16_i7x16_add_s)

#define SIMD_CMP_INT(X, s)                                                                 \
  X(V2, s, eq) X(V2, s, ne) X(V2, s, lt_s) X(V2, s, lt_u) X(V2, s, gt_s) X(V2, s, gt_u)    \
  X(V2, s, le_s) X(V2, s, le_u) X(V2, s, ge_s) X(V2, s, ge_u)
#define SIMD_CMP_FLOAT(X, s) \
  X(V2, s, eq) X(V2, s, ne) X(V2, s, lt) X(V2, s, gt) X(V2, s, le) X(V2, s, ge)
#define SIMD_ROUND(X, s) X(V1, s, ceil) X(V1, s, floor) X(V1, s, trunc) X(V1, s, nearest)
#define SIMD_EXTEND(X, s, f)                                                                  \
  X(V1, s, extend_low_##f##_s) X(V1, s, extend_high_##f##_s) X(V1, s, extend_low_##f##_u)    \
  X(V1, s, extend_high_##f##_u)
#define SIMD_EXTMUL(X, s, f)                                                                  \
  X(V2, s, extmul_low_##f##_s) X(V2, s, extmul_high_##f##_s) X(V2, s, extmul_low_##f##_u)    \
  X(V2, s, extmul_high_##f##_u)
#define SIMD_FLOAT_ARITH(X, s)                                                                \
  X(V1, s, abs) X(V1, s, neg) X(V1, s, sqrt) X(V2, s, add) X(V2, s, sub) X(V2, s, mul)       \
  X(V2, s, div) X(V2, s, min) X(V2, s, max) X(V2, s, pmin) X(V2, s, pmax)

#endif
