#!/usr/bin/env python3
"""No file in src/ over 400 lines, no function over 60 (issue 15's limits).

    source_limits.py REPOSITORY

A function's length is its lines from the first line of its signature to its closing brace,
lambdas and local classes inside it included. Functions are found by matching braces in the
source with comments and literals blanked: a brace opens a function body when the text before it
ends like a signature (a closing parenthesis, then const, noexcept, override or a trailing return
type) and is not a control statement.
"""

import pathlib
import re
import sys


def strip(text):
    # Comments, strings and character literals blanked, newlines kept (raw strings too).
    out, i, n = [], 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith('//', i):
            j = text.find('\n', i); j = n if j < 0 else j
            out.append(' ' * (j - i)); i = j
        elif text.startswith('/*', i):
            j = text.find('*/', i + 2) + 2
            out.append(re.sub(r'[^\n]', ' ', text[i:j])); i = j
        elif text.startswith('R"', i) and (i == 0 or not (text[i-1].isalnum() or text[i-1] == '_')):
            d = text[i+2:text.find('(', i)]
            j = text.find(')' + d + '"', i) + len(d) + 2
            out.append('""' + re.sub(r'[^\n]', ' ', text[i+2:j-1]) + ' '); i = j
        elif c == "'" and i > 0 and text[i-1].isalnum() and i + 1 < n and text[i+1].isalnum():
            out.append(' '); i += 1  # a digit separator (10'000)
        elif c in '"\'':
            j = i + 1
            while text[j] != c:
                j += 2 if text[j] == '\\' else 1
            out.append(c + ' ' * (j - i - 1) + c); i = j + 1
        else:
            out.append(c); i += 1
    return ''.join(out)


CONTROL = re.compile(r'^\s*(if|for|while|switch|catch|do|else|try)\b')
SIGNATURE = re.compile(r'\)\s*(const|noexcept|override|final|mutable|&|->\s*[\w:<>,\s*&]+|\s)*$')


def functions(path):
    text = strip(path.read_text())
    stack = []          # per open brace: (is_function_body, start_line)
    header_start = 0    # index where the current header began
    line = 1
    inside = 0          # open function bodies
    for i, c in enumerate(text):
        if c == '\n': line += 1
        if c == '{':
            header = text[header_start:i]
            h = ' '.join(header.split())
            is_fn = inside == 0 and bool(SIGNATURE.search(h)) and not CONTROL.match(h) and '=' not in h.split('(')[0]
            start = text.count('\n', 0, header_start + (len(header) - len(header.lstrip()))) + 1
            stack.append((is_fn, start, h[:80]))
            if is_fn: inside += 1
            header_start = i + 1
        elif c == '}':
            if stack:
                is_fn, start, h = stack.pop()
                if is_fn:
                    inside -= 1
                    yield (line - start + 1, start, h)
            header_start = i + 1
        elif c == ';':
            header_start = i + 1


MAX_FILE, MAX_FUNCTION = 400, 60


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    root = pathlib.Path(sys.argv[1]) / "src"
    files = sorted(p for p in root.rglob("*") if p.suffix in (".cpp", ".hpp"))
    problems = []
    count, longest = 0, (0, "")
    for path in files:
        name = path.relative_to(root.parent)
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_FILE:
            problems.append(f"{name}: {lines} lines (at most {MAX_FILE})")
        for length, start, signature in functions(path):
            count += 1
            longest = max(longest, (length, f"{name}:{start}"))
            if length > MAX_FUNCTION:
                problems.append(f"{name}:{start}: {signature}: {length} lines (at most {MAX_FUNCTION})")
    # The matcher must see the functions, else the limits check nothing.
    if count < 1000:
        problems.append(f"only {count} functions found in {len(files)} files: the matcher is broken")
    for problem in problems:
        print(problem)
    print(f"{len(files)} files, {count} functions, the longest {longest[0]} lines ({longest[1]}); "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
