#!/usr/bin/env python3
"""Writes generated seeds for the libFuzzer targets: inputs that mutation from small files does
not reach (issue 16): long arrays, a line of 100,000 numbers, chains of 20,000 terms, extreme
exponents and values far from 1, long answers files, hostile values files.

    python3 fuzz/generate_seeds.py              # the kept seeds, into fuzz/corpus/{lesson,answers,values,class_answers}
    python3 fuzz/generate_seeds.py --pending    # also the pending seeds, into fuzz/pending/...
    python3 fuzz/generate_seeds.py --pending --into DIR   # everything under DIR/{lesson,answers}

Each seed is named by the SHA-1 of its contents, like the files libFuzzer merges in; a lesson's
title, an answers file's first comment, says what it is. Running the script again rewrites the same files.

The pending seeds are inputs that still take too long for the fuzz runs' 10 s timeout: chains of
20,000 terms (9-12 s each under ASan), and a product x*x*...*x of 20,000 terms at x = 2, whose
exact values 2^k make the run superlinear (about 70 s). When that is fixed, move them into the
kept corpus: `python3 fuzz/generate_seeds.py --pending
--into fuzz/corpus` (and drop them from pending_lesson_seeds), then run the fuzz smoke run.
"""
import argparse
import hashlib
import os

HERE = os.path.dirname(os.path.abspath(__file__))

NETWORK = """[lesson]
title = "generated: {what}"
source = "fuzz/generate_seeds.py"

[network]
inputs = {inputs}
{conventions}
[[layer]]
activation = "{activation}"{extra}
weights = {weights}
bias = {bias}

[[sample]]
x = {x}
y = [{y}]

[loss]
kind = "squared_error"
constant = "1/2"
outputs = "sum"
batch = "sum"

[training]
learning_rate = {eta}
steps = 1
"""


def network(what, inputs, weights, bias="[0.5]", x=None, y="0.25", eta="0.5", activation="sigmoid", extra="",
            conventions=""):
    if x is None:
        x = "[" + ", ".join(["0.1"] * inputs) + "]"
    if conventions:
        conventions = "\n[conventions]\n" + conventions + "\n"
    return NETWORK.format(what=what, inputs=inputs, weights=weights, bias=bias, x=x, y=y, eta=eta,
                          activation=activation, extra=extra, conventions=conventions)


def row(values):
    return "[" + ", ".join(values) + "]"


GRAPH = """[lesson]
title = "generated: {what}"
source = "fuzz/generate_seeds.py"

[graph]
inputs = ["x", "y"]
point = [{x}, {y}]
definitions = [{definitions}]
outputs = ["f"]
"""


def graph(what, definition, x="2", y="3"):
    return GRAPH.format(what=what, x=x, y=y, definitions='"' + definition + '"')


