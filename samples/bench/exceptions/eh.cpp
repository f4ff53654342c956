// eh.cpp - what exceptions cost: the same C++ loops built natively (g++,
// table-driven unwinding) and to wasm (clang -fwasm-exceptions, with
// samples/exceptions/cxxabi_min.cpp), run by `run` in every engine.
//   plain(n)        n calls of a function that returns
//   try_enter(n)    the same calls, each inside try { } catch (...)
//   throw_catch(n)  n calls that throw, each caught by the caller
#ifdef __wasm__
#define EXPORT(name) extern "C" __attribute__((export_name(#name)))
extern "C" void *last_caught_exception(void);
static int caught_value() { return *static_cast<int *>(last_caught_exception()); }
#define CATCH_VALUE(v) catch (...) { v = caught_value(); }
#else
#include <cstdio>
#include <cstdlib>
#include <cstring>
#define EXPORT(name) extern "C"
#define CATCH_VALUE(v) catch (int e) { v = e; }
#endif

__attribute__((noinline)) static int step(int i, int fail) {
  if (fail) throw i;
  return i & 7;
}

// Opaque to the optimiser, so the loops cannot be folded away.
int (*volatile step_fn)(int, int) = step;

EXPORT(plain) int plain(int n) {
  int sum = 0;
  for (int i = 0; i < n; i++) sum += step_fn(i, 0);
  return sum;
}

EXPORT(try_enter) int try_enter(int n) {
  int sum = 0;
  for (int i = 0; i < n; i++) {
    int v = 0;
    try {
      v = step_fn(i, 0);
    } CATCH_VALUE(v)
    sum += v;
  }
  return sum;
}

EXPORT(throw_catch) int throw_catch(int n) {
  int sum = 0;
  for (int i = 0; i < n; i++) {
    int v = 0;
    try {
      v = step_fn(i, 1);
    } CATCH_VALUE(v)
    sum += v & 7;
  }
  return sum;
}

#ifndef __wasm__
int main(int argc, char **argv) {
  if (argc != 3) return 2;
  int n = atoi(argv[2]);
  int r = !strcmp(argv[1], "plain") ? plain(n) : !strcmp(argv[1], "try_enter") ? try_enter(n) : throw_catch(n);
  printf("%d\n", r);
  return 0;
}
#endif
