/* reader_sections.c - the module sections except code and custom ones.
 *
 * Every vector count is checked against the bytes left in its section before
 * anything is allocated (read_count_r), so allocation stays proportional to
 * the input.
 */
#include <stdlib.h>
#include <string.h>

#include "reader.h"

/* ---------------------------------------------------------------- types */

static bool read_valtype_vec(Reader *r, uint32_t *n, ValType **out) {
  if (!read_count_r(r, n)) return false;
  if (!(*out = reader_alloc(r, *n, sizeof **out))) return false;
  for (uint32_t i = 0; i < *n; i++)
    if (!read_valtype_r(r, &(*out)[i])) return false;
  return true;
}

static bool read_func_type(Reader *r, FuncType *t) {
  size_t at = r->pos;
  uint8_t form;
  if (!read_flag_byte_r(r, &form)) return false;
  if (form == 0x4E || form == 0x4F || form == 0x50 || form == 0x5E || form == 0x5F)
    return decode_fail(r->err, at, "type form 0x%02x: garbage collection (rec, sub, struct and array "
                       "types) is not supported yet", form);
  if (form != 0x60) return reader_fail(r, at, "malformed function type");
  return read_valtype_vec(r, &t->nparams, &t->params) &&
         read_valtype_vec(r, &t->nresults, &t->results);
}

/* A value type of type `self` as its canonical key: a type index becomes
 * its type's canon, and a reference of the type to itself a marker, so that
 * types with equal keys are equal (iso-recursively) and vice versa. The
 * types a type names are earlier ones, whose canon is known already. */
static ValType canonical_key(const Module *m, uint32_t self, ValType t) {
  if (!valtype_has_index(t)) return t;
  uint32_t x = valtype_index(t);
  return valtype_typed_ref(x == self ? VT_MAX_TYPE_INDEX : m->types[x].canon, valtype_nullable(t));
}

static bool same_key(const Module *m, uint32_t a, uint32_t b) {
  const FuncType *ta = &m->types[a], *tb = &m->types[b];
  if (ta->nparams != tb->nparams || ta->nresults != tb->nresults) return false;
  for (uint32_t i = 0; i < ta->nparams; i++)
    if (canonical_key(m, a, ta->params[i]) != canonical_key(m, b, tb->params[i])) return false;
  for (uint32_t i = 0; i < ta->nresults; i++)
    if (canonical_key(m, a, ta->results[i]) != canonical_key(m, b, tb->results[i])) return false;
  return true;
}

static uint64_t hash_key(const Module *m, uint32_t a) {
  const FuncType *t = &m->types[a];
  uint64_t h = 1469598103934665603u ^ t->nparams;
  for (uint32_t i = 0; i < t->nparams; i++) h = (h ^ canonical_key(m, a, t->params[i])) * 1099511628211u;
  h = (h ^ 0xFF ^ t->nresults) * 1099511628211u;
  for (uint32_t i = 0; i < t->nresults; i++) h = (h ^ canonical_key(m, a, t->results[i])) * 1099511628211u;
  return h;
}

/* canon = index of the first equal type, found in a hash table of the
 * canonical types so far: linear time even for very many types. */
static bool canonicalise_types(Reader *r) {
  Module *m = r->m;
  size_t cap = 16;
  while (cap < 2 * (size_t)m->ntypes) cap *= 2;
  uint32_t *slots = reader_alloc(r, cap, sizeof *slots);
  if (!slots) return false;
  for (size_t i = 0; i < cap; i++) slots[i] = UINT32_MAX;
  for (uint32_t t = 0; t < m->ntypes; t++) {
    size_t at = (size_t)hash_key(m, t) & (cap - 1);
    while (slots[at] != UINT32_MAX && !same_key(m, slots[at], t)) at = (at + 1) & (cap - 1);
    if (slots[at] == UINT32_MAX) slots[at] = t;
    m->types[t].canon = slots[at];
  }
  free(slots);
  return true;
}

