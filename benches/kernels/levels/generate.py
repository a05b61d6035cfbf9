#!/usr/bin/env python3
"""Writes the per-instruction-family kernels of the `levels` bench (benches/benches/levels.rs).

Every kernel exports `run(n: i32) -> i64`. It first fills its 64 KiB memory with xorshift32 data
(shaped per kernel: odd numbers, swizzle indices, floats, ...), then runs a loop of `n`
iterations; each iteration applies the measured operation 8 times to data loaded from memory,
folding the results into an accumulator (a dependency chain), and the accumulator is the checksum.
The composite kernels instead make `n` passes over the whole memory. The plain-Rust references
are in `benches/src/levels_reference.rs`. Run: python3 benches/kernels/levels/generate.py
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

STORES = {
    "bytes": ("(i32.store (local.get $p) (local.get $x))", 4),
    "odd": ("(i32.store (local.get $p) (i32.or (local.get $x) (i32.const 1)))", 4),
    "idx": ("(i32.store (local.get $p) (i32.and (local.get $x) (i32.const 0x1f1f1f1f)))", 4),
    "shr": ("(i32.store (local.get $p) (i32.shr_u (local.get $x) (i32.and (local.get $x) (i32.const 31))))", 4),
    "shl": ("(i32.store (local.get $p) (i32.shl (local.get $x) (i32.shr_u (local.get $x) (i32.const 27))))", 4),
    "f32": ("(f32.store (local.get $p) (f32.mul (f32.convert_i32_s (local.get $x)) (f32.const 0x1p-21)))", 4),
    "f64": ("(f64.store (local.get $p) (f64.mul (f64.convert_i32_s (local.get $x)) (f64.const 0x1p-21)))", 8),
}

FILL = """  ;; 64 KiB of xorshift32 data ({kind}).
  (func $fill
    (local $p i32) (local $x i32)
    (local.set $x (i32.const 0x9e3779b9))
    (loop $l
      (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 13))))
      (local.set $x (i32.xor (local.get $x) (i32.shr_u (local.get $x) (i32.const 17))))
      (local.set $x (i32.xor (local.get $x) (i32.shl (local.get $x) (i32.const 5))))
      {store}
      (local.set $p (i32.add (local.get $p) (i32.const {step})))
      (br_if $l (i32.lt_u (local.get $p) (i32.const 65536)))))
