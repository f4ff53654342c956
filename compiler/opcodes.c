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
#define EQREF VT_EQREF
#define I31REF VT_I31REF
#define REF_I31 (VT_I31REF | VT_NON_NULL)

const OpInfo op_table[OP_MAX] = {
#define OP(ID, PREFIX, CODE, NAME, KIND, IMM, IN0, IN1, IN2, OUT, MEM, LANES, C)              \
  [OP_##ID] = {.name = NAME, .kind = OPK_##KIND, .imm = IMM_##IMM,                             \
               .nin = (IN0 != NO) + (IN1 != NO) + (IN2 != NO), .nout = OUT != NO,              \
               .in = {IN0, IN1, IN2}, .out = OUT, .mem_size = MEM, .lanes = LANES, .c = C},
#include "opcodes.def"
#undef OP
};

const char *opcode_name(uint32_t op) {
  const OpInfo *info = op_info(op);
  return info ? info->name : "<illegal opcode>";
}

/* Wasm 3.0 proposals wasmcc does not translate yet: which one a byte belongs
 * to, so that a module using it is refused by name rather than as
 * "malformed" or "illegal" (which it is not). */
const char *unsupported_valtype_proposal(uint8_t b) {
  (void)b; /* every value type of Wasm 3.0 is known */
  return NULL;
}

const char *unsupported_opcode_proposal(uint8_t byte) {
  (void)byte; /* every one-byte opcode of Wasm 3.0 is known */
  return NULL;
}

const char *unsupported_gc_opcode(uint32_t sub) {
  switch (sub) {
    case 0x0A: return "garbage collection (array.new_elem)";
    case 0x13: return "garbage collection (array.init_elem)";
    default: return NULL;
  }
}
