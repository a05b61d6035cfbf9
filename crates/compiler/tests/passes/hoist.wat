;; pass: hoist
;; $leaf makes no call: with `hoist` its length loads are read-only (Cranelift may hoist them out
;; of the loop). $caller calls, but its loop does not: the length is loaded once before the loop.
;; Without `hoist` every access loads the length where it is.
(module
  (memory 1)
  (func $leaf (param $p i32) (param $n i32) (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (local.get $acc))
  (func $caller (param $p i32) (param $n i32) (result i32)
    (local $acc i32)
    (loop $l
      (local.set $acc (i32.add (local.get $acc) (i32.load (local.get $p))))
      (local.set $p (i32.add (local.get $p) (i32.const 4)))
      (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    (call $leaf (local.get $p) (local.get $acc))))
