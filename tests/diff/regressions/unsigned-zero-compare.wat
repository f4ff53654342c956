;; gcc -Wextra (-Wtype-limits) rejects `x >= 0u` and `x < 0u` as always true or
;; false, and the generated C must compile warning-free: the unsigned
;; comparisons with a constant 0 are written as their result. The operands
;; still have to be evaluated (the loads here trap).
(module
  (memory 1)
  (func (export "ge_u") (param i32) (result i32) (i32.ge_u (local.get 0) (i32.const 0)))
  (func (export "lt_u") (param i32) (result i32) (i32.lt_u (local.get 0) (i32.const 0)))
  (func (export "le_u") (param i32) (result i32) (i32.le_u (i32.const 0) (local.get 0)))
  (func (export "gt_u") (param i32) (result i32) (i32.gt_u (i32.const 0) (local.get 0)))
  (func (export "ge_u64") (param i64) (result i32) (i64.ge_u (local.get 0) (i64.const 0)))
  (func (export "lt_u64") (param i64) (result i32) (i64.lt_u (local.get 0) (i64.const 0)))
  (func (export "le_u64") (param i64) (result i32) (i64.le_u (i64.const 0) (local.get 0)))
  (func (export "gt_u64") (param i64) (result i32) (i64.gt_u (i64.const 0) (local.get 0)))
  (func (export "not_folded") (param i32) (result i32)
    (i32.add (i32.lt_u (i32.const 0) (local.get 0)) (i32.gt_u (local.get 0) (i32.const 0))))
  (func (export "zero_zero") (result i32)
    (i32.add (i32.ge_u (i32.const 0) (i32.const 0)) (i64.lt_u (i64.const 0) (i64.const 0))))
  (func (export "load_traps") (result i32)
    (i32.ge_u (i32.load (i32.const 65536)) (i32.const 0)))
  (func (export "load64_traps") (result i32)
    (i64.gt_u (i64.const 0) (i64.load (i32.const -1)))))
