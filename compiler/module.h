/* module.h - the in-memory WebAssembly module shared by every phase of wasmcc.
 *
 * Phases (one file each):  reader.c  bytes -> Module          (structure, malformed checks)
 *                          validate.c Module -> ok/error      (typing of every function body)
 *                          emit.c     Module -> C files        (code generation)
 * Function bodies are NOT decoded into an instruction array: they stay as byte
 * ranges into the input buffer and are decoded on the fly with the instruction
 * decoder in decode.c (used by both validator and emitter), so memory stays
 * proportional to the module, not to its code size times a constant.
 */
#ifndef WASMCC_MODULE_H
#define WASMCC_MODULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- value types ----
 * The low byte is the binary encoding of the type's kind: a number or vector
 * type, or for references the abstract heap type (0x70 func, 0x6F extern).
 * References carry more above it: VT_NON_NULL for (ref ht) without null, and
 * a type index + 1 in the bits from VT_INDEX_SHIFT for (ref null? $t), whose
 * kind is func, struct or array as $t is (inside the type section, before
 * the reader fixes it, func). So VT_FUNCREF and VT_EXTERNREF are exactly
 * (ref null func) and (ref null extern), and code that only cares about the
 * C representation switches on valtype_repr(). */
typedef uint32_t ValType;
enum {
  VT_I32 = 0x7F, VT_I64 = 0x7E, VT_F32 = 0x7D, VT_F64 = 0x7C, VT_V128 = 0x7B,
  VT_FUNCREF = 0x70, VT_EXTERNREF = 0x6F,
  VT_EXNREF = 0x69, /* (ref null exn): a caught exception (exception handling) */
  /* GC: the abstract heap types of the any hierarchy and the bottoms */
  VT_ANYREF = 0x6E, VT_EQREF = 0x6D, VT_I31REF = 0x6C, VT_STRUCTREF = 0x6B, VT_ARRAYREF = 0x6A,
  VT_NULLREF = 0x71, VT_NULLEXTERNREF = 0x72, VT_NULLFUNCREF = 0x73, VT_NULLEXNREF = 0x74,
  VT_UNKNOWN = 0x00, /* validator only: the bottom type of an unreachable stack */
  VT_NON_NULL = 0x100,
  VT_INDEX_SHIFT = 9,
};
/* Type indices a reference type can hold (23 bits, index + 1). */
#define VT_MAX_TYPE_INDEX ((UINT32_C(1) << (32 - VT_INDEX_SHIFT)) - 2)

static inline uint8_t valtype_kind(ValType t) { return (uint8_t)(t & 0xFF); }
/* The heap types of the any hierarchy (GC): struct and array references,
 * i31s, and the host values any.convert_extern makes. */
static inline bool heap_kind_is_any(uint8_t k) {
  return k == VT_ANYREF || k == VT_EQREF || k == VT_I31REF || k == VT_STRUCTREF || k == VT_ARRAYREF ||
         k == VT_NULLREF;
}
/* The top of a reference type's hierarchy (any, func, extern or exn), which
 * is also its C representation; the type itself for a number or vector. */
static inline uint8_t valtype_repr(ValType t) {
  uint8_t k = (uint8_t)(t & 0xFF);
  if (heap_kind_is_any(k)) return VT_ANYREF;
  switch (k) {
    case VT_NULLFUNCREF: return VT_FUNCREF;
    case VT_NULLEXTERNREF: return VT_EXTERNREF;
    case VT_NULLEXNREF: return VT_EXNREF;
    default: return k;
  }
}
static inline bool valtype_is_ref(ValType t) {
  uint8_t r = valtype_repr(t);
  return r == VT_FUNCREF || r == VT_EXTERNREF || r == VT_EXNREF || r == VT_ANYREF;
}
static inline bool valtype_nullable(ValType t) { return !(t & VT_NON_NULL); }
/* (ref null? $t): a concrete heap type, index valtype_index(t). */
static inline bool valtype_has_index(ValType t) { return (t >> VT_INDEX_SHIFT) != 0; }
static inline uint32_t valtype_index(ValType t) { return (t >> VT_INDEX_SHIFT) - 1; }
static inline ValType valtype_typed_ref(uint32_t type_index, bool nullable) {
  return VT_FUNCREF | (nullable ? 0 : VT_NON_NULL) | (type_index + 1) << VT_INDEX_SHIFT;
}
static inline ValType valtype_with_null(ValType t, bool nullable) {
  return nullable ? t & ~(ValType)VT_NON_NULL : t | VT_NON_NULL;
}
/* Types with a default value (all but non-nullable references): locals of
 * other types must be set before they are read. */
static inline bool valtype_defaultable(ValType t) { return valtype_nullable(t); }

enum { EXT_FUNC = 0, EXT_TABLE = 1, EXT_MEMORY = 2, EXT_GLOBAL = 3, EXT_TAG = 4 };

typedef struct FuncType {
  uint32_t nparams, nresults;
  ValType *params, *results;
} FuncType;

