/* Shared by every kernel: fixed-width types only. Kernels are freestanding C
 * (no libc): static arrays, no malloc, no printf. Each defines
 *   RET bench(int n)
 * whose run time grows linearly with n, and a first-line comment
 *   bench: ret=i32|i64 n=DEFAULT quick=QUICK
 * that samples/bench/run reads. */
#ifndef BENCH_H
#define BENCH_H
#include <stdint.h>
#include <stddef.h>
#endif
