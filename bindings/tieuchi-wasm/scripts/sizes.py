#!/usr/bin/env python3
"""Where the bytes of the wasm module are: the size of every function's code, summed by crate, by
module of the engine, or listed one by one.

    python3 scripts/sizes.py [--by crate|module|function] [--top N] [--grep REGEX] WASM

Give it the module `cargo build` leaves in $CARGO_TARGET_DIR/wasm32-unknown-unknown/release/
(before wasm-bindgen and wasm-opt, which drop the name section). Names are demangled by binutils'
`c++filt` (Rust's v0 mangling). `--by module` counts generic code where it is used: a
`core::ptr::drop_in_place::<tieuchi::ruleset::RuleSet>` or a serde_json serializer of
`tieuchi::wire::…` goes to the engine's module named in it (`tieuchi::ruleset`,
`tieuchi::wire`), anything else to its crate. Sizes are of code before wasm-opt, which takes off
about a fifth; the data section (strings, tables) is given apart.
"""
import argparse
import collections
import re
import subprocess


def leb128(data, i):
    result = shift = 0
    while True:
        byte = data[i]
        i += 1
        result |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return result, i


def functions(path):
    """[(name, size of code)] of every function defined in the module, and the data's size."""
    data = open(path, 'rb').read()
    i = 8
    imported = 0
    bodies = []
    names = {}
    data_size = 0
    while i < len(data):
        section = data[i]
        size, i = leb128(data, i + 1)
        end = i + size
        if section == 2:  # imports: functions are numbered after them
            count, j = leb128(data, i)
            for _ in range(count):
                for _ in range(2):
                    length, j = leb128(data, j)
                    j += length
                kind = data[j]
                j += 1
                if kind == 0:
                    _, j = leb128(data, j)
                    imported += 1
                elif kind == 1:
                    j += 1
                    limits = data[j]
                    _, j = leb128(data, j + 1)
                    if limits & 1:
                        _, j = leb128(data, j)
                elif kind == 2:
                    limits = data[j]
                    _, j = leb128(data, j + 1)
                    if limits & 1:
                        _, j = leb128(data, j)
                elif kind == 3:
                    j += 2
        elif section == 10:  # code
            count, j = leb128(data, i)
            for _ in range(count):
                length, body = leb128(data, j)
                bodies.append(length + body - j)
                j = body + length
        elif section == 11:
            data_size += size
        elif section == 0:
            length, j = leb128(data, i)
            if data[j:j + length] == b'name':
                j += length
                while j < end:
                    sub = data[j]
                    sub_size, j = leb128(data, j + 1)
                    if sub == 1:
                        count, k = leb128(data, j)
                        for _ in range(count):
                            index, k = leb128(data, k)
                            length, k = leb128(data, k)
                            names[index] = data[k:k + length].decode('utf-8', 'replace')
                            k += length
                    j += sub_size
        i = end
    listed = [(names.get(n + imported, f'function {n}'), size) for n, size in enumerate(bodies)]
    return listed, data_size


def demangle(names):
    try:
        out = subprocess.run(['c++filt'], input='\n'.join(names), capture_output=True, text=True, check=True).stdout
        demangled = out.split('\n')[: len(names)]
    except (OSError, subprocess.CalledProcessError):
        demangled = names
    return [re.sub(r'\[[0-9a-f]+\]', '', n) for n in demangled]


def head_path(name):
    while name[:1] in ('<', '&', '*'):
        name = name.lstrip('<&*').removeprefix('mut ').removeprefix('const ').removeprefix('dyn ')
    return re.split(r'[<>\s,;()\[]', name)[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('wasm')
    parser.add_argument('--by', choices=['crate', 'module', 'function'], default='module')
    parser.add_argument('--top', type=int, default=40)
    parser.add_argument('--grep', help='only the functions whose demangled name matches')
    args = parser.parse_args()
    listed, data_size = functions(args.wasm)
    names = demangle([n for n, _ in listed])
    total = sum(size for _, size in listed)
    sizes = collections.Counter()
    counts = collections.Counter()
    for (_, size), name in zip(listed, names):
        if args.grep and not re.search(args.grep, name):
            continue
        if args.by == 'function':
            key = name
        elif args.by == 'crate':
            key = head_path(name).split('::')[0]
        else:
            found = re.search(r'tieuchi(?:_wasm)?::[a-z_0-9]+', name)
            key = found.group(0) if found else head_path(name).split('::')[0]
        sizes[key] += size
        counts[key] += 1
    print(f'{total:,} bytes of code in {len(listed):,} functions, {data_size:,} bytes of data')
    for key, size in sizes.most_common(args.top):
        print(f'{size:10,} {100 * size / total:5.1f}% {counts[key]:6,}  {key[:160]}')


if __name__ == '__main__':
    main()
