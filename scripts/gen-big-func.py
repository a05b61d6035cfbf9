#!/usr/bin/env python3
"""Writes a module with one big function, to measure how the compiler's cost grows with function size.

    scripts/gen-big-func.py KIND N OUT.wasm

The module has one memory (exported as "memory", large enough for every access) and exports "f",
which takes an i32 address and returns an i64. KIND is one of:

  loads    N x (local.get 0; i64.load offset=8k), then N-1 i64.add: N values live at once, one bounds
           check per access (the shape of issue 20: 4,000 accesses took 1 GB to compile)
  locals   N i64 locals: local k = i64.load offset=8k, then the sum of all locals
  stores   as locals, then every local stored back (i64.store offset=8k): N stores after N loads
  div      N x (i64.load; i64.div_u by a parameter-derived divisor), then the adds: N divide checks
  trunc    N x (f64.load; i64.trunc_f64_s), then the adds: N conversion checks
  calls    N x (i64.load; call $id), then the adds: N calls, each followed by a trap check
  indirect N x (i64.load; call_indirect), then the adds: N table/signature checks

Every function returns 0 on a zeroed memory (div divides by 1), so `run --invoke f OUT 0` prints 0.
"""

import sys


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def vec(items):
    return uleb(len(items)) + b"".join(items)


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


I32, I64, F64 = 0x7F, 0x7E, 0x7C
LOCAL_GET, LOCAL_SET = 0x20, 0x21
I64_LOAD, F64_LOAD, I64_STORE = 0x29, 0x2B, 0x37
I64_ADD, I64_DIV_U, I64_TRUNC_F64_S = 0x7C, 0x80, 0xB0
CALL, CALL_INDIRECT, END = 0x10, 0x11, 0x0B


def memarg(align, offset):
    return uleb(align) + uleb(offset)


def body(kind, n):
    """(locals declaration, code) of the big function."""
    code = bytearray()
    locals_decl = vec([])

    def load(k, op=I64_LOAD):
        code.extend([LOCAL_GET, 0, op])
        code.extend(memarg(3, 8 * k))

    def adds():
        code.extend([I64_ADD] * (n - 1))

    if kind == "loads":
        for k in range(n):
            load(k)
        adds()
    elif kind in ("locals", "stores"):
        locals_decl = vec([uleb(n) + bytes([I64])])
        for k in range(n):
            load(k)
            code.append(LOCAL_SET)
            code.extend(uleb(1 + k))
        if kind == "stores":
            for k in range(n):
                code.extend([LOCAL_GET, 0, LOCAL_GET])
                code.extend(uleb(1 + k))
                code.extend([I64_STORE])
                code.extend(memarg(3, 8 * k))
        for k in range(n):
            code.extend([LOCAL_GET])
            code.extend(uleb(1 + k))
        adds()
    elif kind == "div":
        # divisor = (param | 1) as i64: never zero, but the compiler cannot know.
        locals_decl = vec([uleb(1) + bytes([I64])])
        code.extend([LOCAL_GET, 0, 0x41, 1, 0x72, 0xAD, LOCAL_SET, 1])  # i32.or; i64.extend_i32_u
        for k in range(n):
            load(k)
            code.extend([LOCAL_GET, 1, I64_DIV_U])
        adds()
    elif kind == "trunc":
        for k in range(n):
            load(k, F64_LOAD)
            code.append(I64_TRUNC_F64_S)
        adds()
    elif kind == "calls":
        for k in range(n):
            load(k)
            code.extend([CALL, 1])
        adds()
    elif kind == "indirect":
        for k in range(n):
            load(k)
            code.extend([0x41, 0])  # i32.const 0: the table slot of $id
            code.extend([CALL_INDIRECT, 1, 0])
        adds()
    else:
        sys.exit(f"unknown kind {kind!r}")
    code.append(END)
    return locals_decl, bytes(code)


def module(kind, n):
    types = vec(
        [
            bytes([0x60]) + vec([bytes([I32])]) + vec([bytes([I64])]),  # 0: (i32) -> i64
            bytes([0x60]) + vec([bytes([I64])]) + vec([bytes([I64])]),  # 1: (i64) -> i64
        ]
    )
    funcs = vec([uleb(0), uleb(1)])  # 0: the big function, 1: $id
    pages = max(1, (8 * n + 65535) // 65536)
    memory = vec([bytes([0]) + uleb(pages)])
    table = vec([bytes([0x70, 0]) + uleb(1)])
    exports = vec(
        [
            uleb(1) + b"f" + bytes([0]) + uleb(0),
            uleb(6) + b"memory" + bytes([2]) + uleb(0),
        ]
    )
    elements = vec([bytes([0, 0x41, 0, END]) + vec([uleb(1)])])
    big_locals, big_code = body(kind, n)
    big = big_locals + big_code
    ident = vec([]) + bytes([LOCAL_GET, 0, END])  # $id: (i64) -> i64
    code = vec([uleb(len(big)) + big, uleb(len(ident)) + ident])
    return (
        b"\0asm\1\0\0\0"
        + section(1, types)
        + section(3, funcs)
        + section(4, table)
        + section(5, memory)
        + section(7, exports)
        + section(9, elements)
        + section(10, code)
    )


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    kind, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    with open(out, "wb") as f:
        f.write(module(kind, n))


if __name__ == "__main__":
    main()
