;; Exports for `wasmcc build --invoke`: every number type as parameter and
;; result, several results, and traps.
(module
  (func (export "add32") (param i32 i32) (result i32)
    (i32.add (local.get 0) (local.get 1)))
  (func (export "add64") (param i64 i64) (result i64)
    (i64.add (local.get 0) (local.get 1)))
  (func (export "halve") (param f32 f64) (result f32 f64)
    (f32.div (local.get 0) (f32.const 2))
    (f64.div (local.get 1) (f64.const 2)))
  (func (export "mixed") (param i32 i64 f32 f64) (result f64 f32 i64 i32)
    (f64.add (f64.convert_i32_s (local.get 0)) (local.get 3))
    (f32.mul (local.get 2) (f32.const 2))
    (i64.mul (local.get 1) (i64.const 3))
    (i32.const -1))
  (func (export "div") (param i32 i32) (result i32)
    (i32.div_s (local.get 0) (local.get 1)))
  (func (export "boom") unreachable)
  (func (export "takes_ref") (param externref)))
