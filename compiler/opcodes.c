/* opcodes.c - the table of opcode facts, built from opcodes.def.
 *
 * Indexed by the folded opcode (decode.h); a NULL name marks an opcode that
 * does not exist, which is how the decoder recognises illegal opcodes.
 */
#include "decode.h"

#define NO VT_UNKNOWN
#define I32 VT_I32
#define I64 VT_I64
#define F32 VT_F32
#define F64 VT_F64
#define V128 VT_V128

static const OpInfo op_table[OP_MAX] = {
#define OP(ID, PREFIX, CODE, NAME, KIND, IMM, IN0, IN1, IN2, OUT, MEM, LANES, C)              \
  [OP_##ID] = {.name = NAME, .kind = OPK_##KIND, .imm = IMM_##IMM,                             \
               .nin = (IN0 != NO) + (IN1 != NO) + (IN2 != NO), .nout = OUT != NO,              \
               .in = {IN0, IN1, IN2}, .out = OUT, .mem_size = MEM, .lanes = LANES, .c = C},
#include "opcodes.def"
#undef OP
};

const OpInfo *op_info(uint32_t op) {
  if (op >= OP_MAX || !op_table[op].name) return NULL;
  return &op_table[op];
}

const char *opcode_name(uint32_t op) {
  const OpInfo *info = op_info(op);
  return info ? info->name : "<illegal opcode>";
}
