/* decode.c - LEB128 readers and the streaming instruction decoder.
 *
 * Only the encoding is checked here (lengths of LEB128 numbers, known
 * opcodes, immediates present, reserved zero bytes). Whether an index is in
 * range or the operands type-check is the validator's business.
 */
#include "decode.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool decode_fail(Error *err, size_t offset, const char *fmt, ...) {
  err->offset = offset;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  va_end(ap);
  return false;
}

/* ---------------------------------------------------------------- LEB128 */

/* Reads an LEB128 number of at most `bits` bits. In the last byte a format
 * allows, the continuation bit must be clear ("too long") and the bits beyond
 * `bits` must be a proper zero (unsigned) or sign (signed) extension of the
 * value ("too large"). */
static bool read_leb(const uint8_t *p, size_t end, size_t *pos, unsigned bits, bool is_signed,
                     uint64_t *out, Error *err) {
  const unsigned max_bytes = (bits + 6) / 7;
  uint64_t result = 0;
  size_t at = *pos;
  for (unsigned i = 0; i < max_bytes; i++, at++) {
    if (at >= end) return decode_fail(err, at, "unexpected end");
    uint8_t byte = p[at];
    unsigned shift = 7 * i;
    result |= (uint64_t)(byte & 0x7F) << shift;
    bool last_allowed = i + 1 == max_bytes;
    if (last_allowed) {
      if (byte & 0x80) return decode_fail(err, at, "integer representation too long");
      unsigned used = bits - shift; /* value bits that live in this byte, 1..7 */
      if (used < 7) {
        uint8_t extra = (uint8_t)(byte & 0x7F) >> used;
        uint8_t all_ones = (uint8_t)(0x7F >> used);
        bool sign = is_signed && ((byte >> (used - 1)) & 1);
        if (extra != (sign ? all_ones : 0)) return decode_fail(err, at, "integer too large");
      }
    }
    if (!(byte & 0x80)) {
      if (is_signed && shift + 7 < 64 && (byte & 0x40)) result |= ~(uint64_t)0 << (shift + 7);
      *pos = at + 1;
      *out = result;
      return true;
    }
  }
  return decode_fail(err, at, "integer representation too long"); /* not reached */
}

bool read_u32_leb(const uint8_t *p, size_t end, size_t *pos, uint32_t *out, Error *err) {
  if (*pos < end && p[*pos] < 0x80) { /* one byte: most indices and counts */
    *out = p[(*pos)++];
    return true;
  }
  uint64_t v;
  if (!read_leb(p, end, pos, 32, false, &v, err)) return false;
  *out = (uint32_t)v;
  return true;
}

bool read_u64_leb(const uint8_t *p, size_t end, size_t *pos, uint64_t *out, Error *err) {
  return read_leb(p, end, pos, 64, false, out, err);
}

bool read_s32_leb(const uint8_t *p, size_t end, size_t *pos, int32_t *out, Error *err) {
  uint64_t v;
  if (!read_leb(p, end, pos, 32, true, &v, err)) return false;
  *out = (int32_t)(uint32_t)v; /* the sign extension already filled the top bits */
  return true;
}

bool read_s33_leb(const uint8_t *p, size_t end, size_t *pos, int64_t *out, Error *err) {
  uint64_t v;
  if (!read_leb(p, end, pos, 33, true, &v, err)) return false;
  *out = v >= (UINT64_C(1) << 63) ? -(int64_t)(~v) - 1 : (int64_t)v;
  return true;
}

bool read_s64_leb(const uint8_t *p, size_t end, size_t *pos, int64_t *out, Error *err) {
  uint64_t v;
  if (!read_leb(p, end, pos, 64, true, &v, err)) return false;
  *out = v >= (UINT64_C(1) << 63) ? -(int64_t)(~v) - 1 : (int64_t)v;
  return true;
}

/* ------------------------------------------------------- primitive reads */

