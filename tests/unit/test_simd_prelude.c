/* test_simd_prelude.c - every helper of compiler/prelude_simd.h against an
 * independent reference model, on edge-case and random operands, and the two
 * representations against each other.
 *
 * simd_ops_main is the representation under test (the vector path, or the
 * scalar one when built with WASMRT_SIMD_SCALAR=1); simd_ops_other is the
 * other one. The reference reads the instruction's name (shape, operation)
 * and computes each lane with 64-bit integers and doubles, so it shares no
 * code with the header. Float results that are NaN are checked by class:
 * canonical when every NaN operand is canonical (or there is none), else any
 * arithmetic (quiet) NaN, as the spec allows.
 *
 *   test_simd_prelude [iterations per op] [seed]
 */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "simd_ops.h"

extern const simd_op simd_ops_main[];
extern const simd_op simd_ops_other[];

static int failures;
#define MAX_REPORTS 40

/* ------------------------------------------------------------------ random */
static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rnd(void) {
  /* splitmix64 */
  uint64_t z = (rng_state += 0x9E3779B97F4A7C15u);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
  return z ^ (z >> 31);
}

/* -------------------------------------------------------------- lanes */
static uint64_t lane_u(const uint8_t *v, int w, int i) {
  uint64_t x = 0;
  for (int k = 0; k < w / 8; k++) x |= (uint64_t)v[i * (w / 8) + k] << (8 * k);
  return x;
}
static int64_t lane_s(const uint8_t *v, int w, int i) {
  uint64_t x = lane_u(v, w, i);
  if (w < 64 && (x >> (w - 1)) & 1) x |= ~(uint64_t)0 << w;
  return (int64_t)x;
}
static void set_lane(uint8_t *v, int w, int i, uint64_t x) {
  for (int k = 0; k < w / 8; k++) v[i * (w / 8) + k] = (uint8_t)(x >> (8 * k));
}
static uint64_t ones(int w) { return w == 64 ? ~(uint64_t)0 : ((uint64_t)1 << w) - 1; }
static int64_t smin(int w) { return -((int64_t)1 << (w - 1)); }
static int64_t smax(int w) { return ((int64_t)1 << (w - 1)) - 1; }
static int64_t clamp(int64_t v, int64_t lo, int64_t hi) { return v < lo ? lo : v > hi ? hi : v; }

static int is_nan(uint64_t b, int fw) {
  return fw == 32 ? ((b & 0x7F800000u) == 0x7F800000u && (b & 0x7FFFFFu))
                  : ((b & 0x7FF0000000000000u) == 0x7FF0000000000000u && (b & 0xFFFFFFFFFFFFFu));
}
static int is_canonical(uint64_t b, int fw) {
  return fw == 32 ? (b & 0x7FFFFFFFu) == 0x7FC00000u : (b & 0x7FFFFFFFFFFFFFFFu) == 0x7FF8000000000000u;
}
static int is_arithmetic(uint64_t b, int fw) {
  return fw == 32 ? (b & 0x7FC00000u) == 0x7FC00000u : (b & 0x7FF8000000000000u) == 0x7FF8000000000000u;
}

/* ------------------------------------------------------------ expectations */
enum { EXACT, NAN_CANON, NAN_ARITH };
typedef struct expect {
  uint8_t out[16];
  uint64_t sout;
  uint8_t mem[16];
  int nan[4]; /* per float lane of width fw: EXACT or the NaN class required */
  int fw;
} expect;

/* A float lane's value v (bits) computed from operands ops[0..n): NaN
 * results get the class the operands allow. */
static void float_lane(expect *e, int fw, int i, uint64_t v, const uint64_t *ops, int n) {
  e->fw = fw;
  set_lane(e->out, fw, i, v);
  if (!is_nan(v, fw)) return;
  int arith = 0;
  for (int k = 0; k < n; k++) arith |= is_nan(ops[k], fw) && !is_canonical(ops[k], fw);
  e->nan[i] = arith ? NAN_ARITH : NAN_CANON;
}

/* f32 arithmetic in double, rounded once to float: exact for + - * / sqrt
 * (double has more than 2 * 24 + 2 bits). */
static uint64_t fop(const char *op, int fw, uint64_t a, uint64_t b) {
  if (fw == 32) {
    double x = f32_of(a), y = f32_of(b);
    double r = !strcmp(op, "add") ? x + y : !strcmp(op, "sub") ? x - y : !strcmp(op, "mul") ? x * y
             : !strcmp(op, "div") ? x / y : sqrt(x);
    return bits_f32((float)r);
  }
  double x = f64_of(a), y = f64_of(b);
  double r = !strcmp(op, "add") ? x + y : !strcmp(op, "sub") ? x - y : !strcmp(op, "mul") ? x * y
           : !strcmp(op, "div") ? x / y : sqrt(x);
  return bits_f64(r);
}
static double fval(uint64_t b, int fw) { return fw == 32 ? (double)f32_of(b) : f64_of(b); }
static uint64_t fbits(double d, int fw) { return fw == 32 ? bits_f32((float)d) : bits_f64(d); }

