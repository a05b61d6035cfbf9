;; profile: x86-64-v3
;; checks: deferred
;; The same functions as bounds-checks-v3 with deferred checks, as functions with thousands of
;; checks and live values get them (issue 20): one block and one branch. Each check ORs its
;; condition into a flag, a failed access goes to a scratch stack slot instead (`cmov`), a zero
;; divisor becomes 1; the flag is branched on once, before the function returns. With two trap codes
;; ($div) the first failed one is kept with `cmov`s.
(module
  (memory 1)
  (func $sum3 (export "sum3") (param i32 i32) (result i32)
    (i32.store offset=12 (local.get 1)
      (i32.add
        (i32.add (i32.load (local.get 0)) (i32.load offset=4 (local.get 0)))
        (i32.load offset=8 (local.get 0))))
    (i32.load offset=12 (local.get 1)))
  (func $div (export "div") (param i32 i32) (result i32)
    (i32.div_u (i32.load (local.get 0)) (local.get 1))))
