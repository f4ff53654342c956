/* host.c - the wasmcc side of the differential test (tests/diff/run).
 *
 * Linked with any number of modules translated by wasmcc, each with its own
 * --prefix, and a registry the runner generates:
 *   const wasmrt_module *const diff_modules[];  the modules' descriptors
 *   const char *const diff_labels[];            the name printed for each
 *   const unsigned char diff_args[];            argument set for each (0, 1, 2)
 *   const unsigned diff_count;
 *
 *   host [FIRST]   runs modules FIRST.. (default 0) in order
 *
 * For each module: instantiate it with the "fuzzing-support" logging imports,
 * then call every exported function in export order, calling the export
 * "hangLimitInitializer" (if any) before each. The output format is ref.cjs's
 * (see there); the two must stay in step. Line-buffered, so after a crash the
 * runner knows which module was running. DIFF_MEMTRACE and DIFF_MEMDUMP: as
 * in ref.cjs.
 *
 * A v128 (argument set: v128_args; import log-v128; results) prints as its
 * four i32 lanes in hex, lane 0 first: `v128 i32x4 0x3fc00000 0xfffffffd
 * 0x00000000 0xbfe80000`, exact bits (ref.cjs prints the same).
 */
#include "wasmrt.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

extern const wasmrt_module *const diff_modules[];
extern const char *const diff_labels[];
extern const unsigned char diff_args[];
extern const unsigned diff_count;

/* Lane k of a v128 as i32, from its little-endian bytes (any host order). */
static uint32_t v128_lane(const wasmrt_v128 *v, int k) {
  const uint8_t *b = &v->bytes[4 * k];
  return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
}

static void show(wasmrt_valtype t, const wasmrt_value *v) {
  switch (t) {
    case WASMRT_I32: printf(" i32 %" PRId32, (int32_t)v->i32); break;
    case WASMRT_I64: printf(" i64 %" PRId64, (int64_t)v->i64); break;
    case WASMRT_F32: {
      uint32_t b;
      memcpy(&b, &v->f32, 4);
      if (v->f32 != v->f32) printf(" f32 nan");
      else printf(" f32 0x%08" PRIx32, b);
      break;
    }
    case WASMRT_F64: {
      uint64_t b;
      memcpy(&b, &v->f64, 8);
      if (v->f64 != v->f64) printf(" f64 nan");
      else printf(" f64 0x%016" PRIx64, b);
      break;
    }
    case WASMRT_V128:
      printf(" v128 i32x4");
      for (int k = 0; k < 4; k++) printf(" 0x%08" PRIx32, v128_lane(&v->v128, k));
      break;
    default: printf(" type%d ?", t); break;
  }
}

/* The logging imports: print "log TYPE VALUE". */
static void log_i32(void *env, uint32_t x) {
  (void)env;
  printf("log");
  show(WASMRT_I32, &(wasmrt_value){.i32 = x});
  printf("\n");
}
static void log_i64(void *env, uint64_t x) {
  (void)env;
  printf("log");
  show(WASMRT_I64, &(wasmrt_value){.i64 = x});
  printf("\n");
}
static void log_f32(void *env, float x) {
  (void)env;
  printf("log");
  show(WASMRT_F32, &(wasmrt_value){.f32 = x});
  printf("\n");
}
static void log_f64(void *env, double x) {
  (void)env;
  printf("log");
  show(WASMRT_F64, &(wasmrt_value){.f64 = x});
  printf("\n");
}

static void log_v128(void *env, wasmrt_v128 x) {
  (void)env;
  printf("log");
  show(WASMRT_V128, &(wasmrt_value){.v128 = x});
  printf("\n");
}

static const wasmrt_valtype t_i32[] = {WASMRT_I32}, t_i64[] = {WASMRT_I64},
                            t_f32[] = {WASMRT_F32}, t_f64[] = {WASMRT_F64},
                            t_v128[] = {WASMRT_V128};
#define LOG_TYPE(t) {.nparams = 1, .types = t}
static const wasmrt_functype ft_i32 = LOG_TYPE(t_i32), ft_i64 = LOG_TYPE(t_i64), ft_f32 = LOG_TYPE(t_f32),
                             ft_f64 = LOG_TYPE(t_f64), ft_v128 = LOG_TYPE(t_v128);
