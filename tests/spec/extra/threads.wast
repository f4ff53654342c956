;; Threads, beyond the proposal's own scripts: the alignment check uses the
;; effective address (address + offset), out-of-bounds atomics trap in both
;; memory modes, wait and notify check their address, wait times out and
;; answers "not equal", wait on an unshared memory traps, and a shared
;; memory grows in place up to its maximum.

(module
  (memory 1 2 shared)
  (func (export "load_off2") (param i32) (result i32) (i32.atomic.load offset=2 (local.get 0)))
  (func (export "rmw_off4") (param i32) (result i64) (i64.atomic.rmw.add offset=4 (local.get 0) (i64.const 1)))
  (func (export "load") (param i32) (result i32) (i32.atomic.load (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.atomic.load (local.get 0)))
  (func (export "store8") (param i32 i32) (i32.atomic.store8 (local.get 0) (local.get 1)))
  (func (export "cmpxchg") (param i32 i32 i32) (result i32)
    (i32.atomic.rmw.cmpxchg (local.get 0) (local.get 1) (local.get 2)))
  (func (export "rmw16_sub") (param i32 i32) (result i32) (i32.atomic.rmw16.sub_u (local.get 0) (local.get 1)))
  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1)))
  (func (export "fence") (atomic.fence))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
)

;; alignment is of the effective address
(assert_return (invoke "load_off2" (i32.const 2)) (i32.const 0))
(assert_trap (invoke "load_off2" (i32.const 0)) "unaligned atomic")
(assert_return (invoke "rmw_off4" (i32.const 4)) (i64.const 0))
(assert_return (invoke "load64" (i32.const 8)) (i64.const 1))
(assert_trap (invoke "rmw_off4" (i32.const 0)) "unaligned atomic")

;; out of bounds, at the last aligned positions
(assert_return (invoke "load" (i32.const 65532)) (i32.const 0))
(assert_trap (invoke "load" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "load64" (i32.const 65536)) "out of bounds memory access")
(assert_trap (invoke "store8" (i32.const 65536) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "cmpxchg" (i32.const 65536) (i32.const 0) (i32.const 1)) "out of bounds memory access")

;; narrow read-modify-write wraps within its width and zero-extends
(assert_return (invoke "rmw16_sub" (i32.const 16) (i32.const 1)) (i32.const 0))
(assert_return (invoke "load" (i32.const 16)) (i32.const 0xffff))
(assert_return (invoke "cmpxchg" (i32.const 16) (i32.const 0xffff) (i32.const 7)) (i32.const 0xffff))
(assert_return (invoke "load" (i32.const 16)) (i32.const 7))

;; wait and notify check their address like an access
(assert_trap (invoke "wait32" (i32.const 65536) (i32.const 0) (i64.const 0)) "out of bounds memory access")
(assert_trap (invoke "wait64" (i32.const 4) (i64.const 0) (i64.const 0)) "unaligned atomic")
(assert_trap (invoke "notify" (i32.const 65536) (i32.const 1)) "out of bounds memory access")
(assert_trap (invoke "notify" (i32.const 2) (i32.const 1)) "unaligned atomic")

;; not equal at once, even without a timeout; equal waits out its timeout
(assert_return (invoke "wait32" (i32.const 16) (i32.const 6) (i64.const -1)) (i32.const 1))
(assert_return (invoke "wait32" (i32.const 16) (i32.const 7) (i64.const 1000000)) (i32.const 2))
(assert_return (invoke "wait64" (i32.const 24) (i64.const 0) (i64.const 0)) (i32.const 2))
(assert_return (invoke "notify" (i32.const 16) (i32.const 5)) (i32.const 0))
(invoke "fence")

;; a shared memory grows in place to its maximum, no further
(assert_return (invoke "grow" (i32.const 1)) (i32.const 1))
(assert_return (invoke "size") (i32.const 2))
(assert_return (invoke "load" (i32.const 16)) (i32.const 7))
(assert_return (invoke "load" (i32.const 131068)) (i32.const 0))
(assert_trap (invoke "load" (i32.const 131072)) "out of bounds memory access")
(assert_return (invoke "grow" (i32.const 1)) (i32.const -1))

;; a shared memory used by plain accesses only
(module
  (memory 1 2 shared)
  (func (export "store") (param i32 i32) (i32.store (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "grow") (param i32) (result i32) (memory.grow (local.get 0)))
  (func (export "size") (result i32) (memory.size))
)
(assert_return (invoke "grow" (i32.const 1)) (i32.const 1))
(invoke "store" (i32.const 131068) (i32.const 42))
(assert_return (invoke "load" (i32.const 131068)) (i32.const 42))
(assert_trap (invoke "load" (i32.const 131072)) "out of bounds memory access")
(assert_return (invoke "size") (i32.const 2))

;; atomics on an unshared memory work, wait traps, notify finds no one
(module
  (memory 1)
  (func (export "rmw_add") (param i32 i32) (result i32) (i32.atomic.rmw.add (local.get 0) (local.get 1)))
  (func (export "wait32") (param i32 i32 i64) (result i32)
    (memory.atomic.wait32 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "wait64") (param i32 i64 i64) (result i32)
    (memory.atomic.wait64 (local.get 0) (local.get 1) (local.get 2)))
  (func (export "notify") (param i32 i32) (result i32) (memory.atomic.notify (local.get 0) (local.get 1)))
)
(assert_return (invoke "rmw_add" (i32.const 0) (i32.const 5)) (i32.const 0))
(assert_return (invoke "rmw_add" (i32.const 0) (i32.const 5)) (i32.const 5))
(assert_trap (invoke "wait32" (i32.const 0) (i32.const 10) (i64.const 0)) "expected shared memory")
(assert_trap (invoke "wait64" (i32.const 0) (i64.const 10) (i64.const -1)) "expected shared memory")
(assert_return (invoke "notify" (i32.const 0) (i32.const 1)) (i32.const 0))
(assert_trap (invoke "rmw_add" (i32.const 2) (i32.const 1)) "unaligned atomic")

;; validation: alignment must be exactly natural; shared needs a maximum
(assert_invalid
  (module (memory 1 1 shared) (func (drop (i32.atomic.load align=2 (i32.const 0)))))
  "alignment")
(assert_invalid
  (module (memory 1 1 shared) (func (drop (i64.atomic.rmw32.add_u align=8 (i32.const 0) (i64.const 0)))))
  "alignment")
(assert_invalid (module (memory (import "spectest" "shared_memory") 1 shared)) "shared memory must have maximum")

;; imports: shared matches shared only, limits as usual
(module (import "spectest" "shared_memory" (memory 1 2 shared)))
(assert_unlinkable (module (import "spectest" "shared_memory" (memory 1 1 shared))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "memory" (memory 1 2 shared))) "incompatible import type")
