// cxx_host.cc - a C++ host of tests/embed/imports.wat: the generated header,
// wasmrt.h and wasmrt_wasi.h compile as C++ (g++ and clang++, -Wall -Wextra
// -Werror); host functions are C++ functions with the header's types; calls
// into wasm go through wasmrt_call_protected with captureless lambdas, so
// no setjmp is in this file's frames. Prints what it checked.
#include "imports.h"
#include "wasmrt_wasi.h"

#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

namespace {

std::vector<uint32_t> logged;

void host_log(void *, uint32_t value) { logged.push_back(value); }

// Adds, or fails like a JS import that throws when asked to add 13.
uint32_t host_add(void *env, uint32_t a, uint32_t b) {
  if (a == 13) wasmrt_trap_host("host_add refuses 13");
  return a + b + *static_cast<const uint32_t *>(env);
}

// Compile-time checks that the functions have the imports' C types.
imports_import0_fn *const log_fn = host_log;
imports_import1_fn *const add_fn = host_add;

struct Call {
  imports_instance *inst;
  uint32_t arg, result;
};

}  // namespace

int main() {
  uint32_t extra = 1000;
  wasmrt_funcref log_ref = imports_import0_ref(log_fn, nullptr);
  wasmrt_funcref add_ref = imports_import1_ref(add_fn, &extra);
  wasmrt_memory mem;
  wasmrt_memory_desc desc = {}; /* value-initialised: fields added later stay zero */
  desc.initial = 1;
  char why[256];
  if (wasmrt_memory_create(&mem, &desc, WASMRT_BOUNDS_CHECK, why, sizeof why) != WASMRT_MEMORY_OK) {
    std::fprintf(stderr, "memory: %s\n", why);
    return 1;
  }
  wasmrt_global base = {};
  base.type = WASMRT_I32;
  base.value.i32 = 7;
  std::vector<wasmrt_extern> imports(imports_import_count);
  imports[imports_import0].kind = WASMRT_EXTERN_FUNC;
  imports[imports_import0].u.func = &log_ref;
  imports[imports_import1].kind = WASMRT_EXTERN_FUNC;
  imports[imports_import1].u.func = &add_ref;
  imports[imports_import2].kind = WASMRT_EXTERN_MEMORY;
  imports[imports_import2].u.memory = &mem;
  imports[imports_import3].kind = WASMRT_EXTERN_GLOBAL;
  imports[imports_import3].u.global = &base;
  if (wasmrt_imports_check(&imports_module, imports.data(), why, sizeof why) != 0) {
    std::fprintf(stderr, "imports: %s\n", why);
    return 1;
  }

  imports_instance inst = {};
  struct Setup {
    imports_instance *inst;
    const wasmrt_extern *imports;
  } setup = {&inst, imports.data()};
  wasmrt_trap_frame f;
  wasmrt_trap_code code = wasmrt_call_protected(&f, [](void *ctx) {
    auto *s = static_cast<Setup *>(ctx);
    imports_module.instantiate(s->inst, s->imports);
  }, &setup);
  int failures = code != WASMRT_TRAP_NONE;

  Call call = {&inst, 5, 0};
  auto run = [](void *ctx) {
    auto *c = static_cast<Call *>(ctx);
    c->result = imports_run(c->inst, c->arg);
  };
  code = wasmrt_call_protected(&f, run, &call);
  std::printf("run(5) = %u, logged %u\n", call.result, logged.empty() ? 0u : logged.back());
  failures += code != WASMRT_TRAP_NONE || call.result != 5 + 7 + 1000 + 1;

  call.arg = 13;
  code = wasmrt_call_protected(&f, run, &call);
  wasmrt_trap_describe(why, sizeof why, &f, &imports_module);
  std::printf("run(13): %s\n", why);
  failures += code != WASMRT_TRAP_HOST || std::string(why) != "host trap: host_add refuses 13";

  imports_module.free(&inst);
  wasmrt_memory_free(&mem);
  return failures != 0;
}
