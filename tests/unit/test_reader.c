/* test_reader.c - unit tests of the binary reader and instruction decoder,
 * on handwritten modules. Prints "N passed, N failed"; exit status 1 on any
 * failure. */
#include <stdio.h>
#include <string.h>

#include "decode.h"
#include "module.h"

typedef struct Tally {
  int passed, failed;
} Tally;

static void check(Tally *t, bool ok, const char *what) {
  if (ok) {
    t->passed++;
  } else {
    t->failed++;
    printf("FAIL: %s\n", what);
  }
}

#define HEADER 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00
/* type 0: [] -> [] */
#define TYPE_SECTION_VOID 0x01, 0x04, 0x01, 0x60, 0x00, 0x00
#define FUNC_SECTION_ONE 0x03, 0x02, 0x01, 0x00

/* Reads bytes; expects failure whose message contains `msg`, or success when
 * msg is NULL. */
static void expect_read(Tally *t, const uint8_t *bytes, size_t size, const char *msg, const char *what) {
  Module m;
  Error err = {.func = -1};
  bool ok = read_module(&m, "test.wasm", bytes, size, FEATURES_ALL, &err);
  bool as_expected = msg ? !ok && strstr(err.msg, msg) != NULL : ok;
  if (!as_expected) printf("  %s: got %s\n", what, ok ? "success" : err.msg);
  check(t, as_expected, what);
  module_free(&m);
}

#define EXPECT(t, msg, what, ...)                                   \
  do {                                                              \
    static const uint8_t bytes_[] = {__VA_ARGS__};                  \
    expect_read(t, bytes_, sizeof bytes_, msg, what);               \
  } while (0)

static void test_header(Tally *t) {
  EXPECT(t, NULL, "empty module", HEADER);
  EXPECT(t, "magic header not detected", "bad magic", 0x00, 0x61, 0x73, 0x6E, 1, 0, 0, 0);
  EXPECT(t, "unknown binary version", "bad version", 0x00, 0x61, 0x73, 0x6D, 2, 0, 0, 0);
  EXPECT(t, "unexpected end", "truncated header", 0x00, 0x61, 0x73);
  EXPECT(t, "malformed section id", "section id 14", HEADER, 0x0E, 0x00);
  EXPECT(t, NULL, "tag section with one tag", HEADER, TYPE_SECTION_VOID, 0x0D, 0x03, 0x01, 0x00, 0x00);
  EXPECT(t, "malformed tag attribute", "tag attribute 1", HEADER, TYPE_SECTION_VOID, 0x0D, 0x03, 0x01, 0x01, 0x00);
  EXPECT(t, "unknown type", "tag of type 1 with one type", HEADER, TYPE_SECTION_VOID, 0x0D, 0x03, 0x01, 0x00, 0x01);
  /* the tag section (13) goes between memory (5) and global (6) */
  EXPECT(t, "unexpected content after last section", "tag section after globals",
         HEADER, TYPE_SECTION_VOID, 0x06, 0x01, 0x00, 0x0D, 0x01, 0x00);
}

static void test_leb_in_module(Tally *t) {
  EXPECT(t, "unexpected end", "truncated LEB count", HEADER, 0x01, 0x01, 0x80);
  EXPECT(t, "integer representation too long", "six-byte u32",
         HEADER, TYPE_SECTION_VOID, 0x03, 0x07, 0x01, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00);
  EXPECT(t, "integer too large", "u32 with high bits in fifth byte",
         HEADER, TYPE_SECTION_VOID, 0x03, 0x06, 0x01, 0x80, 0x80, 0x80, 0x80, 0x10);
}

