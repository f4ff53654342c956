/* prelude_simd.h - placeholder: the v128 type and its conversions. */
#ifndef WCC_PRELUDE_SIMD
#define WCC_PRELUDE_SIMD
#if (defined(__GNUC__) || defined(__clang__)) && !(defined(WASMRT_SIMD_SCALAR) && WASMRT_SIMD_SCALAR)
typedef uint32_t wcc_v128 __attribute__((vector_size(16)));
#define WCC_V128_ZERO {0}
#else
typedef wasmrt_v128 wcc_v128;
#define WCC_V128_ZERO {{0}}
#endif
static inline wcc_v128 wcc_v128_from_rt(wasmrt_v128 x) { wcc_v128 v; memcpy(&v, &x, 16); return v; }
static inline wasmrt_v128 wcc_v128_to_rt(wcc_v128 v) { wasmrt_v128 x; memcpy(&x, &v, 16); return x; }
#define WCC_KEEP_V128(x) ((void)(x))
#endif
