/* main.c - the wasmcc command line: read, validate, emit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "emit.h"
#include "module.h"

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: wasmcc [options] INPUT.wasm -o OUTPUT.c\n"
    "       wasmcc build [options] INPUT.wasm -o PROGRAM   (see wasmcc build --help)\n"
    "       wasmcc run [options] INPUT.wasm [ARGS...]      (see wasmcc run --help)\n"
    "\n"
    "Translates a WebAssembly binary module to C. Writes OUTPUT.c, OUTPUT.h,\n"
    "OUTPUT-impl.h, and when needed OUTPUT.N.c (split function bodies) and\n"
    "OUTPUT.data.bin (data segments, embedded with .incbin: compile with -I<dir>).\n"
    "\n"
    "options:\n"
    "  -o FILE              output C file (required unless --check)\n"
    "  --prefix NAME        C identifier prefix (default: OUTPUT's stem)\n"
    "  --bounds=guard|check memory mode written into OUTPUT.h (default: left to\n"
    "                       WASMRT_BOUNDS_CHECK when the C is compiled; guard\n"
    "                       pages on 64-bit POSIX, explicit checks elsewhere)\n"
    "  --simd=vector|scalar SIMD code written into OUTPUT.h (default: left to\n"
    "                       WASMRT_SIMD_SCALAR when the C is compiled; vector\n"
    "                       extensions with gcc and clang, portable C otherwise)\n"
    "  --split-size=BYTES   start a new C file after about BYTES of C\n"
    "                       (default 4000000; 0: a single file)\n"
    "  --data=incbin|string how data segments are embedded (default incbin)\n"
    "  --check              only read and validate; write nothing\n"
    "  --disable-multi-memory    reject modules with more than one memory (Wasm 2.0)\n"
    "  --disable-extended-const  constant expressions as in Wasm 2.0 (no arithmetic,\n"
    "                            global.get of imported globals only)\n"
    "  -h, --help           this text\n"
    "  --version            print the version\n"
    "\n"
    "build: translate, compile with the system C compiler and link with the\n"
    "runtime into a native program. A WASI command (exports _start) takes the\n"
    "runtime's options first: PROGRAM [--dir HOST[::GUEST]]... [--env K=V]...\n"
    "[--inherit-env] [--] ARGS...; with --invoke NAME, PROGRAM calls the export\n"
    "NAME with its arguments and prints the results.\n"
    "run: build once into a cache (~/.cache/wasmcc) and run the program.\n"
    "\n"
    "language: WebAssembly 2.0 and of 3.0: SIMD and relaxed SIMD, multi-memory,\n"
    "  extended constants, tail calls, typed function references, recursion\n"
    "  groups and subtypes of function types (and declarations of GC struct and\n"
    "  array types), memory64 and table64, exception handling (try_table,\n"
    "  throw_ref, exnref; legacy try/catch/delegate/rethrow).\n"
    "  Not yet: GC values (references to struct, array, i31 and GC heap types\n"
    "  outside the type section) and instructions, threads (shared memories,\n"
    "  atomics): modules using them are refused with the proposal named.\n"
    "\n"
    "exit status: 0 success, 1 invalid or malformed input, 2 bad usage\n";

static int usage_error(const char *fmt, const char *arg) {
  fprintf(stderr, "wasmcc: ");
  fprintf(stderr, fmt, arg);
  fprintf(stderr, "\n(try 'wasmcc --help')\n");
  return EXIT_USAGE;
}

static void print_error(const Module *m, const char *path, const Error *err) {
  fprintf(stderr, "%s:0x%zx: ", path, err->offset);
  if (err->func >= 0) {
    uint32_t fi = (uint32_t)err->func;
    const char *name = (m && fi < m->nfuncs) ? m->funcs[fi].debug_name : NULL;
    if (name) fprintf(stderr, "in function %u (%s): ", fi, name);
    else fprintf(stderr, "in function %u: ", fi);
  }
  fprintf(stderr, "%s\n", err->msg);
}

/* "out/my-mod.c" -> "my_mod" */
static char *default_prefix(const char *out_c) {
  const char *base = strrchr(out_c, '/');
  base = base ? base + 1 : out_c;
  size_t n = strcspn(base, ".");
  char *p = malloc(n + 2);
  if (!p) return NULL;
  size_t j = 0;
  if (n == 0 || (base[0] >= '0' && base[0] <= '9')) p[j++] = 'm';
  for (size_t i = 0; i < n; i++) {
    char c = base[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    p[j++] = ok ? c : '_';
  }
  p[j] = 0;
  return p;
}

static int valid_identifier(const char *s) {
  if (!*s || (*s >= '0' && *s <= '9')) return 0;
  for (; *s; s++) {
    char c = *s;
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
      return 0;
  }
  return 1;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "build")) return build_command(argc, argv);
  if (argc > 1 && !strcmp(argv[1], "run")) return run_command(argc, argv);
  const char *input = NULL, *out_c = NULL, *prefix = NULL;
  EmitOptions opt = {.bounds = -1, .simd_scalar = -1, .split_bytes = 4000000, .data_mode = DATA_INCBIN};
  int check_only = 0;
  uint32_t disabled = 0; /* FEATURE_* bits turned off */

  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
      fputs(usage_text, stdout);
      return EXIT_OK;
    } else if (!strcmp(a, "--version")) {
      puts("wasmcc " WASMCC_VERSION);
      return EXIT_OK;
    } else if (!strcmp(a, "-o") || !strcmp(a, "--prefix")) {
      if (i + 1 >= argc) return usage_error("option %s needs an argument", a);
      if (a[1] == 'o') out_c = argv[++i];
      else prefix = argv[++i];
    } else if (!strcmp(a, "--bounds=guard")) {
      opt.bounds = 0;
    } else if (!strcmp(a, "--bounds=check")) {
      opt.bounds = 1;
    } else if (!strcmp(a, "--simd=vector") || !strcmp(a, "--simd=scalar")) {
      opt.simd_scalar = a[7] == 's';
    } else if (!strncmp(a, "--split-size=", 13)) {
      char *end;
      errno = 0;
      unsigned long long v = strtoull(a + 13, &end, 10);
      if (errno || *end || end == a + 13) return usage_error("bad number in %s", a);
      opt.split_bytes = (size_t)v;
    } else if (!strcmp(a, "--data=incbin")) {
      opt.data_mode = DATA_INCBIN;
    } else if (!strcmp(a, "--data=string")) {
      opt.data_mode = DATA_STRING;
    } else if (!strcmp(a, "--disable-multi-memory")) {
      disabled |= FEATURE_MULTI_MEMORY;
    } else if (!strcmp(a, "--disable-extended-const")) {
      disabled |= FEATURE_EXTENDED_CONST;
    } else if (!strcmp(a, "--check")) {
      check_only = 1;
    } else if (a[0] == '-' && a[1]) {
      return usage_error("unknown option %s", a);
    } else if (input) {
      return usage_error("more than one input file (%s)", a);
    } else {
      input = a;
    }
  }
  if (!input) return usage_error("%s", "no input file");
  if (!out_c && !check_only) return usage_error("%s", "no output file (-o OUTPUT.c)");
  if (out_c) {
    size_t n = strlen(out_c);
    if (n < 3 || strcmp(out_c + n - 2, ".c")) return usage_error("output file must end in .c: %s", out_c);
  }
  if (prefix && !valid_identifier(prefix)) return usage_error("--prefix must be a C identifier: %s", prefix);

  size_t size = 0;
  uint8_t *bytes = read_whole_file(input, &size);
  if (!bytes) {
    fprintf(stderr, "wasmcc: cannot read %s: %s\n", input, strerror(errno));
    return EXIT_BAD_INPUT;
  }

  Module m;
  Error err = {.func = -1};
  int status = EXIT_OK;
  char *owned_prefix = NULL;
  if (!read_module(&m, input, bytes, size, FEATURES_ALL & ~disabled, &err) || !validate_module(&m, &err)) {
    print_error(&m, input, &err);
    status = EXIT_BAD_INPUT;
  } else if (!check_only) {
    opt.out_c = out_c;
    opt.prefix = prefix ? prefix : (owned_prefix = default_prefix(out_c));
    if (!opt.prefix || !emit_module(&m, &opt, &err)) {
      if (opt.prefix) print_error(&m, input, &err);
      else fprintf(stderr, "wasmcc: out of memory\n");
      status = EXIT_BAD_INPUT;
    }
  }
  module_free(&m);
  free(owned_prefix);
  free(bytes);
  return status;
}