def lesson_seeds():
    seeds = []
    # Long arrays: a 4096-wide input layer (the largest the loader allows), and one beyond.
    seeds.append(network("4096 inputs", 4096, "[" + row(["0.001"] * 4096) + "]"))
    seeds.append(network("4097 inputs, refused", 4097, "[" + row(["0.001"] * 4097) + "]"))
    # One line of 100,000 numbers (the byte_offset case): x far too long for the network.
    seeds.append(network("one line of 100,000 numbers", 2, "[[0.15, 0.2]]", x=row(["0.1"] * 100000)))
    # A 64×64 layer written one row per line, then the same matrix on a single line.
    matrix = [row([f'"{(i * 64 + j) % 17 - 8}/{j + 1}"' for j in range(64)]) for i in range(64)]
    seeds.append(network("a 64x64 layer, one row per line", 64, "[\n  " + ",\n  ".join(matrix) + "\n]",
                         bias=row(["0"] * 64), y=", ".join(["0"] * 64), activation="tanh"))
    seeds.append(network("a 64x64 layer on one line", 64, "[" + ", ".join(matrix) + "]", bias=row(["0"] * 64),
                         y=", ".join(["0"] * 64), activation="relu", extra="\nderivative_at_zero = 0"))
    # Extreme exponents: the largest the number syntax allows (4 digits), and beyond. TOML floats
    # stop at a double's range (1e9999 is a TOML syntax error), strings do not ("1e9999").
    for value, what in [('"1e9999"', "a weight of 10^9999"), ('"1e-9999"', "a weight of 10^-9999"),
                        ('"1e99999"', "an exponent of 5 digits, refused"),
                        ('"9.99e9999"', "just below 10^10000"), ("1e9999", "a TOML float beyond a double, refused"),
                        ("1e-320", "a TOML float below a double's subnormals")]:
        seeds.append(network(what, 2, f"[[{value}, 0.2]]"))
    seeds.append(network("a learning rate of 10^-9999", 2, "[[0.15, 0.2]]", eta='"1e-9999"'))
    seeds.append(network("a target of 10^9999", 2, "[[0.15, 0.2]]", y='"1e9999"', activation="identity"))
    seeds.append(network("inputs of 10^-9999", 2, "[[0.15, 0.2]]", x='["1e-9999", "-1e-9999"]', activation="identity"))
    # The error-term convention (issue 13, defect 2): every backward quantity negated, alone, with
    # the new-weights backward pass and a shared bias, and a sign the loader refuses.
    seeds.append(network("delta_sign -dL/dz", 2, "[[0.15, 0.2]]", conventions='delta_sign = "-dL/dz"'))
    seeds.append(network("delta_sign -dL/dz, new weights, shared bias", 2, "[[0.15, 0.2], [0.25, 0.3]]",
                         y="0.25, 0.75", activation="tanh",
                         conventions='delta_sign = "-dL/dz"\nbackprop_weights = "new"\nbias = "shared_per_layer"'))
    seeds.append(network("delta_sign dL/dx, refused", 2, "[[0.15, 0.2]]", conventions='delta_sign = "dL/dx"'))
    # Graph lessons with long, flat definitions (well below the chain length that overflows).
    seeds.append(graph("a sum of 2,000 terms", "f = " + "+".join(["x*y"] * 2000)))
    seeds.append(graph("a point of 10^-9999 and -10^9999", "f = x*y + x", x='"1e-9999"', y='"-1e9999"'))
    # Chains of 5,000 terms (10 KB), built and swept iteratively since "Core 2"; 20,000 terms are
    # pending (see pending_lesson_seeds). At x = 1, so that the values stay small.
    for op in "+-*/":
        seeds.append(graph(f"a chain x{op}x{op}...{op}x of 5,000 terms", "f = " + op.join(["x"] * 5000), x="1", y="1"))
    # Values far from 1 (issue 16, item 4): certified digits from MPFR at any exponent, an
    # overflow as a located error, an underflow past 2^-(2^62) as a bound.
    for what, definition, x in [("sigmoid(-10^8)", "f = sigmoid(x)", "-1e8"), ("exp(-10^9)", "f = exp(x)", "-1000000000"),
                                ("softplus(-10^100): a bound", "f = softplus(x)", "-1e100"),
                                ("softplus(10^100)", "f = softplus(x)", "1e100"),
                                ("log(softplus(-10^9))", "f = log(softplus(x))", "-1e9"),
                                ("exp(10^9)", "f = exp(1000000000*x)", "1"),
                                ("exp(exp(exp(x*y))): an overflow, located", "f = exp(exp(exp(x*y)))", "2"),
                                ("(x-2)^0 at x = 2", "f = (x-2)^0", "2")]:
        seeds.append(graph(what, definition, x=x))
    seeds.append(network("a weight of -10^9999", 2, '[["-1e9999", 0.2]]'))
    seeds.append(network("a learning rate of 10^300 over 3 steps", 2, "[[0.15, 0.2]]", eta="1e300").replace(
        "steps = 1", "steps = 3"))
    seeds.append(network("a softplus layer at z = 10^100", 2, "[[0.15, 0.2]]", bias='["1e100"]', activation="softplus"))
    return seeds


