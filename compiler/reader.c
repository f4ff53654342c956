/* reader.c - the binary reader: header, section framing and order, shared
 * primitives (names, limits, types), and freeing the module.
 *
 * The reader rejects everything the spec calls malformed. Of the index-range
 * checks it does only the type index of functions (func_type() relies on it);
 * the rest are the validator's, and the reader never dereferences an index.
 */
#include "reader.h"

#include <stdlib.h>
#include <string.h>

enum {
  SEC_CUSTOM = 0, SEC_TYPE, SEC_IMPORT, SEC_FUNCTION, SEC_TABLE, SEC_MEMORY, SEC_GLOBAL,
  SEC_EXPORT, SEC_START, SEC_ELEM, SEC_CODE, SEC_DATA, SEC_DATA_COUNT, SEC_TAG, SEC_LAST = SEC_TAG
};

/* ------------------------------------------------------------ primitives */

bool reader_fail(Reader *r, size_t offset, const char *msg) {
  return decode_fail(r->err, offset, "%s", msg);
}

static bool fail_end(Reader *r) {
  const char *msg = r->in_section ? "unexpected end of section or function" : "unexpected end";
  return reader_fail(r, r->pos, msg);
}

void *reader_alloc(Reader *r, size_t n, size_t elem_size) {
  void *p = calloc(n ? n : 1, elem_size);
  if (!p) reader_fail(r, r->pos, "out of memory");
  return p;
}

bool read_byte_r(Reader *r, uint8_t *out) {
  *out = 0; /* defined on failure too, see read_byte in decode.c */
  if (r->pos >= r->end) return fail_end(r);
  *out = r->bytes[r->pos++];
  return true;
}

bool read_u32_r(Reader *r, uint32_t *out) {
  if (r->pos >= r->end) return fail_end(r);
  return read_u32_leb(r->bytes, r->end, &r->pos, out, r->err);
}

/* A limits bound: u32 for i32-indexed limits, u64 for i64-indexed ones. */
static bool read_bound_r(Reader *r, bool is64, uint64_t *out) {
  if (r->pos >= r->end) return fail_end(r);
  if (is64) return read_u64_leb(r->bytes, r->end, &r->pos, out, r->err);
  uint32_t v;
  if (!read_u32_leb(r->bytes, r->end, &r->pos, &v, r->err)) return false;
  *out = v;
  return true;
}

bool read_count_r(Reader *r, uint32_t *out) {
  size_t at = r->pos;
  if (!read_u32_r(r, out)) return false;
  if (*out > r->end - r->pos) return reader_fail(r, at, "length out of bounds");
  return true;
}

/* Code points are at most 4 bytes, no overlong forms, no surrogates,
 * nothing above U+10FFFF. */
bool utf8_valid(const uint8_t *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    uint8_t c = s[i];
    size_t n = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || n > len - i) return false;
    uint32_t cp = n == 1 ? c : n == 2 ? c & 0x1Fu : n == 3 ? c & 0x0Fu : c & 0x07u;
    for (size_t k = 1; k < n; k++) {
      if ((s[i + k] & 0xC0) != 0x80) return false;
      cp = cp << 6 | (s[i + k] & 0x3Fu);
    }
    static const uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < min_for_len[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return true;
}

bool read_name_r(Reader *r, char **out, uint32_t *len) {
  size_t at = r->pos;
  if (!read_u32_r(r, len)) return false;
  if (*len > r->end - r->pos) return reader_fail(r, at, "length out of bounds");
  const uint8_t *s = r->bytes + r->pos;
  if (!utf8_valid(s, *len)) return reader_fail(r, r->pos, "malformed UTF-8 encoding");
  char *copy = malloc((size_t)*len + 1);
  if (!copy) return reader_fail(r, at, "out of memory");
  memcpy(copy, s, *len);
  copy[*len] = 0;
  *out = copy;
  r->pos += *len;
  return true;
}

/* Through decode.c's reader of value types, which the instruction decoder
 * shares; the type index bound is the types read so far. */
static bool read_valtype_or_ref_r(Reader *r, bool refs_only, ValType *out) {
  size_t at = r->pos;
  uint8_t b;
  if (!read_byte_r(r, &b)) return false;
  return read_valtype_after(b, at, r->bytes, r->end, &r->pos, r->m->ntypes, refs_only, out, r->err) &&
         (r->in_type_section || fix_ref_kind(r->m, out));
}

