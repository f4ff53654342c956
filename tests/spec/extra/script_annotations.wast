;; Annotations at the script level, which the suite's annotations.wast only
;; places inside modules: around and inside commands, actions and values,
;; holding `;`, brackets and parentheses. The converter drops them all.
(@script "header" ; [ ] { } ,)
((@a) module (@b x ; y) $m
  (func (export "add") (param i32 i32) (result i32)
    (i32.add (@c) (local.get 0) (local.get 1)))
  (global (export "g") i32 (i32.const 7)))
(@between (nested (@x) ";" ; ) ;; a comment ends at the line's end
)
((@a) assert_return (@b) ((@c) invoke (@d) "add" (@e) ((@f) i32.const (@g) 2) (i32.const 3) (@h))
  ((@i ;) i32.const 5))
(assert_return (invoke $m "add" (i32.const 1) (@x) (i32.const 1)) (i32.const 2))
(assert_return ((@a) get (@b) $m "g") (i32.const 7))
((@a) register (@b) "m" (@c) $m)
(module (import "m" "add" (func $add (param i32 i32) (result i32)))
  (func (export "twice") (param i32) (result i32) (call $add (local.get 0) (local.get 0))))
(assert_return (invoke "twice" (i32.const 21)) (@done) (i32.const 42))
