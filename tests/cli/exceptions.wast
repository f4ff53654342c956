;; tests/cli/run: a module with exceptions built by `wasmcc build --invoke`.
(module
  (tag $e (param i32))
  (func (export "caught") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (if (local.get 0) (then (throw $e (i32.mul (local.get 0) (i32.const 10))))))
      (i32.const -1)
      (return)))
  (func (export "uncaught") (param i32) (throw $e (local.get 0))))
