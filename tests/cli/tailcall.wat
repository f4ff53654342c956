;; Tail calls (tests/cli/run, tail_call_cases): chains of 10^7 tail calls
;; must run in constant native stack at any optimisation level.
(module
  (type $pred (func (param i64) (result i32)))
  (memory 1)
  (table funcref (elem $even_indirect $odd_indirect))

  ;; Mutual recursion through return_call.
  (func $even (export "even") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call $odd (i64.sub (local.get 0) (i64.const 1))))))
  (func $odd (export "odd") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call $even (i64.sub (local.get 0) (i64.const 1))))))

  ;; The same through the table: element 0 is even, 1 is odd.
  (func $even_indirect (export "even_indirect") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 1))
      (else (return_call_indirect (type $pred) (i64.sub (local.get 0) (i64.const 1)) (i32.const 1)))))
  (func $odd_indirect (export "odd_indirect") (param i64) (result i32)
    (if (result i32) (i64.eqz (local.get 0))
      (then (i32.const 0))
      (else (return_call_indirect (type $pred) (i64.sub (local.get 0) (i64.const 1)) (i32.const 0)))))

  ;; Between different signatures: count(n, acc) -> step(n - 1, acc as f64, 1) -> count(n - 1, acc + 1).
  (func $count (export "count") (param i64 i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0))
      (then (local.get 1))
      (else (return_call $step (i64.sub (local.get 0) (i64.const 1)) (f64.convert_i64_u (local.get 1))
                               (i32.const 1)))))
  (func $step (param i64 f64 i32) (result i64)
    (return_call $count (local.get 0)
                        (i64.add (i64.trunc_f64_u (local.get 1)) (i64.extend_i32_u (local.get 2)))))

  ;; Ordinary recursion in a function with tail calls still exhausts the
  ;; stack (clang -O2 once computed it at compile time in checked mode).
  (func $depth (export "depth") (param i32) (result i32)
    (if (result i32) (local.get 0)
      (then (i32.add (i32.const 1) (call $depth (i32.sub (local.get 0) (i32.const 1)))))
      (else (return_call $zero))))
  (func $zero (result i32) (i32.const 0))

  ;; A load in a tail-called body: a guard-page fault names the function.
  (func $peek (export "peek") (param i32 i32) (result i32)
    (if (result i32) (i32.eqz (local.get 1))
      (then (i32.load (local.get 0)))
      (else (return_call $peek (local.get 0) (i32.sub (local.get 1) (i32.const 1))))))
)
