/* hello.c - a WASI command: C compiled to WebAssembly by clang
 * (--target=wasm32-wasi), then to a native program by `wasmcc build`.
 * Greets its first argument and lists all of them. */
#include <stdio.h>

int main(int argc, char **argv) {
  const char *name = argc > 1 ? argv[1] : "world";
  printf("Hello, %s! This program was WebAssembly; wasmcc made it native.\n", name);
  /* argv[0] is left out: it is whatever path the program was started by. */
  printf("%d argument%s\n", argc - 1, argc == 2 ? "" : "s");
  for (int i = 1; i < argc; i++) printf("  argv[%d] = \"%s\"\n", i, argv[i]);
  return 0;
}