static void test_leb_values(Tally *t) {
  Error err;
  size_t pos = 0;
  int32_t s32 = 0;
  static const uint8_t minus_one[] = {0x7F};
  check(t, read_s32_leb(minus_one, 1, &pos, &s32, &err) && s32 == -1 && pos == 1, "s32 -1");
  static const uint8_t int_min[] = {0x80, 0x80, 0x80, 0x80, 0x78};
  pos = 0;
  check(t, read_s32_leb(int_min, 5, &pos, &s32, &err) && s32 == INT32_MIN, "s32 INT32_MIN");
  static const uint8_t bad_sign[] = {0x80, 0x80, 0x80, 0x80, 0x70};
  pos = 0;
  check(t, !read_s32_leb(bad_sign, 5, &pos, &s32, &err) && strstr(err.msg, "too large"),
        "s32 with inconsistent sign bits");
  static const uint8_t s64_min[] = {0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F};
  int64_t s64 = 0;
  pos = 0;
  check(t, read_s64_leb(s64_min, 10, &pos, &s64, &err) && s64 == INT64_MIN, "s64 INT64_MIN");
  static const uint8_t u32_max[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  uint32_t u32 = 0;
  pos = 0;
  check(t, read_u32_leb(u32_max, 5, &pos, &u32, &err) && u32 == UINT32_MAX, "u32 max");
  static const uint8_t s33_big[] = {0xFF, 0xFF, 0xFF, 0xFF, 0x0F};
  pos = 0;
  check(t, read_s33_leb(s33_big, 5, &pos, &s64, &err) && s64 == UINT32_MAX, "s33 2^32-1");
}

static void test_section_structure(Tally *t) {
  EXPECT(t, "unexpected content after last section", "function section after code",
         HEADER, TYPE_SECTION_VOID, 0x0A, 0x01, 0x00, FUNC_SECTION_ONE);
  EXPECT(t, "unexpected content after last section", "duplicate type section",
         HEADER, TYPE_SECTION_VOID, TYPE_SECTION_VOID);
  EXPECT(t, NULL, "data count between element and code",
         HEADER, 0x0C, 0x01, 0x00, 0x0A, 0x01, 0x00);
  EXPECT(t, "length out of bounds", "huge count, few bytes",
         HEADER, 0x01, 0x06, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x60);
  EXPECT(t, "section size mismatch", "section longer than its contents",
         HEADER, 0x01, 0x05, 0x01, 0x60, 0x00, 0x00, 0x00);
  EXPECT(t, "function and code section have inconsistent lengths", "function without body",
         HEADER, TYPE_SECTION_VOID, FUNC_SECTION_ONE);
  EXPECT(t, "unknown type", "function of type 1 with one type",
         HEADER, TYPE_SECTION_VOID, 0x03, 0x02, 0x01, 0x01);
  EXPECT(t, "malformed mutability", "global mutability 2",
         HEADER, 0x06, 0x06, 0x01, 0x7F, 0x02, 0x41, 0x00, 0x0B);
  EXPECT(t, "malformed import kind", "import kind 5", HEADER, 0x02, 0x05, 0x01, 0x00, 0x00, 0x05, 0x00);
  EXPECT(t, NULL, "import kind 4 (tag)", HEADER, TYPE_SECTION_VOID, 0x02, 0x06, 0x01, 0x00, 0x00, 0x04, 0x00, 0x00);
  EXPECT(t, "unknown type", "tag import of type 1", HEADER, TYPE_SECTION_VOID, 0x02, 0x06, 0x01, 0x00, 0x00, 0x04,
         0x00, 0x01);
  EXPECT(t, "malformed UTF-8 encoding", "export name with a lone continuation byte",
         HEADER, 0x07, 0x04, 0x01, 0x01, 0x80, 0x00);
}

static void test_bodies(Tally *t) {
  EXPECT(t, NULL, "empty body", HEADER, TYPE_SECTION_VOID, FUNC_SECTION_ONE,
         0x0A, 0x04, 0x01, 0x02, 0x00, 0x0B);
  EXPECT(t, "END opcode expected", "body without end", HEADER, TYPE_SECTION_VOID,
         FUNC_SECTION_ONE, 0x0A, 0x04, 0x01, 0x02, 0x00, 0x01);
  EXPECT(t, "section size mismatch", "bytes after the final end", HEADER, TYPE_SECTION_VOID,
         FUNC_SECTION_ONE, 0x0A, 0x05, 0x01, 0x03, 0x00, 0x0B, 0x01);
  /* i32.load's offset takes the final 0x0B: the next opcode would be read
   * past the body (a regression: read_byte once lost its bounds check). */
  EXPECT(t, "END opcode expected", "immediate eats the final end", HEADER, TYPE_SECTION_VOID,
         FUNC_SECTION_ONE, 0x0A, 0x06, 0x01, 0x04, 0x00, 0x28, 0x02, 0x0B);
  EXPECT(t, "too many locals", "locals beyond the limit", HEADER, TYPE_SECTION_VOID,
         FUNC_SECTION_ONE, 0x0A, 0x0A, 0x01, 0x08, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x7F, 0x0B);
  EXPECT(t, "data count section required", "data.drop without data count", HEADER,
         TYPE_SECTION_VOID, FUNC_SECTION_ONE, 0x0A, 0x07, 0x01, 0x05, 0x00, 0xFC, 0x09, 0x00, 0x0B);
  /* Wasm 3.0 (multi-memory): the byte is a memory index, which the validator checks. */
  EXPECT(t, NULL, "memory.size of memory 1", HEADER, TYPE_SECTION_VOID,
         FUNC_SECTION_ONE, 0x0A, 0x07, 0x01, 0x05, 0x00, 0x3F, 0x01, 0x1A, 0x0B);
  EXPECT(t, "integer representation too long", "memory.size with a 6-byte memory index", HEADER,
         TYPE_SECTION_VOID, FUNC_SECTION_ONE, 0x0A, 0x0C, 0x01, 0x0A, 0x00, 0x3F, 0x80, 0x80, 0x80, 0x80,
         0x80, 0x00, 0x1A, 0x0B);
  EXPECT(t, "illegal opcode", "opcode 0xFF", HEADER, TYPE_SECTION_VOID, FUNC_SECTION_ONE,
         0x0A, 0x05, 0x01, 0x03, 0x00, 0xFF, 0x0B);
}

/* One function with a local and a br_table, a name section naming it. */
static const uint8_t named_module[] = {
  HEADER, TYPE_SECTION_VOID, FUNC_SECTION_ONE,
  0x0A, 0x11, 0x01, 0x0F, 0x01, 0x02, 0x7F,          /* 2 locals i32 */
  0x02, 0x40, 0x41, 0x00, 0x0E, 0x02, 0x00, 0x81, 0x01, 0x00, 0x0B, 0x0B,
  /* custom "name": module "m", function 0 "f" */
  0x00, 0x0F, 0x04, 'n', 'a', 'm', 'e',
  0x00, 0x02, 0x01, 'm',
  0x01, 0x04, 0x01, 0x00, 0x01, 'f',
};

static void test_name_section(Tally *t) {
  Module m;
  Error err = {.func = -1};
  bool ok = read_module(&m, "t", named_module, sizeof named_module, FEATURES_ALL, &err);
  check(t, ok, "named module reads");
  check(t, ok && m.module_name && !strcmp(m.module_name, "m"), "module name");
  check(t, ok && m.funcs[0].debug_name && !strcmp(m.funcs[0].debug_name, "f"), "function name");
  check(t, ok && m.funcs[0].nlocals == 2 && m.funcs[0].locals[1] == VT_I32, "locals expanded");
  module_free(&m);

  /* Same module, the function-name subsection claims one byte too many. */
  uint8_t broken[sizeof named_module];
  memcpy(broken, named_module, sizeof broken);
  broken[sizeof broken - 5] = 0x05;
  ok = read_module(&m, "t", broken, sizeof broken, FEATURES_ALL, &err);
  check(t, ok && !m.funcs[0].debug_name && !m.module_name, "malformed name section ignored");
  module_free(&m);
}

static void test_decoder(Tally *t) {
  Module m;
  Error err = {.func = -1};
  if (!read_module(&m, "t", named_module, sizeof named_module, FEATURES_ALL, &err)) {
    check(t, false, "decoder module reads");
    return;
  }
  Decoder d = {.m = &m, .pos = m.funcs[0].body_offset, .end = m.funcs[0].body_end};
  Instr ins;
  bool ok = decode_instr(&d, &ins, &err) && ins.op == OP_BLOCK && ins.bt.kind == BT_EMPTY;
  ok = ok && decode_instr(&d, &ins, &err) && ins.op == OP_I32_CONST && ins.imm.i32 == 0;
  ok = ok && decode_instr(&d, &ins, &err) && ins.op == OP_BR_TABLE && ins.ntargets == 2;
  check(t, ok, "decode block, i32.const, br_table");
  check(t, ok && decode_br_table_target(&m, &ins, 1) == 129 && ins.idx == 0, "br_table targets");
  size_t pos = ins.targets_offset;
  check(t, ok && decode_br_table_next(&m, &pos) == 0 && decode_br_table_next(&m, &pos) == 129,
        "br_table sequential targets");
  module_free(&m);

  const OpInfo *add = op_info(0x6A);
  check(t, add && add->kind == OPK_SIMPLE && add->c && add->nin == 2 && add->in[1] == VT_I32 && add->out == VT_I32,
        "i32.add info");
  const OpInfo *store = op_info(0x3B);
  check(t, store && store->mem_size == 2 && store->nout == 0, "i32.store16 info");
  check(t, !op_info(0xFF) && !op_info(OP_PREFIX_FC + 18), "illegal opcodes have no info");
  check(t, !strcmp(opcode_name(OP_PREFIX_FC + 10), "memory.copy"), "memory.copy name");
  check(t, op_info(OP_REF_IS_NULL) && op_info(OP_REF_IS_NULL)->kind == OPK_SPECIAL, "ref.is_null not simple");
  const OpInfo *lane = op_info(OP_V128_LOAD16_LANE);
  check(t, lane && lane->kind == OPK_LOAD && lane->imm == IMM_MEMARG_LANE && lane->mem_size == 2 &&
        lane->lanes == 8 && lane->nin == 2 && lane->out == VT_V128, "v128.load16_lane info");
  check(t, OP_I32X4_RELAXED_DOT_I8X16_I7X16_ADD_S == OP_PREFIX_FD + 0x113 &&
        !strcmp(opcode_name(OP_PREFIX_FD + 0x113), "i32x4.relaxed_dot_i8x16_i7x16_add_s"), "relaxed dot");
  check(t, !op_info(OP_PREFIX_FD + 0x9A) && !op_info(OP_PREFIX_FD + 0x114), "SIMD gaps are illegal");
  const OpInfo *cas = op_info(OP_I64_ATOMIC_RMW32_CMPXCHG_U);
  check(t, OP_I64_ATOMIC_RMW32_CMPXCHG_U == OP_PREFIX_FE + 0x4E && cas && cas->kind == OPK_ATOMIC &&
        cas->nin == 3 && cas->in[2] == VT_I64 && cas->mem_size == 4 && cas->out == VT_I64, "i64.atomic.rmw32.cmpxchg_u info");
  check(t, !op_info(OP_PREFIX_FE + 0x04) && !op_info(OP_PREFIX_FE + 0x4F) && op_info(OP_ATOMIC_FENCE), "threads gaps are illegal");
}

/* SIMD immediates: decoded straight from bytes (no module structure needed). */
static void test_simd_decoding(Tally *t) {
  static const uint8_t code[] = {
    0xFD, 0x0C, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, /* v128.const */
    0xFD, 0x0D, 31, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 17,  /* i8x16.shuffle */
    0xFD, 0x55, 0x01, 0x10, 0x07,                                      /* v128.load16_lane 1 16 7 */
    0xFD, 0x96, 0x81, 0x00,     /* i16x8.min_s (0x96) as a three-byte subopcode */
    0xFD, 0x1B, 0x03,           /* i32x4.extract_lane 3 */
    0xFD, 0x80, 0x02,           /* i8x16.relaxed_swizzle (0x100) */
    0xFD, 0x9A, 0x01,           /* 0x9A: no such instruction */
  };
  Module m = {.bytes = code, .size = sizeof code};
  Decoder d = {.m = &m, .pos = 0, .end = sizeof code};
  Error err;
  Instr ins;
  bool ok = decode_instr(&d, &ins, &err) && ins.op == OP_V128_CONST && ins.imm.v128[0] == 1 &&
            ins.imm.v128[15] == 16;
  check(t, ok, "v128.const bytes");
  ok = decode_instr(&d, &ins, &err) && ins.op == OP_I8X16_SHUFFLE && ins.imm.v128[0] == 31 &&
       ins.imm.v128[15] == 17;
  check(t, ok, "i8x16.shuffle lanes");
  ok = decode_instr(&d, &ins, &err) && ins.op == OP_V128_LOAD16_LANE && ins.align == 1 &&
       ins.mem_offset == 16 && ins.lane == 7;
  check(t, ok, "v128.load16_lane memarg and lane");
  check(t, decode_instr(&d, &ins, &err) && ins.op == OP_I16X8_MIN_S, "overlong subopcode");
  check(t, decode_instr(&d, &ins, &err) && ins.op == OP_I32X4_EXTRACT_LANE && ins.lane == 3, "lane");
  check(t, decode_instr(&d, &ins, &err) && ins.op == OP_I8X16_RELAXED_SWIZZLE, "relaxed opcode");
  ok = !decode_instr(&d, &ins, &err) && strstr(err.msg, "illegal opcode 0xfd 0x9a") != NULL;
  check(t, ok, "illegal SIMD opcode named with its prefix");
}

static void test_segments(Tally *t) {
  /* table, then element segments in encodings 1 (passive indices), 5
   * (passive exprs, externref) and 7 (declarative exprs). */
  EXPECT(t, NULL, "element encodings 1, 5, 7", HEADER, 0x04, 0x04, 0x01, 0x70, 0x00, 0x00,
         0x09, 0x0D, 0x03, 0x01, 0x00, 0x00, 0x05, 0x6F, 0x01, 0xD0, 0x6F, 0x0B, 0x07, 0x70, 0x00);
  EXPECT(t, "malformed reference type", "element reftype 0x7F", HEADER,
         0x09, 0x04, 0x01, 0x05, 0x7F, 0x00);
  EXPECT(t, "data count and data section have inconsistent lengths", "data count 1, no data",
         HEADER, 0x0C, 0x01, 0x01);
  EXPECT(t, NULL, "table64 limits (flags 5, u64 max)", HEADER, 0x04, 0x09, 0x01, 0x70, 0x05, 0x00,
         0x80, 0x80, 0x80, 0x80, 0x10);
  EXPECT(t, NULL, "passive data segment", HEADER, 0x0C, 0x01, 0x01, 0x0B, 0x04, 0x01, 0x01, 0x01, 0x2A);
  /* threads: a memory's limits flags 2/3 (and 6/7 for memory64) make it
   * shared; a table is never shared; opcodes behind 0xFE decode */
  EXPECT(t, NULL, "shared memory (flags 3)", HEADER, 0x05, 0x04, 0x01, 0x03, 0x01, 0x02);
  EXPECT(t, NULL, "shared memory64 (flags 7)", HEADER, 0x05, 0x04, 0x01, 0x07, 0x01, 0x02);
  EXPECT(t, "integer too large", "shared table (flags 3)", HEADER, 0x04, 0x05, 0x01, 0x70, 0x03, 0x01, 0x02);
  EXPECT(t, "integer too large", "memory limits flags 8", HEADER, 0x05, 0x03, 0x01, 0x08, 0x01);
}

/* (ref null ht) and (ref ht): a type may name itself and earlier types, and
 * GC heap types are read. */
static void test_reference_types(Tally *t) {
  EXPECT(t, NULL, "type naming itself", HEADER, 0x01, 0x06, 0x01, 0x60, 0x01, 0x64, 0x00, 0x00);
  EXPECT(t, "unknown type 1", "type naming a later type", HEADER, 0x01, 0x06, 0x01, 0x60, 0x01, 0x63, 0x01, 0x00);
  EXPECT(t, NULL, "(ref func) and (ref null extern)", HEADER, 0x01, 0x08, 0x01, 0x60, 0x02, 0x64, 0x70, 0x63, 0x6F,
         0x00);
  EXPECT(t, NULL, "(ref any)", HEADER, 0x01, 0x06, 0x01, 0x60, 0x01, 0x64, 0x6E,
         0x00);
  /* a table of (ref func) with an init expression (ref.null func would not type-check, but reads) */
  EXPECT(t, NULL, "table with init expression", HEADER, 0x04, 0x08, 0x01, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01,
         0x0B);
}

/* Recursion groups (0x4E) and subtype declarations (0x50 sub, 0x4F sub
 * final): members of a group may name each other; struct and array types
 * (GC) are read, their fields' storage types packed or not. */
static void test_rec_groups(Tally *t) {
  EXPECT(t, NULL, "group of two naming each other", HEADER, 0x01, 0x0D, 0x01, 0x4E, 0x02, 0x60, 0x01, 0x63, 0x01,
         0x00, 0x60, 0x00, 0x01, 0x63, 0x00);
  EXPECT(t, "unknown type 1", "type naming the next group", HEADER, 0x01, 0x0B, 0x02, 0x4E, 0x01, 0x60, 0x01, 0x63,
         0x01, 0x00, 0x60, 0x00, 0x00);
  EXPECT(t, NULL, "sub and sub final with a supertype", HEADER, 0x01, 0x0C, 0x02, 0x50, 0x00, 0x60, 0x00, 0x00,
         0x4F, 0x01, 0x00, 0x60, 0x00, 0x00);
  EXPECT(t, "multiple supertypes", "two supertypes", HEADER, 0x01, 0x08, 0x01, 0x50, 0x02, 0x00, 0x00, 0x60, 0x00,
         0x00);
  EXPECT(t, "unknown type 5", "supertype out of range", HEADER, 0x01, 0x07, 0x01, 0x50, 0x01, 0x05, 0x60, 0x00,
         0x00);
  EXPECT(t, "malformed", "nested rec", HEADER, 0x01, 0x05, 0x01, 0x4E, 0x01, 0x4E, 0x00);
  EXPECT(t, NULL, "struct in a group", HEADER, 0x01, 0x08, 0x01, 0x4E, 0x02, 0x60, 0x00, 0x00, 0x5F, 0x00);
  EXPECT(t, NULL, "array under sub", HEADER, 0x01, 0x06, 0x01, 0x50, 0x00, 0x5E, 0x7F, 0x00);
  EXPECT(t, NULL, "struct of packed fields", HEADER, 0x01, 0x07, 0x01, 0x5F, 0x02, 0x78, 0x01, 0x77, 0x00);
  EXPECT(t, "malformed mutability", "field mutability 2", HEADER, 0x01, 0x04, 0x01, 0x5E, 0x7F, 0x02);
  EXPECT(t, "malformed value type", "packed type outside a field", HEADER, 0x01, 0x05, 0x01, 0x60, 0x01, 0x78,
         0x00);
  EXPECT(t, NULL, "empty group", HEADER, 0x01, 0x06, 0x02, 0x4E, 0x00, 0x60, 0x00, 0x00);
}

/* Equivalence is iso-recursive: equal groups give their members the same
 * canonical type; finality, supertypes and position in the group count. */
static void test_type_canon(Tally *t) {
  static const uint8_t bytes[] = {
      HEADER, 0x01, 0x22, 0x05,
      0x4E, 0x02, 0x60, 0x01, 0x63, 0x01, 0x00, 0x60, 0x00, 0x00, /* 0, 1: rec {(param (ref null 1)), []} */
      0x4E, 0x02, 0x60, 0x01, 0x63, 0x03, 0x00, 0x60, 0x00, 0x00, /* 2, 3: the same group */
      0x60, 0x00, 0x00,                                           /* 4: [] alone, final */
      0x50, 0x00, 0x60, 0x00, 0x00,                               /* 5: (sub (func)) */
      0x4F, 0x00, 0x60, 0x00, 0x00,                               /* 6: (sub final (func)) = 4 */
  };
  Module m;
  Error err = {.func = -1};
  bool ok = read_module(&m, "test.wasm", bytes, sizeof bytes, FEATURES_ALL, &err);
  if (!ok) printf("  canon module: %s\n", err.msg);
  check(t, ok && m.ntypes == 7 && m.ngroups == 5, "types and groups counted");
  if (ok && m.ntypes == 7) {
    check(t, type_equal(&m, 0, 2) && type_equal(&m, 1, 3), "equal groups, equal members");
    check(t, !type_equal(&m, 1, 4), "a member of a group is not the same type alone");
    check(t, !type_equal(&m, 4, 5) && type_equal(&m, 4, 6), "finality counts, explicit or not");
    check(t, !type_equal(&m, 0, 1), "positions in a group differ");
  }
  module_free(&m);
}

int main(void) {
  Tally t = {0, 0};
  test_header(&t);
  test_simd_decoding(&t);
  test_leb_in_module(&t);
  test_leb_values(&t);
  test_section_structure(&t);
  test_bodies(&t);
  test_name_section(&t);
  test_decoder(&t);
  test_segments(&t);
  test_rec_groups(&t);
  test_type_canon(&t);
  test_reference_types(&t);
  printf("%d passed, %d failed\n", t.passed, t.failed);
  return t.failed ? 1 : 0;
}
