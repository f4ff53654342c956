(;; atomics.wat - what an atomic i32 access costs next to a plain one: six
  ;; loops, each doing n accesses of one kind to a shared memory (`run`
  ;; times them), each to the word (i * 4) mod 4096. Every export returns a
  ;; checksum so nothing is dead. ;)
(module
  (memory 1 1 shared)
  (func (export "load_plain") (param $n i32) (result i32)
    (local $i i32) (local $s i32) (local $a i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 4092)))
        (local.set $s (i32.add (local.get $s) (i32.load (local.get $a))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))
  (func (export "load_atomic") (param $n i32) (result i32)
    (local $i i32) (local $s i32) (local $a i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 4092)))
        (local.set $s (i32.add (local.get $s) (i32.atomic.load (local.get $a))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $s))
  (func (export "store_plain") (param $n i32) (result i32)
    (local $i i32) (local $s i32) (local $a i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 4092)))
        (i32.store (local.get $a) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.load (i32.const 4)))
  (func (export "store_atomic") (param $n i32) (result i32)
    (local $i i32) (local $s i32) (local $a i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 4092)))
        (i32.atomic.store (local.get $a) (local.get $i))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.load (i32.const 4)))
  (func (export "add_plain") (param $n i32) (result i32)
    (local $i i32) (local $s i32) (local $a i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 4092)))
        (i32.store (local.get $a) (i32.add (i32.load (local.get $a)) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.load (i32.const 4)))
  (func (export "add_atomic") (param $n i32) (result i32)
    (local $i i32) (local $s i32) (local $a i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $a (i32.and (i32.shl (local.get $i) (i32.const 2)) (i32.const 4092)))
        (drop (i32.atomic.rmw.add (local.get $a) (local.get $i)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (i32.load (i32.const 4)))
)
