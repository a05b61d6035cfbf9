#!/usr/bin/env python3
"""Where the interpreter's handler sets sit in tailor binaries, to tell a code change from a layout
accident before comparing their speed.

    scripts/handler-layout.py BIN [BIN...]

For every handler set found (symbols `tailor_interp::sets::<arch>::<level>::<Op>` and
`tailor_interp::sets::portable::<Op>`, and the names before the restructure), prints per binary: the
first handler's address and that address mod 64, the number of handlers, a hash of the relative
layout (each handler's offset from the first, by name) and a hash of the handlers' machine code with
addresses blanked out.

The same code hash and layout hash mean the binaries run the same handlers, only placed elsewhere
(`mod64` and the address show where): a speed difference between them is a placement effect (fetch
windows; presumably also branch predictors hashing the addresses of the handlers' indirect jumps),
not the source. Issue 11: a build of the restructured interpreter measured +23% on `indirect.wat`,
+14% on `matmul.wat`, -10% on `memsum.wat` and -20% on `levels/dot_f32.wat` against the base; its
handlers were the base's, byte for byte and in the same order, 16 bytes later mod 64. A build of the
merged tree, at the base's offset, ran all four at the base's speed; the same tree with one small
function added to `tailor-cli` (handlers again 16 bytes later mod 64) reproduced matmul, memsum and
dot_f32 but not indirect. Needs `nm` and `objdump` (binutils).
"""
import hashlib
import re
import subprocess
import sys

SYM = re.compile(
    r"^([0-9a-f]+) ([0-9a-f]+) [tT] tailor_interp::(?:sets|handlers|exec::handlers)::"
    r"((?:[a-z0-9_]+::)?[a-z0-9_]+)::([A-Z][A-Za-z0-9_]*)$"
)
INSN = re.compile(r"^\s*([0-9a-f]+):\s+(.*)$")


def handler_sets(binary):
    """{set: [(address, size, op)]} sorted by address."""
    out = subprocess.run(
        ["nm", "-C", "-S", "--defined-only", binary], capture_output=True, text=True, check=True
    )
    sets = {}
    for line in out.stdout.splitlines():
        m = SYM.match(line)
        if m and m.group(4) not in ("TABLE", "TABLE_NAMES"):
            entry = (int(m.group(1), 16), int(m.group(2), 16), m.group(4))
            sets.setdefault(m.group(3), []).append(entry)
    return {k: sorted(v) for k, v in sets.items()}


def code_hash(binary, handlers):
    """Hash of the handlers' instructions, with addresses and symbol names blanked out."""
    start = handlers[0][0]
    stop = max(a + s for a, s, _ in handlers)
    out = subprocess.run(
        [
            "objdump",
            "-d",
            "--no-show-raw-insn",
            "--start-address=%d" % start,
            "--stop-address=%d" % stop,
            binary,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    h = hashlib.md5()
    for line in out.stdout.splitlines():
        m = INSN.match(line)
        if m:
            insn = re.sub(r"#.*|<[^>]*>|\b(0x)?[0-9a-f]{5,}\b", "", m.group(2)).strip()
            h.update(insn.encode() + b"\n")
    return h.hexdigest()[:12]


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for binary in sys.argv[1:]:
        print(binary)
        for name, handlers in sorted(handler_sets(binary).items()):
            first = handlers[0][0]
            layout = "\n".join("%d %s" % (a - first, op) for a, _, op in handlers)
            print(
                "  %-16s first %#x mod64 %2d  handlers %4d  layout %s  code %s"
                % (
                    name.replace("::", "-"),
                    first,
                    first % 64,
                    len(handlers),
                    hashlib.md5(layout.encode()).hexdigest()[:12],
                    code_hash(binary, handlers),
                )
            )


if __name__ == "__main__":
    main()
