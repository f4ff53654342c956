/* main.c - the wasmcc command line: read, validate, emit. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cli.h"
#include "emit.h"
#include "module.h"

enum { EXIT_OK = 0, EXIT_BAD_INPUT = 1, EXIT_USAGE = 2 };

static const char usage_text[] =
    "usage: wasmcc [options] INPUT.wasm -o OUTPUT.c\n"
    "       wasmcc build [options] INPUT.wasm -o PROGRAM   (see wasmcc build --help)\n"
    "       wasmcc run [options] INPUT.wasm [ARGS...]      (see wasmcc run --help)\n"
    "       wasmcc cache clean                             (see wasmcc cache --help)\n"
    "\n"
    "Translates a WebAssembly binary module to C. Writes OUTPUT.c, OUTPUT.h,\n"
    "OUTPUT-impl.h, and when needed OUTPUT.N.c (split function bodies) and\n"
    "OUTPUT.data.bin (data segments, embedded with .incbin: compile with -I<dir>).\n"
    "\n"
    "options:\n"
    "  -o, --output FILE    output C file (required unless --check)\n"
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
    "  --disable-multi-table     reject modules with more than one table (Wasm 1.0,\n"
    "                            which the threads proposal's tests assume)\n"
    "  -h, --help           this text\n"
    "  --version            print the version\n"
    "\n"
    "Options take values as --opt=VALUE or --opt VALUE.\n"
    "\n"
    "build: translate, compile with the system C compiler and link with the\n"
    "runtime into a native program. A WASI command (exports _start) behaves like\n"
    "the native program: every argument is the guest's; the directories and\n"
    "environment it may use are fixed by `wasmcc build --dir HOST[::GUEST]\n"
    "--env KEY=VALUE --inherit-env` and extended when it runs by the variable\n"
    "WASMCC_RUN_OPTIONS (same options). With --invoke NAME, PROGRAM calls the\n"
    "export NAME with its arguments and prints the results (a reactor's\n"
    "_initialize first).\n"
    "run: options, then the module, then the program's arguments; builds once\n"
    "into a cache (~/.cache/wasmcc) and runs the program.\n"
    "\n"
    "language: WebAssembly 2.0 and of 3.0: SIMD and relaxed SIMD, multi-memory,\n"
    "  extended constants, tail calls, typed function references, recursion\n"
    "  groups and subtypes of function types (and declarations of GC struct and\n"
    "  array types), memory64 and table64, exception handling (try_table,\n"
    "  throw_ref, exnref; legacy try/catch/delegate/rethrow), threads (shared\n"
    "  memories, atomics, wait and notify).\n"
    "  Not yet: GC values (references to struct, array, i31 and GC heap types\n"
    "  outside the type section) and instructions: modules using them are\n"
    "  refused with the proposal named.\n"
    "\n"
    "exit status: 0 success, 1 invalid or malformed input or an output that\n"
    "cannot be written, 2 bad usage\n";

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

/* What the translator's command line asks for. */
typedef struct TranslateArgs {
  const char *input, *out_c, *prefix;
  EmitOptions emit;
  bool check_only;
  uint32_t disabled; /* FEATURE_* bits turned off */
} TranslateArgs;

enum {
  OPT_PREFIX = 256, OPT_BOUNDS, OPT_SIMD, OPT_SPLIT_SIZE, OPT_DATA, OPT_CHECK,
  OPT_NO_MULTI_MEMORY, OPT_NO_EXTENDED_CONST, OPT_VERSION, OPT_NO_MULTI_TABLE
};

static const struct option translate_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"prefix", required_argument, NULL, OPT_PREFIX},
    {"bounds", required_argument, NULL, OPT_BOUNDS},
    {"simd", required_argument, NULL, OPT_SIMD},
    {"split-size", required_argument, NULL, OPT_SPLIT_SIZE},
    {"data", required_argument, NULL, OPT_DATA},
    {"check", no_argument, NULL, OPT_CHECK},
    {"disable-multi-memory", no_argument, NULL, OPT_NO_MULTI_MEMORY},
    {"disable-extended-const", no_argument, NULL, OPT_NO_EXTENDED_CONST},
    {"disable-multi-table", no_argument, NULL, OPT_NO_MULTI_TABLE},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {0}};

static const char *const simd_values[] = {"vector", "scalar", NULL};
static const char *const data_values[] = {"incbin", "string", NULL};

static bool parse_size(const char *s, size_t *out) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(s, &end, 10);
  if (errno || *end || end == s || s[0] == '-') return false;
  *out = (size_t)v;
  return true;
}