/* ---- defined types (Wasm 3.0 type section) ----
 * The type section is a sequence of recursion groups (`rec`); each member is
 * a subtype declaration `sub final? $super? comptype`, and type indices count
 * members one by one. A plain `(type (func ...))` is a group of one, final,
 * without supertype. Types inside a group may name each other; outside it
 * only earlier types. Function types are translated; struct and array types
 * (GC) take part in equivalence and subtyping, and references to them are
 * values (docs/ARCHITECTURE.md, GC), but the instructions that make and
 * access them are not translated yet. */
enum { TYPE_FORM_FUNC = 0x60, TYPE_FORM_STRUCT = 0x5F, TYPE_FORM_ARRAY = 0x5E }; /* binary form bytes */
#define NO_SUPERTYPE UINT32_MAX

/* A field of a struct or array: its storage type, a value type or a packed
 * one (only in fields), and whether it is mutable. */
enum { STORAGE_I8 = 0x78, STORAGE_I16 = 0x77 };
typedef struct FieldType {
  ValType storage; /* a ValType or STORAGE_I8 / STORAGE_I16 */
  bool mutable_;
} FieldType;

typedef struct TypeDef {
  uint8_t form;     /* TYPE_FORM_* */
  bool final;       /* `sub final` (or no `sub`): no type may declare it as supertype */
  uint32_t super;   /* the declared supertype's index, or NO_SUPERTYPE */
  uint32_t group;   /* its recursion group, index into Module.groups */
  /* The first type of the module equivalent to it (iso-recursively: same
   * position in an equal group), so equivalence is one comparison
   * (types.c, computed by the reader). */
  uint32_t canon;
  FuncType func;    /* form TYPE_FORM_FUNC; all zero for the other forms */
  uint32_t nfields; /* form TYPE_FORM_STRUCT: its fields; TYPE_FORM_ARRAY: one, the elements' */
  FieldType *fields;
  size_t offset;    /* of its declaration, for messages */
} TypeDef;

typedef struct RecGroup {
  uint32_t first, count; /* its types: [first, first + count) */
} RecGroup;

typedef struct Limits {
  uint64_t min, max;
  bool has_max;
  bool is64; /* flags 4-7: index type i64 (memory64, table64); else i32 */
  bool shared; /* flag 2: a shared memory (threads) */
} Limits;

typedef struct TableType {
  ValType elem; /* a reference type */
  Limits limits; /* limits.is64: indices are i64 (table64) */
} TableType;

/* The value type of a table's indices, sizes and lengths. */
static inline ValType table_index_type(const TableType *t) { return t->limits.is64 ? VT_I64 : VT_I32; }

typedef struct GlobalType {
  ValType type;
  bool mutable_;
} GlobalType;

/* A constant expression, kept as its byte range (validated; emitter decodes it). */
typedef struct ConstExpr {
  size_t offset, len; /* into Module.bytes; len includes the final `end` */
} ConstExpr;

typedef struct Import {
  char *module, *name;  /* NUL-terminated copies; lengths kept for names with NULs */
  uint32_t module_len, name_len;
  uint8_t kind;         /* EXT_* */
  uint32_t type_index;  /* EXT_FUNC, EXT_TAG */
  TableType table;      /* EXT_TABLE */
  Limits memory;        /* EXT_MEMORY */
  GlobalType global;    /* EXT_GLOBAL */
  size_t offset;        /* byte offset of the import entry, for messages */
} Import;

typedef struct Func {
  uint32_t type_index;
  bool imported;
  /* defined functions only: */
  uint32_t nlocals;      /* locals after the params */
  ValType *locals;       /* nlocals entries, expanded */
  size_t body_offset;    /* first instruction (after the locals declaration) */
  size_t body_end;       /* one past the final `end` */
  char *debug_name;      /* from the name section, or NULL */
} Func;

typedef struct Table {
  TableType type;
  bool imported;
  bool has_init;  /* defined tables: an init expression for every element */
  ConstExpr init; /* (0x40 0x00 encoding); else elements start null */
} Table;

typedef struct Memory {
  Limits limits; /* limits.is64: addresses are i64 (memory64) */
  bool imported;
} Memory;

/* The value type of a memory's addresses, sizes and lengths. */
static inline ValType memory_index_type(const Memory *mem) { return mem->limits.is64 ? VT_I64 : VT_I32; }

typedef struct Global {
  GlobalType type;
  bool imported;
  ConstExpr init; /* defined globals */
} Global;

/* An exception tag: its type is a function type without results, whose
 * parameters are the exception's payload. */
typedef struct Tag {
  uint32_t type_index;
  bool imported;
} Tag;

typedef struct Export {
  char *name;
  uint32_t name_len;
  uint8_t kind;
  uint32_t index;
} Export;

enum { SEG_ACTIVE, SEG_PASSIVE, SEG_DECLARATIVE };

