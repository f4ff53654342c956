/* prog.c - the WASI command tests/cli/run builds with `wasmcc build`:
 *   prog args ARGS...   prints its arguments, one per line
 *   prog exit CODE      exits with CODE through proc_exit
 *   prog cat FILE       copies FILE (from a --dir preopen) to stdout
 *   prog env NAME...    prints each variable NAME, or "(unset)", one per line
 *   prog trap           prints a line, then executes `unreachable` */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int cat(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    perror(path);
    return 1;
  }
  int c;
  while ((c = getc(f)) != EOF) putchar(c);
  fclose(f);
  return 0;
}

int main(int argc, char **argv) {
  const char *cmd = argc > 1 ? argv[1] : "";
  if (!strcmp(cmd, "args")) {
    for (int i = 2; i < argc; i++) printf("%s\n", argv[i]);
  } else if (!strcmp(cmd, "exit") && argc > 2) {
    exit(atoi(argv[2]));
  } else if (!strcmp(cmd, "cat") && argc > 2) {
    return cat(argv[2]);
  } else if (!strcmp(cmd, "env") && argc > 2) {
    for (int i = 2; i < argc; i++) {
      const char *value = getenv(argv[i]);
      puts(value ? value : "(unset)");
    }
  } else if (!strcmp(cmd, "trap")) {
    printf("before trap\n");
    fflush(stdout);
    __builtin_trap();
  } else {
    fprintf(stderr, "usage: prog args|exit|cat|env|trap ...\n");
    return 2;
  }
  return 0;
}
