/* harness.c - executes the step table of a generated spec-test driver.
 * See harness.h for the protocol with the runner. */
#define _POSIX_C_SOURCE 200809L /* wasmrt.h needs sigjmp_buf, even with -std=c11 */
#include "harness.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spectest.h"

/* An instance the script can import from: spectest, or a registered module. */
typedef struct registration {
  const char *name;  /* without NUL bytes: the suite registers plain names */
  const wasmrt_module *module;
  void *instance;
} registration;

/* One instance slot of the script: a module may have several instances. */
typedef struct instance_slot {
  const wasmrt_module *module; /* set once the slot's instance exists */
  void *data;
  bool usable; /* instantiated without a trap */
} instance_slot;

/* Everything one run of the script owns. Instances are never freed: a module
 * whose instantiation trapped may still have functions in another module's
 * table, and keeping them reachable from here keeps LeakSanitizer quiet. */
typedef struct script {
  const wasmrt_module *const *modules;
  uint32_t nmodules;
  instance_slot *instances;
  uint32_t ninstances;
  registration *registry;
  uint32_t nregistered, registry_cap;
} script;

/* ------------------------------------------------------------ reporting */
static int failures;

static void pass(const spec_step *s) { printf("ok %" PRIu32 "\n", s->line); }

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void fail(const spec_step *s, const char *fmt, ...) {
  char details[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(details, sizeof details, fmt, ap);
  va_end(ap);
  /* One line per step: the runner splits the output on newlines. */
  for (char *p = details; *p; p++)
    if (*p == '\n' || *p == '\r') *p = ' ';
  printf("FAIL %" PRIu32 " %s\n", s->line, details);
  failures++;
}

static void *xcalloc(size_t n, size_t size) {
  void *p = calloc(n ? n : 1, size);
  if (!p) {
    fprintf(stderr, "spec harness: out of memory\n");
    exit(2);
  }
  return p;
}

/* --------------------------------------------------------------- values */
static const char *type_name(wasmrt_valtype t) {
  switch (t) {
    case WASMRT_I32: return "i32";
    case WASMRT_I64: return "i64";
    case WASMRT_F32: return "f32";
    case WASMRT_F64: return "f64";
    case WASMRT_V128: return "v128";
    case WASMRT_FUNCREF: return "funcref";
    case WASMRT_EXTERNREF: return "externref";
    case WASMRT_EXNREF: return "exnref";
    case WASMRT_ANYREF: return "anyref";
    case WASMRT_EQREF: return "eqref";
    case WASMRT_I31REF: return "i31ref";
    case WASMRT_STRUCTREF: return "structref";
    case WASMRT_ARRAYREF: return "arrayref";
    case WASMRT_NULLREF: return "nullref";
    case WASMRT_NULLFUNCREF: return "nullfuncref";
    case WASMRT_NULLEXTERNREF: return "nullexternref";
    case WASMRT_NULLEXNREF: return "nullexnref";
    default: return "?";
  }
}

/* The bits of a value: numbers by bit pattern, references by address. */
static uint64_t value_bits(wasmrt_valtype t, const wasmrt_value *v) {
  switch (wasmrt_valtype_repr(t)) {
    case WASMRT_I32:
    case WASMRT_F32: return v->i32;
    case WASMRT_I64:
    case WASMRT_F64: return v->i64;
    case WASMRT_FUNCREF: return (uintptr_t)v->funcref;
    case WASMRT_EXTERNREF: return (uintptr_t)v->externref;
    case WASMRT_EXNREF: return (uintptr_t)v->exnref;
    case WASMRT_ANYREF: return (uintptr_t)v->anyref;
    default: return 0;
  }
}

static void *host_ref(uint64_t n) { return (void *)(uintptr_t)(n + 1); }

/* wast2json writes (ref.host N), a host value inside the any hierarchy, as
 * externref N: it is passed internalised where an anyref is taken. */
static bool is_ref_host(const spec_value *v, wasmrt_valtype t) {
  return v->type == WASMRT_EXTERNREF && v->match == SPEC_REF_HOST && wasmrt_valtype_repr(t) == WASMRT_ANYREF;
}

static bool is_nan_with(wasmrt_valtype t, uint64_t bits, bool canonical) {
  uint64_t exp_quiet = t == WASMRT_F32 ? 0x7fc00000u : 0x7ff8000000000000u;
  uint64_t magnitude = bits & (t == WASMRT_F32 ? 0x7fffffffu : 0x7fffffffffffffffu);
  return canonical ? magnitude == exp_quiet : (magnitude & exp_quiet) == exp_quiet;
}

/* Lane i of a v128, lane_bits wide, little-endian. */
static uint64_t lane_value(const uint8_t bytes[16], unsigned lane_bits, unsigned i) {
  uint64_t v = 0;
  for (unsigned b = lane_bits / 8; b-- > 0;) v = v << 8 | bytes[i * (lane_bits / 8) + b];
  return v;
}

static bool v128_matches(const spec_value *want, const wasmrt_v128 *got) {
  unsigned lanes = 128 / want->lane_bits;
  for (unsigned i = 0; i < lanes; i++) {
    uint64_t bits = lane_value(got->bytes, want->lane_bits, i);
    switch (want->lane_match[i]) {
      case SPEC_NAN_CANONICAL: if (!is_nan_with(want->lane_type, bits, true)) return false; break;
      case SPEC_NAN_ARITHMETIC: if (!is_nan_with(want->lane_type, bits, false)) return false; break;
      default: if (bits != lane_value(want->v128, want->lane_bits, i)) return false; break;
    }
  }
  return true;
}

static bool value_matches(const spec_value *want, wasmrt_valtype got_type, const wasmrt_value *got) {
  if (want->match == SPEC_EITHER) {
    for (uint32_t i = 0; i < want->nalts; i++)
      if (value_matches(&want->alts[i], got_type, got)) return true;
    return false;
  }
  if (is_ref_host(want, got_type))
    return wasmrt_gc_ref_kind(got->anyref) == WASMRT_EXTERNREF &&
           wasmrt_extern_convert_any(got->anyref) == host_ref(want->bits);
  /* A reference result's type is the export's (say (ref $s)), the expected
   * one the script's (structref): they agree on the hierarchy. */
  if (wasmrt_valtype_repr(want->type) != wasmrt_valtype_repr(got_type)) return false;
  if (got_type == WASMRT_V128) return v128_matches(want, &got->v128);
  uint64_t bits = value_bits(got_type, got);
  switch (want->match) {
    case SPEC_EXACT: return bits == want->bits;
    case SPEC_NAN_CANONICAL: return is_nan_with(got_type, bits, true);
    case SPEC_NAN_ARITHMETIC: return is_nan_with(got_type, bits, false);
    case SPEC_REF_NULL: return bits == 0;
    case SPEC_REF_HOST: return bits == (uintptr_t)host_ref(want->bits);
    case SPEC_REF_NONNULL: return bits != 0;
    case SPEC_REF_I31: return wasmrt_gc_ref_kind(got->anyref) == WASMRT_I31REF;
    case SPEC_REF_STRUCT: return wasmrt_gc_ref_kind(got->anyref) == WASMRT_STRUCTREF;
    case SPEC_REF_ARRAY: return wasmrt_gc_ref_kind(got->anyref) == WASMRT_ARRAYREF;
    case SPEC_REF_EQ: return wasmrt_gc_ref_kind(got->anyref) != 0 && wasmrt_gc_ref_kind(got->anyref) != WASMRT_EXTERNREF;
    default: return false;
  }
}

static bool to_wasm_value(const spec_value *arg, wasmrt_value *out) {
  memset(out, 0, sizeof *out);
  switch (wasmrt_valtype_repr(arg->type)) {
    case WASMRT_I32:
    case WASMRT_F32: out->i32 = (uint32_t)arg->bits; return true;
    case WASMRT_I64:
    case WASMRT_F64: out->i64 = arg->bits; return true;
    case WASMRT_FUNCREF: return arg->match == SPEC_REF_NULL; /* the only funcref a script can write */
    case WASMRT_EXTERNREF:
      out->externref = arg->match == SPEC_REF_HOST ? host_ref(arg->bits) : NULL;
      return true;
    case WASMRT_V128: memcpy(out->v128.bytes, arg->v128, 16); return true;
    case WASMRT_ANYREF: case WASMRT_EXNREF: return arg->match == SPEC_REF_NULL;
    default: return false;
  }
}

/* "v128:i32x4 1 2 nan:canonical 4": lanes in the expected value's shape. */
static void format_v128(const uint8_t bytes[16], wasmrt_valtype lane_type, unsigned lane_bits,
                        const uint8_t *lane_match, char *buf, size_t size) {
  static const char *const patterns[] = {[SPEC_NAN_CANONICAL] = "nan:canonical",
                                         [SPEC_NAN_ARITHMETIC] = "nan:arithmetic"};
  bool is_float = lane_type == WASMRT_F32 || lane_type == WASMRT_F64;
  size_t n = (size_t)snprintf(buf, size, "v128:%c%ux%u", is_float ? 'f' : 'i', lane_bits, 128 / lane_bits);
  for (unsigned i = 0; i < 128 / lane_bits && n < size; i++) {
    uint64_t bits = lane_value(bytes, lane_bits, i);
    if (lane_match && lane_match[i] != SPEC_EXACT)
      n += (size_t)snprintf(buf + n, size - n, " %s", patterns[lane_match[i]]);
    else
      n += (size_t)snprintf(buf + n, size - n, " 0x%" PRIx64, bits);
  }
}

static void format_expected(const spec_value *v, char *buf, size_t size) {
  static const char *const patterns[] = {
      [SPEC_NAN_CANONICAL] = "nan:canonical", [SPEC_NAN_ARITHMETIC] = "nan:arithmetic",
      [SPEC_REF_NULL] = "null", [SPEC_REF_NONNULL] = "non-null", [SPEC_REF_I31] = "i31",
      [SPEC_REF_STRUCT] = "struct", [SPEC_REF_ARRAY] = "array", [SPEC_REF_EQ] = "eq"};
  if (v->match == SPEC_EITHER) {
    size_t n = (size_t)snprintf(buf, size, "either");
    for (uint32_t i = 0; i < v->nalts && n < size; i++) {
      char alt[200];
      format_expected(&v->alts[i], alt, sizeof alt);
      n += (size_t)snprintf(buf + n, size - n, " %s%s", i ? "| " : "", alt);
    }
  } else if (v->type == WASMRT_V128)
    format_v128(v->v128, v->lane_type, v->lane_bits, v->lane_match, buf, size);
  else if (v->match == SPEC_EXACT) snprintf(buf, size, "%s:0x%" PRIx64, type_name(v->type), v->bits);
  else if (v->match == SPEC_REF_HOST) snprintf(buf, size, "%s:host %" PRIu64, type_name(v->type), v->bits);
  else snprintf(buf, size, "%s:%s", type_name(v->type), patterns[v->match]);
}

/* A result, shown in the shape the expected value has (i32 lanes if none). */
static void format_actual(const spec_value *want, wasmrt_valtype t, const wasmrt_value *v, char *buf,
                          size_t size) {
  uint64_t bits = value_bits(t, v);
  if (t == WASMRT_V128) {
    while (want->match == SPEC_EITHER && want->nalts && want->alts[0].type == WASMRT_V128) want = &want->alts[0];
    bool shaped = want->type == WASMRT_V128 && want->lane_bits;
    format_v128(v->v128.bytes, shaped ? want->lane_type : WASMRT_I32, shaped ? want->lane_bits : 32, NULL, buf, size);
    return;
  }
  if (t == WASMRT_F32) snprintf(buf, size, "f32:0x%" PRIx64 " (%.9g)", bits, (double)v->f32);
  else if (t == WASMRT_F64) snprintf(buf, size, "f64:0x%" PRIx64 " (%.17g)", bits, v->f64);
  else if (t == WASMRT_EXTERNREF && bits) snprintf(buf, size, "externref:host %" PRIu64, bits - 1);
  else snprintf(buf, size, "%s:0x%" PRIx64, type_name(t), bits);
}

/* ------------------------------------------------------------- traps */
/* The suite sometimes abbreviates a message ("unreachable" for "unreachable
 * executed") or extends it ("uninitialized element 2"): accept either being a
 * prefix of the other. */
static bool trap_text_matches(const char *expected, wasmrt_trap_code code) {
  const char *ours = wasmrt_trap_message(code);
  size_t n = strlen(expected) < strlen(ours) ? strlen(expected) : strlen(ours);
  return n > 0 && strncmp(expected, ours, n) == 0;
}

static wasmrt_trap_code call_guarded(const wasmrt_funcref *f, const wasmrt_value *args,
                                     wasmrt_value *results) {
  wasmrt_trap_frame frame;
  WASMRT_TRY(frame) {
    wasmrt_call(f, args, results);
    wasmrt_trap_leave(&frame);
    return WASMRT_TRAP_NONE;
  }
  if (frame.exception) wasmrt_exn_free(frame.exception); /* ours since it reached the frame */
  return frame.code;
}

static wasmrt_trap_code instantiate_guarded(const wasmrt_module *mod, void *instance,
                                            const wasmrt_extern *imports) {
  wasmrt_trap_frame frame;
  WASMRT_TRY(frame) {
    mod->instantiate(instance, imports);
    wasmrt_trap_leave(&frame);
    return WASMRT_TRAP_NONE;
  }
  if (frame.exception) wasmrt_exn_free(frame.exception);
  return frame.code;
}

/* ------------------------------------------------------------- linking */
static void register_instance(script *sc, const char *name, const wasmrt_module *mod, void *inst) {
  if (sc->nregistered == sc->registry_cap) {
    sc->registry_cap = sc->registry_cap ? 2 * sc->registry_cap : 8;
    sc->registry = realloc(sc->registry, sc->registry_cap * sizeof *sc->registry);
    if (!sc->registry) {
      fprintf(stderr, "spec harness: out of memory\n");
      exit(2);
    }
  }
  sc->registry[sc->nregistered++] = (registration){name, mod, inst};
}

static bool same_name(const char *a, size_t a_len, const char *b, size_t b_len) {
  return a_len == b_len && memcmp(a, b, a_len) == 0;
}

/* The latest registration wins, as when a script registers a name twice. */
static const registration *find_registration(const script *sc, const char *name, size_t len) {
  for (uint32_t i = sc->nregistered; i-- > 0;)
    if (same_name(sc->registry[i].name, strlen(sc->registry[i].name), name, len))
      return &sc->registry[i];
  return NULL;
}

/* Fills externs (one per import). Returns false with the reason in why. */
static bool resolve_imports(const script *sc, const wasmrt_module *mod, wasmrt_extern *externs,
                            char *why, size_t why_size) {
  for (uint32_t i = 0; i < mod->nimports; i++) {
    const wasmrt_import_desc *imp = &mod->imports[i];
    const registration *r = find_registration(sc, imp->module, imp->module_len);
    if (!r || wasmrt_export_find_n(r->module, r->instance, imp->name, imp->name_len, &externs[i]) != 0) {
      snprintf(why, why_size, "unknown import \"%s\" \"%s\"", imp->module, imp->name);
      return false;
    }
    char details[256] = "";
    const char *reason = wasmrt_import_check(imp, &externs[i], details, sizeof details);
    if (reason) {
      snprintf(why, why_size, "%s \"%s\" \"%s\": %s", reason, imp->module, imp->name, details);
      return false;
    }
  }
  return true;
}

/* Links the step's module and instantiates it into the step's instance slot.
 * Returns false when linking failed (reason in why); *trap tells whether
 * instantiation trapped. */
static bool link_and_instantiate(script *sc, const spec_step *s, wasmrt_trap_code *trap, char *why,
                                 size_t why_size) {
  const wasmrt_module *mod = sc->modules[s->module];
  wasmrt_extern *externs = xcalloc(mod->nimports, sizeof *externs);
  bool linked = resolve_imports(sc, mod, externs, why, why_size);
  if (linked) {
    instance_slot *slot = &sc->instances[s->instance];
    *slot = (instance_slot){mod, xcalloc(1, mod->instance_size), false};
    *trap = instantiate_guarded(mod, slot->data, externs);
    slot->usable = *trap == WASMRT_TRAP_NONE;
  }
  free(externs);
  return linked;
}

/* ------------------------------------------------------------- steps */
/* The step refers to a compiled module and, unless it only links, to an
 * instance slot of the driver: a check of the runner's tables. */
static bool step_well_formed(const script *sc, const spec_step *s) {
  if (s->module >= sc->nmodules || !sc->modules[s->module]) {
    fail(s, "module %" PRIu32 " was not compiled", s->module);
    return false;
  }
  if (s->kind != SPEC_UNLINKABLE && s->instance >= sc->ninstances) {
    fail(s, "instance slot %" PRIu32 " out of range", s->instance);
    return false;
  }
  return true;
}

static void run_instantiate(script *sc, const spec_step *s) {
  char why[512];
  wasmrt_trap_code trap = WASMRT_TRAP_NONE;
  if (!link_and_instantiate(sc, s, &trap, why, sizeof why)) fail(s, "link failed: %s", why);
  else if (trap) fail(s, "instantiation trapped: %s", wasmrt_trap_message(trap));
  else pass(s);
}

static void run_unlinkable(script *sc, const spec_step *s) {
  const wasmrt_module *mod = sc->modules[s->module];
  wasmrt_extern *externs = xcalloc(mod->nimports, sizeof *externs);
  char why[512];
  if (resolve_imports(sc, mod, externs, why, sizeof why)) fail(s, "module linked, expected a link error");
  else pass(s);
  free(externs);
}

static void run_uninstantiable(script *sc, const spec_step *s) {
  char why[512];
  wasmrt_trap_code trap = WASMRT_TRAP_NONE;
  if (!link_and_instantiate(sc, s, &trap, why, sizeof why)) fail(s, "link failed: %s", why);
  else if (!trap) fail(s, "instantiated, expected trap \"%s\"", s->trap_text);
  else if (!trap_text_matches(s->trap_text, trap))
    fail(s, "trapped with \"%s\", expected \"%s\"", wasmrt_trap_message(trap), s->trap_text);
  else pass(s);
}

/* The step's instance, if it exists and its instantiation did not trap. */
static const instance_slot *usable_instance(const script *sc, const spec_step *s) {
  const instance_slot *slot = &sc->instances[s->instance];
  if (slot->usable) return slot;
  fail(s, "instance %" PRIu32 " of module %" PRIu32 " does not exist (its instantiation failed)",
       s->instance, s->module);
  return NULL;
}

static void run_register(script *sc, const spec_step *s) {
  const instance_slot *slot = usable_instance(sc, s);
  if (!slot) return;
  register_instance(sc, s->name, slot->module, slot->data);
  pass(s);
}

static void check_results(const spec_step *s, uint32_t n, const wasmrt_valtype *types,
                          const wasmrt_value *values) {
  if (n != s->nresults) {
    fail(s, "%" PRIu32 " results, expected %" PRIu32, n, s->nresults);
    return;
  }
  for (uint32_t i = 0; i < n; i++) {
    if (value_matches(&s->results[i], types[i], &values[i])) continue;
    char want[400], got[200];
    format_expected(&s->results[i], want, sizeof want);
    format_actual(&s->results[i], types[i], &values[i], got, sizeof got);
    fail(s, "result %" PRIu32 ": got %s, expected %s", i, got, want);
    return;
  }
  pass(s);
}

/* Judges what an action did against what the step expects. */
static void check_outcome(const spec_step *s, wasmrt_trap_code trap, uint32_t n,
                          const wasmrt_valtype *types, const wasmrt_value *values) {
  switch (s->expect) {
    case SPEC_EXPECT_NO_TRAP:
      if (trap) fail(s, "trapped: %s", wasmrt_trap_message(trap));
      else pass(s);
      return;
    case SPEC_EXPECT_RESULTS:
      if (trap) fail(s, "trapped: %s", wasmrt_trap_message(trap));
      else check_results(s, n, types, values);
      return;
    case SPEC_EXPECT_TRAP:
      if (!trap) fail(s, "returned, expected trap \"%s\"", s->trap_text);
      else if (!trap_text_matches(s->trap_text, trap))
        fail(s, "trapped with \"%s\", expected \"%s\"", wasmrt_trap_message(trap), s->trap_text);
      else pass(s);
      return;
    case SPEC_EXPECT_EXCEPTION:
      if (trap == WASMRT_TRAP_UNCAUGHT_EXCEPTION) pass(s);
      else if (trap) fail(s, "trapped with \"%s\", expected an exception", wasmrt_trap_message(trap));
      else fail(s, "returned, expected an exception");
      return;
    case SPEC_EXPECT_EXHAUSTION:
      if (trap == WASMRT_TRAP_CALL_STACK_EXHAUSTED) pass(s);
      else if (trap) fail(s, "trapped with \"%s\", expected call stack exhaustion", wasmrt_trap_message(trap));
      else fail(s, "returned, expected call stack exhaustion");
      return;
  }
}

static bool find_export(const instance_slot *slot, const spec_step *s, uint8_t kind,
                        wasmrt_extern *out) {
  if (wasmrt_export_find_n(slot->module, slot->data, s->name, s->name_len, out) != 0) {
    fail(s, "no export \"%s\"", s->name);
    return false;
  }
  if (out->kind != kind) {
    fail(s, "export \"%s\" has kind %u, expected %u", s->name, out->kind, kind);
    return false;
  }
  return true;
}

static bool argument_fits(const spec_value *arg, wasmrt_valtype param, wasmrt_value *out) {
  if (is_ref_host(arg, param)) {
    memset(out, 0, sizeof *out);
    out->anyref = wasmrt_any_convert_extern(host_ref(arg->bits));
    return true;
  }
  bool gc = wasmrt_valtype_repr(arg->type) == WASMRT_ANYREF && wasmrt_valtype_repr(param) == WASMRT_ANYREF;
  return (arg->type == param || gc) && to_wasm_value(arg, out);
}

static bool arguments_fit(const spec_step *s, const wasmrt_functype *type, wasmrt_value *args) {
  if (type->nparams != s->nargs) {
    fail(s, "%" PRIu32 " arguments given, the function takes %" PRIu32, s->nargs, type->nparams);
    return false;
  }
  for (uint32_t i = 0; i < s->nargs; i++) {
    if (!argument_fits(&s->args[i], type->types[i], &args[i])) {
      fail(s, "argument %" PRIu32 " (%s) does not fit parameter type %s", i,
           type_name(s->args[i].type), type_name(type->types[i]));
      return false;
    }
  }
  return true;
}

static void run_invoke(script *sc, const spec_step *s) {
  wasmrt_extern ext;
  const instance_slot *slot = usable_instance(sc, s);
  if (!slot || !find_export(slot, s, WASMRT_EXTERN_FUNC, &ext)) return;
  const wasmrt_functype *type = ext.u.func->type;
  wasmrt_value *args = xcalloc(type->nparams, sizeof *args);
  wasmrt_value *results = xcalloc(type->nresults, sizeof *results);
  if (arguments_fit(s, type, args)) {
    wasmrt_trap_code trap = call_guarded(ext.u.func, args, results);
    check_outcome(s, trap, type->nresults, type->types + type->nparams, results);
  }
  free(args);
  free(results);
}

static void run_get(script *sc, const spec_step *s) {
  wasmrt_extern ext;
  const instance_slot *slot = usable_instance(sc, s);
  if (!slot || !find_export(slot, s, WASMRT_EXTERN_GLOBAL, &ext)) return;
  const wasmrt_global *g = ext.u.global;
  check_outcome(s, WASMRT_TRAP_NONE, 1, &g->type, &g->value);
}

static void run_step(script *sc, const spec_step *s) {
  if (!step_well_formed(sc, s)) return;
  switch (s->kind) {
    case SPEC_INSTANTIATE: run_instantiate(sc, s); break;
    case SPEC_UNLINKABLE: run_unlinkable(sc, s); break;
    case SPEC_UNINSTANTIABLE: run_uninstantiable(sc, s); break;
    case SPEC_REGISTER: run_register(sc, s); break;
    case SPEC_INVOKE: run_invoke(sc, s); break;
    case SPEC_GET: run_get(sc, s); break;
    default: fail(s, "unknown step kind %u", s->kind); break;
  }
}

/* Instantiates the spectest host module and makes it importable. */
static void register_spectest(script *sc) {
  void *inst = xcalloc(1, spectest_module.instance_size);
  wasmrt_trap_code trap = instantiate_guarded(&spectest_module, inst, NULL);
  if (trap) {
    fprintf(stderr, "spec harness: cannot create spectest: %s\n", wasmrt_trap_message(trap));
    exit(2);
  }
  register_instance(sc, "spectest", &spectest_module, inst);
}

int spec_run(const wasmrt_module *const *modules, uint32_t nmodules, uint32_t ninstances,
             const spec_step *steps, uint32_t nsteps) {
  /* Line buffering even into a pipe: if a step crashes the process, the lines
   * of the steps before it have already reached the runner. */
  setvbuf(stdout, NULL, _IOLBF, 0);
  static script sc; /* static: keeps every instance reachable until exit */
  sc.modules = modules;
  sc.nmodules = nmodules;
  sc.instances = xcalloc(ninstances, sizeof *sc.instances);
  sc.ninstances = ninstances;
  register_spectest(&sc);
  for (uint32_t i = 0; i < nsteps; i++) run_step(&sc, &steps[i]);
  return failures;
}
