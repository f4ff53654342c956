/* types.c - value types and defined types: names, subtyping, and the
 * canonicalisation behind type equivalence.
 *
 * Wasm 3.0 types are equivalent iso-recursively: two types are equal when
 * they sit at the same position of equal recursion groups, where groups are
 * compared member by member with references into the group taken by their
 * position in it and references to other (earlier) types by the equivalence
 * of those. canonicalise_types gives every type the index of its first
 * equivalent type (TypeDef.canon), group by group through a hash table, so
 * equivalence is one comparison and subtyping a walk up the declared
 * supertypes.
 */
#include <stdio.h>
#include <stdlib.h>

#include "module.h"

static const char *heap_type_name(uint8_t k) {
  switch (k) {
    case VT_FUNCREF: return "func";
    case VT_EXTERNREF: return "extern";
    case VT_EXNREF: return "exn";
    case VT_ANYREF: return "any";
    case VT_EQREF: return "eq";
    case VT_I31REF: return "i31";
    case VT_STRUCTREF: return "struct";
    case VT_ARRAYREF: return "array";
    case VT_NULLREF: return "none";
    case VT_NULLEXTERNREF: return "noextern";
    case VT_NULLFUNCREF: return "nofunc";
    case VT_NULLEXNREF: return "noexn";
    default: return "?";
  }
}

const char *valtype_name(ValType t) {
  switch (t) {
    case VT_I32: return "i32";
    case VT_I64: return "i64";
    case VT_F32: return "f32";
    case VT_F64: return "f64";
    case VT_V128: return "v128";
    case VT_FUNCREF: return "funcref";
    case VT_EXTERNREF: return "externref";
    case VT_EXNREF: return "exnref";
    case VT_ANYREF: return "anyref";
    case VT_EQREF: return "eqref";
    case VT_I31REF: return "i31ref";
    case VT_STRUCTREF: return "structref";
    case VT_ARRAYREF: return "arrayref";
    case VT_NULLREF: return "nullref";
    case VT_NULLEXTERNREF: return "nullexternref";
    case VT_NULLFUNCREF: return "nullfuncref";
    case VT_NULLEXNREF: return "nullexnref";
    case VT_UNKNOWN: return "unknown";
    default: break;
  }
  if (!valtype_is_ref(t)) return "<invalid type>";
  /* a few buffers, so that one message can name several types */
  static _Thread_local char bufs[4][40];
  static _Thread_local unsigned next;
  char *buf = bufs[next++ % 4];
  const char *null = valtype_nullable(t) ? "null " : "";
  if (valtype_has_index(t))
    snprintf(buf, sizeof bufs[0], "(ref %s%u)", null, (unsigned)valtype_index(t));
  else
    snprintf(buf, sizeof bufs[0], "(ref %s%s)", null, heap_type_name(valtype_kind(t)));
  return buf;
}

/* --------------------------------------------------- equivalence, subtyping */

bool type_equal(const Module *m, uint32_t a, uint32_t b) {
  return a == b || (a < m->ntypes && b < m->ntypes && m->types[a].canon == m->types[b].canon);
}

/* Walks a's declared supertypes. Each must be declared before its subtype
 * (the validator reports any other), which also ends the walk on invalid
 * modules still being validated. Equivalent types have the same finality,
 * so a final b has no subtypes but its equivalents. */
bool type_sub(const Module *m, uint32_t a, uint32_t b) {
  if (a >= m->ntypes || b >= m->ntypes) return a == b;
  uint32_t want = m->types[b].canon;
  if (m->types[b].final) return m->types[a].canon == want;
  for (;;) {
    if (m->types[a].canon == want) return true;
    uint32_t super = m->types[a].super;
    if (super >= a) return false; /* none (NO_SUPERTYPE), or invalid */
    a = super;
  }
}

bool valtype_equal(const Module *m, ValType a, ValType b) {
  if (a == b) return true;
  if (!valtype_has_index(a) || !valtype_has_index(b)) return false;
  return valtype_nullable(a) == valtype_nullable(b) && type_equal(m, valtype_index(a), valtype_index(b));
}

static bool is_bottom(uint8_t k) {
  return k == VT_NULLREF || k == VT_NULLFUNCREF || k == VT_NULLEXTERNREF || k == VT_NULLEXNREF;
}

/* Heap type a (kind ka: abstract, or an index's) under the abstract heap type
 * kb of the same hierarchy: any > eq > {i31, struct > $structs, array >
 * $arrays} > none, func > $funcs > nofunc, extern > noextern, exn > noexn.
 * An index's kind is its type's form (valtype_fix_kind). */
static bool heap_sub_abstract(uint8_t ka, uint8_t kb) {
  if (ka == kb || is_bottom(ka)) return true;
  switch (kb) {
    case VT_ANYREF: case VT_FUNCREF: case VT_EXTERNREF: case VT_EXNREF: return true;
    case VT_EQREF: return ka == VT_I31REF || ka == VT_STRUCTREF || ka == VT_ARRAYREF;
    default: return false;
  }
}

bool valtype_sub(const Module *m, ValType a, ValType b) {
  if (a == b || a == VT_UNKNOWN || b == VT_UNKNOWN) return true;
  if (!valtype_is_ref(a) || !valtype_is_ref(b) || valtype_repr(a) != valtype_repr(b)) return false;
  if (valtype_nullable(a) && !valtype_nullable(b)) return false;
  uint8_t ka = valtype_kind(a), kb = valtype_kind(b);
  if (!valtype_has_index(b)) return heap_sub_abstract(ka, kb);
  if (!valtype_has_index(a)) return is_bottom(ka);
  return type_sub(m, valtype_index(a), valtype_index(b));
}

