#!/usr/bin/env python3
"""Writes the malformed-lesson corpus of tests/bad/ from one valid lesson, one mistake per file.

Each generated file starts with a comment saying what is wrong and where the error must be
reported: `# expect: LINE:COLUMN` (or `# expect-line: LINE` for TOML syntax errors, whose column
is toml++'s choice). The locations are worked out here from the mutation itself, never from
bptrace's output. Run it again after changing it: `python3 tests/bad/generate.py`.
"""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# A valid lesson; line numbers below are counted after the two header lines each file gets.
BASE = """[lesson]
title = "base"
source = "generated"

[network]
inputs = 2

[[layer]]
activation = "sigmoid"
weights = [[0.15, 0.2], [0.25, 0.3]]
bias = [0.35, 0.35]

[[layer]]
activation = "relu"
derivative_at_zero = 1
weights = [[0.4, 0.45]]
bias = [0.6]

[[sample]]
x = [0.05, 0.1]
y = [0.01]

[loss]
kind = "squared_error"
constant = "1/2"
outputs = "sum"
batch = "sum"

[training]
learning_rate = 0.5
steps = 2

[[document]]
quantity = "layer1.z[1]"
printed = "0.3775"
where = "generated"
"""

HEADER_LINES = 2  # "# what" and "# expect: ..."
cases = []


def lines():
    return BASE.split("\n")


def add(name, what, text, line, column=None):
    """line/column are 1-based positions in `text` (before the header is prepended)."""
    expect = f"# expect: {line + HEADER_LINES}:{column}" if column else f"# expect-line: {line + HEADER_LINES}"
    cases.append((name, f"# {what}\n{expect}\n{text}"))


def find(text, needle, occurrence=1):
    """(line, column) of the n-th occurrence of needle."""
    start = -1
    for _ in range(occurrence):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    column = start - (text.rfind("\n", 0, start) + 1) + 1
    return line, column


def replace_line(text, old, new, occurrence=1):
    idx = -1
    for _ in range(occurrence):
        idx = text.index(old, idx + 1)
    return text[:idx] + new + text[idx + len(old):]


def table_header_of(text, key_line):
    """The line of the [table] or [[table]] header above a key line."""
    ls = text.split("\n")
    for n in range(key_line - 1, -1, -1):
        if ls[n].startswith("["):
            return n + 1
    return 1


# 1. Every required field removed: reported at its table's header, column 1.
required = [
    ("title", 1), ("source", 1), ("inputs", 1), ("activation", 1), ("weights", 1), ("bias", 1),
    ("activation", 2), ("derivative_at_zero", 1), ("weights", 2), ("bias", 2), ("x", 1), ("y", 1),
    ("kind", 1), ("constant", 1), ("outputs", 1), ("batch", 1), ("learning_rate", 1),
    ("quantity", 1), ("printed", 1), ("where", 1),
]
for key, occurrence in required:
    line, _ = find(BASE, f"\n{key} = ", occurrence)
    line += 1
    ls = lines()
    removed = ls[line - 1]
    del ls[line - 1]
    text = "\n".join(ls)
    header = table_header_of(BASE, line)
    add(f"missing-{key}-{occurrence}", f"missing field '{key}' (occurrence {occurrence}): reported at its table", text,
        header, 1)

# 2. Every field misspelt: an unknown field, reported at the key.
for key, occurrence in required + [("steps", 1), ("notation", 0)]:
    if occurrence == 0:
        continue
    line, col = find(BASE, f"\n{key} = ", occurrence)
    text = replace_line(BASE, f"\n{key} = ", f"\n{key}x = ", occurrence)
    add(f"unknown-field-{key}-{occurrence}", f"field '{key}' misspelt '{key}x': unknown field", text, line + 1, 1)

# 3. Numbers that are not numbers, at the value.
numbers = [("0.15", "weights"), ("0.35", "bias"), ("0.05", "x"), ("0.01", "y"), ("0.5", "learning_rate"),
           ("0.6", "bias 2"), ("0.45", "weights 2")]
