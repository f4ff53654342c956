/* The other representation, compared bit for bit with the one under test:
 * scalar when the build uses the vector path, vector when it is scalar. */
#if WASMRT_SIMD_SCALAR
#undef WASMRT_SIMD_SCALAR
#define WASMRT_SIMD_SCALAR 0
#else
#undef WASMRT_SIMD_SCALAR
#define WASMRT_SIMD_SCALAR 1
#endif
#define SIMD_OPS_NAME simd_ops_other
#include "simd_ops.c"
