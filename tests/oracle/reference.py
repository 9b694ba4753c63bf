"""An independent reference for bptrace's oracles: random lessons and their every quantity.

Written from the README (canonical names, activations, losses), not from bptrace's C++: the
engine here is generic over a number field F (SymPy Rationals for the exact oracle, mpmath
mpf for the transcendental one), so the same few lines of backpropagation serve both oracles.
"""
from __future__ import annotations

import json
import os
import random
import re
import subprocess
from dataclasses import dataclass, field
from fractions import Fraction


# ---------------------------------------------------------------------------------------------
# Lessons: plain data, with exact Fraction literals.

@dataclass
class Layer:
    activation: str
    weights: list  # rows = neurons
    bias: list
    alpha: Fraction = Fraction(1)     # linear slope, leaky_relu slope below 0
    beta: Fraction = Fraction(0)      # linear intercept
    at_zero: Fraction = Fraction(0)   # step: g(0); relu / leaky_relu: g'(0)


@dataclass
class Lesson:
    inputs: int
    layers: list
    samples: list  # [(x, y)]
    loss: str | None = None
    constant: Fraction = Fraction(1)
    outputs: str = "sum"
    batch: str = "sum"
    loss_at_zero: Fraction = Fraction(0)  # absolute_error: sign(0)
    learning_rate: Fraction | None = None
    steps: int = 1
    negated: bool = False  # [conventions] delta_sign = "-dL/dz"
    shared_bias: bool = False  # [conventions] bias = "shared_per_layer": layer.bias holds one value


def small_fraction(rng: random.Random, numerators=range(-6, 7), denominators=(1, 2, 3, 4, 5, 8, 10)) -> Fraction:
    return Fraction(rng.choice(numerators), rng.choice(denominators))


def toml_number(q: Fraction, rng: random.Random) -> str:
    """A literal as a lesson may write it: TOML integer or decimal, or a string fraction."""
    if q.denominator == 1 and rng.random() < 0.7:
        return str(q.numerator)
    d = q.denominator
    twos_fives = d
    for p in (2, 5):
        while twos_fives % p == 0:
            twos_fives //= p
    if twos_fives == 1 and rng.random() < 0.6:  # terminating: write it as a decimal
        places = 0
        while (q * 10 ** places).denominator != 1:
            places += 1
        text = f"{abs(q.numerator) * 10 ** places // q.denominator // 10 ** places}." \
               f"{(abs(q.numerator) * 10 ** places // q.denominator) % 10 ** places:0{places}d}"
        text = ("-" if q < 0 else "") + text
        return text if rng.random() < 0.7 else f'"{text}"'
    return f'"{q.numerator}/{q.denominator}"'


def lesson_toml(lesson: Lesson, rng: random.Random, title: str) -> str:
    num = lambda q: toml_number(q, rng)
    vec = lambda v: "[" + ", ".join(num(q) for q in v) + "]"
    out = [f'[lesson]\ntitle = "{title}"\nsource = "tests/oracle (generated)"\n',
           f"[network]\ninputs = {lesson.inputs}\n"]
    conventions = (['delta_sign = "-dL/dz"'] if lesson.negated else []) + \
        (['bias = "shared_per_layer"'] if lesson.shared_bias else [])
    if conventions:
        out.append("[conventions]\n" + "\n".join(conventions) + "\n")
    for layer in lesson.layers:
        out.append(f'[[layer]]\nactivation = "{layer.activation}"')
        if layer.activation == "linear":
            out.append(f"alpha = {num(layer.alpha)}\nbeta = {num(layer.beta)}")
        if layer.activation == "leaky_relu":
            out.append(f"alpha = {num(layer.alpha)}")
        if layer.activation in ("relu", "leaky_relu"):
            out.append(f"derivative_at_zero = {num(layer.at_zero)}")
        if layer.activation == "step":
            out.append(f"value_at_zero = {num(layer.at_zero)}")
        out.append("weights = [" + ", ".join(vec(row) for row in layer.weights) + "]")
        out.append(f"bias = {vec(layer.bias)}\n")
    for x, y in lesson.samples:
        out.append(f"[[sample]]\nx = {vec(x)}" + (f"\ny = {vec(y)}" if lesson.loss else "") + "\n")
    if lesson.loss:
        out.append(f'[loss]\nkind = "{lesson.loss}"\nconstant = {num(lesson.constant)}\n'
                   f'outputs = "{lesson.outputs}"\nbatch = "{lesson.batch}"')
        if lesson.loss == "absolute_error":
            out.append(f"derivative_at_zero = {num(lesson.loss_at_zero)}")
        out.append("")
    if lesson.learning_rate is not None:
        out.append(f"[training]\nlearning_rate = {num(lesson.learning_rate)}\nsteps = {lesson.steps}\n")
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# The reference engine, over a field F with F.num(Fraction), F.exp, F.log.