/* wasm min/max, written from the spec's case list */
static uint64_t fminmax(int is_max, int fw, uint64_t a, uint64_t b) {
  double x = fval(a, fw), y = fval(b, fw);
  if (x != x || y != y) return fw == 32 ? 0x7FC00000u : 0x7FF8000000000000u; /* any NaN: class set later */
  if (x == 0 && y == 0) {
    uint64_t sa = a >> (fw - 1), sb = b >> (fw - 1);
    int neg = is_max ? (sa && sb) : (sa || sb);
    return neg ? (uint64_t)1 << (fw - 1) : 0;
  }
  if (is_max) return x > y ? a : b;
  return x < y ? a : b;
}

static int shape_width(const char *shape, int *is_float) {
  *is_float = shape[0] == 'f';
  if (!strncmp(shape, "i8x16", 5)) return 8;
  if (!strncmp(shape, "i16x8", 5)) return 16;
  if (!strncmp(shape, "i32x4", 5) || !strncmp(shape, "f32x4", 5)) return 32;
  if (!strncmp(shape, "i64x2", 5) || !strncmp(shape, "f64x2", 5)) return 64;
  return 0; /* v128 */
}
static int starts(const char *s, const char *prefix) { return !strncmp(s, prefix, strlen(prefix)); }
static int ends(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && !strcmp(s + n - m, suffix);
}

/* The reference: fills *e from the operands in *c. Returns 0 for an unknown
 * instruction. */
