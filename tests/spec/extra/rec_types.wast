;; Recursion groups and declared subtypes of function types beyond the spec
;; scripts (tests/CMakeLists.txt: spec3_types_*), run by tests/spec/run like a
;; suite script: type equivalence and subtyping across modules, where the
;; runtime compares recursion groups (rt/functype.c) rather than relying on
;; the compiler's canonical types.

;; Equal recursion groups in two modules: imports link, and call_indirect
;; across them finds the callee's type equal.
(module $M
  (rec
    (type $f (func (param i32) (result i32)))
    (type $g (func (param (ref $f) i32) (result i32))))
  (func $inc (export "inc") (type $f) (i32.add (local.get 0) (i32.const 1)))
  (func $apply (export "apply") (type $g) (call_ref $f (local.get 1) (local.get 0)))
  (table (export "table") 2 funcref)
  (elem (i32.const 0) $inc $apply)
)
(register "M" $M)

(module
  (rec
    (type $f (func (param i32) (result i32)))
    (type $g (func (param (ref $f) i32) (result i32))))
  (import "M" "inc" (func $inc (type $f)))
  (import "M" "apply" (func $apply (type $g)))
  (import "M" "table" (table 2 funcref))
  (elem declare func $inc)
  (func (export "indirect") (param i32) (result i32)
    (call_indirect (type $f) (local.get 0) (i32.const 0)))
  (func (export "indirect_apply") (param i32) (result i32)
    (call_indirect (type $g) (ref.func $inc) (local.get 0) (i32.const 1)))
  (func (export "direct") (param i32) (result i32)
    (call $apply (ref.func $inc) (local.get 0)))
)
(assert_return (invoke "indirect" (i32.const 41)) (i32.const 42))
(assert_return (invoke "indirect_apply" (i32.const 9)) (i32.const 10))
(assert_return (invoke "direct" (i32.const 1)) (i32.const 2))

;; The same function type in a group of its own, at another position of a
;; group, or in a group with other members, is another type.
(module
  (type $f (func (param i32) (result i32)))
  (import "M" "table" (table 2 funcref))
  (func (export "alone") (param i32) (result i32)
    (call_indirect (type $f) (local.get 0) (i32.const 0)))
)
(assert_trap (invoke "alone" (i32.const 1)) "indirect call type mismatch")

(module
  (rec
    (type $g (func (param (ref $f) i32) (result i32)))
    (type $f (func (param i32) (result i32))))
  (import "M" "table" (table 2 funcref))
  (func (export "swapped") (param i32) (result i32)
    (call_indirect (type $f) (local.get 0) (i32.const 0)))
)
(assert_trap (invoke "swapped" (i32.const 1)) "indirect call type mismatch")

(assert_unlinkable
  (module
    (type $f (func (param i32) (result i32)))
    (import "M" "inc" (func (type $f))))
  "incompatible import type")
(assert_unlinkable
  (module
    (rec
      (type $f (func (param i32) (result i32)))
      (type $g (func (param (ref $f) i32) (result i32)))
      (type (func)))
    (import "M" "inc" (func (type $f))))
  "incompatible import type")
(assert_unlinkable
  (module
    (rec
      (type $f (func (param i32) (result i32)))
      (type $g (func (param (ref null $f) i32) (result i32))))
    (import "M" "apply" (func (type $g))))
  "incompatible import type")

;; A group naming an earlier group: equal when the earlier types are equal
;; too, though each module defines them apart.
(module $N
  (type $f (func (param i32) (result i32)))
  (rec (type $h (func (param (ref $f)) (result (ref null $h)))))
  (func $h (export "h") (type $h) (ref.null $h))
  (table (export "table") funcref (elem $h))
)
(register "N" $N)
(module
  (type $other (func))
  (type $f (func (param i32) (result i32)))
  (rec (type $h (func (param (ref $f)) (result (ref null $h)))))
  (import "N" "h" (func (type $h)))
  (import "N" "table" (table 1 funcref))
  (elem declare func $id)
  (func $id (param i32) (result i32) (local.get 0))
  (func (export "run") (result i32)
    (ref.is_null (call_indirect (type $h) (ref.func $id) (i32.const 0))))
)
(assert_return (invoke "run") (i32.const 1))
(assert_unlinkable
  (module
    (type $f (func (param i64) (result i32)))
    (rec (type $h (func (param (ref $f)) (result (ref null $h)))))
    (import "N" "h" (func (type $h))))
  "incompatible import type")

