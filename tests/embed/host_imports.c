/* host_imports.c - a host of tests/embed/imports.wat written only from the
 * generated header's import declarations (imports.h), and what happens when
 * it forgets an import: a host trap naming it, never a crash.
 *
 * Usage: host_imports (prints one line per failure and a summary). */
#include "imports.h" /* first: wasmrt.h enables POSIX */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures, checks;
#define CHECK(cond)                                                            \
  do {                                                                         \
    checks++;                                                                  \
    if (!(cond)) {                                                             \
      failures++;                                                              \
      fprintf(stderr, "FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond);          \
    }                                                                          \
  } while (0)

/* Declared with the header's types: a signature that does not match the
 * import's would not compile. */
static imports_import0_fn host_log;
static imports_import1_fn host_add;

static uint32_t logged;
static void host_log(void *env, uint32_t p0) {
  (void)env;
  logged = p0;
}
static uint32_t host_add(void *env, uint32_t p0, uint32_t p1) {
  return p0 + p1 + *(uint32_t *)env;
}

/* Instantiates inst with imports; returns the trap's message ("" when none). */
static const char *instantiate(imports_instance *inst, const wasmrt_extern *imports) {
  static char message[256];
  wasmrt_trap_frame f;
  memset(inst, 0, sizeof *inst);
  message[0] = 0;
  WASMRT_TRY(f) {
    imports_module.instantiate(inst, imports);
    wasmrt_trap_leave(&f);
  } else {
    wasmrt_trap_describe(message, sizeof message, &f, &imports_module);
  }
  imports_module.free(inst);
  return message;
}

static void test_missing(const wasmrt_extern *good) {
  imports_instance inst;
  wasmrt_extern bad[imports_import_count];
  char why[256];
  CHECK(strcmp(instantiate(&inst, NULL), "host trap: instantiate: no imports given, the module needs 4") == 0);
  memset(bad, 0, sizeof bad); /* all zero: the host filled in nothing */
  CHECK(strcmp(instantiate(&inst, bad), "host trap: import \"env\".\"log\": no function given") == 0);
  CHECK(wasmrt_imports_check(&imports_module, bad, why, sizeof why) == -1);
  CHECK(strstr(why, "import \"env\".\"log\": incompatible import type: null function") != NULL);
  memcpy(bad, good, sizeof bad);
  wasmrt_funcref no_code = *good[imports_import1].u.func;
  no_code.fn = NULL;
  bad[imports_import1].u.func = &no_code;
  CHECK(strcmp(instantiate(&inst, bad), "host trap: import \"env\".\"add\": no function given") == 0);
  CHECK(wasmrt_imports_check(&imports_module, bad, why, sizeof why) == -1 && strstr(why, "\"add\""));
  memcpy(bad, good, sizeof bad);
  bad[imports_import2] = good[imports_import0]; /* a function where the memory goes */
  CHECK(strcmp(instantiate(&inst, bad), "host trap: import \"env\".\"mem\": no memory given") == 0);
  CHECK(wasmrt_imports_check(&imports_module, bad, why, sizeof why) == -1 &&
        strstr(why, "\"mem\": incompatible import type: expected memory, got function"));
  memcpy(bad, good, sizeof bad);
  bad[imports_import3].u.global = NULL;
  CHECK(strcmp(instantiate(&inst, bad), "host trap: import \"env\".\"base\": no global given") == 0);
  CHECK(wasmrt_imports_check(&imports_module, NULL, why, sizeof why) == -1 && strstr(why, "no imports given"));
}

int main(void) {
  uint32_t extra = 100;
  wasmrt_funcref log_ref = imports_import0_ref(host_log, NULL);
  wasmrt_funcref add_ref = imports_import1_ref(host_add, &extra);
  wasmrt_memory mem;
  wasmrt_memory_desc desc = {.initial = 1};
  char why[256];
  if (wasmrt_memory_create(&mem, &desc, WASMRT_BOUNDS_CHECK, why, sizeof why) != WASMRT_MEMORY_OK) {
    fprintf(stderr, "memory: %s\n", why);
    return 1;
  }
  wasmrt_global base = {.type = WASMRT_I32, .value.i32 = 20};
  wasmrt_extern imports[imports_import_count];
  imports[imports_import0] = (wasmrt_extern){.kind = WASMRT_EXTERN_FUNC, .u.func = &log_ref};
  imports[imports_import1] = (wasmrt_extern){.kind = WASMRT_EXTERN_FUNC, .u.func = &add_ref};
  imports[imports_import2] = (wasmrt_extern){.kind = WASMRT_EXTERN_MEMORY, .u.memory = &mem};
  imports[imports_import3] = (wasmrt_extern){.kind = WASMRT_EXTERN_GLOBAL, .u.global = &base};
  CHECK(wasmrt_imports_check(&imports_module, imports, why, sizeof why) == 0);
  test_missing(imports);

  imports_instance *inst = calloc(1, sizeof *inst);
  wasmrt_trap_frame f;
  volatile uint32_t result = 0;
  WASMRT_TRY(f) {
    imports_module.instantiate(inst, imports);
    result = imports_run(inst, 3);
    wasmrt_trap_leave(&f);
  } else {
    fprintf(stderr, "unexpected trap: %s\n", wasmrt_trap_message(f.code));
  }
  CHECK(result == 3 + 20 + 100 + 1 && logged == 3 && mem.base[16] == 123);
  imports_module.free(inst);
  free(inst);
  wasmrt_memory_free(&mem);
  printf("%d checks, %d failed\n", checks, failures);
  return failures != 0;
}