static int reference(const char *name, const simd_ctx *c, expect *e) {
  int isf, w = shape_width(name, &isf), n = w ? 128 / w : 0;
  const char *op = strchr(name, '.') + 1;
  memset(e, 0, sizeof *e);
  memcpy(e->mem, c->mem, 16);
  const uint8_t *a = c->a, *b = c->b, *cc = c->c;

  /* v128.* */
  if (!w) {
    if (!strcmp(op, "not") || !strcmp(op, "and") || !strcmp(op, "andnot") || !strcmp(op, "or") ||
        !strcmp(op, "xor") || !strcmp(op, "bitselect")) {
      for (int i = 0; i < 16; i++)
        e->out[i] = !strcmp(op, "not") ? (uint8_t)~a[i] : !strcmp(op, "and") ? a[i] & b[i]
                  : !strcmp(op, "andnot") ? a[i] & (uint8_t)~b[i] : !strcmp(op, "or") ? a[i] | b[i]
                  : !strcmp(op, "xor") ? a[i] ^ b[i] : (uint8_t)((a[i] & cc[i]) | (b[i] & ~cc[i]));
      return 1;
    }
    if (!strcmp(op, "any_true")) {
      for (int i = 0; i < 16; i++) e->sout |= a[i] != 0;
      return 1;
    }
    if (!strcmp(op, "const") || !strcmp(op, "load")) {
      memcpy(e->out, !strcmp(op, "const") ? a : c->mem, 16);
      return 1;
    }
    if (!strcmp(op, "store")) {
      memcpy(e->mem, a, 16);
      return 1;
    }
    int bits;
    char sx;
    if (sscanf(op, "load%dx%*d_%c", &bits, &sx) == 2) { /* load8x8_s ... */
      for (int i = 0; i < 64 / bits; i++) {
        int64_t v = sx == 's' ? lane_s(c->mem, bits, i) : (int64_t)lane_u(c->mem, bits, i);
        set_lane(e->out, 2 * bits, i, (uint64_t)v);
      }
      return 1;
    }
    if (sscanf(op, "load%d_", &bits) == 1) {
      uint64_t v = lane_u(c->mem, bits, 0);
      if (ends(op, "_splat"))
        for (int i = 0; i < 128 / bits; i++) set_lane(e->out, bits, i, v);
      else if (ends(op, "_zero"))
        set_lane(e->out, bits, 0, v);
      else if (ends(op, "_lane")) {
        memcpy(e->out, a, 16);
        set_lane(e->out, bits, (int)c->lane, v);
      } else
        return 0;
      return 1;
    }
    if (sscanf(op, "store%d_lane", &bits) == 1) {
      set_lane(e->mem, bits, 0, lane_u(a, bits, (int)c->lane));
      return 1;
    }
    return 0;
  }

  /* lane access */
  if (!strcmp(op, "splat")) {
    for (int i = 0; i < n; i++) set_lane(e->out, w, i, c->x & ones(w));
    return 1;
  }
  if (starts(op, "extract_lane")) {
    uint64_t v = ends(op, "_s") ? (uint64_t)lane_s(a, w, (int)c->lane) : lane_u(a, w, (int)c->lane);
    e->sout = w <= 32 ? (uint32_t)v : v;
    return 1;
  }
  if (!strcmp(op, "replace_lane")) {
    memcpy(e->out, a, 16);
    set_lane(e->out, w, (int)c->lane, c->x & ones(w));
    return 1;
  }
  if (!strcmp(op, "shuffle")) {
    static const uint8_t pat[SIMD_NSHUF][16] = {{SIMD_SHUF0}, {SIMD_SHUF1}, {SIMD_SHUF2}, {SIMD_SHUF3},
                                                {SIMD_SHUF4}, {SIMD_SHUF5}, {SIMD_SHUF6}, {SIMD_SHUF7}};
    for (int i = 0; i < 16; i++) {
      int k = pat[c->lane][i];
      e->out[i] = k < 16 ? a[k] : b[k - 16];
    }
    return 1;
  }
  if (!strcmp(op, "swizzle") || !strcmp(op, "relaxed_swizzle")) {
    for (int i = 0; i < 16; i++) e->out[i] = b[i] < 16 ? a[b[i]] : 0;
    return 1;
  }
  if (!strcmp(op, "relaxed_laneselect")) {
    for (int i = 0; i < 16; i++) e->out[i] = (uint8_t)((a[i] & cc[i]) | (b[i] & ~cc[i]));
    return 1;
  }

  if (isf) {
    uint64_t ops[3];
    /* comparisons */
    static const char *const cmps[] = {"eq", "ne", "lt", "gt", "le", "ge"};
    for (int k = 0; k < 6; k++)
      if (!strcmp(op, cmps[k])) {
        for (int i = 0; i < n; i++) {
          double x = fval(lane_u(a, w, i), w), y = fval(lane_u(b, w, i), w);
          int r = k == 0 ? x == y : k == 1 ? x != y : k == 2 ? x < y : k == 3 ? x > y : k == 4 ? x <= y : x >= y;
          set_lane(e->out, w, i, r ? ones(w) : 0);
        }
        return 1;
      }
    if (!strcmp(op, "abs") || !strcmp(op, "neg")) {
      uint64_t sign = (uint64_t)1 << (w - 1);
      for (int i = 0; i < n; i++) {
        uint64_t x = lane_u(a, w, i);
        set_lane(e->out, w, i, !strcmp(op, "abs") ? x & ~sign : x ^ sign);
      }
      return 1;
    }
    if (!strcmp(op, "pmin") || !strcmp(op, "pmax")) {
      for (int i = 0; i < n; i++) {
        uint64_t x = lane_u(a, w, i), y = lane_u(b, w, i);
        int take_b = !strcmp(op, "pmin") ? fval(y, w) < fval(x, w) : fval(x, w) < fval(y, w);
        set_lane(e->out, w, i, take_b ? y : x);
      }
      return 1;
    }
    if (!strcmp(op, "add") || !strcmp(op, "sub") || !strcmp(op, "mul") || !strcmp(op, "div") ||
        !strcmp(op, "sqrt") || ends(op, "min") || ends(op, "max")) {
      for (int i = 0; i < n; i++) {
        ops[0] = lane_u(a, w, i);
        ops[1] = lane_u(b, w, i);
        uint64_t r = ends(op, "min") ? fminmax(0, w, ops[0], ops[1])
                   : ends(op, "max") ? fminmax(1, w, ops[0], ops[1]) : fop(op, w, ops[0], ops[1]);
        float_lane(e, w, i, r, ops, !strcmp(op, "sqrt") ? 1 : 2);
      }
      return 1;
    }
    if (!strcmp(op, "relaxed_madd") || !strcmp(op, "relaxed_nmadd")) {
      /* unfused: the product rounded, then the sum */
      for (int i = 0; i < n; i++) {
        ops[0] = lane_u(a, w, i);
        ops[1] = lane_u(b, w, i);
        ops[2] = lane_u(cc, w, i);
        uint64_t x = !strcmp(op, "relaxed_nmadd") ? ops[0] ^ ((uint64_t)1 << (w - 1)) : ops[0];
        float_lane(e, w, i, fop("add", w, fop("mul", w, x, ops[1]), ops[2]), ops, 3);
      }
      return 1;
    }
    if (!strcmp(op, "ceil") || !strcmp(op, "floor") || !strcmp(op, "trunc") || !strcmp(op, "nearest")) {
      for (int i = 0; i < n; i++) {
        ops[0] = lane_u(a, w, i);
        double x = fval(ops[0], w);
        double r = !strcmp(op, "ceil") ? ceil(x) : !strcmp(op, "floor") ? floor(x) : !strcmp(op, "trunc") ? trunc(x) : rint(x);
        float_lane(e, w, i, fbits(r, w), ops, 1);
      }
      return 1;
    }
    if (starts(op, "convert_") || !strcmp(op, "demote_f64x2_zero") || !strcmp(op, "promote_low_f32x4")) {
      int m = w == 32 ? 4 : 2;
      for (int i = 0; i < m; i++) {
        if (!strcmp(op, "demote_f64x2_zero") || !strcmp(op, "promote_low_f32x4")) {
          int iw = w == 32 ? 64 : 32;
          if (i >= 2) {
            set_lane(e->out, w, i, 0);
            continue;
          }
          ops[0] = lane_u(a, iw, i);
          uint64_t r = fbits(fval(ops[0], iw), w);
          e->fw = w;
          set_lane(e->out, w, i, r);
          if (is_nan(r, w)) e->nan[i] = is_canonical(ops[0], iw) ? NAN_CANON : NAN_ARITH;
          continue;
        }
        double v = ends(op, "_s") ? (double)lane_s(a, 32, i) : (double)lane_u(a, 32, i);
        set_lane(e->out, w, i, fbits(v, w)); /* int -> double exact, one rounding to f32 */
      }
      return 1;
    }
    return 0;
  }

  /* integer lanes */
  if (starts(op, "trunc_sat_") || starts(op, "relaxed_trunc_")) {
    int from = strstr(op, "f64x2") ? 64 : 32, s = ends(op, "_s") || ends(op, "_s_zero");
    for (int i = 0; i < 4; i++) {
      if (from == 64 && i >= 2) continue;
      double x = fval(lane_u(a, from, i), from), t = trunc(x);
      int64_t r = x != x ? 0 : s ? (t < -2147483648.0 ? INT32_MIN : t > 2147483647.0 ? INT32_MAX : (int64_t)t)
                               : (t < 0 ? 0 : t > 4294967295.0 ? (int64_t)UINT32_MAX : (int64_t)t);
      set_lane(e->out, 32, i, (uint64_t)r);
    }
    return 1;
  }
  static const char *const icmps[] = {"eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u"};
  for (int k = 0; k < 10; k++)
    if (!strcmp(op, icmps[k])) {
      for (int i = 0; i < n; i++) {
        int64_t xs = lane_s(a, w, i), ys = lane_s(b, w, i);
        uint64_t xu = lane_u(a, w, i), yu = lane_u(b, w, i);
        int r = k == 0 ? xu == yu : k == 1 ? xu != yu : k == 2 ? xs < ys : k == 3 ? xu < yu : k == 4 ? xs > ys
              : k == 5 ? xu > yu : k == 6 ? xs <= ys : k == 7 ? xu <= yu : k == 8 ? xs >= ys : xu >= yu;
        set_lane(e->out, w, i, r ? ones(w) : 0);
      }
      return 1;
    }
  if (!strcmp(op, "shl") || !strcmp(op, "shr_s") || !strcmp(op, "shr_u")) {
    int k = (int)(c->x % (uint64_t)w);
    for (int i = 0; i < n; i++) {
      uint64_t r = !strcmp(op, "shl") ? lane_u(a, w, i) << k
                 : !strcmp(op, "shr_u") ? lane_u(a, w, i) >> k : (uint64_t)(lane_s(a, w, i) >> k);
      set_lane(e->out, w, i, r & ones(w));
    }
    return 1;
  }
  if (!strcmp(op, "all_true") || !strcmp(op, "bitmask")) {
    e->sout = !strcmp(op, "all_true");
    for (int i = 0; i < n; i++) {
      if (!strcmp(op, "all_true")) e->sout &= lane_u(a, w, i) != 0;
      else e->sout |= (uint64_t)(lane_s(a, w, i) < 0) << i;
    }
    return 1;
  }
  if (!strcmp(op, "abs") || !strcmp(op, "neg") || !strcmp(op, "popcnt")) {
    for (int i = 0; i < n; i++) {
      int64_t x = lane_s(a, w, i);
      uint64_t r = 0;
      if (!strcmp(op, "popcnt"))
        for (int k = 0; k < w; k++) r += (lane_u(a, w, i) >> k) & 1;
      else
        r = (uint64_t)0 - ((!strcmp(op, "neg") || x < 0) ? (uint64_t)x : (uint64_t)-x);
      set_lane(e->out, w, i, r & ones(w));
    }
    return 1;
  }
  /* one-operand widening */
  if (starts(op, "extend_") || starts(op, "extadd_pairwise_")) {
    int s = ends(op, "_s"), high = strstr(op, "high") != NULL, iw = w / 2;
    for (int i = 0; i < n; i++) {
      int64_t r;
      if (starts(op, "extend_"))
        r = s ? lane_s(a, iw, i + high * n) : (int64_t)lane_u(a, iw, i + high * n);
      else
        r = s ? lane_s(a, iw, 2 * i) + lane_s(a, iw, 2 * i + 1)
              : (int64_t)(lane_u(a, iw, 2 * i) + lane_u(a, iw, 2 * i + 1));
      set_lane(e->out, w, i, (uint64_t)r & ones(w));
    }
    return 1;
  }
  if (starts(op, "narrow_")) {
    int s = ends(op, "_s"), iw = 2 * w;
    for (int i = 0; i < n; i++) {
      int64_t v = i < n / 2 ? lane_s(a, iw, i) : lane_s(b, iw, i - n / 2);
      int64_t r = s ? clamp(v, smin(w), smax(w)) : clamp(v, 0, (int64_t)ones(w));
      set_lane(e->out, w, i, (uint64_t)r & ones(w));
    }
    return 1;
  }
  if (starts(op, "extmul_")) {
    int s = ends(op, "_s"), high = strstr(op, "high") != NULL, iw = w / 2;
    for (int i = 0; i < n; i++) {
      int k = i + high * n;
      uint64_t r = s ? (uint64_t)lane_s(a, iw, k) * (uint64_t)lane_s(b, iw, k) : lane_u(a, iw, k) * lane_u(b, iw, k);
      set_lane(e->out, w, i, r & ones(w));
    }
    return 1;
  }
  if (!strcmp(op, "dot_i16x8_s")) {
    for (int i = 0; i < 4; i++) {
      int64_t r = lane_s(a, 16, 2 * i) * lane_s(b, 16, 2 * i) + lane_s(a, 16, 2 * i + 1) * lane_s(b, 16, 2 * i + 1);
      set_lane(e->out, 32, i, (uint64_t)r & ones(32));
    }
    return 1;
  }
  if (!strcmp(op, "relaxed_dot_i8x16_i7x16_s") || !strcmp(op, "relaxed_dot_i8x16_i7x16_add_s")) {
    int64_t d[8]; /* deterministic profile: signed * signed, pair sums saturated to i16 */
    for (int i = 0; i < 8; i++)
      d[i] = clamp(lane_s(a, 8, 2 * i) * lane_s(b, 8, 2 * i) + lane_s(a, 8, 2 * i + 1) * lane_s(b, 8, 2 * i + 1),
                   -32768, 32767);
    if (w == 16)
      for (int i = 0; i < 8; i++) set_lane(e->out, 16, i, (uint64_t)d[i] & 0xFFFF);
    else
      for (int i = 0; i < 4; i++)
        set_lane(e->out, 32, i, ((uint64_t)(d[2 * i] + d[2 * i + 1]) + lane_u(cc, 32, i)) & ones(32));
    return 1;
  }
  for (int i = 0; i < n; i++) {
    int64_t xs = lane_s(a, w, i), ys = lane_s(b, w, i);
    uint64_t xu = lane_u(a, w, i), yu = lane_u(b, w, i);
    uint64_t r;
    if (!strcmp(op, "add")) r = xu + yu;
    else if (!strcmp(op, "sub")) r = xu - yu;
    else if (!strcmp(op, "mul")) r = xu * yu;
    else if (!strcmp(op, "add_sat_s")) r = (uint64_t)clamp(xs + ys, smin(w), smax(w));
    else if (!strcmp(op, "sub_sat_s")) r = (uint64_t)clamp(xs - ys, smin(w), smax(w));
    else if (!strcmp(op, "add_sat_u")) r = (uint64_t)clamp((int64_t)(xu + yu), 0, (int64_t)ones(w));
    else if (!strcmp(op, "sub_sat_u")) r = (uint64_t)clamp((int64_t)xu - (int64_t)yu, 0, (int64_t)ones(w));
    else if (!strcmp(op, "min_s")) r = (uint64_t)(xs < ys ? xs : ys);
    else if (!strcmp(op, "max_s")) r = (uint64_t)(xs > ys ? xs : ys);
    else if (!strcmp(op, "min_u")) r = xu < yu ? xu : yu;
    else if (!strcmp(op, "max_u")) r = xu > yu ? xu : yu;
    else if (!strcmp(op, "avgr_u")) r = (xu + yu + 1) / 2;
    else if (!strcmp(op, "q15mulr_sat_s") || !strcmp(op, "relaxed_q15mulr_s"))
      r = (uint64_t)clamp((xs * ys + 0x4000) >> 15, -32768, 32767);
    else
      return 0;
    set_lane(e->out, w, i, r & ones(w));
  }
  return 1;
}

