/* validate.c - module-level validation: limits, index spaces, constant
 * expressions, segments, exports and the start function. Function bodies are
 * typed in validate_expr.c.
 *
 * The reader guarantees the structure (counts, encodings); everything that
 * depends on more than one section, or on the meaning of an index, is checked
 * here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "validate_internal.h"

enum {
  MAX_MEMORY_PAGES = 65536, /* 4 GiB of 64 KiB pages */
};
#define MAX_TABLE_SIZE UINT64_C(0xFFFFFFFF)

bool validation_failv(Error *err, size_t offset, int64_t func, const char *fmt, va_list ap) {
  err->offset = offset;
  err->func = func;
  vsnprintf(err->msg, sizeof err->msg, fmt, ap);
  return false;
}

bool validation_fail(Error *err, size_t offset, int64_t func, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  validation_failv(err, offset, func, fmt, ap);
  va_end(ap);
  return false;
}

const char *stack_type_name(ValType t) { return t == VT_UNKNOWN ? "any" : valtype_name(t); }

static void declare_func_ref(FuncRefSet *refs, uint32_t func_index) {
  if (func_index < refs->nfuncs) refs->bits[func_index / 8] |= (uint8_t)(1u << (func_index % 8));
}

/* ------------------------------------------------------------ limits */

#define MAX_MEMORY64_PAGES (UINT64_C(1) << 48)

static bool check_memory_limits(const Limits *l, size_t offset, Error *err) {
  if (l->is64) { /* the spec's bound for 64-bit memories: 2^48 pages */
    if (l->min > MAX_MEMORY64_PAGES || (l->has_max && l->max > MAX_MEMORY64_PAGES))
      return validation_fail(err, offset, -1, "memory size must be at most 2^48 pages");
  } else if (l->min > MAX_MEMORY_PAGES || (l->has_max && l->max > MAX_MEMORY_PAGES))
    return validation_fail(err, offset, -1, "memory size must be at most 65536 pages (4GiB)");
  if (l->has_max && l->min > l->max)
    return validation_fail(err, offset, -1, "size minimum must not be greater than maximum");
  /* A shared memory never moves, so it is reserved at its maximum. */
  if (l->shared && !l->has_max) return validation_fail(err, offset, -1, "shared memory must have maximum");
  return true;
}

/* The spec bounds a table's size by its index type: 2^32-1 elements, or for
 * a 64-bit table (table64) 2^64-1, which any u64 bound meets. */
static bool check_table_limits(const Limits *l, size_t offset, Error *err) {
  if (!l->is64 && (l->min > MAX_TABLE_SIZE || (l->has_max && l->max > MAX_TABLE_SIZE)))
    return validation_fail(err, offset, -1, "table size must be at most 2^32-1");
  if (l->has_max && l->min > l->max)
    return validation_fail(err, offset, -1, "size minimum must not be greater than maximum");
  return true;
}

/* ---------------------------------------------------- constant expressions */

/* A constant expression may read the globals visible to it: with extended
 * constants (Wasm 3.0) those defined before it, else only imported ones
 * (Wasm 2.0); segments see all of them. Only immutable globals are constant. */
static bool const_global_type(const Module *m, const Instr *ins, uint32_t nvisible, ValType *type,
                              Error *err) {
  bool extended = m->features & FEATURE_EXTENDED_CONST;
  if (!extended && nvisible > m->nimported_globals) nvisible = m->nimported_globals;
  if (ins->idx >= nvisible || ins->idx >= m->nglobals)
    return validation_fail(err, ins->offset, -1, "unknown global %u: a constant expression here sees %u "
                           "global%s%s", ins->idx, nvisible, nvisible == 1 ? "" : "s",
                           extended ? "" : " (only imported ones without extended constants)");
  if (m->globals[ins->idx].type.mutable_)
    return validation_fail(err, ins->offset, -1, "constant expression required: global %u is "
                           "mutable", ins->idx);
  *type = m->globals[ins->idx].type.type;
  return true;
}

/* The operand type of an extended-constant arithmetic instruction, or
 * VT_UNKNOWN if ins is not one. */
