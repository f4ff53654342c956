/* link.c - import matching (the spec's "extern type matching") and exports. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* wasmrt.h uses sigjmp_buf (POSIX) */
#endif

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wasmrt.h"

static const char incompatible[] = "incompatible import type";

/* Reference details are equal: nullability and heap type (wasmrt_functype_equal). */
static int reftype_equal(const wasmrt_reftype *x, const wasmrt_reftype *y) {
  if (!x->non_null != !y->non_null) return 0;
  if (!x->heap || !y->heap) return x->heap == y->heap;
  return wasmrt_functype_equal(x->heap, y->heap);
}

/* A value of type (code a, ra) is one of type (code b, rb): references with
 * null are supertypes of those without, func of every (ref $t), and (ref $t)
 * of (ref $s) when $s is $t or declares it as a supertype. */
static int valtype_sub(wasmrt_valtype a, const wasmrt_reftype *ra, wasmrt_valtype b, const wasmrt_reftype *rb) {
  if (a != b || (rb->non_null && !ra->non_null)) return 0;
  return !rb->heap || (ra->heap && wasmrt_functype_sub(ra->heap, rb->heap));
}

#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 3, 4)))
#endif
static const char *mismatch(char *why, size_t why_size, const char *fmt, ...) {
  if (why != NULL && why_size > 0) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, why_size, fmt, ap);
    va_end(ap);
  }
  return incompatible;
}

static const char *kind_name(uint8_t kind) {
  static const char *const names[] = {"function", "table", "memory", "global", "tag"};
  return kind < sizeof names / sizeof names[0] ? names[kind] : "unknown kind";
}

/* Limits match when the extern is at least as large as the import needs and,
 * if the import has a maximum, the extern has one no larger. */
static int limits_match(const wasmrt_import_desc *imp, uint64_t size, int has_max,
                        uint64_t max) {
  if (size < imp->min) return 0;
  return !imp->has_max || (has_max && max <= imp->max);
}

static const char *index_type_name(uint8_t is64) { return is64 ? "i64" : "i32"; }

static const char *check_func(const wasmrt_import_desc *imp, const wasmrt_funcref *f,
                              char *why, size_t why_size) {
  if (f == NULL || f->type == NULL) return mismatch(why, why_size, "null function");
  /* the function's type must match the import's: be it or a subtype */
  if (imp->func_type != NULL && !wasmrt_functype_sub(f->type, imp->func_type))
    return mismatch(why, why_size, "function type does not match");
  return NULL;
}

static const char *check_table(const wasmrt_import_desc *imp, const wasmrt_table *t,
                               char *why, size_t why_size) {
  if (t == NULL) return mismatch(why, why_size, "null table");
  if (t->elem_type != imp->type || !reftype_equal(&t->elem_ref, &imp->ref))
    return mismatch(why, why_size, "table element type differs");
  if (!limits_match(imp, t->size, t->has_max, t->max))
    return mismatch(why, why_size, "table limits: have size %lu%s, need min %llu%s", (unsigned long)t->size,
                    t->has_max ? "" : " and no max", (unsigned long long)imp->min,
                    imp->has_max ? " and a max no larger than the import's" : "");
  if (t->is64 != imp->is64)
    return mismatch(why, why_size, "table index type: have %s, need %s", index_type_name(t->is64),
                    index_type_name(imp->is64));
  return NULL;
}

static const char *check_memory(const wasmrt_import_desc *imp, const wasmrt_memory *m,
                                char *why, size_t why_size) {
  if (m == NULL) return mismatch(why, why_size, "null memory");
  if (!limits_match(imp, m->pages, m->has_max, m->max_pages))
    return mismatch(why, why_size, "memory limits: have %llu pages%s, need min %llu%s",
                    (unsigned long long)m->pages, m->has_max ? "" : " and no max",
                    (unsigned long long)imp->min,
                    imp->has_max ? " and a max no larger than the import's" : "");
  if (m->is64 != imp->is64)
    return mismatch(why, why_size, "memory index type: have %s, need %s", index_type_name(m->is64),
                    index_type_name(imp->is64));
  /* Guard-mode code does no bounds checks, so it must not get a checked
   * memory (no guard region), and checked code may see `base` move only if
   * the memory was made for that. */
  if (m->bounds_checked != imp->bounds_checked)
    return mismatch(why, why_size, "memory is %s but the importer expects %s",
                    m->bounds_checked ? "bounds-checked" : "guard-page",
                    imp->bounds_checked ? "bounds-checked" : "guard-page");
  return NULL;
}