/* -------------------------------------------------------------- operands */
static const uint64_t edge8[] = {0, 1, 0xFF, 0x7F, 0x80, 0x7E, 0x81, 0x40, 2, 0x55, 0xAA, 0xC0};
static const uint64_t edge16[] = {0, 1, 0xFFFF, 0x7FFF, 0x8000, 0x7FFE, 0x8001, 0xFF, 0x100, 0x4000, 0xC000,
                                  0x7F, 0x80, 0xFF80, 0xFF7F, 0x3FFF};
static const uint64_t edge32[] = {0, 1, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0xFFFF, 0x10000, 0x7FFF, 0x8000,
                                  0xFFFF8000, 0x80000001, 0xFFFF7FFF, 0x4000};
static const uint64_t edge64[] = {0, 1, ~(uint64_t)0, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFF,
                                  0x100000000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF80000000, 0x8000000000000001};
static const uint64_t edgef32[] = {
  0x00000000, 0x80000000, 0x3F800000, 0xBF800000, 0x3F000000, 0xBF000000, 0x3FC00000, 0xBFC00000,
  0x40200000, 0xC0200000, 0x3EFFFFFF, 0xBEFFFFFF, 0x7F800000, 0xFF800000, 0x7FC00000, 0xFFC00000,
  0x7F800001, 0xFFA00000, 0x7FC00001, 0xFFFFFFFF, 0x7F7FFFFF, 0xFF7FFFFF, 0x00800000, 0x80800000,
  0x00000001, 0x80000001, 0x4B000000, 0xCB000000, 0x4AFFFFFF, 0xCAFFFFFF, 0x4B000001, 0x4B800000,
  0x4F000000, 0xCF000000, 0x4EFFFFFF, 0xCEFFFFFF, 0x4F800000, 0x4F7FFFFF, 0x501502F9, 0xBF7FFFFF,
  0x3DCCCCCD, 0x40400000, 0xC0400000, 0x3F7FFFFF, 0x4B7FFFFF, 0x3F400000};