/* One option; returns -1 to go on, else the exit status. */
static int translate_option(TranslateArgs *a, int c) {
  switch (c) {
  case 'o': a->out_c = optarg; break;
  case OPT_PREFIX: a->prefix = optarg; break;
  case OPT_BOUNDS:
    if ((a->emit.bounds = cli_choice("--bounds", optarg, cli_bounds_values, NULL)) < 0) return EXIT_USAGE;
    break;
  case OPT_SIMD:
    if ((a->emit.simd_scalar = cli_choice("--simd", optarg, simd_values, NULL)) < 0) return EXIT_USAGE;
    break;
  case OPT_DATA: {
    int k = cli_choice("--data", optarg, data_values, NULL);
    if (k < 0) return EXIT_USAGE;
    a->emit.data_mode = k == 0 ? DATA_INCBIN : DATA_STRING;
    break;
  }
  case OPT_SPLIT_SIZE:
    if (!parse_size(optarg, &a->emit.split_bytes))
      return cli_usage_error(NULL, "bad value '%s' for --split-size (a number of bytes; 0: one file)", optarg);
    break;
  case OPT_CHECK: a->check_only = true; break;
  case OPT_NO_MULTI_MEMORY: a->disabled |= FEATURE_MULTI_MEMORY; break;
  case OPT_NO_EXTENDED_CONST: a->disabled |= FEATURE_EXTENDED_CONST; break;
  case OPT_NO_MULTI_TABLE: a->disabled |= FEATURE_MULTI_TABLE; break;
  case 'h': fputs(usage_text, stdout); return EXIT_OK;
  case OPT_VERSION: puts("wasmcc " WASMCC_VERSION); return EXIT_OK;
  default: return EXIT_USAGE;
  }
  return -1;
}

/* Returns -1 when the arguments ask for a translation, else the exit status. */
static int parse_translate_args(TranslateArgs *a, int argc, char **argv) {
  optind = 0;
  for (int c; (c = cli_getopt(argc, argv, ":ho:", translate_options, NULL)) != -1;) {
    int status = translate_option(a, c);
    if (status >= 0) return status;
  }
  if (optind < argc) a->input = argv[optind++];
  if (optind < argc) return cli_usage_error(NULL, "more than one input file (%s)", argv[optind]);
  if (!a->input) return cli_usage_error(NULL, "no input file");
  if (!a->out_c && !a->check_only) return cli_usage_error(NULL, "no output file (-o OUTPUT.c)");
  if (a->out_c) {
    size_t n = strlen(a->out_c);
    if (n < 3 || strcmp(a->out_c + n - 2, ".c"))
      return cli_usage_error(NULL, "output file must end in .c: %s", a->out_c);
  }
  if (a->prefix && !valid_identifier(a->prefix))
    return cli_usage_error(NULL, "--prefix must be a C identifier: %s", a->prefix);
  return -1;
}

static int translate(TranslateArgs *a) {
  size_t size = 0;
  uint8_t *bytes = cli_read_module_file(a->input, &size);
  if (!bytes) return EXIT_BAD_INPUT;
  Module m;
  Error err = {.func = -1};
  int status = EXIT_OK;
  char *owned_prefix = NULL;
  if (!read_module(&m, a->input, bytes, size, FEATURES_ALL & ~a->disabled, &err) ||
      !validate_module(&m, &err)) {
    cli_print_module_error(&m, a->input, &err);
    status = EXIT_BAD_INPUT;
  } else if (!a->check_only) {
    a->emit.out_c = a->out_c;
    a->emit.prefix = a->prefix ? a->prefix : (owned_prefix = default_prefix(a->out_c));
    if (!a->emit.prefix || !emit_module(&m, &a->emit, &err)) {
      if (a->emit.prefix) cli_print_module_error(&m, a->input, &err);
      else fprintf(stderr, "wasmcc: out of memory\n");
      status = EXIT_BAD_INPUT;
    }
  }
  module_free(&m);
  free(owned_prefix);
  free(bytes);
  return status;
}

int main(int argc, char **argv) {
  if (argc > 1 && !strcmp(argv[1], "build")) return build_command(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "run")) return run_command(argc - 1, argv + 1);
  if (argc > 1 && !strcmp(argv[1], "cache")) return cache_command(argc - 1, argv + 1);
  TranslateArgs a = {.emit = {.bounds = -1, .simd_scalar = -1, .split_bytes = 4000000, .data_mode = DATA_INCBIN}};
  int status = parse_translate_args(&a, argc, argv);
  return status >= 0 ? status : translate(&a);
}
