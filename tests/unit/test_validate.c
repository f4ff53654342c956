/* test_validate.c - unit tests of the validator's verdicts and messages.
 *
 * Each case is a tiny module assembled from section byte arrays, read with
 * read_module and checked with validate_module: valid or not, a fragment of
 * the message, the function index, and the offset of the offending
 * instruction relative to the start of that function's instructions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "module.h"

enum { SEC_START = 8, SEC_CODE = 10, MAX_SECTIONS = 6 };
enum { NO_FUNC = -1, ANY_OFFSET = -1 };

typedef struct Section {
  uint8_t id; /* SEC_CODE: bytes are ONE function body (locals + code), wrapped here */
  const uint8_t *bytes;
  size_t len;
} Section;

#define BYTES(...) (const uint8_t[]){__VA_ARGS__}, sizeof((const uint8_t[]){__VA_ARGS__})
#define SEC(id, ...) {id, BYTES(__VA_ARGS__)}
#define BODY(...) {SEC_CODE, BYTES(__VA_ARGS__)}

/* Frequent sections. */
#define TYPE_VOID SEC(1, 0x01, 0x60, 0x00, 0x00)       /* [] -> [] */
#define TYPE_RESULT_I32 SEC(1, 0x01, 0x60, 0x00, 0x01, 0x7F) /* [] -> [i32] */
#define ONE_FUNC SEC(3, 0x01, 0x00)
#define ONE_MEMORY SEC(5, 0x01, 0x00, 0x01)
#define TABLE64 SEC(4, 0x01, 0x70, 0x04, 0x01) /* (table i64 1 funcref) */

typedef struct Case {
  const char *name;
  Section sections[MAX_SECTIONS];
  const char *error; /* fragment of the expected message; NULL: module is valid */
  int64_t func;
  long instr_offset; /* from the function's first instruction */
} Case;

/* Typed function references: type 0 is [] -> [], type 1 names it. */
#define EXPORT_F SEC(7, 0x01, 0x01, 'f', 0x00, 0x00)
#define LOCAL_REF_FUNC 0x01, 0x01, 0x64, 0x70 /* one local of type (ref func) */