def sign(v) -> int:
    return int(bool(v > 0)) - int(bool(v < 0))


def activate(F, g: Layer, z):
    n = F.num
    if g.activation == "identity":
        return z
    if g.activation == "linear":
        return n(g.alpha) * z + n(g.beta)
    if g.activation == "step":
        return n(1) if z > 0 else n(0) if z < 0 else n(g.at_zero)
    if g.activation == "relu":
        return z if z > 0 else n(0)
    if g.activation == "leaky_relu":
        return z if z >= 0 else n(g.alpha) * z
    if g.activation == "sigmoid":
        return 1 / (1 + F.exp(-z))
    if g.activation == "tanh":
        return F.tanh(z)
    if g.activation == "softplus":
        return F.log(1 + F.exp(z))
    raise ValueError(g.activation)


def derivative(F, g: Layer, z, a):
    n = F.num
    if g.activation == "identity":
        return n(1)
    if g.activation == "linear":
        return n(g.alpha)
    if g.activation == "step":
        return n(0)
    if g.activation in ("relu", "leaky_relu"):
        below = n(0) if g.activation == "relu" else n(g.alpha)
        return n(1) if z > 0 else below if z < 0 else n(g.at_zero)
    if g.activation == "sigmoid":
        return a * (1 - a)
    if g.activation == "tanh":
        return 1 - a * a
    if g.activation == "softplus":
        return 1 / (1 + F.exp(-z))
    raise ValueError(g.activation)


def loss_term(F, lesson: Lesson, a, y):
    if lesson.loss == "squared_error":
        return (a - y) ** 2
    if lesson.loss == "absolute_error":
        return abs(a - y)
    if lesson.loss == "binary_cross_entropy":  # a zero weight cancels its log
        return -((y * F.log(a) if y != 0 else 0) + ((1 - y) * F.log(1 - a) if y != 1 else 0))
    if lesson.loss == "cross_entropy":
        return -(y * F.log(a)) if y != 0 else F.num(0)
    raise ValueError(lesson.loss)


def loss_derivative(F, lesson: Lesson, a, y):
    if lesson.loss == "squared_error":
        return 2 * (a - y)
    if lesson.loss == "absolute_error":
        s = sign(a - y)
        return F.num(s) if s else F.num(lesson.loss_at_zero)
    if lesson.loss == "binary_cross_entropy":
        return ((1 - y) / (1 - a) if y != 1 else 0) - (y / a if y != 0 else 0)
    if lesson.loss == "cross_entropy":
        return -(y / a) if y != 0 else F.num(0)
    raise ValueError(lesson.loss)


def forward(F, lesson: Lesson, W, b, x):
    """z and a per layer for one input."""
    zs, acts, below = [], [], x
    for l, layer in enumerate(lesson.layers):
        z = [sum((W[l][j][i] * below[i] for i in range(len(below))), b[l][j]) for j in range(len(b[l]))]
        if layer.activation == "softmax":
            e = [F.exp(v) for v in z]
            total = sum(e[1:], e[0])
            a = [v / total for v in e]
        else:
            a = [activate(F, layer, v) for v in z]
        zs.append(z)
        acts.append(a)
        below = a
    return zs, acts


