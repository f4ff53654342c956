/* The representation under test: chosen by the build's flags
 * (WASMRT_SIMD_SCALAR, WASMRT_SIMD_NO_INTRINSICS). */
#define SIMD_OPS_NAME simd_ops_main
#include "simd_ops.c"
