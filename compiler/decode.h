/* decode.h - streaming decoder for instructions in a function body or const expr.
 *
 * Both the validator and the emitter walk bodies with this decoder; nothing is
 * materialised. The decoder checks encoding only (LEB128 bounds, known opcodes,
 * immediates present); typing is the validator's job.
 */
#ifndef WASMCC_DECODE_H
#define WASMCC_DECODE_H

#include "module.h"

/* Opcodes: single-byte ones use their byte value. Prefixed ones (0xFC, 0xFD)
 * are folded to OP_PREFIX_FC + subopcode / OP_PREFIX_FD + subopcode. */
enum {
  OP_UNREACHABLE = 0x00, OP_NOP = 0x01, OP_BLOCK = 0x02, OP_LOOP = 0x03, OP_IF = 0x04,
  OP_ELSE = 0x05, OP_END = 0x0B, OP_BR = 0x0C, OP_BR_IF = 0x0D, OP_BR_TABLE = 0x0E,
  OP_RETURN = 0x0F, OP_CALL = 0x10, OP_CALL_INDIRECT = 0x11,
  OP_DROP = 0x1A, OP_SELECT = 0x1B, OP_SELECT_T = 0x1C,
  OP_LOCAL_GET = 0x20, OP_LOCAL_SET = 0x21, OP_LOCAL_TEE = 0x22,
  OP_GLOBAL_GET = 0x23, OP_GLOBAL_SET = 0x24, OP_TABLE_GET = 0x25, OP_TABLE_SET = 0x26,
  OP_I32_LOAD = 0x28, /* ... through */ OP_I64_STORE32 = 0x3E,
  OP_MEMORY_SIZE = 0x3F, OP_MEMORY_GROW = 0x40,
  OP_I32_CONST = 0x41, OP_I64_CONST = 0x42, OP_F32_CONST = 0x43, OP_F64_CONST = 0x44,
  /* 0x45..0xC4: numeric instructions, encodings as in the spec */
  OP_REF_NULL = 0xD0, OP_REF_IS_NULL = 0xD1, OP_REF_FUNC = 0xD2,

  OP_PREFIX_FC = 0x100, /* + 0..17: trunc_sat (0-7), memory.init (8), data.drop (9),
                           memory.copy (10), memory.fill (11), table.init (12),
                           elem.drop (13), table.copy (14), table.grow (15),
                           table.size (16), table.fill (17) */
  OP_PREFIX_FD = 0x200, /* + SIMD subopcode (not in the core issue) */
  OP_MAX = 0x400
};

/* Block type of block/loop/if. */
typedef struct BlockType {
  enum { BT_EMPTY, BT_VALUE, BT_INDEX } kind;
  ValType value;     /* BT_VALUE */
  uint32_t index;    /* BT_INDEX: type index */
} BlockType;

typedef struct Instr {
  uint32_t op;          /* as above */
  size_t offset;        /* byte offset of the opcode in Module.bytes */
  /* immediates (which are meaningful depends on op) */
  BlockType bt;         /* block/loop/if */
  uint32_t idx;         /* br/br_if label, call func, local/global idx, table idx,
                           ref.func idx, memory.init/data.drop data idx,
                           table.init/elem.drop elem idx, call_indirect type idx */
  uint32_t idx2;        /* call_indirect table idx, table.init table idx,
                           table.copy: idx = dst table, idx2 = src table */
  uint32_t align, mem_offset_hi; /* memarg: align exponent */
  uint64_t mem_offset;  /* memarg offset */
  union { int32_t i32; int64_t i64; uint32_t f32_bits; uint64_t f64_bits; uint8_t v128[16]; } imm;
  ValType ref_type;     /* ref.null */
  uint32_t nselect_types; ValType select_type; /* select t*: count (must be 1) and type */
  uint32_t lane;        /* SIMD lane immediates */
  /* br_table: targets are read with decode_br_table_target(); default in idx. */
  uint32_t ntargets;
  size_t targets_offset;
} Instr;

typedef struct Decoder {
  const Module *m;
  size_t pos, end;
} Decoder;

/* Decode one instruction at d->pos and advance. Returns false (with err) on
 * malformed encoding. Reaching d->end without an instruction is an error too. */
bool decode_instr(Decoder *d, Instr *ins, Error *err);
/* i-th target of a br_table decoded by decode_instr (0 <= i < ins->ntargets).
 * Rescans from the first target: O(i). To walk all targets use
 * decode_br_table_next, which is O(1) per target. */
uint32_t decode_br_table_target(const Module *m, const Instr *ins, uint32_t i);
/* Next br_table target: start with *pos = ins->targets_offset and call
 * ins->ntargets times; *pos advances past each label. */
uint32_t decode_br_table_next(const Module *m, size_t *pos);

/* Static facts about an opcode. For "simple" instructions (numeric ops,
 * conversions, loads, stores, ref.is_null excluded) the operand and result
 * types fully describe the typing rule, so the validator and the emitter can
 * treat them generically: pop nin operands of types in[], push nout of out. */
typedef struct OpInfo {
  const char *name;   /* "i32.add" */
  uint8_t simple;     /* 1: typing given by in/out below */
  uint8_t nin, nout;
  ValType in[3], out;
  uint8_t mem_size;   /* loads/stores: access size in bytes (natural alignment) */
} OpInfo;
/* NULL for an opcode that does not exist. */
const OpInfo *op_info(uint32_t op);

/* Human-readable name of an opcode, e.g. "i32.add", for messages. */
const char *opcode_name(uint32_t op);

/* LEB128 and other primitive readers over the module buffer, bounds-checked.
 * All return false with err set on malformed input. */
bool read_u32_leb(const uint8_t *p, size_t end, size_t *pos, uint32_t *out, Error *err);
bool read_s32_leb(const uint8_t *p, size_t end, size_t *pos, int32_t *out, Error *err);
bool read_s64_leb(const uint8_t *p, size_t end, size_t *pos, int64_t *out, Error *err);
bool read_s33_leb(const uint8_t *p, size_t end, size_t *pos, int64_t *out, Error *err);
bool read_u64_leb(const uint8_t *p, size_t end, size_t *pos, uint64_t *out, Error *err);

/* Fills err (offset and printf-style message) and returns false, so callers
 * can write `return decode_fail(err, at, "...")`. err->func is left alone. */
bool decode_fail(Error *err, size_t offset, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;
/* True for the binary encoding of a value type (number, vector or reference). */
bool is_valtype_byte(uint8_t b);

#endif
