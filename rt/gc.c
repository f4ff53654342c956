/* gc.c - GC objects (struct and array values).
 *
 * First step: objects are allocated with calloc and pushed on one
 * process-wide list (lock-free), never freed. The list keeps them reachable
 * for leak checkers and is what a mark-sweep collector will sweep; see
 * docs/ARCHITECTURE.md (GC) for the design and what is missing.
 */
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <string.h>
#include <stdint.h>
#include <stdlib.h>

#include "wasmrt.h"

/* The descriptors of the boxes that extern conversions make (kinds no
 * module type has): a host value inside the any hierarchy, and a GC
 * reference passed out as an externref. */
enum { TYPE_HOST_BOX = 3, TYPE_EXTERN_BOX = 4 };
static const wasmrt_functype host_box_type = {.kind = TYPE_HOST_BOX};
static const wasmrt_functype extern_box_type = {.kind = TYPE_EXTERN_BOX};

static _Atomic(wasmrt_gc_object *) all_objects;

wasmrt_gc_object *wasmrt_gc_alloc(const wasmrt_functype *type, size_t payload_size, uint32_t length) {
  wasmrt_gc_object *obj = NULL;
  if (payload_size <= SIZE_MAX - sizeof *obj) obj = calloc(1, sizeof *obj + payload_size);
  if (obj == NULL) wasmrt_trap(WASMRT_TRAP_OUT_OF_MEMORY);
  obj->type = type;
  obj->length = length;
  wasmrt_gc_object *head = atomic_load_explicit(&all_objects, memory_order_relaxed);
  do obj->next_object = head;
  while (!atomic_compare_exchange_weak_explicit(&all_objects, &head, obj, memory_order_release,
                                                memory_order_relaxed));
  return obj;
}

/* A field's size in a struct (wasmrt_gc_new); an array's element size. */
static size_t field_size(wasmrt_valtype t, int in_array) {
  switch (t) {
    case WASMRT_I8: return 1;
    case WASMRT_I16: return 2;
    case WASMRT_I32: case WASMRT_F32: return 4;
    case WASMRT_I64: case WASMRT_F64: return 8;
    case WASMRT_V128: return 16;
    default: return in_array ? sizeof(void *) : 8;
  }
}

/* Stores one promoted vararg as a field of type t at p. */
static void store_vararg(char *p, wasmrt_valtype t, va_list *ap) {
  switch (t) {
    case WASMRT_I8: { uint8_t v = (uint8_t)va_arg(*ap, uint32_t); memcpy(p, &v, 1); break; }
    case WASMRT_I16: { uint16_t v = (uint16_t)va_arg(*ap, uint32_t); memcpy(p, &v, 2); break; }
    case WASMRT_I32: { uint32_t v = va_arg(*ap, uint32_t); memcpy(p, &v, 4); break; }
    case WASMRT_I64: { uint64_t v = va_arg(*ap, uint64_t); memcpy(p, &v, 8); break; }
    case WASMRT_F32: { float v = (float)va_arg(*ap, double); memcpy(p, &v, 4); break; }
    case WASMRT_F64: { double v = va_arg(*ap, double); memcpy(p, &v, 8); break; }
    case WASMRT_V128: { wasmrt_v128 v = va_arg(*ap, wasmrt_v128); memcpy(p, &v, 16); break; }
    default: { void *v = va_arg(*ap, void *); memcpy(p, &v, sizeof v); break; }
  }
}

wasmrt_gc_object *wasmrt_gc_new(const wasmrt_functype *type, uint32_t length, int how, ...) {
  va_list ap;
  va_start(ap, how);
  wasmrt_gc_object *obj;
  if (type->kind == WASMRT_TYPE_ARRAY) {
    size_t size = field_size(type->types[0], 1);
    obj = wasmrt_gc_alloc(type, (size_t)length * size, length);
    for (uint32_t i = 0; how && i < length; i++) {
      store_vararg(WASMRT_GC_PAYLOAD(obj) + i * size, type->types[0], &ap);
      if (how == 2) { /* the same value everywhere: copy the first */
        for (uint32_t k = 1; k < length; k++) memcpy(WASMRT_GC_PAYLOAD(obj) + k * size, WASMRT_GC_PAYLOAD(obj), size);
        break;
      }
    }
  } else {
    /* two passes over the fields: the payload's size, then the stores */
    size_t off = 0;
    for (uint32_t i = 0; i < type->nparams; i++) {
      size_t size = field_size(type->types[i], 0);
      off = (off + size - 1) / size * size + size;
    }
    obj = wasmrt_gc_alloc(type, off, 0);
    off = 0;
    for (uint32_t i = 0; how && i < type->nparams; i++) {
      size_t size = field_size(type->types[i], 0);
      off = (off + size - 1) / size * size;
      store_vararg(WASMRT_GC_PAYLOAD(obj) + off, type->types[i], &ap);
      off += size;
    }
  }
  va_end(ap);
  return obj;
}

/* Element i of data bytes (little-endian) into p, of the host's order. */
static void store_le(char *p, const uint8_t *bytes, size_t size) {
  if (size > 8) { /* v128: bytes in lane order already */
    memcpy(p, bytes, size);
    return;
  }
  uint64_t v = 0;
  for (size_t b = size; b-- > 0;) v = v << 8 | bytes[b];
  uint8_t v8 = (uint8_t)v;
  uint16_t v16 = (uint16_t)v;
  uint32_t v32 = (uint32_t)v;
  memcpy(p, size == 1 ? (void *)&v8 : size == 2 ? (void *)&v16 : size == 4 ? (void *)&v32 : (void *)&v, size);
}

