/* Native driver: ./kernel N calls bench(N) and prints the result the way a
 * `wasmcc build --invoke bench` program does (one signed decimal line).
 * Build with -DBENCH_RET64 for kernels returning a 64-bit value. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#ifdef BENCH_RET64
int64_t bench(int n);
#else
uint32_t bench(int n);
#endif

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s N\n", argv[0]);
        return 2;
    }
    int n = atoi(argv[1]);
#ifdef BENCH_RET64
    printf("%" PRId64 "\n", bench(n));
#else
    printf("%" PRId32 "\n", (int32_t)bench(n));
#endif
    return 0;
}
