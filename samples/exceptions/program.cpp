// program.cpp - a C++ program that throws and catches exceptions, compiled
// to wasm by clang with -fwasm-exceptions (the exception-handling
// instructions) and made native by wasmcc. Exceptions cross the host: run()
// calls the host import call_back(), which calls back into thrower(), whose
// exception unwinds through the host's C frame to run()'s catch; for 7 the
// host throws one itself. Built with -DSELF_CONTAINED, call_back() is wasm
// too, so `wasmcc build --invoke run` makes a program of it.
extern "C" {
void *last_caught_exception(void); // cxxabi_min.cpp
#ifdef SELF_CONTAINED
int host_call_back(int);
#else
__attribute__((import_module("host"), import_name("call_back"))) int host_call_back(int);
#endif
}

static int cleanups; // destructors run, on return and on unwinding alike

struct Guard {
  ~Guard() { cleanups++; }
};

__attribute__((noinline)) static int may_throw(int x) {
  Guard g;
  if (x % 3 == 2) throw x * 10;
  return x;
}

extern "C" __attribute__((export_name("thrower"))) int thrower(int x) { return may_throw(x); }

#ifdef SELF_CONTAINED
// Through a pointer, so the call stays a call (as the host's is).
int (*volatile callee)(int) = thrower;
extern "C" int host_call_back(int x) { return callee(x); }
#endif

// The sum of what calls return plus the values of what they throw.
extern "C" __attribute__((export_name("run"))) int run(int n) {
  int sum = 0;
  for (int i = 0; i < n; i++) {
    try {
      sum += host_call_back(i);
    } catch (...) {
      sum += *static_cast<int *>(last_caught_exception());
    }
  }
  return sum;
}

extern "C" __attribute__((export_name("cleanups"))) int cleanup_count(void) { return cleanups; }
