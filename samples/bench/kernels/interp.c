/* bench: ret=i32 n=450 quick=1 */
/* A small register-machine bytecode interpreter that dispatches every
 * instruction through a table of handler function pointers (indirect-call
 * heavy). The program runs an LCG and a Collatz-style loop; n runs. */
#include "bench.h"

enum { OP_LOADI, OP_ADD, OP_SUB, OP_MUL, OP_AND, OP_SHR, OP_XOR, OP_JNZ, OP_JZ,
       OP_DEC, OP_MOV, OP_ODD, OP_HALT, OP_COUNT };

typedef struct {
    uint8_t op, a, b, c;
    int32_t imm;
} insn;

typedef struct vm {
    uint32_t reg[8];
    const insn *pc;
    int running;
} vm;

typedef void (*handler)(vm *m, const insn *i);

static void op_loadi(vm *m, const insn *i) { m->reg[i->a] = (uint32_t)i->imm; m->pc++; }
static void op_add(vm *m, const insn *i) { m->reg[i->a] = m->reg[i->b] + m->reg[i->c]; m->pc++; }
static void op_sub(vm *m, const insn *i) { m->reg[i->a] = m->reg[i->b] - m->reg[i->c]; m->pc++; }
static void op_mul(vm *m, const insn *i) { m->reg[i->a] = m->reg[i->b] * m->reg[i->c]; m->pc++; }
static void op_and(vm *m, const insn *i) { m->reg[i->a] = m->reg[i->b] & m->reg[i->c]; m->pc++; }
static void op_shr(vm *m, const insn *i) { m->reg[i->a] = m->reg[i->b] >> (m->reg[i->c] & 31); m->pc++; }
static void op_xor(vm *m, const insn *i) { m->reg[i->a] = m->reg[i->b] ^ m->reg[i->c]; m->pc++; }
static void op_jnz(vm *m, const insn *i) { m->pc = m->reg[i->a] ? m->pc + i->imm : m->pc + 1; }
static void op_jz(vm *m, const insn *i) { m->pc = m->reg[i->a] ? m->pc + 1 : m->pc + i->imm; }
static void op_dec(vm *m, const insn *i) { m->reg[i->a]--; m->pc++; }
static void op_mov(vm *m, const insn *i) { m->reg[i->a] = m->reg[i->b]; m->pc++; }
static void op_odd(vm *m, const insn *i) { m->reg[i->a] = m->reg[i->b] & 1; m->pc++; }
static void op_halt(vm *m, const insn *i) { (void)i; m->running = 0; }

static handler handlers[OP_COUNT] = {
    op_loadi, op_add, op_sub, op_mul, op_and, op_shr, op_xor,
    op_jnz, op_jz, op_dec, op_mov, op_odd, op_halt,
};

/* r0: counter, r1: LCG state, r2: checksum, r3..r7 scratch. */
static const insn program[] = {
    /* 0 */ {OP_LOADI, 3, 0, 0, 1103515245},
    /* 1 */ {OP_LOADI, 4, 0, 0, 12345},
    /* 2 */ {OP_LOADI, 7, 0, 0, 3},          /* loop: */
    /* 3 */ {OP_MUL, 1, 1, 3, 0},            /*   r1 = r1 * a + c */
    /* 4 */ {OP_ADD, 1, 1, 4, 0},
    /* 5 */ {OP_LOADI, 5, 0, 0, 16},
    /* 6 */ {OP_SHR, 5, 1, 5, 0},            /*   r5 = (r1 >> 16) & 63 */
    /* 7 */ {OP_LOADI, 6, 0, 0, 63},
    /* 8 */ {OP_AND, 5, 5, 6, 0},
    /* 9 */ {OP_LOADI, 6, 0, 0, 1},          /*   collatz steps on r5 */
    /* 10 */ {OP_JZ, 5, 0, 0, 10},           /*   while r5: */
    /* 11 */ {OP_ODD, 6, 5, 0, 0},
    /* 12 */ {OP_JZ, 6, 0, 0, 4},
    /* 13 */ {OP_ADD, 6, 5, 5, 0},           /*     odd: r5 = 3 r5 + 1 -> here r5 = r5 ^ (r5 + r5) */
    /* 14 */ {OP_XOR, 5, 5, 6, 0},
    /* 15 */ {OP_DEC, 5, 0, 0, 0},           /*     then fall into halving */
    /* 16 */ {OP_SHR, 5, 5, 7, 0},           /*     r5 >>= 3 (r7) */
    /* 17 */ {OP_ADD, 2, 2, 5, 0},
    /* 18 */ {OP_XOR, 2, 2, 1, 0},
    /* 19 */ {OP_JNZ, 5, 0, 0, -9},
    /* 20 */ {OP_DEC, 0, 0, 0, 0},
    /* 21 */ {OP_JNZ, 0, 0, 0, -19},
    /* 22 */ {OP_HALT, 0, 0, 0, 0},
};

static uint32_t run(uint32_t count, uint32_t seed) {
    vm m = {{0}, program, 1};
    m.reg[0] = count;
    m.reg[1] = seed;
    while (m.running) {
        const insn *i = m.pc;
        handlers[i->op](&m, i);
    }
    return m.reg[2] ^ m.reg[1];
}

uint32_t bench(int n) {
    uint32_t acc = 0;
    for (int i = 0; i < n; i++) acc = acc * 33 + run(10000, acc + (uint32_t)i);
    return acc;
}
