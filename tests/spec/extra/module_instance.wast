;; Module definitions and instances: the 3.0 suite's instance.wast without its
;; tags (exception handling is not translated yet), and what that script does
;; not cover: invoke and get on named and unnamed instances, an instance that
;; becomes the current module, instances that import from each other, and a
;; definition whose instantiation traps.

;; Instantiation is generative
(module definition $M
  (global (export "glob") (mut i32) (i32.const 0))
  (table (export "tab") 10 funcref (ref.null func))
  (memory (export "mem") 1)
  (func (export "bump") (result i32)
    (global.set 0 (i32.add (global.get 0) (i32.const 1)))
    (global.get 0))
)

(module instance $I1 $M)
(module instance $I2 $M)
(register "I1" $I1)
(register "I2" $I2)

(module
  (import "I1" "glob" (global $glob1 (mut i32)))
  (import "I2" "glob" (global $glob2 (mut i32)))
  (import "I1" "tab" (table $tab1 10 funcref))
  (import "I2" "tab" (table $tab2 10 funcref))
  (import "I1" "mem" (memory $mem1 1))
  (import "I2" "mem" (memory $mem2 1))

  (func $f)
  (elem declare func $f)

  (func (export "glob") (result i32)
    (global.set $glob1 (i32.const 1))
    (global.get $glob2)
  )
  (func (export "tab") (result funcref)
    (table.set $tab1 (i32.const 0) (ref.func $f))
    (table.get $tab2 (i32.const 0))
  )
  (func (export "mem") (result i32)
    (i32.store $mem1 (i32.const 0) (i32.const 1))
    (i32.load $mem2 (i32.const 0))
  )
)

(assert_return (invoke "glob") (i32.const 0))
(assert_return (invoke "tab") (ref.null))
(assert_return (invoke "mem") (i32.const 0))

;; The writes went to $I1 only.
(assert_return (get $I1 "glob") (i32.const 1))
(assert_return (get $I2 "glob") (i32.const 0))
(assert_return (invoke $I1 "bump") (i32.const 2))
(assert_return (invoke $I2 "bump") (i32.const 1))

;; An unnamed instance is the current module, and new: its global starts at 0.
(module instance $M)
(assert_return (get "glob") (i32.const 0))
(assert_return (invoke "bump") (i32.const 1))
(assert_return (invoke "bump") (i32.const 2))
(assert_return (get $I1 "glob") (i32.const 2))

;; A named instance is the current module too.
(module instance $I3 $M)
(assert_return (invoke "bump") (i32.const 1))
(assert_return (get $I3 "glob") (i32.const 1))


;; Import is not generative

(module
  (import "I1" "glob" (global $glob1 (mut i32)))
  (import "I1" "glob" (global $glob2 (mut i32)))
  (import "I1" "tab" (table $tab1 10 funcref))
  (import "I1" "tab" (table $tab2 10 funcref))
  (import "I1" "mem" (memory $mem1 1))
  (import "I1" "mem" (memory $mem2 1))

  (func $f)
  (elem declare func $f)

  (func (export "glob") (result i32)
    (global.set $glob1 (i32.const 1))
    (global.get $glob2)
  )
  (func (export "tab") (result funcref)
    (table.set $tab1 (i32.const 0) (ref.func $f))
    (table.get $tab2 (i32.const 0))
  )
  (func (export "mem") (result i32)
    (i32.store $mem1 (i32.const 0) (i32.const 1))
    (i32.load $mem2 (i32.const 0))
  )
)

(assert_return (invoke "glob") (i32.const 1))
(assert_return (invoke "tab") (ref.func))
(assert_return (invoke "mem") (i32.const 1))


;; Export is not generative

(module definition $N
  (global $glob (mut i32) (i32.const 0))
  (table $tab 10 funcref (ref.null func))
  (memory $mem 1)

  (export "glob1" (global $glob))
  (export "glob2" (global $glob))
  (export "tab1" (table $tab))
  (export "tab2" (table $tab))
  (export "mem1" (memory $mem))
  (export "mem2" (memory $mem))
)

(module instance $I $N)
(register "I" $I)

(module
  (import "I" "glob1" (global $glob1 (mut i32)))
  (import "I" "glob2" (global $glob2 (mut i32)))
  (import "I" "tab1" (table $tab1 10 funcref))
  (import "I" "tab2" (table $tab2 10 funcref))
  (import "I" "mem1" (memory $mem1 1))
  (import "I" "mem2" (memory $mem2 1))

  (func $f)
  (elem declare func $f)

  (func (export "glob") (result i32)
    (global.set $glob1 (i32.const 1))
    (global.get $glob2)
  )
  (func (export "tab") (result funcref)
    (table.set $tab1 (i32.const 0) (ref.func $f))
    (table.get $tab2 (i32.const 0))
  )
  (func (export "mem") (result i32)
    (i32.store $mem1 (i32.const 0) (i32.const 1))
    (i32.load $mem2 (i32.const 0))
  )
)

(assert_return (invoke "glob") (i32.const 1))
(assert_return (invoke "tab") (ref.func))
(assert_return (invoke "mem") (i32.const 1))


;; Instances of a definition that imports: each instance links at its own
;; instantiation, so registering "src" again changes what the next one gets.
(module definition $Src (global (export "g") i32 (i32.const 10)))
(module instance $S10 $Src)
(register "src" $S10)

(module definition $User
  (import "src" "g" (global $g i32))
  (memory (export "mem") 1)
  (data (i32.const 0) "\2a")
  (func (export "g") (result i32) (global.get $g))
  (func (export "load") (result i32) (i32.load8_u (i32.const 0)))
  (func (export "store") (param i32) (i32.store8 (i32.const 0) (local.get 0)))
)
(module instance $U1 $User)
(module $Src20 (global (export "g") i32 (i32.const 20)))
(register "src")
(module instance $U2 $User)

(assert_return (invoke $U1 "g") (i32.const 10))
(assert_return (invoke $U2 "g") (i32.const 20))
(invoke $U1 "store" (i32.const 7))
(assert_return (invoke $U1 "load") (i32.const 7))
(assert_return (invoke $U2 "load") (i32.const 42))
(assert_return (invoke "load") (i32.const 42))


;; A definition is validated and compiled even when never instantiated; its
;; instances run the start function each time.
(module definition $Never (func (export "f") (result i32) (i32.const 1)))

(module definition $Counted
  (import "I1" "glob" (global $count (mut i32)))
  (start $s)
  (func $s (global.set $count (i32.add (global.get $count) (i32.const 1))))
)
(module instance $Counted)
(module instance $Counted)
(assert_return (get $I1 "glob") (i32.const 3))  ;; 1 from "Import is not generative", +2