static const char *check_global(const wasmrt_import_desc *imp, const wasmrt_global *g,
                                char *why, size_t why_size) {
  if (g == NULL) return mismatch(why, why_size, "null global");
  if ((g->mutable_ != 0) != (imp->mutable_ != 0))
    return mismatch(why, why_size, "global mutability differs");
  /* an immutable global may have a subtype of the import's type */
  int same = g->type == imp->type && reftype_equal(&g->ref, &imp->ref);
  if (!same && (imp->mutable_ || !valtype_sub(g->type, &g->ref, imp->type, &imp->ref)))
    return mismatch(why, why_size, "global value type differs");
  return NULL;
}

/* Tags are matched by exact type: a payload is read as the type says. */
static const char *check_tag(const wasmrt_import_desc *imp, const wasmrt_tag *t, char *why, size_t why_size) {
  if (t == NULL || t->type == NULL) return mismatch(why, why_size, "null tag");
  if (!wasmrt_functype_equal(t->type, imp->func_type)) return mismatch(why, why_size, "tag type differs");
  return NULL;
}

const char *wasmrt_import_check(const wasmrt_import_desc *imp, const wasmrt_extern *ext,
                                char *why, size_t why_size) {
  if (ext->kind != imp->kind)
    return mismatch(why, why_size, "expected %s, got %s", kind_name(imp->kind),
                    kind_name(ext->kind));
  switch (imp->kind) {
  case WASMRT_EXTERN_FUNC: return check_func(imp, ext->u.func, why, why_size);
  case WASMRT_EXTERN_TABLE: return check_table(imp, ext->u.table, why, why_size);
  case WASMRT_EXTERN_MEMORY: return check_memory(imp, ext->u.memory, why, why_size);
  case WASMRT_EXTERN_GLOBAL: return check_global(imp, ext->u.global, why, why_size);
  case WASMRT_EXTERN_TAG: return check_tag(imp, ext->u.tag, why, why_size);
  default: return mismatch(why, why_size, "unknown import kind %u", imp->kind);
  }
}

int wasmrt_imports_check(const wasmrt_module *mod, const wasmrt_extern *imports, char *why,
                         size_t why_size) {
  for (uint32_t i = 0; i < mod->nimports; i++) {
    const wasmrt_import_desc *imp = &mod->imports[i];
    char detail[200] = "";
    const char *err = imports ? wasmrt_import_check(imp, &imports[i], detail, sizeof detail)
                              : "no imports given";
    /* instantiate would call it: a function must have code */
    if (!err && imp->kind == WASMRT_EXTERN_FUNC && !imports[i].u.func->fn) err = "function without code (fn NULL)";
    if (!err) continue;
    if (why && why_size)
      snprintf(why, why_size, "import \"%.*s\".\"%.*s\": %s%s%s", (int)imp->module_len, imp->module,
               (int)imp->name_len, imp->name, err, detail[0] ? ": " : "", detail);
    return -1;
  }
  return 0;
}

int wasmrt_export_find(const wasmrt_module *mod, void *instance, const char *name,
                       wasmrt_extern *out) {
  return wasmrt_export_find_n(mod, instance, name, strlen(name), out);
}

int wasmrt_export_find_n(const wasmrt_module *mod, void *instance, const char *name,
                         size_t name_len, wasmrt_extern *out) {
  for (uint32_t i = 0; i < mod->nexports; i++) {
    const wasmrt_export_desc *e = &mod->exports[i];
    if (e->name_len == name_len && memcmp(e->name, name, name_len) == 0) {
      *out = mod->export_get(instance, i);
      return 0;
    }
  }
  return -1;
}
