;; Struct and array type definitions (GC, declarations only): subtyping of
;; their `sub` declarations, and equivalence of recursion groups holding them,
;; within a module and across modules (linking, call_indirect). No struct or
;; array value exists yet, so only function types are used as values.

;; Valid declarations: width and depth subtyping.

(module
  (type $f (sub (func)))
  (type $g (sub $f (func)))
  (type $s0 (sub (struct)))
  (type $s1 (sub $s0 (struct (field i32))))
  (type $s2 (sub $s1 (struct (field i32) (field (mut i64)) (field i8) (field (mut i16)))))
  (type $s3 (sub $s2 (struct (field i32) (field (mut i64)) (field i8) (field (mut i16)) (field f32))))
  ;; immutable fields are covariant
  (type $r0 (sub (struct (field funcref) (field (ref null $f)))))
  (type $r1 (sub $r0 (struct (field (ref func)) (field (ref $g)))))
  ;; mutable fields are invariant
  (type $m0 (sub (struct (field (mut (ref null $f))))))
  (type $m1 (sub $m0 (struct (field (mut (ref null $f))) (field (mut funcref)))))
  ;; arrays: one field, the same rules
  (type $a0 (sub (array (ref null func))))
  (type $a1 (sub $a0 (array (ref $g))))
  (type $a2 (sub final $a1 (array (ref $g))))
  (type $p0 (sub (array (mut i8))))
  (type $p1 (sub $p0 (array (mut i8))))
  ;; a struct naming itself and its group
  (rec
    (type $list (sub (struct (field (ref null $fn)))))
    (type $fn (sub (func (param (ref $list)) (result (ref null $list)))))
  )
  (func (export "run") (result i32) (i32.const 7))
)
(assert_return (invoke "run") (i32.const 7))

;; Invalid declarations.

(assert_invalid
  (module (type $s (sub (struct (field i32)))) (type (sub $s (struct))))
  "sub type"
)
(assert_invalid
  (module (type $s (sub (struct (field i32)))) (type (sub $s (struct (field i64)))))
  "sub type"
)
(assert_invalid
  (module (type $s (sub (struct (field i32)))) (type (sub $s (struct (field (mut i32))))))
  "sub type"
)
(assert_invalid
  (module (type $s (sub (struct (field (mut i32))))) (type (sub $s (struct (field i32)))))
  "sub type"
)
(assert_invalid
  (module (type $s (sub (struct (field i8)))) (type (sub $s (struct (field i16)))))
  "sub type"
)
(assert_invalid
  (module (type $s (sub (struct (field i8)))) (type (sub $s (struct (field i32)))))
  "sub type"
)
(assert_invalid
  (module (type $s (sub (struct (field (mut funcref))))) (type (sub $s (struct (field (mut (ref func)))))))
  "sub type"
)
(assert_invalid
  (module (type $s (sub (struct (field (ref func))))) (type (sub $s (struct (field funcref)))))
  "sub type"
)
(assert_invalid
  (module (type $a (sub (array (mut funcref)))) (type (sub $a (array (mut (ref func))))))
  "sub type"
)
(assert_invalid
  (module (type $a (sub (array i8))) (type (sub $a (array (mut i8)))))
  "sub type"
)
(assert_invalid
  (module (type $s (sub (struct))) (type (sub $s (array i8))))
  "sub type"
)
(assert_invalid
  (module (type $a (sub (array i8))) (type (sub $a (struct (field i8)))))
  "sub type"
)
(assert_invalid
  (module (type $s (sub (struct))) (type (sub $s (func))))
  "sub type"
)
(assert_invalid
  (module (type $f (sub (func))) (type (sub $f (struct))))
  "sub type"
)
(assert_invalid
  (module (type $s (struct)) (type (sub $s (struct))))
  "sub type"
)

;; A struct or array type is not a function type.

(assert_invalid
  (module (type $s (struct)) (func (type $s)))
  "type mismatch"
)
(assert_invalid
  (module (type $a (array i8)) (import "M" "f" (func (type $a))))
  "type mismatch"
)
(assert_invalid
  (module (type $s (struct)) (tag (type $s)))
  "type mismatch"
)
(assert_invalid
  (module (type $s (struct)) (table 1 funcref)
    (func (call_indirect (type $s) (i32.const 0))))
  "type mismatch"
)
(assert_invalid
  (module (type $s (struct)) (func (block (type $s))))
  "type mismatch"
)

