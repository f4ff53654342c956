/* validate_internal.h - what the two halves of the validator share.
 *
 * validate.c       module level: limits, index spaces, exports, segments,
 *                  constant expressions; collects the declared function
 *                  references (the spec's C.refs).
 * validate_expr.c  function bodies: the operand-stack typing algorithm.
 */
#ifndef WASMCC_VALIDATE_INTERNAL_H
#define WASMCC_VALIDATE_INTERNAL_H

#include <stdarg.h>

#include "module.h"

/* One bit per function index: set when the function is referenced outside
 * function bodies (element segments, exports, global initialisers), which is
 * what makes `ref.func` on it valid inside a body. */
typedef struct FuncRefSet {
  uint8_t *bits;
  uint32_t nfuncs;
} FuncRefSet;

static inline bool func_ref_declared(const FuncRefSet *refs, uint32_t func_index) {
  return func_index < refs->nfuncs && ((refs->bits[func_index / 8] >> (func_index % 8)) & 1);
}

/* Validates every defined function's body. Requires the module-level checks
 * (type indices of functions in range) to have passed. */
bool validate_function_bodies(const Module *m, const FuncRefSet *refs, Error *err);

/* Write a printf-style message, the offset and the function index (-1: none)
 * into err and return false, so callers can `return validation_fail(...)`. */
bool validation_fail(Error *err, size_t offset, int64_t func, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;
bool validation_failv(Error *err, size_t offset, int64_t func, const char *fmt, va_list ap);

/* valtype_name, except that the validator's bottom type prints as "any". */
const char *stack_type_name(ValType t);

#endif
