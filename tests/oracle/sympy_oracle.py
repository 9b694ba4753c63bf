#!/usr/bin/env python3
"""SymPy as an exact oracle for bptrace.

Builds random small networks (1-3 hidden layers, widths 1-4; relu, leaky relu, identity and step
units; squared or absolute-error loss; batches of 1-4 samples) with random rational weights and
data, writes each as a lesson, runs `bptrace run LESSON --format json`, and compares every
forward value (z, a), the loss, every gradient (dW, db) and every updated parameter with SymPy:
everything is recomputed in SymPy Rationals, the gradients by forward-mode differentiation (dual
numbers, one sweep per parameter: an algorithm independent of bptrace's reverse mode).
Equality of exact rationals, no tolerance. The kinks follow the lessons' stated conventions
(relu'(0), leaky relu'(0), step(0), sign'(0)).

usage: sympy_oracle.py BPTRACE [--count N] [--seed S]
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

import sympy
from sympy import Rational

KINDS = ["relu", "leaky_relu", "identity", "step"]


def rand_rational(rng, small=False):
    num = rng.randint(-9, 9)
    den = rng.choice([1, 2, 3, 4, 5, 10] if small else [1, 2, 3, 4, 5, 6, 8, 10])
    return Rational(num, den)


def toml_number(q):
    return f'"{q.p}/{q.q}"' if q.q != 1 else str(q.p)


class Dual:
    """a + b·ε with ε² = 0, over SymPy Rationals: forward-mode differentiation, an algorithm
    independent of bptrace's reverse mode. b is the derivative along one chosen parameter."""

    def __init__(self, a, b=0):
        self.a, self.b = Rational(a), Rational(b)

    def __add__(self, o):
        o = o if isinstance(o, Dual) else Dual(o)
        return Dual(self.a + o.a, self.b + o.b)

    __radd__ = __add__

    def __sub__(self, o):
        o = o if isinstance(o, Dual) else Dual(o)
        return Dual(self.a - o.a, self.b - o.b)

    def __rsub__(self, o):
        return Dual(o) - self

    def __mul__(self, o):
        o = o if isinstance(o, Dual) else Dual(o)
        return Dual(self.a * o.a, self.a * o.b + self.b * o.a)

    __rmul__ = __mul__

    def scale(self, c):
        return Dual(self.a * c, self.b * c)


def activation(kind, z, conv):
    """g(z) as a dual number; at a kink, the branch the lesson's convention names."""
    if kind == "identity":
        return z
    # At z = 0 the value is 0 for both; the slope there is the lesson's derivative_at_zero.
    if kind == "relu":
        slope = 1 if z.a > 0 else 0 if z.a < 0 else conv["at_zero"]
        return Dual(max(z.a, 0), slope * z.b)
    if kind == "leaky_relu":
        slope = 1 if z.a > 0 else conv["alpha"] if z.a < 0 else conv["at_zero"]
        return Dual(z.a if z.a >= 0 else conv["alpha"] * z.a, slope * z.b)
    if kind == "step":
        return Dual(1 if z.a > 0 else conv["value_at_zero"] if z.a == 0 else 0, 0)
    raise ValueError(kind)


def loss_term(kind, u, at_zero):
    if kind == "squared_error":
        return u * u
    sign = 1 if u.a > 0 else -1 if u.a < 0 else at_zero
    return Dual(abs(u.a), sign * u.b)


def random_case(rng):
    inputs = rng.randint(1, 4)
    hidden = rng.randint(1, 3)
    widths = [rng.randint(1, 4) for _ in range(hidden)] + [rng.randint(1, 3)]
    layers = []
    below = inputs
    for width in widths:
        kind = rng.choice(KINDS)
        conv = {"at_zero": rng.choice([0, 1]), "alpha": Rational(rng.randint(1, 9), 100),
                "value_at_zero": rng.choice([0, 1])}
        if kind == "leaky_relu" and conv["at_zero"] == 0:
            conv["at_zero"] = conv["alpha"]  # a subgradient: between the two slopes, alpha and 1
        weights = [[rand_rational(rng) for _ in range(below)] for _ in range(width)]
        bias = [rand_rational(rng, small=True) for _ in range(width)]
        layers.append({"kind": kind, "conv": conv, "W": weights, "b": bias})
        below = width
    samples = []
    for _ in range(rng.randint(1, 4)):
        samples.append(([rand_rational(rng, small=True) for _ in range(inputs)],
                        [rand_rational(rng, small=True) for _ in range(widths[-1])]))
    loss = {"kind": rng.choice(["squared_error", "absolute_error"]), "constant": rng.choice([Rational(1, 2), Rational(1)]),
            "outputs": rng.choice(["sum", "mean"]), "batch": rng.choice(["sum", "mean"]),
            "at_zero": rng.choice([Rational(0), Rational(1), Rational(1, 2)])}
    return {"inputs": inputs, "layers": layers, "samples": samples, "loss": loss, "eta": Rational(1, rng.choice([2, 4, 10]))}