/* *out is set even on failure: that keeps gcc's -Wmaybe-uninitialized quiet
 * in callers, which cannot see that decode_fail always returns false. */
static bool read_byte(Decoder *d, uint8_t *out, Error *err) {
  *out = 0;
  if (d->pos >= d->end) return decode_fail(err, d->pos, "unexpected end");
  *out = d->m->bytes[d->pos++];
  return true;
}

static bool read_u32(Decoder *d, uint32_t *out, Error *err) {
  return read_u32_leb(d->m->bytes, d->end, &d->pos, out, err);
}

static bool read_fixed(Decoder *d, void *out, size_t n, Error *err) {
  if (d->end - d->pos < n) return decode_fail(err, d->end, "unexpected end");
  memcpy(out, d->m->bytes + d->pos, n);
  d->pos += n;
  return true;
}

/* Little-endian fixed-width integer, independent of the host's byte order. */
static bool read_le(Decoder *d, unsigned n, uint64_t *out, Error *err) {
  uint8_t b[8];
  if (!read_fixed(d, b, n, err)) return false;
  uint64_t v = 0;
  for (unsigned i = n; i-- > 0;) v = v << 8 | b[i];
  *out = v;
  return true;
}

static bool is_abstract_heap_type(uint8_t b) { return valtype_is_ref(b); }

bool is_valtype_byte(uint8_t b) {
  return b == VT_I32 || b == VT_I64 || b == VT_F32 || b == VT_F64 || b == VT_V128 || is_abstract_heap_type(b);
}

static bool bad_valtype(Error *err, size_t at, uint8_t b) {
  const char *proposal = unsupported_valtype_proposal(b);
  if (proposal) return decode_fail(err, at, "value type 0x%02x: %s is not supported yet", b, proposal);
  return decode_fail(err, at, "malformed value type");
}

/* The heap type of (ref null? ht): an abstract one, or a type index below
 * ntypes (in the type section: the types of earlier recursion groups and
 * every member of the group being read). */
bool read_heap_type(const uint8_t *p, size_t end, size_t *pos, uint32_t ntypes, bool nullable, ValType *out,
                    Error *err) {
  size_t at = *pos;
  int64_t ht;
  if (!read_s33_leb(p, end, pos, &ht, err)) return false;
  if (ht >= 0) {
    if (ht >= ntypes) return decode_fail(err, at, "unknown type %lld", (long long)ht);
    if (ht >= VT_MAX_TYPE_INDEX) return decode_fail(err, at, "type index %lld: too many types", (long long)ht);
    *out = valtype_typed_ref((uint32_t)ht, nullable);
    return true;
  }
  uint8_t b = (uint8_t)(ht & 0x7F); /* one-byte abstract heap types are negative s33 */
  if (ht >= -64 && is_abstract_heap_type(b)) {
    *out = valtype_with_null(b, nullable);
    return true;
  }
  const char *proposal = ht >= -64 ? unsupported_valtype_proposal(b) : NULL;
  if (proposal) return decode_fail(err, at, "heap type 0x%02x: %s is not supported yet", b, proposal);
  return decode_fail(err, at, "malformed heap type");
}

bool read_valtype_after(uint8_t b, size_t at, const uint8_t *p, size_t end, size_t *pos, uint32_t ntypes,
                        bool refs_only, ValType *out, Error *err) {
  if (b == VT_REF_NULL_PREFIX || b == VT_REF_PREFIX)
    return read_heap_type(p, end, pos, ntypes, b == VT_REF_NULL_PREFIX, out, err);
  if (refs_only ? is_abstract_heap_type(b) : is_valtype_byte(b)) {
    *out = b;
    return true;
  }
  if (unsupported_valtype_proposal(b)) return bad_valtype(err, at, b);
  return decode_fail(err, at, refs_only ? "malformed reference type" : "malformed value type");
}

/* Outside the type section every type is known when a reference names it,
 * so its kind can say what it references (valtype_fix_kind). */
