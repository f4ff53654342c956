;; A module with one import of each kind a host usually gives: functions, a
;; memory and a global (tests/embed/host_imports.c).
(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "add" (func $add (param i32 i32) (result i32)))
  (import "env" "mem" (memory 1))
  (import "env" "base" (global $base i32))
  ;; run(x): log(x), store add(x, base) at address 16, return what was stored + 1
  (func (export "run") (param $x i32) (result i32)
    (call $log (local.get $x))
    (i32.store (i32.const 16) (call $add (local.get $x) (global.get $base)))
    (i32.add (i32.load (i32.const 16)) (i32.const 1))))
