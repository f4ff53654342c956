/* reader.h - internals shared by the files of the binary reader
 * (reader.c: framing, primitives; reader_sections.c: the module sections;
 * reader_code.c: function bodies, constant expressions, the name section).
 */
#ifndef WASMCC_READER_H
#define WASMCC_READER_H

#include "decode.h"
#include "module.h"

/* Per-function limit on declared locals (after the parameters). The spec
 * leaves it to the implementation; it bounds the expanded locals array. */
#define READER_MAX_LOCALS_PER_FUNC 1000000u
/* Module-wide limit on expanded locals, so that many tiny bodies each
 * declaring huge local counts cannot make the reader allocate without bound. */
#define READER_MAX_LOCALS_TOTAL 64000000u

/* Cursor over one section (or the whole file between sections). */
typedef struct Reader {
  Module *m;
  const uint8_t *bytes;
  size_t pos, end; /* end: one past the current section */
  bool in_section; /* false between sections, where running out reads differently */
  bool in_type_section; /* value types may name struct and array types (see refuse_gc_ref) */
  Error *err;
  uint64_t total_locals; /* across all bodies so far, see READER_MAX_LOCALS_TOTAL */
} Reader;

/* ---- primitives (reader.c); all return false with r->err set ---- */
bool reader_fail(Reader *r, size_t offset, const char *msg);
bool read_byte_r(Reader *r, uint8_t *out);
bool read_u32_r(Reader *r, uint32_t *out);
bool read_flag_byte_r(Reader *r, uint8_t *out);
/* A vector count. Every element takes at least one byte, so a count larger
 * than the rest of the section is rejected before anything is allocated. */
bool read_count_r(Reader *r, uint32_t *out);
/* A name: u32 length + UTF-8 bytes, copied NUL-terminated into *out. */
bool read_name_r(Reader *r, char **out, uint32_t *len);
bool read_valtype_r(Reader *r, ValType *out);
bool read_reftype_r(Reader *r, ValType *out);
/* is_memory: the shared flag (threads) is allowed. */
bool read_limits_r(Reader *r, Limits *out, bool is_memory);
bool read_table_type_r(Reader *r, TableType *out);
bool read_global_type_r(Reader *r, GlobalType *out);
bool utf8_valid(const uint8_t *s, size_t len);
/* calloc of n elements, with the error set on failure. */
void *reader_alloc(Reader *r, size_t n, size_t elem_size);

/* ---- sections (reader_sections.c) ---- */
bool read_type_section(Reader *r);
bool read_import_section(Reader *r);
bool read_function_section(Reader *r);
bool read_table_section(Reader *r);
bool read_memory_section(Reader *r);
bool read_global_section(Reader *r);
bool read_export_section(Reader *r);
bool read_start_section(Reader *r);
bool read_elem_section(Reader *r);
bool read_data_count_section(Reader *r);
bool read_data_section(Reader *r);
bool read_tag_section(Reader *r);

/* ---- code and custom sections (reader_code.c) ---- */
bool read_code_section(Reader *r);
bool read_const_expr(Reader *r, ConstExpr *out);
/* Custom sections: checks the name; parses "name" leniently. */
bool read_custom_section(Reader *r);

#endif