for literal, where in numbers:
    line, col = find(BASE, literal)
    for bad, why in [('"abc"', "a word"), ('"1/0"', "a zero denominator"), ('"1.2.3"', "two points"),
                     ('true', "a boolean"), ('"--1"', "two signs")]:
        text = BASE.replace(literal, bad, 1) if BASE.count(literal) == 1 else replace_line(BASE, literal, bad)
        # the number's own error points inside the string at the bad character; for a
        # non-string it points at the value
        if bad == '"abc"':
            c = col + 1
        elif bad == '"1/0"':
            c = col + 3
        elif bad == '"1.2.3"':
            c = col + 4
        elif bad == '"--1"':
            c = col + 2
        else:
            c = col
        slug = why.replace(" ", "-")
        add(f"number-{where.replace(' ', '')}-{slug}", f"{where}: {why} where a number belongs", text, line, c)

# 4. Unknown names, at the value.
for needle, bad, what in [('"sigmoid"', '"sigmiod"', "unknown activation"), ('"relu"', '"ReLU"', "unknown activation (case)"),
                          ('"squared_error"', '"mse"', "unknown loss"), ('"sum"', '"total"', "unknown reduction"),
                          ('"layer1.z[1]"', '"layer3.z[1]"', "quantity that does not exist"),
                          ('"layer1.z[1]"', '"layer1.z[9]"', "quantity index out of range")]:
    line, col = find(BASE, needle)
    add(f"name-{what.replace(' ', '-').replace('(', '').replace(')', '')}", what, BASE.replace(needle, bad, 1), line, col)

# 5. Shapes, at the array.
for old, new, what in [("[[0.15, 0.2], [0.25, 0.3]]", "[[0.15, 0.2, 0.1], [0.25, 0.3, 0.1]]", "weights with 3 columns for 2 inputs"),
                       ("[[0.15, 0.2], [0.25, 0.3]]", "[[0.15, 0.2]]", "weights with 1 row for 2 biases"),
                       ("[[0.4, 0.45]]", "[[0.4]]", "second layer weights too narrow"),
                       ("x = [0.05, 0.1]", "x = [0.05]", "x too short"),
                       ("y = [0.01]", "y = [0.01, 0.02]", "y too long"),
                       ("bias = [0.35, 0.35]", "bias = []", "a layer without neurons")]:
    if old.startswith(("x =", "y =", "bias =")):
        line, col = find(BASE, old)
        col += old.index("[")
    else:
        line, col = find(BASE, old)
    add(f"shape-{what.replace(' ', '-')}", what, BASE.replace(old, new, 1), line, col)

# 6. Absurd sizes, at the value.
line, col = find(BASE, "inputs = 2")
add("size-inputs-1e9", "a 10^9-wide input", BASE.replace("inputs = 2", "inputs = 1000000000"), line, col + 9)
add("size-inputs-0", "no inputs", BASE.replace("inputs = 2", "inputs = 0"), line, col + 9)
line, col = find(BASE, "steps = 2")
add("size-steps-huge", "10^12 training steps", BASE.replace("steps = 2", "steps = 1000000000000"), line, col + 8)
add("size-steps-0", "zero training steps", BASE.replace("steps = 2", "steps = 0"), line, col + 8)
add("size-exact-digits-0", "exact_digits of 0: no fraction could stay exact",
    BASE.replace("steps = 2", "steps = 2\nexact_digits = 0"), line + 1, 16)
add("type-exact-digits-string", "exact_digits given as a string",
    BASE.replace("steps = 2", "steps = 2\nexact_digits = \"many\""), line + 1, 16)

# 7. Wrong TOML types for tables and arrays.
line, col = find(BASE, "[[0.4, 0.45]]")
add("type-weights-string", "weights given as a string", BASE.replace("[[0.4, 0.45]]", '"0.4, 0.45"'), line, col)
add("type-weights-flat", "weights given as a flat array", BASE.replace("[[0.4, 0.45]]", "[0.4, 0.45]"), line, col + 1)
line, col = find(BASE, '"1/2"')
add("type-loss-constant-array", "loss constant given as an array", BASE.replace('"1/2"', '["1/2"]'), line, col)
line, col = find(BASE, "steps = 2")
add("type-steps-decimal", "steps given as a decimal", BASE.replace("steps = 2", "steps = 2.5"), line, col + 8)
line, col = find(BASE, '"0.3775"')
add("type-printed-number", "printed value not a string (digits must be kept verbatim)",
    BASE.replace('printed = "0.3775"', "printed = 0.3775"), line, col)