"""

V128_SUM = ("(i64.xor (i64x2.extract_lane 0 (local.get $acc))"
            " (i64.rotl (i64x2.extract_lane 1 (local.get $acc)) (i64.const 32)))")
CHECKSUM = {
    "v128": V128_SUM,
    "i64": "(local.get $acc)",
    "i32": "(i64.extend_i32_u (local.get $acc))",
    "f64": "(i64.reinterpret_f64 (local.get $acc))",
}
# (load instruction, bytes per load, shift and mask of the per-iteration offset)
SHAPE = {
    "v128": ("v128.load", 16, 7, "0xff80"),
    "i64": ("i64.load", 8, 6, "0xffc0"),
    "f64": ("f64.load", 8, 6, "0xffc0"),
    "i32": ("i32.load", 4, 5, "0xffe0"),
}
INT_INIT = "(v128.const i32x4 0x01234567 0x89abcdef 0x0f1e2d3c 0x4b5a6978)"
F32_INIT = "(v128.const f32x4 1.5 -2.25 0.75 3.0)"

# name, file, accumulator type, fill, init, extra locals/setup, application(j, L(j), L(j+1))
A = "(local.get $acc)"
MICRO = [
    ("i8x16.popcnt", "i8x16_popcnt", "v128", "bytes", INT_INIT, "",
     lambda j, l, m: f"(i8x16.add {A} (i8x16.popcnt {l}))"),
    ("i32x4.mul", "i32x4_mul", "v128", "odd", INT_INIT, "",
     lambda j, l, m: f"(i32x4.mul {A} {l})"),
    ("i16x8.q15mulr_sat_s", "i16x8_q15mulr_sat_s", "v128", "bytes", INT_INIT,
     "(local.set $k (v128.const i16x8 0x1234 -0x2345 0x3456 -0x4567 0x5678 -0x6789 0x789a -0x1bcd))",
     lambda j, l, m: f"(i16x8.add (i16x8.q15mulr_sat_s {A} {l}) (local.get $k))"),
    ("f32x4.nearest", "f32x4_nearest", "v128", "f32", F32_INIT, "",
     lambda j, l, m: f"(f32x4.add {A} (f32x4.nearest {l}))"),
    ("i8x16.swizzle", "i8x16_swizzle", "v128", "idx", INT_INIT,
     "(local.set $k (v128.const i8x16 1 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53))",
     lambda j, l, m: f"(i8x16.add (i8x16.swizzle {A} {l}) (local.get $k))"),
    ("i8x16.add_sat_s", "i8x16_add_sat_s", "v128", "bytes", INT_INIT, "",
     lambda j, l, m: f"(i8x16.add_sat_s {A} {l})"),
    ("i16x8.extmul_{low_s,high_u}_i8x16", "i16x8_extmul", "v128", "bytes", INT_INIT, "",
     lambda j, l, m: f"(i16x8.add {A} (i16x8.extmul_{'low_i8x16_s' if j % 2 == 0 else 'high_i8x16_u'} {A} {l}))"),
    ("i32x4.dot_i16x8_s", "i32x4_dot_i16x8_s", "v128", "bytes", INT_INIT, "",
     lambda j, l, m: f"(i32x4.add {A} (i32x4.dot_i16x8_s {A} {l}))"),
    ("v128.bitselect", "v128_bitselect", "v128", "bytes", INT_INIT, "",
     lambda j, l, m: f"(v128.bitselect {l} {m} {A})"),
    ("f32x4.add + f32x4.mul", "f32x4_add_mul", "v128", "f32", F32_INIT,
     "(local.set $k (v128.const f32x4 0.5 0.5 0.5 0.5))",
     lambda j, l, m: f"(f32x4.mul (f32x4.add {A} {l}) (local.get $k))"),
    ("control: v128.xor + i8x16.add", "v128_control", "v128", "bytes", INT_INIT, "",
     lambda j, l, m: f"(i8x16.add {A} (v128.xor {l} {A}))"),
    ("i64.popcnt", "i64_popcnt", "i64", "bytes", "(i64.const 0)", "",
     lambda j, l, m: f"(i64.add {A} (i64.popcnt {l}))"),
    ("i32.clz", "i32_clz", "i32", "shr", "(i32.const 0)", "",
     lambda j, l, m: f"(i32.add {A} (i32.clz {l}))"),
    ("i32.ctz", "i32_ctz", "i32", "shl", "(i32.const 0)", "",
     lambda j, l, m: f"(i32.add {A} (i32.ctz {l}))"),
    ("f64.nearest", "f64_nearest", "f64", "f64", "(f64.const 0)", "",
     lambda j, l, m: f"(f64.add {A} (f64.nearest {l}))"),
    ("f64.floor", "f64_floor", "f64", "f64", "(f64.const 0)", "",
     lambda j, l, m: f"(f64.add {A} (f64.floor {l}))"),
    ("control: i64.xor + i64.add", "i64_control", "i64", "bytes", "(i64.const 0)", "",
     lambda j, l, m: f"(i64.add {A} (i64.xor {l} {A}))"),
]


def micro(name, ty, fill, init, setup, app):
    load, width, shift, mask = SHAPE[ty]
    store, step = STORES[fill]
    acc_ty = "v128" if ty == "v128" else ty
    lines = [f";; `{name}`: generated by generate.py, do not edit by hand.",
             f";; run(n): n iterations of 8 applications to {width}-byte values loaded from memory,",
             ";; folded into one accumulator; returns the accumulator as the checksum.",
             "(module", "  (memory 1)", FILL.format(kind=fill, store=store, step=step)]
    lines.append('  (func (export "run") (param $n i32) (result i64)')
    extra = " (local $k v128)" if setup else ""
    lines.append(f"    (local $i i32) (local $p i32) (local $acc {acc_ty}){extra}")
    lines.append("    (call $fill)")
    lines.append(f"    (local.set $acc {init})")
    if setup:
        lines.append(f"    {setup}")
    lines.append("    (if (i32.gt_s (local.get $n) (i32.const 0)) (then")
    lines.append("      (loop $l")
    lines.append(f"        (local.set $p (i32.and (i32.shl (local.get $i) (i32.const {shift})) (i32.const {mask})))")
    for j in range(8):
        lj = f"({load} offset={j * width} (local.get $p))"
        lm = f"({load} offset={((j + 1) % 8) * width} (local.get $p))"
        lines.append(f"        (local.set $acc {app(j, lj, lm)})")
    lines.append("        (local.set $i (i32.add (local.get $i) (i32.const 1)))")
    lines.append("        (br_if $l (i32.lt_u (local.get $i) (local.get $n))))))")
    lines.append(f"    {CHECKSUM[ty]}))")
    return "\n".join(lines) + "\n"


def composite(name, what, fill, setup, locals_, body, checksum, end=65536):
    store, step = STORES[fill]
    lines = [f";; `{name}`: {what}",
             ";; Generated by generate.py, do not edit by hand. run(n): n passes over the data.",
             "(module", "  (memory 1)", FILL.format(kind=fill, store=store, step=step)]
    lines.append('  (func (export "run") (param $n i32) (result i64)')
    lines.append(f"    (local $i i32) (local $p i32) (local $acc v128){locals_}")
    lines.append("    (call $fill)")
    for s in setup:
        lines.append(f"    {s}")
    lines.append("    (if (i32.gt_s (local.get $n) (i32.const 0)) (then")
    lines.append("      (loop $pass")
    lines.append("        (local.set $p (i32.const 0))")
    lines.append("        (loop $l")
    for off in range(0, 64, 16):
        lines.append(f"          {body(off)}")
    lines.append("          (local.set $p (i32.add (local.get $p) (i32.const 64)))")
    lines.append(f"          (br_if $l (i32.lt_u (local.get $p) (i32.const {end}))))")
    lines.append("        (local.set $i (i32.add (local.get $i) (i32.const 1)))")
    lines.append("        (br_if $pass (i32.lt_u (local.get $i) (local.get $n))))))")
    lines.append(f"    {checksum}))")
    return "\n".join(lines) + "\n"


def L(off, extra=0):
    return f"(v128.load offset={off + extra} (local.get $p))"


LANE_SUM32 = ("(i64.add (i64.add (i64.extend_i32_u (i32x4.extract_lane 0 (local.get $acc)))"
              " (i64.extend_i32_u (i32x4.extract_lane 1 (local.get $acc))))"
              " (i64.add (i64.extend_i32_u (i32x4.extract_lane 2 (local.get $acc)))"
              " (i64.extend_i32_u (i32x4.extract_lane 3 (local.get $acc)))))")

COMPOSITE = [
    ("popcount_sum", "total set bits of 64 KiB (i8x16.popcnt, extadd_pairwise, i32x4.add)",
     "bytes", [], "",
     lambda o: f"(local.set $acc (i32x4.add {A} (i32x4.extadd_pairwise_i16x8_u "
               f"(i16x8.extadd_pairwise_i8x16_u (i8x16.popcnt {L(o)})))))",
     LANE_SUM32, 65536),
    ("dot_i16", "i16 dot product of two 32 KiB arrays (i32x4.dot_i16x8_s, i32x4.add)",
     "bytes", [], "",
     lambda o: f"(local.set $acc (i32x4.add {A} (i32x4.dot_i16x8_s {L(o)} {L(o, 32768)})))",
     V128_SUM, 32768),
    ("dot_f32", "f32 dot product of two 32 KiB arrays (f32x4.mul, f32x4.add)",
     "f32", ["(local.set $acc (v128.const f32x4 0 0 0 0))"], "",
     lambda o: f"(local.set $acc (f32x4.add {A} (f32x4.mul {L(o)} {L(o, 32768)})))",
     V128_SUM, 32768),
    ("classify", "simdjson-style byte classification with two i8x16.swizzle nibble tables, "
     "class masks summed per i16 lane",
     "bytes",
     ["(local.set $lo (v128.const i8x16 0x16 0x24 0x41 0x88 0x03 0x50 0x0c 0x81 "
      "0x22 0x44 0x11 0x99 0x66 0x07 0xf0 0x38))",
      "(local.set $hi (v128.const i8x16 0x81 0x42 0x24 0x18 0x0f 0xf0 0x33 0xcc "
      "0x55 0xaa 0x01 0x80 0x7e 0x3c 0x99 0x66))",
      "(local.set $m (v128.const i8x16 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15 15))"],
     " (local $lo v128) (local $hi v128) (local $m v128) (local $v v128)",
     lambda o: f"(local.set $v {L(o)}) (local.set $acc (i16x8.add {A} "
               f"(i16x8.extadd_pairwise_i8x16_u (v128.and "
               f"(i8x16.swizzle (local.get $lo) (v128.and (local.get $v) (local.get $m))) "
               f"(i8x16.swizzle (local.get $hi) (i8x16.shr_u (local.get $v) (i32.const 4)))))))",
     V128_SUM, 65536),
]

for name, fname, ty, fill, init, setup, app in MICRO:
    with open(os.path.join(HERE, fname + ".wat"), "w") as f:
        f.write(micro(name, ty, fill, init, setup, app))
for name, what, fill, setup, locals_, body, checksum, end in COMPOSITE:
    with open(os.path.join(HERE, name + ".wat"), "w") as f:
        f.write(composite(name, what, fill, setup, locals_, body, checksum, end))