static const uint64_t edgef64[] = {
  0x0000000000000000, 0x8000000000000000, 0x3FF0000000000000, 0xBFF0000000000000, 0x3FE0000000000000,
  0xBFE0000000000000, 0x3FF8000000000000, 0xBFF8000000000000, 0x4004000000000000, 0xC004000000000000,
  0x7FF0000000000000, 0xFFF0000000000000, 0x7FF8000000000000, 0xFFF8000000000000, 0x7FF0000000000001,
  0xFFF4000000000000, 0x7FF8000000000001, 0xFFFFFFFFFFFFFFFF, 0x7FEFFFFFFFFFFFFF, 0xFFEFFFFFFFFFFFFF,
  0x0010000000000000, 0x0000000000000001, 0x8000000000000001, 0x4330000000000000, 0xC330000000000000,
  0x432FFFFFFFFFFFFF, 0xC32FFFFFFFFFFFFF, 0x4340000000000000, 0x41DFFFFFFFC00000, 0x41DFFFFFFFE00000,
  0x41E0000000000000, 0xC1E0000000000000, 0xC1E0000000100000, 0xC1E0000000200000, 0x41EFFFFFFFE00000,
  0x41EFFFFFFFF00000, 0x41F0000000000000, 0xBFEFFFFFFFFFFFFF, 0x7E37E43C8800759C, 0x3FB999999999999A,
  0x36A0000000000000, 0x47EFFFFFE0000000, 0x47EFFFFFF0000000, 0x3810000000000000};
