;; A shared 64-bit memory (memory64 + threads): atomics and wait check
;; alignment and bounds with i64 addresses, beyond 4 GiB too, and grow.
(module
  (memory i64 1 2 shared)
  (func (export "rmw") (param i64 i32) (result i32) (i32.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "load") (param i64) (result i32) (i32.load (local.get 0)))
  (func (export "wait") (param i64 i32 i64) (result i32) (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
)
(assert_return (invoke "rmw" (i64.const 8) (i32.const 3)) (i32.const 0))
(assert_return (invoke "load" (i64.const 8)) (i32.const 3))
(assert_trap (invoke "rmw" (i64.const 6) (i32.const 3)) "unaligned atomic")
(assert_trap (invoke "rmw" (i64.const 65536) (i32.const 3)) "out of bounds memory access")
(assert_trap (invoke "rmw" (i64.const 0x100000000) (i32.const 3)) "out of bounds memory access")
(assert_return (invoke "wait" (i64.const 8) (i32.const 3) (i64.const 0)) (i32.const 2))
(assert_trap (invoke "wait" (i64.const 0xfffffffffffffffc) (i32.const 3) (i64.const 0)) "out of bounds memory access")
(assert_return (invoke "grow" (i64.const 1)) (i64.const 1))
(assert_return (invoke "rmw" (i64.const 65536) (i32.const 3)) (i32.const 0))
