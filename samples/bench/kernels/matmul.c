/* bench: ret=i64 n=700 quick=1 */
/* Dense 128x128 double matrix multiply (i-k-j order), n repetitions; each
 * result perturbs A so no repetition can be skipped. */
#include "bench.h"

#define N 128

static double a[N][N], b[N][N], c[N][N];

static void matmul(void) {
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) c[i][j] = 0;
        for (int k = 0; k < N; k++) {
            double aik = a[i][k];
            for (int j = 0; j < N; j++) c[i][j] += aik * b[k][j];
        }
    }
}

int64_t bench(int n) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)((i * 7 + j * 3) % 17) / 16.0 - 0.5;
            b[i][j] = (double)((i * 5 + j * 11) % 13) / 12.0 - 0.5;
        }
    double trace = 0;
    for (int r = 0; r < n; r++) {
        matmul();
        trace = 0;
        for (int i = 0; i < N; i++) trace += c[i][i];
        a[r % N][(r * 3) % N] += trace * 1e-6;
    }
    double sum = 0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) sum += c[i][j] * (double)((i + j) % 5 + 1);
    return (int64_t)(sum * 1e6);
}
