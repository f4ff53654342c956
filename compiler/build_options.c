/* build_options.c - the command lines of `wasmcc build` and `wasmcc run`,
 * one getopt_long parser for both: "--opt=V" and "--opt V" everywhere. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "build.h"
#include "cli.h"

static const char build_usage[] =
    "usage: wasmcc build [options] INPUT.wasm -o PROGRAM\n"
    "       wasmcc build --reactor [options] INPUT.wasm -o libNAME.a\n"
    "\n"
    "Translates INPUT.wasm to C, compiles it with the system C compiler (in\n"
    "parallel) and links it with the runtime into the executable PROGRAM.\n"
    "\n"
    "A module exporting _start is a WASI command, and PROGRAM behaves like the\n"
    "same program built natively: every argument goes to the guest, and it\n"
    "exits with the guest's proc_exit code (134 after a trap). What the guest\n"
    "may see besides is fixed here, and can be extended when PROGRAM runs:\n"
    "  WASMCC_RUN_OPTIONS=\"--dir HOST[::GUEST] --env KEY=VALUE --inherit-env\" PROGRAM ARGS...\n"
    "(words split as a shell does: quote paths with blanks).\n"
    "\n"
    "options (--opt=VALUE and --opt VALUE both work):\n"
    "  -o, --output PROGRAM the executable to write (required)\n"
    "  --dir HOST[::GUEST]  let the guest use directory HOST as GUEST (default\n"
    "                       HOST); a relative HOST is found from the directory\n"
    "                       PROGRAM runs in; repeatable\n"
    "  --env KEY=VALUE      put KEY in the guest's environment; repeatable\n"
    "  --inherit-env        give the guest the environment PROGRAM runs with\n"
    "  --invoke NAME        PROGRAM calls the exported function NAME instead of\n"
    "                       _start: its arguments are NAME's parameters (i32/i64\n"
    "                       in decimal, f32/f64 as for strtod), each result is\n"
    "                       printed on its own line; a trap prints\n"
    "                       `wasm trap: MESSAGE` and exits 134. A reactor's\n"
    "                       _initialize is called first\n"
    "  --bounds=guard|check memory mode (default: guard pages on 64-bit POSIX)\n"
    "  --simd=vector|scalar SIMD as vector code or portable C (default: vector\n"
    "                       with gcc and clang)\n"
    "  -O0 .. -O3           C optimisation level (default -O2)\n"
    "  --cc CC              C compiler command (default: $CC, else cc)\n"
    "  --keep-c DIR         write the C files and objects into DIR and keep them\n"
    "  --reactor            write a static library for a C/C++ host instead of a\n"
    "                       program (any module: a WASI reactor, a command, a\n"
    "                       plain library), and its header NAME.h next to it;\n"
    "                       the C prefix is NAME (libNAME.a or NAME.a). Link:\n"
    "                         cc -IDIR -I$WASMCC_RT_DIR host.c DIR/libNAME.a\n"
    "                           -L$WASMCC_LIB_DIR -lwasmrt_wasi -lwasmrt -luv -lpthread -lm\n"
    "                       (-lwasmrt_wasi -luv only for a host that gives WASI)\n"
    "  -j, --jobs N         run at most N compilers at once (default: one per\n"
    "                       CPU; under make -jN, as many as make's jobserver\n"
    "                       grants: mark the recipe line with '+')\n"
    "  --cflags FLAGS       more C compiler flags (default: $CFLAGS)\n"
    "  --ldflags FLAGS      more link flags (default: $LDFLAGS)\n"
    "  -g                   debug information; the C is kept in PROGRAM-src\n"
    "                       (or the --keep-c DIR) for the debugger\n"
    "  -static, --static    a static program: runs without libuv or any other\n"
    "                       shared library installed\n"
    "  --large-function BYTES  a function of about BYTES of C or more is\n"
    "                       compiled in a file of its own at -O1 at most\n"
    "                       (default 1000000; 0: never)\n"
    "  -v, --verbose        print the commands run\n"
    "  -h, --help           this text\n"
    "\n"
    "On a terminal a line [n/N] says what is being compiled.\n"
    "\n"
    "The runtime is found next to an installed wasmcc (../lib, ../include/wasmcc),\n"
    "else at the paths configured when wasmcc was built, or in\n"
    "$WASMCC_RT_DIR (headers) and $WASMCC_LIB_DIR (libraries).\n"
    "exit status: 0 success, 1 invalid input or a failed C compile, 2 bad usage\n";

static const char run_usage[] =
    "usage: wasmcc run [options] INPUT.wasm [ARGS...]\n"
    "\n"
    "Builds INPUT.wasm like `wasmcc build` (once: the program is cached under\n"
    "$XDG_CACHE_HOME/wasmcc, else ~/.cache/wasmcc) and runs it. The options\n"
    "come before INPUT.wasm; every argument after it is the program's: a WASI\n"
    "command's arguments, or with --invoke NAME the function's.\n"
    "\n"
    "options (--opt=VALUE and --opt VALUE both work):\n"
    "  --dir HOST[::GUEST], --env KEY=VALUE, --inherit-env  what the guest may\n"
    "                       use, as for `wasmcc build` (given to the cached\n"
    "                       program in $WASMCC_RUN_OPTIONS, so they do not make\n"
    "                       a new build)\n"
    "  --invoke NAME, --bounds=guard|check, --simd=vector|scalar, -O0..-O3,\n"
    "  --cc CC, -j N        as for `wasmcc build`\n"
    "  --no-cache           build into a temporary directory, run, remove it\n"
    "  -v, --verbose        say whether the cache was used (and what it evicted)\n"
    "  -h, --help           this text\n"
    "\n"
    "The cache keeps at most $WASMCC_CACHE_MAX bytes (default 1G; K, M, G, T\n"
    "are 1024-based), removing the least recently run programs first;\n"
    "`wasmcc cache clean` empties it.\n"
    "exit status: the program's, or 1 when it cannot be built, 2 bad usage\n";

enum {
  OPT_BOUNDS = 256, OPT_SIMD, OPT_CC, OPT_INVOKE, OPT_KEEP_C, OPT_DIR, OPT_ENV, OPT_INHERIT_ENV,
  OPT_REACTOR, OPT_NO_CACHE,
  OPT_CFLAGS, OPT_LDFLAGS, OPT_STATIC, OPT_LARGE_FUNCTION
};

static const struct option build_long_options[] = {
    {"output", required_argument, NULL, 'o'},
    {"bounds", required_argument, NULL, OPT_BOUNDS},
    {"simd", required_argument, NULL, OPT_SIMD},
    {"cc", required_argument, NULL, OPT_CC},
    {"invoke", required_argument, NULL, OPT_INVOKE},
    {"keep-c", required_argument, NULL, OPT_KEEP_C},
    {"dir", required_argument, NULL, OPT_DIR},
    {"env", required_argument, NULL, OPT_ENV},
    {"inherit-env", no_argument, NULL, OPT_INHERIT_ENV},
    {"reactor", no_argument, NULL, OPT_REACTOR},
    {"no-cache", no_argument, NULL, OPT_NO_CACHE},
    {"verbose", no_argument, NULL, 'v'},
    {"help", no_argument, NULL, 'h'},
    {"jobs", required_argument, NULL, 'j'},
    {"cflags", required_argument, NULL, OPT_CFLAGS},
    {"ldflags", required_argument, NULL, OPT_LDFLAGS},
    {"static", no_argument, NULL, OPT_STATIC},
    {"large-function", required_argument, NULL, OPT_LARGE_FUNCTION},
    {0}};

static const char *const simd_values[] = {"vector", "scalar", NULL};
static const char *const opt_values[] = {"0", "1", "2", "3", NULL};

/* A function of about this much C or more gets a file of its own, compiled
 * at -O1 at most: at -O2 such functions (Asyncify-style nests of hundreds of
 * blocks) take minutes and gigabytes each and dominate a whole build. */
