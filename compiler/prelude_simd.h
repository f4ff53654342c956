/* prelude_simd.h - 128-bit SIMD and relaxed SIMD for generated code.
 *
 * One helper per instruction, named wcc_ + the instruction's text name with
 * '.' replaced by '_' (i32x4.add -> wcc_i32x4_add). Arguments are the wasm
 * operands in stack order, then the immediates (lane indices last, always
 * literal constants at the call site). v128 is wcc_v128; i32/i64/f32/f64 are
 * uint32_t/uint64_t/float/double. No helper traps: the emitter has already
 * checked every memory address.
 *
 * The build embeds this file into wasmcc, which pastes it into a module's
 * -impl.h after wasmrt.h and the prelude's base, memory, int, float and trunc
 * sections; it uses their scalar helpers (wcc_f32_min, wcc_f32_nearest,
 * wcc_i32_trunc_sat_f32_s, ...). docs/SIMD.md describes the design.
 *
 * Two representations, chosen when the generated C is compiled:
 *  - vector: with GCC (12 or later) or Clang, unless WASMRT_SIMD_SCALAR is 1,
 *    wcc_v128 is a GCC vector type; helpers are plain vector operators, which
 *    become single SSE/NEON instructions where one exists. A few operations
 *    that generic vector code compiles poorly use SSE2/SSSE3/SSE4.1 or NEON
 *    intrinsics when the target has them; WASMRT_SIMD_NO_INTRINSICS=1 turns
 *    that off (tests use it to cover the generic vector code on x86).
 *  - scalar: any other C11 compiler, or WASMRT_SIMD_SCALAR=1: a 16-byte
 *    struct, lanes read and written with memcpy, no extensions.
 * Both give the same results (the unit test compares them bit by bit, NaN
 * payloads by class). Lane 0 is the lowest address, and a v128 holds its
 * bytes in wasm's (little-endian) order: a big-endian host takes the scalar
 * path, whose lane copies (wcc_pack, WCC_UNPACK, lane access) swap bytes.
 *
 * Signed lane arithmetic is done in unsigned types (no C overflow), shift
 * counts are masked by the lane width, and float results that may be NaN
 * come from a floating-point operation, so they are quiet as wasm requires.
 */
#ifndef WCC_PRELUDE_SIMD
#define WCC_PRELUDE_SIMD

#if !WASMRT_SIMD_SCALAR && !WCC_BIG_ENDIAN && (defined(__GNUC__) || defined(__clang__)) && defined(__has_builtin)
#if __has_builtin(__builtin_shufflevector) && __has_builtin(__builtin_convertvector)
#define WCC_SIMD_VECTOR 1
#endif
#endif
#ifndef WCC_SIMD_VECTOR
#define WCC_SIMD_VECTOR 0
#endif

#define WCC_SIMD_SSE2 0
#define WCC_SIMD_SSSE3 0
#define WCC_SIMD_SSE41 0
#define WCC_SIMD_NEON 0
#if WCC_SIMD_VECTOR && !WASMRT_SIMD_NO_INTRINSICS
#if defined(__SSE2__)
#undef WCC_SIMD_SSE2
#define WCC_SIMD_SSE2 1
#include <emmintrin.h>
#if defined(__SSSE3__)
#undef WCC_SIMD_SSSE3
#define WCC_SIMD_SSSE3 1
#include <tmmintrin.h>
#endif
#if defined(__SSE4_1__)
#undef WCC_SIMD_SSE41
#define WCC_SIMD_SSE41 1
#include <smmintrin.h>
#endif
#elif defined(__aarch64__) && defined(__ARM_NEON)
#undef WCC_SIMD_NEON
#define WCC_SIMD_NEON 1
#include <arm_neon.h>
#endif
#endif

/* GCC notes that passing vector types by value changes the ABI on targets
 * without the matching vector unit (-Wpsabi); every helper is static inline
 * and the generated code is one program, so the ABI note does not apply. */
#if WCC_SIMD_VECTOR && defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

/* Memory helpers are inlined even at -O0, like the prelude's loads and
 * stores: a guard-page fault's pc must lie in the wasm function. */
#if defined(__GNUC__) || defined(__clang__)
#define WCC_SIMD_ACCESS static inline __attribute__((always_inline))
#else
#define WCC_SIMD_ACCESS static inline
#endif

/* ------------------------------------------------------------------------ */
/* The type, conversions at the ABI boundary, constants, keeping loads alive */

#if WCC_SIMD_VECTOR
typedef uint64_t wcc_v128 __attribute__((vector_size(16)));
/* Lane views; casts between same-size vector types reinterpret the bits. */
typedef int8_t wcc_vi8 __attribute__((vector_size(16)));
typedef uint8_t wcc_vu8 __attribute__((vector_size(16)));
typedef int16_t wcc_vi16 __attribute__((vector_size(16)));
typedef uint16_t wcc_vu16 __attribute__((vector_size(16)));
typedef int32_t wcc_vi32 __attribute__((vector_size(16)));
typedef uint32_t wcc_vu32 __attribute__((vector_size(16)));
typedef int64_t wcc_vi64 __attribute__((vector_size(16)));
typedef uint64_t wcc_vu64 __attribute__((vector_size(16)));
typedef float wcc_vf32 __attribute__((vector_size(16)));
typedef double wcc_vf64 __attribute__((vector_size(16)));
/* Half vectors, for conversions between 32- and 64-bit lanes. */
typedef int32_t wcc_vi32h __attribute__((vector_size(8)));
typedef uint32_t wcc_vu32h __attribute__((vector_size(8)));
typedef float wcc_vf32h __attribute__((vector_size(8)));
#define WCC_V(x) ((wcc_v128)(x))
#else
typedef struct wcc_v128 { uint8_t b[16]; } wcc_v128;
#endif

static inline wcc_v128 wcc_v128_from_rt(wasmrt_v128 x) {
  wcc_v128 r;
  memcpy(&r, x.bytes, 16);
  return r;
}
static inline wasmrt_v128 wcc_v128_to_rt(wcc_v128 x) {
  wasmrt_v128 r;
  memcpy(r.bytes, &x, 16);
  return r;
}

/* v128.const: lo is bytes 0..7, hi bytes 8..15 (little-endian). */
static inline wcc_v128 wcc_v128_const(uint64_t lo, uint64_t hi) {
#if WCC_SIMD_VECTOR
  return (wcc_v128){lo, hi};
#else
  wcc_v128 r;
  lo = WCC_LE64(lo);
  hi = WCC_LE64(hi);
  memcpy(r.b, &lo, 8);
  memcpy(r.b + 8, &hi, 8);
  return r;
#endif
}

/* Like WCC_KEEP: with guard pages a loaded v128 must still be loaded when its
 * value is unused, so that the access can trap. */
#if WASMRT_BOUNDS_CHECK
#define WCC_KEEP_V128(x) ((void)(x))
#elif WCC_SIMD_VECTOR && (defined(__x86_64__) || (defined(__i386__) && defined(__SSE2__)))
#define WCC_KEEP_V128(x) __asm__ volatile("" : : "x"(x))
#elif WCC_SIMD_VECTOR && defined(__aarch64__)
#define WCC_KEEP_V128(x) __asm__ volatile("" : : "w"(x))
#else
#define WCC_KEEP_V128(x) do { volatile wcc_v128 wcc_kept_v128 = (x); (void)wcc_kept_v128; } while (0)
#endif

#if WCC_SIMD_VECTOR
/* ======================================================================== */
/* Vector path                                                              */
/* ======================================================================== */

/* Bit select: m ? a : b per bit (C has no ?: on vectors). */
static inline wcc_v128 wcc_vsel(wcc_v128 m, wcc_v128 a, wcc_v128 b) { return (a & m) | (b & ~m); }
#define WCC_SPLAT4(T, x) ((T){(x), (x), (x), (x)})
#define WCC_SPLAT2(T, x) ((T){(x), (x)})

#define WCC_VUN(name, VT, expr) \
  static inline wcc_v128 name(wcc_v128 a) { VT x = (VT)a; return WCC_V(expr); }
#define WCC_VBIN(name, VT, expr) \
  static inline wcc_v128 name(wcc_v128 a, wcc_v128 b) { VT x = (VT)a, y = (VT)b; return WCC_V(expr); }

/* --- splat, extract_lane, replace_lane ---------------------------------- */
static inline wcc_v128 wcc_i8x16_splat(uint32_t x) { return WCC_V((wcc_vu8){0} + (uint8_t)x); }
static inline wcc_v128 wcc_i16x8_splat(uint32_t x) { return WCC_V((wcc_vu16){0} + (uint16_t)x); }
static inline wcc_v128 wcc_i32x4_splat(uint32_t x) { return WCC_V(WCC_SPLAT4(wcc_vu32, x)); }
static inline wcc_v128 wcc_i64x2_splat(uint64_t x) { return WCC_SPLAT2(wcc_v128, x); }
/* Not 0 + x: that would turn -0 into +0 and quiet a signaling NaN. */
static inline wcc_v128 wcc_f32x4_splat(float x) { return WCC_V(WCC_SPLAT4(wcc_vf32, x)); }
static inline wcc_v128 wcc_f64x2_splat(double x) { return WCC_V(WCC_SPLAT2(wcc_vf64, x)); }

static inline uint32_t wcc_i8x16_extract_lane_s(wcc_v128 v, uint32_t lane) {
  return (uint32_t)(int32_t)((wcc_vi8)v)[lane & 15];
}
static inline uint32_t wcc_i8x16_extract_lane_u(wcc_v128 v, uint32_t lane) { return ((wcc_vu8)v)[lane & 15]; }
static inline uint32_t wcc_i16x8_extract_lane_s(wcc_v128 v, uint32_t lane) {
  return (uint32_t)(int32_t)((wcc_vi16)v)[lane & 7];
}
static inline uint32_t wcc_i16x8_extract_lane_u(wcc_v128 v, uint32_t lane) { return ((wcc_vu16)v)[lane & 7]; }
static inline uint32_t wcc_i32x4_extract_lane(wcc_v128 v, uint32_t lane) { return ((wcc_vu32)v)[lane & 3]; }
static inline uint64_t wcc_i64x2_extract_lane(wcc_v128 v, uint32_t lane) { return v[lane & 1]; }
static inline float wcc_f32x4_extract_lane(wcc_v128 v, uint32_t lane) { return ((wcc_vf32)v)[lane & 3]; }
static inline double wcc_f64x2_extract_lane(wcc_v128 v, uint32_t lane) { return ((wcc_vf64)v)[lane & 1]; }

#define WCC_VREPLACE(name, VT, T, X, mask)                              \
  static inline wcc_v128 name(wcc_v128 v, X x, uint32_t lane) {         \
    VT r = (VT)v;                                                       \
    r[lane & mask] = (T)x;                                              \
    return WCC_V(r);                                                    \
  }
#if WCC_SIMD_SSE2 && !WCC_SIMD_SSE41 && !defined(__clang__)
/* Without SSE4.1's pinsrb, GCC writes the byte through the stack and
 * reloads the vector: a store-forwarding stall per byte (2x slower gathers
 * in clang-vectorised code). A select against the splatted byte stays in
 * registers; with a literal lane the mask is a constant. */
static inline wcc_v128 wcc_i8x16_replace_lane(wcc_v128 v, uint32_t x, uint32_t lane) {
  const wcc_vu8 index = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15};
  wcc_vu8 sel = (wcc_vu8)(index == (uint8_t)(lane & 15));
  wcc_vu8 splat = (wcc_vu8){0} + (uint8_t)x;
  return WCC_V(((wcc_vu8)v & ~sel) | (splat & sel));
}
#else
WCC_VREPLACE(wcc_i8x16_replace_lane, wcc_vu8, uint8_t, uint32_t, 15)
#endif
WCC_VREPLACE(wcc_i16x8_replace_lane, wcc_vu16, uint16_t, uint32_t, 7)
WCC_VREPLACE(wcc_i32x4_replace_lane, wcc_vu32, uint32_t, uint32_t, 3)
WCC_VREPLACE(wcc_i64x2_replace_lane, wcc_vu64, uint64_t, uint64_t, 1)
WCC_VREPLACE(wcc_f32x4_replace_lane, wcc_vf32, float, float, 3)
WCC_VREPLACE(wcc_f64x2_replace_lane, wcc_vf64, double, double, 1)