bool fix_ref_kind(const Module *m, ValType *t) {
  *t = valtype_fix_kind(m, *t);
  return true;
}

static bool read_valtype(Decoder *d, ValType *out, Error *err) {
  size_t at = d->pos;
  uint8_t b;
  if (!read_byte(d, &b, err)) return false;
  return read_valtype_after(b, at, d->m->bytes, d->end, &d->pos, d->m->ntypes, false, out, err) &&
         fix_ref_kind(d->m, out);
}

/* ----------------------------------------------------------- immediates */

static bool read_blocktype(Decoder *d, BlockType *bt, Error *err) {
  size_t at = d->pos;
  if (at >= d->end) return decode_fail(err, at, "unexpected end");
  uint8_t b = d->m->bytes[at];
  if (b == 0x40) {
    d->pos++;
    bt->kind = BT_EMPTY;
    return true;
  }
  if (is_valtype_byte(b) || b == VT_REF_NULL_PREFIX || b == VT_REF_PREFIX) {
    bt->kind = BT_VALUE;
    return read_valtype(d, &bt->value, err);
  }
  if (unsupported_valtype_proposal(b)) return bad_valtype(err, at, b);
  int64_t index;
  if (!read_s33_leb(d->m->bytes, d->end, &d->pos, &index, err)) return false;
  if (index < 0) return decode_fail(err, at, "malformed block type");
  bt->kind = BT_INDEX;
  bt->index = (uint32_t)index;
  return true;
}

/* Flag bit 6 of the alignment says a memory index follows (multi-memory).
 * The offset is a u64 for a 64-bit memory; for a 32-bit (or unknown, which
 * the validator reports) memory a larger offset stays malformed as in 2.0. */
static bool read_memarg(Decoder *d, Instr *ins, Error *err) {
  uint32_t offset;
  if (!read_u32(d, &ins->align, err)) return false;
  if (ins->align & 0x40) {
    ins->align &= ~0x40u;
    if (!read_u32(d, &ins->memidx, err)) return false;
  }
  if (ins->memidx < d->m->nmemories && d->m->memories[ins->memidx].limits.is64) {
    return read_u64_leb(d->m->bytes, d->end, &d->pos, &ins->mem_offset, err);
  }
  if (!read_u32(d, &offset, err)) return false;
  ins->mem_offset = offset;
  return true;
}

/* Checks every label now so that decode_br_table_target can trust the bytes.
 * Each label takes at least one byte, which bounds the count by the input. */
static bool read_br_table(Decoder *d, Instr *ins, Error *err) {
  size_t at = d->pos;
  if (!read_u32(d, &ins->ntargets, err)) return false;
  if (ins->ntargets > d->end - d->pos) return decode_fail(err, at, "unexpected end");
  ins->targets_offset = d->pos;
  for (uint32_t i = 0; i < ins->ntargets; i++) {
    uint32_t label;
    if (!read_u32(d, &label, err)) return false;
  }
  return read_u32(d, &ins->idx, err);
}

/* try_table: a block type and the catch clauses, checked now and read again
 * with decode_catch_next (kept in ntargets/targets_offset like br_table's). */
static bool read_try_table(Decoder *d, Instr *ins, Error *err) {
  if (!read_blocktype(d, &ins->bt, err)) return false;
  size_t at = d->pos;
  if (!read_u32(d, &ins->ntargets, err)) return false;
  if (ins->ntargets > d->end - d->pos) return decode_fail(err, at, "unexpected end");
  ins->targets_offset = d->pos;
  for (uint32_t i = 0; i < ins->ntargets; i++) {
    size_t kind_at = d->pos;
    uint8_t kind;
    uint32_t index;
    if (!read_byte(d, &kind, err)) return false;
    if (kind > CATCH_ALL_REF) return decode_fail(err, kind_at, "malformed catch clause 0x%02x", kind);
    if (kind <= CATCH_REF && !read_u32(d, &index, err)) return false;
    if (!read_u32(d, &index, err)) return false;
  }
  return true;
}