static wasmrt_funcref logs[] = {
    {&ft_i32, (void (*)(void))log_i32, NULL, NULL, NULL},
    {&ft_i64, (void (*)(void))log_i64, NULL, NULL, NULL},
    {&ft_f32, (void (*)(void))log_f32, NULL, NULL, NULL},
    {&ft_f64, (void (*)(void))log_f64, NULL, NULL, NULL},
    {&ft_v128, (void (*)(void))log_v128, NULL, NULL, NULL},
};
static const char *const log_names[] = {"log-i32", "log-i64", "log-f32", "log-f64", "log-v128"};
#define NLOGS (sizeof logs / sizeof logs[0])

/* The spec's trap categories, as ref.cjs maps V8's messages. */
static const char *trap_kind(wasmrt_trap_code c) {
  switch (c) {
    case WASMRT_TRAP_UNREACHABLE: return "unreachable";
    case WASMRT_TRAP_INT_DIV_ZERO: return "div-zero";
    case WASMRT_TRAP_INT_OVERFLOW: /* V8 does not tell these two apart */
    case WASMRT_TRAP_INVALID_CONVERSION: return "overflow";
    case WASMRT_TRAP_OOB_MEMORY: return "oob-memory";
    case WASMRT_TRAP_OOB_TABLE:
    case WASMRT_TRAP_UNDEFINED_ELEMENT: return "oob-table";
    case WASMRT_TRAP_UNINITIALIZED_ELEMENT:
    case WASMRT_TRAP_INDIRECT_CALL_TYPE_MISMATCH: return "indirect";
    case WASMRT_TRAP_CALL_STACK_EXHAUSTED: return "stack";
    default: return wasmrt_trap_message(c);
  }
}

/* The v128 argument of each set as i32 lanes, lane 0 first (as in ref.cjs):
 * set 1 mixes shapes (f32 1.5, i32 -3, f64 -0.75 in the high half), set 2 has
 * i32 -2^31, -1, f32 +inf and the canonical f32 NaN. */
static const uint32_t v128_args[3][4] = {
    {0, 0, 0, 0},
    {0x3fc00000u, 0xfffffffdu, 0x00000000u, 0xbfe80000u},
    {0x80000000u, 0xffffffffu, 0x7f800000u, 0x7fc00000u},
};

static wasmrt_value arg_value(wasmrt_valtype t, int mode) {
  wasmrt_value v;
  memset(&v, 0, sizeof v);
  switch (t) {
    case WASMRT_I32: v.i32 = mode == 1 ? (uint32_t)-3 : mode == 2 ? 0x80000000u : 0; break;
    case WASMRT_I64:
      v.i64 = mode == 1 ? UINT64_C(4886718345) : mode == 2 ? UINT64_MAX : 0;
      break;
    case WASMRT_F32: v.f32 = mode == 1 ? 1.5f : mode == 2 ? (float)INFINITY : 0.0f; break;
    case WASMRT_F64: v.f64 = mode == 1 ? -0.75 : mode == 2 ? 1e300 : 0.0; break;
    case WASMRT_V128: {
      const uint32_t *lanes = v128_args[mode == 1 || mode == 2 ? mode : 0];
      for (int k = 0; k < 16; k++) v.v128.bytes[k] = (uint8_t)(lanes[k / 4] >> 8 * (k % 4));
      break;
    }
  }
  return v;
}

/* Calls one export (after the hang-limit reset) and prints its results or trap. */
static void call_export(const wasmrt_funcref *fn, const wasmrt_funcref *hang, int mode) {
  const wasmrt_functype *ty = fn->type;
  wasmrt_value *args = calloc(ty->nparams + 1, sizeof *args);
  wasmrt_value *results = calloc(ty->nresults + 1, sizeof *results);
  if (!args || !results) abort();
  for (uint32_t k = 0; k < ty->nparams; k++) args[k] = arg_value(ty->types[k], mode);
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    if (hang) wasmrt_call(hang, NULL, NULL);
    wasmrt_call(fn, args, results);
    wasmrt_trap_leave(&f);
    printf("->");
    for (uint32_t k = 0; k < ty->nresults; k++) show(ty->types[ty->nparams + k], &results[k]);
    printf("\n");
  } else {
    printf("-> trap %s\n", trap_kind(f.code));
  }
  free(args);
  free(results);
}

