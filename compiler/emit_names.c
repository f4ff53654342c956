/* emit_names.c - C identifiers for everything a module defines, and the
 * module's distinct function signatures.
 *
 * Every file-scope identifier is "P_" + a name. Internal names are fixed
 * (instance, module, types, ...) or derived from indices (f12_fac, call3), so
 * they never collide with each other; export wrappers get names from export
 * strings, which can be anything, so they are checked against everything
 * taken before and get _2, _3, ... until they are unique.
 */
#include <stdlib.h>
#include <string.h>

#include "emit_internal.h"

/* Debug names longer than this are cut: they only help readers. */
enum { MAX_DEBUG_NAME = 40 };

/* ------------------------------------------------------------ name set */

static uint64_t hash_name(const char *s) {
  uint64_t h = 1469598103934665603u; /* FNV-1a */
  for (; *s; s++) h = (h ^ (uint8_t)*s) * 1099511628211u;
  return h;
}

static bool nameset_grow(NameSet *set) {
  size_t cap = set->cap ? set->cap * 2 : 64;
  char **slots = calloc(cap, sizeof *slots);
  if (!slots) return false;
  for (size_t i = 0; i < set->cap; i++) {
    if (!set->slots[i]) continue;
    size_t j = hash_name(set->slots[i]) & (cap - 1);
    while (slots[j]) j = (j + 1) & (cap - 1);
    slots[j] = set->slots[i];
  }
  free(set->slots);
  set->slots = slots;
  set->cap = cap;
  return true;
}

static bool nameset_contains(const NameSet *set, const char *name) {
  if (!set->cap) return false;
  for (size_t j = hash_name(name) & (set->cap - 1); set->slots[j]; j = (j + 1) & (set->cap - 1))
    if (!strcmp(set->slots[j], name)) return true;
  return false;
}

/* Adds a copy of name; false on allocation failure. */
static bool nameset_add(NameSet *set, const char *name) {
  if ((set->count + 1) * 2 > set->cap && !nameset_grow(set)) return false;
  char *copy = malloc(strlen(name) + 1);
  if (!copy) return false;
  strcpy(copy, name);
  size_t j = hash_name(name) & (set->cap - 1);
  while (set->slots[j]) j = (j + 1) & (set->cap - 1);
  set->slots[j] = copy;
  set->count++;
  return true;
}

static void nameset_free(NameSet *set) {
  for (size_t i = 0; i < set->cap; i++) free(set->slots[i]);
  free(set->slots);
  set->slots = NULL;
  set->cap = set->count = 0;
}

/* --------------------------------------------------------- sanitising */

static bool is_ident_char(uint8_t c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

/* "f12" or "f12_<debug name with every other byte as _>" */
static char *function_name(uint32_t index, const char *debug_name) {
  size_t dlen = debug_name ? strlen(debug_name) : 0;
  if (dlen > MAX_DEBUG_NAME) dlen = MAX_DEBUG_NAME;
  char *s = malloc(16 + dlen);
  if (!s) return NULL;
  int n = snprintf(s, 16, "f%u", index);
  if (dlen) {
    s[n++] = '_';
    for (size_t i = 0; i < dlen; i++) s[n++] = is_ident_char((uint8_t)debug_name[i]) ? debug_name[i] : '_';
  }
  s[n] = 0;
  return s;
}

/* Export names per docs/GENERATED_CODE.md: letters, digits and '_' kept,
 * every other byte as _xx (hex), room left for a _N suffix. */
static char *export_identifier(const char *name, uint32_t len) {
  /* len <= the module's size, so 3 * len cannot overflow a 64-bit size_t;
   * on 32-bit hosts the allocation simply fails for absurd names. */
  char *s = malloc((size_t)len * 3 + 16);
  if (!s) return NULL;
  size_t n = 0;
  for (uint32_t i = 0; i < len; i++) {
    uint8_t c = (uint8_t)name[i];
    if (is_ident_char(c)) s[n++] = (char)c;
    else n += (size_t)sprintf(s + n, "_%02x", c);
  }
  s[n] = 0;
  return s;
}

/* Appends _2, _3, ... to base (which has room) until it is not taken. */
static bool make_unique(NameSet *set, char *base) {
  size_t n = strlen(base);
  for (unsigned k = 2; nameset_contains(set, base); k++) sprintf(base + n, "_%u", k);
  return nameset_add(set, base);
}

static bool reserve(EmitCtx *cx, const char *name) {
  return nameset_add(&cx->names, name) || emit_oom(cx);
}

static bool reserve_indexed(EmitCtx *cx, const char *stem, uint32_t count) {
  char name[48];
  for (uint32_t i = 0; i < count; i++) {
    snprintf(name, sizeof name, "%s%u", stem, i);
    if (!reserve(cx, name)) return false;
  }
  return true;
}

/* Every internal identifier; must match what the other emit files define. */
static bool reserve_internal_names(EmitCtx *cx) {
  static const char *const fixed[] = {
    "instance", "module", "H_INCLUDED", "IMPL_H_INCLUDED", "types", "type_codes", "data",
    "instantiate", "export_get", "free", "imports", "exports", "ref", "table_init",
    "elems", "bind_functions",
  };
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++)
    if (!reserve(cx, fixed[i])) return false;
  /* the header's import declarations: P_import3, P_import3_fn, P_import3_ref */
  char name[48];
  for (uint32_t i = 0; i < cx->m->nimports; i++) {
    static const char *const suffixes[] = {"", "_fn", "_ref"};
    for (int k = 0; k < 3; k++) {
      snprintf(name, sizeof name, "import%u%s", i, suffixes[k]);
      if (!reserve(cx, name)) return false;
    }
  }
  if (!reserve(cx, "import_count")) return false;
  return reserve_indexed(cx, "fn", cx->nsigs) && reserve_indexed(cx, "call", cx->nsigs) &&
         reserve_indexed(cx, "funcs", cx->nfiles) && reserve_indexed(cx, "elem", cx->m->nelems);
}

