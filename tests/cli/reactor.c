/* reactor.c - a WASI reactor (clang -mexec-model=reactor): no _start, and
 * _initialize runs the constructors (and sets up the environment) before any
 * export may be called. tests/cli/run calls its exports with --invoke. */
#include <stdlib.h>
#include <string.h>

/* Volatile, so that the compiler cannot fold the constructor into a static
 * initializer: only _initialize sets it. */
static volatile int base;

__attribute__((constructor)) static void set_base(void) { base = 40; }

/* 40 + x once _initialize has run; x without it. */
__attribute__((export_name("add_base"))) int add_base(int x) { return base + x; }

/* The length of $GREETING, -1 when it is unset. */
__attribute__((export_name("greeting_length"))) int greeting_length(void) {
  const char *v = getenv("GREETING");
  return v ? (int)strlen(v) : -1;
}