static const Case cases[] = {
  {"(ref 0) is a subtype of funcref",
   {SEC(1, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x64, 0x00, 0x01, 0x70), SEC(3, 0x01, 0x01),
    BODY(0x00, 0x20, 0x00, 0x0B)},
   NULL, 0, 0},
  {"funcref is not a subtype of (ref 0)",
   {SEC(1, 0x02, 0x60, 0x00, 0x00, 0x60, 0x01, 0x70, 0x01, 0x64, 0x00), SEC(3, 0x01, 0x01),
    BODY(0x00, 0x20, 0x00, 0x0B)},
   "type mismatch at end of function: expected [(ref 0)] but stack has [funcref]", 0, 2},
  {"references to structurally equal types match",
   {SEC(1, 0x03, 0x60, 0x00, 0x00, 0x60, 0x00, 0x00, 0x60, 0x01, 0x63, 0x00, 0x01, 0x63, 0x01),
    SEC(3, 0x01, 0x02), BODY(0x00, 0x20, 0x00, 0x0B)},
   NULL, 0, 0},
  {"non-nullable local read before set",
   {TYPE_VOID, ONE_FUNC, BODY(LOCAL_REF_FUNC, 0x20, 0x00, 0x1A, 0x0B)}, "uninitialized local 0", 0, 0},
  {"non-nullable local set inside a block is unset after it",
   {TYPE_VOID, ONE_FUNC, EXPORT_F,
    BODY(LOCAL_REF_FUNC, 0x02, 0x40, 0xD2, 0x00, 0x21, 0x00, 0x0B, 0x20, 0x00, 0x1A, 0x0B)},
   "uninitialized local 0", 0, 7},
  {"non-nullable local set then read",
   {TYPE_VOID, ONE_FUNC, EXPORT_F, BODY(LOCAL_REF_FUNC, 0xD2, 0x00, 0x21, 0x00, 0x20, 0x00, 0x1A, 0x0B)},
   NULL, 0, 0},
  {"valid constant result", {TYPE_RESULT_I32, ONE_FUNC, BODY(0x00, 0x41, 0x01, 0x0B)}, NULL, 0, 0},
  {"operand of the wrong type",
   {TYPE_RESULT_I32, ONE_FUNC,
    BODY(0x00, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0x01, 0x6A, 0x0B)},
   "type mismatch in i32.add: expected i32, found f64", 0, 11},
  {"missing function result", {TYPE_RESULT_I32, ONE_FUNC, BODY(0x00, 0x0B)},
   "type mismatch at end of function: expected [i32] but stack has []", 0, 0},
  {"extra value at end of block",
   {TYPE_VOID, ONE_FUNC, BODY(0x00, 0x02, 0x40, 0x41, 0x00, 0x0B, 0x0B)},
   "type mismatch at end of block: expected [] but stack has [i32]", 0, 4},
  {"unknown local", {TYPE_VOID, ONE_FUNC, BODY(0x00, 0x20, 0x05, 0x1A, 0x0B)}, "unknown local 5", 0, 0},
  {"function index counts imports",
   {TYPE_VOID, SEC(2, 0x01, 0x01, 'm', 0x01, 'f', 0x00, 0x00), ONE_FUNC, BODY(0x00, 0x6A, 0x0B)},
   "type mismatch in i32.add: expected i32 but the stack is empty", 1, 0},
  {"over-aligned load",
   {TYPE_VOID, ONE_FUNC, ONE_MEMORY, BODY(0x00, 0x41, 0x00, 0x28, 0x03, 0x00, 0x1A, 0x0B)},
   "alignment must not be larger than natural", 0, 2},
  {"load without memory", {TYPE_VOID, ONE_FUNC, BODY(0x00, 0x41, 0x00, 0x28, 0x02, 0x00, 0x1A, 0x0B)},
   "unknown memory 0", 0, 2},
  {"unreachable stack is polymorphic", {TYPE_RESULT_I32, ONE_FUNC, BODY(0x00, 0x00, 0x6A, 0x0B)},
   NULL, 0, 0},
  {"table64 of up to 2^64-1 elements",
   {SEC(4, 0x01, 0x70, 0x05, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01)},
   NULL, NO_FUNC, ANY_OFFSET},
  {"table.get of a table64 takes an i64 index",
   {TYPE_VOID, ONE_FUNC, TABLE64, BODY(0x00, 0x41, 0x00, 0x25, 0x00, 0x1A, 0x0B)},
   "type mismatch in table.get: expected i64, found i32", 0, 2},
  {"table.size of a table64 is i64",
   {TYPE_RESULT_I32, ONE_FUNC, TABLE64, BODY(0x00, 0xFC, 0x10, 0x00, 0x0B)},
   "type mismatch at end of function: expected [i32] but stack has [i64]", 0, 3},
  {"memory too large", {SEC(5, 0x01, 0x00, 0x81, 0x80, 0x04)},
   "memory size must be at most 65536 pages (4GiB)", NO_FUNC, ANY_OFFSET},
  {"start function with a parameter",
   {SEC(1, 0x01, 0x60, 0x01, 0x7F, 0x00), ONE_FUNC, SEC(SEC_START, 0x00), BODY(0x00, 0x0B)},
   "start function", 0, ANY_OFFSET},
  {"duplicate export",
   {TYPE_VOID, ONE_FUNC, SEC(7, 0x02, 0x01, 'a', 0x00, 0x00, 0x01, 'a', 0x00, 0x00), BODY(0x00, 0x0B)},
   "duplicate export name", NO_FUNC, ANY_OFFSET},
  {"undeclared ref.func", {TYPE_VOID, ONE_FUNC, BODY(0x00, 0xD2, 0x00, 0x1A, 0x0B)},
   "undeclared function reference", 0, 0},
  {"ref.func declared by an export",
   {TYPE_VOID, ONE_FUNC, SEC(7, 0x01, 0x01, 'f', 0x00, 0x00), BODY(0x00, 0xD2, 0x00, 0x1A, 0x0B)},
   NULL, 0, 0},
  {"global.set of an immutable global",
   {TYPE_VOID, ONE_FUNC, SEC(6, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x0B),
    BODY(0x00, 0x41, 0x01, 0x24, 0x00, 0x0B)},
   "global is immutable", 0, 2},
  {"if with a result but no else",
   {TYPE_RESULT_I32, ONE_FUNC, BODY(0x00, 0x41, 0x01, 0x04, 0x7F, 0x41, 0x02, 0x0B, 0x0B)},
   "type mismatch in if without else", 0, 6},
  {"br_table labels of different arity",
   {TYPE_VOID, ONE_FUNC,
    BODY(0x00, 0x02, 0x40, 0x02, 0x7F, 0x41, 0x00, 0x41, 0x00, 0x0E, 0x01, 0x00, 0x01, 0x0B, 0x0B, 0x0B)},
   "type mismatch in br_table", 0, 8},
  {"non-constant global initialiser", {SEC(6, 0x01, 0x7F, 0x00, 0x41, 0x00, 0x68, 0x0B)},
   "constant expression required", NO_FUNC, ANY_OFFSET},
  {"untyped select of references",
   {TYPE_VOID, ONE_FUNC, BODY(0x00, 0xD0, 0x70, 0xD0, 0x70, 0x41, 0x00, 0x1B, 0x1A, 0x0B)},
   "type mismatch in select", 0, 6},
  /* SIMD: v128.const 0 is 18 bytes, so an instruction after it is at 18. */
  {"i32x4.add of a v128 and an i32",
   {TYPE_VOID, ONE_FUNC, BODY(0x00, 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x41, 0x00, 0xFD, 0xAE, 0x01, 0x1A, 0x0B)},
   "type mismatch in i32x4.add: expected v128, found i32", 0, 20},
  {"extract_lane beyond the lanes",
   {TYPE_VOID, ONE_FUNC, BODY(0x00, 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFD, 0x1D, 0x02, 0x1A, 0x0B)},
   "invalid lane index 2 in i64x2.extract_lane (lanes 0-1)", 0, 18},
  {"shuffle lane 32",
   {TYPE_VOID, ONE_FUNC, BODY(0x00, 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFD, 0x0D, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 32,
                               0x1A, 0x0B)},
   "invalid lane index 32 in i8x16.shuffle", 0, 36},
  {"over-aligned store lane",
   {TYPE_VOID, ONE_FUNC, ONE_MEMORY, BODY(0x00, 0x41, 0x00, 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFD, 0x59, 0x02, 0x00, 0x00, 0x0B)},
   "alignment must not be larger than natural: v128.store16_lane", 0, 20},
  {"v128 load from memory 1 of 1", /* multi-memory memarg: flag 0x40, then the index */
   {TYPE_VOID, ONE_FUNC, ONE_MEMORY, BODY(0x00, 0x41, 0x00, 0xFD, 0x00, 0x44, 0x01, 0x00, 0x1A, 0x0B)},
   "unknown memory 1", 0, 2},
  /* Tail calls: the callee's results must be the caller's. */
  {"return_call of a function with other results",
   {SEC(1, 0x02, 0x60, 0x00, 0x01, 0x7F, 0x60, 0x00, 0x01, 0x7E),
    SEC(2, 0x01, 0x01, 'm', 0x01, 'f', 0x00, 0x01), ONE_FUNC, BODY(0x00, 0x12, 0x00, 0x0B)},
   "type mismatch in return_call: the callee returns [i64] but the function returns [i32]", 1, 0},
  {"code after return_call is unreachable",
   {TYPE_RESULT_I32, ONE_FUNC, BODY(0x00, 0x12, 0x00, 0x6A, 0x0B)}, NULL, 0, 0},
  {"return_call_indirect with other results",
   {SEC(1, 0x02, 0x60, 0x00, 0x01, 0x7F, 0x60, 0x00, 0x00), ONE_FUNC, SEC(4, 0x01, 0x70, 0x00, 0x01),
    BODY(0x00, 0x41, 0x00, 0x13, 0x01, 0x00, 0x0B)},
   "type mismatch in return_call_indirect: the callee returns [] but the function returns [i32]", 0, 2},
  {"return_call_indirect through an externref table",
   {TYPE_VOID, ONE_FUNC, SEC(4, 0x01, 0x6F, 0x00, 0x01), BODY(0x00, 0x41, 0x00, 0x13, 0x00, 0x00, 0x0B)},
   "type mismatch in return_call_indirect: table 0 holds externref, not funcref", 0, 2},
  {"v128.const global", {SEC(6, 0x01, 0x7B, 0x00, 0xFD, 0x0C, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x0B)}, NULL, NO_FUNC, ANY_OFFSET},
  /* Subtype declarations: 0x50 sub, 0x4F sub final, 0x4E rec. */
  {"supertype declared final", {SEC(1, 0x02, 0x60, 0x00, 0x00, 0x50, 0x01, 0x00, 0x60, 0x00, 0x00)},
   "sub type 1 has final super type 0", NO_FUNC, ANY_OFFSET},
  {"supertype later in the group",
   {SEC(1, 0x01, 0x4E, 0x02, 0x50, 0x01, 0x01, 0x60, 0x00, 0x00, 0x50, 0x00, 0x60, 0x00, 0x00)},
   "forward use of type 1 in sub type definition 0", NO_FUNC, ANY_OFFSET},
  {"subtype narrowing a parameter",
   {SEC(1, 0x02, 0x50, 0x00, 0x60, 0x01, 0x63, 0x00, 0x00, 0x50, 0x01, 0x00, 0x60, 0x01, 0x64, 0x00, 0x00)},
   "sub type 1 does not match super type 0", NO_FUNC, ANY_OFFSET},
  {"subtype widening a parameter",
   {SEC(1, 0x02, 0x50, 0x00, 0x60, 0x01, 0x64, 0x00, 0x00, 0x50, 0x01, 0x00, 0x60, 0x01, 0x63, 0x00, 0x00)},
   NULL, NO_FUNC, ANY_OFFSET},
  {"(ref 1) is a subtype of (ref null 0) when 1 declares 0 its supertype",
   {SEC(1, 0x03, 0x50, 0x00, 0x60, 0x00, 0x00, 0x50, 0x01, 0x00, 0x60, 0x00, 0x00, 0x60, 0x01, 0x64, 0x01, 0x01,
        0x63, 0x00),
    SEC(3, 0x01, 0x02), BODY(0x00, 0x20, 0x00, 0x0B)},
   NULL, 0, 0},
  {"a supertype is no subtype",
   {SEC(1, 0x03, 0x50, 0x00, 0x60, 0x00, 0x00, 0x50, 0x01, 0x00, 0x60, 0x00, 0x00, 0x60, 0x01, 0x64, 0x00, 0x01,
        0x63, 0x01),
    SEC(3, 0x01, 0x02), BODY(0x00, 0x20, 0x00, 0x0B)},
   "type mismatch at end of function: expected [(ref null 1)] but stack has [(ref 0)]", 0, 2},
};