bool read_valtype_r(Reader *r, ValType *out) { return read_valtype_or_ref_r(r, false, out); }

bool read_reftype_r(Reader *r, ValType *out) { return read_valtype_or_ref_r(r, true, out); }

/* A one-byte LEB128 field (limits flags, type form): the spec reports an
 * over-long encoding of it as such rather than as a bad value. */
bool read_flag_byte_r(Reader *r, uint8_t *out) {
  size_t at = r->pos;
  if (!read_byte_r(r, out)) return false;
  if (*out & 0x80) return reader_fail(r, at, "integer representation too long");
  return true;
}

/* Flags 0 (min) or 1 (min, max), 4 or 5 the same with an i64 index type
 * (memory64, table64: u64 bounds); bit 1 makes a memory shared (threads:
 * 2, 3, 6, 7; the validator requires its maximum). Tables are never shared. */
enum { LIMITS_HAS_MAX = 1, LIMITS_SHARED = 2, LIMITS_IS64 = 4 };
bool read_limits_r(Reader *r, Limits *out, bool is_memory) {
  size_t at = r->pos;
  uint8_t flags;
  uint64_t min, max = 0;
  if (!read_flag_byte_r(r, &flags)) return false;
  if (flags > 7 || ((flags & LIMITS_SHARED) && !is_memory)) return reader_fail(r, at, "integer too large");
  bool is64 = flags & LIMITS_IS64;
  if (!read_bound_r(r, is64, &min)) return false;
  if ((flags & LIMITS_HAS_MAX) && !read_bound_r(r, is64, &max)) return false;
  out->min = min;
  out->max = max;
  out->has_max = flags & LIMITS_HAS_MAX;
  out->is64 = is64;
  out->shared = (flags & LIMITS_SHARED) != 0;
  return true;
}

/* Element type, then limits: flags 4 and 5 make a 64-bit table (table64). */
bool read_table_type_r(Reader *r, TableType *out) {
  return read_reftype_r(r, &out->elem) && read_limits_r(r, &out->limits, false);
}

bool read_global_type_r(Reader *r, GlobalType *out) {
  if (!read_valtype_r(r, &out->type)) return false;
  size_t at = r->pos;
  uint8_t mut;
  if (!read_byte_r(r, &mut)) return false;
  if (mut > 1) return reader_fail(r, at, "malformed mutability");
  out->mutable_ = mut == 1;
  return true;
}

/* ---------------------------------------------------------- the sections */

/* Position of each known section id in the required order (the data count
 * section, id 12, sits between element and code; the tag section, id 13,
 * between memory and global). */
static int section_rank(uint8_t id) {
  static const int rank[SEC_LAST + 1] = {
    [SEC_TYPE] = 1, [SEC_IMPORT] = 2, [SEC_FUNCTION] = 3, [SEC_TABLE] = 4, [SEC_MEMORY] = 5,
    [SEC_TAG] = 6, [SEC_GLOBAL] = 7, [SEC_EXPORT] = 8, [SEC_START] = 9, [SEC_ELEM] = 10,
    [SEC_DATA_COUNT] = 11, [SEC_CODE] = 12, [SEC_DATA] = 13,
  };
  return rank[id];
}

static bool read_section_body(Reader *r, uint8_t id) {
  switch (id) {
    case SEC_CUSTOM: return read_custom_section(r);
    case SEC_TYPE: return read_type_section(r);
    case SEC_IMPORT: return read_import_section(r);
    case SEC_FUNCTION: return read_function_section(r);
    case SEC_TABLE: return read_table_section(r);
    case SEC_MEMORY: return read_memory_section(r);
    case SEC_GLOBAL: return read_global_section(r);
    case SEC_EXPORT: return read_export_section(r);
    case SEC_START: return read_start_section(r);
    case SEC_ELEM: return read_elem_section(r);
    case SEC_CODE: return read_code_section(r);
    case SEC_DATA: return read_data_section(r);
    case SEC_TAG: return read_tag_section(r);
    default: return read_data_count_section(r);
  }
}

