;; Modules using Wasm 3.0 proposals wasmcc does not translate yet: each must
;; be refused with exit status 1 and a message naming the proposal
;; (tests/cli/run, feature_cases). Keep the order: the runner numbers them.
(module (type $s (struct)) (func (local (ref null $s)))) ;; 0: GC struct reference
(module (type $a (array i8)) (global (ref null $a) (ref.null $a))) ;; 1: GC array reference
(module (func (param nullexnref)))                    ;; 2: GC bottom type of exnref
(module (memory 1 1 shared))                          ;; 3: threads
(module (func (param (ref any))))                     ;; 4: GC heap type
(module (func (drop (ref.i31 (i32.const 0)))))        ;; 5: GC instruction
(module (func (atomic.fence)))                        ;; 6: threads instruction
(module (func (param i31ref)))                        ;; 7: GC value type
