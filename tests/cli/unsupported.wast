;; Modules using Wasm 3.0 proposals wasmcc does not translate yet: each must
;; be refused with exit status 1 and a message naming the proposal
;; (tests/cli/run, feature_cases). Keep the order: the runner numbers them.
(module (type $s (struct)) (func (local (ref null $s)))) ;; 0: GC struct reference
(module (type $a (array i8)) (global (ref null $a) (ref.null $a))) ;; 1: GC array reference
(module (func (param nullexnref)))                    ;; 2: GC bottom type of exnref
(module (func (param (ref any))))                     ;; 3: GC heap type
(module (func (drop (ref.i31 (i32.const 0)))))        ;; 4: GC instruction
(module (func (param i31ref)))                        ;; 5: GC value type