# 8. TOML syntax errors: only the line is predictable.
for needle, bad, what in [("bias = [0.35, 0.35]", "bias = [0.35, 0.35", "unclosed array"),
                          ('title = "base"', 'title = "base', "unclosed string"),
                          ("inputs = 2", "inputs = = 2", "two equals signs"),
                          ("[loss]", "[loss", "unclosed table header"),
                          ("steps = 2", "steps 2", "missing equals sign"),
                          ("x = [0.05, 0.1]", "x = [0.05,, 0.1]", "empty array element"),
                          ('kind = "squared_error"', 'kind = "squared_error" kind', "junk after a value")]:
    line, _ = find(BASE, needle)
    # An unclosed array may continue on the next lines: TOML notices only at the next table header.
    if what == "unclosed array":
        line += 2
    add(f"syntax-{what.replace(' ', '-')}", f"TOML syntax: {what}", BASE.replace(needle, bad, 1), line)
line, _ = find(BASE, "[training]")
add("syntax-duplicate-table", "TOML syntax: [training] defined twice", BASE + "\n[training]\nlearning_rate = 1\n",
    BASE.count("\n") + 2)

# 9. Semantics.
line, col = find(BASE, "learning_rate = 0.5")
add("semantic-negative-learning-rate", "negative learning rate", BASE.replace("learning_rate = 0.5", "learning_rate = -0.5"),
    line, col + 16)
add("semantic-zero-learning-rate", "zero learning rate", BASE.replace("learning_rate = 0.5", "learning_rate = 0"),
    line, col + 16)

# 10. Conventions that are not subgradients, targets that are not probabilities, loss constants
# that are not positive (issue 16, item 10): at the value.
def at_value(name, what, text, needle, value):
    """At `value`, which starts inside the first occurrence of `needle`."""
    line, col = find(text, needle)
    add(name, what, text, line, col + needle.index(value))


for bad in ["2", "-5"]:
    text = BASE.replace("derivative_at_zero = 1", f"derivative_at_zero = {bad}")
    at_value(f"range-relu-derivative-at-zero-{bad}", f"relu'(0) = {bad}: not in [0, 1]", text, f"derivative_at_zero = {bad}\n", bad)
for bad in ["99", "0.001"]:
    text = BASE.replace('activation = "relu"\nderivative_at_zero = 1',
                        f'activation = "leaky_relu"\nalpha = 0.01\nderivative_at_zero = {bad}')
    at_value(f"range-leaky-relu-derivative-at-zero-{bad}", f"leaky relu'(0) = {bad}: not between alpha = 0.01 and 1",
             text, f"derivative_at_zero = {bad}\n", bad)
for bad in ["1.5", "-0.01"]:
    text = BASE.replace('kind = "squared_error"', 'kind = "binary_cross_entropy"').replace("y = [0.01]", f"y = [{bad}]")
    at_value(f"range-binary-cross-entropy-target-{bad}", f"binary cross-entropy target {bad}: not a probability",
             text, f"y = [{bad}]", bad)
for bad in ["0", '"-1/2"']:
    text = BASE.replace('constant = "1/2"', f"constant = {bad}")
    at_value(f"range-loss-constant-{bad.strip(chr(34)).replace('/', '-')}", f"loss constant {bad}: not positive",
             text, f"constant = {bad}\n", bad)
text = BASE.replace('kind = "squared_error"', 'kind = "absolute_error"\nderivative_at_zero = 2')
at_value("range-absolute-error-derivative-at-zero-2", "sign'(0) = 2: not in [-1, 1]", text, "derivative_at_zero = 2\n", "2")

for name, text in cases:
    with open(os.path.join(HERE, name + ".toml"), "w") as f:
        f.write(text)
print(len(cases), "cases written to", HERE)
