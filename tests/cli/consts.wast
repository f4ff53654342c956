;; Extended constant expressions (Wasm 3.0): arithmetic and defined globals
;; in global initialisers and segment offsets. tests/cli/run converts it with
;; tools/wast2json (wabt 1.0.32 refuses global.get of a defined global).
(module
  (memory 1)
  (global $base i32 (i32.const 40))
  (global $answer i32 (i32.add (global.get $base) (i32.const 2)))
  (global $wide i64 (i64.sub (i64.mul (i64.const 3) (i64.const 0x4000000000000000)) (i64.const 1)))
  ;; Lands at 2 * 8 + 40 = 56.
  (data (i32.add (i32.mul (i32.const 2) (i32.const 8)) (global.get $base)) "\2a")
  (func (export "answer") (result i32) (global.get $answer))
  (func (export "wide") (result i64) (global.get $wide))
  (func (export "peek") (result i32) (i32.load8_u (i32.const 56))))