#define LARGE_FUNCTION_BYTES 1000000u

BuildOptions build_default_options(void) {
  const char *cc = getenv("CC");
  return (BuildOptions){.bounds = -1, .simd_scalar = -1, .opt_level = '2', .cc = cc && *cc ? cc : "cc",
                        .large_function = LARGE_FUNCTION_BYTES};
}

void build_options_free(BuildOptions *o) {
  free(o->dirs);
  free(o->envs);
  o->dirs = o->envs = NULL;
  o->ndirs = o->nenvs = 0;
}

static bool append(const char ***list, size_t *n, const char *s) {
  const char **grown = realloc(*list, (*n + 1) * sizeof *grown);
  if (!grown) return false;
  grown[(*n)++] = s;
  *list = grown;
  return true;
}

/* The options a WASI guest's program gets; -1 to go on, else the exit status. */
static int guest_option(BuildOptions *o, int c, const char *command) {
  bool ok = true;
  if (c == OPT_DIR) {
    if (!*optarg || !strncmp(optarg, "::", 2))
      return cli_usage_error(command, "--dir needs HOST[::GUEST], not '%s'", optarg);
    ok = append(&o->dirs, &o->ndirs, optarg);
  } else if (c == OPT_ENV) {
    if (!strchr(optarg, '=') || optarg[0] == '=')
      return cli_usage_error(command, "--env needs KEY=VALUE, not '%s'", optarg);
    ok = append(&o->envs, &o->nenvs, optarg);
  } else {
    o->inherit_env = true;
  }
  if (!ok) fprintf(stderr, "wasmcc: out of memory\n");
  return ok ? -1 : BUILD_FAILED;
}

static int jobs_option(BuildOptions *o, const char *command) {
  char *end;
  unsigned long n = strtoul(optarg, &end, 10);
  if (!*optarg || *end || optarg[0] == '-' || n == 0 || n > 1024)
    return cli_usage_error(command, "bad value '%s' for -j (a number of jobs, 1 to 1024)", optarg);
  o->jobs = (size_t)n;
  return -1;
}