def reference_trace(F, lesson: Lesson):
    """Every canonical name of the README → value, and (name, via) → contribution value."""
    n = F.num
    values, contributions = {}, {}
    batched = len(lesson.samples) > 1
    S = lambda s: f"sample{s + 1}." if batched else ""
    T = lambda t: f"step{t}." if t > 1 else ""
    depth = len(lesson.layers)
    W = [[[n(w) for w in row] for row in layer.weights] for layer in lesson.layers]
    # A shared bias (README, [conventions] bias) feeds every neuron of its layer.
    b = [[n(v) for v in layer.bias] * (len(layer.weights) if lesson.shared_bias else 1) for layer in lesson.layers]
    xs = [[n(v) for v in x] for x, _ in lesson.samples]
    ys = [[n(v) for v in y] for _, y in lesson.samples]
    for s, (x, y) in enumerate(zip(xs, ys)):
        for i, v in enumerate(x):
            values[f"{S(s)}input.x[{i + 1}]"] = v
        if lesson.loss:
            for k, v in enumerate(y):
                values[f"{S(s)}target.y[{k + 1}]"] = v
    for l in range(depth):
        for j, row in enumerate(W[l]):
            for i, w in enumerate(row):
                values[f"layer{l + 1}.W[{j + 1},{i + 1}]"] = w
        for j, v in enumerate(b[l][:1] if lesson.shared_bias else b[l]):
            values[f"layer{l + 1}.b[{j + 1}]"] = v
    if lesson.learning_rate is not None:
        values["learning_rate"] = n(lesson.learning_rate)
    steps = lesson.steps if lesson.learning_rate is not None else 1
    for t in range(1, steps + 1):
        q = lambda s, l, what, idx: f"{T(t)}{S(s)}layer{l + 1}.{what}{idx}"
        states = []
        for s, x in enumerate(xs):
            zs, acts = forward(F, lesson, W, b, x)
            for l in range(depth):
                for j in range(len(zs[l])):
                    values[q(s, l, "z", f"[{j + 1}]")] = zs[l][j]
                    values[q(s, l, "a", f"[{j + 1}]")] = acts[l][j]
            states.append((zs, acts))
        if not lesson.loss:
            break
        outputs = len(b[-1])
        c_out = n(lesson.constant) / (outputs if lesson.outputs == "mean" else 1)
        scale = c_out / (len(xs) if lesson.batch == "mean" else 1)
        total = n(0)
        for s, (zs, acts) in enumerate(states):
            sample_loss = c_out * sum((loss_term(F, lesson, acts[-1][k], ys[s][k]) for k in range(outputs)), n(0))
            if outputs > 1:  # README: loss[k], output k's term with the loss's factor
                for k in range(outputs):
                    values[f"{T(t)}{S(s)}loss[{k + 1}]"] = c_out * loss_term(F, lesson, acts[-1][k], ys[s][k])
            if batched:
                values[f"{T(t)}{S(s)}loss"] = sample_loss
            total += sample_loss
        values[f"{T(t)}loss"] = total / len(xs) if batched and lesson.batch == "mean" else total
        grads = []
        for s, (zs, acts) in enumerate(states):
            dW, db = backward(F, lesson, W, zs, acts, xs[s], ys[s], scale, lambda *a: q(s, *a),
                              f"{T(t)}{S(s)}input.dx", values, contributions)
            grads.append((dW, db))
        dW = [[[sum((g[0][l][j][i] for g in grads), n(0)) for i in range(len(W[l][j]))] for j in range(len(W[l]))]
              for l in range(depth)]
        db = [[sum((g[1][l][j] for g in grads), n(0)) for j in range(len(b[l]))] for l in range(depth)]
        if batched:
            for l in range(depth):
                for j in range(len(W[l])):
                    for what, idx, total_value, per in (
                            [("dW", f"[{j + 1},{i + 1}]", dW[l][j][i], [g[0][l][j][i] for g in grads])
                             for i in range(len(W[l][j]))] +
                            ([("db", f"[{j + 1}]", db[l][j], [g[1][l][j] for g in grads])]
                             if j == 0 or not lesson.shared_bias else [])):
                        name = f"{T(t)}layer{l + 1}.{what}{idx}"
                        values[name] = total_value
                        for s, v in enumerate(per):
                            contributions[(name, f"sample{s + 1}")] = v
        if lesson.learning_rate is None:
            break
        eta = n(lesson.learning_rate)
        W = [[[W[l][j][i] - eta * dW[l][j][i] for i in range(len(W[l][j]))] for j in range(len(W[l]))]
             for l in range(depth)]
        b = [[b[l][j] - eta * db[l][j] for j in range(len(b[l]))] for l in range(depth)]
        for l in range(depth):
            for j in range(len(W[l])):
                for i in range(len(W[l][j])):
                    values[f"step{t + 1}.layer{l + 1}.W[{j + 1},{i + 1}]"] = W[l][j][i]
                if j == 0 or not lesson.shared_bias:
                    values[f"step{t + 1}.layer{l + 1}.b[{j + 1}]"] = b[l][j]
    if lesson.negated:
        return negated_backward(values), negated_backward(contributions)
    return values, contributions


BACKWARD = re.compile(r"^(.*\.)(da|dz|dW|db|dx)(\[.*)$")


def negated_backward(table: dict) -> dict:
    """README, delta_sign = "-dL/dz": every backward quantity is the negated derivative, named
    neg_da, neg_dz, neg_dW, neg_db, neg_dx; g'(z) and the updated parameters are as they were
    (W − η·∂L/∂W = W + η·(−∂L/∂W)). Keys are names, or (name, via) for a sum's terms."""
    def renamed(name):
        m = BACKWARD.match(name)
        return (m.group(1) + "neg_" + m.group(2) + m.group(3), True) if m else (name, False)

    out = {}
    for key, value in table.items():
        name, via = key if isinstance(key, tuple) else (key, None)
        new_name, negated = renamed(name)
        out[(new_name, via) if via is not None else new_name] = -value if negated else value
    return out


