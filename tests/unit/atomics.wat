;; The module test_atomic.c runs on several threads at once (one instance,
;; one shared memory): read-modify-write counters, a ping-pong over
;; memory.atomic.wait32/notify, waiters, accesses at the top of a memory
;; that another thread grows, and the loops of the atomics benchmark.
(module
  (memory (export "memory") 1 64 shared)

  ;; n times: memory[addr] += 1 (i32.atomic.rmw.add)
  (func (export "add_loop") (param $addr i32) (param $n i32)
    (loop $l
      (drop (i32.atomic.rmw.add (local.get $addr) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  ;; n times: memory[addr] += 1 with an i64 compare-exchange loop
  (func (export "cas_loop") (param $addr i32) (param $n i32)
    (local $old i64)
    (loop $l
      (loop $retry
        (local.set $old (i64.atomic.load (local.get $addr)))
        (br_if $retry (i64.ne (local.get $old)
          (i64.atomic.rmw.cmpxchg (local.get $addr) (local.get $old)
            (i64.add (local.get $old) (i64.const 1))))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))

  ;; rounds times: wait until the counter at addr has this parity, then
  ;; increment it and wake the other thread
  (func (export "pingpong") (param $addr i32) (param $parity i32) (param $rounds i32)
    (local $v i32)
    (loop $round
      (block $mine
        (loop $wait
          (local.set $v (i32.atomic.load (local.get $addr)))
          (br_if $mine (i32.eq (i32.and (local.get $v) (i32.const 1)) (local.get $parity)))
          (drop (memory.atomic.wait32 (local.get $addr) (local.get $v) (i64.const -1)))
          (br $wait)))
      (i32.atomic.store (local.get $addr) (i32.add (local.get $v) (i32.const 1)))
      (drop (memory.atomic.notify (local.get $addr) (i32.const 1)))
      (br_if $round (local.tee $rounds (i32.sub (local.get $rounds) (i32.const 1))))))

  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32)
    (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "store") (param i32 i32) (i32.atomic.store (local.get 0) (local.get 1)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))

  ;; Until the memory has 64 pages (and at least n times): a plain store and
  ;; load of a thread's own word just below the current top of memory;
  ;; returns how many loads read something else
  (func (export "touch_top") (param $tid i32) (param $n i32) (result i32)
    (local $a i32) (local $bad i32)
    (loop $l
      (local.set $a (i32.sub (i32.mul (memory.size) (i32.const 65536))
                             (i32.mul (i32.add (local.get $tid) (i32.const 1)) (i32.const 4))))
      (i32.store (local.get $a) (i32.add (local.get $n) (local.get $tid)))
      (if (i32.ne (i32.load (local.get $a)) (i32.add (local.get $n) (local.get $tid)))
        (then (local.set $bad (i32.add (local.get $bad) (i32.const 1)))))
      (local.set $n (i32.sub (local.get $n) (i32.const 1)))
      (br_if $l (i32.or (i32.gt_s (local.get $n) (i32.const 0)) (i32.lt_u (memory.size) (i32.const 64)))))
    (local.get $bad))

;; benchmark loops (one thread): n read-modify-writes or loads, walking
  ;; over 256 words so that no C compiler can fold the loop away
  (func (export "bench_atomic_rmw") (param $n i32)
    (loop $l
      (drop (i32.atomic.rmw.add offset=1024 (i32.shl (i32.and (local.get $n) (i32.const 255)) (i32.const 2))
                                (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "bench_plain_rmw") (param $n i32)
    (local $a i32)
    (loop $l
      (local.set $a (i32.shl (i32.and (local.get $n) (i32.const 255)) (i32.const 2)))
      (i32.store offset=1024 (local.get $a) (i32.add (i32.load offset=1024 (local.get $a)) (i32.const 1)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "bench_atomic_load") (param $n i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (i32.atomic.load offset=1024 (i32.shl (i32.and (local.get $n) (i32.const 255)) (i32.const 2)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))
  (func (export "bench_plain_load") (param $n i32) (result i32)
    (local $sum i32)
    (loop $l
      (local.set $sum (i32.add (local.get $sum)
        (i32.load offset=1024 (i32.shl (i32.and (local.get $n) (i32.const 255)) (i32.const 2)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))
)