static int large_function_option(BuildOptions *o, const char *command) {
  char *end;
  unsigned long long n = strtoull(optarg, &end, 10);
  if (!*optarg || *end || optarg[0] == '-' || n > SIZE_MAX)
    return cli_usage_error(command, "bad value '%s' for --large-function (bytes of C; 0: never)", optarg);
  o->large_function = (size_t)n;
  return -1;
}

/* gcc spells it -static; getopt_long knows no one-dash long options. */
static void rename_static(int argc, char **argv) {
  for (int k = 1; k < argc && strcmp(argv[k], "--"); k++)
    if (!strcmp(argv[k], "-static")) argv[k] = (char *)"--static";
}

/* One option; returns -1 to go on, else the exit status. */
static int build_option(BuildOptions *o, int c, bool for_run) {
  const char *command = for_run ? "run" : "build";
  int k;
  switch (c) {
  case 'o': o->output = optarg; break;
  case OPT_KEEP_C: o->keep_c = optarg; break;
  case OPT_CC: o->cc = optarg; break;
  case OPT_INVOKE: o->invoke = optarg; break;
  case 'v': o->verbose = true; break;
  case OPT_REACTOR:
    if (for_run) return cli_usage_error("run", "--reactor is for wasmcc build");
    o->reactor = true;
    break;
  case OPT_NO_CACHE:
    if (!for_run) return cli_usage_error("build", "--no-cache is for wasmcc run");
    o->no_cache = true;
    break;
  case 'j': return jobs_option(o, command);
  case OPT_CFLAGS: o->cflags = optarg; break;
  case OPT_LDFLAGS: o->ldflags = optarg; break;
  case 'g': o->debug = true; break;
  case OPT_STATIC: o->static_link = true; break;
  case OPT_LARGE_FUNCTION: return large_function_option(o, command);
  case OPT_BOUNDS:
    if ((o->bounds = cli_choice("--bounds", optarg, cli_bounds_values, command)) < 0) return BUILD_USAGE;
    break;
  case OPT_SIMD:
    if ((o->simd_scalar = cli_choice("--simd", optarg, simd_values, command)) < 0) return BUILD_USAGE;
    break;
  case 'O':
    if ((k = cli_choice("-O", optarg, opt_values, command)) < 0) return BUILD_USAGE;
    o->opt_level = (char)('0' + k);
    break;
  case OPT_DIR:
  case OPT_ENV:
  case OPT_INHERIT_ENV: return guest_option(o, c, command);
  case 'h': fputs(for_run ? run_usage : build_usage, stdout); return BUILD_OK;
  default: return BUILD_USAGE;
  }
  return -1;
}

/* What must hold after the options; -1 when it does, else the exit status. */
static int check_build_args(const BuildOptions *o, int argc, char **argv, int first) {
  if (first >= argc) return cli_usage_error("build", "no input file");
  if (first + 1 < argc) return cli_usage_error("build", "more than one input file: %s", argv[first + 1]);
  if (!o->output) return cli_usage_error("build", "no output file (-o %s)", o->reactor ? "libNAME.a" : "PROGRAM");
  if (o->reactor && (o->invoke || o->ndirs || o->nenvs || o->inherit_env))
    return cli_usage_error("build", "--reactor makes a library: --invoke, --dir, --env and --inherit-env "
                                    "are for programs (the host sets up WASI)");
  return -1;
}

static int check_run_args(const BuildOptions *o, int argc, int first) {
  if (o->output || o->keep_c) return cli_usage_error("run", "-o and --keep-c are for wasmcc build");
  if (o->cflags || o->ldflags || o->debug || o->static_link)
    return cli_usage_error("run", "--cflags, --ldflags, -g and -static are for wasmcc build");
  if (first >= argc) return cli_usage_error("run", "no input file");
  return -1;
}

int build_parse_args(BuildOptions *o, int argc, char **argv, bool for_run, int *first) {
  /* run: '+' stops at the module, whose arguments are the program's */
  const char *shortopts = for_run ? "+:hvgo:O:j:" : ":hvgo:O:j:";
  if (!for_run) rename_static(argc, argv);
  optind = 0;
  for (int c; (c = cli_getopt(argc, argv, shortopts, build_long_options, for_run ? "run" : "build")) != -1;) {
    int status = build_option(o, c, for_run);
    if (status >= 0) return status;
  }
  *first = optind;
  if (!for_run && !o->cflags) o->cflags = getenv("CFLAGS");
  if (!for_run && !o->ldflags) o->ldflags = getenv("LDFLAGS");
  int status = for_run ? check_run_args(o, argc, optind) : check_build_args(o, argc, argv, optind);
  if (status < 0 && !for_run) o->input = argv[optind];
  if (status < 0 && for_run) o->input = argv[optind], *first = optind + 1;
  return status;
}
