;; A module for tests/install: exports to call, a trap, and a data segment
;; (embedded from a separate file, so the include path must be right).
(module
  (memory (export "memory") 1)
  (data (i32.const 16) "wasmcc")
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
  (func (export "div") (param i32 i32) (result i32) local.get 0 local.get 1 i32.div_u)
  (func (export "byte") (param i32) (result i32) local.get 0 i32.load8_u))