static ValType const_arith_type(const Module *m, const Instr *ins) {
  if (!(m->features & FEATURE_EXTENDED_CONST)) return VT_UNKNOWN;
  switch (ins->op) {
    case OP_I32_ADD: case OP_I32_SUB: case OP_I32_MUL: return VT_I32;
    case OP_I64_ADD: case OP_I64_SUB: case OP_I64_MUL: return VT_I64;
    default: return VT_UNKNOWN;
  }
}

/* Type of one operand-free instruction allowed in a constant expression. */
static bool const_operand_type(const Module *m, const Instr *ins, uint32_t nvisible, FuncRefSet *refs,
                               ValType *type, Error *err) {
  switch (ins->op) {
    case OP_I32_CONST: *type = VT_I32; return true;
    case OP_I64_CONST: *type = VT_I64; return true;
    case OP_F32_CONST: *type = VT_F32; return true;
    case OP_F64_CONST: *type = VT_F64; return true;
    case OP_V128_CONST: *type = VT_V128; return true;
    case OP_REF_NULL: *type = ins->ref_type; return true;
    case OP_REF_FUNC:
      if (ins->idx >= m->nfuncs) return validation_fail(err, ins->offset, -1, "unknown function %u", ins->idx);
      declare_func_ref(refs, ins->idx);
      *type = valtype_typed_ref(m->funcs[ins->idx].type_index, false); /* (ref $t) */
      return true;
    case OP_GLOBAL_GET: return const_global_type(m, ins, nvisible, type, err);
    default:
      return validation_fail(err, ins->offset, -1, "constant expression required: %s is not "
                             "constant", opcode_name(ins->op));
  }
}

/* GC instructions allowed in constant expressions: they pop operands. */
static bool is_const_gc_op(uint32_t op) {
  switch (op) {
    case OP_REF_I31: case OP_ANY_CONVERT_EXTERN: case OP_EXTERN_CONVERT_ANY: case OP_STRUCT_NEW:
    case OP_STRUCT_NEW_DEFAULT: case OP_ARRAY_NEW: case OP_ARRAY_NEW_DEFAULT: case OP_ARRAY_NEW_FIXED:
      return true;
    default: return false;
  }
}

static bool const_pop(const Module *m, const Instr *ins, ValType *stack, uint32_t *n, ValType want, Error *err) {
  if (*n > 0 && valtype_sub(m, stack[*n - 1], want)) {
    (*n)--;
    return true;
  }
  return validation_fail(err, ins->offset, -1, "type mismatch: %s expects %s in a constant expression",
                         opcode_name(ins->op), stack_type_name(want));
}

static ValType field_value_type(ValType storage) {
  return storage == STORAGE_I8 || storage == STORAGE_I16 ? VT_I32 : storage;
}

/* Pops the GC instruction's operands; *out is its result's type. */
static bool const_gc_operands(const Module *m, const Instr *ins, ValType *stack, uint32_t *n, ValType *out,
                              Error *err) {
  const TypeDef *t = ins->idx < m->ntypes ? &m->types[ins->idx] : NULL;
  uint8_t form = ins->op == OP_STRUCT_NEW || ins->op == OP_STRUCT_NEW_DEFAULT ? TYPE_FORM_STRUCT : TYPE_FORM_ARRAY;
  switch (ins->op) {
    case OP_REF_I31: *out = VT_I31REF | VT_NON_NULL; return const_pop(m, ins, stack, n, VT_I32, err);
    case OP_ANY_CONVERT_EXTERN: case OP_EXTERN_CONVERT_ANY: {
      bool to_any = ins->op == OP_ANY_CONVERT_EXTERN;
      bool nullable = *n == 0 || valtype_nullable(stack[*n - 1]);
      *out = valtype_with_null(to_any ? VT_ANYREF : VT_EXTERNREF, nullable);
      return const_pop(m, ins, stack, n, to_any ? VT_EXTERNREF : VT_ANYREF, err);
    }
    default: break;
  }
  if (!t || t->form != form) return validation_fail(err, ins->offset, -1, "%s: type %u is no %s type",
                                                    opcode_name(ins->op), ins->idx,
                                                    form == TYPE_FORM_STRUCT ? "struct" : "array");
  *out = valtype_type_ref(m, ins->idx, false);
  ValType elem = field_value_type(t->fields[0].storage);
  switch (ins->op) {
    case OP_STRUCT_NEW:
      for (uint32_t i = t->nfields; i-- > 0;)
        if (!const_pop(m, ins, stack, n, field_value_type(t->fields[i].storage), err)) return false;
      return true;
    case OP_ARRAY_NEW: return const_pop(m, ins, stack, n, VT_I32, err) && const_pop(m, ins, stack, n, elem, err);
    case OP_ARRAY_NEW_DEFAULT: return const_pop(m, ins, stack, n, VT_I32, err);
    case OP_ARRAY_NEW_FIXED:
      for (uint32_t i = 0; i < ins->idx2; i++)
        if (!const_pop(m, ins, stack, n, elem, err)) return false;
      return true;
    default: return true; /* struct.new_default */
  }
}

