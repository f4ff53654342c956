/* functype.c - equality and subtyping of defined types across modules:
 * function types, and the struct and array types of their groups.
 *
 * Within a module, generated code gives equal types one descriptor, so a
 * pointer comparison decides. Across modules (and for types built by hand)
 * types are compared iso-recursively, as the spec defines: a is b when both
 * are the same member of equal recursion groups. Groups are equal when their
 * members are pairwise, where a reference to a member of the group must
 * name the same position on both sides, and a reference outside it (always
 * to an earlier group in a valid module) must name equal types, which
 * compares those groups in turn.
 *
 * Equality is a conjunction all the way down, so the comparison keeps one
 * list of group pairs: every pair found on the way is appended once, and all
 * must match. A pair met again is not compared again, which keeps the work
 * linear in the pairs (types sharing subterms cannot blow it up) and ends
 * the walk on cycles of hand-built types.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* wasmrt.h uses sigjmp_buf (POSIX) */
#endif

#include <stdlib.h>
#include <string.h>

#include "wasmrt.h"

/* A recursion group: a descriptor's rec, or for a type without one the type
 * alone. */
typedef struct group {
  const wasmrt_rectype *rec;
  const wasmrt_functype *solo; /* when rec is NULL */
} group;

typedef struct group_pair {
  group a, b;
} group_pair;

/* The pairs of groups that must be equal; `local` serves small comparisons
 * without allocating. */
typedef struct pair_list {
  group_pair *pairs;
  size_t n, cap;
  group_pair local[16];
} pair_list;

static group group_of(const wasmrt_functype *t) {
  return t->rec ? (group){t->rec, NULL} : (group){NULL, t};
}

static int same_group(group x, group y) { return x.rec == y.rec && x.solo == y.solo; }

static uint32_t group_size(group g) { return g.rec ? g.rec->ntypes : 1; }

static const wasmrt_functype *group_member(group g, uint32_t i) { return g.rec ? &g.rec->types[i] : g.solo; }

static uint32_t index_in_group(const wasmrt_functype *t) { return t->rec ? t->rec_index : 0; }

static int in_group(group g, const wasmrt_functype *t) { return g.rec ? t->rec == g.rec : t == g.solo; }

/* Appends the pair unless it is listed already. 0 when out of memory. */
static int require_equal_groups(pair_list *l, group a, group b) {
  if (same_group(a, b)) return 1;
  for (size_t i = 0; i < l->n; i++)
    if (same_group(l->pairs[i].a, a) && same_group(l->pairs[i].b, b)) return 1;
  if (l->n == l->cap) {
    size_t cap = l->cap * 2;
    group_pair *grown = l->pairs == l->local ? malloc(cap * sizeof *grown)
                                             : realloc(l->pairs, cap * sizeof *grown);
    if (!grown) return 0;
    if (l->pairs == l->local) memcpy(grown, l->local, sizeof l->local);
    l->pairs = grown;
    l->cap = cap;
  }
  l->pairs[l->n++] = (group_pair){a, b};
  return 1;
}

/* Types x (named in group ga) and y (in gb) are equal, given that the
 * listed pairs are: both the same member of their own group, or both
 * outside it and the same member of groups that must be equal too. */
static int named_types_match(pair_list *l, group ga, const wasmrt_functype *x, group gb,
                             const wasmrt_functype *y) {
  if (!x || !y) return x == y;
  int x_inside = in_group(ga, x), y_inside = in_group(gb, y);
  if (x_inside != y_inside || index_in_group(x) != index_in_group(y)) return 0;
  return x_inside || x == y || require_equal_groups(l, group_of(x), group_of(y));
}

static const wasmrt_reftype plain_ref; /* all zero: funcref, externref, numbers */

/* Struct and array fields: the same mutability each. */
static int same_mutables(const wasmrt_functype *a, const wasmrt_functype *b) {
  if (!a->mutables && !b->mutables) return 1;
  for (uint32_t i = 0; i < a->nparams; i++)
    if (!(a->mutables && a->mutables[i]) != !(b->mutables && b->mutables[i])) return 0;
  return 1;
}

static int members_match(pair_list *l, group ga, const wasmrt_functype *a, group gb,
                         const wasmrt_functype *b) {
  if (a->kind != b->kind || a->nparams != b->nparams || a->nresults != b->nresults ||
      !a->non_final != !b->non_final || !same_mutables(a, b))
    return 0;
  if (!named_types_match(l, ga, a->super, gb, b->super)) return 0;
  size_t n = (size_t)a->nparams + a->nresults;
  if (n == 0) return 1;
  if (memcmp(a->types, b->types, n) != 0) return 0;
  for (size_t i = 0; i < n && (a->refs || b->refs); i++) {
    const wasmrt_reftype *x = a->refs ? &a->refs[i] : &plain_ref, *y = b->refs ? &b->refs[i] : &plain_ref;
    if (!x->non_null != !y->non_null || !named_types_match(l, ga, x->heap, gb, y->heap)) return 0;
  }
  return 1;
}

static int groups_match(pair_list *l, group ga, group gb) {
  uint32_t n = group_size(ga);
  if (n != group_size(gb)) return 0;
  for (uint32_t i = 0; i < n; i++)
    if (!members_match(l, ga, group_member(ga, i), gb, group_member(gb, i))) return 0;
  return 1;
}

int wasmrt_functype_equal(const wasmrt_functype *a, const wasmrt_functype *b) {
  if (a == b) return 1;
  if (index_in_group(a) != index_in_group(b) || a->kind != b->kind || a->nparams != b->nparams ||
      a->nresults != b->nresults)
    return 0;
  pair_list l = {.cap = sizeof l.local / sizeof l.local[0]};
  l.pairs = l.local;
  int equal = require_equal_groups(&l, group_of(a), group_of(b));
  for (size_t i = 0; equal && i < l.n; i++) equal = groups_match(&l, l.pairs[i].a, l.pairs[i].b);
  if (l.pairs != l.local) free(l.pairs);
  return equal;
}

/* The pointer walk up a's supertypes decides within a module; only then are
 * types compared. A final b has no subtypes but the types equal to it. */
int wasmrt_functype_sub(const wasmrt_functype *a, const wasmrt_functype *b) {
  for (const wasmrt_functype *s = a; s; s = s->super)
    if (s == b) return 1;
  if (!b->non_final) return wasmrt_functype_equal(a, b);
  for (const wasmrt_functype *s = a; s; s = s->super)
    if (wasmrt_functype_equal(s, b)) return 1;
  return 0;
}