;; Within a module: groups equal only with equal struct and array members.

(module
  (rec (type $f1 (func)) (type (struct (field (mut i8)) (field (ref null $f1)))))
  (rec (type $f2 (func)) (type (struct (field (mut i8)) (field (ref null $f2)))))
  (func $f (type $f2))
  (global (ref $f1) (ref.func $f))
)
(assert_invalid
  (module
    (rec (type $f1 (func)) (type (struct (field (mut i8)))))
    (rec (type $f2 (func)) (type (struct (field i8))))
    (func $f (type $f2))
    (global (ref $f1) (ref.func $f))
  )
  "type mismatch"
)
(assert_invalid
  (module
    (rec (type $f1 (func)) (type (array i8)))
    (rec (type $f2 (func)) (type (struct (field i8))))
    (func $f (type $f2))
    (global (ref $f1) (ref.func $f))
  )
  "type mismatch"
)

;; Across modules: linking compares the struct and array members of groups.

(module $M
  (rec (type $f (func)) (type (struct (field (mut i8)) (field (ref null $f)))))
  (rec (type $g (func)) (type (array (mut i16))))
  (rec (type $s (struct (field i32))))
  (type $h (func (param (ref null $s))))
  (func (export "f") (type $f))
  (func (export "g") (type $g))
  (func (export "h") (type $h))
  (table (export "t") 2 funcref)
  (elem (i32.const 0) func 0 1)
)
(register "M" $M)

(module
  (rec (type $f (func)) (type (struct (field (mut i8)) (field (ref null $f)))))
  (rec (type $g (func)) (type (array (mut i16))))
  (rec (type $s (struct (field i32))))
  (type $h (func (param (ref null $s))))
  (func (import "M" "f") (type $f))
  (func (import "M" "g") (type $g))
  (func (import "M" "h") (type $h))
)

(assert_unlinkable
  (module
    (rec (type $f (func)) (type (struct (field i8) (field (ref null $f)))))
    (func (import "M" "f") (type $f))
  )
  "incompatible import type"
)
(assert_unlinkable
  (module
    (rec (type $f (func)) (type (struct (field (mut i16)) (field (ref null $f)))))
    (func (import "M" "f") (type $f))
  )
  "incompatible import type"
)
(assert_unlinkable
  (module
    (rec (type $f (func)) (type (struct (field (mut i8)) (field (ref $f)))))
    (func (import "M" "f") (type $f))
  )
  "incompatible import type"
)
(assert_unlinkable
  (module
    (rec (type $g (func)) (type (struct (field (mut i16)))))
    (func (import "M" "g") (type $g))
  )
  "incompatible import type"
)
(assert_unlinkable
  (module
    (rec (type $g (func)) (type (array i16)))
    (func (import "M" "g") (type $g))
  )
  "incompatible import type"
)
(assert_unlinkable
  (module
    (rec (type $s (struct (field (mut i32)))))
    (type $h (func (param (ref null $s))))
    (func (import "M" "h") (type $h))
  )
  "incompatible import type"
)

;; call_indirect across modules.

(module
  (rec (type $f (func)) (type (struct (field (mut i8)) (field (ref null $f)))))
  (rec (type $packing (func)) (type (array (mut i8))))
  (rec (type $mutability (func)) (type (array i16)))
  (rec (type $kind (func)) (type (struct (field (mut i16)))))
  (table (import "M" "t") 2 funcref)
  (func (export "same") (call_indirect (type $f) (i32.const 0)))
  (func (export "packing") (call_indirect (type $packing) (i32.const 1)))
  (func (export "mutability") (call_indirect (type $mutability) (i32.const 1)))
  (func (export "kind") (call_indirect (type $kind) (i32.const 1)))
)
(assert_return (invoke "same"))
(assert_trap (invoke "packing") "indirect call type mismatch")
(assert_trap (invoke "mutability") "indirect call type mismatch")
(assert_trap (invoke "kind") "indirect call type mismatch")
