;; Found by seed 1947 (every configuration): an i64 constant below 2^32 was
;; written as a C literal of type unsigned int ("0x40000u"), so where it was the
;; left operand of a shift, or both operands were constants, C computed in 32
;; bits: 0x40000 << 21 gave 0, and 5 - 6 gave 0xFFFFFFFF. Now "0x40000ull".
(module
  (import "fuzzing-support" "log-i64" (func $log (param i64)))
  (func (export "shl") (param i64) (result i64)
    (i64.shl (i64.const 0x40000) (i64.add (local.get 0) (i64.const 21))))
  (func (export "shl_const") (result i64)
    (i64.shl (i64.const 0x40000) (i64.const 21)))
  (func (export "rotl_const") (result i64)
    (i64.rotl (i64.const 0x80000000) (i64.const 1)))
  (func (export "shr_s_const") (result i64)
    (i64.shr_s (i64.const 0xFFFF) (i64.const 63)))
  (func (export "mul_const") (result i64)
    (i64.mul (i64.const 0x10000) (i64.const 0x10000)))
  (func (export "sub_const") (result i64)
    (i64.sub (i64.const 5) (i64.const 6)))
  (func (export "add_const") (result i64)
    (i64.add (i64.const 0xFFFFFFFF) (i64.const 1)))
  (func (export "xor_const") (result i64)
    (i64.xor (i64.const 0xFFFF) (i64.const -1)))
  (func (export "logged")
    (call $log (i64.sub (i64.const 0) (i64.const 1))))
  (func (export "in_if") (result i32)
    (if (result i32) (i64.eqz (i64.shl (i64.const 0x40000) (i64.const 21)))
      (then (i32.const 1)) (else (i32.const 2)))))
