;; Checked-mode bounds at the edges the 32-bit check (wcc_checked_addr32_in,
;; wcc_checked_fit32_in) and WCC_ADDR_FIT treat specially: offset + size
;; within memory 0's minimum (one compare) or beyond it (two), addresses near
;; 2^32 (a > ms - (off + n) must not wrap), and a memory grown past its
;; minimum. Leaf functions (no calls: no stack check) reached from deep
;; recursion must still let the recursion trap.

(module
  (memory 1 3)
  ;; offset + size within the minimum: WCC_ADDR_FIT
  (func (export "load_fit") (param i32) (result i32) (i32.load offset=16 (local.get 0)))
  (func (export "load8_fit") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "store_fit") (param i32 i32) (i32.store16 offset=2 (local.get 0) (local.get 1)))
  ;; offset + size beyond the minimum (65536): the full check
  (func (export "load_far") (param i32) (result i32) (i32.load offset=65536 (local.get 0)))
  (func (export "load64_huge") (param i32) (result i64) (i64.load offset=4294967295 (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
)

(assert_return (invoke "load_fit" (i32.const 0)) (i32.const 0))
(assert_return (invoke "load_fit" (i32.const 65516)) (i32.const 0))
(assert_trap (invoke "load_fit" (i32.const 65517)) "out of bounds memory access")
(assert_trap (invoke "load_fit" (i32.const 0xFFFFFFF0)) "out of bounds memory access")
(assert_trap (invoke "load_fit" (i32.const 0xFFFFFFFF)) "out of bounds memory access")
(assert_return (invoke "load8_fit" (i32.const 65535)) (i32.const 0))
(assert_trap (invoke "load8_fit" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "load8_fit" (i32.const 0xFFFFFFFF)) "out of bounds memory access")
(assert_return (invoke "store_fit" (i32.const 65532) (i32.const 0x1234)))
(assert_return (invoke "load8_fit" (i32.const 65534)) (i32.const 0x34))
(assert_trap (invoke "store_fit" (i32.const 65533) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "store_fit" (i32.const 0xFFFFFFFE) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "load_far" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "load64_huge" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "load64_huge" (i32.const 0xFFFFFFFF)) "out of bounds memory access")

;; grown to 2 pages: both kinds of access reach the new page, and no further
(assert_return (invoke "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke "load_fit" (i32.const 131052)) (i32.const 0))
(assert_trap (invoke "load_fit" (i32.const 131053)) "out of bounds memory access")
(assert_return (invoke "load8_fit" (i32.const 131071)) (i32.const 0))
(assert_trap (invoke "load8_fit" (i32.const 131072)) "out of bounds memory access")
(assert_return (invoke "load_far" (i32.const 65532)) (i32.const 0))
(assert_trap (invoke "load_far" (i32.const 65533)) "out of bounds memory access")
(assert_trap (invoke "load_far" (i32.const 0xFFFFFFFC)) "out of bounds memory access")
(assert_trap (invoke "load64_huge" (i32.const 1)) "out of bounds memory access")

;; a memory with no pages: every access traps, even at offset 0
(module
  (memory 0)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
)
(assert_trap (invoke "load" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "load8" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "load8" (i32.const 0xFFFFFFFF)) "out of bounds memory access")

;; recursion whose every level also calls a leaf (which does not check)
(module
  (memory 1)
  (func $leaf (param i32) (result i32) (i32.add (i32.load8_u (i32.const 7)) (local.get 0)))
  (func $deep (export "deep") (param i32) (result i32)
    (call $deep (call $leaf (local.get 0))))
  (func (export "leaf") (param i32) (result i32) (call $leaf (local.get 0)))
)
(assert_return (invoke "leaf" (i32.const 5)) (i32.const 5))
(assert_exhaustion (invoke "deep" (i32.const 0)) "call stack exhausted")
