/* bench: ret=i32 n=9000 quick=1 */
/* Naive doubly recursive Fibonacci (call-heavy): n calls of fib(k) with
 * k in 24..27 chosen from the previous result. */
#include "bench.h"

static uint32_t fib(uint32_t k) {
    if (k < 2) return k;
    return fib(k - 1) + fib(k - 2);
}

uint32_t bench(int n) {
    uint32_t acc = 0;
    for (int i = 0; i < n; i++) acc += fib(24 + (acc & 3));
    return acc;
}
