/* spectest.c - the "spectest" host module (see spectest.h).
 *
 * The print functions write to stdout in the reference interpreter's format
 * ("42 : i32"); the runner never compares that output, it only keeps the
 * functions observable when a test calls them. */
#define _POSIX_C_SOURCE 200809L /* wasmrt.h needs sigjmp_buf, even with -std=c11 */
#include "spectest.h"

#include <inttypes.h>
#include <stdio.h>

enum { TABLE_MIN = 10, TABLE_MAX = 20, MEMORY_MIN_PAGES = 1, MEMORY_MAX_PAGES = 2 };

/* ---- function types (params then results, as wasmrt_functype wants) ---- */
static const wasmrt_valtype types_i32[] = {WASMRT_I32};
static const wasmrt_valtype types_i64[] = {WASMRT_I64};
static const wasmrt_valtype types_f32[] = {WASMRT_F32};
static const wasmrt_valtype types_f64[] = {WASMRT_F64};
static const wasmrt_valtype types_i32_f32[] = {WASMRT_I32, WASMRT_F32};
static const wasmrt_valtype types_f64_f64[] = {WASMRT_F64, WASMRT_F64};

static const wasmrt_functype type_void = {.nparams = 0};
static const wasmrt_functype type_i32 = {.nparams = 1, .types = types_i32};
static const wasmrt_functype type_i64 = {.nparams = 1, .types = types_i64};
static const wasmrt_functype type_f32 = {.nparams = 1, .types = types_f32};
static const wasmrt_functype type_f64 = {.nparams = 1, .types = types_f64};
static const wasmrt_functype type_i32_f32 = {.nparams = 2, .types = types_i32_f32};
static const wasmrt_functype type_f64_f64 = {.nparams = 2, .types = types_f64_f64};

/* ---- the functions, in the calling convention of generated code ---- */
static void print_value_i32(uint32_t v) { printf("%" PRId32 " : i32\n", (int32_t)v); }
static void print_value_i64(uint64_t v) { printf("%" PRId64 " : i64\n", (int64_t)v); }
static void print_value_f32(float v) { printf("%.9g : f32\n", (double)v); }
static void print_value_f64(double v) { printf("%.17g : f64\n", v); }

static WASMRT_CC void print(void *env) { (void)env; }
static WASMRT_CC void print_i32(void *env, uint32_t a) { (void)env; print_value_i32(a); }
static WASMRT_CC void print_i64(void *env, uint64_t a) { (void)env; print_value_i64(a); }
static WASMRT_CC void print_f32(void *env, float a) { (void)env; print_value_f32(a); }
static WASMRT_CC void print_f64(void *env, double a) { (void)env; print_value_f64(a); }
static WASMRT_CC void print_i32_f32(void *env, uint32_t a, float b) {
  (void)env;
  print_value_i32(a);
  print_value_f32(b);
}
static WASMRT_CC void print_f64_f64(void *env, double a, double b) {
  (void)env;
  print_value_f64(a);
  print_value_f64(b);
}

/* ---- generic trampolines (wasmrt_funcref.call) ---- */
#define UNUSED_TRAMPOLINE_ARGS (void)self, (void)args, (void)results
static void call_print(const wasmrt_funcref *self, const wasmrt_value *args, wasmrt_value *results) {
  UNUSED_TRAMPOLINE_ARGS;
  print(self->env);
}
static void call_print_i32(const wasmrt_funcref *self, const wasmrt_value *args, wasmrt_value *results) {
  UNUSED_TRAMPOLINE_ARGS;
  print_i32(self->env, args[0].i32);
}
static void call_print_i64(const wasmrt_funcref *self, const wasmrt_value *args, wasmrt_value *results) {
  UNUSED_TRAMPOLINE_ARGS;
  print_i64(self->env, args[0].i64);
}
static void call_print_f32(const wasmrt_funcref *self, const wasmrt_value *args, wasmrt_value *results) {
  UNUSED_TRAMPOLINE_ARGS;
  print_f32(self->env, args[0].f32);
}
static void call_print_f64(const wasmrt_funcref *self, const wasmrt_value *args, wasmrt_value *results) {
  UNUSED_TRAMPOLINE_ARGS;
  print_f64(self->env, args[0].f64);
}
static void call_print_i32_f32(const wasmrt_funcref *self, const wasmrt_value *args, wasmrt_value *results) {
  UNUSED_TRAMPOLINE_ARGS;
  print_i32_f32(self->env, args[0].i32, args[1].f32);
}
static void call_print_f64_f64(const wasmrt_funcref *self, const wasmrt_value *args, wasmrt_value *results) {
  UNUSED_TRAMPOLINE_ARGS;
  print_f64_f64(self->env, args[0].f64, args[1].f64);
}

typedef struct function_def {
  const char *name;
  const wasmrt_functype *type;
  void (*fn)(void);
  void (*call)(const wasmrt_funcref *, const wasmrt_value *, wasmrt_value *);
} function_def;

/* `fn` holds the function under the generic pointer type wasmrt_funcref uses;
 * callers cast it back to the real type before calling. */
static const function_def functions[] = {
    {"print", &type_void, (void (*)(void))print, call_print},
    {"print_i32", &type_i32, (void (*)(void))print_i32, call_print_i32},
    {"print_i64", &type_i64, (void (*)(void))print_i64, call_print_i64},
    {"print_f32", &type_f32, (void (*)(void))print_f32, call_print_f32},
    {"print_f64", &type_f64, (void (*)(void))print_f64, call_print_f64},
    {"print_i32_f32", &type_i32_f32, (void (*)(void))print_i32_f32, call_print_i32_f32},
    {"print_f64_f64", &type_f64_f64, (void (*)(void))print_f64_f64, call_print_f64_f64},
};
enum { NFUNCS = sizeof functions / sizeof functions[0] };

