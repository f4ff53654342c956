/* spectest.h - the "spectest" host module that the spec test suite imports from.
 *
 * It is described like a module wasmcc generated (a wasmrt_module), so the test
 * harness links against it exactly as against a registered wasm instance. */
#ifndef SPECTEST_H
#define SPECTEST_H

#include "wasmrt.h"

/* Exports, as the suite's conventions (and the reference interpreter) define them:
 *   print, print_i32, print_i64, print_f32, print_f64, print_i32_f32, print_f64_f64
 *   global_i32 = 666, global_i64 = 666, global_f32 = 666.6, global_f64 = 666.6
 *   table: 10 funcref, max 20;  table64: the same, i64 index type;  memory: 1 page, max 2
 * The memory is created in the mode this file is compiled for (WASMRT_BOUNDS_CHECK). */
extern const wasmrt_module spectest_module;

#endif
