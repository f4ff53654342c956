;; The module test_thread_stress.c runs on 16 threads at once (one instance,
;; one shared memory): each export either traps in its own way or grows the
;; memory and touches its top, so traps, grows and accesses overlap.
(module
  (memory (export "memory") 1 4096 shared)

  ;; always out of bounds: the maximum is 256 MiB
  (func (export "oob") (param $tid i32) (result i32)
    (i32.load (i32.sub (i32.const -16) (local.get $tid))))

  (func (export "trap_unreachable") (unreachable))

  ;; endless recursion: CALL_STACK_EXHAUSTED
  (func $recurse (export "recurse") (param $n i32) (result i32)
    (i32.add (call $recurse (i32.add (local.get $n) (i32.const 1))) (i32.const 1)))

  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))

  ;; store tid in the last word of the memory as it is now, read it back
  ;; (another thread may have stored its own since: any tid is fine) and
  ;; return it; an access must never trap while others grow
  (func (export "touch_top") (param $tid i32) (result i32)
    (local $addr i32)
    (local.set $addr (i32.sub (i32.mul (memory.size) (i32.const 65536)) (i32.const 4)))
    (i32.atomic.store (local.get $addr) (local.get $tid))
    (i32.atomic.load (local.get $addr))))
