;; The legacy try/catch/delegate/rethrow (read with wabt's
;; --enable-exceptions; the runner turns it on for this file's name): cases
;; for the C translation beyond the proposal's own tests.

(module
  (tag $e (param i32))
  (tag $f (param i32))
  (func $throw (param i32) (throw $e (local.get 0)))

  ;; A local changed in the try body, read in the handler.
  (func (export "local-in-handler") (param $n i32) (result i32)
    (local $i i32)
    (try (result i32)
      (do
        (loop $l
          (local.set $i (i32.add (local.get $i) (i32.const 1)))
          (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
        (call $throw (i32.const 1))
        (i32.const 0))
      (catch $e (i32.add (local.get $i)))))

  ;; rethrow 1 from an inner handler: the outer exception (payload 1) goes,
  ;; leaving both handlers.
  (func $rethrow-outer (result i32)
    (try (result i32)
      (do (call $throw (i32.const 1)) (i32.const 0))
      (catch $e
        (drop)
        (try (result i32)
          (do (call $throw (i32.const 2)) (i32.const 0))
          (catch $e (drop) (rethrow 1))))))
  (func (export "rethrow-outer") (result i32)
    (try (result i32) (do (call $rethrow-outer)) (catch $e)))

  ;; rethrow inside a try body nested in the handler: caught right there,
  ;; and the outer handler still owns (and frees) its exception.
  (func (export "rethrow-caught-inside") (param $n i32) (result i32)
    (local $sum i32)
    (loop $l
      (try
        (do (call $throw (local.get $n)))
        (catch $e
          (drop)
          (try
            (do (rethrow 1))
            (catch $e (local.set $sum (i32.add (local.get $sum))))))
        )
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))

  ;; catch_all + rethrow 0, the shape of C++ cleanups, many times.
  (func $cleanup (param i32)
    (try (do (call $throw (local.get 0))) (catch_all (rethrow 0))))
  (func (export "cleanups") (param $n i32) (result i32)
    (local $sum i32)
    (loop $l
      (try
        (do (call $cleanup (local.get $n)))
        (catch $e (local.set $sum (i32.add (local.get $sum)))))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $sum))

  ;; A branch out of a handler frees its exception; then a throw goes to
  ;; the caller.
  (func (export "br-out-of-handler") (param $n i32) (result i32)
    (local $sum i32)
    (block $done
      (loop $l
        (block $next
          (try
            (do (call $throw (local.get $n)))
            (catch $e
              (local.set $sum (i32.add (local.get $sum)))
              (br $next))))
        (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
    (local.get $sum))

  ;; delegate to an outer try, to a block inside a try, and to the caller.
  (func (export "delegate-outer") (result i32)
    (try (result i32)
      (do (try (do (call $throw (i32.const 3))) (delegate 0)) (i32.const 0))
      (catch $e)))
  (func (export "delegate-block") (result i32)
    (try (result i32)
      (do
        (block
          (try (do (call $throw (i32.const 4))) (delegate 0)))
        (i32.const 0))
      (catch $e)))
  (func $delegate-caller
    (try
      (do (try (do (call $throw (i32.const 5))) (delegate 1)))
      (catch_all)))
  (func (export "delegate-caller") (result i32)
    (try (result i32) (do (call $delegate-caller) (i32.const 0)) (catch $e)))
  ;; delegate from inside a handler goes past that (finished) try.
  (func (export "delegate-from-handler") (result i32)
    (try (result i32)
      (do
        (try
          (do (call $throw (i32.const 6)))
          (catch_all
            (try (do (call $throw (i32.const 7))) (delegate 0))))
        (i32.const 0))
      (catch $e)))

  ;; A tag that does not match passes the handler by.
  (func (export "other-tag") (result i32)
    (try (result i32)
      (do (try (result i32) (do (throw $f (i32.const 8))) (catch $e)))
      (catch $f (i32.const 100) (i32.add))))
)

(assert_return (invoke "local-in-handler" (i32.const 50)) (i32.const 51))
(assert_return (invoke "rethrow-outer") (i32.const 1))
(assert_return (invoke "rethrow-caught-inside" (i32.const 1000)) (i32.const 500500))
(assert_return (invoke "cleanups" (i32.const 10000)) (i32.const 50005000))
(assert_return (invoke "br-out-of-handler" (i32.const 10000)) (i32.const 50005000))
(assert_return (invoke "delegate-outer") (i32.const 3))
(assert_return (invoke "delegate-block") (i32.const 4))
(assert_return (invoke "delegate-caller") (i32.const 5))
(assert_return (invoke "delegate-from-handler") (i32.const 7))
(assert_return (invoke "other-tag") (i32.const 108))
