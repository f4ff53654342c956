/* decode.h - streaming decoder for instructions in a function body or const expr.
 *
 * Both the validator and the emitter walk bodies with this decoder; nothing is
 * materialised. The decoder checks encoding only (LEB128 bounds, known opcodes,
 * immediates present); typing is the validator's job.
 */
#ifndef WASMCC_DECODE_H
#define WASMCC_DECODE_H

#include "module.h"

/* Opcodes, one enumerator per row of opcodes.def. The value folds prefix and
 * code into one number (single-byte opcodes are their byte, prefixed ones
 * OP_PREFIX_xx + subopcode), so tables can be indexed by it directly. */
#define OP_FOLD(prefix, code)                                                                    \
  ((prefix) == 0 ? (code) : (prefix) == 0xFC ? OP_PREFIX_FC + (code)                                 \
                          : (prefix) == 0xFD ? OP_PREFIX_FD + (code)                                 \
                          : (prefix) == 0xFE ? OP_PREFIX_FE + (code) : OP_PREFIX_FB + (code))
enum {
  OP_PREFIX_FC = 0x100,
  OP_PREFIX_FD = 0x200, /* SIMD: subopcodes up to 0x1FF */
  OP_PREFIX_FE = 0x400, /* threads: subopcodes up to 0x7F */
  OP_PREFIX_FB = 0x480, /* GC: subopcodes up to 0x1F */
  OP_MAX = 0x4A0,
#define OP(ID, PREFIX, CODE, ...) OP_##ID = OP_FOLD(PREFIX, CODE),
#include "opcodes.def"
#undef OP
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
  uint32_t align;       /* memarg: align exponent */
  uint32_t memidx;      /* memarg, memory.size/grow/fill/init: memory index;
                           memory.copy: the destination's */
  uint32_t memidx2;     /* memory.copy: the source memory */
  uint64_t mem_offset;  /* memarg offset */
  union { int32_t i32; int64_t i64; uint32_t f32_bits; uint64_t f64_bits; uint8_t v128[16]; } imm;
  ValType ref_type;     /* ref.null: (ref null ht); br_on_cast(_fail): the operand's type */
  ValType cast_type;    /* br_on_cast(_fail): the type cast to */
  uint32_t nselect_types; ValType select_type; /* select t*: count (must be 1) and type */
  uint32_t lane;        /* SIMD lane immediate (shuffle lanes are in imm.v128) */
  /* br_table: targets are read with decode_br_table_target(); default in idx.
   * try_table: the catch clauses (decode_catch_next). */
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

/* A catch clause of try_table: which exceptions it catches (one tag, or
 * all) and whether the branch to `label` also carries the exnref. */
enum { CATCH_TAG = 0, CATCH_REF = 1, CATCH_ALL = 2, CATCH_ALL_REF = 3 };
typedef struct CatchClause {
  uint8_t kind;   /* CATCH_* */
  uint32_t tag;   /* CATCH_TAG, CATCH_REF */
  uint32_t label;
} CatchClause;
/* Next catch clause of a try_table decoded by decode_instr: start with
 * *pos = ins->targets_offset and call ins->ntargets times. */
CatchClause decode_catch_next(const Module *m, size_t *pos);

/* How the validator and emitter treat an instruction (opcodes.def, KIND). */
typedef enum OpKind {
  OPK_SPECIAL, /* typed and translated by its own code */
  OPK_SIMPLE,  /* pops in[0..nin), pushes out when nout */
  OPK_LOAD,    /* SIMPLE plus a memory access of mem_size bytes */
  OPK_STORE,
  OPK_ATOMIC,  /* SIMPLE plus an atomic access of mem_size bytes, whose
                  alignment immediate must be exactly natural (threads) */
} OpKind;

/* The immediates after an opcode (opcodes.def, IMM). */
typedef enum OpImm {
  IMM_NONE, IMM_BLOCK, IMM_INDEX, IMM_INDEX2, IMM_BR_TABLE, IMM_SELECT_T, IMM_HEAPTYPE, IMM_BR_ON_CAST,
  IMM_I32, IMM_I64, IMM_F32, IMM_F64, IMM_V128,
  IMM_MEMARG, IMM_MEMARG_LANE, IMM_LANE, IMM_SHUFFLE,
  IMM_MEMORY,      /* memory.size/grow/fill: a memory index, 0 */
  IMM_MEMORY2,     /* memory.copy: two memory indices */
  IMM_DATA_MEMORY, /* memory.init: data index, memory index */
  IMM_TRY_TABLE,   /* block type, then catch clauses (decode_catch_next) */
  IMM_ZERO_BYTE,   /* atomic.fence: a reserved byte, 0 */
} OpImm;

/* Static facts about an opcode: its row of opcodes.def. */
typedef struct OpInfo {
  const char *name;   /* "i32.add" */
  uint8_t kind;       /* OpKind */
  uint8_t imm;        /* OpImm */
  uint8_t nin, nout;
  ValType in[3], out;
  uint8_t mem_size;   /* loads/stores: access size in bytes (natural alignment) */
  uint8_t lanes;      /* lane immediates: number of lanes */
  const char *c;      /* C expression template, or NULL for the helper wcc_<name> */
} OpInfo;
/* NULL for an opcode that does not exist. */
/* The opcode table (opcodes.c); op_info is inline because every pass over
 * a body asks it about every instruction. */
extern const OpInfo op_table[OP_MAX];
static inline const OpInfo *op_info(uint32_t op) {
  return op < OP_MAX && op_table[op].name ? &op_table[op] : NULL;
}
/* Whether the generated code of op reads or writes memory bytes itself
 * through the function's base: loads, stores and atomic accesses, but not
 * memory.atomic.wait/notify (the runtime reads for them, checked). */
static inline bool op_accesses_memory(uint32_t op, const OpInfo *info) {
  return info && info->mem_size && op != OP_MEMORY_ATOMIC_NOTIFY && op != OP_MEMORY_ATOMIC_WAIT32 &&
         op != OP_MEMORY_ATOMIC_WAIT64;
}

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
/* True for a one-byte encoding of a value type (number, vector or reference). */
bool is_valtype_byte(uint8_t b);
/* The bytes that start (ref null ht) and (ref ht). */
enum { VT_REF_NULL_PREFIX = 0x63, VT_REF_PREFIX = 0x64 };
/* A value type whose first byte b (at offset at) was read already; the rest
 * at *pos. refs_only: only reference types. Type indices must be < ntypes.
 * Shared by the module reader and the instruction decoder. */
/* Gives a reference to a type index its kind (valtype_fix_kind); true. */
bool fix_ref_kind(const Module *m, ValType *t);
bool read_valtype_after(uint8_t b, size_t at, const uint8_t *p, size_t end, size_t *pos, uint32_t ntypes,
                        bool refs_only, ValType *out, Error *err);
/* A heap type (s33): func, extern or a type index < ntypes. */
bool read_heap_type(const uint8_t *p, size_t end, size_t *pos, uint32_t ntypes, bool nullable, ValType *out,
                    Error *err);
/* The Wasm 3.0 proposal a value type byte or opcode byte (or prefix) belongs
 * to when wasmcc does not support it yet, else NULL (opcodes.c). */
const char *unsupported_valtype_proposal(uint8_t b);
const char *unsupported_opcode_proposal(uint8_t byte);
/* The same for a GC (0xFB-prefixed) subopcode. */
const char *unsupported_gc_opcode(uint32_t sub);

#endif
