;; Tail calls beyond the spec scripts (tests/CMakeLists.txt: spec3_tail_call_*,
;; run by tests/spec/run like a suite script): values of every type through
;; the trampoline's slots, several results, deep chains, traps inside a chain,
;; and chains across modules whose trampolines have fewer slots than a callee
;; needs (the tail entry then makes an ordinary call).

(module $A
  (type $six (func (param i32 i64 f32 f64 i32 i64) (result i64)))
  (type $l (func (param i64) (result i64)))
  (table $t (export "table") 8 funcref)
  (elem (table $t) (i32.const 0) func $sum6 $vloop $start $ping)

  ;; One parameter to six: counts p0 down by tail calls, p5 accumulates.
  (func $start (export "start") (param i32) (result i64)
    (return_call $sum6 (local.get 0) (i64.const 0) (f32.const 0.5) (f64.const 0.25) (i32.const 3)
                       (i64.const 0)))
  (func $sum6 (type $six)
    (if (result i64) (i32.eqz (local.get 0))
      (then
        (i64.add (local.get 5)
          (i64.add (local.get 1)
            (i64.add (i64.trunc_f32_u (local.get 2))
              (i64.add (i64.trunc_f64_u (local.get 3)) (i64.extend_i32_u (local.get 4)))))))
      (else
        (return_call $sum6
          (i32.sub (local.get 0) (i32.const 1))
          (i64.add (local.get 1) (i64.const 2))
          (f32.add (local.get 2) (f32.const 0.5))
          (f64.add (local.get 3) (f64.const 0.25))
          (local.get 4)
          (i64.add (local.get 5) (i64.extend_i32_u (local.get 0)))))))

  ;; v128 in and out of the slots.
  (func $vloop (export "vloop") (param v128 i32) (result v128)
    (if (result v128) (i32.eqz (local.get 1))
      (then (local.get 0))
      (else (return_call $vloop (i32x4.add (local.get 0) (v128.const i32x4 1 2 3 4))
                                (i32.sub (local.get 1) (i32.const 1))))))

  ;; Several results, tail-called through the table with a different type.
  (func $swap (export "swap") (param i32 i64 i32) (result i64 i32)
    (if (result i64 i32) (i32.eqz (local.get 2))
      (then (local.get 1) (local.get 0))
      (else (return_call $swap (i32.wrap_i64 (local.get 1)) (i64.extend_i32_u (local.get 0))
                               (i32.sub (local.get 2) (i32.const 1))))))
  (func (export "swap2") (param i32 i32) (result i64 i32)
    (return_call $swap (local.get 0) (i64.const 7) (local.get 1)))

  ;; References in the slots.
  (func $refs (export "refs") (param externref funcref i32) (result externref)
    (if (result externref) (i32.eqz (local.get 2))
      (then (if (result externref) (ref.is_null (local.get 1)) (then (ref.null extern)) (else (local.get 0))))
      (else (return_call $refs (local.get 0) (ref.func $refs) (i32.sub (local.get 2) (i32.const 1))))))
  (elem declare func $refs)

  ;; Half of a ping-pong across modules: B puts its half in table slot 4.
  (func $ping (export "ping") (type $l)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 7))
      (else (return_call_indirect $t (type $l) (i64.sub (local.get 0) (i64.const 1)) (i32.const 4)))))

  ;; Several results after a tail call that needs six slots.
  (func $mv6 (param i32 i32 i32 i32 i32 i32) (result i32 i64)
    (if (result i32 i64) (i32.eqz (local.get 0))
      (then (i32.add (local.get 1) (local.get 5)) (i64.const -1))
      (else (return_call $mv6 (i32.sub (local.get 0) (i32.const 1)) (i32.add (local.get 1) (i32.const 1))
                              (local.get 2) (local.get 3) (local.get 4) (local.get 5)))))
  (func $mv (export "mv") (param i32) (result i32 i64)
    (return_call $mv6 (local.get 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 100)))

  ;; Non-tail recursion in a function with tail calls still exhausts the stack.
  (func $deep (export "deep") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (i32.const 1) (call $deep (i32.sub (local.get 0) (i32.const 1)))))
      (else (return_call $zero))))
  (func $zero (result i32) (i32.const 0))

  ;; Traps inside a chain.
  (func (export "null-entry") (result i64)
    (return_call_indirect $t (type $l) (i64.const 1) (i32.const 7)))
  (func (export "wrong-type") (result i64)
    (return_call_indirect $t (type $l) (i64.const 1) (i32.const 0)))
)