bool read_type_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  if (!read_count_r(r, &n)) return false;
  if (!(m->types = reader_alloc(r, n, sizeof *m->types))) return false;
  for (uint32_t i = 0; i < n; i++) {
    m->ntypes = i + 1; /* counted before reading so module_free sees partial entries */
    if (!read_func_type(r, &m->types[i])) return false;
  }
  m->ntypes = n;
  return canonicalise_types(r);
}

/* -------------------------------------------------------------- imports */

static bool read_type_index(Reader *r, uint32_t *out) {
  size_t at = r->pos;
  if (!read_u32_r(r, out)) return false;
  if (*out >= r->m->ntypes) return decode_fail(r->err, at, "unknown type %u", *out);
  return true;
}

/* A tag type: an attribute byte (0: exception, the only one) and the index
 * of a function type, whose parameters are the payload. */
static bool read_tag_type(Reader *r, uint32_t *type_index) {
  size_t at = r->pos;
  uint8_t attribute;
  if (!read_byte_r(r, &attribute)) return false;
  if (attribute != 0) return reader_fail(r, at, "malformed tag attribute (only 0, exception, exists)");
  return read_type_index(r, type_index);
}

static bool read_import_desc(Reader *r, Import *im) {
  size_t at = r->pos;
  if (!read_byte_r(r, &im->kind)) return false;
  switch (im->kind) {
    case EXT_FUNC: return read_type_index(r, &im->type_index);
    case EXT_TABLE: return read_table_type_r(r, &im->table);
    case EXT_MEMORY: return read_limits_r(r, &im->memory);
    case EXT_GLOBAL: return read_global_type_r(r, &im->global);
    case EXT_TAG: return read_tag_type(r, &im->type_index);
    default: return reader_fail(r, at, "malformed import kind");
  }
}

/* Imports open every index space; the definitions are appended later. */
static bool add_imports_to_index_spaces(Reader *r) {
  Module *m = r->m;
  uint32_t count[EXT_TAG + 1] = {0};
  for (uint32_t i = 0; i < m->nimports; i++) count[m->imports[i].kind]++;
  if (!(m->funcs = reader_alloc(r, count[EXT_FUNC], sizeof *m->funcs)) ||
      !(m->tables = reader_alloc(r, count[EXT_TABLE], sizeof *m->tables)) ||
      !(m->memories = reader_alloc(r, count[EXT_MEMORY], sizeof *m->memories)) ||
      !(m->globals = reader_alloc(r, count[EXT_GLOBAL], sizeof *m->globals)) ||
      !(m->tags = reader_alloc(r, count[EXT_TAG], sizeof *m->tags)))
    return false;
  for (uint32_t i = 0; i < m->nimports; i++) {
    const Import *im = &m->imports[i];
    switch (im->kind) {
      case EXT_FUNC: m->funcs[m->nfuncs++] = (Func){.type_index = im->type_index, .imported = true}; break;
      case EXT_TABLE: m->tables[m->ntables++] = (Table){.type = im->table, .imported = true}; break;
      case EXT_MEMORY: m->memories[m->nmemories++] = (Memory){.limits = im->memory, .imported = true}; break;
      case EXT_TAG: m->tags[m->ntags++] = (Tag){.type_index = im->type_index, .imported = true}; break;
      default: m->globals[m->nglobals++] = (Global){.type = im->global, .imported = true}; break;
    }
  }
  m->nimported_funcs = m->nfuncs;
  m->nimported_tables = m->ntables;
  m->nimported_memories = m->nmemories;
  m->nimported_globals = m->nglobals;
  m->nimported_tags = m->ntags;
  return true;
}

bool read_import_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  if (!read_count_r(r, &n)) return false;
  if (!(m->imports = reader_alloc(r, n, sizeof *m->imports))) return false;
  for (uint32_t i = 0; i < n; i++) {
    Import *im = &m->imports[i];
    m->nimports = i + 1;
    im->offset = r->pos;
    if (!read_name_r(r, &im->module, &im->module_len) || !read_name_r(r, &im->name, &im->name_len) ||
        !read_import_desc(r, im))
      return false;
  }
  return add_imports_to_index_spaces(r);
}

/* --------------------------------------------------- index-space growth */

