;; wasmcc build --invoke on threads (tests/cli/run, threads_cases): atomic
;; read-modify-write on a shared memory, and the traps of a misaligned
;; atomic access and of a wait on an unshared memory, named in the message.
(module
  (memory 1 1 shared)
  (func (export "add_twice") (param $addr i32) (param $v i32) (result i32)
    (drop (i32.atomic.rmw.add (local.get $addr) (local.get $v)))
    (i32.atomic.rmw.add (local.get $addr) (local.get $v)))
  (func $misaligned (export "misaligned") (param $addr i32) (result i32)
    (i32.atomic.load offset=1 (local.get $addr)))
  (func (export "wait_timeout") (param $ns i64) (result i32)
    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (local.get $ns)))
)
