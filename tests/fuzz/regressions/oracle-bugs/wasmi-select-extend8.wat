;; Found by the fuzzer (campaign --seed 6, seed 0x2a7bea7a181e77f2, reduced by line deletion): not a
;; tailor bug, a bug of the oracle. `4(null)` must not take its `if`: the condition is
;; `i32.extend8_s(select(32768, 1, ref.is_null(null)))` = `extend8_s(32768)` = 0. Every tailor
;; tier and Wasmtime 49.0.3 return (-0x1.02b932p+109, -2465505814865943720); wasmi 2.0.0 takes the
;; branch and traps with `unreachable`.
;; expect: main -> f32 0xf6015c99 i64 0xddc8c38631416358
(module
  (type (;0;) (func (param externref) (result f32 i64)))
  (global (;0;) f32 f32.const -0x1.0ae62cp-44 (;=-0.00000000000005926351;))
  (global (;1;) (mut i32) i32.const 0)
  (global (;2;) (mut v128) v128.const i32x4 0x00000000 0x00000000 0x00000000 0x00000000)
  (global (;3;) (mut i64) i64.const 0)
  (global (;4;) (mut i64) i64.const 0)
  (global (;5;) (mut i32) i32.const 0)
  (global (;6;) (mut i32) i32.const 10000)
  (export "4" (func 4))
  (func (;0;) (type 0) (param externref) (result f32 i64)
    f32.const 0x1.1a594ep-8 (;=0.0043083015;)
    i64.const 33554431
    block ;; label = @1
      f32.const 0x1.0fabe4p-45 (;=0.00000000000003016159;)
      local.get 0
      local.set 0
      i64.trunc_sat_f32_s
      f32.const -0x1.af4bf2p+96 (;=-133479850000000000000000000000;)
      block (result i64) ;; label = @2
        ref.null extern
        block (result v128) ;; label = @3
          f32.const 0x1.6ecc32p+74 (;=27064889000000000000000;)
          loop ;; label = @4
          end
          i32.reinterpret_f32
          global.set 1
          v128.const i32x4 0x9e5f39fa 0xdc1f9f9b 0xda8a50d9 0x6f896b84
        end
        global.get 2
        v128.xor
        global.set 2
        drop
        i64.const -16384
      end
      global.get 3
      i64.xor
      global.set 3
      i32.reinterpret_f32
      global.get 1
      i32.xor
      global.set 1
      global.set 3
    end
  )
  (func (;1;) (type 0) (param externref) (result f32 i64)
    (local f32 v128 f64 f32 f32)
    global.get 6
    if ;; label = @1
    end
    f32.const 0x1.fa0482p+96 (;=156604860000000000000000000000;)
    i64.trunc_f32_u
    i64.eqz
    f32.reinterpret_i32
    block (result f64) ;; label = @1
      i32.const -978354428
      f32.convert_i32_u
      ref.null func
      f64.const -0x1.3c815e5492da4p+436 (;=-219391194954979160000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
      i64.trunc_sat_f64_s
      i64.const -18014398509481984
      i64.le_u
      i32x4.splat
      f64.const -nan:0xffffff8000000 (;=NaN;)
      f64.const nan (;=NaN;)
      local.get 3
      local.get 3
      f64.eq
      select
      f32.demote_f64
      f32.const nan (;=NaN;)
      local.get 4
      local.get 4
      f32.eq
      select
      f32.const nan (;=NaN;)
      local.get 5
      local.get 5
      f32.eq
      select
      i32.reinterpret_f32
      global.set 1
      global.get 2
      v128.xor
      global.set 2
      drop
      i32.reinterpret_f32
      global.set 1
      f64.const -0x1.6fdca3f503768p+426 (;=-249013544284302770000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
    end
    i64.reinterpret_f64
  )
  (func (;2;) (type 0) (param externref) (result f32 i64)
    (local f32 v128 f32 f32 f32 f32)
    global.get 6
    global.set 6
    block (result f32) ;; label = @1
      i32.const -1975905249
      f64.const 0x1.fffp-1062 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000004047;)
      i32.trunc_f64_s
      local.get 1
      i64.trunc_sat_f32_u
      block (result externref) ;; label = @2
        ref.null extern
        f32.const 0x1.p-148 (;=0.000000000000000000000000000000000000000000003;)
        global.get 0
        f64.const -0x1.6787e3ac360aep-775 (;=-0.000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000007067234754776414;)
        loop (result f64) ;; label = @3
          global.get 6
          f32.reinterpret_i32
          i64.trunc_f32_s
          f32.convert_i64_s
          loop ;; label = @4
            v128.const i32x4 0x89b11f53 0x45afa263 0x23d2f1e7 0xb34a7a82
            i32x4.all_true
            i16x8.splat
            v128.const i32x4 0x00000000 0x7ff80000 0x00000000 0x7ff80000
            local.get 2
            local.get 2
            f64x2.eq
            v128.bitselect
            i64.const -1193140213464917526
            local.get 1
            f32.const nan (;=NaN;)
            local.get 3
            local.get 3
            f32.eq
            select
            f32.const nan (;=NaN;)
            local.get 4
            local.get 4
            f32.eq
            select
            f32.const nan (;=NaN;)
            local.get 5
            local.get 5
            f32.eq
            select
            i64.trunc_f32_s
            i64.div_u
            f32.convert_i64_u
            f32.const nan (;=NaN;)
            local.get 6
            local.get 6
            f32.eq
            select
            i32.reinterpret_f32
            global.set 1
            global.get 2
            v128.xor
            global.set 2
          end
          i32.reinterpret_f32
          global.set 1
          f64.const -nan:0xfdfffffffffff (;=NaN;)
        end
        i64.reinterpret_f64
        global.set 4
        i64.reinterpret_f64
        global.set 4
        i32.reinterpret_f32
        global.set 1
        i32.reinterpret_f32
        global.set 1
      end
      drop
      global.get 3
      i64.xor
      global.set 3
      i32.xor
      global.set 5
      f32.const 0x1.ca94dap-1 (;=0.8956669;)
    end
    i64.const 4693969532503343905
  )
  (func (;3;) (type 0) (param externref) (result f32 i64)
    (local v128 f32 f32 v128 v128 f32)
    global.get 6
    i32.const 1
    i32.sub
    global.set 6
    local.get 0
    v128.const i32x4 0xdc39fad1 0x2929b71c 0x6dc2dd8a 0x396f28a8
    v128.const i32x4 0x00000000 0x7ff80000 0x00000000 0x7ff80000
    local.get 1
    local.get 1
    f64x2.eq
    v128.bitselect
    i64x2.bitmask
    global.get 0
    i32.const 256
    f64.const 0x1.fffff8p-1053 (;=0.00000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000002072261;)
    f32.const -nan:0x7fc000 (;=NaN;)
    ref.null extern
    local.set 0
    i32.const 524288
    f32.const 0x1.fffep-134 (;=0.000000000000000000000000000000000000000091834;)
    f32.const nan (;=NaN;)
    local.get 2
    local.get 2
    f32.eq
    select
    i32.trunc_f32_s
    f32.const -0x1.44c20ap+80 (;=-1533626100000000000000000;)
    loop (result i64) ;; label = @1
      global.get 6
      if ;; label = @2
      end
      global.get 0
      f32.const nan (;=NaN;)
      local.get 3
      local.get 3
      f32.eq
      select
      i64.trunc_sat_f32_u
      f64.reinterpret_i64
      v128.const i32x4 0x6e985e79 0xfb429b31 0x839dd50f 0xd31edd36
      v128.const i32x4 0x00000000 0x7ff80000 0x00000000 0x7ff80000
      local.get 5
      local.get 5
      f64x2.eq
      v128.bitselect
      f32.const 0x1.1f421ap+101 (;=2844867500000000000000000000000;)
      block ;; label = @2
        block (result f64) ;; label = @3
          f32.const -0x1.92b1bp-112 (;=-0.00000000000000000000000000000000030295336;)
          f32.const nan (;=NaN;)
          local.get 6
          local.get 6
          f32.eq
          select
          i32.reinterpret_f32
          global.set 1
          f64.const -nan:0xfffffffbfffff (;=NaN;)
        end
        i64.reinterpret_f64
        global.set 4
      end
      i32.reinterpret_f32
      global.get 1
      i32.xor
      global.set 1
      global.set 2
      i64.reinterpret_f64
    end
    global.get 3
    i64.xor
    global.set 3
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    i32.xor
    global.set 5
    i32.reinterpret_f32
    global.get 1
    i32.xor
    global.set 1
    i64.reinterpret_f64
    global.get 4
    i64.xor
    global.set 4
    global.set 5
    i32.reinterpret_f32
    i32.xor
    global.set 5
    drop
    f32.const -nan:0x7fffdf (;=NaN;)
    i64.const -72057594037927936
  )
  (func (;4;) (type 0) (param externref) (result f32 i64)
    (local funcref v128 f64 f32)
    loop ;; label = @1
      global.get 6
      global.set 6
      global.get 0
      i64.trunc_f32_u
      f64.convert_i64_u
      i32.const 32768
      global.get 0
      f32.const -0x1.6f08dep+91 (;=-3549741200000000000000000000;)
      f32.ne
      local.get 0
      ref.is_null
      select
      i32.extend8_s
      if (result externref) ;; label = @2
        v128.const i32x4 0x00128239 0x8432e91e 0xf81b2b3d 0x93c7ac6d
        i16x8.extract_lane_s 6
        f32.convert_i32_s
        i64.trunc_f32_s
        global.get 0
        loop ;; label = @3
          global.get 6
          if ;; label = @4
            unreachable
          end
          block ;; label = @4
            global.get 0
            block (result f32) ;; label = @5
              f64.const 0x1.77ad35a69e906p+606 (;=389718975034333300000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
              f64.const nan (;=NaN;)
              local.get 3
              local.get 3
              f64.eq
              select
              local.get 1
              local.get 0
              global.get 0
              f64.const -0x1.9bc636a2e87b2p+807 (;=-1372858391674049700000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000;)
              global.get 0
              global.get 0
              f32.const nan (;=NaN;)
              local.get 4
              local.get 4
              f32.eq
              select
              i32.reinterpret_f32
              global.get 1
              i32.xor
              global.set 1
              i32.reinterpret_f32
              global.get 1
              i32.xor
              global.set 1
              i64.reinterpret_f64
              global.get 4
              i64.xor
              global.set 4
              drop
              drop
              drop
              i64.reinterpret_f64
              global.set 4
              f32.const -nan:0x7ffe00 (;=NaN;)
            end
            i32.reinterpret_f32
            global.set 1
            i32.reinterpret_f32
            global.set 1
          end
        end
        i32.reinterpret_f32
        global.get 1
        i32.xor
        global.set 1
        global.set 3
        ref.null extern
      else
        ref.null extern
      end
      drop
      i64.reinterpret_f64
      global.get 4
      i64.xor
      global.set 4
    end
    f32.const -0x1.02b932p+109 (;=-655941800000000000000000000000000;)
    i64.const -2465505814865943720
  )
  (func (export "main") (result f32 i64)
    ref.null extern
    call 4)
)
