;; Imports whose names need escaping (quote, comment end, NUL, UTF-8) and
;; whose types are the hard ones for a C declaration: v128 and funcref
;; parameters, several results, a table, a tag, a mutable global, a 64-bit
;; memory. Its header must compile as C and C++ (tests/embed/run imports).
(module
  (import "we\"ird*/mod" "f\00n\c3\a9?" (func (param v128 funcref) (result i32 i64 f64)))
  (import "env" "t" (table 1 10 funcref))
  (import "env" "tag" (tag (param i32)))
  (import "env" "g" (global (mut i64)))
  (import "env" "m64" (memory i64 1 2))
  (func (export "x") (result i32) (i32.const 1)))