static bool const_gc_op(const Module *m, const Instr *ins, ValType **stack, uint32_t *n, uint32_t *cap,
                        Error *err) {
  ValType out = VT_UNKNOWN;
  if (!const_gc_operands(m, ins, *stack, n, &out, err)) return false;
  if (*n == *cap) {
    ValType *grown = realloc(*stack, (*cap = *cap ? 2 * *cap : 8) * sizeof **stack);
    if (!grown) return validation_fail(err, ins->offset, -1, "out of memory");
    *stack = grown;
  }
  (*stack)[(*n)++] = out;
  return true;
}

/* Types the expression as a stack machine; it must leave exactly one value,
 * of type `want`. The stack grows with the expression (no fixed depth). */
static bool validate_const_expr(const Module *m, ConstExpr e, ValType want, uint32_t nvisible,
                                FuncRefSet *refs, Error *err) {
  if (e.offset > m->size || e.len > m->size - e.offset)
    return validation_fail(err, e.offset, -1, "constant expression outside the module");
  Decoder d = {.m = m, .pos = e.offset, .end = e.offset + e.len};
  ValType *stack = NULL;
  uint32_t n = 0, cap = 0;
  bool ok = true;
  for (;;) {
    Instr ins;
    if (!(ok = decode_instr(&d, &ins, err)) || ins.op == OP_END) break;
    ValType t = const_arith_type(m, &ins);
    if (is_const_gc_op(ins.op)) {
      if (!(ok = const_gc_op(m, &ins, &stack, &n, &cap, err))) break;
      continue;
    }
    if (t != VT_UNKNOWN) {
      if (n < 2 || stack[n - 1] != t || stack[n - 2] != t) {
        ok = validation_fail(err, ins.offset, -1, "type mismatch: %s expects [%s %s] in a constant "
                             "expression", opcode_name(ins.op), valtype_name(t), valtype_name(t));
        break;
      }
      n--;
      continue;
    }
    if (!(ok = const_operand_type(m, &ins, nvisible, refs, &t, err))) break;
    if (n == cap) {
      ValType *grown = realloc(stack, (cap = cap ? 2 * cap : 8) * sizeof *stack);
      if (!grown) {
        ok = validation_fail(err, ins.offset, -1, "out of memory");
        break;
      }
      stack = grown;
    }
    stack[n++] = t;
  }
  ValType top = n ? stack[n - 1] : VT_UNKNOWN;
  free(stack);
  if (!ok) return false;
  if (d.pos != d.end)
    return validation_fail(err, d.pos, -1, "instructions after the end of a constant expression");
  if (n == 1 && valtype_sub(m, top, want)) return true;
  const char *wanted = stack_type_name(want);
  if (n == 0)
    return validation_fail(err, e.offset, -1, "type mismatch in constant expression: expected "
                           "[%s] but it produces []", wanted);
  if (n == 1)
    return validation_fail(err, e.offset, -1, "type mismatch in constant expression: expected "
                           "[%s] but it produces [%s]", wanted, stack_type_name(top));
  return validation_fail(err, e.offset, -1, "type mismatch in constant expression: expected "
                         "[%s] but it produces %u values", wanted, n);
}

/* --------------------------------------------------------------- types */