/* ---------------------------------------------------------- byte buffer */

typedef struct Buffer {
  uint8_t *data;
  size_t len, cap;
  bool failed; /* out of memory: the case is reported as failed */
} Buffer;

static void put(Buffer *b, const uint8_t *p, size_t n) {
  if (b->failed) return;
  if (b->len + n > b->cap) {
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + n) cap *= 2;
    uint8_t *data = realloc(b->data, cap);
    if (!data) {
      b->failed = true;
      return;
    }
    b->data = data;
    b->cap = cap;
  }
  memcpy(b->data + b->len, p, n);
  b->len += n;
}

static void put_byte(Buffer *b, uint8_t byte) { put(b, &byte, 1); }

static void put_u32(Buffer *b, uint32_t v) {
  do {
    uint8_t byte = v & 0x7F;
    v >>= 7;
    put_byte(b, v ? byte | 0x80 : byte);
  } while (v);
}

static void put_section(Buffer *b, uint8_t id, const uint8_t *bytes, size_t len) {
  put_byte(b, id);
  if (id == SEC_CODE) { /* one body: count 1, body size, body */
    uint32_t size_len = len < 128 ? 1 : len < 16384 ? 2 : 3;
    put_u32(b, (uint32_t)(1 + size_len + len));
    put_byte(b, 1);
  }
  put_u32(b, (uint32_t)len);
  put(b, bytes, len);
}

