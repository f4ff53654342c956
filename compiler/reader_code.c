/* reader_code.c - function bodies, constant expressions and custom sections.
 *
 * Bodies are only checked for structure here: every instruction decodes and
 * the body ends exactly with the `end` that closes the function. Typing is
 * the validator's job.
 */
#include <stdlib.h>
#include <string.h>

#include "reader.h"

/* ------------------------------------------------------ instruction runs */

static bool needs_data_count(uint32_t op) {
  return op == OP_MEMORY_INIT || op == OP_DATA_DROP;
}

/* Decodes instructions from d->pos until the `end` matching an implicit
 * outer block. Returns false with err set; on success d->pos is just past
 * that `end`. Nesting depth is bounded by the byte count, so no overflow. */
static bool skip_to_matching_end(Reader *r, Decoder *d, const char *missing_end_msg) {
  size_t depth = 1;
  Instr ins;
  while (depth > 0) {
    if (d->pos >= d->end) return reader_fail(r, d->end, missing_end_msg);
    if (!decode_instr(d, &ins, r->err)) return false;
    if (needs_data_count(ins.op) && !r->m->has_data_count)
      return reader_fail(r, ins.offset, "data count section required");
    if (ins.op == OP_BLOCK || ins.op == OP_LOOP || ins.op == OP_IF || ins.op == OP_TRY || ins.op == OP_TRY_TABLE)
      depth++;
    else if (ins.op == OP_END || ins.op == OP_DELEGATE) depth--;
  }
  return true;
}

bool read_const_expr(Reader *r, ConstExpr *out) {
  Decoder d = {.m = r->m, .pos = r->pos, .end = r->end};
  if (!skip_to_matching_end(r, &d, "unexpected end of section or function")) return false;
  out->offset = r->pos;
  out->len = d.pos - r->pos;
  r->pos = d.pos;
  return true;
}

/* ---------------------------------------------------------------- locals */

/* First pass over the local groups: the total, checked against the limits
 * before anything is allocated (the sum of u32 counts cannot overflow u64). */
static bool count_locals(Reader *r, uint32_t ngroups, uint32_t *total) {
  uint64_t sum = 0;
  for (uint32_t i = 0; i < ngroups; i++) {
    size_t at = r->pos;
    uint32_t n;
    ValType t;
    if (!read_u32_r(r, &n) || !read_valtype_r(r, &t)) return false;
    sum += n;
    if (sum > READER_MAX_LOCALS_PER_FUNC) return reader_fail(r, at, "too many locals");
  }
  if (r->total_locals + sum > READER_MAX_LOCALS_TOTAL)
    return reader_fail(r, r->pos, "too many locals in the module");
  r->total_locals += sum;
  *total = (uint32_t)sum;
  return true;
}

static bool read_locals(Reader *r, Func *f) {
  uint32_t ngroups;
  if (!read_count_r(r, &ngroups)) return false;
  size_t groups_start = r->pos;
  if (!count_locals(r, ngroups, &f->nlocals)) return false;
  if (!(f->locals = reader_alloc(r, f->nlocals, sizeof *f->locals))) return false;
  /* Second pass: the groups are known to be well formed now. */
  r->pos = groups_start;
  uint32_t filled = 0;
  for (uint32_t i = 0; i < ngroups; i++) {
    uint32_t n;
    ValType t;
    if (!read_u32_r(r, &n) || !read_valtype_r(r, &t)) return false;
    for (uint32_t k = 0; k < n; k++) f->locals[filled++] = t;
  }
  return true;
}

/* ----------------------------------------------------------------- bodies */