/* Instantiates inside a trap frame; returns the trap code or WASMRT_TRAP_NONE. */
static wasmrt_trap_code instantiate(const wasmrt_module *mod, void *inst,
                                    const wasmrt_extern *imports) {
  wasmrt_trap_frame f;
  WASMRT_TRY(f) {
    mod->instantiate(inst, imports);
    wasmrt_trap_leave(&f);
    return WASMRT_TRAP_NONE;
  }
  return f.code;
}

/* What the calls left in memory: the pages and an FNV-1a hash of the bytes.
 * DIFF_MEMDUMP=FILE also writes the bytes to FILE (for debugging). */
static void print_memory(const wasmrt_module *mod, void *inst) {
  for (uint32_t e = 0; e < mod->nexports; e++) {
    if (mod->exports[e].kind != WASMRT_EXTERN_MEMORY) continue;
    const wasmrt_memory *mem = mod->export_get(inst, e).u.memory;
    uint32_t h = 0x811c9dc5u;
    for (uint64_t k = 0; k < mem->size; k++) h = (h ^ mem->base[k]) * 0x01000193u;
    printf("memory %" PRIu64 " pages, hash %08" PRIx32 "\n", mem->pages, h);
    const char *dump = getenv("DIFF_MEMDUMP");
    FILE *f = dump ? fopen(dump, "wb") : NULL;
    if (f) {
      fwrite(mem->base, 1, mem->size, f);
      fclose(f);
    }
    return;
  }
}

/* Returns 0, or 1 when the module cannot be set up (printed as `error`). */
static int run_module(unsigned m) {
  const wasmrt_module *mod = diff_modules[m];
  printf("== %s\n", diff_labels[m]);
  wasmrt_extern *imports = calloc(mod->nimports + 1, sizeof *imports);
  void *inst = calloc(1, mod->instance_size);
  if (!imports || !inst) {
    printf("error out of memory\n");
    return 1;
  }
  for (uint32_t i = 0; i < mod->nimports; i++) {
    const wasmrt_import_desc *d = &mod->imports[i];
    int k = 0;
    while (k < (int)NLOGS &&
           !(d->name_len == strlen(log_names[k]) && !memcmp(d->name, log_names[k], d->name_len)))
      k++;
    imports[i].kind = WASMRT_EXTERN_FUNC;
    imports[i].u.func = &logs[k < (int)NLOGS ? k : 0];
    char why[200] = "";
    if (k == (int)NLOGS || strcmp(d->module, "fuzzing-support") != 0 ||
        wasmrt_import_check(d, &imports[i], why, sizeof why) != NULL) {
      printf("error unexpected import %s.%s %s\n", d->module, d->name, why);
      free(imports);
      free(inst);
      return 1;
    }
  }
  wasmrt_trap_code trapped = instantiate(mod, inst, imports);
  if (trapped != WASMRT_TRAP_NONE) {
    printf("instantiate trap %s\n", trap_kind(trapped));
  } else {
    printf("instantiate ok\n");
    wasmrt_extern hang;
    int has_hang = wasmrt_export_find(mod, inst, "hangLimitInitializer", &hang) == 0 &&
                   hang.kind == WASMRT_EXTERN_FUNC;
    for (uint32_t e = 0; e < mod->nexports; e++) {
      const wasmrt_export_desc *d = &mod->exports[e];
      if (d->kind != WASMRT_EXTERN_FUNC) continue;
      printf("call %.*s\n", (int)d->name_len, d->name);
      call_export(mod->export_get(inst, e).u.func, has_hang ? hang.u.func : NULL, diff_args[m]);
      if (getenv("DIFF_MEMTRACE")) print_memory(mod, inst);
    }
    print_memory(mod, inst);
  }
  mod->free(inst);
  free(inst);
  free(imports);
  return 0;
}

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  unsigned first = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 0;
  int status = 0;
  for (unsigned m = first; m < diff_count; m++) status |= run_module(m);
  return status;
}