static void put_header(Buffer *b) { put(b, (const uint8_t[]){0, 'a', 's', 'm', 1, 0, 0, 0}, 8); }

/* ------------------------------------------------------------- running */

/* Reads and validates; true when the outcome is the expected one. */
static bool check(const char *name, const Buffer *b, const char *error, int64_t func, long instr_offset) {
  if (b->failed) {
    printf("FAIL %s: out of memory building the module\n", name);
    return false;
  }
  Module m;
  Error err = {.func = -1};
  bool pass = false;
  if (!read_module(&m, name, b->data, b->len, FEATURES_ALL, &err)) {
    printf("FAIL %s: reader rejected the module: %s\n", name, err.msg);
  } else if (validate_module(&m, &err)) {
    pass = error == NULL;
    if (!pass) printf("FAIL %s: accepted, expected \"%s\"\n", name, error);
  } else if (!error) {
    printf("FAIL %s: rejected valid module: %s\n", name, err.msg);
  } else if (!strstr(err.msg, error)) {
    printf("FAIL %s: message \"%s\" lacks \"%s\"\n", name, err.msg, error);
  } else if (err.func != func) {
    printf("FAIL %s: function %lld, expected %lld\n", name, (long long)err.func, (long long)func);
  } else if (instr_offset != ANY_OFFSET &&
             err.offset != m.funcs[func].body_offset + (size_t)instr_offset) {
    printf("FAIL %s: offset 0x%zx, expected 0x%zx\n", name, err.offset,
           m.funcs[func].body_offset + (size_t)instr_offset);
  } else {
    pass = true;
  }
  module_free(&m);
  return pass;
}