/* Function type a matches b: contravariant parameters, covariant results. */
static bool func_type_matches(const Module *m, const FuncType *a, const FuncType *b) {
  if (a->nparams != b->nparams || a->nresults != b->nresults) return false;
  for (uint32_t i = 0; i < a->nparams; i++)
    if (!valtype_sub(m, b->params[i], a->params[i])) return false;
  for (uint32_t i = 0; i < a->nresults; i++)
    if (!valtype_sub(m, a->results[i], b->results[i])) return false;
  return true;
}

/* Field a matches b: the same mutability; an immutable field's storage type
 * covariant, a mutable one's invariant (writes go through the supertype
 * too). Packed types (not references) match only themselves. */
static bool field_type_matches(const Module *m, const FieldType *a, const FieldType *b) {
  if (a->mutable_ != b->mutable_ || !valtype_sub(m, a->storage, b->storage)) return false;
  return !a->mutable_ || valtype_sub(m, b->storage, a->storage);
}

/* Struct or array a matches b: a has at least b's fields (width), each
 * matching b's (depth). An array has one field. */
static bool fields_match(const Module *m, const TypeDef *a, const TypeDef *b) {
  if (a->nfields < b->nfields) return false;
  for (uint32_t i = 0; i < b->nfields; i++)
    if (!field_type_matches(m, &a->fields[i], &b->fields[i])) return false;
  return true;
}

static bool comp_type_matches(const Module *m, const TypeDef *a, const TypeDef *b) {
  if (a->form != b->form) return false;
  return a->form == TYPE_FORM_FUNC ? func_type_matches(m, &a->func, &b->func) : fields_match(m, a, b);
}

/* A declared supertype comes before its subtype (so chains of supertypes
 * end), is not final, and the subtype's composite type matches it. The
 * reader has checked that it names a type of the module. */
static bool validate_sub_type(const Module *m, uint32_t t, Error *err) {
  const TypeDef *d = &m->types[t];
  if (d->super == NO_SUPERTYPE) return true;
  if (d->super >= t)
    return validation_fail(err, d->offset, -1, "forward use of type %u in sub type definition %u", d->super, t);
  const TypeDef *super = &m->types[d->super];
  if (super->final) return validation_fail(err, d->offset, -1, "sub type %u has final super type %u", t, d->super);
  if (!comp_type_matches(m, d, super))
    return validation_fail(err, d->offset, -1, "sub type %u does not match super type %u", t, d->super);
  return true;
}

static bool validate_types(const Module *m, Error *err) {
  for (uint32_t t = 0; t < m->ntypes; t++)
    if (!validate_sub_type(m, t, err)) return false;
  return true;
}

/* -------------------------------------------------------- declarations */

static bool validate_imports(const Module *m, Error *err) {
  for (uint32_t i = 0; i < m->nimports; i++) {
    const Import *im = &m->imports[i];
    bool ok = true;
    switch (im->kind) {
      case EXT_FUNC:
        if (!type_func(m, im->type_index))
          ok = validation_fail(err, im->offset, -1, im->type_index >= m->ntypes ? "unknown type %u"
                               : "type mismatch: type %u is not a function type", im->type_index);
        break;
      case EXT_TABLE: ok = check_table_limits(&im->table.limits, im->offset, err); break;
      case EXT_MEMORY: ok = check_memory_limits(&im->memory, im->offset, err); break;
      default: break;
    }
    if (!ok) return false;
  }
  return true;
}

/* Defined functions have no section offset of their own: use their body. */
static bool validate_function_types(const Module *m, Error *err) {
  for (uint32_t i = 0; i < m->nfuncs; i++) {
    const Func *f = &m->funcs[i];
    if (!type_func(m, f->type_index))
      return validation_fail(err, f->imported ? 0 : f->body_offset, i, f->type_index >= m->ntypes ?
                             "unknown type %u" : "type mismatch: type %u is not a function type",
                             f->type_index);
  }
  return true;
}

