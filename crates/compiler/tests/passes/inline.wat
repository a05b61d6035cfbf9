;; pass: inline
;; $caller's direct calls of the small $square and $load are inlined (their trap blocks come
;; along, still recording their own function index); the call of the import $log, the
;; `call_indirect` and the recursive call of $fact are kept. $big is over the size budget.
(module
  (import "env" "log" (func $log (param i32)))
  (type $t (func (param i32) (result i32)))
  (memory 1)
  (table 1 funcref)
  (elem (i32.const 0) $square)
  (func $square (type $t) (i32.mul (local.get 0) (local.get 0)))
  (func $load (param i32) (result i32) (i32.load offset=8 (local.get 0)))
  (func $fact (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 1))
      (else (i32.mul (local.get 0) (call $fact (i32.sub (local.get 0) (i32.const 1)))))))
  (func $big (param i32) (result i32)
    (local.get 0) (i32.const 1) (i32.add) (i32.const 2) (i32.mul) (i32.const 3) (i32.xor)
    (i32.const 4) (i32.add) (i32.const 5) (i32.mul) (i32.const 6) (i32.xor)
    (i32.const 7) (i32.add) (i32.const 8) (i32.mul) (i32.const 9) (i32.xor)
    (i32.const 10) (i32.add) (i32.const 11) (i32.mul) (i32.const 12) (i32.xor)
    (i32.const 13) (i32.add) (i32.const 14) (i32.mul) (i32.const 15) (i32.xor)
    (i32.const 16) (i32.add) (i32.const 17) (i32.mul) (i32.const 18) (i32.xor)
    (i32.const 19) (i32.add) (i32.const 20) (i32.mul) (i32.const 21) (i32.xor)
    (i32.const 22) (i32.add) (i32.const 23) (i32.mul) (i32.const 24) (i32.xor)
    (i32.const 25) (i32.add) (i32.const 26) (i32.mul) (i32.const 27) (i32.xor)
    (i32.const 28) (i32.add) (i32.const 29) (i32.mul) (i32.const 30) (i32.xor)
    (i32.const 31) (i32.add) (i32.const 32) (i32.mul) (i32.const 33) (i32.xor))
  (func $caller (param $x i32) (result i32)
    (call $log (local.get $x))
    (i32.add
      (i32.add (call $square (local.get $x)) (call $load (local.get $x)))
      (i32.add
        (call_indirect (type $t) (local.get $x) (i32.const 0))
        (i32.add (call $fact (local.get $x)) (call $big (local.get $x)))))))