static bool run_case(const Case *c) {
  Buffer b = {0};
  put_header(&b);
  for (int i = 0; i < MAX_SECTIONS && c->sections[i].bytes; i++)
    put_section(&b, c->sections[i].id, c->sections[i].bytes, c->sections[i].len);
  bool pass = check(c->name, &b, c->error, c->func, c->instr_offset);
  free(b.data);
  return pass;
}

/* Nesting beyond the validator's limit must be a clean error, not a crash
 * or an unbounded allocation. */
static bool run_deep_nesting(void) {
  enum { DEPTH = 100001 };
  Buffer body = {0}, b = {0};
  put_byte(&body, 0x00); /* no locals */
  for (int i = 0; i < DEPTH; i++) put(&body, (const uint8_t[]){0x02, 0x40}, 2);
  for (int i = 0; i <= DEPTH; i++) put_byte(&body, 0x0B);
  put_header(&b);
  put_section(&b, 1, (const uint8_t[]){0x01, 0x60, 0x00, 0x00}, 4);
  put_section(&b, 3, (const uint8_t[]){0x01, 0x00}, 2);
  if (!body.failed) put_section(&b, SEC_CODE, body.data, body.len);
  b.failed |= body.failed;
  bool pass = check("deep nesting", &b, "control nesting too deep", 0, ANY_OFFSET);
  free(body.data);
  free(b.data);
  return pass;
}

int main(void) {
  int passed = 0, failed = 0;
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    if (run_case(&cases[i])) passed++;
    else failed++;
  }
  if (run_deep_nesting()) passed++;
  else failed++;
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