#define COUNT(a) (int)(sizeof a / sizeof a[0])

static uint64_t pick(int kind) {
  switch (kind) {
  case 0: return edge8[rnd() % COUNT(edge8)];
  case 1: return edge16[rnd() % COUNT(edge16)];
  case 2: return edge32[rnd() % COUNT(edge32)];
  case 3: return edge64[rnd() % COUNT(edge64)];
  case 4: return edgef32[rnd() % COUNT(edgef32)];
  default: return edgef64[rnd() % COUNT(edgef64)];
  }
}
static const int kind_width[] = {8, 16, 32, 64, 32, 64};

/* A v128: random bits, or lanes of one width from the edge lists (mixed
 * with random lanes), so that every lane position sees the edge values. */
static void gen_v128(uint8_t *v) {
  uint64_t r = rnd() % 8;
  if (r == 0) {
    for (int i = 0; i < 16; i++) v[i] = (uint8_t)rnd();
    return;
  }
  int kind = (int)(rnd() % 6), w = kind_width[kind];
  for (int i = 0; i < 128 / w; i++) set_lane(v, w, i, rnd() % 4 ? pick(kind) : rnd());
}
static uint64_t gen_scalar(int sig, int w) {
  switch (sig) {
  case SIG_SH: {
    static const uint64_t counts[] = {0, 1, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 127, 128, 0xFFFFFFFF,
                                      0x80000000, 0x80000008, 0x100};
    return rnd() % 2 ? counts[rnd() % COUNT(counts)] : (uint32_t)rnd();
  }
  case SIG_SPF: case SIG_RPF: return rnd() % 4 ? pick(4) : (uint32_t)rnd();
  case SIG_SPD: case SIG_RPD: return rnd() % 4 ? pick(5) : rnd();
  default: {
    /* i32 operands carry any 32 bits, i64 any 64: the helper must truncate */
    uint64_t v = rnd() % 2 ? pick(w == 8 ? 0 : w == 16 ? 1 : w == 32 ? 2 : 3) | (rnd() % 2 ? 0xFFFFFF00u : 0) : rnd();
    return sig == SIG_SPJ || sig == SIG_RPJ ? v : (uint32_t)v;
  }
  }
}

/* ------------------------------------------------------------- comparing */
static void show(const char *what, const uint8_t *v) {
  fprintf(stderr, "  %-9s", what);
  for (int i = 0; i < 16; i++) fprintf(stderr, "%02x%s", v[i], i % 4 == 3 ? " " : "");
  fprintf(stderr, "\n");
}
static void report(const char *name, const char *which, const simd_ctx *in, const simd_ctx *got, const expect *e,
                   const char *why) {
  if (++failures > MAX_REPORTS) return;
  fprintf(stderr, "FAIL %s (%s): %s; x=%#" PRIx64 " lane=%u\n", name, which, why, in->x, in->lane);
  show("a", in->a);
  show("b", in->b);
  show("c", in->c);
  show("mem in", in->mem);
  show("got out", got->out);
  show("want out", e->out);
  show("got mem", got->mem);
  show("want mem", e->mem);
  fprintf(stderr, "  sout got %#" PRIx64 " want %#" PRIx64 "\n", got->sout, e->sout);
}

