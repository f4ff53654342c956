/* board_host.c - out()/finish() of main.c on this host (the ctest that runs
 * the firmware profile without an emulator). */
#include <stdio.h>
#include <stdlib.h>

void out(const char *s) {
  fputs(s, stdout);
}

_Noreturn void finish(int status) {
  fflush(stdout);
  exit(status);
}