def pending_lesson_seeds():
    seeds = []
    # Chains of 20,000 terms (~40 KB, what crashed before "Core 2"): 9-12 s and 0.8 GB each in the
    # fuzz target (ASan), past the smoke run's 10 s timeout; about 1.3 s and 250-290 MB in a release
    # `bptrace run` (bench/hostile.sh). Kept when a run takes well under 10 s under ASan.
    for op in "+-*/":
        seeds.append(graph(f"a chain x{op}x{op}...{op}x of 20,000 terms", "f = " + op.join(["x"] * 20000), x="1", y="1"))
    # x*x*...*x of 20,000 terms at x = 2: every node's exact value 2^k is printed (digits, the
    # fraction's length, the golden's 30 digits), superlinear in the chain's length: 2.4 s at
    # 5,000 terms, about 70 s at 20,000 (release build). Kept when that cost is linear.
    seeds.append(graph("a chain x*x*...*x of 20,000 terms at x = 2 (about 70 s)", "f = " + "*".join(["x"] * 20000)))
    return seeds


def answers_seeds():
    def seed(what, text):
        return f"# generated by fuzz/generate_seeds.py: {what}\n{text}"

    one = '[[answer]]\nquantity = "{}"\nvalue = "{}"\n'
    seeds = [seed("three answers, canonical and notation names",
                  one.format("layer1.dW[1,1]", "0.000438") + one.format("dL/dw_{1,1}^{[1]}", "3.65e-4") +
                  one.format("loss", "-7/20")),
             seed("10,000 answers", "".join(one.format(f"layer1.z[{i % 3 + 1}]", f"{i}/7") for i in range(10000))),
             seed("a value of 100,000 digits", one.format("loss", "0." + "3" * 100000)),
             seed("a name of 50,000 characters", one.format("δ" * 50000, "1")),
             seed("5,000 answers in one inline array",
                  "answer = [" + ", ".join(['{quantity = "loss", value = "0.5"}'] * 5000) + "]\n"),
             seed("a value that is not a string", '[[answer]]\nquantity = "loss"\nvalue = 0.5\n')]
    for value in ["1e9999", "1e-9999", "-9.99E9999", "1e99999", "1/1e9999", "0e0", "--1", "1/0", ""]:
        seeds.append(seed(f"the value {value!r}", one.format("loss", value)))
    return seeds


def values_seeds():
    """Values files of `bptrace verify` (docs/values-format.md): valid ones in both dtypes, and the
    hostile shapes the strict JSON reader must refuse quickly: deep nesting, long numbers and
    strings, extreme exponents, many members, escapes and UTF-8."""
    def values(entries, dtype="float64", extra=""):
        body = ", ".join(f'"{k}": {v}' for k, v in entries)
        return f'{{"format": "bptrace-values", "version": 1, "dtype": "{dtype}"{extra}, "values": {{{body}}}}}\n'

    seeds = [values([("loss", '"0.2983711087600027"'), ("layer1.z[1]", "0.3775"), ("layer1.dW[1,1]", "4.385677344743465e-4")],
                    extra=', "producer": "numpy", "lesson": "001-4"'),
             values([("layer1.a[1]", '"0.100000001490116119384765625"'), ("loss", "3.4028235e38")], dtype="float32"),
             values([(f"sample{i}.layer1.z[1]", f"{i}.5") for i in range(20000)]),
             values([("loss", '"0.' + "0" * 323 + '4940656458412465441765687928682213723651"')]),
             values([("loss", "1" + "0" * 5000)]),
             values([("loss", "1e999999999999999999"), ("x", "-1e-999999999999999999")]),
             values([("loss", '"1.000000178813934326161875"')], dtype="float32"),
             values([("\\u00e9\\ud83d\\ude00\\n\\t\\\"", "1"), ("σ", '"2"')]),
             values([("loss", '"abc"'), ("loss", "1")]),
             '{"format": "bptrace-values", "values": ' + "[" * 100000 + "]" * 100000 + "}",
             "[" * 70 + "]" * 70,
             '{"values": {"loss": NaN, "x": Infinity}}',
             '{"format": "bptrace-values", "version": 1, "dtype": "float64", "values": {"loss": 0.29',
             '{"a": "\\ud800", "b": "\xff\xfe"}',
             # Chains of 20,000 terms where a number belongs (issue 16, item 1): refused quickly,
             # as a string and as bare JSON; and 20,000 quantities named like a chain's nodes.
             values([("f", '"' + "+".join(["1"] * 20000) + '"')]),
             values([("f", "*".join(["2"] * 20000))]),
             values([(f"f.{i}", f'"{2 ** (i % 60)}"') for i in range(1, 20000)])]
    return seeds