/* Result bytes v agree with the expectation (NaN lanes by class). */
static int matches_v(const uint8_t *v, const expect *e, char *why, size_t n) {
  for (int i = 0; i < 16; i++) {
    int lane = e->fw ? i / (e->fw / 8) : 0;
    if (e->fw && e->nan[lane]) continue;
    if (v[i] != e->out[i]) {
      snprintf(why, n, "byte %d differs", i);
      return 0;
    }
  }
  for (int l = 0; e->fw && l < 128 / e->fw; l++) {
    uint64_t got = lane_u(v, e->fw, l);
    if (e->nan[l] == NAN_CANON && !is_canonical(got, e->fw)) {
      snprintf(why, n, "lane %d: want a canonical NaN, got %#" PRIx64, l, got);
      return 0;
    }
    if (e->nan[l] == NAN_ARITH && !is_arithmetic(got, e->fw)) {
      snprintf(why, n, "lane %d: want an arithmetic NaN, got %#" PRIx64, l, got);
      return 0;
    }
  }
  return 1;
}
static int check(const char *name, int sig, const char *which, const simd_ctx *in, const simd_ctx *got, const expect *e) {
  char why[128] = "";
  int ok;
  switch (sig) {
  case SIG_UV: case SIG_EXI: case SIG_EXJ: case SIG_EXF: case SIG_EXD:
    ok = got->sout == e->sout;
    snprintf(why, sizeof why, "scalar result differs");
    break;
  case SIG_ST: case SIG_STL:
    ok = !memcmp(got->mem, e->mem, 16);
    snprintf(why, sizeof why, "memory differs");
    break;
  default:
    ok = matches_v(got->out, e, why, sizeof why) && !memcmp(got->mem, in->mem, 16);
    if (ok && memcmp(got->mem, in->mem, 16)) snprintf(why, sizeof why, "memory changed");
  }
  if (!ok) report(name, which, in, got, e, why);
  return ok;
}
/* The two representations agree bit for bit, except in NaN lanes, whose
 * payload may differ (each was checked against its class). */
static void check_same(const char *name, const simd_ctx *in, const simd_ctx *x, const simd_ctx *y, const expect *e) {
  expect same = *e;
  memcpy(same.out, y->out, 16);
  char why[128] = "";
  if (x->sout != y->sout || memcmp(x->mem, y->mem, 16) || !matches_v(x->out, &same, why, sizeof why))
    report(name, "main vs other", in, x, &same, why[0] ? why : "scalar result or memory differs");
}

static int lane_count(const char *name, int sig) {
  int isf, w = shape_width(name, &isf), bits = 0;
  if (sig == SIG_SHUF) return SIMD_NSHUF;
  if (sig == SIG_LDL || sig == SIG_STL) {
    sscanf(strchr(name, '.') + 1, "%*[a-z]%d", &bits);
    return 128 / bits;
  }
  if (sig >= SIG_EXI && sig <= SIG_RPD) return 128 / w;
  return 1;
}

static void run_op(const simd_op *op, const simd_op *other, long iters) {
  int isf, w = shape_width(op->name, &isf);
  int lanes = lane_count(op->name, op->sig);
  for (long it = 0; it < iters; it++) {
    simd_ctx in;
    memset(&in, 0, sizeof in);
    gen_v128(in.a);
    gen_v128(in.b);
    gen_v128(in.c);
    gen_v128(in.mem);
    in.x = gen_scalar(op->sig, w ? w : 32);
    for (uint32_t lane = 0; lane < (uint32_t)lanes; lane++) {
      in.lane = lane;
      expect e;
      if (!reference(op->name, &in, &e)) {
        fprintf(stderr, "FAIL %s: no reference\n", op->name);
        failures++;
        return;
      }
      simd_ctx x = in, y = in;
      op->fn(&x);
      check(op->name, op->sig, "main", &in, &x, &e);
      if (other) {
        other->fn(&y);
        check_same(op->name, &in, &x, &y, &e);
      }
    }
  }
}

/* ----------------------------------------------------- spec spot checks */
static const simd_op *find(const simd_op *table, const char *name) {
  for (const simd_op *op = table; op->name; op++)
    if (!strcmp(op->name, name)) return op;
  return NULL;
}
static void set16(uint8_t *v, const char *shape, const int64_t *lanes) {
  int isf, w = shape_width(shape, &isf);
  for (int i = 0; i < 128 / w; i++) set_lane(v, w, i, (uint64_t)lanes[i]);
}
/* Examples from the spec suite (simd/, relaxed-simd/), independent of the
 * reference model: op(a, b, c) has lanes want (integers, or float bits). */