static void copy_data(wasmrt_gc_object *obj, uint32_t dst, const uint8_t *seg, uint32_t seg_len, uint32_t offset,
                      uint32_t n) {
  size_t size = field_size(obj->type->types[0], 1);
  if ((uint64_t)offset + (uint64_t)n * size > seg_len) wasmrt_trap(WASMRT_TRAP_OOB_MEMORY);
  for (uint32_t i = 0; i < n; i++)
    store_le(WASMRT_GC_PAYLOAD(obj) + (size_t)(dst + i) * size, seg + offset + (size_t)i * size, size);
}

wasmrt_gc_object *wasmrt_gc_array_new_data(const wasmrt_functype *type, const uint8_t *seg, uint32_t seg_len,
                                           uint32_t offset, uint32_t n) {
  size_t size = field_size(type->types[0], 1);
  if ((uint64_t)offset + (uint64_t)n * size > seg_len) wasmrt_trap(WASMRT_TRAP_OOB_MEMORY);
  wasmrt_gc_object *obj = wasmrt_gc_alloc(type, (size_t)n * size, n);
  copy_data(obj, 0, seg, seg_len, offset, n);
  return obj;
}

void wasmrt_gc_array_init_data(wasmrt_gc_object *obj, uint32_t dst, const uint8_t *seg, uint32_t seg_len,
                               uint32_t offset, uint32_t n) {
  if ((uint64_t)dst + n > obj->length) wasmrt_trap(WASMRT_TRAP_OOB_ARRAY);
  copy_data(obj, dst, seg, seg_len, offset, n);
}

wasmrt_valtype wasmrt_gc_ref_kind(const void *ref) {
  if (ref == NULL) return 0;
  if (wasmrt_ref_is_i31(ref)) return WASMRT_I31REF;
  const wasmrt_gc_object *obj = ref;
  if (obj->type == &host_box_type) return WASMRT_EXTERNREF;
  return obj->type->kind == WASMRT_TYPE_ARRAY ? WASMRT_ARRAYREF : WASMRT_STRUCTREF;
}

/* ------------------------------------------------------ extern conversions */

/* An externref may be any host pointer, which cannot be read to see
 * whether it is one of our extern boxes: their addresses are kept in a set
 * (open addressing, at most half full), looked up under a lock. */
static pthread_mutex_t boxes_lock = PTHREAD_MUTEX_INITIALIZER;
static void **boxes;
static size_t boxes_cap, boxes_count;

static size_t box_slot(void *const *set, size_t cap, const void *p) {
  size_t i = (size_t)(((uintptr_t)p >> 4) * 0x9E3779B97F4A7C15u) & (cap - 1);
  while (set[i] != NULL && set[i] != p) i = (i + 1) & (cap - 1);
  return i;
}

static int boxes_add(void *box) {
  if (2 * (boxes_count + 1) > boxes_cap) {
    size_t cap = boxes_cap ? 2 * boxes_cap : 64;
    void **grown = calloc(cap, sizeof *grown);
    if (grown == NULL) return -1;
    for (size_t i = 0; i < boxes_cap; i++)
      if (boxes[i]) grown[box_slot(grown, cap, boxes[i])] = boxes[i];
    free(boxes);
    boxes = grown;
    boxes_cap = cap;
  }
  boxes[box_slot(boxes, boxes_cap, box)] = box;
  boxes_count++;
  return 0;
}

static void *box(const wasmrt_functype *type, void *value) {
  wasmrt_gc_object *obj = wasmrt_gc_alloc(type, sizeof value, 0);
  *(void **)WASMRT_GC_PAYLOAD(obj) = value;
  return obj;
}

static void *unbox(const void *obj) { return *(void *const *)WASMRT_GC_PAYLOAD(obj); }

void *wasmrt_any_convert_extern(void *ext) {
  if (ext == NULL) return NULL;
  pthread_mutex_lock(&boxes_lock);
  int ours = boxes_cap && boxes[box_slot(boxes, boxes_cap, ext)] == ext;
  pthread_mutex_unlock(&boxes_lock);
  return ours ? unbox(ext) : box(&host_box_type, ext);
}

void *wasmrt_extern_convert_any(void *any) {
  if (any == NULL) return NULL;
  if (!wasmrt_ref_is_i31(any) && ((wasmrt_gc_object *)any)->type == &host_box_type) return unbox(any);
  void *b = box(&extern_box_type, any);
  pthread_mutex_lock(&boxes_lock);
  int failed = boxes_add(b);
  pthread_mutex_unlock(&boxes_lock);
  if (failed) wasmrt_trap(WASMRT_TRAP_OUT_OF_MEMORY);
  return b;
}

int wasmrt_ref_test(const void *ref, int nullable, wasmrt_valtype heap, const wasmrt_functype *type) {
  if (ref == NULL) return nullable != 0;
  if (type != NULL && heap == WASMRT_FUNCREF) return wasmrt_functype_sub(((const wasmrt_funcref *)ref)->type, type);
  switch (heap) {
    case WASMRT_NULLREF: case WASMRT_NULLFUNCREF: case WASMRT_NULLEXTERNREF: case WASMRT_NULLEXNREF: return 0;
    case WASMRT_ANYREF: case WASMRT_FUNCREF: case WASMRT_EXTERNREF: case WASMRT_EXNREF: return 1;
    case WASMRT_EQREF: return wasmrt_gc_ref_kind(ref) != WASMRT_EXTERNREF; /* all but host values */
    case WASMRT_I31REF: return wasmrt_ref_is_i31(ref);
    default: break; /* struct or array */
  }
  if (wasmrt_gc_ref_kind(ref) != heap) return 0;
  return type == NULL || wasmrt_functype_sub(((const wasmrt_gc_object *)ref)->type, type);
}
