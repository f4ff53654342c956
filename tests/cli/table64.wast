;; A 64-bit table (table64) in a native program: call_indirect with an i64
;; index, and an index of 2^32 + 1 traps rather than wrapping to 1.
;; tests/cli/run converts it with tools/wast2json.
(module
  (type $ret (func (result i32)))
  (func $seven (type $ret) (i32.const 7))
  (func $eight (type $ret) (i32.const 8))
  (table $t i64 2 funcref)
  (elem (table $t) (i64.const 0) func $seven $eight)
  (func (export "call") (param i64) (result i32) (call_indirect $t (type $ret) (local.get 0)))
  (func (export "size") (result i64) (table.size $t)))
