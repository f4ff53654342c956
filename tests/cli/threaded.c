/* threaded.c - a threaded interpreter whose handlers tail-call the next one
 * (clang -mtail-call makes them return_call_indirect): tests/cli/run builds
 * it to wasm and runs 3 * 10^7 handlers through wasmcc in constant stack. */
#include <stdio.h>
#include <stdlib.h>

typedef struct VM { long long acc, n; } VM;
typedef long long (*op_fn)(VM *vm, const unsigned char *pc);

static long long op_add(VM *vm, const unsigned char *pc);
static long long op_dec(VM *vm, const unsigned char *pc);
static long long op_jnz(VM *vm, const unsigned char *pc);
static long long op_halt(VM *vm, const unsigned char *pc);
static op_fn const ops[] = {op_add, op_dec, op_jnz, op_halt};

#define NEXT(pc) __attribute__((musttail)) return ops[*(pc)](vm, (pc))
static long long op_add(VM *vm, const unsigned char *pc) { vm->acc += vm->n; NEXT(pc + 1); }
static long long op_dec(VM *vm, const unsigned char *pc) { vm->n--; NEXT(pc + 1); }
static long long op_jnz(VM *vm, const unsigned char *pc) {
  if (vm->n) { NEXT(pc - 2); }
  NEXT(pc + 1);
}
static long long op_halt(VM *vm, const unsigned char *pc) { (void)pc; return vm->acc; }

int main(int argc, char **argv) {
  static const unsigned char prog[] = {0, 1, 2, 3}; /* do { acc += n; n--; } while (n); */
  VM vm = {0, argc > 1 ? atoll(argv[1]) : 10};
  printf("%lld\n", ops[prog[0]](&vm, prog));
  return 0;
}
