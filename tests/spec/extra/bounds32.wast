;; Checked-mode bounds at the edges the 32-bit check (wcc_checked_addr32_in,
;; wcc_checked_fit32_in) and WCC_ADDR_FIT treat specially: offset + size
;; within memory 0's minimum (one compare) or beyond it (two), addresses near
;; 2^32 (a > ms - (off + n) must not wrap), and a memory grown past its
;; minimum. Leaf functions (no calls: no stack check) reached from deep
;; recursion must still let the recursion trap. Memories of a fixed size
;; (min == max: a constant ms, WCC_MEM_ENTER_FIXED) at the end.

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

;; A memory whose size cannot change (min == max): generated code enters it
;; with WCC_MEM_ENTER_FIXED, a constant ms the C compiler uses to drop checks
;; it proves redundant. The others must still trap, and at the right access:
;; a loop's stores before the faulting one stay done.
(module
  (memory (export "mem") 1 1)
  (data (i32.const 65532) "\01\02\03\04")
  (func (export "load_fit") (param i32) (result i32) (i32.load offset=16 (local.get 0)))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load_far") (param i32) (result i32) (i32.load offset=65532 (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
  ;; stores n bytes of value v from p up, an index checked on every round
  (func (export "fill") (param $p i32) (param $n i32) (param $v i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $n)))
        (i32.store8 (local.get $p) (local.get $v))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $next))))
  ;; sums the bytes of [0, n): every index below n is in bounds if n <= 65536
  (func (export "sum") (param $n i32) (result i32) (local $i i32) (local $s i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $s (i32.add (local.get $s) (i32.load8_u (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))
)
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 4))
(assert_return (invoke "load_fit" (i32.const 65516)) (i32.const 0x04030201))
(assert_trap (invoke "load_fit" (i32.const 65517)) "out of bounds memory access")
(assert_trap (invoke "load_fit" (i32.const 0xFFFFFFF0)) "out of bounds memory access")
(assert_trap (invoke "load8" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "load8" (i32.const 0xFFFFFFFF)) "out of bounds memory access")
(assert_return (invoke "load_far" (i32.const 0)) (i32.const 0x04030201))
(assert_trap (invoke "load_far" (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "load_far" (i32.const 0xFFFFFFFF)) "out of bounds memory access")
(assert_return (invoke "sum" (i32.const 65536)) (i32.const 10))
(assert_trap (invoke "sum" (i32.const 65537)) "out of bounds memory access")
;; stores 65530..65535, then traps at 65536
(assert_trap (invoke "fill" (i32.const 65530) (i32.const 10) (i32.const 9)) "out of bounds memory access")
(assert_return (invoke "load8" (i32.const 65529)) (i32.const 0))
(assert_return (invoke "load8" (i32.const 65530)) (i32.const 9))
(assert_return (invoke "load8" (i32.const 65535)) (i32.const 9))
(assert_trap (invoke "fill" (i32.const 0xFFFFFFFF) (i32.const 2) (i32.const 9)) "out of bounds memory access")
;; it cannot grow, so the constant stays right
(assert_return (invoke "grow" (i32.const 1)) (i32.const -1))
(assert_return (invoke "grow" (i32.const 0)) (i32.const 1))
(assert_return (invoke "size") (i32.const 1))
(assert_trap (invoke "load8" (i32.const 65536)) "out of bounds memory access")

;; the same memory imported by a module that declares it fixed too
(register "fixed")
(module
  (import "fixed" "mem" (memory 1 1))
  (func (export "load16") (param i32) (result i32) (i32.load16_u (local.get 0)))
)
(assert_return (invoke "load16" (i32.const 65534)) (i32.const 0x0909))
(assert_trap (invoke "load16" (i32.const 65535)) "out of bounds memory access")

;; fixed at two pages, and at none: every access traps
(module
  (memory 2 2)
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
)
(assert_return (invoke "load" (i32.const 131068)) (i32.const 0))
(assert_trap (invoke "load" (i32.const 131069)) "out of bounds memory access")
(module
  (memory 0 0)
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load_off") (param i32) (result i32) (i32.load offset=8 (local.get 0)))
)
(assert_trap (invoke "load8" (i32.const 0)) "out of bounds memory access")
(assert_trap (invoke "load_off" (i32.const 0)) "out of bounds memory access")