ValType valtype_type_ref(const Module *m, uint32_t type_index, bool nullable) {
  return valtype_fix_kind(m, valtype_typed_ref(type_index, nullable));
}

ValType valtype_fix_kind(const Module *m, ValType t) {
  if (!valtype_has_index(t) || valtype_index(t) >= m->ntypes) return t;
  uint8_t form = m->types[valtype_index(t)].form;
  uint8_t kind = form == TYPE_FORM_STRUCT ? VT_STRUCTREF : form == TYPE_FORM_ARRAY ? VT_ARRAYREF : VT_FUNCREF;
  return (t & ~(ValType)0xFF) | kind;
}

/* ---------------------------------------------------------- canonicalising */

/* Keys stand for the parts of a group's types such that equal keys mean
 * equivalent types. A type index named inside group g is keyed by its
 * position when it is a member of g (bit 32 set), else by its canon, known
 * already since groups only name earlier groups. */
static uint64_t index_key(const Module *m, const RecGroup *g, uint32_t x) {
  if (x - g->first < g->count) return (uint64_t)1 << 32 | (x - g->first);
  if (x < g->first) return m->types[x].canon;
  return (uint64_t)2 << 32 | x; /* a later type: invalid, the reader refused it */
}

static uint64_t valtype_key(const Module *m, const RecGroup *g, ValType t) {
  if (!valtype_has_index(t)) return t;
  return index_key(m, g, valtype_index(t)) << VT_INDEX_SHIFT | (t & ((1u << VT_INDEX_SHIFT) - 1));
}

static uint64_t super_key(const Module *m, const RecGroup *g, const TypeDef *t) {
  return t->super == NO_SUPERTYPE ? UINT64_MAX : index_key(m, g, t->super);
}

static bool same_valtypes(const Module *m, const RecGroup *ga, const ValType *a, const RecGroup *gb,
                          const ValType *b, uint32_t n) {
  for (uint32_t i = 0; i < n; i++)
    if (valtype_key(m, ga, a[i]) != valtype_key(m, gb, b[i])) return false;
  return true;
}

static bool same_fields(const Module *m, const RecGroup *ga, const TypeDef *a, const RecGroup *gb,
                        const TypeDef *b) {
  if (a->nfields != b->nfields) return false;
  for (uint32_t i = 0; i < a->nfields; i++)
    if (a->fields[i].mutable_ != b->fields[i].mutable_ ||
        valtype_key(m, ga, a->fields[i].storage) != valtype_key(m, gb, b->fields[i].storage))
      return false;
  return true;
}

static bool same_member(const Module *m, const RecGroup *ga, const TypeDef *a, const RecGroup *gb,
                        const TypeDef *b) {
  if (a->form != b->form || a->final != b->final || super_key(m, ga, a) != super_key(m, gb, b)) return false;
  if (a->form != TYPE_FORM_FUNC) return same_fields(m, ga, a, gb, b);
  const FuncType *fa = &a->func, *fb = &b->func;
  return fa->nparams == fb->nparams && fa->nresults == fb->nresults &&
         same_valtypes(m, ga, fa->params, gb, fb->params, fa->nparams) &&
         same_valtypes(m, ga, fa->results, gb, fb->results, fa->nresults);
}

static bool same_group(const Module *m, uint32_t a, uint32_t b) {
  const RecGroup *ga = &m->groups[a], *gb = &m->groups[b];
  if (ga->count != gb->count) return false;
  for (uint32_t i = 0; i < ga->count; i++)
    if (!same_member(m, ga, &m->types[ga->first + i], gb, &m->types[gb->first + i])) return false;
  return true;
}

static uint64_t mix(uint64_t h, uint64_t v) { return (h ^ v) * 1099511628211u; }

static uint64_t hash_group(const Module *m, uint32_t g) {
  const RecGroup *rg = &m->groups[g];
  uint64_t h = mix(1469598103934665603u, rg->count);
  for (uint32_t i = 0; i < rg->count; i++) {
    const TypeDef *t = &m->types[rg->first + i];
    h = mix(mix(mix(h, t->form), t->final), super_key(m, rg, t));
    h = mix(mix(h, t->func.nparams), t->func.nresults);
    for (uint32_t k = 0; k < t->func.nparams; k++) h = mix(h, valtype_key(m, rg, t->func.params[k]));
    for (uint32_t k = 0; k < t->func.nresults; k++) h = mix(h, valtype_key(m, rg, t->func.results[k]));
    h = mix(h, t->nfields);
    for (uint32_t k = 0; k < t->nfields; k++)
      h = mix(mix(h, valtype_key(m, rg, t->fields[k].storage)), t->fields[k].mutable_);
  }
  return h ^ h >> 29;
}

/* The first equal group of each group, found in a hash table of the
 * canonical groups so far: linear time even for very many types. */
bool canonicalise_types(Module *m) {
  size_t cap = 16;
  while (cap < 2 * (size_t)m->ngroups) cap *= 2;
  uint32_t *slots = malloc(cap * sizeof *slots);
  if (!slots) return false;
  for (size_t i = 0; i < cap; i++) slots[i] = UINT32_MAX;
  for (uint32_t g = 0; g < m->ngroups; g++) {
    size_t at = (size_t)hash_group(m, g) & (cap - 1);
    while (slots[at] != UINT32_MAX && !same_group(m, slots[at], g)) at = (at + 1) & (cap - 1);
    if (slots[at] == UINT32_MAX) slots[at] = g;
    const RecGroup *rg = &m->groups[g], *canon = &m->groups[slots[at]];
    for (uint32_t i = 0; i < rg->count; i++) m->types[rg->first + i].canon = canon->first + i;
  }
  free(slots);
  return true;
}
