/* emit_atomic.c - the threads proposal's instructions: atomic loads, stores
 * and read-modify-writes, atomic.fence, memory.atomic.wait and notify.
 *
 * An atomic access is an ordinary access (same address, same bounds check or
 * guard-page fault) made with a sequentially consistent atomic operation,
 * preceded by the alignment check the spec requires ("unaligned atomic").
 * wait and notify touch no memory themselves: their address is checked in
 * both modes before the runtime's wait table is called (prelude, ATOMIC).
 */
#include <inttypes.h>

#include "emit_func.h"

static bool is_wait_or_notify(uint32_t op) {
  return op == OP_MEMORY_ATOMIC_NOTIFY || op == OP_MEMORY_ATOMIC_WAIT32 || op == OP_MEMORY_ATOMIC_WAIT64;
}


/* "r = wcc_memory_atomic_wait32(inst->memoryN, addr, offset, expected, timeout);" */
static bool emit_wait_or_notify(FuncEmitter *fe, const Instr *ins, const OpInfo *info,
                                char operands[][OPERAND_MAX]) {
  char name[48], r[16];
  snprintf(name, sizeof name, "wcc_%s", ins->op == OP_MEMORY_ATOMIC_NOTIFY  ? "memory_atomic_notify"
                                        : ins->op == OP_MEMORY_ATOMIC_WAIT32 ? "memory_atomic_wait32"
                                                                             : "memory_atomic_wait64");
  uint32_t d = fe_push(fe, VT_I32, false);
  if (d == UINT32_MAX) return false;
  const char *inst = fe_inst(fe);
  if (info->nin == 2)
    fe_line(fe, "%s = %s(%s->memory%u, %s, UINT64_C(%" PRIu64 "), %s);", fe_slot(fe, r, VT_I32, d, SLOT_WRITTEN),
            name, inst, ins->memidx, operands[0], ins->mem_offset, operands[1]);
  else
    fe_line(fe, "%s = %s(%s->memory%u, %s, UINT64_C(%" PRIu64 "), %s, %s);", fe_slot(fe, r, VT_I32, d, SLOT_WRITTEN),
            name, inst, ins->memidx, operands[0], ins->mem_offset, operands[1], operands[2]);
  return true;
}

bool emit_atomic(FuncEmitter *fe, const Instr *ins, const OpInfo *info) {
  if (!fe_check_memory(fe, ins->memidx)) return false;
  char operands[3][OPERAND_MAX], r[16];
  if (!fe_pop_access_operands(fe, info, operands)) return false;
  if (is_wait_or_notify(ins->op)) return emit_wait_or_notify(fe, ins, info, operands);
  if (info->mem_size > 1)
    fe_line(fe, "wcc_atomic_align(%s, UINT64_C(%" PRIu64 "), %u);", operands[0], ins->mem_offset, info->mem_size);
  Buf expr = {0};
  fe_write_access(fe, &expr, ins, info, operands);
  bool ok = !expr.failed;
  if (ok && info->nout) {
    /* A loaded value: kept alive where it is consumed, like a plain load's. */
    uint32_t d = fe_push(fe, info->out, true);
    ok = d != UINT32_MAX;
    if (ok) fe_line(fe, "%s = %s;", fe_slot(fe, r, info->out, d, SLOT_WRITTEN), expr.data);
  } else if (ok) {
    fe_line(fe, "%s;", expr.data);
  }
  buf_free(&expr);
  return ok || fe_fail(fe, "out of memory");
}

bool emit_atomic_fence(FuncEmitter *fe) {
  fe_line(fe, "wcc_atomic_fence();");
  return true;
}