static void spot(const char *name, const char *in_shape, const int64_t *a, const int64_t *b, const int64_t *c,
                 const char *out_shape, const int64_t *want) {
  const simd_op *op = find(simd_ops_main, name);
  simd_ctx ctx;
  memset(&ctx, 0, sizeof ctx);
  set16(ctx.a, in_shape, a);
  if (b) set16(ctx.b, in_shape, b);
  if (c) set16(ctx.c, out_shape, c);
  uint8_t w[16];
  set16(w, out_shape, want);
  op->fn(&ctx);
  if (memcmp(ctx.out, w, 16)) {
    failures++;
    fprintf(stderr, "FAIL spot check %s\n", name);
    show("got", ctx.out);
    show("want", w);
  }
}
#define L(...) ((const int64_t[]){__VA_ARGS__})
static void spot_checks(void) {
  spot("i16x8.q15mulr_sat_s", "i16x8", L(-32768, -32768, 16384, -16384, 32767, 1, 0x4000, -1),
       L(-32768, 32767, 16384, 16384, 32767, 16384, -1, -1), NULL, "i16x8",
       L(32767, -32767, 8192, -8192, 32766, 1, 0, 0));
  spot("i16x8.relaxed_q15mulr_s", "i16x8", L(-32768, 0, 0, 0, 0, 0, 0, 0), L(-32768, 0, 0, 0, 0, 0, 0, 0), NULL,
       "i16x8", L(32767, 0, 0, 0, 0, 0, 0, 0));
  spot("i16x8.relaxed_dot_i8x16_i7x16_s", "i8x16", L(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15),
       L(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15), NULL, "i16x8", L(1, 13, 41, 85, 145, 221, 313, 421));
  spot("i16x8.relaxed_dot_i8x16_i7x16_s", "i8x16", L(-128, -128, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
       L(127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), NULL, "i16x8", L(-32512, 32258, 0, 0, 0, 0, 0, 0));
  spot("i16x8.relaxed_dot_i8x16_i7x16_s", "i8x16", L(-128, -128, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
       L(-127, -127, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), NULL, "i16x8", L(32512, 32767, 0, 0, 0, 0, 0, 0));
  spot("i32x4.relaxed_dot_i8x16_i7x16_add_s", "i8x16",
       L(-128, -128, -128, -128, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0),
       L(127, 127, 127, 127, 127, 127, 127, 127, 0, 0, 0, 0, 0, 0, 0, 0), L(1, 2, 3, 4), "i32x4",
       L(-65023, 64518, 3, 4));
  spot("i32x4.relaxed_dot_i8x16_i7x16_add_s", "i8x16",
       L(-128, -128, -128, -128, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
       L(-127, -127, -127, -127, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), L(1, 2, 3, 4), "i32x4", L(65025, 2, 3, 4));
  /* madd unfused: FLT_MAX * 2 - FLT_MAX = inf; the 2^-37 case rounds to 0 */
  spot("f32x4.relaxed_madd", "f32x4", L(0x7F7FFFFF, 0x3F800002, 0, 0), L(0x40000000, 0x3F800100, 0, 0), L(0xFF7FFFFF, 0xBF800102, 0, 0),
       "f32x4", L(0x7F800000, 0, 0, 0));
  spot("i32x4.trunc_sat_f32x4_s", "f32x4", L(0x4F000000, 0xCF000001, 0x7FC00000, 0xBF7FFFFF), NULL, NULL, "i32x4",
       L(2147483647, -2147483648LL, 0, 0));
  spot("i32x4.trunc_sat_f32x4_u", "f32x4", L(0x4F800000, 0x4F7FFFFF, 0xBF800000, 0xFFC00000), NULL, NULL, "i32x4",
       L(0xFFFFFFFF, 0xFFFFFF00, 0, 0));
  spot("f32x4.nearest", "f32x4", L(0x40200000, 0xBF000000, 0x3FC00000, 0x4B7FFFFF), NULL, NULL, "f32x4",
       L(0x40000000, 0x80000000, 0x40000000, 0x4B7FFFFF));
  spot("f32x4.min", "f32x4", L(0x80000000, 0, 0x3F800000, 0xBF800000), L(0, 0x80000000, 0xBF800000, 0x7F800000),
       NULL, "f32x4", L(0x80000000, 0x80000000, 0xBF800000, 0xBF800000));
  spot("f32x4.max", "f32x4", L(0x80000000, 0, 0x3F800000, 0xBF800000), L(0, 0x80000000, 0xBF800000, 0x7F800000),
       NULL, "f32x4", L(0, 0, 0x3F800000, 0x7F800000));
  spot("i8x16.narrow_i16x8_u", "i16x8", L(-1, 256, 255, 0, -32768, 32767, 128, 1), L(0, 0, 0, 0, 0, 0, 0, 0), NULL,
       "i8x16", L(0, 255, 255, 0, 0, 255, 128, 1, 0, 0, 0, 0, 0, 0, 0, 0));
  spot("i8x16.avgr_u", "i8x16", L(255, 0, 1, 2, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
       L(254, 1, 2, 2, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0), NULL, "i8x16",
       L(255, 1, 2, 2, 255, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
}

/* Every instruction of the final SIMD and relaxed-SIMD specs has a helper
 * (the name list of compiler/opcodes.c plus the 20 relaxed ones). */
static const char *const all_names[] = {
#include "simd_names.inc"
};

int main(int argc, char **argv) {
  long iters = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
  if (argc > 2) rng_state = strtoull(argv[2], NULL, 0);
  int count = 0;
  for (const simd_op *op = simd_ops_main; op->name; op++) count++;
  for (int i = 0; i < COUNT(all_names); i++)
    if (!find(simd_ops_main, all_names[i])) {
      fprintf(stderr, "FAIL %s: no helper in the test table\n", all_names[i]);
      failures++;
    }
  if (count != COUNT(all_names)) {
    fprintf(stderr, "FAIL table has %d entries, the specs %d instructions\n", count, COUNT(all_names));
    failures++;
  }
  spot_checks();
  for (const simd_op *op = simd_ops_main; op->name; op++) run_op(op, find(simd_ops_other, op->name), iters);
  if (failures) {
    fprintf(stderr, "%d failure(s)\n", failures);
    return 1;
  }
  printf("ok: %d instructions, %ld random operand sets each (plus every lane), both representations agree\n",
         count, iters);
  return 0;
}