def backward(F, lesson, W, zs, acts, x, y, scale, q, dx_name, values, contributions):
    n = F.num
    depth = len(lesson.layers)
    L = depth - 1
    da = [None] * depth
    dadz = [None] * depth
    dz = [None] * depth
    dW = [None] * depth
    db = [None] * depth
    a_out = acts[L]
    da[L] = [scale * loss_derivative(F, lesson, a_out[k], y[k]) for k in range(len(a_out))]
    for k, v in enumerate(da[L]):
        values[q(L, "da", f"[{k + 1}]")] = v
    if lesson.layers[L].activation == "softmax":
        if lesson.loss == "cross_entropy":  # ∂L/∂z_k = c·(a_k·Σy − y_k)
            y_sum = sum(y, n(0))
            dz[L] = [scale * (a_out[k] * y_sum - y[k]) for k in range(len(y))]
        else:  # Jacobian a_j(δ_jk − a_k)
            weighted = sum((a_out[j] * da[L][j] for j in range(len(y))), n(0))
            dz[L] = [a_out[k] * (da[L][k] - weighted) for k in range(len(y))]
        for k, v in enumerate(dz[L]):
            values[q(L, "dz", f"[{k + 1}]")] = v
    for l in range(L, -1, -1):
        layer = lesson.layers[l]
        inputs = x if l == 0 else acts[l - 1]
        if layer.activation != "softmax":
            dadz[l] = [derivative(F, layer, zs[l][j], acts[l][j]) for j in range(len(zs[l]))]
            dz[l] = [da[l][j] * dadz[l][j] for j in range(len(zs[l]))]
            for j in range(len(zs[l])):
                values[q(l, "dadz", f"[{j + 1}]")] = dadz[l][j]
                values[q(l, "dz", f"[{j + 1}]")] = dz[l][j]
        dW[l] = [[dz[l][j] * inputs[i] for i in range(len(inputs))] for j in range(len(zs[l]))]
        if lesson.shared_bias:  # one bias feeds every neuron: ∂L/∂b = Σ_j δ_j, one term per neuron
            db[l] = [sum(dz[l][1:], dz[l][0])] * len(dz[l])
            if len(dz[l]) >= 2:
                for j, v in enumerate(dz[l]):
                    contributions[(q(l, "db", "[1]"), q(l, "z", f"[{j + 1}]"))] = v
        else:
            db[l] = list(dz[l])
        for j in range(len(zs[l])):
            for i in range(len(inputs)):
                name = q(l, "dW", f"[{j + 1},{i + 1}]")
                values[name] = dW[l][j][i]
                if l < L:  # one path per neuron k of the layer above
                    for k in range(len(zs[l + 1])):
                        contributions[(name, q(l + 1, "z", f"[{k + 1}]"))] = \
                            W[l + 1][k][j] * dz[l + 1][k] * dadz[l][j] * inputs[i]
            if j == 0 or not lesson.shared_bias:
                values[q(l, "db", f"[{j + 1}]")] = db[l][j]
        grad = []
        for i in range(len(inputs)):
            terms = [W[l][j][i] * dz[l][j] for j in range(len(zs[l]))]
            name = f"{dx_name}[{i + 1}]" if l == 0 else q(l - 1, "da", f"[{i + 1}]")
            values[name] = sum(terms[1:], terms[0])
            if len(terms) >= 2:
                for j, v in enumerate(terms):
                    contributions[(name, q(l, "z", f"[{j + 1}]"))] = v
            grad.append(values[name])
        if l > 0:
            da[l - 1] = grad
    return dW, db


# ---------------------------------------------------------------------------------------------
# Running bptrace

def bptrace_json(binary: str, path: str, digits: int | None = None):
    """The JSON trace of `bptrace run PATH --format json`: {name: value}, {(name, via): value}."""
    args = [binary, "run", path, "--format", "json"] + (["--digits", str(digits)] if digits else [])
    done = subprocess.run(args, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})
    if done.returncode != 0:
        raise RuntimeError(f"bptrace exited {done.returncode}: {done.stderr.strip()}")
    trace = json.loads(done.stdout)
    values, contributions, names = {}, {}, []
    for step in trace["steps"]:
        names.append(step["name"])
        values[step["name"]] = step["value"]
        for c in step.get("contributions", []):
            contributions[(step["name"], c["via"])] = c["value"]
    if len(names) != len(set(names)):
        raise RuntimeError("a quantity appears twice in the trace")
    return values, contributions


def compare_names(expected: dict, got: dict, what: str) -> list:
    problems = []
    missing = sorted(set(expected) - set(got), key=str)
    extra = sorted(set(got) - set(expected), key=str)
    if missing:
        problems.append(f"{what} missing from bptrace's trace: {missing[:5]}{' ...' if len(missing) > 5 else ''}")
    if extra:
        problems.append(f"{what} in bptrace's trace the reference does not know: {extra[:5]}")
    return problems