/* One section: id, size, contents that must use exactly `size` bytes. */
static bool read_section(Reader *r, int *last_rank, bool *saw_code) {
  size_t start = r->pos;
  uint8_t id;
  uint32_t size;
  if (!read_byte_r(r, &id)) return false;
  if (id > SEC_LAST) return reader_fail(r, start, "malformed section id");
  size_t size_at = r->pos;
  if (!read_u32_r(r, &size)) return false;
  if (size > r->end - r->pos) return reader_fail(r, size_at, "length out of bounds");
  if (id != SEC_CUSTOM) {
    if (section_rank(id) <= *last_rank)
      return reader_fail(r, start, "unexpected content after last section");
    *last_rank = section_rank(id);
  }
  *saw_code |= id == SEC_CODE;
  Reader section = *r;
  section.end = r->pos + size;
  section.in_section = true;
  if (!read_section_body(&section, id)) return false;
  if (section.pos != section.end) return reader_fail(r, section.pos, "section size mismatch");
  r->pos = section.end;
  r->total_locals = section.total_locals;
  return true;
}

static bool read_header(Reader *r) {
  static const uint8_t magic[4] = {0x00, 'a', 's', 'm'};
  static const uint8_t version[4] = {0x01, 0x00, 0x00, 0x00};
  if (r->end < 4) return reader_fail(r, r->end, "unexpected end");
  if (memcmp(r->bytes, magic, 4) != 0) return reader_fail(r, 0, "magic header not detected");
  if (r->end < 8) return reader_fail(r, r->end, "unexpected end");
  if (memcmp(r->bytes + 4, version, 4) != 0) return reader_fail(r, 4, "unknown binary version");
  r->pos = 8;
  return true;
}

/* Cross-section consistency that only the whole module can show. */
static bool check_section_counts(Reader *r, bool saw_code) {
  const Module *m = r->m;
  uint32_t defined = m->nfuncs - m->nimported_funcs;
  if (defined != m->ncode || (defined > 0 && !saw_code))
    return reader_fail(r, r->pos, "function and code section have inconsistent lengths");
  if (m->has_data_count && m->data_count != m->ndatas)
    return reader_fail(r, r->pos, "data count and data section have inconsistent lengths");
  return true;
}

bool read_module(Module *m, const char *filename, const uint8_t *bytes, size_t size, uint32_t features,
                 Error *err) {
  memset(m, 0, sizeof *m);
  m->filename = filename;
  m->features = features;
  m->bytes = bytes;
  m->size = size;
  err->func = -1;
  Reader r = {.m = m, .bytes = bytes, .pos = 0, .end = size, .err = err};
  if (!read_header(&r)) return false;
  int last_rank = 0;
  bool saw_code = false;
  while (r.pos < r.end)
    if (!read_section(&r, &last_rank, &saw_code)) return false;
  return check_section_counts(&r, saw_code);
}

/* ------------------------------------------------------------ teardown */

static void free_types(Module *m) {
  for (uint32_t i = 0; i < m->ntypes; i++) {
    free(m->types[i].func.params);
    free(m->types[i].func.results);
    free(m->types[i].fields);
  }
  free(m->types);
  free(m->groups);
}

static void free_imports_exports(Module *m) {
  for (uint32_t i = 0; i < m->nimports; i++) {
    free(m->imports[i].module);
    free(m->imports[i].name);
  }
  free(m->imports);
  for (uint32_t i = 0; i < m->nexports; i++) free(m->exports[i].name);
  free(m->exports);
}

static void free_funcs(Module *m) {
  for (uint32_t i = 0; i < m->nfuncs; i++) {
    free(m->funcs[i].locals);
    free(m->funcs[i].debug_name);
  }
  free(m->funcs);
}

static void free_segments(Module *m) {
  for (uint32_t i = 0; i < m->nelems; i++) {
    free(m->elems[i].func_indices);
    free(m->elems[i].exprs);
  }
  free(m->elems);
  free(m->datas);
}

void module_free(Module *m) {
  free_types(m);
  free_imports_exports(m);
  free_funcs(m);
  free(m->tables);
  free(m->memories);
  free(m->globals);
  free(m->tags);
  free_segments(m);
  free(m->module_name);
  const char *filename = m->filename;
  memset(m, 0, sizeof *m);
  m->filename = filename;
}

/* ------------------------------------------------------------- helpers */

const FuncType *func_type(const Module *m, uint32_t func_index) {
  if (func_index >= m->nfuncs) return NULL;
  return type_func(m, m->funcs[func_index].type_index);
}

const FuncType *type_func(const Module *m, uint32_t t) {
  return t < m->ntypes && m->types[t].form == TYPE_FORM_FUNC ? &m->types[t].func : NULL;
}