CatchClause decode_catch_next(const Module *m, size_t *pos) {
  CatchClause c = {0};
  Error ignored;
  c.kind = m->bytes[(*pos)++];
  if (c.kind <= CATCH_REF) (void)read_u32_leb(m->bytes, m->size, pos, &c.tag, &ignored);
  (void)read_u32_leb(m->bytes, m->size, pos, &c.label, &ignored);
  return c;
}

static bool read_select_types(Decoder *d, Instr *ins, Error *err) {
  size_t at = d->pos;
  if (!read_u32(d, &ins->nselect_types, err)) return false;
  if (ins->nselect_types > d->end - d->pos) return decode_fail(err, at, "unexpected end");
  for (uint32_t i = 0; i < ins->nselect_types; i++) {
    ValType t = VT_UNKNOWN;
    if (!read_valtype(d, &t, err)) return false;
    if (i == 0) ins->select_type = t;
  }
  return true;
}

/* br_on_cast(_fail): flags (bit 0: the operand type is nullable, bit 1:
 * the target type is), the label, then both heap types. */
static bool read_br_on_cast(Decoder *d, Instr *ins, Error *err) {
  size_t at = d->pos;
  uint8_t flags;
  if (!read_byte(d, &flags, err)) return false;
  if (flags > 3) return decode_fail(err, at, "malformed br_on_cast flags 0x%02x", flags);
  return read_u32(d, &ins->idx, err) &&
         read_heap_type(d->m->bytes, d->end, &d->pos, d->m->ntypes, flags & 1, &ins->ref_type, err) &&
         fix_ref_kind(d->m, &ins->ref_type) &&
         read_heap_type(d->m->bytes, d->end, &d->pos, d->m->ntypes, flags & 2, &ins->cast_type, err) &&
         fix_ref_kind(d->m, &ins->cast_type);
}

static bool read_lane(Decoder *d, Instr *ins, Error *err) {
  uint8_t lane;
  if (!read_byte(d, &lane, err)) return false;
  ins->lane = lane;
  return true;
}

/* A memory index: before multi-memory, a reserved byte that must be 0 (not
 * even a longer encoding of 0). */
static bool read_memory_index(Decoder *d, uint32_t *out, Error *err) {
  if (d->m->features & FEATURE_MULTI_MEMORY) return read_u32(d, out, err);
  size_t at = d->pos;
  uint8_t b;
  *out = 0;
  if (!read_byte(d, &b, err)) return false;
  return b == 0 || decode_fail(err, at, "zero byte expected");
}

/* The opcode, with its prefix and LEB128 subopcode folded (decode.h). */
static bool read_opcode(Decoder *d, Instr *ins, Error *err) {
  uint8_t byte;
  if (!read_byte(d, &byte, err)) return false;
  if (byte != 0xFB && byte != 0xFC && byte != 0xFD && byte != 0xFE) {
    ins->op = byte;
    if (op_info(byte)) return true;
    const char *proposal = unsupported_opcode_proposal(byte);
    if (proposal) return decode_fail(err, ins->offset, "opcode 0x%02x: %s is not supported yet", byte, proposal);
    return decode_fail(err, ins->offset, "illegal opcode 0x%02x", byte);
  }
  uint32_t sub;
  if (!read_u32(d, &sub, err)) return false;
  uint32_t room = byte == 0xFC   ? OP_PREFIX_FD - OP_PREFIX_FC
                  : byte == 0xFD ? OP_PREFIX_FE - OP_PREFIX_FD
                  : byte == 0xFE ? OP_PREFIX_FB - OP_PREFIX_FE
                                 : OP_MAX - OP_PREFIX_FB;
  ins->op = OP_FOLD(byte, sub);
  if (sub >= room || !op_info(ins->op)) {
    const char *what = byte == 0xFB ? unsupported_gc_opcode(sub) : NULL;
    if (what) return decode_fail(err, ins->offset, "opcode 0xfb 0x%x: %s is not supported yet", sub, what);
    return decode_fail(err, ins->offset, "illegal opcode 0x%02x 0x%x", byte, sub);
  }
  return true;
}