/* Appends `extra` zeroed entries to an index space opened by the imports. */
static bool grow(Reader *r, void **array, uint32_t used, uint32_t extra, size_t elem_size) {
  size_t total = (size_t)used + extra;
  if (total > UINT32_MAX) return reader_fail(r, r->pos, "too many definitions");
  void *bigger = realloc(*array, (total ? total : 1) * elem_size);
  if (!bigger) return reader_fail(r, r->pos, "out of memory");
  memset((char *)bigger + used * elem_size, 0, extra * elem_size);
  *array = bigger;
  return true;
}

bool read_function_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  if (!read_count_r(r, &n) || !grow(r, (void **)&m->funcs, m->nfuncs, n, sizeof *m->funcs))
    return false;
  for (uint32_t i = 0; i < n; i++) {
    Func *f = &m->funcs[m->nfuncs];
    if (!read_type_index(r, &f->type_index)) return false;
    m->nfuncs++;
  }
  return true;
}

bool read_table_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  if (!read_count_r(r, &n) || !grow(r, (void **)&m->tables, m->ntables, n, sizeof *m->tables))
    return false;
  for (uint32_t i = 0; i < n; i++) {
    Table *t = &m->tables[m->ntables];
    /* 0x40 0x00: a table type and an expression that initialises every
     * element (typed references: the way to a table of non-null type) */
    if (r->pos + 1 < r->end && r->bytes[r->pos] == 0x40) {
      size_t at = r->pos + 1;
      r->pos += 2;
      if (r->bytes[at] != 0x00) return reader_fail(r, at, "malformed table: zero byte expected after 0x40");
      t->has_init = true;
    }
    if (!read_table_type_r(r, &t->type)) return false;
    if (t->has_init && !read_const_expr(r, &t->init)) return false;
    m->ntables++;
  }
  return true;
}

bool read_memory_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  if (!read_count_r(r, &n) ||
      !grow(r, (void **)&m->memories, m->nmemories, n, sizeof *m->memories))
    return false;
  for (uint32_t i = 0; i < n; i++) {
    if (!read_limits_r(r, &m->memories[m->nmemories].limits)) return false;
    m->nmemories++;
  }
  return true;
}

bool read_global_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  if (!read_count_r(r, &n) || !grow(r, (void **)&m->globals, m->nglobals, n, sizeof *m->globals))
    return false;
  for (uint32_t i = 0; i < n; i++) {
    Global *g = &m->globals[m->nglobals];
    if (!read_global_type_r(r, &g->type) || !read_const_expr(r, &g->init)) return false;
    m->nglobals++;
  }
  return true;
}

/* --------------------------------------------------- exports and start */

bool read_export_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  if (!read_count_r(r, &n)) return false;
  if (!(m->exports = reader_alloc(r, n, sizeof *m->exports))) return false;
  for (uint32_t i = 0; i < n; i++) {
    Export *e = &m->exports[i];
    m->nexports = i + 1;
    if (!read_name_r(r, &e->name, &e->name_len)) return false;
    size_t at = r->pos;
    if (!read_byte_r(r, &e->kind)) return false;
    if (e->kind > EXT_TAG) return reader_fail(r, at, "malformed export kind");
    if (!read_u32_r(r, &e->index)) return false;
  }
  return true;
}

bool read_tag_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  if (!read_count_r(r, &n) || !grow(r, (void **)&m->tags, m->ntags, n, sizeof *m->tags)) return false;
  for (uint32_t i = 0; i < n; i++) {
    Tag *t = &m->tags[m->ntags];
    if (!read_tag_type(r, &t->type_index)) return false;
    m->ntags++;
  }
  return true;
}

bool read_start_section(Reader *r) {
  r->m->has_start = true;
  return read_u32_r(r, &r->m->start);
}

/* ------------------------------------------------------ element segments */

/* Flag bits of an element segment (encodings 0-7). */
enum { ELEM_NOT_ACTIVE = 1, ELEM_EXPLICIT_TABLE_OR_DECLARATIVE = 2, ELEM_USES_EXPRS = 4 };

/* Segments of function indices hold (ref func) since typed references: no
 * index can be null. */