typedef struct ElemSegment {
  uint8_t mode;           /* SEG_* */
  uint32_t table_index;   /* active */
  ConstExpr offset;       /* active */
  ValType type;           /* a reference type */
  uint32_t count;
  /* Either function indices (the compact encodings) or one const expr per item. */
  uint32_t *func_indices; /* non-NULL when encoded as indices */
  ConstExpr *exprs;       /* non-NULL when encoded as expressions */
} ElemSegment;

typedef struct DataSegment {
  uint8_t mode;           /* SEG_ACTIVE or SEG_PASSIVE */
  uint32_t memory_index;
  ConstExpr offset;
  size_t data_offset;     /* into Module.bytes */
  uint32_t len;
} DataSegment;

/* Features a module may use. All are on by default (Wasm 3.0); turning one
 * off makes the validator judge modules as an earlier standard does. */
enum {
  FEATURE_MULTI_MEMORY = 1u << 0,   /* more than one memory */
  FEATURE_EXTENDED_CONST = 1u << 1, /* i32/i64 add, sub, mul and defined globals in constant exprs */
  FEATURE_MULTI_TABLE = 1u << 2,    /* more than one table (Wasm 2.0's reference types) */
  FEATURES_ALL = FEATURE_MULTI_MEMORY | FEATURE_EXTENDED_CONST | FEATURE_MULTI_TABLE
};

typedef struct Module {
  const char *filename;   /* for messages */
  uint32_t features;      /* FEATURE_* bits the module may use */
  const uint8_t *bytes;   /* the whole input, owned by the caller, outlives Module */
  size_t size;

  uint32_t ntypes;    TypeDef *types;
  uint32_t ngroups;   RecGroup *groups;  /* the type section's recursion groups, in order */
  uint32_t nimports;  Import *imports;
  /* Index spaces: imports first, then definitions (as in the spec). */
  uint32_t nfuncs, nimported_funcs;       Func *funcs;
  uint32_t ntables, nimported_tables;     Table *tables;
  uint32_t nmemories, nimported_memories; Memory *memories;
  uint32_t nglobals, nimported_globals;   Global *globals;
  uint32_t ntags, nimported_tags;         Tag *tags;
  uint32_t nexports;  Export *exports;
  uint32_t nelems;    ElemSegment *elems;
  uint32_t ndatas;    DataSegment *datas;
  bool has_start;     uint32_t start;
  bool has_data_count; uint32_t data_count;
  uint32_t ncode;     /* number of bodies in the code section (must equal defined funcs) */
  char *module_name;  /* from the name section, or NULL */
} Module;

/* ---- errors ---- */
/* Every phase reports the first error into this struct and returns false.
 * Message format printed by the driver: "FILE:0xOFFSET: [in function N (name):] message". */
typedef struct Error {
  size_t offset;
  int64_t func;       /* function index, or -1 */
  bool about_output;  /* an output could not be written: offset and func mean nothing */
  char msg[512];
} Error;

/* ---- phase entry points ---- */
/* reader.c: decode the binary, judged with the given FEATURE_* bits. On
 * failure fills err and returns false; the partially built module is still
 * freed by module_free. */
bool read_module(Module *m, const char *filename, const uint8_t *bytes, size_t size, uint32_t features,
                 Error *err);
void module_free(Module *m);

/* validate.c */
bool validate_module(const Module *m, Error *err);

/* helpers shared by the phases (reader.c) */
const FuncType *func_type(const Module *m, uint32_t func_index);
/* The function type of type index t; NULL if t is no function type (GC) or
 * out of range. */
const FuncType *type_func(const Module *m, uint32_t t);

/* types.c */
/* "i32", "funcref", "(ref null 3)", "(ref func)": for messages. The result
 * lives in one of a few rotating per-thread buffers, so a message can show
 * several types. */
const char *valtype_name(ValType t);
/* a <: b: (ref $t) <: (ref null $t) <: (ref null func) and (ref $t) <:
 * (ref func) <: (ref null func) for a function type $t (a struct or array
 * type's references are not funcs); (ref $a) <: (ref $b) when $b is $a (type
 * equivalence) or, transitively, $a's declared supertype. VT_UNKNOWN (the
 * validator's bottom) is a subtype of everything. */
bool valtype_sub(const Module *m, ValType a, ValType b);
/* Type equivalence (iso-recursive, see TypeDef.canon). */
bool valtype_equal(const Module *m, ValType a, ValType b);
bool type_equal(const Module *m, uint32_t a, uint32_t b);
/* Type index a is b or a (transitive) declared subtype of it. */
bool type_sub(const Module *m, uint32_t a, uint32_t b);
/* Fills TypeDef.canon of every type. False only when out of memory. */
bool canonicalise_types(Module *m);
/* (ref null? $t) with the kind $t's form gives it (func, struct, array). */
ValType valtype_type_ref(const Module *m, uint32_t type_index, bool nullable);
/* t with that kind when it names a type below m->ntypes; else t. */
ValType valtype_fix_kind(const Module *m, ValType t);

#endif
