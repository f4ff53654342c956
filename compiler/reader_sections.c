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

/* A field type: a storage type (a value type, or packed i8 / i16) and a
 * mutability byte. */
static bool read_field_type(Reader *r, FieldType *f) {
  if (r->pos < r->end && (r->bytes[r->pos] == STORAGE_I8 || r->bytes[r->pos] == STORAGE_I16))
    f->storage = r->bytes[r->pos++];
  else if (!read_valtype_r(r, &f->storage))
    return false;
  size_t at = r->pos;
  uint8_t mut;
  if (!read_byte_r(r, &mut)) return false;
  if (mut > 1) return reader_fail(r, at, "malformed mutability");
  f->mutable_ = mut == 1;
  return true;
}

static bool read_fields(Reader *r, uint8_t form, TypeDef *t) {
  if (form == TYPE_FORM_ARRAY) t->nfields = 1;
  else if (!read_count_r(r, &t->nfields)) return false;
  if (!(t->fields = reader_alloc(r, t->nfields, sizeof *t->fields))) return false;
  for (uint32_t i = 0; i < t->nfields; i++)
    if (!read_field_type(r, &t->fields[i])) return false;
  return true;
}

/* The composite type of a subtype declaration, whose form byte is read. */
static bool read_comp_type(Reader *r, uint8_t form, size_t at, TypeDef *t) {
  if (form == TYPE_FORM_STRUCT || form == TYPE_FORM_ARRAY) {
    t->form = form;
    return read_fields(r, form, t);
  }
  if (form != TYPE_FORM_FUNC) return reader_fail(r, at, "malformed function type");
  t->form = TYPE_FORM_FUNC;
  return read_valtype_vec(r, &t->func.nparams, &t->func.params) &&
         read_valtype_vec(r, &t->func.nresults, &t->func.results);
}

/* `sub`'s supertypes: at most one (the spec's validation allows no more),
 * one of the types read so far or a member of the group being read; that it
 * comes before its subtype is the validator's check. */
static bool read_supertype(Reader *r, TypeDef *t) {
  size_t at = r->pos;
  uint32_t n;
  if (!read_count_r(r, &n)) return false;
  if (n > 1) return decode_fail(r->err, at, "multiple supertypes (%u)", n);
  if (n == 0) return true;
  at = r->pos;
  if (!read_u32_r(r, &t->super)) return false;
  if (t->super >= r->m->ntypes) return decode_fail(r->err, at, "unknown type %u", t->super);
  return true;
}

/* A subtype declaration whose first byte, `form`, is read: `sub` (0x50),
 * `sub final` (0x4F), or a composite type alone (final, no supertype). */
static bool read_sub_type(Reader *r, uint8_t form, size_t at, TypeDef *t) {
  t->offset = at;
  t->final = true;
  t->super = NO_SUPERTYPE;
  if (form == 0x50 || form == 0x4F) {
    t->final = form == 0x4F;
    if (!read_supertype(r, t)) return false;
    at = r->pos;
    if (!read_flag_byte_r(r, &form)) return false;
  }
  return read_comp_type(r, form, at, t);
}

/* Room for `more` types after the ones so far, zeroed. Group sizes are
 * checked against the bytes left (each type takes at least one), so the
 * array grows with the input; geometrically, since only each group's size
 * is known in advance. */
static bool reserve_types(Reader *r, size_t *cap, uint32_t more) {
  Module *m = r->m;
  size_t need = (size_t)m->ntypes + more;
  if (need <= *cap) return true;
  size_t new_cap = *cap ? *cap : 16;
  while (new_cap < need) new_cap *= 2;
  TypeDef *types = realloc(m->types, new_cap * sizeof *types);
  if (!types) return reader_fail(r, r->pos, "out of memory");
  memset(types + *cap, 0, (new_cap - *cap) * sizeof *types);
  m->types = types;
  *cap = new_cap;
  return true;
}

/* A recursion group: `rec` (0x4E) and its subtypes, or one subtype alone.
 * Its members count before they are read, so that they can name each other
 * (and module_free sees the partial entries). */
static bool read_rec_group(Reader *r, size_t *cap) {
  Module *m = r->m;
  size_t at = r->pos;
  uint8_t form;
  uint32_t count = 1;
  if (!read_flag_byte_r(r, &form)) return false;
  bool is_rec = form == 0x4E;
  if (is_rec) {
    if (!read_count_r(r, &count)) return false;
    if (count == 0) return true; /* `(rec)` defines nothing */
  }
  if ((uint64_t)m->ntypes + count > UINT32_MAX - 1) return reader_fail(r, at, "too many types");
  if (!reserve_types(r, cap, count)) return false;
  uint32_t first = m->ntypes;
  m->groups[m->ngroups++] = (RecGroup){first, count};
  m->ntypes = first + count;
  for (uint32_t i = 0; i < count; i++) {
    m->types[first + i].group = m->ngroups - 1;
    if (is_rec) {
      at = r->pos;
      if (!read_flag_byte_r(r, &form)) return false;
      if (form == 0x4E) return reader_fail(r, at, "malformed function type"); /* groups do not nest */
    }
    if (!read_sub_type(r, form, at, &m->types[first + i])) return false;
  }
  return true;
}

/* A reference inside a group may name a later member, whose form is known
 * only now: give every reference of the section its kind. */
static void fix_type_section_kinds(Module *m) {
  for (uint32_t i = 0; i < m->ntypes; i++) {
    TypeDef *t = &m->types[i];
    for (uint32_t k = 0; k < t->func.nparams; k++) t->func.params[k] = valtype_fix_kind(m, t->func.params[k]);
    for (uint32_t k = 0; k < t->func.nresults; k++) t->func.results[k] = valtype_fix_kind(m, t->func.results[k]);
    for (uint32_t k = 0; k < t->nfields; k++) t->fields[k].storage = valtype_fix_kind(m, t->fields[k].storage);
  }
}

bool read_type_section(Reader *r) {
  Module *m = r->m;
  uint32_t n;
  size_t cap = 0;
  if (!read_count_r(r, &n)) return false;
  if (!(m->groups = reader_alloc(r, n, sizeof *m->groups))) return false;
  r->in_type_section = true;
  for (uint32_t i = 0; i < n; i++)
    if (!read_rec_group(r, &cap)) return false;
  r->in_type_section = false;
  fix_type_section_kinds(m);
  if (!canonicalise_types(m)) return reader_fail(r, r->pos, "out of memory");
  return true;
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
    case EXT_MEMORY: return read_limits_r(r, &im->memory, true);
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
    if (!read_limits_r(r, &m->memories[m->nmemories].limits, true)) return false;
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