;; Declared subtypes: a function of a subtype matches its supertype, for
;; imports and for call_indirect, within a module and across modules; not
;; the other way round, and finality counts.
(module $S
  (type $base (sub (func (result i32))))
  (type $derived (sub $base (func (result i32))))
  (type $leaf (sub final $derived (func (result i32))))
  (func $d (export "derived") (type $derived) (i32.const 7))
  (func $b (export "base") (type $base) (i32.const 8))
  (func $l (export "leaf") (type $leaf) (i32.const 9))
  (table (export "table") funcref (elem $d $b $l))
  (global (export "g") (ref $derived) (ref.func $d))
  (func (export "base_of_leaf") (result i32) (call_indirect (type $base) (i32.const 2)))
  (func (export "derived_of_base") (result i32) (call_indirect (type $derived) (i32.const 1)))
)
(register "S" $S)
(assert_return (invoke "base_of_leaf") (i32.const 9))
(assert_trap (invoke "derived_of_base") "indirect call type mismatch")

(module
  (type $base (sub (func (result i32))))
  (type $derived (sub $base (func (result i32))))
  (type $leaf (sub final $derived (func (result i32))))
  (import "S" "derived" (func (type $base)))
  (import "S" "derived" (func (type $derived)))
  (import "S" "leaf" (func (type $base)))
  (import "S" "leaf" (func (type $leaf)))
  (import "S" "g" (global (ref $base)))
  (import "S" "g" (global (ref null $derived)))
  (import "S" "table" (table 3 funcref))
  (func (export "indirect") (param i32) (result i32)
    (call_indirect (type $base) (local.get 0)))
  (func (export "indirect_derived") (param i32) (result i32)
    (call_indirect (type $derived) (local.get 0)))
  (func (export "indirect_leaf") (param i32) (result i32)
    (call_indirect (type $leaf) (local.get 0)))
)
(assert_return (invoke "indirect" (i32.const 0)) (i32.const 7))
(assert_return (invoke "indirect" (i32.const 1)) (i32.const 8))
(assert_return (invoke "indirect" (i32.const 2)) (i32.const 9))
(assert_return (invoke "indirect_derived" (i32.const 0)) (i32.const 7))
(assert_trap (invoke "indirect_derived" (i32.const 1)) "indirect call type mismatch")
(assert_return (invoke "indirect_derived" (i32.const 2)) (i32.const 9))
(assert_trap (invoke "indirect_leaf" (i32.const 0)) "indirect call type mismatch")
(assert_return (invoke "indirect_leaf" (i32.const 2)) (i32.const 9))

(assert_unlinkable
  (module
    (type $base (sub (func (result i32))))
    (type $derived (sub $base (func (result i32))))
    (import "S" "base" (func (type $derived))))
  "incompatible import type")
(assert_unlinkable
  (module
    (type $base (func (result i32)))
    (import "S" "base" (func (type $base))))
  "incompatible import type")
(assert_unlinkable
  (module
    (type $base (sub (func (result i32))))
    (type $derived (sub $base (func (result i32))))
    (import "S" "g" (global (mut (ref $base)))))
  "incompatible import type")
(assert_unlinkable
  (module
    (type $base (sub (func (result i32))))
    (type $derived (sub $base (func (result i32))))
    (type $leaf (sub $derived (func (result i32))))
    (import "S" "leaf" (func (type $leaf))))
  "incompatible import type")

;; A subtype's function type matches its supertype's: parameters
;; contravariant, results covariant.
(module
  (type $a (sub (func (param (ref $a)) (result (ref null func)))))
  (type $b (sub $a (func (param (ref null $a)) (result (ref $b)))))
  (func $b (type $b) (ref.func $b))
  (elem declare func $b)
  (func (export "run") (result i32)
    (ref.is_null (call_ref $a (ref.func $b) (ref.func $b))))
)
(assert_return (invoke "run") (i32.const 0))
(assert_invalid
  (module
    (type $a (sub (func (param (ref null $a)))))
    (type $b (sub $a (func (param (ref $a))))))
  "sub type")
