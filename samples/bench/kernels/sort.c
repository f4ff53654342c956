/* bench: ret=i32 n=120 quick=1 */
/* Quicksort (median of three, insertion sort below 16 elements) of 50,000
 * generated ints, n times with a different seed each time; the result is
 * verified sorted and folded into a checksum. */
#include "bench.h"

#define COUNT 50000

static int32_t data[COUNT];

static void insertion_sort(int32_t *a, int lo, int hi) {
    for (int i = lo + 1; i <= hi; i++) {
        int32_t v = a[i];
        int j = i - 1;
        while (j >= lo && a[j] > v) {
            a[j + 1] = a[j];
            j--;
        }
        a[j + 1] = v;
    }
}

static inline void swap(int32_t *a, int i, int j) {
    int32_t t = a[i];
    a[i] = a[j];
    a[j] = t;
}

static void quicksort(int32_t *a, int lo, int hi) {
    while (hi - lo >= 16) {
        int mid = lo + (hi - lo) / 2;
        if (a[mid] < a[lo]) swap(a, mid, lo);
        if (a[hi] < a[lo]) swap(a, hi, lo);
        if (a[hi] < a[mid]) swap(a, hi, mid);
        int32_t pivot = a[mid];
        int i = lo, j = hi;
        while (i <= j) {
            while (a[i] < pivot) i++;
            while (a[j] > pivot) j--;
            if (i <= j) swap(a, i++, j--);
        }
        /* recurse into the smaller half, loop on the larger */
        if (j - lo < hi - i) {
            quicksort(a, lo, j);
            lo = i;
        } else {
            quicksort(a, i, hi);
            hi = j;
        }
    }
    insertion_sort(a, lo, hi);
}

uint32_t bench(int n) {
    uint32_t check = 0;
    for (int iter = 0; iter < n; iter++) {
        uint32_t x = 1u + (uint32_t)iter * 747796405u;
        for (int i = 0; i < COUNT; i++) {
            x = x * 1664525u + 1013904223u;
            data[i] = (int32_t)(x ^ (x >> 15));
        }
        quicksort(data, 0, COUNT - 1);
        for (int i = 1; i < COUNT; i++)
            if (data[i - 1] > data[i]) check ^= 0x80000000u;
        for (int i = 0; i < COUNT; i += 97) check = check * 31 + (uint32_t)data[i];
    }
    return check;
}
