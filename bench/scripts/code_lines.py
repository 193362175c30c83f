#!/usr/bin/env python3
"""Distinct 64-byte code lines two callgrind runs went through, function by function.

Both outputs must be written with `--dump-instr=yes` (the instructions' addresses),
for example:

    GLIBC_TUNABLES=glibc.malloc.trim_threshold=268435456:glibc.malloc.top_pad=67108864 \\
    valgrind --tool=callgrind --toggle-collect='*measured_region*' --dump-instr=yes \\
        --callgrind-out-file=/tmp/coodie-update.out \\
        target/release/coodie-bench profile-op --lib coodie --op update --count 300

(`GLIBC_TUNABLES` set, as `make bench-profile` sets it: without it the harness
runs itself again with it, and that second program is not the one valgrind
watches.)

Usage: code_lines.py BASE.out OTHER.out [ROWS]

Prints the total of distinct lines of each run, then the functions whose count
differs most, each with its lines and instructions per operation in both runs.
Instructions are counted per operation with the `--count` of the run, which
this script reads from the command line in the output's `cmd:` header.
"""

import collections
import re
import sys


def parse(path):
    """Per function: the set of (object, line) it ran, and its instructions."""
    lines = collections.defaultdict(set)
    instructions = collections.Counter()
    names = {"fn": {}, "ob": {}}
    function = obj = None
    address = 0
    count = 1
    skip_call_cost = False

    def name(kind, spec):
        found = re.match(r"\((\d+)\)(?:\s+(.*))?", spec)
        if not found:
            return spec
        if found.group(2):
            names[kind][found.group(1)] = found.group(2)
        return names[kind][found.group(1)]

    def moved(current, token):
        if token.startswith("0x"):
            return int(token, 16)
        if token[0] in "+-":
            step = int(token[1:], 16) if token[1:].startswith("0x") else int(token[1:])
            return current + step if token[0] == "+" else current - step
        return current if token == "*" else int(token)

    for raw in open(path, encoding="utf-8", errors="replace"):
        line = raw.rstrip("\n")
        if line.startswith("cmd:"):
            found = re.search(r"--count (\d+)", line)
            count = int(found.group(1)) if found else 1
        elif line.startswith("fn="):
            function = name("fn", line[3:])
        elif line.startswith("cfn="):
            name("fn", line[4:])
        elif line.startswith("ob="):
            obj = name("ob", line[3:])
        elif line.startswith("cob="):
            name("ob", line[4:])
        elif line.startswith("calls="):
            skip_call_cost = True
        elif line and line[0] in "+-*0123456789":
            fields = line.split()
            address = moved(address, fields[0])
            if skip_call_cost:
                skip_call_cost = False
                continue
            ir = int(fields[2]) if len(fields) > 2 else 0
            if ir:
                lines[function].add((obj, address >> 6))
                instructions[function] += ir
    return lines, instructions, count


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    (a_lines, a_ir, a_n), (b_lines, b_ir, b_n) = parse(sys.argv[1]), parse(sys.argv[2])
    rows = int(sys.argv[3]) if len(sys.argv) > 3 else 30
    total = lambda lines: len(set().union(*lines.values())) if lines else 0
    print(f"distinct lines {total(a_lines)} -> {total(b_lines)}; "
          f"instructions per operation {sum(a_ir.values()) / a_n:.0f} -> {sum(b_ir.values()) / b_n:.0f}")
    functions = set(a_lines) | set(b_lines)
    delta = lambda f: len(b_lines.get(f, ())) - len(a_lines.get(f, ()))
    for f in sorted(functions, key=lambda f: -abs(delta(f)))[:rows]:
        short = re.sub(r"::h[0-9a-f]{16}", "", f or "?")[:120]
        print(f"{delta(f):+5d} {len(a_lines.get(f, ())):5d} {len(b_lines.get(f, ())):5d}  "
              f"instructions {a_ir.get(f, 0) / a_n:7.0f} {b_ir.get(f, 0) / b_n:7.0f}  {short}")


if __name__ == "__main__":
    main()