def class_answers_seeds():
    """The readers of `bptrace grade`: a class's CSV, and one student's TOML answers file."""
    header = 'id,loss,"layer2.dW[1,1]","dL/dw_{1,2}^{[2]}"\r\n'
    wide = ",".join(f'"layer1.z[{i}]"' for i in range(1, 4097))
    return [header + "ann,0.2984,0.0822,0.0827\r\nbob,0.2,\"0,0822\",\r\n\r\n,,\r\n",
            "\ufeffid,loss\nann,\"0.29\n84\"\nbob,\"\"\"0.3\"\"\"\n",
            'id,loss\nann,"0.3',                                   # a quote not closed
            'id,loss\nann,"0.3"x\n',                              # text after a closing quote
            "id," + wide + "\n",                                   # 4,097 fields: the limit
            "id,loss\n" + "".join(f"s{i},0.{i}\n" for i in range(20000)),
            "loss\n0.3\n",                                        # no id column
            "id,loss,loss,L\nann,0.2984,0.3,1e9999\n",            # the same quantity thrice
            '[[answer]]\nquantity = "loss"\nvalue = "0.2984"\n\n[[answer]]\nquantity = "lyaer2.dW[1,1]"\nvalue = 0.08\n',
            '[[answer]\nquantity = "loss"\n',
            "answer = 3\nother = 1\n",
            # Chains of 20,000 terms where a number belongs (issue 16, item 1), in a CSV cell and
            # in an answers file, and 20,000 answers named like a chain's nodes.
            "id,f\nann," + "+".join(["x"] * 20000) + "\nbob," + "*".join(["2"] * 20000) + "\n",
            '[[answer]]\nquantity = "f"\nvalue = "' + "-".join(["1"] * 20000) + '"\n',
            "".join(f'[[answer]]\nquantity = "f.{i}"\nvalue = "{i}/7"\n' for i in range(1, 20001))]


def write(seeds, folder, what):
    os.makedirs(folder, exist_ok=True)
    for text in seeds:
        data = text.encode()
        name = hashlib.sha1(data).hexdigest()
        with open(os.path.join(folder, name), "wb") as f:
            f.write(data)
    print(f"{len(seeds)} {what} seeds written to {folder}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pending", action="store_true", help="also write the pending seeds (not kept yet)")
    parser.add_argument("--into", help="write everything under DIR/lesson and DIR/answers")
    args = parser.parse_args()
    kept = args.into or os.path.join(HERE, "corpus")
    write(lesson_seeds(), os.path.join(kept, "lesson"), "lesson")
    write(answers_seeds(), os.path.join(kept, "answers"), "answers")
    write(values_seeds(), os.path.join(kept, "values"), "values")
    write(class_answers_seeds(), os.path.join(kept, "class_answers"), "class_answers")
    if args.pending:
        pending = args.into or os.path.join(HERE, "pending")
        write(pending_lesson_seeds(), os.path.join(pending, "lesson"), "pending lesson")


if __name__ == "__main__":
    main()