(assert_invalid
  (module
    (type $a (sub (func (result (ref $a)))))
    (type $b (sub $a (func (result (ref null $a))))))
  "sub type")
(assert_invalid
  (module
    (type $a (func))
    (type $b (sub $a (func))))
  "sub type")
(assert_invalid
  (module
    (rec
      (type $b (sub $a (func)))
      (type $a (sub (func)))))
  "forward use of type")
(assert_invalid
  (module
    (type $a (sub (func)))
    (type $b (sub $a (func)))
    (func $f (type $a))
    (global (ref $b) (ref.func $f)))
  "type mismatch")

;; Types sharing subterms: each type names the one before it twice, so a
;; comparison across modules that did not remember equal pairs would take
;; 2^48 steps.
(module $C
  (type $t0 (func))
  (type $t1 (func (param (ref null $t0) (ref null $t0))))
  (type $t2 (func (param (ref null $t1) (ref null $t1))))
  (type $t3 (func (param (ref null $t2) (ref null $t2))))
  (type $t4 (func (param (ref null $t3) (ref null $t3))))
  (type $t5 (func (param (ref null $t4) (ref null $t4))))
  (type $t6 (func (param (ref null $t5) (ref null $t5))))
  (type $t7 (func (param (ref null $t6) (ref null $t6))))
  (type $t8 (func (param (ref null $t7) (ref null $t7))))
  (type $t9 (func (param (ref null $t8) (ref null $t8))))
  (type $t10 (func (param (ref null $t9) (ref null $t9))))
  (type $t11 (func (param (ref null $t10) (ref null $t10))))
  (type $t12 (func (param (ref null $t11) (ref null $t11))))
  (type $t13 (func (param (ref null $t12) (ref null $t12))))
  (type $t14 (func (param (ref null $t13) (ref null $t13))))
  (type $t15 (func (param (ref null $t14) (ref null $t14))))
  (type $t16 (func (param (ref null $t15) (ref null $t15))))
  (type $t17 (func (param (ref null $t16) (ref null $t16))))
  (type $t18 (func (param (ref null $t17) (ref null $t17))))
  (type $t19 (func (param (ref null $t18) (ref null $t18))))
  (type $t20 (func (param (ref null $t19) (ref null $t19))))
  (type $t21 (func (param (ref null $t20) (ref null $t20))))
  (type $t22 (func (param (ref null $t21) (ref null $t21))))
  (type $t23 (func (param (ref null $t22) (ref null $t22))))
  (type $t24 (func (param (ref null $t23) (ref null $t23))))
  (type $t25 (func (param (ref null $t24) (ref null $t24))))
  (type $t26 (func (param (ref null $t25) (ref null $t25))))
  (type $t27 (func (param (ref null $t26) (ref null $t26))))
  (type $t28 (func (param (ref null $t27) (ref null $t27))))
  (type $t29 (func (param (ref null $t28) (ref null $t28))))
  (type $t30 (func (param (ref null $t29) (ref null $t29))))
  (type $t31 (func (param (ref null $t30) (ref null $t30))))
  (type $t32 (func (param (ref null $t31) (ref null $t31))))
  (type $t33 (func (param (ref null $t32) (ref null $t32))))
  (type $t34 (func (param (ref null $t33) (ref null $t33))))
  (type $t35 (func (param (ref null $t34) (ref null $t34))))
  (type $t36 (func (param (ref null $t35) (ref null $t35))))
  (type $t37 (func (param (ref null $t36) (ref null $t36))))
  (type $t38 (func (param (ref null $t37) (ref null $t37))))
  (type $t39 (func (param (ref null $t38) (ref null $t38))))
  (type $t40 (func (param (ref null $t39) (ref null $t39))))
  (type $t41 (func (param (ref null $t40) (ref null $t40))))
  (type $t42 (func (param (ref null $t41) (ref null $t41))))
  (type $t43 (func (param (ref null $t42) (ref null $t42))))
  (type $t44 (func (param (ref null $t43) (ref null $t43))))
  (type $t45 (func (param (ref null $t44) (ref null $t44))))
  (type $t46 (func (param (ref null $t45) (ref null $t45))))
  (type $t47 (func (param (ref null $t46) (ref null $t46))))
  (type $t48 (func (param (ref null $t47) (ref null $t47))))
  (func (export "f") (type $t48))
  (table (export "table") funcref (elem 0))
)
(register "C" $C)
(module
  (type $t0 (func))
  (type $t1 (func (param (ref null $t0) (ref null $t0))))
  (type $t2 (func (param (ref null $t1) (ref null $t1))))
  (type $t3 (func (param (ref null $t2) (ref null $t2))))
  (type $t4 (func (param (ref null $t3) (ref null $t3))))
  (type $t5 (func (param (ref null $t4) (ref null $t4))))
  (type $t6 (func (param (ref null $t5) (ref null $t5))))
  (type $t7 (func (param (ref null $t6) (ref null $t6))))
  (type $t8 (func (param (ref null $t7) (ref null $t7))))
  (type $t9 (func (param (ref null $t8) (ref null $t8))))
  (type $t10 (func (param (ref null $t9) (ref null $t9))))
  (type $t11 (func (param (ref null $t10) (ref null $t10))))
  (type $t12 (func (param (ref null $t11) (ref null $t11))))
  (type $t13 (func (param (ref null $t12) (ref null $t12))))
  (type $t14 (func (param (ref null $t13) (ref null $t13))))
  (type $t15 (func (param (ref null $t14) (ref null $t14))))
  (type $t16 (func (param (ref null $t15) (ref null $t15))))
  (type $t17 (func (param (ref null $t16) (ref null $t16))))
  (type $t18 (func (param (ref null $t17) (ref null $t17))))
  (type $t19 (func (param (ref null $t18) (ref null $t18))))
  (type $t20 (func (param (ref null $t19) (ref null $t19))))
  (type $t21 (func (param (ref null $t20) (ref null $t20))))
  (type $t22 (func (param (ref null $t21) (ref null $t21))))
  (type $t23 (func (param (ref null $t22) (ref null $t22))))
  (type $t24 (func (param (ref null $t23) (ref null $t23))))
  (type $t25 (func (param (ref null $t24) (ref null $t24))))
  (type $t26 (func (param (ref null $t25) (ref null $t25))))
  (type $t27 (func (param (ref null $t26) (ref null $t26))))
  (type $t28 (func (param (ref null $t27) (ref null $t27))))
  (type $t29 (func (param (ref null $t28) (ref null $t28))))
  (type $t30 (func (param (ref null $t29) (ref null $t29))))
  (type $t31 (func (param (ref null $t30) (ref null $t30))))
  (type $t32 (func (param (ref null $t31) (ref null $t31))))
  (type $t33 (func (param (ref null $t32) (ref null $t32))))
  (type $t34 (func (param (ref null $t33) (ref null $t33))))
  (type $t35 (func (param (ref null $t34) (ref null $t34))))
  (type $t36 (func (param (ref null $t35) (ref null $t35))))
  (type $t37 (func (param (ref null $t36) (ref null $t36))))
  (type $t38 (func (param (ref null $t37) (ref null $t37))))
  (type $t39 (func (param (ref null $t38) (ref null $t38))))
  (type $t40 (func (param (ref null $t39) (ref null $t39))))
  (type $t41 (func (param (ref null $t40) (ref null $t40))))
  (type $t42 (func (param (ref null $t41) (ref null $t41))))
  (type $t43 (func (param (ref null $t42) (ref null $t42))))
  (type $t44 (func (param (ref null $t43) (ref null $t43))))
  (type $t45 (func (param (ref null $t44) (ref null $t44))))
  (type $t46 (func (param (ref null $t45) (ref null $t45))))
  (type $t47 (func (param (ref null $t46) (ref null $t46))))
  (type $t48 (func (param (ref null $t47) (ref null $t47))))
  (import "C" "f" (func (type $t48)))
  (import "C" "table" (table 1 funcref))
  (func (export "run") (result i32)
    (call_indirect (type $t48) (ref.null $t47) (ref.null $t47) (i32.const 0))
    (i32.const 1))
)
(assert_return (invoke "run") (i32.const 1))