/* --- shuffle, swizzle ---------------------------------------------------- */
/* The 16 lane indices (0..31) are literal constants: a macro, so that they
 * reach __builtin_shufflevector as constants (one pshufb, or better). */
#define wcc_i8x16_shuffle(a, b, ...) \
  WCC_V(__builtin_shufflevector((wcc_vu8)(a), (wcc_vu8)(b), __VA_ARGS__))

/* Indices >= 16 select 0. */
static inline wcc_v128 wcc_i8x16_swizzle(wcc_v128 a, wcc_v128 s) {
#if WCC_SIMD_SSSE3
  /* pshufb zeroes a lane whose index has its top bit set: saturating
   * index + 0x70 sets it exactly for indices >= 16 and keeps the low 4 bits. */
  return WCC_V(_mm_shuffle_epi8((__m128i)a, _mm_adds_epu8((__m128i)s, _mm_set1_epi8(0x70))));
#elif WCC_SIMD_NEON
  return WCC_V(vqtbl1q_u8((uint8x16_t)a, (uint8x16_t)s));
#else
  wcc_vu8 x = (wcc_vu8)a, i = (wcc_vu8)s, r;
  for (unsigned k = 0; k < 16; k++) r[k] = i[k] < 16 ? x[i[k] & 15] : 0;
  return WCC_V(r);
#endif
}