#define ELEM_FUNC_INDICES_TYPE (VT_FUNCREF | VT_NON_NULL)

/* The elemkind byte of the index encodings: only 0x00 (func) exists. */
static bool read_elem_kind(Reader *r, ValType *out) {
  size_t at = r->pos;
  uint8_t kind;
  if (!read_byte_r(r, &kind)) return false;
  if (kind != 0x00) return reader_fail(r, at, "malformed element kind");
  *out = ELEM_FUNC_INDICES_TYPE;
  return true;
}

static bool read_elem_items(Reader *r, ElemSegment *s, bool exprs) {
  if (!read_count_r(r, &s->count)) return false;
  if (exprs) {
    if (!(s->exprs = reader_alloc(r, s->count, sizeof *s->exprs))) return false;
    for (uint32_t i = 0; i < s->count; i++)
      if (!read_const_expr(r, &s->exprs[i])) return false;
    return true;
  }
  if (!(s->func_indices = reader_alloc(r, s->count, sizeof *s->func_indices))) return false;
  for (uint32_t i = 0; i < s->count; i++)
    if (!read_u32_r(r, &s->func_indices[i])) return false;
  return true;
}

static bool read_elem_segment(Reader *r, ElemSegment *s) {
  size_t at = r->pos;
  uint32_t flags;
  if (!read_u32_r(r, &flags)) return false;
  if (flags > 7) return reader_fail(r, at, "malformed elements segment kind");
  bool exprs = flags & ELEM_USES_EXPRS;
  bool bit1 = flags & ELEM_EXPLICIT_TABLE_OR_DECLARATIVE;
  s->type = exprs ? VT_FUNCREF : ELEM_FUNC_INDICES_TYPE;
  if (flags & ELEM_NOT_ACTIVE) {
    s->mode = bit1 ? SEG_DECLARATIVE : SEG_PASSIVE;
  } else {
    s->mode = SEG_ACTIVE;
    if (bit1 && !read_u32_r(r, &s->table_index)) return false;
    if (!read_const_expr(r, &s->offset)) return false;
  }
  /* Encodings 0 and 4 have neither elemkind nor reftype: funcref implied. */
  if ((flags & ELEM_NOT_ACTIVE) || bit1) {
    bool ok = exprs ? read_reftype_r(r, &s->type) : read_elem_kind(r, &s->type);
    if (!ok) return false;
  }
  return read_elem_items(r, s, exprs);
}

bool read_elem_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  if (!read_count_r(r, &n)) return false;
  if (!(m->elems = reader_alloc(r, n, sizeof *m->elems))) return false;
  for (uint32_t i = 0; i < n; i++) {
    m->nelems = i + 1;
    if (!read_elem_segment(r, &m->elems[i])) return false;
  }
  return true;
}

/* --------------------------------------------------------- data segments */

bool read_data_count_section(Reader *r) {
  r->m->has_data_count = true;
  return read_u32_r(r, &r->m->data_count);
}

static bool read_data_segment(Reader *r, DataSegment *s) {
  size_t at = r->pos;
  uint32_t flags;
  if (!read_u32_r(r, &flags)) return false;
  if (flags > 2) return reader_fail(r, at, "malformed data segment kind");
  s->mode = flags == 1 ? SEG_PASSIVE : SEG_ACTIVE;
  if (flags == 2 && !read_u32_r(r, &s->memory_index)) return false;
  if (flags != 1 && !read_const_expr(r, &s->offset)) return false;
  size_t len_at = r->pos;
  if (!read_u32_r(r, &s->len)) return false;
  if (s->len > r->end - r->pos) return reader_fail(r, len_at, "unexpected end of section or function");
  s->data_offset = r->pos;
  r->pos += s->len;
  return true;
}

bool read_data_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  if (!read_count_r(r, &n)) return false;
  if (!(m->datas = reader_alloc(r, n, sizeof *m->datas))) return false;
  for (uint32_t i = 0; i < n; i++) {
    m->ndatas = i + 1;
    if (!read_data_segment(r, &m->datas[i])) return false;
  }
  return true;
}
