;; table64 beyond the 3.0 scripts: i64 indices of 2^32 and more must trap
;; (never wrap to a small index) in every table instruction, call_indirect,
;; return_call_indirect, table.init and active element segments; grow by
;; 2^32 or more fails with -1; copies between 32- and 64-bit tables; imports
;; match on the index type.
(module
  (type $ret (func (result i32)))
  (func $seven (type $ret) (i32.const 7))
  (func $eight (type $ret) (i32.const 8))
  (table $t64 i64 2 10 funcref)
  (table $t32 2 funcref)
  (table $x64 i64 3 externref)
  (elem (table $t64) (i64.const 0) func $seven $eight)
  (elem (table $t32) (i32.const 0) func $eight $seven)
  (elem $seg func $eight $seven)

  (func (export "get") (param i64) (result funcref) (table.get $t64 (local.get 0)))
  (func (export "set") (param i64) (table.set $t64 (local.get 0) (ref.func $seven)))
  (func (export "call") (param i64) (result i32) (call_indirect $t64 (type $ret) (local.get 0)))
  (func (export "tail") (param i64) (result i32) (return_call_indirect $t64 (type $ret) (local.get 0)))
  (func (export "size") (result i64) (table.size $t64))
  (func (export "grow") (param i64) (result i64) (table.grow $t64 (ref.null func) (local.get 0)))
  (func (export "fill") (param i64 i64) (table.fill $t64 (local.get 0) (ref.func $eight) (local.get 1)))
  (func (export "copy") (param i64 i64 i64) (table.copy $t64 $t64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_to32") (param i32 i64 i32) (table.copy $t32 $t64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "copy_to64") (param i64 i32 i32) (table.copy $t64 $t32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "call32") (param i32) (result i32) (call_indirect $t32 (type $ret) (local.get 0)))
  (func (export "init") (param i64 i32 i32) (table.init $t64 $seg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "xset") (param i64 externref) (table.set $x64 (local.get 0) (local.get 1)))
  (func (export "xget") (param i64) (result externref) (table.get $x64 (local.get 0)))
  (func (export "xfill") (param i64 externref i64) (table.fill $x64 (local.get 0) (local.get 1) (local.get 2)))
)

(assert_return (invoke "call" (i64.const 0)) (i32.const 7))
(assert_return (invoke "call" (i64.const 1)) (i32.const 8))
(assert_return (invoke "tail" (i64.const 1)) (i32.const 8))
;; 2^32 would be 0 and 2^32+1 would be 1 if the index were truncated
(assert_trap (invoke "call" (i64.const 0x1_0000_0000)) "undefined element")
(assert_trap (invoke "call" (i64.const 0x1_0000_0001)) "undefined element")
(assert_trap (invoke "call" (i64.const -1)) "undefined element")
(assert_trap (invoke "tail" (i64.const 0x1_0000_0000)) "undefined element")
(assert_trap (invoke "get" (i64.const 0x1_0000_0000)) "out of bounds table access")
(assert_trap (invoke "get" (i64.const -1)) "out of bounds table access")
(assert_trap (invoke "set" (i64.const 0x1_0000_0001)) "out of bounds table access")
(assert_trap (invoke "xset" (i64.const 0x1_0000_0000) (ref.extern 1)) "out of bounds table access")
(assert_trap (invoke "xget" (i64.const 0x1_0000_0002)) "out of bounds table access")
(assert_return (invoke "xget" (i64.const 2)) (ref.null extern))

;; fill and copy: an index of 2^32 with length 0 is still out of bounds, and
;; index + length must not wrap
(assert_trap (invoke "fill" (i64.const 0x1_0000_0000) (i64.const 0)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 1) (i64.const -1)) "out of bounds table access")
(assert_trap (invoke "fill" (i64.const 1) (i64.const 0x1_0000_0000)) "out of bounds table access")
(assert_trap (invoke "xfill" (i64.const -1) (ref.extern 1) (i64.const 2)) "out of bounds table access")
(assert_return (invoke "fill" (i64.const 2) (i64.const 0)))
(assert_trap (invoke "copy" (i64.const 0x1_0000_0000) (i64.const 0) (i64.const 0)) "out of bounds table access")
(assert_trap (invoke "copy" (i64.const 0) (i64.const 0x1_0000_0000) (i64.const 0)) "out of bounds table access")
(assert_trap (invoke "copy" (i64.const 1) (i64.const 0) (i64.const -1)) "out of bounds table access")
(assert_trap (invoke "copy_to32" (i32.const 0) (i64.const 0x1_0000_0000) (i32.const 1)) "out of bounds table access")
(assert_trap (invoke "copy_to64" (i64.const 0x1_0000_0000) (i32.const 0) (i32.const 1)) "out of bounds table access")
(assert_trap (invoke "init" (i64.const 0x1_0000_0000) (i32.const 0) (i32.const 0)) "out of bounds table access")
(assert_trap (invoke "init" (i64.const -1) (i32.const 0) (i32.const 1)) "out of bounds table access")
(assert_return (invoke "call" (i64.const 0)) (i32.const 7))

;; grow by 2^32 or more fails (-1) and leaves the size alone
(assert_return (invoke "size") (i64.const 2))
(assert_return (invoke "grow" (i64.const 0x1_0000_0000)) (i64.const -1))
(assert_return (invoke "grow" (i64.const -1)) (i64.const -1))
(assert_return (invoke "grow" (i64.const 9)) (i64.const -1))
(assert_return (invoke "size") (i64.const 2))
(assert_return (invoke "grow" (i64.const 2)) (i64.const 2))
(assert_return (invoke "size") (i64.const 4))
(assert_trap (invoke "call" (i64.const 3)) "uninitialized element")

;; copies between the two index types, and table.init at an i64 offset
(assert_return (invoke "copy_to64" (i64.const 2) (i32.const 0) (i32.const 2)))
(assert_return (invoke "call" (i64.const 2)) (i32.const 8))
(assert_return (invoke "call" (i64.const 3)) (i32.const 7))
(assert_return (invoke "copy_to32" (i32.const 0) (i64.const 0) (i32.const 1)))
(assert_return (invoke "call32" (i32.const 0)) (i32.const 7))
(assert_return (invoke "init" (i64.const 0) (i32.const 0) (i32.const 2)))
(assert_return (invoke "call" (i64.const 0)) (i32.const 8))
(assert_return (invoke "fill" (i64.const 1) (i64.const 3)))
(assert_return (invoke "call" (i64.const 3)) (i32.const 8))
(assert_return (invoke "set" (i64.const 3)))
(assert_return (invoke "call" (i64.const 3)) (i32.const 7))

;; active segments: an i64 offset, computed by an extended constant; an
;; offset of 2^32 on a small table traps at instantiation
(module
  (global $base i64 (i64.const 0x1_0000_0000))
  (table $t i64 4 funcref)
  (func $f (result i32) (i32.const 5))
  (elem (table $t) (i64.sub (global.get $base) (i64.const 0xFFFF_FFFF)) func $f)
  (func (export "call") (param i64) (result i32) (call_indirect $t (result i32) (local.get 0)))
)
(assert_return (invoke "call" (i64.const 1)) (i32.const 5))
(assert_trap
  (module
    (table $t i64 4 funcref)
    (func $f)
    (elem (table $t) (i64.const 0x1_0000_0000) func $f))
  "out of bounds table access")

;; the largest maximum, and a table of non-null references with an init
;; expression; growth stops at the implementation limit without failing the
;; module
(module
  (type $ret (func (result i32)))
  (func $nine (type $ret) (i32.const 9))
  (table $big (export "big") i64 1 0xffff_ffff_ffff_ffff funcref)
  (table $nn i64 3 (ref $ret) (ref.func $nine))
  (func (export "call_nn") (param i64) (result i32) (call_indirect $nn (type $ret) (local.get 0)))
  (func (export "grow_big") (param i64) (result i64) (table.grow $big (ref.null func) (local.get 0)))
)
(assert_return (invoke "call_nn" (i64.const 2)) (i32.const 9))
(assert_trap (invoke "call_nn" (i64.const 0x1_0000_0002)) "undefined element")
(assert_return (invoke "grow_big" (i64.const 0x1_0000_0000)) (i64.const -1))
(assert_return (invoke "grow_big" (i64.const 1)) (i64.const 1))
(register "wide")

;; imports match on the index type and on the declared maximum
(module (import "wide" "big" (table i64 2 funcref)))
(module (import "wide" "big" (table i64 0 0xffff_ffff_ffff_ffff funcref)))
(assert_unlinkable (module (import "wide" "big" (table 1 funcref))) "incompatible import type")
(assert_unlinkable
  (module (import "wide" "big" (table i64 1 0x1_0000_0000 funcref)))
  "incompatible import type")
(assert_unlinkable (module (import "spectest" "table" (table i64 10 funcref))) "incompatible import type")
(module
  (import "spectest" "table64" (table $t i64 10 20 funcref))
  (func (export "size") (result i64) (table.size $t)))
(assert_return (invoke "size") (i64.const 10))

;; the binary encoding: limits flags 4 (min) and 5 (min, max) on a table
(module binary "\00asm\01\00\00\00\04\04\01\70\04\01")
(module binary "\00asm\01\00\00\00\04\0e\01\70\05\00\ff\ff\ff\ff\ff\ff\ff\ff\ff\01")

;; validation: every operand of a table64 instruction is i64, except
;; table.init's segment offset and length and a mixed copy's length
(assert_invalid
  (module (table i64 1 funcref) (func (drop (table.get (i32.const 0)))))
  "type mismatch")
(assert_invalid
  (module (table i64 1 funcref) (func (result i32) (table.size)))
  "type mismatch")
(assert_invalid
  (module (table i64 1 funcref) (func (result i32) (table.grow (ref.null func) (i64.const 1))))
  "type mismatch")
(assert_invalid
  (module (table i64 1 funcref) (func (call_indirect (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (table i64 1 funcref) (func (table.fill (i64.const 0) (ref.null func) (i32.const 1))))
  "type mismatch")
(assert_invalid
  (module (table i64 1 funcref) (elem func) (func (table.init 0 (i64.const 0) (i64.const 0) (i32.const 0))))
  "type mismatch")
(assert_invalid
  (module (table i64 1 funcref) (func $f) (elem (table 0) (i32.const 0) func $f))
  "type mismatch")
(assert_invalid
  (module (table $a i64 1 funcref) (table $b i64 1 funcref)
    (func (table.copy $a $b (i64.const 0) (i64.const 0) (i32.const 0))))
  "type mismatch")
