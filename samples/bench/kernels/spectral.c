/* bench: ret=i64 n=500 quick=1 */
/* Spectral norm of the Computer Language Benchmarks Game (N = 400, double):
 * n power iterations of u = AtA v, v = AtA u, then sqrt(vBv/vv) * 1e12. */
#include "bench.h"

#define N 400

static double u[N], v[N], tmp[N];

static inline double A(int i, int j) { return 1.0 / ((i + j) * (i + j + 1) / 2 + i + 1); }

static void mul_Av(const double *x, double *y) {
    for (int i = 0; i < N; i++) {
        double s = 0;
        for (int j = 0; j < N; j++) s += A(i, j) * x[j];
        y[i] = s;
    }
}

static void mul_Atv(const double *x, double *y) {
    for (int i = 0; i < N; i++) {
        double s = 0;
        for (int j = 0; j < N; j++) s += A(j, i) * x[j];
        y[i] = s;
    }
}

static void mul_AtAv(const double *x, double *y) {
    mul_Av(x, tmp);
    mul_Atv(tmp, y);
}

int64_t bench(int n) {
    for (int i = 0; i < N; i++) u[i] = 1.0;
    for (int i = 0; i < n; i++) {
        mul_AtAv(u, v);
        mul_AtAv(v, u);
    }
    double vBv = 0, vv = 0;
    for (int i = 0; i < N; i++) {
        vBv += u[i] * v[i];
        vv += v[i] * v[i];
    }
    return (int64_t)(__builtin_sqrt(vBv / vv) * 1e12);
}
