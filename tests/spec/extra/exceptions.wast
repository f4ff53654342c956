;; Exception handling cases the 3.0 suite leaves out, each a way the C
;; translation (setjmp/longjmp handlers, volatile locals, exception
;; ownership) could go wrong. Run at -O0 and -O2, in both memory modes.

(module $M
  (type $i2i (func (param i32) (result i32)))
  (tag $e0 (export "e0") (param i32))
  (tag $e1 (export "e1") (param i32))
  (tag $empty (export "empty"))
  (tag $multi (param i64 f32 f64 v128))
  (tag $refs (param funcref externref))
  (memory 1)
  (global $kept (mut exnref) (ref.null exn))
  (table $exns 2 exnref)

  (func $throw0 (export "throw-e0") (param i32) (throw $e0 (local.get 0)))

  ;; A local changed inside the try body is read after the catch: it must
  ;; not come back from a register saved by setjmp.
  (func (export "local-after-catch") (param $n i32) (result i32)
    (local $acc i32) (local $i i32)
    (block $caught (result i32)
      (try_table (catch $e0 $caught)
        (loop $l
          (local.set $acc (i32.add (local.get $acc) (local.get $i)))
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (call $throw0 (local.get $acc)))
      (unreachable))
    ;; the payload, plus the local as it was at the throw
    (i32.add (i32.mul (local.get $acc) (i32.const 1000))))

  ;; Parameters too.
  (func (export "param-after-catch") (param $p i32) (result i32)
    (block $caught (result i32)
      (try_table (catch $e0 $caught)
        (local.set $p (i32.add (local.get $p) (i32.const 5)))
        (call $throw0 (i32.const 1)))
      (unreachable))
    (drop)
    (local.get $p))

  ;; A branch out of a try_table leaves its handler: a later throw must go
  ;; to the caller, not to the handler of a finished block.
  (func (export "br-out-then-throw") (param i32) (result i32)
    (block $out
      (block $h (result i32)
        (try_table (catch $e0 $h)
          (br_if $out (local.get 0)))
        (i32.const 0))
      (return))
    (call $throw0 (i32.const 9))
    (i32.const -1))

  ;; br_table out of two nested try_tables, then a throw.
  (func (export "br-table-out") (param i32) (result i32)
    (block $a
      (block $b
        (block $h (result i32)
          (try_table (catch $e0 $h)
            (try_table (catch $e1 $h)
              (br_table $a $b (local.get 0))))
          (i32.const 0))
        (return))
      (call $throw0 (i32.const 2)))
    (call $throw0 (i32.const 1))
    (i32.const -1))

  ;; return from inside a try_table leaves the handler too.
  (func $return-inside (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e0 $h) (return (local.get 0)))
      (unreachable))
    (drop)
    (i32.const -7))
  (func (export "return-then-throw") (result i32)
    (drop (call $return-inside (i32.const 3)))
    (call $throw0 (i32.const 4))
    (i32.const -1))

  ;; A tail call from inside a try_table: the callee runs outside it, so its
  ;; exception goes to the caller (+2000), never to the tail caller (+1000).
  (func $throw-result (param i32) (result i32) (throw $e0 (local.get 0)))
  (func $tail-in-try (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e0 $h)
        (return_call $throw-result (local.get 0)))
      (unreachable))
    (i32.const 1000)
    (i32.add))
  (func (export "tail-call-escapes") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e0 $h) (return (call $tail-in-try (local.get 0))))
      (unreachable))
    (i32.const 2000)
    (i32.add))

  ;; Payloads of every value type.
  (func (export "multi") (result i64 f32 f64 i32)
    (local $v v128)
    (block $h (result i64 f32 f64 v128)
      (try_table (catch $multi $h)
        (throw $multi (i64.const -5) (f32.const 1.5) (f64.const -2.25)
                      (v128.const i32x4 1 2 3 4)))
      (unreachable))
    (local.set $v)
    (i32x4.extract_lane 3 (local.get $v)))
  (func $plus1 (type $i2i) (i32.add (local.get 0) (i32.const 1)))
  (elem declare func $plus1)
  (table $fns 1 funcref)
  (func (export "refs") (param externref) (result i32 externref)
    (local $x externref) (local $f funcref)
    (block $h (result funcref externref)
      (try_table (catch $refs $h) (throw $refs (ref.func $plus1) (local.get 0)))
      (unreachable))
    (local.set $x)
    (local.set $f)
    (table.set $fns (i32.const 0) (local.get $f))
    (call_indirect $fns (type $i2i) (i32.const 41) (i32.const 0))
    (local.get $x))

  ;; An exnref kept in a global and a table is thrown again and again: each
  ;; throw_ref throws a copy, the kept one stays valid.
  (func $catch-ref (param i32) (result exnref)
    (local $x exnref)
    (block $h (result i32 exnref)
      (try_table (catch_ref $e0 $h) (call $throw0 (local.get 0)))
      (unreachable))
    (local.set $x)
    (drop)
    (local.get $x))
  (func (export "keep") (param i32)
    (global.set $kept (call $catch-ref (local.get 0)))
    (table.set $exns (i32.const 1) (global.get $kept)))
  (func $rethrow-kept (param exnref) (result i32)
    (block $h (result i32)
      (try_table (catch $e0 $h) (throw_ref (local.get 0)))
      (unreachable))
    (return))
  (func (export "rethrow-kept") (param $times i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (call $rethrow-kept (global.get $kept))))
      (local.set $sum (i32.add (local.get $sum) (call $rethrow-kept (table.get $exns (i32.const 1)))))
      (br_if $l (local.tee $times (i32.sub (local.get $times) (i32.const 1)))))
    (local.get $sum))
  (func (export "throw-ref-null")
    (throw_ref (ref.null exn)))

  ;; Many exceptions thrown and caught: none may be left behind.
  (func (export "many") (param $n i32) (result i32)
    (local $sum i32)
    (loop $l
      (block $h (result i32)
        (try_table (catch $e0 $h) (call $throw0 (local.get $n)))
        (unreachable))
      (local.set $sum (i32.add (local.get $sum)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))

  ;; memory.grow inside the try body, then the memory is used after the
  ;; catch: checked mode must see the grown (possibly moved) memory.
  (func (export "grow-in-try") (result i32)
    (block $h (result i32)
      (try_table (catch $e0 $h)
        (drop (memory.grow (i32.const 3)))
        (i32.store (i32.const 0x30000) (i32.const 77))
        (call $throw0 (i32.const 0x30000)))
      (unreachable))
    (i32.load)
    (i32.add (i32.load (i32.const 0x3fffc))))

  ;; Traps are not exceptions: catch_all does not stop them.
  (func (export "trap-through-catch-all") (result i32)
    (block $h
      (try_table (catch_all $h) (unreachable)))
    (i32.const 5))
)

(assert_return (invoke "local-after-catch" (i32.const 5)) (i32.const 10010))
(assert_return (invoke "local-after-catch" (i32.const 100)) (i32.const 4954950))
(assert_return (invoke "param-after-catch" (i32.const 10)) (i32.const 15))
(assert_return (invoke "br-out-then-throw" (i32.const 0)) (i32.const 0))
(assert_exception (invoke "br-out-then-throw" (i32.const 1)))
(assert_exception (invoke "br-table-out" (i32.const 0)))
(assert_exception (invoke "br-table-out" (i32.const 1)))
(assert_exception (invoke "br-table-out" (i32.const 5)))
(assert_exception (invoke "return-then-throw"))
(assert_return (invoke "tail-call-escapes" (i32.const 3)) (i32.const 2003))
(assert_return (invoke "multi") (i64.const -5) (f32.const 1.5) (f64.const -2.25) (i32.const 4))
(assert_return (invoke "refs" (ref.extern 7)) (i32.const 42) (ref.extern 7))
(assert_trap (invoke "rethrow-kept" (i32.const 1)) "null exception reference")
(invoke "keep" (i32.const 21))
(assert_return (invoke "rethrow-kept" (i32.const 1000)) (i32.const 42000))
(assert_trap (invoke "throw-ref-null") "null exception reference")
(assert_return (invoke "many" (i32.const 100000)) (i32.const 705082704))
(assert_return (invoke "grow-in-try") (i32.const 77))
(assert_trap (invoke "trap-through-catch-all") "unreachable")

;; Tags are identities: a module that imports $M's tag catches $M's
;; exceptions; its own tag of the same type does not.
(register "M" $M)
(module $N
  (tag $e0 (import "M" "e0") (param i32))
  (tag $mine (param i32))
  (func $throw (import "M" "throw-e0") (param i32))
  (func (export "catch-imported") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e0 $h) (call $throw (local.get 0)))
      (unreachable)))
  (func (export "catch-own") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $mine $h) (call $throw (local.get 0)))
      (unreachable)))
  (func (export "throw-own") (throw $mine (i32.const 3)))
)
(assert_return (invoke $N "catch-imported" (i32.const 8)) (i32.const 8))
(assert_exception (invoke $N "catch-own" (i32.const 8)))
(assert_exception (invoke $N "throw-own"))
(assert_unlinkable
  (module (tag (import "M" "e0") (param i64)))
  "incompatible import type")
(assert_unlinkable
  (module (tag (import "M" "empty") (param i32)))
  "incompatible import type")