(assert_return (invoke "start" (i32.const 0)) (i64.const 3))
(assert_return (invoke "start" (i32.const 10)) (i64.const 85))
(assert_return (invoke "start" (i32.const 1_000_000)) (i64.const 500003250003))
(assert_return (invoke "vloop" (v128.const i32x4 0 0 0 10) (i32.const 1_000_000))
               (v128.const i32x4 1000000 2000000 3000000 4000010))
(assert_return (invoke "swap" (i32.const 1) (i64.const 2) (i32.const 1_000_001)) (i64.const 1) (i32.const 2))
(assert_return (invoke "swap2" (i32.const 5) (i32.const 0)) (i64.const 7) (i32.const 5))
(assert_return (invoke "refs" (ref.extern 1) (ref.null func) (i32.const 0)) (ref.null extern))
(assert_return (invoke "refs" (ref.extern 1) (ref.null func) (i32.const 1_000_000)) (ref.extern 1))
(assert_return (invoke "mv" (i32.const 1_000_000)) (i32.const 1000100) (i64.const -1))
(assert_return (invoke "deep" (i32.const 1000)) (i32.const 1000))
(assert_exhaustion (invoke "deep" (i32.const -1)) "call stack exhausted")
(assert_trap (invoke "null-entry") "uninitialized element")
(assert_trap (invoke "wrong-type") "indirect call type mismatch")
(register "A" $A)

;; B's types have at most two parameters or results, so its trampolines have
;; two slots: A's functions entered from them fall back to ordinary calls
;; where they tail-call six-parameter functions.
(module $B
  (type $l (func (param i64) (result i64)))
  (type $one (func (param i32) (result i64)))
  (type $two (func (param i32) (result i32 i64)))
  (import "A" "table" (table $t 8 funcref))
  (import "A" "start" (func $start (type $one)))
  (import "A" "mv" (func $mv (type $two)))
  (import "A" "ping" (func $ping (type $l)))
  (elem (table $t) (i32.const 4) func $pong)
  (func $pong (export "pong") (type $l)
    (if (result i64) (i64.eqz (local.get 0))
      (then (i64.const 8))
      (else (return_call $ping (i64.sub (local.get 0) (i64.const 1))))))
  (func (export "start-via-table") (param i32) (result i64)
    (return_call_indirect $t (type $one) (local.get 0) (i32.const 2)))
  (func (export "start-via-import") (param i32) (result i64)
    (return_call $start (local.get 0)))
  (func (export "mv-via-import") (param i32) (result i32 i64)
    (return_call $mv (local.get 0)))
)

(assert_return (invoke "start-via-table" (i32.const 10)) (i64.const 85))
(assert_return (invoke "start-via-table" (i32.const 1_000_000)) (i64.const 500003250003))
(assert_return (invoke "start-via-import" (i32.const 1_000_000)) (i64.const 500003250003))
(assert_return (invoke "mv-via-import" (i32.const 1_000_000)) (i32.const 1000100) (i64.const -1))
;; A chain alternating between the modules, started in either.
(assert_return (invoke "pong" (i64.const 10_000_000)) (i64.const 8))
(assert_return (invoke "pong" (i64.const 10_000_001)) (i64.const 7))
(assert_return (invoke $A "ping" (i64.const 10_000_000)) (i64.const 7))
