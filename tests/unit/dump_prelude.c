/* dump_prelude.c - writes the prelude sections that prelude_simd.h builds on
 * (base, memory, int, float, trunc; from compiler/emit_prelude.c) to a
 * header, so that the SIMD unit test sees the same helpers as generated code.
 *   dump_prelude OUT.h */
#include <stdio.h>

#include "emit_internal.h"

int main(int argc, char **argv) {
  static const int sections[] = {PRELUDE_BASE, PRELUDE_MEMORY, PRELUDE_INT, PRELUDE_FLOAT, PRELUDE_TRUNC};
  FILE *f = argc == 2 ? fopen(argv[1], "w") : NULL;
  if (!f) {
    fprintf(stderr, "usage: dump_prelude OUT.h\n");
    return 2;
  }
  for (size_t i = 0; i < sizeof sections / sizeof sections[0]; i++) fputs(emit_prelude_sections[sections[i]], f);
  return fclose(f) == 0 ? 0 : 1;
}