static bool read_body(Reader *r, uint32_t func_index) {
  Func *f = &r->m->funcs[func_index];
  size_t at = r->pos;
  uint32_t size;
  if (!read_u32_r(r, &size)) return false;
  if (size > r->end - r->pos) return reader_fail(r, at, "unexpected end of section or function");
  Reader body = *r;
  body.end = r->pos + size;
  r->err->func = func_index;
  if (!read_locals(&body, f)) return false;
  f->body_offset = body.pos;
  f->body_end = body.end;
  Decoder d = {.m = r->m, .pos = body.pos, .end = body.end};
  if (!skip_to_matching_end(&body, &d, "END opcode expected")) return false;
  /* The spec's decoder stops at the function's `end` and then finds the
   * declared size wrong, hence this wording for trailing bytes. */
  if (d.pos != d.end) return reader_fail(r, d.pos, "section size mismatch");
  r->err->func = -1;
  r->pos = body.end;
  r->total_locals = body.total_locals;
  return true;
}

bool read_code_section(Reader *r) {
  Module *m = r->m;
  size_t at = r->pos;
  uint32_t n;
  if (!read_count_r(r, &n)) return false;
  if (n != m->nfuncs - m->nimported_funcs)
    return reader_fail(r, at, "function and code section have inconsistent lengths");
  m->ncode = n;
  for (uint32_t i = 0; i < n; i++)
    if (!read_body(r, m->nimported_funcs + i)) return false;
  return true;
}

/* ---------------------------------------------------------- name section */

/* A name inside the name section: validated, not copied. */
static bool read_name_slice(Reader *r, const uint8_t **s, uint32_t *len) {
  if (!read_u32_r(r, len) || *len > r->end - r->pos) return false;
  *s = r->bytes + r->pos;
  r->pos += *len;
  return utf8_valid(*s, *len);
}

static bool replace_name(char **slot, const uint8_t *s, uint32_t len) {
  char *copy = malloc((size_t)len + 1);
  if (!copy) return false;
  memcpy(copy, s, len);
  copy[len] = 0;
  free(*slot);
  *slot = copy;
  return true;
}

static bool module_name_subsection(Reader *r, bool commit) {
  const uint8_t *s;
  uint32_t len;
  if (!read_name_slice(r, &s, &len)) return false;
  return !commit || replace_name(&r->m->module_name, s, len);
}

static bool function_names_subsection(Reader *r, bool commit) {
  Module *m = r->m;
  uint32_t n;
  if (!read_u32_r(r, &n)) return false;
  int64_t previous = -1;
  for (uint32_t i = 0; i < n; i++) {
    uint32_t index, len;
    const uint8_t *s;
    if (!read_u32_r(r, &index) || !read_name_slice(r, &s, &len)) return false;
    if ((int64_t)index <= previous || index >= m->nfuncs) return false;
    previous = index;
    if (commit && !replace_name(&m->funcs[index].debug_name, s, len)) return false;
  }
  return true;
}

/* One pass over the subsections. Run first without committing, so that a
 * malformed name section leaves the module untouched. */
static bool name_section_pass(Reader *r, bool commit) {
  int last_id = -1;
  while (r->pos < r->end) {
    uint8_t id;
    uint32_t size;
    if (!read_byte_r(r, &id) || !read_u32_r(r, &size) || size > r->end - r->pos) return false;
    if (id <= last_id) return false;
    last_id = id;
    Reader sub = *r;
    sub.end = r->pos + size;
    bool ok = id == 0   ? module_name_subsection(&sub, commit)
              : id == 1 ? function_names_subsection(&sub, commit)
                        : (sub.pos = sub.end, true); /* other name kinds are not used */
    if (!ok || sub.pos != sub.end) return false;
    r->pos = sub.end;
  }
  return true;
}

/* Custom sections never make a module malformed beyond their own name, so
 * errors in the name section only mean its names are dropped. */
static bool read_name_section(Reader *r) {
  Error scratch;
  Reader check = *r;
  check.err = &scratch;
  if (!name_section_pass(&check, false)) return true;
  Reader commit = check;
  commit.pos = r->pos;
  if (!name_section_pass(&commit, true)) return reader_fail(r, r->pos, "out of memory");
  return true;
}

bool read_custom_section(Reader *r) {
  char *name;
  uint32_t len;
  if (!read_name_r(r, &name, &len)) return false;
  bool is_name_section = len == 4 && memcmp(name, "name", 4) == 0;
  free(name);
  if (is_name_section && !read_name_section(r)) return false;
  r->pos = r->end;
  return true;
}