def lesson_text(case):
    out = ['[lesson]', 'title = "oracle"', 'source = "tests/oracle/sympy_oracle.py"', '', '[network]',
           f'inputs = {case["inputs"]}', '']
    for layer in case["layers"]:
        out.append('[[layer]]')
        out.append(f'activation = "{layer["kind"]}"')
        if layer["kind"] in ("relu", "leaky_relu"):
            out.append(f'derivative_at_zero = {toml_number(Rational(layer["conv"]["at_zero"]))}')
        if layer["kind"] == "leaky_relu":
            out.append(f'alpha = {toml_number(layer["conv"]["alpha"])}')
        if layer["kind"] == "step":
            out.append(f'value_at_zero = {layer["conv"]["value_at_zero"]}')
        out.append('weights = [' + ", ".join("[" + ", ".join(toml_number(w) for w in row) + "]" for row in layer["W"]) + ']')
        out.append('bias = [' + ", ".join(toml_number(b) for b in layer["b"]) + ']')
        out.append('')
    for x, y in case["samples"]:
        out += ['[[sample]]', 'x = [' + ", ".join(toml_number(v) for v in x) + ']',
                'y = [' + ", ".join(toml_number(v) for v in y) + ']', '']
    loss = case["loss"]
    out += ['[loss]', f'kind = "{loss["kind"]}"', f'constant = {toml_number(loss["constant"])}',
            f'outputs = "{loss["outputs"]}"', f'batch = "{loss["batch"]}"']
    if loss["kind"] == "absolute_error":
        out.append(f'derivative_at_zero = {toml_number(loss["at_zero"])}')
    out += ['', '[training]', f'learning_rate = {toml_number(case["eta"])}', 'steps = 1', '']
    return "\n".join(out)


def forward(case, parameter=None):
    """Every forward value and the loss, as dual numbers whose ε part is ∂/∂parameter."""
    layers, loss = case["layers"], case["loss"]
    batched = len(case["samples"]) > 1
    values = {}
    total = Dual(0)
    for n, (x, y) in enumerate(case["samples"], start=1):
        prefix = f"sample{n}." if batched else ""
        below = [Dual(v) for v in x]
        for l, layer in enumerate(layers, start=1):
            out = []
            for j, row in enumerate(layer["W"], start=1):
                z = Dual(layer["b"][j - 1], 1 if parameter == f"layer{l}.b[{j}]" else 0)
                for i, w in enumerate(row, start=1):
                    z = z + Dual(w, 1 if parameter == f"layer{l}.W[{j},{i}]" else 0) * below[i - 1]
                a = activation(layer["kind"], z, layer["conv"])
                values[f"{prefix}layer{l}.z[{j}]"] = z
                values[f"{prefix}layer{l}.a[{j}]"] = a
                out.append(a)
            below = out
        sample_loss = Dual(0)
        for a, t in zip(below, y):
            sample_loss = sample_loss + loss_term(loss["kind"], a - t, loss["at_zero"])
        sample_loss = sample_loss.scale(loss["constant"] / (len(below) if loss["outputs"] == "mean" else 1))
        total = total + sample_loss
    values["loss"] = total.scale(Rational(1, len(case["samples"])) if loss["batch"] == "mean" else 1)
    return values


def expected_values(case):
    """Every quantity the comparison covers, computed with SymPy Rationals."""
    expected = {name: d.a for name, d in forward(case).items()}
    for l, layer in enumerate(case["layers"], start=1):
        names = [f"layer{l}.W[{j},{i}]" for j in range(1, len(layer["W"]) + 1) for i in range(1, len(layer["W"][0]) + 1)]
        names += [f"layer{l}.b[{j}]" for j in range(1, len(layer["b"]) + 1)]
        for name in names:
            gradient = forward(case, name)["loss"].b
            what, index = name.split(".")[1][0], name[name.index("["):]
            current = layer["W"][int(index[1:-1].split(",")[0]) - 1][int(index[1:-1].split(",")[1]) - 1] if what == "W" \
                else layer["b"][int(index[1:-1]) - 1]
            expected[name.replace(".W[", ".dW[").replace(".b[", ".db[")] = gradient
            expected["step2." + name] = current - case["eta"] * gradient
    return expected


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bptrace")
    parser.add_argument("--count", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    seed = args.seed if args.seed is not None else random.SystemRandom().randrange(2**32)
    print(f"sympy oracle: seed {seed} (replay: {sys.argv[0]} {args.bptrace} --count {args.count} --seed {seed})", flush=True)
    rng = random.Random(seed)
    compared = 0
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        for n in range(args.count):
            case = random_case(rng)
            path = os.path.join(tmp, f"oracle-{n}.toml")
            with open(path, "w") as f:
                f.write(lesson_text(case))
            run = subprocess.run([args.bptrace, "run", path, "--format", "json"], capture_output=True, text=True)
            if run.returncode != 0:
                print(f"case {n}: bptrace exit {run.returncode}: {run.stderr.strip()}\n{lesson_text(case)}")
                failures += 1
                continue
            steps = {s["name"]: s["value"] for s in json.loads(run.stdout)["steps"]}
            for name, want in expected_values(case).items():
                got = steps.get(name)
                if got is None or not got.get("exact"):
                    print(f"case {n}: {name} missing or not exact in bptrace's trace\n{lesson_text(case)}")
                    failures += 1
                    break
                compared += 1
                if Rational(got["fraction"]) != want:
                    print(f"case {n}: {name}: bptrace {got['fraction']}, SymPy {want}\n{lesson_text(case)}")
                    failures += 1
                    break
    print(f"sympy oracle: {args.count} networks, {compared} exact values compared, {failures} failures (seed {seed})")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
