#!/usr/bin/env python3
"""exports.py — the export list of libportail agrees with its public headers.

usage: exports.py INCLUDE_DIR SYMBOL_FILE LIBRARY

Three sets must be equal: the ptl_ functions (and extern data, while some
remains) declared in the public headers (INCLUDE_DIR/portail/*.h), the names listed in the version script
(SYMBOL_FILE, libportail.sym: an explicit list, no wildcard), and the
symbols the built shared library exports (nm -D --defined-only, besides its
version node). A function added to a header and forgotten in the list, a
name left in the list after its function went, or an internal symbol that
leaks out fails here, named. Every header that declares functions must also
give them C linkage for C++ callers (an extern "C" block).
"""
import glob
import os
import re
import subprocess
import sys

# A name followed by "(": a function, unless it is "(*name)(", a pointer.
DECLARED = re.compile(r'(\(\s*\*\s*)?(?<!\w)(ptl_[a-z][a-z0-9_]*)\s*\(')
# Exported data: "extern const char *const ptl_names[];".
DATA = re.compile(r'\bextern\s[^;(){}]*?(?<!\w)(ptl_[a-z][a-z0-9_]*)\s*(?:\[[^\]]*\])?\s*;')


def strip_comments_and_directives(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    text = re.sub(r'\\\n', ' ', text)   # continued preprocessor lines
    return '\n'.join(line for line in text.splitlines() if not line.lstrip().startswith('#'))


def declared_functions(include_dir, problems):
    names = {}
    headers = sorted(glob.glob(os.path.join(include_dir, 'portail', '*.h')))
    if not headers:
        problems.append(f'no public header under {include_dir}/portail')
    for path in headers:
        with open(path, encoding='utf-8') as f:
            raw = f.read()
        code = strip_comments_and_directives(raw)
        found = [name for pointer, name in DECLARED.findall(code) if not pointer]
        found += DATA.findall(code)
        for name in found:
            names.setdefault(name, os.path.basename(path))
        if found and 'extern "C"' not in raw:
            problems.append(f'{os.path.basename(path)} declares functions without an'
                            ' extern "C" block for C++ callers')
    return names


def listed_symbols(sym_path, problems):
    with open(sym_path, encoding='utf-8') as f:
        text = re.sub(r'/\*.*?\*/', ' ', f.read(), flags=re.S)
    match = re.search(r'global:(.*?)local:', text, flags=re.S)
    if not match:
        problems.append(f'{sym_path}: no "global: ... local:" sections')
        return set()
    entries = [e.strip() for e in match.group(1).split(';') if e.strip()]
    wild = [e for e in entries if any(c in e for c in '*?[')]
    if wild:
        problems.append(f'{os.path.basename(sym_path)} uses patterns ({", ".join(wild)}):'
                        ' list each exported function by name')
    return {e for e in entries if e not in wild}


def exported_symbols(library):
    out = subprocess.run(['nm', '-D', '--defined-only', library], check=True,
                         capture_output=True, text=True).stdout
    names = set()
    for line in out.splitlines():
        fields = line.split()
        if len(fields) < 3:
            continue
        kind, name = fields[-2], fields[-1].split('@')[0]
        if kind == 'A' and re.fullmatch(r'PORTAIL_[0-9_]+', name):
            continue   # the version node
        names.add(name)
    return names


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__.strip().splitlines()[2])
    include_dir, sym_path, library = sys.argv[1:]
    problems = []
    declared = declared_functions(include_dir, problems)
    listed = listed_symbols(sym_path, problems)
    exported = exported_symbols(library)
    sym = os.path.basename(sym_path)
    for name in sorted(set(declared) - listed):
        problems.append(f'{name} is declared in {declared[name]} but not listed in {sym}')
    for name in sorted(listed - set(declared)):
        problems.append(f'{name} is listed in {sym} but declared in no public header')
    for name in sorted(set(declared) - exported):
        problems.append(f'{name} is declared in {declared[name]} but the library does not'
                        ' export it')
    for name in sorted(exported - set(declared)):
        problems.append(f'the library exports {name}, which no public header declares')
    for p in problems:
        print('FAIL:', p)
    print(f'{len(declared)} functions declared, {len(listed)} listed, {len(exported)} exported:'
          f' {len(problems)} problem(s)')
    sys.exit(1 if problems else 0)


if __name__ == '__main__':
    main()
