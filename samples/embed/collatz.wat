;; A small module for the embedding sample: it imports a host function,
;; owns a memory the host reads, and exports functions that compute and trap.
(module
  (import "host" "report" (func $report (param i32 i32)))
  (memory (export "memory") 1)

  ;; Number of Collatz steps from n down to 1.
  (func $steps (export "steps") (param $n i64) (result i32)
    (local $count i32)
    (block $done
      (loop $next
        (br_if $done (i64.le_u (local.get $n) (i64.const 1)))
        (local.set $n
          (if (result i64) (i64.eqz (i64.and (local.get $n) (i64.const 1)))
            (then (i64.shr_u (local.get $n) (i64.const 1)))
            (else (i64.add (i64.mul (local.get $n) (i64.const 3)) (i64.const 1)))))
        (local.set $count (i32.add (local.get $count) (i32.const 1)))
        (br $next)))
    (local.get $count))

  ;; Writes steps(1..n) into memory as i32s and reports the longest chain.
  (func (export "table") (param $n i32)
    (local $i i32) (local $s i32) (local $best i32) (local $best_i i32)
    (local.set $i (i32.const 1))
    (block $done
      (loop $next
        (br_if $done (i32.gt_u (local.get $i) (local.get $n)))
        (local.set $s (call $steps (i64.extend_i32_u (local.get $i))))
        (i32.store (i32.shl (local.get $i) (i32.const 2)) (local.get $s))
        (if (i32.gt_u (local.get $s) (local.get $best))
          (then (local.set $best (local.get $s)) (local.set $best_i (local.get $i))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $report (local.get $best_i) (local.get $best)))

  ;; Divides, trapping on zero: shows how a trap reaches the host.
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_u (local.get 0) (local.get 1))))
