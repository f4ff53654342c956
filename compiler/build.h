/* build.h - `wasmcc build` and `wasmcc run`: translate a module to C, compile
 * the C with the system compiler and link it with the runtime into a native
 * program (build.c), building in parallel (build_sys.c), and run programs from
 * a cache of builds (build_run.c).
 */
#ifndef WASMCC_BUILD_H
#define WASMCC_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WASMCC_VERSION "0.1.0"

/* Entry points for `wasmcc build ...` and `wasmcc run ...` (argv[0] is the
 * subcommand). Return the process exit status: 0 success, 1 bad input or a
 * failed compile, 2 bad usage. `run` does not return when the program starts. */
int build_command(int argc, char **argv);
int run_command(int argc, char **argv);

/* ------------------------------------------------ shared by build*.c */
enum { BUILD_OK = 0, BUILD_FAILED = 1, BUILD_USAGE = 2 };

typedef struct BuildOptions {
  const char *input;  /* the .wasm module */
  const char *output; /* the executable to write */
  int bounds;         /* -1: the runtime's default, 0: guard pages, 1: checked */
  int simd_scalar;    /* -1: the compiler's default, 0: vector extensions, 1: portable C */
  char opt_level;     /* '0'..'3', passed as -O<n> to the C compiler */
  const char *cc;     /* C compiler command; may hold several words ("ccache cc") */
  const char *invoke; /* export whose call is the program, or NULL: a WASI command */
  const char *keep_c; /* keep the C files in this directory; NULL: a temporary one */
  bool verbose;       /* say what is done (commands, cache hits) on stderr */
  /* What a WASI guest gets besides its arguments (--dir HOST[::GUEST],
   * --env KEY=VALUE, --inherit-env): `build` writes them into the program,
   * `run` passes them in $WASMCC_RUN_OPTIONS. */
  const char **dirs, **envs; /* point into argv */
  size_t ndirs, nenvs;
  bool inherit_env;
  bool reactor;       /* --reactor: a static library and its header (build_reactor.c) */
  bool no_cache;      /* run --no-cache: build into a temporary directory, run, remove it */
  /* Big builds (docs/ARCHITECTURE.md, "Big modules"). */
  size_t jobs;                  /* -j N: at most N compilers at once; 0: automatic */
  const char *cflags, *ldflags; /* more words for compiling, linking (build only) */
  bool debug;                   /* -g: debug info; the C is kept (PROGRAM-src) */
  bool static_link;             /* -static: a program without shared libraries */
  size_t large_function;        /* C bytes from which a function is compiled alone at -O1 */
} BuildOptions;

BuildOptions build_default_options(void);
void build_options_free(BuildOptions *o);
/* build_options.c: parse `wasmcc build` (for_run false) or `wasmcc run`
 * options, argv[0] being the subcommand. `run` stops at the module (what
 * follows is the program's). Returns -1 when there is work to do (the index
 * of the first argument after the options in *first), else the exit status
 * (after --help or a usage message). */
int build_parse_args(BuildOptions *o, int argc, char **argv, bool for_run, int *first);
/* Translate, compile and link o->input into o->output. */
int build_executable(const BuildOptions *o);
/* build_reactor.c: translate and compile o->input into the static library
 * o->output, with the header <stem>.h next to it. */
int build_library(const BuildOptions *o);
/* Where the runtime headers and libraries are ($WASMCC_RT_DIR,
 * $WASMCC_LIB_DIR, else next to an installed wasmcc, else the paths
 * configured when wasmcc was built). */
const char *build_rt_include_dir(void);
const char *build_lib_dir(void);

/* A growable list of owned strings, NULL-terminated (usable as an argv). */
typedef struct StrList {
  char **items;
  size_t n, cap;
} StrList;
bool strlist_push(StrList *l, const char *s);
/* Push the whitespace-separated words of s. */
bool strlist_push_words(StrList *l, const char *s);
void strlist_free(StrList *l);
/* malloc'ed formatted string, NULL when memory runs out. */
char *str_format(const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* build_cache.c: the cache of `wasmcc run`. cache_dir: created if needed
 * and checked to be private (NULL after a message). cache_max_bytes:
 * $WASMCC_CACHE_MAX (default 1 GiB), false after a message when it is bad.
 * cache_touch marks an entry used; cache_evict removes the least recently
 * used entries but keep (a name in dir) until the cache holds at most max
 * bytes. cache_command is `wasmcc cache ...` (argv[0] "cache"). */
char *cache_dir(void);
bool cache_max_bytes(uint64_t *max);
void cache_touch(const char *path);
void cache_evict(const char *dir, const char *keep, uint64_t max, bool verbose);
int cache_command(int argc, char **argv);

/* build_invoke.c: the fixed part of an --invoke main(), C source lines (NULL
 * at the end) that expect MODULE, NPARAMS, NRESULTS, export_name, param_types
 * and result_types. */
extern const char *const build_invoke_driver[];

/* build_sys.c: files, directories and processes. */
uint8_t *read_whole_file(const char *path, size_t *size);
/* mkdtemp of parent/stem-XXXXXX; NULL (errno set) on failure. */
char *make_temp_dir(const char *parent, const char *stem);
/* Remove a directory and the files in it (it holds no subdirectories). */
void remove_flat_dir(const char *dir);
/* dir/rel, dir being the running executable's directory (rel as it is when
 * absolute); malloc'ed, NULL when the executable cannot be found. */
char *exe_relative_path(const char *rel);

/* build_jobs.c: running compilers. One command to run with its stdout and
 * stderr going to log_path; `what` names it on the progress line. */
typedef struct Job {
  char **argv;
  const char *log_path;
  const char *what; /* "compiling prog.3.c" */
} Job;
typedef struct JobOptions {
  size_t max_running;        /* 0: one per CPU, or what make's jobserver grants */
  bool verbose;              /* print each command */
  bool progress;             /* a "[n/N] what" line on stderr (a terminal) */
  size_t done_before, total; /* the numbering of that line */
} JobOptions;
/* Run the jobs, at most max_running at once, taking a token of GNU make's
 * jobserver ($MAKEFLAGS) for each beyond the first. Returns false when one
 * could not start or failed; its log (the compiler's output) is copied to
 * stderr. After a failure no new job starts, but the running ones are waited
 * for; after a signal (build_signals_catch) they are ended. */
bool run_jobs(const Job *jobs, size_t n, const JobOptions *opt);
size_t cpu_count(void);
/* SIGINT, SIGTERM, SIGHUP and SIGPIPE stop a build: between catch and
 * release they are noted (build_signal_caught() is then the signal), the
 * running compilers ended, and the caller removes its files; reraise then
 * ends the process by the signal, as it would have been without wasmcc. */
void build_signals_catch(void);
int build_signal_caught(void);
void build_signals_release(void);
void build_signals_reraise(void);

#endif
