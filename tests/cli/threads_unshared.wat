;; memory.atomic.wait on an unshared memory is valid and traps when it runs.
(module
  (memory 1)
  (func $wait_unshared (export "wait_unshared") (result i32)
    (memory.atomic.wait32 (i32.const 0) (i32.const 0) (i64.const -1)))
)
