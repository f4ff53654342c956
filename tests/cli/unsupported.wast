;; Modules using Wasm 3.0 instructions wasmcc does not translate yet: each
;; must be refused with exit status 1 and a message naming the instruction
;; (tests/cli/run, feature_cases). Keep the order: the runner numbers them.
(module (type $a (array funcref)) (elem $e func)
  (func (drop (array.new_elem $a $e (i32.const 0) (i32.const 0)))))    ;; 0: GC array.new_elem
(module (type $a (array (mut funcref))) (elem $e func)
  (func (param (ref $a))
    (array.init_elem $a $e (local.get 0) (i32.const 0) (i32.const 0) (i32.const 0)))) ;; 1: GC array.init_elem