static bool validate_tables_and_memories(const Module *m, Error *err) {
  for (uint32_t i = m->nimported_tables; i < m->ntables; i++)
    if (!check_table_limits(&m->tables[i].type.limits, 0, err)) return false;
  for (uint32_t i = m->nimported_memories; i < m->nmemories; i++)
    if (!check_memory_limits(&m->memories[i].limits, 0, err)) return false;
  if (m->nmemories > 1 && !(m->features & FEATURE_MULTI_MEMORY))
    return validation_fail(err, 0, -1, "multiple memories (%u) need the multi-memory feature",
                           m->nmemories);
  if (m->ntables > 1 && !(m->features & FEATURE_MULTI_TABLE))
    return validation_fail(err, 0, -1, "multiple tables (%u) need the reference types feature", m->ntables);
  return true;
}

/* A defined table's elements start as its init expression's value, or null;
 * a table of non-null references must have one. The expression sees the
 * imported globals only: the global section comes later. */
static bool validate_table_inits(const Module *m, FuncRefSet *refs, Error *err) {
  for (uint32_t i = m->nimported_tables; i < m->ntables; i++) {
    const Table *t = &m->tables[i];
    if (t->has_init) {
      if (!validate_const_expr(m, t->init, t->type.elem, m->nimported_globals, refs, err)) return false;
    } else if (!valtype_nullable(t->type.elem)) {
      return validation_fail(err, 0, -1, "type mismatch: table %u of non-nullable type %s needs an "
                             "init expression", i, valtype_name(t->type.elem));
    }
  }
  return true;
}

static bool validate_globals(const Module *m, FuncRefSet *refs, Error *err) {
  for (uint32_t i = m->nimported_globals; i < m->nglobals; i++) {
    const Global *g = &m->globals[i];
    if (!validate_const_expr(m, g->init, g->type.type, i, refs, err)) return false;
  }
  return true;
}

static bool validate_elem_items(const Module *m, const ElemSegment *s, size_t offset,
                                FuncRefSet *refs, Error *err) {
  for (uint32_t k = 0; k < s->count; k++) {
    if (s->exprs) {
      if (!validate_const_expr(m, s->exprs[k], s->type, m->nglobals, refs, err)) return false;
    } else if (s->func_indices) {
      uint32_t f = s->func_indices[k];
      if (f >= m->nfuncs) return validation_fail(err, offset, -1, "unknown function %u", f);
      declare_func_ref(refs, f);
    }
  }
  return true;
}

static bool validate_elems(const Module *m, FuncRefSet *refs, Error *err) {
  for (uint32_t i = 0; i < m->nelems; i++) {
    const ElemSegment *s = &m->elems[i];
    size_t offset = s->mode == SEG_ACTIVE ? s->offset.offset : 0;
    if (s->mode == SEG_ACTIVE) {
      if (s->table_index >= m->ntables)
        return validation_fail(err, offset, -1, "unknown table %u", s->table_index);
      ValType table = m->tables[s->table_index].type.elem;
      if (!valtype_sub(m, s->type, table))
        return validation_fail(err, offset, -1, "type mismatch: elem segment %u holds %s but "
                               "table %u holds %s", i, stack_type_name(s->type), s->table_index,
                               stack_type_name(table));
      ValType index = table_index_type(&m->tables[s->table_index].type);
      if (!validate_const_expr(m, s->offset, index, m->nglobals, refs, err)) return false;
    }
    if (!validate_elem_items(m, s, offset, refs, err)) return false;
  }
  return true;
}

static bool validate_datas(const Module *m, FuncRefSet *refs, Error *err) {
  for (uint32_t i = 0; i < m->ndatas; i++) {
    const DataSegment *s = &m->datas[i];
    if (s->mode != SEG_ACTIVE) continue;
    if (s->memory_index >= m->nmemories)
      return validation_fail(err, s->offset.offset, -1, "unknown memory %u", s->memory_index);
    ValType index = memory_index_type(&m->memories[s->memory_index]);
    if (!validate_const_expr(m, s->offset, index, m->nglobals, refs, err)) return false;
  }
  return true;
}

/* ------------------------------------------------------------- exports */

static int compare_export_names(const void *a, const void *b) {
  const Export *x = *(const Export *const *)a, *y = *(const Export *const *)b;
  uint32_t n = x->name_len < y->name_len ? x->name_len : y->name_len;
  int c = n ? memcmp(x->name, y->name, n) : 0;
  if (c) return c;
  return (x->name_len > y->name_len) - (x->name_len < y->name_len);
}