/* --- comparisons: all-ones lanes for true -------------------------------- */
#define WCC_VCMP_INT(shape, VS, VU)              \
  WCC_VBIN(wcc_##shape##_eq, VU, x == y)         \
  WCC_VBIN(wcc_##shape##_ne, VU, x != y)         \
  WCC_VBIN(wcc_##shape##_lt_s, VS, x < y)        \
  WCC_VBIN(wcc_##shape##_lt_u, VU, x < y)        \
  WCC_VBIN(wcc_##shape##_gt_s, VS, x > y)        \
  WCC_VBIN(wcc_##shape##_gt_u, VU, x > y)        \
  WCC_VBIN(wcc_##shape##_le_s, VS, x <= y)       \
  WCC_VBIN(wcc_##shape##_le_u, VU, x <= y)       \
  WCC_VBIN(wcc_##shape##_ge_s, VS, x >= y)       \
  WCC_VBIN(wcc_##shape##_ge_u, VU, x >= y)
WCC_VCMP_INT(i8x16, wcc_vi8, wcc_vu8)
WCC_VCMP_INT(i16x8, wcc_vi16, wcc_vu16)
WCC_VCMP_INT(i32x4, wcc_vi32, wcc_vu32)
WCC_VBIN(wcc_i64x2_eq, wcc_vi64, x == y)
WCC_VBIN(wcc_i64x2_ne, wcc_vi64, x != y)
WCC_VBIN(wcc_i64x2_lt_s, wcc_vi64, x < y)
WCC_VBIN(wcc_i64x2_gt_s, wcc_vi64, x > y)
WCC_VBIN(wcc_i64x2_le_s, wcc_vi64, x <= y)
WCC_VBIN(wcc_i64x2_ge_s, wcc_vi64, x >= y)
/* Float comparisons are false for NaN except ne, as in C. */
#define WCC_VCMP_FLOAT(shape, VF)         \
  WCC_VBIN(wcc_##shape##_eq, VF, x == y)  \
  WCC_VBIN(wcc_##shape##_ne, VF, x != y)  \
  WCC_VBIN(wcc_##shape##_lt, VF, x < y)   \
  WCC_VBIN(wcc_##shape##_gt, VF, x > y)   \
  WCC_VBIN(wcc_##shape##_le, VF, x <= y)  \
  WCC_VBIN(wcc_##shape##_ge, VF, x >= y)
WCC_VCMP_FLOAT(f32x4, wcc_vf32)
WCC_VCMP_FLOAT(f64x2, wcc_vf64)

/* --- bitwise -------------------------------------------------------------- */
static inline wcc_v128 wcc_v128_not(wcc_v128 a) { return ~a; }
static inline wcc_v128 wcc_v128_and(wcc_v128 a, wcc_v128 b) { return a & b; }
static inline wcc_v128 wcc_v128_andnot(wcc_v128 a, wcc_v128 b) { return a & ~b; }
static inline wcc_v128 wcc_v128_or(wcc_v128 a, wcc_v128 b) { return a | b; }
static inline wcc_v128 wcc_v128_xor(wcc_v128 a, wcc_v128 b) { return a ^ b; }
static inline wcc_v128 wcc_v128_bitselect(wcc_v128 a, wcc_v128 b, wcc_v128 c) { return wcc_vsel(c, a, b); }
static inline uint32_t wcc_v128_any_true(wcc_v128 a) { return (a[0] | a[1]) != 0; }

/* --- integer lanes: unary ------------------------------------------------ */
#define WCC_VABS(name, VS, VU) \
  static inline wcc_v128 name(wcc_v128 a) { return wcc_vsel(WCC_V((VS)a < 0), WCC_V(-(VU)a), a); }
WCC_VABS(wcc_i8x16_abs, wcc_vi8, wcc_vu8)
WCC_VABS(wcc_i16x8_abs, wcc_vi16, wcc_vu16)
WCC_VABS(wcc_i32x4_abs, wcc_vi32, wcc_vu32)
WCC_VABS(wcc_i64x2_abs, wcc_vi64, wcc_vu64)
WCC_VUN(wcc_i8x16_neg, wcc_vu8, -x)
WCC_VUN(wcc_i16x8_neg, wcc_vu16, -x)
WCC_VUN(wcc_i32x4_neg, wcc_vu32, -x)
WCC_VUN(wcc_i64x2_neg, wcc_vu64, -x)

static inline wcc_v128 wcc_i8x16_popcnt(wcc_v128 a) {
#if WCC_SIMD_SSSE3
  /* Two nibble lookups. */
  const __m128i table = _mm_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m128i low = _mm_set1_epi8(0x0F);
  __m128i lo = _mm_and_si128((__m128i)a, low), hi = _mm_and_si128(_mm_srli_epi16((__m128i)a, 4), low);
  return WCC_V(_mm_add_epi8(_mm_shuffle_epi8(table, lo), _mm_shuffle_epi8(table, hi)));
#elif WCC_SIMD_NEON
  return WCC_V(vcntq_u8((uint8x16_t)a));
#else
  wcc_vu8 x = (wcc_vu8)a;
  x = x - ((x >> 1) & 0x55);
  x = (x & 0x33) + ((x >> 2) & 0x33);
  return WCC_V((x + (x >> 4)) & 0x0F);
#endif
}

#define WCC_VALL_TRUE(name, VU) \
  static inline uint32_t name(wcc_v128 a) { wcc_v128 z = WCC_V((VU)a == 0); return (z[0] | z[1]) == 0; }
WCC_VALL_TRUE(wcc_i8x16_all_true, wcc_vu8)
WCC_VALL_TRUE(wcc_i16x8_all_true, wcc_vu16)
WCC_VALL_TRUE(wcc_i32x4_all_true, wcc_vu32)
WCC_VALL_TRUE(wcc_i64x2_all_true, wcc_vu64)

/* The sign bit of each lane, lane 0 in bit 0. */
#if WCC_SIMD_SSE2
static inline uint32_t wcc_i8x16_bitmask(wcc_v128 a) { return (uint32_t)_mm_movemask_epi8((__m128i)a); }
static inline uint32_t wcc_i16x8_bitmask(wcc_v128 a) {
  return (uint32_t)_mm_movemask_epi8(_mm_packs_epi16((__m128i)a, _mm_setzero_si128()));
}
static inline uint32_t wcc_i32x4_bitmask(wcc_v128 a) { return (uint32_t)_mm_movemask_ps((__m128)a); }
static inline uint32_t wcc_i64x2_bitmask(wcc_v128 a) { return (uint32_t)_mm_movemask_pd((__m128d)a); }
#else
#define WCC_VBITMASK(name, VS, n)                                          \
  static inline uint32_t name(wcc_v128 a) {                                \
    VS x = (VS)a;                                                          \
    uint32_t r = 0;                                                        \
    for (unsigned i = 0; i < n; i++) r |= (uint32_t)(x[i] < 0) << i;       \
    return r;                                                              \
  }
WCC_VBITMASK(wcc_i8x16_bitmask, wcc_vi8, 16)
WCC_VBITMASK(wcc_i16x8_bitmask, wcc_vi16, 8)
WCC_VBITMASK(wcc_i32x4_bitmask, wcc_vi32, 4)
WCC_VBITMASK(wcc_i64x2_bitmask, wcc_vi64, 2)
#endif

/* --- narrow (signed input, saturating) and extend ------------------------- */
#define WCC_VCLAMP(VS, x, lo, hi) \
  ((VS)wcc_vsel(WCC_V((x) < (lo)), WCC_V((VS){0} + (lo)), wcc_vsel(WCC_V((x) > (hi)), WCC_V((VS){0} + (hi)), WCC_V(x))))
#define WCC_VNARROW(name, VS, VH, VN, lo, hi)                                            \
  static inline wcc_v128 name(wcc_v128 a, wcc_v128 b) {                                 \
    VH x = __builtin_convertvector(WCC_VCLAMP(VS, (VS)a, lo, hi), VH);                  \
    VH y = __builtin_convertvector(WCC_VCLAMP(VS, (VS)b, lo, hi), VH);                  \
    return WCC_V(__builtin_shufflevector(x, y, WCC_NARROW_LANES_##VN));                 \
  }
typedef int8_t wcc_vi8h __attribute__((vector_size(8)));
typedef uint8_t wcc_vu8h __attribute__((vector_size(8)));
typedef int16_t wcc_vi16h __attribute__((vector_size(8)));
typedef uint16_t wcc_vu16h __attribute__((vector_size(8)));
#define WCC_NARROW_LANES_16 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15
#define WCC_NARROW_LANES_8 0, 1, 2, 3, 4, 5, 6, 7
#if WCC_SIMD_SSE2
static inline wcc_v128 wcc_i8x16_narrow_i16x8_s(wcc_v128 a, wcc_v128 b) {
  return WCC_V(_mm_packs_epi16((__m128i)a, (__m128i)b));
}
static inline wcc_v128 wcc_i8x16_narrow_i16x8_u(wcc_v128 a, wcc_v128 b) {
  return WCC_V(_mm_packus_epi16((__m128i)a, (__m128i)b));
}
static inline wcc_v128 wcc_i16x8_narrow_i32x4_s(wcc_v128 a, wcc_v128 b) {
  return WCC_V(_mm_packs_epi32((__m128i)a, (__m128i)b));
}
#else
WCC_VNARROW(wcc_i8x16_narrow_i16x8_s, wcc_vi16, wcc_vi8h, 16, -128, 127)
WCC_VNARROW(wcc_i8x16_narrow_i16x8_u, wcc_vi16, wcc_vu8h, 16, 0, 255)
WCC_VNARROW(wcc_i16x8_narrow_i32x4_s, wcc_vi32, wcc_vi16h, 8, -32768, 32767)
#endif
#if WCC_SIMD_SSE41
static inline wcc_v128 wcc_i16x8_narrow_i32x4_u(wcc_v128 a, wcc_v128 b) {
  return WCC_V(_mm_packus_epi32((__m128i)a, (__m128i)b));
}
#else
WCC_VNARROW(wcc_i16x8_narrow_i32x4_u, wcc_vi32, wcc_vu16h, 8, 0, 65535)
#endif

/* Extension interleaves a half with itself (signed: then an arithmetic shift
 * moves the copy down) or with zeros (unsigned): punpck + psra on SSE2. */
#define WCC_L8_LO 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7
#define WCC_L8_HI 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15
#define WCC_L8_LOZ 0, 16, 1, 16, 2, 16, 3, 16, 4, 16, 5, 16, 6, 16, 7, 16
#define WCC_L8_HIZ 8, 16, 9, 16, 10, 16, 11, 16, 12, 16, 13, 16, 14, 16, 15, 16
#define WCC_L16_LO 0, 0, 1, 1, 2, 2, 3, 3
#define WCC_L16_HI 4, 4, 5, 5, 6, 6, 7, 7
#define WCC_L16_LOZ 0, 8, 1, 8, 2, 8, 3, 8
#define WCC_L16_HIZ 4, 8, 5, 8, 6, 8, 7, 8
#define WCC_L32_LO 0, 0, 1, 1
#define WCC_L32_HI 2, 2, 3, 3
#define WCC_L32_LOZ 0, 4, 1, 4
#define WCC_L32_HIZ 2, 4, 3, 4
#define WCC_VEXTEND(shape, from, VN, VW, VWS, bits)                                          \
  static inline wcc_v128 wcc_##shape##_extend_low_##from##_s(wcc_v128 a) {                  \
    return WCC_V((VWS)__builtin_shufflevector((VN)a, (VN)a, WCC_L##bits##_LO) >> bits);     \
  }                                                                                         \
  static inline wcc_v128 wcc_##shape##_extend_high_##from##_s(wcc_v128 a) {                 \
    return WCC_V((VWS)__builtin_shufflevector((VN)a, (VN)a, WCC_L##bits##_HI) >> bits);     \
  }                                                                                         \
  static inline wcc_v128 wcc_##shape##_extend_low_##from##_u(wcc_v128 a) {                  \
    return WCC_V(__builtin_shufflevector((VN)a, (VN){0}, WCC_L##bits##_LOZ));               \
  }                                                                                         \
  static inline wcc_v128 wcc_##shape##_extend_high_##from##_u(wcc_v128 a) {                 \
    return WCC_V(__builtin_shufflevector((VN)a, (VN){0}, WCC_L##bits##_HIZ));               \
  }
WCC_VEXTEND(i16x8, i8x16, wcc_vu8, wcc_vu16, wcc_vi16, 8)
WCC_VEXTEND(i32x4, i16x8, wcc_vu16, wcc_vu32, wcc_vi32, 16)
WCC_VEXTEND(i64x2, i32x4, wcc_vu32, wcc_vu64, wcc_vi64, 32)

/* --- shifts: the count is taken modulo the lane width ---------------------- */
#define WCC_VSHIFTS(shape, VS, VU, bits)                                                               \
  static inline wcc_v128 wcc_##shape##_shl(wcc_v128 a, uint32_t n) { return WCC_V((VU)a << (int)(n & (bits - 1))); } \
  static inline wcc_v128 wcc_##shape##_shr_s(wcc_v128 a, uint32_t n) { return WCC_V((VS)a >> (int)(n & (bits - 1))); } \
  static inline wcc_v128 wcc_##shape##_shr_u(wcc_v128 a, uint32_t n) { return WCC_V((VU)a >> (int)(n & (bits - 1))); }
WCC_VSHIFTS(i8x16, wcc_vi8, wcc_vu8, 8)
WCC_VSHIFTS(i16x8, wcc_vi16, wcc_vu16, 16)
WCC_VSHIFTS(i32x4, wcc_vi32, wcc_vu32, 32)
WCC_VSHIFTS(i64x2, wcc_vi64, wcc_vu64, 64)

/* --- add, sub, mul (wrapping, in unsigned lanes) --------------------------- */
WCC_VBIN(wcc_i8x16_add, wcc_vu8, x + y)
WCC_VBIN(wcc_i16x8_add, wcc_vu16, x + y)
WCC_VBIN(wcc_i32x4_add, wcc_vu32, x + y)
WCC_VBIN(wcc_i64x2_add, wcc_vu64, x + y)
WCC_VBIN(wcc_i8x16_sub, wcc_vu8, x - y)
WCC_VBIN(wcc_i16x8_sub, wcc_vu16, x - y)
WCC_VBIN(wcc_i32x4_sub, wcc_vu32, x - y)
WCC_VBIN(wcc_i64x2_sub, wcc_vu64, x - y)
WCC_VBIN(wcc_i16x8_mul, wcc_vu16, x * y)
WCC_VBIN(wcc_i32x4_mul, wcc_vu32, x * y)
WCC_VBIN(wcc_i64x2_mul, wcc_vu64, x * y)

/* --- saturating add/sub ---------------------------------------------------- */
#if WCC_SIMD_SSE2
#define WCC_VSAT(shape, w)                                                                                 \
  static inline wcc_v128 wcc_##shape##_add_sat_s(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_adds_epi##w((__m128i)a, (__m128i)b)); } \
  static inline wcc_v128 wcc_##shape##_add_sat_u(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_adds_epu##w((__m128i)a, (__m128i)b)); } \
  static inline wcc_v128 wcc_##shape##_sub_sat_s(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_subs_epi##w((__m128i)a, (__m128i)b)); } \
  static inline wcc_v128 wcc_##shape##_sub_sat_u(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_subs_epu##w((__m128i)a, (__m128i)b)); }
WCC_VSAT(i8x16, 8)
WCC_VSAT(i16x8, 16)
#else
/* Signed overflow happened when the operands' signs made it possible and the
 * result's sign is wrong; the saturated value is then MAX or MIN by the sign
 * of a: (a >> (bits-1)) ^ MAX. Unsigned: a carry or borrow, seen by compare. */
#define WCC_VSAT(shape, VS, VU, max)                                                  \
  static inline wcc_v128 wcc_##shape##_add_sat_s(wcc_v128 a, wcc_v128 b) {           \
    VS x = (VS)a, y = (VS)b, s = (VS)((VU)x + (VU)y);                               \
    return wcc_vsel(WCC_V(((x ^ s) & (y ^ s)) < 0), WCC_V((x >> (sizeof x[0] * 8 - 1)) ^ max), WCC_V(s)); \
  }                                                                                 \
  static inline wcc_v128 wcc_##shape##_sub_sat_s(wcc_v128 a, wcc_v128 b) {           \
    VS x = (VS)a, y = (VS)b, d = (VS)((VU)x - (VU)y);                               \
    return wcc_vsel(WCC_V(((x ^ y) & (x ^ d)) < 0), WCC_V((x >> (sizeof x[0] * 8 - 1)) ^ max), WCC_V(d)); \
  }                                                                                 \
  static inline wcc_v128 wcc_##shape##_add_sat_u(wcc_v128 a, wcc_v128 b) {           \
    VU x = (VU)a, s = x + (VU)b;                                                    \
    return WCC_V(s | (VU)(s < x));                                                  \
  }                                                                                 \
  static inline wcc_v128 wcc_##shape##_sub_sat_u(wcc_v128 a, wcc_v128 b) {           \
    VU x = (VU)a, y = (VU)b;                                                        \
    return WCC_V((x - y) & (VU)(x >= y));                                           \
  }
WCC_VSAT(i8x16, wcc_vi8, wcc_vu8, 0x7F)
WCC_VSAT(i16x8, wcc_vi16, wcc_vu16, 0x7FFF)
#endif

/* --- min, max, avgr_u -------------------------------------------------------- */
#define WCC_VMINMAX(shape, sx, VT)                                                                          \
  static inline wcc_v128 wcc_##shape##_min_##sx(wcc_v128 a, wcc_v128 b) { return wcc_vsel(WCC_V((VT)a < (VT)b), a, b); } \
  static inline wcc_v128 wcc_##shape##_max_##sx(wcc_v128 a, wcc_v128 b) { return wcc_vsel(WCC_V((VT)a > (VT)b), a, b); }
#define WCC_XMINMAX(shape, sx, w)                                                                                   \
  static inline wcc_v128 wcc_##shape##_min_##sx(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_min_##w((__m128i)a, (__m128i)b)); } \
  static inline wcc_v128 wcc_##shape##_max_##sx(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_max_##w((__m128i)a, (__m128i)b)); }
/* SSE2 has min/max for u8 and s16 only, SSE4.1 for the rest; GCC does not
 * turn the generic compare-and-select into them. */
#if WCC_SIMD_SSE2
WCC_XMINMAX(i8x16, u, epu8)
WCC_XMINMAX(i16x8, s, epi16)
#else
WCC_VMINMAX(i8x16, u, wcc_vu8)
WCC_VMINMAX(i16x8, s, wcc_vi16)
#endif
#if WCC_SIMD_SSE41
WCC_XMINMAX(i8x16, s, epi8)
WCC_XMINMAX(i16x8, u, epu16)
WCC_XMINMAX(i32x4, s, epi32)
WCC_XMINMAX(i32x4, u, epu32)
#else
WCC_VMINMAX(i8x16, s, wcc_vi8)
WCC_VMINMAX(i16x8, u, wcc_vu16)
WCC_VMINMAX(i32x4, s, wcc_vi32)
WCC_VMINMAX(i32x4, u, wcc_vu32)
#endif
/* (a + b + 1) >> 1 without overflow. */
#if WCC_SIMD_SSE2
static inline wcc_v128 wcc_i8x16_avgr_u(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_avg_epu8((__m128i)a, (__m128i)b)); }
static inline wcc_v128 wcc_i16x8_avgr_u(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_avg_epu16((__m128i)a, (__m128i)b)); }
#else
WCC_VBIN(wcc_i8x16_avgr_u, wcc_vu8, (x | y) - ((x ^ y) >> 1))
WCC_VBIN(wcc_i16x8_avgr_u, wcc_vu16, (x | y) - ((x ^ y) >> 1))
#endif

/* --- float lanes ------------------------------------------------------------- */
/* abs/neg touch only the sign bit, NaN payloads included. */
static inline wcc_v128 wcc_f32x4_abs(wcc_v128 a) { return a & WCC_SPLAT2(wcc_v128, 0x7FFFFFFF7FFFFFFFu); }
static inline wcc_v128 wcc_f32x4_neg(wcc_v128 a) { return a ^ WCC_SPLAT2(wcc_v128, 0x8000000080000000u); }
static inline wcc_v128 wcc_f64x2_abs(wcc_v128 a) { return a & WCC_SPLAT2(wcc_v128, 0x7FFFFFFFFFFFFFFFu); }
static inline wcc_v128 wcc_f64x2_neg(wcc_v128 a) { return a ^ WCC_SPLAT2(wcc_v128, 0x8000000000000000u); }
WCC_VBIN(wcc_f32x4_add, wcc_vf32, x + y)
WCC_VBIN(wcc_f32x4_sub, wcc_vf32, x - y)
WCC_VBIN(wcc_f32x4_mul, wcc_vf32, x * y)
WCC_VBIN(wcc_f32x4_div, wcc_vf32, x / y)
WCC_VBIN(wcc_f64x2_add, wcc_vf64, x + y)
WCC_VBIN(wcc_f64x2_sub, wcc_vf64, x - y)
WCC_VBIN(wcc_f64x2_mul, wcc_vf64, x * y)
WCC_VBIN(wcc_f64x2_div, wcc_vf64, x / y)
/* Wasm quiets a signaling NaN where C compilers may fold the operation away
 * (x * 1, x - 0): the emitter wraps such results, as for scalars. */
static inline wcc_v128 wcc_f32x4_quiet(wcc_v128 a) {
  wcc_vf32 x = (wcc_vf32)a;
  return wcc_vsel(WCC_V(x != x), WCC_V(x + x), a);
}
static inline wcc_v128 wcc_f64x2_quiet(wcc_v128 a) {
  wcc_vf64 x = (wcc_vf64)a;
  return wcc_vsel(WCC_V(x != x), WCC_V(x + x), a);
}

static inline wcc_v128 wcc_f32x4_sqrt(wcc_v128 a) {
#if WCC_SIMD_SSE2
  return WCC_V(_mm_sqrt_ps((__m128)a));
#elif WCC_SIMD_NEON
  return WCC_V(vsqrtq_f32((float32x4_t)a));
#else
  wcc_vf32 x = (wcc_vf32)a;
  for (unsigned i = 0; i < 4; i++) x[i] = wcc_f32_quiet(sqrtf(x[i]));
  return WCC_V(x);
#endif
}
static inline wcc_v128 wcc_f64x2_sqrt(wcc_v128 a) {
#if WCC_SIMD_SSE2
  return WCC_V(_mm_sqrt_pd((__m128d)a));
#elif WCC_SIMD_NEON
  return WCC_V(vsqrtq_f64((float64x2_t)a));
#else
  wcc_vf64 x = (wcc_vf64)a;
  for (unsigned i = 0; i < 2; i++) x[i] = wcc_f64_quiet(sqrt(x[i]));
  return WCC_V(x);
#endif
}

/* min/max: a NaN lane gives a + b (a quiet NaN, canonical when the inputs
 * are); equal lanes give the OR (min) or AND (max) of their bits, so that
 * -0 < +0. Not x86's minps, which returns its second operand for NaN and
 * zeros. pmin/pmax are the plain b < a ? b : a and a < b ? b : a. */
#if WCC_SIMD_SSE2
static inline wcc_v128 wcc_f32x4_min(wcc_v128 a, wcc_v128 b) {
  __m128 x = (__m128)a, y = (__m128)b;
  __m128 r = _mm_or_ps(_mm_min_ps(x, y), _mm_and_ps(x, _mm_cmpeq_ps(x, y)));
  __m128 nan = _mm_cmpunord_ps(x, y);
  return WCC_V(_mm_or_ps(_mm_and_ps(nan, _mm_add_ps(x, y)), _mm_andnot_ps(nan, r)));
}
static inline wcc_v128 wcc_f32x4_max(wcc_v128 a, wcc_v128 b) {
  __m128 x = (__m128)a, y = (__m128)b;
  __m128 r = _mm_and_ps(_mm_max_ps(x, y), _mm_or_ps(x, _mm_cmpneq_ps(x, y)));
  __m128 nan = _mm_cmpunord_ps(x, y);
  return WCC_V(_mm_or_ps(_mm_and_ps(nan, _mm_add_ps(x, y)), _mm_andnot_ps(nan, r)));
}
static inline wcc_v128 wcc_f64x2_min(wcc_v128 a, wcc_v128 b) {
  __m128d x = (__m128d)a, y = (__m128d)b;
  __m128d r = _mm_or_pd(_mm_min_pd(x, y), _mm_and_pd(x, _mm_cmpeq_pd(x, y)));
  __m128d nan = _mm_cmpunord_pd(x, y);
  return WCC_V(_mm_or_pd(_mm_and_pd(nan, _mm_add_pd(x, y)), _mm_andnot_pd(nan, r)));
}
static inline wcc_v128 wcc_f64x2_max(wcc_v128 a, wcc_v128 b) {
  __m128d x = (__m128d)a, y = (__m128d)b;
  __m128d r = _mm_and_pd(_mm_max_pd(x, y), _mm_or_pd(x, _mm_cmpneq_pd(x, y)));
  __m128d nan = _mm_cmpunord_pd(x, y);
  return WCC_V(_mm_or_pd(_mm_and_pd(nan, _mm_add_pd(x, y)), _mm_andnot_pd(nan, r)));
}
/* minps(x, y) is x < y ? x : y, exactly pmin with the operands swapped. */
static inline wcc_v128 wcc_f32x4_pmin(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_min_ps((__m128)b, (__m128)a)); }
static inline wcc_v128 wcc_f32x4_pmax(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_max_ps((__m128)b, (__m128)a)); }
static inline wcc_v128 wcc_f64x2_pmin(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_min_pd((__m128d)b, (__m128d)a)); }
static inline wcc_v128 wcc_f64x2_pmax(wcc_v128 a, wcc_v128 b) { return WCC_V(_mm_max_pd((__m128d)b, (__m128d)a)); }
#elif WCC_SIMD_NEON
/* NEON's fmin/fmax are IEEE 754-2008 minimum/maximum: wasm's min/max. */
static inline wcc_v128 wcc_f32x4_min(wcc_v128 a, wcc_v128 b) { return WCC_V(vminq_f32((float32x4_t)a, (float32x4_t)b)); }
static inline wcc_v128 wcc_f32x4_max(wcc_v128 a, wcc_v128 b) { return WCC_V(vmaxq_f32((float32x4_t)a, (float32x4_t)b)); }
static inline wcc_v128 wcc_f64x2_min(wcc_v128 a, wcc_v128 b) { return WCC_V(vminq_f64((float64x2_t)a, (float64x2_t)b)); }
static inline wcc_v128 wcc_f64x2_max(wcc_v128 a, wcc_v128 b) { return WCC_V(vmaxq_f64((float64x2_t)a, (float64x2_t)b)); }
#endif
#if !WCC_SIMD_SSE2
#define WCC_VFMINMAX(shape, VF)                                                        \
  static inline wcc_v128 wcc_##shape##_pmin(wcc_v128 a, wcc_v128 b) {                 \
    return wcc_vsel(WCC_V((VF)b < (VF)a), b, a);                                      \
  }                                                                                   \
  static inline wcc_v128 wcc_##shape##_pmax(wcc_v128 a, wcc_v128 b) {                 \
    return wcc_vsel(WCC_V((VF)a < (VF)b), b, a);                                      \
  }                                                                                   \
  WCC_VFMINMAX_IEEE(shape, VF)
#if WCC_SIMD_NEON
#define WCC_VFMINMAX_IEEE(shape, VF)
#else
#define WCC_VFMINMAX_IEEE(shape, VF)                                                   \
  static inline wcc_v128 wcc_##shape##_min(wcc_v128 a, wcc_v128 b) {                  \
    VF x = (VF)a, y = (VF)b;                                                          \
    wcc_v128 lt = WCC_V(x < y), r = (a & lt) | (b & ~lt) | (a & WCC_V(x == y));       \
    return wcc_vsel(WCC_V(x != x) | WCC_V(y != y), WCC_V(x + y), r);                  \
  }                                                                                   \
  static inline wcc_v128 wcc_##shape##_max(wcc_v128 a, wcc_v128 b) {                  \
    VF x = (VF)a, y = (VF)b;                                                          \
    wcc_v128 gt = WCC_V(x > y), r = ((a & gt) | (b & ~gt)) & (a | ~WCC_V(x == y));    \
    return wcc_vsel(WCC_V(x != x) | WCC_V(y != y), WCC_V(x + y), r);                  \
  }
#endif
WCC_VFMINMAX(f32x4, wcc_vf32)
WCC_VFMINMAX(f64x2, wcc_vf64)
#endif

/* Rounding. SSE4.1 and NEON have instructions (which quiet NaNs). Otherwise:
 * for |x| < 2^23 (2^52), (|x| + 2^23) - 2^23 is |x| rounded to nearest even
 * (the addition pushes the fraction out); trunc is that minus one where it
 * rounded up, floor and ceil adjust trunc by one. Larger values and
 * infinities are integers already; x + 0 keeps them and quiets NaNs. */
#if WCC_SIMD_SSE41
#define WCC_VROUND(shape, op, mode) \
  static inline wcc_v128 wcc_##shape##_##op(wcc_v128 a) { return WCC_V(WCC_XROUND_##shape(a, mode | _MM_FROUND_NO_EXC)); }
#define WCC_XROUND_f32x4(a, m) _mm_round_ps((__m128)(a), m)
#define WCC_XROUND_f64x2(a, m) _mm_round_pd((__m128d)(a), m)
WCC_VROUND(f32x4, ceil, _MM_FROUND_TO_POS_INF)
WCC_VROUND(f32x4, floor, _MM_FROUND_TO_NEG_INF)
WCC_VROUND(f32x4, trunc, _MM_FROUND_TO_ZERO)
WCC_VROUND(f32x4, nearest, _MM_FROUND_TO_NEAREST_INT)
WCC_VROUND(f64x2, ceil, _MM_FROUND_TO_POS_INF)
WCC_VROUND(f64x2, floor, _MM_FROUND_TO_NEG_INF)
WCC_VROUND(f64x2, trunc, _MM_FROUND_TO_ZERO)
WCC_VROUND(f64x2, nearest, _MM_FROUND_TO_NEAREST_INT)
#elif WCC_SIMD_NEON
#define WCC_VROUND(shape, op, fn, T) \
  static inline wcc_v128 wcc_##shape##_##op(wcc_v128 a) { return WCC_V(fn((T)a)); }
WCC_VROUND(f32x4, ceil, vrndpq_f32, float32x4_t)
WCC_VROUND(f32x4, floor, vrndmq_f32, float32x4_t)
WCC_VROUND(f32x4, trunc, vrndq_f32, float32x4_t)
WCC_VROUND(f32x4, nearest, vrndnq_f32, float32x4_t)
WCC_VROUND(f64x2, ceil, vrndpq_f64, float64x2_t)
WCC_VROUND(f64x2, floor, vrndmq_f64, float64x2_t)
WCC_VROUND(f64x2, trunc, vrndq_f64, float64x2_t)
WCC_VROUND(f64x2, nearest, vrndnq_f64, float64x2_t)
#else
#define WCC_VROUND(shape, VF, sign, big)                                                    \
  static inline wcc_v128 wcc_##shape##_nearest(wcc_v128 a) {                               \
    wcc_v128 s = a & WCC_SPLAT2(wcc_v128, sign);                                           \
    VF x = (VF)a, ax = (VF)(a ^ s), m = (VF){0} + big;                                     \
    return wcc_vsel(WCC_V(ax < m), WCC_V((ax + m) - m) | s, WCC_V(x + (VF){0}));           \
  }                                                                                        \
  static inline wcc_v128 wcc_##shape##_trunc(wcc_v128 a) {                                 \
    wcc_v128 s = a & WCC_SPLAT2(wcc_v128, sign);                                           \
    VF x = (VF)a, ax = (VF)(a ^ s), m = (VF){0} + big, n = (ax + m) - m;                   \
    n = (VF)wcc_vsel(WCC_V(n > ax), WCC_V(n - 1), WCC_V(n));                               \
    return wcc_vsel(WCC_V(ax < m), WCC_V(n) | s, WCC_V(x + (VF){0}));                      \
  }                                                                                        \
  /* Selects, not adding 0: -0 + 0 would be +0. */                                         \
  static inline wcc_v128 wcc_##shape##_floor(wcc_v128 a) {                                 \
    VF x = (VF)a, t = (VF)wcc_##shape##_trunc(a);                                          \
    return wcc_vsel(WCC_V(t > x), WCC_V(t - 1), WCC_V(t));                                 \
  }                                                                                        \
  static inline wcc_v128 wcc_##shape##_ceil(wcc_v128 a) {                                  \
    VF x = (VF)a, t = (VF)wcc_##shape##_trunc(a);                                          \
    return wcc_vsel(WCC_V(t < x), WCC_V(t + 1), WCC_V(t));                                 \
  }
WCC_VROUND(f32x4, wcc_vf32, 0x8000000080000000u, 0x1p23f)
WCC_VROUND(f64x2, wcc_vf64, 0x8000000000000000u, 0x1p52)
#endif

/* --- conversions ------------------------------------------------------------- */
/* Float to int, saturating: convert only lanes in range (out-of-range
 * conversion is undefined in C), then fill in MIN, MAX or 0 (NaN). */
static inline wcc_v128 wcc_i32x4_trunc_sat_f32x4_s(wcc_v128 a) {
  wcc_vf32 x = (wcc_vf32)a;
  wcc_v128 ok = WCC_V(x >= -0x1p31f) & WCC_V(x < 0x1p31f);
  wcc_vi32 r = __builtin_convertvector((wcc_vf32)(a & ok), wcc_vi32);
  return (WCC_V(r) & ok) | (WCC_V(x >= 0x1p31f) & WCC_SPLAT2(wcc_v128, 0x7FFFFFFF7FFFFFFFu)) |
         (WCC_V(x < -0x1p31f) & WCC_SPLAT2(wcc_v128, 0x8000000080000000u));
}
static inline wcc_v128 wcc_i32x4_trunc_sat_f32x4_u(wcc_v128 a) {
  wcc_vf32 x = (wcc_vf32)a;
  wcc_v128 ok = WCC_V(x > -1.0f) & WCC_V(x < 0x1p32f);
  wcc_vu32 r = __builtin_convertvector((wcc_vf32)(a & ok), wcc_vu32);
  return (WCC_V(r) & ok) | WCC_V(x >= 0x1p32f);
}
/* From f64 the bounds are exact doubles: clamp, then convert. */
#define WCC_VTRUNC_ZERO(name, VH, lo, hi)                                              \
  static inline wcc_v128 name(wcc_v128 a) {                                           \
    wcc_vf64 x = (wcc_vf64)a;                                                         \
    wcc_v128 c = wcc_vsel(WCC_V(x < lo), WCC_V(WCC_SPLAT2(wcc_vf64, lo)), a);         \
    c = wcc_vsel(WCC_V(x > hi), WCC_V(WCC_SPLAT2(wcc_vf64, hi)), c);                  \
    c &= ~WCC_V(x != x);                                                              \
    VH r = __builtin_convertvector((wcc_vf64)c, VH);                                  \
    return WCC_V(__builtin_shufflevector(r, (VH){0}, 0, 1, 2, 3));                    \
  }
WCC_VTRUNC_ZERO(wcc_i32x4_trunc_sat_f64x2_s_zero, wcc_vi32h, -2147483648.0, 2147483647.0)
WCC_VTRUNC_ZERO(wcc_i32x4_trunc_sat_f64x2_u_zero, wcc_vu32h, 0.0, 4294967295.0)
static inline wcc_v128 wcc_f32x4_convert_i32x4_s(wcc_v128 a) {
  return WCC_V(__builtin_convertvector((wcc_vi32)a, wcc_vf32));
}
static inline wcc_v128 wcc_f32x4_convert_i32x4_u(wcc_v128 a) {
  return WCC_V(__builtin_convertvector((wcc_vu32)a, wcc_vf32));
}
static inline wcc_v128 wcc_f64x2_convert_low_i32x4_s(wcc_v128 a) {
  wcc_vi32 x = (wcc_vi32)a;
  return WCC_V(__builtin_convertvector(__builtin_shufflevector(x, x, 0, 1), wcc_vf64));
}
static inline wcc_v128 wcc_f64x2_convert_low_i32x4_u(wcc_v128 a) {
  wcc_vu32 x = (wcc_vu32)a;
  return WCC_V(__builtin_convertvector(__builtin_shufflevector(x, x, 0, 1), wcc_vf64));
}
/* Quieted explicitly: compilers may fold a promote-demote pair to nothing. */
static inline wcc_v128 wcc_f32x4_demote_f64x2_zero(wcc_v128 a) {
  wcc_vf32h r = __builtin_convertvector((wcc_vf64)a, wcc_vf32h);
  return wcc_f32x4_quiet(WCC_V(__builtin_shufflevector(r, (wcc_vf32h){0}, 0, 1, 2, 3)));
}
static inline wcc_v128 wcc_f64x2_promote_low_f32x4(wcc_v128 a) {
  wcc_vf32 x = (wcc_vf32)a;
  return WCC_V(__builtin_convertvector(__builtin_shufflevector(x, x, 0, 1), wcc_vf64));
}

#else
/* ======================================================================== */
/* Scalar path: portable C11. Lanes are copied into arrays of unsigned lane  */
/* type (or float/double), computed one by one, and copied back.            */
/* ======================================================================== */

/* Signed value of an unsigned lane, without implementation-defined casts. */
static inline int32_t wcc_s8(uint32_t x) { return (int32_t)(x & 0xFFu) - (int32_t)((x & 0x80u) << 1); }
static inline int32_t wcc_s16(uint32_t x) { return (int32_t)(x & 0xFFFFu) - (int32_t)((x & 0x8000u) << 1); }
static inline int64_t wcc_s32(uint32_t x) { return (int64_t)x - (int64_t)((uint64_t)(x & 0x80000000u) << 1); }
/* 64-bit lanes compare signed after flipping the sign bit. */
static inline uint64_t wcc_b64(uint64_t x) { return x ^ 0x8000000000000000u; }
/* All ones (true) or zero, in lane type T. */
#define WCC_MASK(T, c) ((T) - (T)((c) ? 1 : 0))
/* Arithmetic shift right of a w-bit lane: shift the value with its sign
 * flipped to 0, flip back. */
static inline uint64_t wcc_sar(uint64_t x, unsigned n, unsigned w) {
  uint64_t ones = w == 64 ? ~(uint64_t)0 : ((uint64_t)1 << w) - 1;
  uint64_t s = (x >> (w - 1) & 1) ? ones : 0;
  return ((x ^ s) >> n) ^ s;
}
/* Lanes of `size` bytes between host order (arrays) and the v128's
 * little-endian bytes: a copy, or on big-endian hosts a copy that reverses
 * each lane (its own inverse). Floats have their integers' byte order. */
static inline void wcc_lanes_copy(void *dst, const void *src, size_t size) {
#if WCC_BIG_ENDIAN
  const uint8_t *s = (const uint8_t *)src;
  uint8_t *d = (uint8_t *)dst;
  for (size_t i = 0; i < 16; i += size)
    for (size_t k = 0; k < size; k++) d[i + k] = s[i + size - 1 - k];
#else
  (void)size;
  memcpy(dst, src, 16);
#endif
}
/* One lane of `size` bytes, the same way. */
static inline void wcc_lane_copy(void *dst, const void *src, size_t size) {
#if WCC_BIG_ENDIAN
  for (size_t k = 0; k < size; k++) ((uint8_t *)dst)[k] = ((const uint8_t *)src)[size - 1 - k];
#else
  memcpy(dst, src, size);
#endif
}
static inline wcc_v128 wcc_pack_lanes(const void *lanes, size_t size) {
  wcc_v128 r;
  wcc_lanes_copy(r.b, lanes, size);
  return r;
}
#define wcc_pack(lanes) wcc_pack_lanes(lanes, sizeof (lanes)[0])
/* The lanes of v into the array `lanes`, whose element type is the shape's. */
#define WCC_UNPACK(lanes, v) wcc_lanes_copy(lanes, (v).b, sizeof (lanes)[0])

#define WCC_SUN(name, T, N, expr)                                       \
  static inline wcc_v128 name(wcc_v128 a) {                             \
    T l[N];                                                             \
    WCC_UNPACK(l, a);                                                 \
    for (unsigned i = 0; i < N; i++) {                                  \
      T x = l[i];                                                       \
      l[i] = (T)(expr);                                                 \
    }                                                                   \
    return wcc_pack(l);                                                 \
  }
#define WCC_SBIN(name, T, N, expr)                                      \
  static inline wcc_v128 name(wcc_v128 a, wcc_v128 b) {                 \
    T l[N], m[N];                                                       \
    WCC_UNPACK(l, a);                                                 \
    WCC_UNPACK(m, b);                                                 \
    for (unsigned i = 0; i < N; i++) {                                  \
      T x = l[i], y = m[i];                                             \
      l[i] = (T)(expr);                                                 \
    }                                                                   \
    return wcc_pack(l);                                                 \
  }

/* --- splat, extract_lane, replace_lane ---------------------------------- */
#define WCC_SSPLAT(name, T, N, X)                                       \
  static inline wcc_v128 name(X x) {                                    \
    T l[N];                                                             \
    for (unsigned i = 0; i < N; i++) l[i] = (T)x;                       \
    return wcc_pack(l);                                                 \
  }
WCC_SSPLAT(wcc_i8x16_splat, uint8_t, 16, uint32_t)
WCC_SSPLAT(wcc_i16x8_splat, uint16_t, 8, uint32_t)
WCC_SSPLAT(wcc_i32x4_splat, uint32_t, 4, uint32_t)
WCC_SSPLAT(wcc_i64x2_splat, uint64_t, 2, uint64_t)
WCC_SSPLAT(wcc_f32x4_splat, float, 4, float)
WCC_SSPLAT(wcc_f64x2_splat, double, 2, double)

#define WCC_SLANE(shape, T, N, X, size, extract_expr)                             \
  static inline X wcc_##shape##_extract_lane##size(wcc_v128 v, uint32_t lane) {   \
    T x;                                                                          \
    wcc_lane_copy(&x, v.b + (lane & (N - 1)) * sizeof x, sizeof x);               \
    return extract_expr;                                                          \
  }
WCC_SLANE(i8x16, uint8_t, 16, uint32_t, _s, (uint32_t)wcc_s8(x))
WCC_SLANE(i8x16, uint8_t, 16, uint32_t, _u, x)
WCC_SLANE(i16x8, uint16_t, 8, uint32_t, _s, (uint32_t)wcc_s16(x))
WCC_SLANE(i16x8, uint16_t, 8, uint32_t, _u, x)
WCC_SLANE(i32x4, uint32_t, 4, uint32_t, , x)
WCC_SLANE(i64x2, uint64_t, 2, uint64_t, , x)
WCC_SLANE(f32x4, float, 4, float, , x)
WCC_SLANE(f64x2, double, 2, double, , x)
#define WCC_SREPLACE(shape, T, N, X)                                                       \
  static inline wcc_v128 wcc_##shape##_replace_lane(wcc_v128 v, X x, uint32_t lane) {      \
    T t = (T)x;                                                                            \
    wcc_lane_copy(v.b + (lane & (N - 1)) * sizeof t, &t, sizeof t);                        \
    return v;                                                                              \
  }
WCC_SREPLACE(i8x16, uint8_t, 16, uint32_t)
WCC_SREPLACE(i16x8, uint16_t, 8, uint32_t)
WCC_SREPLACE(i32x4, uint32_t, 4, uint32_t)
WCC_SREPLACE(i64x2, uint64_t, 2, uint64_t)
WCC_SREPLACE(f32x4, float, 4, float)
WCC_SREPLACE(f64x2, double, 2, double)

/* --- shuffle, swizzle ---------------------------------------------------- */
static inline wcc_v128 wcc_shuffle(wcc_v128 a, wcc_v128 b, const uint8_t *lanes) {
  wcc_v128 r;
  for (unsigned i = 0; i < 16; i++) r.b[i] = lanes[i] < 16 ? a.b[lanes[i]] : b.b[lanes[i] & 15];
  return r;
}
#define wcc_i8x16_shuffle(a, b, ...) wcc_shuffle(a, b, (const uint8_t[16]){__VA_ARGS__})
static inline wcc_v128 wcc_i8x16_swizzle(wcc_v128 a, wcc_v128 s) {
  wcc_v128 r;
  for (unsigned i = 0; i < 16; i++) r.b[i] = s.b[i] < 16 ? a.b[s.b[i]] : 0;
  return r;
}

/* --- comparisons -------------------------------------------------------- */
#define WCC_SCMP_INT(shape, T, N, S)                                 \
  WCC_SBIN(wcc_##shape##_eq, T, N, WCC_MASK(T, x == y))              \
  WCC_SBIN(wcc_##shape##_ne, T, N, WCC_MASK(T, x != y))              \
  WCC_SBIN(wcc_##shape##_lt_s, T, N, WCC_MASK(T, S(x) < S(y)))       \
  WCC_SBIN(wcc_##shape##_lt_u, T, N, WCC_MASK(T, x < y))             \
  WCC_SBIN(wcc_##shape##_gt_s, T, N, WCC_MASK(T, S(x) > S(y)))       \
  WCC_SBIN(wcc_##shape##_gt_u, T, N, WCC_MASK(T, x > y))             \
  WCC_SBIN(wcc_##shape##_le_s, T, N, WCC_MASK(T, S(x) <= S(y)))      \
  WCC_SBIN(wcc_##shape##_le_u, T, N, WCC_MASK(T, x <= y))            \
  WCC_SBIN(wcc_##shape##_ge_s, T, N, WCC_MASK(T, S(x) >= S(y)))      \
  WCC_SBIN(wcc_##shape##_ge_u, T, N, WCC_MASK(T, x >= y))
WCC_SCMP_INT(i8x16, uint8_t, 16, wcc_s8)
WCC_SCMP_INT(i16x8, uint16_t, 8, wcc_s16)
WCC_SCMP_INT(i32x4, uint32_t, 4, wcc_s32)
WCC_SBIN(wcc_i64x2_eq, uint64_t, 2, WCC_MASK(uint64_t, x == y))
WCC_SBIN(wcc_i64x2_ne, uint64_t, 2, WCC_MASK(uint64_t, x != y))
WCC_SBIN(wcc_i64x2_lt_s, uint64_t, 2, WCC_MASK(uint64_t, wcc_b64(x) < wcc_b64(y)))
WCC_SBIN(wcc_i64x2_gt_s, uint64_t, 2, WCC_MASK(uint64_t, wcc_b64(x) > wcc_b64(y)))
WCC_SBIN(wcc_i64x2_le_s, uint64_t, 2, WCC_MASK(uint64_t, wcc_b64(x) <= wcc_b64(y)))
WCC_SBIN(wcc_i64x2_ge_s, uint64_t, 2, WCC_MASK(uint64_t, wcc_b64(x) >= wcc_b64(y)))
#define WCC_SFCMP(name, F, U, N, op)                                    \
  static inline wcc_v128 name(wcc_v128 a, wcc_v128 b) {                 \
    F x[N], y[N];                                                       \
    U r[N];                                                             \
    WCC_UNPACK(x, a);                                                 \
    WCC_UNPACK(y, b);                                                 \
    for (unsigned i = 0; i < N; i++) r[i] = WCC_MASK(U, x[i] op y[i]);  \
    return wcc_pack(r);                                                 \
  }
#define WCC_SCMP_FLOAT(shape, F, U, N)         \
  WCC_SFCMP(wcc_##shape##_eq, F, U, N, ==)     \
  WCC_SFCMP(wcc_##shape##_ne, F, U, N, !=)     \
  WCC_SFCMP(wcc_##shape##_lt, F, U, N, <)      \
  WCC_SFCMP(wcc_##shape##_gt, F, U, N, >)      \
  WCC_SFCMP(wcc_##shape##_le, F, U, N, <=)     \
  WCC_SFCMP(wcc_##shape##_ge, F, U, N, >=)
WCC_SCMP_FLOAT(f32x4, float, uint32_t, 4)
WCC_SCMP_FLOAT(f64x2, double, uint64_t, 2)

/* --- bitwise -------------------------------------------------------------- */
WCC_SUN(wcc_v128_not, uint64_t, 2, ~x)
WCC_SBIN(wcc_v128_and, uint64_t, 2, x & y)
WCC_SBIN(wcc_v128_andnot, uint64_t, 2, x & ~y)
WCC_SBIN(wcc_v128_or, uint64_t, 2, x | y)
WCC_SBIN(wcc_v128_xor, uint64_t, 2, x ^ y)
static inline wcc_v128 wcc_v128_bitselect(wcc_v128 a, wcc_v128 b, wcc_v128 c) {
  uint64_t x[2], y[2], m[2];
  WCC_UNPACK(x, a);
  WCC_UNPACK(y, b);
  WCC_UNPACK(m, c);
  for (unsigned i = 0; i < 2; i++) x[i] = (x[i] & m[i]) | (y[i] & ~m[i]);
  return wcc_pack(x);
}
static inline uint32_t wcc_v128_any_true(wcc_v128 a) {
  uint64_t x[2];
  WCC_UNPACK(x, a);
  return (x[0] | x[1]) != 0;
}

/* --- integer lanes: unary ------------------------------------------------ */
WCC_SUN(wcc_i8x16_abs, uint8_t, 16, x & 0x80u ? 0u - x : x)
WCC_SUN(wcc_i16x8_abs, uint16_t, 8, x & 0x8000u ? 0u - x : x)
WCC_SUN(wcc_i32x4_abs, uint32_t, 4, x & 0x80000000u ? 0u - x : x)
WCC_SUN(wcc_i64x2_abs, uint64_t, 2, x >> 63 ? 0u - x : x)
WCC_SUN(wcc_i8x16_neg, uint8_t, 16, 0u - x)
WCC_SUN(wcc_i16x8_neg, uint16_t, 8, 0u - x)
WCC_SUN(wcc_i32x4_neg, uint32_t, 4, 0u - x)
WCC_SUN(wcc_i64x2_neg, uint64_t, 2, 0u - x)
WCC_SUN(wcc_i8x16_popcnt, uint8_t, 16, wcc_i32_popcnt(x))
#define WCC_SALL_TRUE(name, T, N)                                       \
  static inline uint32_t name(wcc_v128 a) {                             \
    T l[N];                                                             \
    WCC_UNPACK(l, a);                                                 \
    for (unsigned i = 0; i < N; i++)                                    \
      if (!l[i]) return 0;                                              \
    return 1;                                                           \
  }
WCC_SALL_TRUE(wcc_i8x16_all_true, uint8_t, 16)
WCC_SALL_TRUE(wcc_i16x8_all_true, uint16_t, 8)
WCC_SALL_TRUE(wcc_i32x4_all_true, uint32_t, 4)
WCC_SALL_TRUE(wcc_i64x2_all_true, uint64_t, 2)
#define WCC_SBITMASK(name, T, N)                                        \
  static inline uint32_t name(wcc_v128 a) {                             \
    T l[N];                                                             \
    uint32_t r = 0;                                                     \
    WCC_UNPACK(l, a);                                                 \
    for (unsigned i = 0; i < N; i++)                                    \
      r |= (uint32_t)(l[i] >> (sizeof l[0] * 8 - 1)) << i;              \
    return r;                                                           \
  }
WCC_SBITMASK(wcc_i8x16_bitmask, uint8_t, 16)
WCC_SBITMASK(wcc_i16x8_bitmask, uint16_t, 8)
WCC_SBITMASK(wcc_i32x4_bitmask, uint32_t, 4)
WCC_SBITMASK(wcc_i64x2_bitmask, uint64_t, 2)

/* --- narrow (signed input, saturating) and extend ------------------------- */
static inline int64_t wcc_clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }
#define WCC_SNARROW(name, TI, TO, N, S, lo, hi)                              \
  static inline wcc_v128 name(wcc_v128 a, wcc_v128 b) {                      \
    TI x[N], y[N];                                                           \
    TO r[2 * N];                                                             \
    WCC_UNPACK(x, a);                                                      \
    WCC_UNPACK(y, b);                                                      \
    for (unsigned i = 0; i < N; i++) {                                       \
      r[i] = (TO)wcc_clamp(S(x[i]), lo, hi);                                 \
      r[N + i] = (TO)wcc_clamp(S(y[i]), lo, hi);                             \
    }                                                                        \
    return wcc_pack(r);                                                      \
  }
WCC_SNARROW(wcc_i8x16_narrow_i16x8_s, uint16_t, uint8_t, 8, wcc_s16, -128, 127)
WCC_SNARROW(wcc_i8x16_narrow_i16x8_u, uint16_t, uint8_t, 8, wcc_s16, 0, 255)
WCC_SNARROW(wcc_i16x8_narrow_i32x4_s, uint32_t, uint16_t, 4, wcc_s32, -32768, 32767)
WCC_SNARROW(wcc_i16x8_narrow_i32x4_u, uint32_t, uint16_t, 4, wcc_s32, 0, 65535)
#define WCC_SEXTEND(name, TI, TO, N, first, expr)                            \
  static inline wcc_v128 name(wcc_v128 a) {                                  \
    TI x[2 * N];                                                             \
    TO r[N];                                                                 \
    WCC_UNPACK(x, a);                                                      \
    for (unsigned i = 0; i < N; i++) {                                       \
      TI v = x[first + i];                                                   \
      r[i] = (TO)(expr);                                                     \
    }                                                                        \
    return wcc_pack(r);                                                      \
  }
#define WCC_SEXTENDS(shape, from, TI, TO, N, S)                              \
  WCC_SEXTEND(wcc_##shape##_extend_low_##from##_s, TI, TO, N, 0, S(v))      \
  WCC_SEXTEND(wcc_##shape##_extend_high_##from##_s, TI, TO, N, N, S(v))     \
  WCC_SEXTEND(wcc_##shape##_extend_low_##from##_u, TI, TO, N, 0, v)         \
  WCC_SEXTEND(wcc_##shape##_extend_high_##from##_u, TI, TO, N, N, v)
WCC_SEXTENDS(i16x8, i8x16, uint8_t, uint16_t, 8, wcc_s8)
WCC_SEXTENDS(i32x4, i16x8, uint16_t, uint32_t, 4, wcc_s16)
WCC_SEXTENDS(i64x2, i32x4, uint32_t, uint64_t, 2, wcc_s32)

/* --- shifts: the count is taken modulo the lane width ---------------------- */
#define WCC_SSHIFT(name, T, N, expr)                                    \
  static inline wcc_v128 name(wcc_v128 a, uint32_t n) {                 \
    T l[N];                                                             \
    WCC_UNPACK(l, a);                                                 \
    n &= sizeof l[0] * 8 - 1;                                           \
    for (unsigned i = 0; i < N; i++) {                                  \
      T x = l[i];                                                       \
      l[i] = (T)(expr);                                                 \
    }                                                                   \
    return wcc_pack(l);                                                 \
  }
#define WCC_SSHIFTS(shape, T, N, bits)                                         \
  WCC_SSHIFT(wcc_##shape##_shl, T, N, (uint64_t)x << n)                        \
  WCC_SSHIFT(wcc_##shape##_shr_s, T, N, wcc_sar(x, (unsigned)n, bits))         \
  WCC_SSHIFT(wcc_##shape##_shr_u, T, N, x >> n)
WCC_SSHIFTS(i8x16, uint8_t, 16, 8)
WCC_SSHIFTS(i16x8, uint16_t, 8, 16)
WCC_SSHIFTS(i32x4, uint32_t, 4, 32)
WCC_SSHIFTS(i64x2, uint64_t, 2, 64)

/* --- add, sub, mul (wrapping; products in at least 32 unsigned bits) ------- */
WCC_SBIN(wcc_i8x16_add, uint8_t, 16, x + y)
WCC_SBIN(wcc_i16x8_add, uint16_t, 8, x + y)
WCC_SBIN(wcc_i32x4_add, uint32_t, 4, x + y)
WCC_SBIN(wcc_i64x2_add, uint64_t, 2, x + y)
WCC_SBIN(wcc_i8x16_sub, uint8_t, 16, x - y)
WCC_SBIN(wcc_i16x8_sub, uint16_t, 8, x - y)
WCC_SBIN(wcc_i32x4_sub, uint32_t, 4, x - y)
WCC_SBIN(wcc_i64x2_sub, uint64_t, 2, x - y)
WCC_SBIN(wcc_i16x8_mul, uint16_t, 8, (uint32_t)x * y)
WCC_SBIN(wcc_i32x4_mul, uint32_t, 4, x * y)
WCC_SBIN(wcc_i64x2_mul, uint64_t, 2, x * y)

/* --- saturating add/sub, min, max, avgr_u ----------------------------------- */
WCC_SBIN(wcc_i8x16_add_sat_s, uint8_t, 16, wcc_clamp(wcc_s8(x) + wcc_s8(y), -128, 127))
WCC_SBIN(wcc_i8x16_add_sat_u, uint8_t, 16, wcc_clamp(x + y, 0, 255))
WCC_SBIN(wcc_i8x16_sub_sat_s, uint8_t, 16, wcc_clamp(wcc_s8(x) - wcc_s8(y), -128, 127))
WCC_SBIN(wcc_i8x16_sub_sat_u, uint8_t, 16, wcc_clamp(x - y, 0, 255))
WCC_SBIN(wcc_i16x8_add_sat_s, uint16_t, 8, wcc_clamp(wcc_s16(x) + wcc_s16(y), -32768, 32767))
WCC_SBIN(wcc_i16x8_add_sat_u, uint16_t, 8, wcc_clamp(x + y, 0, 65535))
WCC_SBIN(wcc_i16x8_sub_sat_s, uint16_t, 8, wcc_clamp(wcc_s16(x) - wcc_s16(y), -32768, 32767))
WCC_SBIN(wcc_i16x8_sub_sat_u, uint16_t, 8, wcc_clamp(x - y, 0, 65535))
#define WCC_SMINMAX(shape, T, N, S)                                   \
  WCC_SBIN(wcc_##shape##_min_s, T, N, S(x) < S(y) ? x : y)            \
  WCC_SBIN(wcc_##shape##_min_u, T, N, x < y ? x : y)                  \
  WCC_SBIN(wcc_##shape##_max_s, T, N, S(x) > S(y) ? x : y)            \
  WCC_SBIN(wcc_##shape##_max_u, T, N, x > y ? x : y)
WCC_SMINMAX(i8x16, uint8_t, 16, wcc_s8)
WCC_SMINMAX(i16x8, uint16_t, 8, wcc_s16)
WCC_SMINMAX(i32x4, uint32_t, 4, wcc_s32)
WCC_SBIN(wcc_i8x16_avgr_u, uint8_t, 16, ((uint32_t)x + y + 1) >> 1)
WCC_SBIN(wcc_i16x8_avgr_u, uint16_t, 8, ((uint32_t)x + y + 1) >> 1)

/* --- float lanes ------------------------------------------------------------- */
/* The same lane-wise operations for both shapes; s is the scalar prefix
 * (f32/f64) whose prelude helpers give the wasm NaN and rounding rules. */
#define WCC_SFLOAT(shape, T, N, s, sqrt_fn)                              \
  WCC_SUN(wcc_##shape##_abs, T, N, wcc_##s##_abs(x))                     \
  WCC_SUN(wcc_##shape##_neg, T, N, wcc_##s##_neg(x))                     \
  WCC_SUN(wcc_##shape##_sqrt, T, N, wcc_##s##_quiet(sqrt_fn(x)))         \
  WCC_SUN(wcc_##shape##_ceil, T, N, wcc_##s##_ceil(x))                   \
  WCC_SUN(wcc_##shape##_floor, T, N, wcc_##s##_floor(x))                 \
  WCC_SUN(wcc_##shape##_trunc, T, N, wcc_##s##_trunc(x))                 \
  WCC_SUN(wcc_##shape##_nearest, T, N, wcc_##s##_nearest(x))             \
  WCC_SUN(wcc_##shape##_quiet, T, N, wcc_##s##_quiet(x))                 \
  WCC_SBIN(wcc_##shape##_add, T, N, x + y)                               \
  WCC_SBIN(wcc_##shape##_sub, T, N, x - y)                               \
  WCC_SBIN(wcc_##shape##_mul, T, N, x * y)                               \
  WCC_SBIN(wcc_##shape##_div, T, N, x / y)                               \
  WCC_SBIN(wcc_##shape##_min, T, N, wcc_##s##_min(x, y))                 \
  WCC_SBIN(wcc_##shape##_max, T, N, wcc_##s##_max(x, y))                 \
  WCC_SBIN(wcc_##shape##_pmin, T, N, y < x ? y : x)                      \
  WCC_SBIN(wcc_##shape##_pmax, T, N, x < y ? y : x)
WCC_SFLOAT(f32x4, float, 4, f32, sqrtf)
WCC_SFLOAT(f64x2, double, 2, f64, sqrt)

/* --- conversions ------------------------------------------------------------- */
#define WCC_SCONVERT(name, TI, NI, TO, NO, expr)                        \
  static inline wcc_v128 name(wcc_v128 a) {                             \
    TI x[NI];                                                           \
    TO r[NO] = {0};                                                     \
    WCC_UNPACK(x, a);                                                 \
    for (unsigned i = 0; i < (NI < NO ? NI : NO); i++) {                \
      TI v = x[i];                                                      \
      r[i] = (expr);                                                    \
    }                                                                   \
    return wcc_pack(r);                                                 \
  }
WCC_SCONVERT(wcc_i32x4_trunc_sat_f32x4_s, float, 4, uint32_t, 4, wcc_i32_trunc_sat_f32_s(v))
WCC_SCONVERT(wcc_i32x4_trunc_sat_f32x4_u, float, 4, uint32_t, 4, wcc_i32_trunc_sat_f32_u(v))
WCC_SCONVERT(wcc_i32x4_trunc_sat_f64x2_s_zero, double, 2, uint32_t, 4, wcc_i32_trunc_sat_f64_s(v))
WCC_SCONVERT(wcc_i32x4_trunc_sat_f64x2_u_zero, double, 2, uint32_t, 4, wcc_i32_trunc_sat_f64_u(v))
WCC_SCONVERT(wcc_f32x4_convert_i32x4_s, uint32_t, 4, float, 4, (float)wcc_s32(v))
WCC_SCONVERT(wcc_f32x4_convert_i32x4_u, uint32_t, 4, float, 4, (float)v)
WCC_SCONVERT(wcc_f64x2_convert_low_i32x4_s, uint32_t, 4, double, 2, (double)wcc_s32(v))
WCC_SCONVERT(wcc_f64x2_convert_low_i32x4_u, uint32_t, 4, double, 2, (double)v)
WCC_SCONVERT(wcc_f32x4_demote_f64x2_zero, double, 2, float, 4, wcc_f32_demote_f64(v))
WCC_SCONVERT(wcc_f64x2_promote_low_f32x4, float, 4, double, 2, (double)v)
#endif /* scalar path */

/* ======================================================================== */
/* Both paths: instructions built from the ones above                       */
/* ======================================================================== */

/* --- memory: p is the effective address, already checked ------------------ */
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load(const uint8_t *p) {
  wcc_v128 r;
  memcpy(&r, p, 16);
  return r;
}
WCC_SIMD_ACCESS void wcc_v128_store(uint8_t *p, wcc_v128 v) { memcpy(p, &v, 16); }
WCC_SIMD_ACCESS uint64_t wcc_load64(const uint8_t *p) { return wcc_i64_load(p); }
/* 64 bits, then the low half extended. */
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load8x8_s(const uint8_t *p) {
  return wcc_i16x8_extend_low_i8x16_s(wcc_v128_const(wcc_load64(p), 0));
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load8x8_u(const uint8_t *p) {
  return wcc_i16x8_extend_low_i8x16_u(wcc_v128_const(wcc_load64(p), 0));
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load16x4_s(const uint8_t *p) {
  return wcc_i32x4_extend_low_i16x8_s(wcc_v128_const(wcc_load64(p), 0));
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load16x4_u(const uint8_t *p) {
  return wcc_i32x4_extend_low_i16x8_u(wcc_v128_const(wcc_load64(p), 0));
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load32x2_s(const uint8_t *p) {
  return wcc_i64x2_extend_low_i32x4_s(wcc_v128_const(wcc_load64(p), 0));
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load32x2_u(const uint8_t *p) {
  return wcc_i64x2_extend_low_i32x4_u(wcc_v128_const(wcc_load64(p), 0));
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load8_splat(const uint8_t *p) { return wcc_i8x16_splat(*p); }
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load16_splat(const uint8_t *p) {
  return wcc_i16x8_splat(wcc_i32_load16_u(p));
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load32_splat(const uint8_t *p) {
  return wcc_i32x4_splat(wcc_i32_load(p));
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load64_splat(const uint8_t *p) { return wcc_i64x2_splat(wcc_load64(p)); }
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load32_zero(const uint8_t *p) {
  return wcc_v128_const(wcc_i32_load(p), 0);
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load64_zero(const uint8_t *p) { return wcc_v128_const(wcc_load64(p), 0); }
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load8_lane(const uint8_t *p, wcc_v128 v, uint32_t lane) {
  return wcc_i8x16_replace_lane(v, *p, lane);
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load16_lane(const uint8_t *p, wcc_v128 v, uint32_t lane) {
  return wcc_i16x8_replace_lane(v, wcc_i32_load16_u(p), lane);
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load32_lane(const uint8_t *p, wcc_v128 v, uint32_t lane) {
  return wcc_i32x4_replace_lane(v, wcc_i32_load(p), lane);
}
WCC_SIMD_ACCESS wcc_v128 wcc_v128_load64_lane(const uint8_t *p, wcc_v128 v, uint32_t lane) {
  return wcc_i64x2_replace_lane(v, wcc_load64(p), lane);
}
WCC_SIMD_ACCESS void wcc_v128_store8_lane(uint8_t *p, wcc_v128 v, uint32_t lane) {
  *p = (uint8_t)wcc_i8x16_extract_lane_u(v, lane);
}
WCC_SIMD_ACCESS void wcc_v128_store16_lane(uint8_t *p, wcc_v128 v, uint32_t lane) {
  wcc_i32_store16(p, wcc_i16x8_extract_lane_u(v, lane));
}
WCC_SIMD_ACCESS void wcc_v128_store32_lane(uint8_t *p, wcc_v128 v, uint32_t lane) {
  wcc_i32_store(p, wcc_i32x4_extract_lane(v, lane));
}
WCC_SIMD_ACCESS void wcc_v128_store64_lane(uint8_t *p, wcc_v128 v, uint32_t lane) {
  wcc_i64_store(p, wcc_i64x2_extract_lane(v, lane));
}

/* --- pairwise, widening and rounding products ------------------------------ */
/* Even lanes sign- or zero-extended in place by a shift pair, odd lanes by a
 * right shift: both halves of each wide lane, added. */
static inline wcc_v128 wcc_i16x8_extadd_pairwise_i8x16_s(wcc_v128 a) {
  return wcc_i16x8_add(wcc_i16x8_shr_s(wcc_i16x8_shl(a, 8), 8), wcc_i16x8_shr_s(a, 8));
}
static inline wcc_v128 wcc_i16x8_extadd_pairwise_i8x16_u(wcc_v128 a) {
  return wcc_i16x8_add(wcc_i16x8_shr_u(wcc_i16x8_shl(a, 8), 8), wcc_i16x8_shr_u(a, 8));
}
static inline wcc_v128 wcc_i32x4_extadd_pairwise_i16x8_s(wcc_v128 a) {
  return wcc_i32x4_add(wcc_i32x4_shr_s(wcc_i32x4_shl(a, 16), 16), wcc_i32x4_shr_s(a, 16));
}
static inline wcc_v128 wcc_i32x4_extadd_pairwise_i16x8_u(wcc_v128 a) {
  return wcc_i32x4_add(wcc_i32x4_shr_u(wcc_i32x4_shl(a, 16), 16), wcc_i32x4_shr_u(a, 16));
}

/* extmul: both operands extended, then a wrapping multiply that cannot wrap. */
#define WCC_EXTMUL(shape, from, half, sx)                                                        \
  static inline wcc_v128 wcc_##shape##_extmul_##half##_##from##_##sx(wcc_v128 a, wcc_v128 b) {  \
    return wcc_##shape##_mul(wcc_##shape##_extend_##half##_##from##_##sx(a),                    \
                             wcc_##shape##_extend_##half##_##from##_##sx(b));                   \
  }
#define WCC_EXTMULS(shape, from) \
  WCC_EXTMUL(shape, from, low, s) WCC_EXTMUL(shape, from, high, s) WCC_EXTMUL(shape, from, low, u) WCC_EXTMUL(shape, from, high, u)
WCC_EXTMULS(i16x8, i8x16)
WCC_EXTMULS(i32x4, i16x8)
WCC_EXTMULS(i64x2, i32x4)

/* (a * b + 0x4000) >> 15, saturated: only -32768 * -32768 overflows. */
static inline wcc_v128 wcc_i16x8_q15mulr_sat_s(wcc_v128 a, wcc_v128 b) {
#if WCC_SIMD_SSSE3
  __m128i r = _mm_mulhrs_epi16((__m128i)a, (__m128i)b);
  return WCC_V(_mm_xor_si128(r, _mm_cmpeq_epi16(r, _mm_set1_epi16(-32768))));
#else
  wcc_v128 round = wcc_i32x4_splat(0x4000);
  wcc_v128 lo = wcc_i32x4_mul(wcc_i32x4_extend_low_i16x8_s(a), wcc_i32x4_extend_low_i16x8_s(b));
  wcc_v128 hi = wcc_i32x4_mul(wcc_i32x4_extend_high_i16x8_s(a), wcc_i32x4_extend_high_i16x8_s(b));
  return wcc_i16x8_narrow_i32x4_s(wcc_i32x4_shr_s(wcc_i32x4_add(lo, round), 15),
                                  wcc_i32x4_shr_s(wcc_i32x4_add(hi, round), 15));
#endif
}

/* Sum of the products of adjacent signed 16-bit lanes (wrapping: only
 * 2 * (-32768 * -32768) overflows, to 0x80000000, like pmaddwd). */
static inline wcc_v128 wcc_i32x4_dot_i16x8_s(wcc_v128 a, wcc_v128 b) {
#if WCC_SIMD_SSE2
  return WCC_V(_mm_madd_epi16((__m128i)a, (__m128i)b));
#else
  wcc_v128 even = wcc_i32x4_mul(wcc_i32x4_shr_s(wcc_i32x4_shl(a, 16), 16), wcc_i32x4_shr_s(wcc_i32x4_shl(b, 16), 16));
  wcc_v128 odd = wcc_i32x4_mul(wcc_i32x4_shr_s(a, 16), wcc_i32x4_shr_s(b, 16));
  return wcc_i32x4_add(even, odd);
#endif
}

/* ======================================================================== */
/* Relaxed SIMD                                                             */
/* ======================================================================== */
/* Each relaxed instruction behaves as the spec's deterministic profile
 * (every implementation-dependent choice at index 0), the same on both paths
 * and every host:
 *
 *   instruction                          behaves as
 *   i8x16.relaxed_swizzle                i8x16.swizzle (index >= 16 -> 0)
 *   i32x4.relaxed_trunc_f32x4_s/_u       i32x4.trunc_sat_f32x4_s/_u
 *   i32x4.relaxed_trunc_f64x2_s/u_zero   i32x4.trunc_sat_f64x2_s/u_zero
 *   f32x4/f64x2.relaxed_madd             unfused: (a * b) + c, two roundings
 *   f32x4/f64x2.relaxed_nmadd            unfused: (-a * b) + c
 *   i8x16/i16x8/i32x4/i64x2.relaxed_laneselect   v128.bitselect (every bit)
 *   f32x4/f64x2.relaxed_min/max          f32x4/f64x2.min/max (NaN, -0 < +0)
 *   i16x8.relaxed_q15mulr_s              i16x8.q15mulr_sat_s (saturates)
 *   i16x8.relaxed_dot_i8x16_i7x16_s      both operands signed; the pair sum
 *                                        saturates to 16 bits
 *   i32x4.relaxed_dot_i8x16_i7x16_add_s  the i16x8 dot above, pairs added
 *                                        (extadd_pairwise_s), plus c
 *
 * madd is unfused because x86-64's baseline has no FMA: a fused result would
 * need a libm fma() call per lane unless the C is compiled for FMA hardware,
 * and then the two paths (and two builds) would differ. Mul then add is two
 * SSE instructions everywhere. It needs -ffp-contract=off (the generated C's
 * rule already), and the product is a separate statement. */
static inline wcc_v128 wcc_i8x16_relaxed_swizzle(wcc_v128 a, wcc_v128 s) { return wcc_i8x16_swizzle(a, s); }
static inline wcc_v128 wcc_i32x4_relaxed_trunc_f32x4_s(wcc_v128 a) { return wcc_i32x4_trunc_sat_f32x4_s(a); }
static inline wcc_v128 wcc_i32x4_relaxed_trunc_f32x4_u(wcc_v128 a) { return wcc_i32x4_trunc_sat_f32x4_u(a); }
static inline wcc_v128 wcc_i32x4_relaxed_trunc_f64x2_s_zero(wcc_v128 a) { return wcc_i32x4_trunc_sat_f64x2_s_zero(a); }
static inline wcc_v128 wcc_i32x4_relaxed_trunc_f64x2_u_zero(wcc_v128 a) { return wcc_i32x4_trunc_sat_f64x2_u_zero(a); }
static inline wcc_v128 wcc_f32x4_relaxed_madd(wcc_v128 a, wcc_v128 b, wcc_v128 c) {
  wcc_v128 p = wcc_f32x4_mul(a, b);
  return wcc_f32x4_add(p, c);
}
static inline wcc_v128 wcc_f32x4_relaxed_nmadd(wcc_v128 a, wcc_v128 b, wcc_v128 c) {
  wcc_v128 p = wcc_f32x4_mul(wcc_f32x4_neg(a), b);
  return wcc_f32x4_add(p, c);
}
static inline wcc_v128 wcc_f64x2_relaxed_madd(wcc_v128 a, wcc_v128 b, wcc_v128 c) {
  wcc_v128 p = wcc_f64x2_mul(a, b);
  return wcc_f64x2_add(p, c);
}
static inline wcc_v128 wcc_f64x2_relaxed_nmadd(wcc_v128 a, wcc_v128 b, wcc_v128 c) {
  wcc_v128 p = wcc_f64x2_mul(wcc_f64x2_neg(a), b);
  return wcc_f64x2_add(p, c);
}
static inline wcc_v128 wcc_i8x16_relaxed_laneselect(wcc_v128 a, wcc_v128 b, wcc_v128 m) { return wcc_v128_bitselect(a, b, m); }
static inline wcc_v128 wcc_i16x8_relaxed_laneselect(wcc_v128 a, wcc_v128 b, wcc_v128 m) { return wcc_v128_bitselect(a, b, m); }
static inline wcc_v128 wcc_i32x4_relaxed_laneselect(wcc_v128 a, wcc_v128 b, wcc_v128 m) { return wcc_v128_bitselect(a, b, m); }
static inline wcc_v128 wcc_i64x2_relaxed_laneselect(wcc_v128 a, wcc_v128 b, wcc_v128 m) { return wcc_v128_bitselect(a, b, m); }
static inline wcc_v128 wcc_f32x4_relaxed_min(wcc_v128 a, wcc_v128 b) { return wcc_f32x4_min(a, b); }
static inline wcc_v128 wcc_f32x4_relaxed_max(wcc_v128 a, wcc_v128 b) { return wcc_f32x4_max(a, b); }
static inline wcc_v128 wcc_f64x2_relaxed_min(wcc_v128 a, wcc_v128 b) { return wcc_f64x2_min(a, b); }
static inline wcc_v128 wcc_f64x2_relaxed_max(wcc_v128 a, wcc_v128 b) { return wcc_f64x2_max(a, b); }
static inline wcc_v128 wcc_i16x8_relaxed_q15mulr_s(wcc_v128 a, wcc_v128 b) { return wcc_i16x8_q15mulr_sat_s(a, b); }
/* Products of signed bytes fit 16 bits (|p| <= 16384), so a saturating add
 * of the even and odd products is the exact saturated pair sum. */
static inline wcc_v128 wcc_i16x8_relaxed_dot_i8x16_i7x16_s(wcc_v128 a, wcc_v128 b) {
  wcc_v128 even = wcc_i16x8_mul(wcc_i16x8_shr_s(wcc_i16x8_shl(a, 8), 8), wcc_i16x8_shr_s(wcc_i16x8_shl(b, 8), 8));
  wcc_v128 odd = wcc_i16x8_mul(wcc_i16x8_shr_s(a, 8), wcc_i16x8_shr_s(b, 8));
  return wcc_i16x8_add_sat_s(even, odd);
}
static inline wcc_v128 wcc_i32x4_relaxed_dot_i8x16_i7x16_add_s(wcc_v128 a, wcc_v128 b, wcc_v128 c) {
  return wcc_i32x4_add(wcc_i32x4_extadd_pairwise_i16x8_s(wcc_i16x8_relaxed_dot_i8x16_i7x16_s(a, b)), c);
}

/* The generators are not part of the interface (WCC_V stays: the shuffle
 * macro uses it). */
#undef WCC_SPLAT4
#undef WCC_SPLAT2
#undef WCC_MASK
#undef WCC_VUN
#undef WCC_VBIN
#undef WCC_VREPLACE
#undef WCC_VCMP_INT
#undef WCC_VCMP_FLOAT
#undef WCC_VABS
#undef WCC_VALL_TRUE
#undef WCC_VBITMASK
#undef WCC_VCLAMP
#undef WCC_VNARROW
#undef WCC_NARROW_LANES_16
#undef WCC_NARROW_LANES_8
#undef WCC_L8_LO
#undef WCC_L8_HI
#undef WCC_L8_LOZ
#undef WCC_L8_HIZ
#undef WCC_L16_LO
#undef WCC_L16_HI
#undef WCC_L16_LOZ
#undef WCC_L16_HIZ
#undef WCC_L32_LO
#undef WCC_L32_HI
#undef WCC_L32_LOZ
#undef WCC_L32_HIZ
#undef WCC_VEXTEND
#undef WCC_VSHIFTS
#undef WCC_VSAT
#undef WCC_VMINMAX
#undef WCC_XMINMAX
#undef WCC_VFMINMAX
#undef WCC_VFMINMAX_IEEE
#undef WCC_VROUND
#undef WCC_XROUND_f32x4
#undef WCC_XROUND_f64x2
#undef WCC_VTRUNC_ZERO
#undef WCC_SUN
#undef WCC_SBIN
#undef WCC_SSPLAT
#undef WCC_SLANE
#undef WCC_SREPLACE
#undef WCC_SCMP_INT
#undef WCC_SFCMP
#undef WCC_SCMP_FLOAT
#undef WCC_SALL_TRUE
#undef WCC_SBITMASK
#undef WCC_SNARROW
#undef WCC_SEXTEND
#undef WCC_SEXTENDS
#undef WCC_SSHIFT
#undef WCC_SSHIFTS
#undef WCC_SMINMAX
#undef WCC_SCONVERT
#undef WCC_EXTMUL
#undef WCC_EXTMULS

#endif /* WCC_PRELUDE_SIMD */
