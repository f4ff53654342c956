/* main.c - one WASI test program, many cases: `wasitest CASE [ARGS...]`
 * (one program keeps the native build of the suite to a single wasmcc run). */
#include <stdlib.h>

#include "check.h"

int check_failures;

typedef struct test_case {
  const char *name;
  int (*run)(int argc, char **argv);
} test_case;

static const test_case cases[] = {
    {"stdio", case_stdio},       {"big", case_big},
    {"args", case_args},         {"env", case_env},
    {"exit", case_exit},         {"stdin", case_stdin},
    {"files", case_files},       {"dirs", case_dirs},
    {"readdir_big", case_readdir_big}, {"links", case_links},
    {"preopens", case_preopens},
    {"clocks", case_clocks},     {"random", case_random},
    {"sleep", case_sleep},       {"abstime", case_abstime},
    {"poll_fds", case_poll_fds},
    {"escape", case_escape},     {"rights", case_rights},
    {"renumber", case_renumber}, {"trap", case_trap},
    {"badptr", case_badptr},     {"imports", case_imports},
    {"isatty", case_isatty},
};

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: wasitest CASE [ARGS...]\n");
    return 2;
  }
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    if (strcmp(argv[1], cases[i].name) != 0) continue;
    int status = cases[i].run(argc - 1, argv + 1);
    fflush(stdout);
    return check_failures ? 1 : status;
  }
  fprintf(stderr, "unknown case %s\n", argv[1]);
  return 2;
}