/* Sorting keeps this O(n log n) for modules with very many exports. */
static bool check_duplicate_exports(const Module *m, Error *err) {
  if (m->nexports < 2) return true;
  const Export **sorted = malloc(m->nexports * sizeof *sorted);
  if (!sorted) return validation_fail(err, 0, -1, "out of memory");
  for (uint32_t i = 0; i < m->nexports; i++) sorted[i] = &m->exports[i];
  qsort(sorted, m->nexports, sizeof *sorted, compare_export_names);
  const Export *dup = NULL;
  for (uint32_t i = 1; i < m->nexports && !dup; i++)
    if (compare_export_names(&sorted[i - 1], &sorted[i]) == 0) dup = sorted[i];
  free(sorted);
  if (dup) return validation_fail(err, 0, -1, "duplicate export name \"%s\"", dup->name);
  return true;
}

static uint32_t index_space_size(const Module *m, uint8_t kind) {
  switch (kind) {
    case EXT_FUNC: return m->nfuncs;
    case EXT_TABLE: return m->ntables;
    case EXT_MEMORY: return m->nmemories;
    case EXT_TAG: return m->ntags;
    default: return m->nglobals;
  }
}

static bool validate_exports(const Module *m, FuncRefSet *refs, Error *err) {
  static const char *const kind_names[] = {"function", "table", "memory", "global", "tag"};
  for (uint32_t i = 0; i < m->nexports; i++) {
    const Export *e = &m->exports[i];
    if (e->kind > EXT_TAG)
      return validation_fail(err, 0, -1, "export \"%s\" has unknown kind %u", e->name, e->kind);
    if (e->index >= index_space_size(m, e->kind))
      return validation_fail(err, 0, -1, "unknown %s %u in export \"%s\"", kind_names[e->kind],
                             e->index, e->name);
    if (e->kind == EXT_FUNC) declare_func_ref(refs, e->index);
  }
  return check_duplicate_exports(m, err);
}

/* A tag's function type gives the payload; an exception has no results. */
static bool validate_tags(const Module *m, Error *err) {
  for (uint32_t i = 0; i < m->ntags; i++) {
    const FuncType *t = type_func(m, m->tags[i].type_index);
    if (!t)
      return validation_fail(err, 0, -1, "type mismatch: tag %u: type %u is not a function type", i,
                             m->tags[i].type_index);
    if (t->nresults)
      return validation_fail(err, 0, -1, "non-empty tag result type: tag %u has type %u with %u results", i,
                             m->tags[i].type_index, t->nresults);
  }
  return true;
}

static bool validate_start(const Module *m, Error *err) {
  if (!m->has_start) return true;
  if (m->start >= m->nfuncs) return validation_fail(err, 0, -1, "unknown function %u", m->start);
  const FuncType *t = func_type(m, m->start);
  if (t->nparams || t->nresults)
    return validation_fail(err, 0, m->start, "start function must have type [] -> []");
  return true;
}

/* --------------------------------------------------------------- entry */

/* Order matters only in that C.refs (filled by table initialisers, globals,
 * elems and exports) must be complete before function bodies use ref.func. */
static bool validate_declarations(const Module *m, FuncRefSet *refs, Error *err) {
  return validate_types(m, err) && validate_imports(m, err) && validate_function_types(m, err) && validate_tags(m, err) &&
         validate_tables_and_memories(m, err) && validate_table_inits(m, refs, err) &&
         validate_globals(m, refs, err) &&
         validate_elems(m, refs, err) && validate_datas(m, refs, err) &&
         validate_exports(m, refs, err) && validate_start(m, err);
}

bool validate_module(const Module *m, Error *err) {
  FuncRefSet refs = {.bits = calloc((size_t)m->nfuncs / 8 + 1, 1), .nfuncs = m->nfuncs};
  if (!refs.bits) return validation_fail(err, 0, -1, "out of memory");
  bool ok = validate_declarations(m, &refs, err) && validate_function_bodies(m, &refs, err);
  free(refs.bits);
  return ok;
}
