;; call_indirect hands a callee of the calling instance that instance's
;; pointer and any other callee its own env (wasmcc compares fr->env with
;; inst): functions of another module, and the same function of another
;; instance of the same module (same C function, other memory), must see
;; their own memory.

(module $A
  (memory 1)
  (data (i32.const 0) "A")
  (table (export "tab") 1 funcref)
  (elem (i32.const 0) $peek)
  (func $peek (export "peek") (result i32) (i32.load8_u (i32.const 0)))
)
(register "A" $A)

(module $B
  (import "A" "tab" (table $at 1 funcref))
  (import "A" "peek" (func $apeek (result i32)))
  (memory 1)
  (data (i32.const 0) "B")
  (table $own 3 funcref)
  (elem (table $own) (i32.const 0) func $peek $apeek)
  (func $peek (result i32) (i32.load8_u (i32.const 0)))
  (func (export "own") (param i32) (result i32) (call_indirect $own (result i32) (local.get 0)))
  (func (export "imported") (param i32) (result i32) (call_indirect $at (result i32) (local.get 0)))
  (func (export "copy") (table.set $own (i32.const 2) (table.get $at (i32.const 0))))
  ;; the result of an indirect call feeding a load of this module's memory
  (func (export "own_then_load") (param i32) (result i32)
    (i32.add (call_indirect $own (result i32) (local.get 0)) (i32.load8_u (i32.const 0))))
)
(assert_return (invoke "own" (i32.const 0)) (i32.const 0x42))
(assert_return (invoke "own" (i32.const 1)) (i32.const 0x41))
(assert_return (invoke "imported" (i32.const 0)) (i32.const 0x41))
(assert_trap (invoke "own" (i32.const 2)) "uninitialized element")
(invoke "copy")
(assert_return (invoke "own" (i32.const 2)) (i32.const 0x41))
(assert_return (invoke "own_then_load" (i32.const 1)) (i32.const 0x83))
(assert_return (invoke "own_then_load" (i32.const 0)) (i32.const 0x84))

;; Two instances of one module: I2's table gets I1's $peek (the same C
;; function as I2's own), which must read I1's memory.
(module definition $M
  (memory 1)
  (table (export "tab") 2 funcref)
  (elem (i32.const 0) $peek)
  (func $peek (result i32) (i32.load8_u (i32.const 0)))
  (func (export "set") (param i32) (i32.store8 (i32.const 0) (local.get 0)))
  (func (export "call") (param i32) (result i32) (call_indirect (result i32) (local.get 0)))
)
(module instance $I1 $M)
(module instance $I2 $M)
(register "I1" $I1)
(register "I2" $I2)
(module
  (import "I1" "tab" (table $t1 2 funcref))
  (import "I2" "tab" (table $t2 2 funcref))
  (func (export "cross") (table.set $t2 (i32.const 1) (table.get $t1 (i32.const 0))))
)
(invoke "cross")
(invoke $I1 "set" (i32.const 0x31))
(invoke $I2 "set" (i32.const 0x32))
(assert_return (invoke $I2 "call" (i32.const 0)) (i32.const 0x32))
(assert_return (invoke $I2 "call" (i32.const 1)) (i32.const 0x31))
(assert_return (invoke $I1 "call" (i32.const 0)) (i32.const 0x31))