bool names_init(EmitCtx *cx) {
  const Module *m = cx->m;
  if (!reserve_internal_names(cx)) return false;
  cx->func_names = emit_calloc(cx, m->nfuncs ? m->nfuncs : 1, sizeof *cx->func_names);
  cx->export_names = emit_calloc(cx, m->nexports ? m->nexports : 1, sizeof *cx->export_names);
  if (!cx->func_names || !cx->export_names) return false;
  for (uint32_t i = 0; i < m->nfuncs; i++) {
    cx->func_names[i] = function_name(i, m->funcs[i].debug_name);
    if (!cx->func_names[i] || !reserve(cx, cx->func_names[i])) return emit_oom(cx);
    if (cx->func_tail[i]) { /* its tail entry */
      char *tail = malloc(strlen(cx->func_names[i]) + 6);
      if (!tail) return emit_oom(cx);
      strcpy(tail, "tail_");
      strcat(tail, cx->func_names[i]);
      bool ok = reserve(cx, tail);
      free(tail);
      if (!ok) return false;
    }
  }
  for (uint32_t i = 0; i < m->nexports; i++) {
    const Export *e = &m->exports[i];
    if (e->kind != EXT_FUNC || e->index >= m->nfuncs) continue;
    cx->export_names[i] = export_identifier(e->name, e->name_len);
    if (!cx->export_names[i] || !make_unique(&cx->names, cx->export_names[i])) return emit_oom(cx);
  }
  return true;
}

void names_free(EmitCtx *cx) {
  if (cx->func_names)
    for (uint32_t i = 0; i < cx->m->nfuncs; i++) free(cx->func_names[i]);
  if (cx->export_names)
    for (uint32_t i = 0; i < cx->m->nexports; i++) free(cx->export_names[i]);
  free(cx->func_names);
  free(cx->export_names);
  nameset_free(&cx->names);
}

/* --------------------------------------------------------- signatures */

static char *result_codes(const FuncType *t) {
  char *s = malloc((size_t)t->nresults + 1);
  if (!s) return NULL;
  for (uint32_t i = 0; i < t->nresults; i++) s[i] = ret_code(t->results[i]);
  s[t->nresults] = 0;
  return s;
}

/* The reader gives each type the index of its first equivalent type (canon),
 * so numbering the canonical types in order numbers the signatures. Types
 * are canonical group by group, so a canonical group's members become
 * consecutive signatures. */
bool signatures_init(EmitCtx *cx) {
  const Module *m = cx->m;
  cx->type_sig = emit_calloc(cx, m->ntypes ? m->ntypes : 1, sizeof *cx->type_sig);
  cx->sigs = emit_calloc(cx, m->ntypes ? m->ntypes : 1, sizeof *cx->sigs);
  cx->recs = emit_calloc(cx, m->ngroups ? m->ngroups : 1, sizeof *cx->recs);
  if (!cx->type_sig || !cx->sigs || !cx->recs) return false;
  for (uint32_t t = 0; t < m->ntypes; t++) {
    uint32_t canon = m->types[t].canon;
    if (canon < t) {
      cx->type_sig[t] = cx->type_sig[canon];
      continue;
    }
    const RecGroup *g = &m->groups[m->types[t].group];
    if (t == g->first) cx->recs[cx->nrecs++] = (SigGroup){cx->nsigs, g->count};
    Sig *s = &cx->sigs[cx->nsigs];
    s->type = &m->types[t].func;
    s->type_index = t;
    s->rec = cx->nrecs - 1;
    s->rec_index = t - g->first;
    if (!(s->codes = result_codes(s->type))) return emit_oom(cx);
    cx->type_sig[t] = cx->nsigs++;
  }
  for (uint32_t f = m->nimported_funcs; f < m->nfuncs; f++)
    cx->sigs[sig_index_of_func(cx, f)].used_by_defined = true;
  return true;
}

void signatures_free(EmitCtx *cx) {
  if (cx->sigs)
    for (uint32_t i = 0; i < cx->nsigs; i++) free(cx->sigs[i].codes);
  free(cx->sigs);
  free(cx->type_sig);
  free(cx->recs);
}

const Sig *sig_of_type(const EmitCtx *cx, uint32_t type_index) {
  return &cx->sigs[cx->type_sig[type_index]];
}

uint32_t sig_index_of_func(const EmitCtx *cx, uint32_t func_index) {
  return cx->type_sig[cx->m->funcs[func_index].type_index];
}

void buf_return_type(Buf *b, const FuncType *t) {
  if (t->nresults == 0) {
    buf_puts(b, "void");
  } else if (t->nresults == 1) {
    buf_puts(b, c_type(t->results[0]));
  } else {
    buf_puts(b, "struct wasmrt_ret_");
    for (uint32_t i = 0; i < t->nresults; i++) {
      char c = ret_code(t->results[i]);
      buf_put(b, &c, 1);
    }
  }
}
