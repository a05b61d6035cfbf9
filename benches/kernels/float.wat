;; f64 arithmetic: the Mandelbrot set on an n x n grid over [-2, 0.5] x [-1.25, 1.25], at most 64
;; iterations per point, escaping when sqrt(zr^2 + zi^2) > 2.
;;
;;   iters = total iterations over all points, mag = sum of the final sqrt(zr^2 + zi^2)
;;   run(n) = iters ^ bits(mag)
(module
  (func (export "run") (param $n i32) (result i64)
    (local $x i32) (local $y i32) (local $k i32) (local $iters i64)
    (local $scale f64) (local $cr f64) (local $ci f64) (local $zr f64) (local $zi f64)
    (local $t f64) (local $m f64) (local $mag f64)
    (local.set $scale (f64.div (f64.const 2.5) (f64.convert_i32_s (local.get $n))))
    (block $rows_done
      (loop $row
        (br_if $rows_done (i32.ge_s (local.get $y) (local.get $n)))
        (local.set $ci (f64.add (f64.const -1.25)
                                (f64.mul (f64.convert_i32_s (local.get $y)) (local.get $scale))))
        (local.set $x (i32.const 0))
        (block $cols_done
          (loop $col
            (br_if $cols_done (i32.ge_s (local.get $x) (local.get $n)))
            (local.set $cr (f64.add (f64.const -2)
                                    (f64.mul (f64.convert_i32_s (local.get $x)) (local.get $scale))))
            (local.set $zr (f64.const 0))
            (local.set $zi (f64.const 0))
            (local.set $m (f64.const 0))
            (local.set $k (i32.const 0))
            (block $escaped
              (loop $iter
                (br_if $escaped (i32.ge_s (local.get $k) (i32.const 64)))
                (local.set $t (f64.add (f64.sub (f64.mul (local.get $zr) (local.get $zr))
                                                (f64.mul (local.get $zi) (local.get $zi)))
                                       (local.get $cr)))
                (local.set $zi (f64.add (f64.mul (f64.mul (f64.const 2) (local.get $zr))
                                                 (local.get $zi))
                                        (local.get $ci)))
                (local.set $zr (local.get $t))
                (local.set $k (i32.add (local.get $k) (i32.const 1)))
                (local.set $m (f64.sqrt (f64.add (f64.mul (local.get $zr) (local.get $zr))
                                                 (f64.mul (local.get $zi) (local.get $zi)))))
                (br_if $escaped (f64.gt (local.get $m) (f64.const 2)))
                (br $iter)))
            (local.set $iters (i64.add (local.get $iters) (i64.extend_i32_u (local.get $k))))
            (local.set $mag (f64.add (local.get $mag) (local.get $m)))
            (local.set $x (i32.add (local.get $x) (i32.const 1)))
            (br $col)))
        (local.set $y (i32.add (local.get $y) (i32.const 1)))
        (br $row)))
    (i64.xor (local.get $iters) (i64.reinterpret_f64 (local.get $mag)))))