enum { GLOBAL_I32, GLOBAL_I64, GLOBAL_F32, GLOBAL_F64, NGLOBALS };

typedef struct spectest_instance {
  wasmrt_funcref funcs[NFUNCS];
  wasmrt_global globals[NGLOBALS];
  wasmrt_table table;
  wasmrt_table table64; /* the same limits with an i64 index type (table64) */
  wasmrt_memory memory;
  wasmrt_memory shared_memory; /* the threads proposal's (memory 1 2 shared) */
} spectest_instance;

/* ---- the module descriptor ---- */
/* name_len: export names are byte strings that may contain NUL. */
#define EXPORT(name, kind, index) {name, kind, index, sizeof name - 1}
static const wasmrt_export_desc exports[] = {
    EXPORT("print", WASMRT_EXTERN_FUNC, 0),
    EXPORT("print_i32", WASMRT_EXTERN_FUNC, 1),
    EXPORT("print_i64", WASMRT_EXTERN_FUNC, 2),
    EXPORT("print_f32", WASMRT_EXTERN_FUNC, 3),
    EXPORT("print_f64", WASMRT_EXTERN_FUNC, 4),
    EXPORT("print_i32_f32", WASMRT_EXTERN_FUNC, 5),
    EXPORT("print_f64_f64", WASMRT_EXTERN_FUNC, 6),
    EXPORT("global_i32", WASMRT_EXTERN_GLOBAL, GLOBAL_I32),
    EXPORT("global_i64", WASMRT_EXTERN_GLOBAL, GLOBAL_I64),
    EXPORT("global_f32", WASMRT_EXTERN_GLOBAL, GLOBAL_F32),
    EXPORT("global_f64", WASMRT_EXTERN_GLOBAL, GLOBAL_F64),
    EXPORT("table", WASMRT_EXTERN_TABLE, 0),
    EXPORT("table64", WASMRT_EXTERN_TABLE, 1),
    EXPORT("memory", WASMRT_EXTERN_MEMORY, 0),
    EXPORT("shared_memory", WASMRT_EXTERN_MEMORY, 1),
};
enum { NEXPORTS = sizeof exports / sizeof exports[0] };

static void init_globals(wasmrt_global *g) {
  g[GLOBAL_I32] = (wasmrt_global){.value.i32 = 666, .type = WASMRT_I32};
  g[GLOBAL_I64] = (wasmrt_global){.value.i64 = 666, .type = WASMRT_I64};
  g[GLOBAL_F32] = (wasmrt_global){.value.f32 = 666.6f, .type = WASMRT_F32};
  g[GLOBAL_F64] = (wasmrt_global){.value.f64 = 666.6, .type = WASMRT_F64};
}

static void spectest_instantiate(void *instance, const wasmrt_extern *imports) {
  spectest_instance *inst = instance;
  (void)imports; /* spectest imports nothing */
  for (uint32_t i = 0; i < NFUNCS; i++)
    inst->funcs[i] = (wasmrt_funcref){functions[i].type, functions[i].fn, inst, functions[i].call, NULL};
  init_globals(inst->globals);
  if (wasmrt_table_init(&inst->table, WASMRT_FUNCREF, TABLE_MIN, TABLE_MAX, 1) != 0 ||
      wasmrt_table64_init(&inst->table64, WASMRT_FUNCREF, TABLE_MIN, TABLE_MAX, 1) != 0 ||
      wasmrt_memory_init(&inst->memory, MEMORY_MIN_PAGES, MEMORY_MAX_PAGES, 1, WASMRT_BOUNDS_CHECK) != 0 ||
      wasmrt_memory_init_shared(&inst->shared_memory, MEMORY_MIN_PAGES, MEMORY_MAX_PAGES, 0, WASMRT_BOUNDS_CHECK) != 0)
    wasmrt_trap(WASMRT_TRAP_OUT_OF_MEMORY);
}

static wasmrt_extern spectest_export_get(void *instance, uint32_t export_index) {
  spectest_instance *inst = instance;
  const wasmrt_export_desc *e = &exports[export_index];
  wasmrt_extern ext = {.kind = e->kind};
  switch (e->kind) {
    case WASMRT_EXTERN_FUNC: ext.u.func = &inst->funcs[e->index]; break;
    case WASMRT_EXTERN_GLOBAL: ext.u.global = &inst->globals[e->index]; break;
    case WASMRT_EXTERN_TABLE: ext.u.table = e->index ? &inst->table64 : &inst->table; break;
    case WASMRT_EXTERN_MEMORY: ext.u.memory = e->index ? &inst->shared_memory : &inst->memory; break;
  }
  return ext;
}

static void spectest_free(void *instance) {
  spectest_instance *inst = instance;
  wasmrt_table_free(&inst->table);
  wasmrt_table_free(&inst->table64);
  wasmrt_memory_free(&inst->memory);
  wasmrt_memory_free(&inst->shared_memory);
}

const wasmrt_module spectest_module = {
    .name = "spectest",
    .instance_size = sizeof(spectest_instance),
    .nimports = 0,
    .imports = NULL,
    .nexports = NEXPORTS,
    .exports = exports,
    .instantiate = spectest_instantiate,
    .export_get = spectest_export_get,
    .free = spectest_free,
};