/* The immediates, as opcodes.def's IMM column says. */
static bool read_immediates(Decoder *d, Instr *ins, OpImm imm, Error *err) {
  const uint8_t *p = d->m->bytes;
  uint64_t bits = 0;
  switch (imm) {
    case IMM_NONE: return true;
    case IMM_BLOCK: return read_blocktype(d, &ins->bt, err);
    case IMM_INDEX: return read_u32(d, &ins->idx, err);
    case IMM_INDEX2: return read_u32(d, &ins->idx, err) && read_u32(d, &ins->idx2, err);
    case IMM_BR_TABLE: return read_br_table(d, ins, err);
    case IMM_TRY_TABLE: return read_try_table(d, ins, err);
    case IMM_SELECT_T: return read_select_types(d, ins, err);
    case IMM_HEAPTYPE: /* ref.null ht: always nullable */
      return read_heap_type(p, d->end, &d->pos, d->m->ntypes, true, &ins->ref_type, err) &&
             fix_ref_kind(d->m, &ins->ref_type);
    case IMM_BR_ON_CAST: return read_br_on_cast(d, ins, err);
    case IMM_I32: return read_s32_leb(p, d->end, &d->pos, &ins->imm.i32, err);
    case IMM_I64: return read_s64_leb(p, d->end, &d->pos, &ins->imm.i64, err);
    case IMM_F32:
      if (!read_le(d, 4, &bits, err)) return false;
      ins->imm.f32_bits = (uint32_t)bits;
      return true;
    case IMM_F64: return read_le(d, 8, &ins->imm.f64_bits, err);
    case IMM_V128: case IMM_SHUFFLE: return read_fixed(d, ins->imm.v128, 16, err);
    case IMM_MEMARG: return read_memarg(d, ins, err);
    case IMM_MEMARG_LANE: return read_memarg(d, ins, err) && read_lane(d, ins, err);
    case IMM_LANE: return read_lane(d, ins, err);
    case IMM_MEMORY: return read_memory_index(d, &ins->memidx, err);
    case IMM_MEMORY2: return read_memory_index(d, &ins->memidx, err) && read_memory_index(d, &ins->memidx2, err);
    case IMM_DATA_MEMORY: return read_u32(d, &ins->idx, err) && read_memory_index(d, &ins->memidx, err);
    case IMM_ZERO_BYTE: {
      size_t at = d->pos;
      uint8_t b;
      if (!read_byte(d, &b, err)) return false;
      return b == 0 || decode_fail(err, at, "zero byte expected");
    }
  }
  return decode_fail(err, ins->offset, "internal error: immediate kind %d", (int)imm);
}

bool decode_instr(Decoder *d, Instr *ins, Error *err) {
  memset(ins, 0, sizeof *ins);
  ins->offset = d->pos;
  if (!read_opcode(d, ins, err)) return false;
  return read_immediates(d, ins, (OpImm)op_info(ins->op)->imm, err);
}

uint32_t decode_br_table_target(const Module *m, const Instr *ins, uint32_t i) {
  size_t pos = ins->targets_offset;
  uint32_t label = 0;
  Error ignored;
  for (uint32_t k = 0; k <= i; k++)
    if (!read_u32_leb(m->bytes, m->size, &pos, &label, &ignored)) return 0;
  return label;
}

uint32_t decode_br_table_next(const Module *m, size_t *pos) {
  uint32_t label = 0;
  Error ignored;
  if (!read_u32_leb(m->bytes, m->size, pos, &label, &ignored)) return 0;
  return label;
}
