;; pass: verify
;; The verifier checks the CLIF and changes nothing: both outputs are the same.
(module
  (func $add (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))
