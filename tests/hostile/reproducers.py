#!/usr/bin/env python3
"""The reproducers of issue 16 ("hostile input"), each run through the real binary under a hard
guard: a timeout, and a memory limit (`ulimit -v`, or ASan's hard_rss_limit_mb in a sanitizer
build) with about 10x headroom over what the release build needs. A hang or an exhaustion is
killed and fails the case.

    reproducers.py BPTRACE [--sanitized] [--only SUBSTRING]   check every case (ctest runs this)
    reproducers.py BPTRACE --bench                            wall time and peak RSS of each case
                                                              (/usr/bin/time -v, no guard checks)

A case is bad input (exit 2, one `error: FILE:LINE:COLUMN: ...` line, no `internal:`), or a
result whose certified digits are compared with values worked out independently (mpmath, or by
hand in the comment beside the case).
"""
import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time

SOURCE = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
LESSONS = os.path.join(SOURCE, "lessons")

GUARD_SECONDS = 60         # the release build takes at most ~2 s for any case
GUARD_MEGABYTES = 2000     # the release build peaks below ~200 MB for any case
ASAN_GUARD_MEGABYTES = 4000


def graph_lesson(definitions, point, inputs=None, outputs=("f",), documents=(), graph_extra=""):
    inputs = inputs or ["x"]
    defs = ",\n".join('  "%s"' % d for d in definitions)
    text = ('[lesson]\ntitle = "t"\nsource = "s"\nexample = "x"\ndescription = "d"\n\n'
            "[graph]\ninputs = [%s]\npoint = [%s]\ndefinitions = [\n%s,\n]\noutputs = [%s]\n%s"
            % (", ".join('"%s"' % i for i in inputs), ", ".join(point), defs,
               ", ".join('"%s"' % o for o in outputs), graph_extra))
    for quantity, formula in documents:
        text += '\n[[document]]\nquantity = "%s"\nformula = "%s"\nwhere = "w"\n' % (quantity, formula)
    return text


def lesson_text(name):
    with open(os.path.join(LESSONS, name + ".toml"), encoding="utf-8") as f:
        return f.read()


def replaced(text, old, new, count=1):
    assert old in text, old
    return text.replace(old, new, count)


def chain(op, n, term="x"):
    return op.join([term] * n)


def long_integer(k, name):
    """How a positive integer of over 60 digits ends its result line: its length, then its 15
    significant digits rounded half up, `(exact fraction of 6021 characters) ≈ 3.98…e6020   [f]`."""
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)
    digits = str(k)
    head = int(digits[:15]) + (digits[15] >= "5")
    exponent = len(digits) - 1 + (len(str(head)) > 15)
    head = str(head)[:15]
    return re.escape("(exact fraction of %d characters) ≈ %s.%se%d   [%s]" % (len(digits), head[0], head[1:], exponent, name))


# (name, files {relative path: text}, arguments, expectation[, check]); check(stdout) is None or why not
# expectation: ("error", LINE_COLUMN_REGEX, MESSAGE_REGEX)  exit 2, one located error line
#              ("usage", LINE_REGEX)                         exit 2, one error line (a bad command line)
#              ("ok", [STDOUT_REGEX, ...])                   exit 0, each regex found in stdout
#              ("status", N, [STDOUT_REGEX, ...])            exit N
def item1():
    c = []
    n = 20000
    # Item 1: long chains in definitions and in [[document]] formulas.
    # x + x + ... + x (20,000 terms) at x = 2 is 40000; the last node's adjoint path is 1.
    c.append(("1-sum-20000", {"l.toml": graph_lesson(["f = " + chain("+", n)], ["2"])},
              ["run", "l.toml"], ("ok", [r"\n  f = f\.19998 \+ x\n +=  ?39998 \+ 2\n += 40000   \[f\]", r"= 20000   \[df/dx\]"])))
    # x·x·…·x (20,000 factors) at x = 1 is 1, df/dx = 20000.
    c.append(("1-product-20000", {"l.toml": graph_lesson(["f = " + chain("*", n)], ["1"])},
              ["run", "l.toml"], ("ok", [r"= 1   \[f\]", r"= 20000   \[df/dx\]"])))
    # x·x·…·x (20,000 factors) at x = 2: f = 2^20000 and df/dx = 20000·2^19999, exact integers
    # printed by their length and 15 digits (Python's integers, rounded half up here).
    c.append(("1-product-20000-at-2", {"l.toml": graph_lesson(["f = " + chain("*", n)], ["2"])},
              ["run", "l.toml"], ("ok", [long_integer(2 ** n, "f"), long_integer(n * 2 ** (n - 1), "df/dx")])))
    # x − x − … − x (20,000 terms) at x = 2 is 2 − 19999·2 = −39996; df/dx = 1 − 19999 = −19998.
    c.append(("1-difference-20000", {"l.toml": graph_lesson(["f = " + chain("-", n)], ["2"])},
              ["run", "l.toml"], ("ok", [r"= [−-]39996   \[f\]", r"= [−-]19998   \[df/dx\]"])))
    # x/x/…/x (20,000 terms) at x = 1 is 1.
    c.append(("1-quotient-20000", {"l.toml": graph_lesson(["f = " + chain("/", n)], ["1"])},
              ["run", "l.toml"], ("ok", [r"= 1   \[f\]"])))
    # The same sum as a document formula: f = 20000·x at x = 2, the formula's value 40000.
    c.append(("1-document-formula-20000",
              {"l.toml": graph_lesson(["f = 20000*x"], ["2"], documents=[("f", chain("+", n))])},
              ["run", "l.toml"], ("ok", [r"0 failed"])))
    c.append(("1-document-difference-20000",
              {"l.toml": graph_lesson(["f = -19998*x"], ["2"], documents=[("f", chain("-", n))])},
              ["run", "l.toml"], ("ok", [r"0 failed"])))
    # Alternating + and − 20,000 times: refused with its place (a documented nesting limit).
    c.append(("1-alternating-20000", {"l.toml": graph_lesson(["f = " + "x" + "+x-x" * (n // 2)], ["2"])},
              ["run", "l.toml"], ("error", r"11:\d+", r"nested too deeply")))
    # Deep parentheses: refused with its place.
    c.append(("1-parentheses-20000", {"l.toml": graph_lesson(["f = " + "(" * n + "x" + ")" * n], ["2"])},
              ["run", "l.toml"], ("error", r"11:\d+", r"nested too deeply")))
    c.append(("1-list-with-long-chain", {"lessons/long.toml": graph_lesson(["f = " + chain("-", n)], ["2"])},
              ["list"], ("ok", [r"long"])))
    return c


def item2():
    c = []
    # Item 2: every graph lesson with --round-intermediates (it crashed before "Core 3").
    for name in sorted(os.listdir(LESSONS)):
        if name.endswith(".toml") and "\n[graph]" in lesson_text(name[:-5]):
            c.append(("2-round-" + name[:-5], {}, ["run", name[:-5], "--round-intermediates", "4d"],
                      ("ok", [r"-- Forward pass --"])))
    return c


# An independent oracle for the values of items 4 and 8: mpmath at 60 digits (its exponents are
# unbounded, so e^(−10^61) is an ordinary number to it).
def mp():
    import mpmath
    mpmath.mp.dps = 60
    return mpmath


def certified(x, digits=15):
    """x as bptrace prints a certified value: `digits` significant digits, trailing zeros kept,
    scientific past 10^-7 and 10^20 as 1.5e-9 (no '+')."""
    m = mp()
    if x == 0:
        raise ValueError("zero has no significant digits")
    e = int(m.floor(m.log10(abs(x))))
    mantissa = int(m.nint(abs(x) / m.mpf(10) ** (e - digits + 1)))
    if mantissa == 10 ** digits:
        mantissa //= 10
        e += 1
    d = str(mantissa)
    sign = "-" if x < 0 else ""
    if e < -6 or e > 20:
        return sign + d[0] + "." + d[1:] + "e" + str(e)
    if e >= digits - 1:
        return sign + d + "0" * (e - digits + 1)
    if e >= 0:
        return sign + d[:e + 1] + "." + d[e + 1:]
    return sign + "0." + "0" * (-e - 1) + d


def mp_sigmoid_mlp(layers, x, y, loss, learning_rate=None, steps=1):
    """Forward, loss and backward of a sigmoid network (layers: [(W rows, b)]), and gradient-descent
    steps; returns one record per step: {"W": [...], "a": [...], "loss": L, "dW": [...]}."""
    m = mp()
    layers = [([[m.mpf(w) for w in row] for row in W], [m.mpf(v) for v in b]) for W, b in layers]
    x = [m.mpf(v) for v in x]
    y = [m.mpf(v) for v in y]
    records = []
    for _ in range(steps):
        acts = [x]
        for W, b in layers:
            acts.append([1 / (1 + m.exp(-(sum(w * a for w, a in zip(row, acts[-1])) + bj))) for row, bj in zip(W, b)])
        out = acts[-1]
        if loss == "squared_error":
            L = sum((o - t) ** 2 for o, t in zip(out, y)) / 2
            da = [o - t for o, t in zip(out, y)]
        else:  # binary cross entropy
            L = -sum(t * m.log(o) + (1 - t) * m.log(1 - o) for o, t in zip(out, y))
            da = [-(t / o - (1 - t) / (1 - o)) for o, t in zip(out, y)]
        grads = [None] * len(layers)
        for l in reversed(range(len(layers))):
            a = acts[l + 1]
            delta = [d * s * (1 - s) for d, s in zip(da, a)]
            grads[l] = ([[dj * ai for ai in acts[l]] for dj in delta], delta)
            W = layers[l][0]
            da = [sum(W[j][i] * delta[j] for j in range(len(delta))) for i in range(len(acts[l]))]
        records.append({"W": layers, "a": acts, "loss": L, "dW": grads})
        if learning_rate is not None:
            lr = m.mpf(learning_rate)
            layers = [([[w - lr * g for w, g in zip(row, grow)] for row, grow in zip(W, gW)],
                       [v - lr * g for v, g in zip(b, gb)]) for (W, b), (gW, gb) in zip(layers, grads)]
    if learning_rate is not None:
        records.append({"W": layers})
    return records


LESSON_001_4 = ([([[0.15, 0.2], [0.25, 0.3]], [0.35, 0.35]), ([[0.4, 0.45], [0.5, 0.55]], [0.6, 0.6])],
                [0.05, 0.1], [0.01, 0.99])
LESSON_001_5 = ([([[1, 0, -1], [0.5, 1, 0], [0, -1, 1], [1, 1, 1]], [0, -0.5, 0.25, -1]),
                 ([[1, -1, 0, 0.5], [0, 1, 1, -1], [0.5, 0, -1, 1]], [0, 0.25, -0.5]),
                 ([[1, -0.5, 2]], [0.25])], [1, 2, -1], [0])


def result(value, name):
    """The line ending of a certified result: `≈ 6.45170969282177e-43429449   [f]`."""
    return re.escape("≈ " + certified(value) + "   [" + name + "]")


def item4():
    c = []
    m = mp()
    # Item 4: tiny and huge certified values print without hanging, as certified digits.
    # σ(−10^8) = e^(−10^8)/(1 + e^(−10^8)) = 6.4517…e−43429449 (mpmath).
    c.append(("4-sigmoid-minus-1e8", {"l.toml": graph_lesson(["f = sigmoid(x)"], ["-1e8"])},
              ["run", "l.toml"], ("ok", [result(m.exp(-10**8) / (1 + m.exp(-10**8)), "f")])))
    # softplus(−10^100) = log(1 + e^(−10^100)) ≈ 10^(−4.3·10^99) is past MPFR's exponent range
    # (2^−(2^62)): what is certain is a bound, 0 ≤ f < 10^E. The bound must hold (E above the true
    # exponent, mpmath) and be the range's own (E ≤ −10^18).
    c.append(("4-softplus-minus-1e100", {"l.toml": graph_lesson(["f = softplus(x)"], ["-1e100"])},
              ["run", "l.toml"], ("ok", [r"≈ 0 \(undecided: \|x\| < 1e-(\d{19,})\)   \[f\]"]),
              lambda out: undecided_bound_holds(out, "f", m.log10(m.log1p(m.exp(-m.mpf(10) ** 100))))))
    c.append(("4-exp-minus-1e9", {"l.toml": graph_lesson(["f = exp(x)"], ["-1000000000"])},
              ["run", "l.toml"], ("ok", [result(m.exp(-10**9), "f")])))
    # 001-4 trained for 3 steps at learning rate 10^300: the step-2 weights are ~10^297, the
    # sigmoids saturate (σ(−8.9·10^297) is a bound), the step-3 weights are the step-2 ones.
    lr = replaced(lesson_text("001-4-sigmoid-2-2-2"), "learning_rate = 0.5\nsteps = 1", "learning_rate = 1e300\nsteps = 3")
    r = mp_sigmoid_mlp(*LESSON_001_4, "squared_error", learning_rate=10**300, steps=3)
    c.append(("4-learning-rate-1e300-3-steps", {"l.toml": lr}, ["run", "l.toml"],
              ("ok", [result(r[2]["W"][0][0][0][0], "step3.layer1.W[1,1]"), result(r[2]["W"][1][0][1][0], "step3.layer2.W[2,1]"),
                      result(r[2]["loss"], "step3.loss"), result(r[0]["loss"], "loss")])))
    # 001-5 with w^[1]_1,1 = −10^61: a^[1]_1 = σ(−10^61 − 1) ≈ e^(−10^61) is a bound, the loss certified.
    w = replaced(lesson_text("001-5-vectorised-backprop-log-loss"), "weights = [[1, 0, -1],", "weights = [[-1e61, 0, -1],")
    layers = [([[-10**61, 0, -1]] + LESSON_001_5[0][0][0][1:], LESSON_001_5[0][0][1])] + LESSON_001_5[0][1:]
    r = mp_sigmoid_mlp(layers, LESSON_001_5[1], LESSON_001_5[2], "bce")
    c.append(("4-weight-minus-1e61-in-001-5", {"l.toml": w}, ["run", "l.toml"],
              ("ok", [result(r[0]["loss"], "loss"), result(r[0]["a"][1][1], "layer1.a[2]"),
                      r"≈ 0 \(undecided: \|x\| < 1e-\d{19,}\)   \[layer1.a\[1\]\]"]),
              lambda out: undecided_bound_holds(out, "layer1.a[1]", -(10**61 + 1) * m.log10(m.e))))
    return c


def undecided_bound_holds(out, name, true_log10):
    """`≈ 0 (undecided: |x| < 1eE)   [name]`: E above the true value's log10, and at most −10^18."""
    found = re.search(r"< 1e(-\d+)\)   \[" + re.escape(name) + r"\]", out)
    if not found:
        return "no undecided bound for " + name
    e = int(found.group(1))
    if not (true_log10 < e <= -10**18):
        return "the bound 1e%d of %s is not a bound of 10^%s or not the range's" % (e, name, mp().nstr(true_log10, 8))
    return None


def item5():
    c = []
    # Item 5: 100,000 numbers on one line (a located error: the network has 2 inputs).
    x = "[" + ", ".join(["1"] * 100000) + "]"
    c.append(("5-one-line-100000-numbers", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), "x = [0.05, 0.1]", "x = " + x)},
              ["run", "l.toml"], ("error", r"\d+:\d+", r"")))
    return c


def item8():
    c = []
    m = mp()
    # Item 8: every error from a lesson has its place, none says internal; what is computable is computed.
    # e^(e^(e^6)) = e^(1.3·10^175) is past 2^(2^62): an overflow, at the definition (line 11, column 8).
    c.append(("8-exp-exp-exp", {"l.toml": graph_lesson(["f = exp(exp(exp(x*y)))"], ["2", "3"], inputs=["x", "y"])},
              ["run", "l.toml"], ("error", r"11:8", r"overflow.*computing f$")))
    # e^(10^9) = 8.0029…e434294481 (mpmath): within the range, a certified value; df/dx = e^(10^9).
    c.append(("8-exp-1e9", {"l.toml": graph_lesson(["f = exp(x)"], ["1000000000"])},
              ["run", "l.toml"], ("ok", [result(m.exp(10**9), "f"), result(m.exp(10**9), "df/dx")])))
    # A softplus hidden layer at z = 10^100 (001-4 with b^[1]_1 = 10^100): softplus(z) ≈ 10^100, the
    # outputs saturate at 1, L = ½(0.99² + 0.01²) = 0.4901; the lesson's document values no longer
    # hold, so exit 1.
    sp = replaced(lesson_text("001-4-sigmoid-2-2-2"), 'activation = "sigmoid"', 'activation = "softplus"')
    sp = replaced(sp, "bias = [0.35, 0.35]", "bias = [1e100, 0.35]")
    z1 = m.mpf("0.15") * m.mpf("0.05") + m.mpf("0.2") * m.mpf("0.1") + m.mpf(10) ** 100
    z2 = m.mpf("0.25") * m.mpf("0.05") + m.mpf("0.3") * m.mpf("0.1") + m.mpf("0.35")
    a1, a2 = z1 + m.log1p(m.exp(-z1)), m.log1p(m.exp(z2))
    o = [1 / (1 + m.exp(-(w1 * a1 + w2 * a2 + m.mpf("0.6")))) for w1, w2 in ((m.mpf("0.4"), m.mpf("0.45")), (m.mpf("0.5"), m.mpf("0.55")))]
    loss = ((o[0] - m.mpf("0.01")) ** 2 + (o[1] - m.mpf("0.99")) ** 2) / 2
    c.append(("8-softplus-layer-1e100", {"l.toml": sp}, ["run", "l.toml"],
              ("status", 1, [result(a1, "layer1.a[1]"), result(a2, "layer1.a[2]"), result(loss, "loss")])))
    # (x − 2)^0 at x = 2: 0^0 = 1, and u^0 is constant, so ∂f/∂x = 0 exactly (no division by 0).
    c.append(("8-power-zero-at-zero", {"l.toml": graph_lesson(["f = (x-2)^0"], ["2"])},
              ["run", "l.toml"], ("ok", [r"\n    = 1   \[f\]", r"= 0   \[df/dx\]"])))
    # log(softplus(−10^9)) = log(log1p(e^(−10^9))) = −10^9 − 6.2·10^(−434294483) (mpmath): at 15
    # digits −1000000000.00000; df/dx = σ(x)/softplus(x) = 1 − 6.2·10^(−434294483) ≈ 1.
    x = -m.mpf(10) ** 9
    c.append(("8-log-softplus-minus-1e9", {"l.toml": graph_lesson(["f = log(softplus(x))"], ["-1e9"])},
              ["run", "l.toml"], ("ok", [result(m.log(m.log1p(m.exp(x))), "f"),
                                         result(1 / (1 + m.exp(-x)) / m.log1p(m.exp(x)), "df/dx")])))
    # log(softplus(−10^100)): softplus underflows past 2^−(2^62) to an enclosure [0, 2^−(2^62)],
    # whose log no precision decides: refused at the definition that asks (line 11, column 8).
    c.append(("8-log-softplus-minus-1e100", {"l.toml": graph_lesson(["f = log(softplus(x))"], ["-1e100"])},
              ["run", "l.toml"], ("error", r"11:8", r"cannot decide f \(enclosure contains zero\) even at \d+ working digits")))
    # e^(10^6) = 3.03·10^434294 is certified, but past 2^(2^20) ≈ 10^315653 it has no exact fraction
    # to compare a written number with: a document value, an answer and gradcheck are refused at
    # their place (they said "error: a value beyond …" with none), and grade calls it ungradable.
    huge = graph_lesson(["f = exp(x)"], ["1000000"]) + '\n[[document]]\nquantity = "f"\nprinted = "3"\nwhere = "w"\n'
    beyond = r"a value beyond 2\^±\(2\^20\) \(about 10\^±315653\) cannot be compared exactly"
    c.append(("8-beyond-exact-range-document", {"l.toml": huge}, ["run", "l.toml"], ("error", r"16:12", "f: " + beyond)))
    answers = {"l.toml": graph_lesson(["f = exp(x)"], ["1000000"]), "a.toml": '[[answer]]\nquantity = "f"\nvalue = "3"\n'}
    c.append(("8-beyond-exact-range-answer", answers, ["check", "l.toml", "--answers", "a.toml"], ("error", r"2:\d+", "f: " + beyond)))
    c.append(("8-beyond-exact-range-answer-flag", answers, ["check", "l.toml", "--answer", "f=3"],
              ("usage", r"^error: --answer f=3: " + beyond)))
    c.append(("8-beyond-exact-range-gradcheck", answers, ["gradcheck", "l.toml"], ("usage", r"^error: l\.toml: df/dx: " + beyond)))
    answers_csv = dict(answers, **{"class.csv": "student,f\nann,3\n"})
    c.append(("8-beyond-exact-range-grade", answers_csv, ["grade", "l.toml", "class.csv"],
              ("ok", [r"ann: class\.csv: row 2, column 2: " + beyond, r"1 answer: 0 correct, 0 wrong, 0 insufficient precision, "
                      r"0 undecided, 1 ungradable"])))
    c.append(("8-unknown-notation", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), 'notation = "bracket"', 'notation = "brakcet"')},
              ["run", "l.toml"], ("error", r"6:12", r"notation \"brakcet\" is not one of")))
    c.append(("8-nul-in-string", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), 'notation = "bracket"', 'notation = "bra\\u0000cket"')},
              ["run", "l.toml"], ("error", r"6:12", r"notation \"bra\\u0000cket\" is not one of")))
    c.append(("8-multibyte-echo", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), "x = [0.05, 0.1]", "x = [0.05, é]")},
              ["run", "l.toml"], ("error", r"30:12", r"TOML syntax")))
    # A number in a string with a multi-byte character: echoed whole ('é'), never a lone byte.
    c.append(("8-multibyte-echo-in-number", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), "x = [0.05, 0.1]", 'x = [0.05, "1é"]')},
              ["run", "l.toml"], ("error", r"30:14", r"found 'é'")))
    return c


def item9():
    c = []
    # Item 9: gradcheck with a step of 1e-70 agrees (its precision is raised until decided); a step
    # too small to decide within the precision bound is refused as a usage error.
    c.append(("9-gradcheck-step-1e-70", {}, ["gradcheck", "001-4", "--step", "1e-70"],
              ("ok", [r"\n12 parameters: backprop and central differences agree"])))
    c.append(("9-gradcheck-graph-step-1e-70", {}, ["gradcheck", "002-1", "--step", "1e-70"], ("ok", [r"agree"])))
    c.append(("9-gradcheck-step-1e-2000", {}, ["gradcheck", "001-4", "--step", "1e-2000"],
              ("usage", r"^error: --step 1e-2000: too small to decide agreement within 4000 working digits")))
    return c


def item10():
    c = []
    # Item 10: values the lesson may not state.
    relu = replaced(lesson_text("001-2-network-3-4-3-1"), "derivative_at_zero = 1    #", "derivative_at_zero = 2    #")
    c.append(("10-relu-derivative-at-zero-2", {"l.toml": relu}, ["run", "l.toml"], ("error", r"24:\d+", r"\[0, 1\]")))
    c.append(("10-relu-derivative-at-zero-minus-5", {"l.toml": replaced(relu, "derivative_at_zero = 2    #", "derivative_at_zero = -5    #")},
              ["run", "l.toml"], ("error", r"24:\d+", r"\[0, 1\]")))
    leaky = replaced(lesson_text("001-3-activation-leaky-relu"), "derivative_at_zero = ", "derivative_at_zero = 99 #")
    c.append(("10-leaky-relu-derivative-at-zero-99", {"l.toml": leaky}, ["run", "l.toml"], ("error", r"\d+:\d+", r"between its two slopes")))
    c.append(("10-bce-target-minus-1", {"l.toml": replaced(lesson_text("001-5-vectorised-backprop-log-loss"), "y = [0]", "y = [-1]")},
              ["run", "l.toml"], ("error", r"\d+:\d+", r"\[0, 1\]")))
    c.append(("10-loss-constant-minus-half", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), 'constant = "1/2"', 'constant = "-1/2"')},
              ["run", "l.toml"], ("error", r"\d+:\d+", r"positive")))
    c.append(("10-bce-target-2", {"l.toml": replaced(lesson_text("001-5-vectorised-backprop-log-loss"), "y = [0]", "y = [2]")},
              ["run", "l.toml"], ("error", r"\d+:\d+", r"\[0, 1\]")))
    c.append(("10-loss-constant-0", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), 'constant = "1/2"', "constant = 0")},
              ["run", "l.toml"], ("error", r"\d+:\d+", r"positive")))
    c.append(("10-graph-relu-convention-2", {"l.toml": graph_lesson(["f = relu(x)"], ["0"], graph_extra="relu_derivative_at_zero = 2\n")},
              ["run", "l.toml"], ("error", r"\d+:\d+", r"")))
    return c


# The items whose reproducers pass; an item joins when it is fixed.
ITEMS = [item1, item2, item4, item5, item8, item9, item10]


def cases():
    return [case for item in ITEMS for case in item()]


def home_of(files, where):
    """A case with its own lessons/ folder is its own library."""
    return where if any(p.startswith("lessons/") for p in files) else SOURCE


def guarded(argv, cwd, home, sanitized):
    env = dict(os.environ, BPTRACE_HOME=home, NO_COLOR="1")
    if sanitized:
        env["ASAN_OPTIONS"] = env.get("ASAN_OPTIONS", "") + ":hard_rss_limit_mb=%d" % ASAN_GUARD_MEGABYTES
        preexec = None
    else:
        def preexec():
            limit = GUARD_MEGABYTES << 20
            resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    try:
        p = subprocess.run(argv, cwd=cwd, env=env, capture_output=True, timeout=GUARD_SECONDS, preexec_fn=preexec)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    except subprocess.TimeoutExpired:
        return None, "", "killed by the guard after %d s" % GUARD_SECONDS


def materialise(files, where):
    for rel, text in files.items():
        path = os.path.join(where, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "w", encoding="utf-8") as f:
            f.write(text)


def judge(expect, status, out, err, check=None):
    """None when the outcome is what the case expects, else why not."""
    if status is None or status < 0:
        return "killed (status %s): %s" % (status, err[-400:])
    if "internal" in err:
        return "an internal error: " + err[-400:]
    if expect[0] == "usage":
        lines = err.splitlines()
        if status != 2 or len(lines) != 1 or not re.search(expect[1], lines[0]):
            return "expected exit 2 and one line /%s/, found %s: %s" % (expect[1], status, err[-400:])
        return None
    if expect[0] == "error":
        if status != 2:
            return "expected exit 2, found %d: %s" % (status, err[-400:])
        lines = err.splitlines()
        if len(lines) != 1 or not re.match(r"error: [^:]+:" + expect[1] + r": ", lines[0]):
            return "expected one error line at %s, found: %s" % (expect[1], err[-400:])
        if not re.search(expect[2], lines[0]):
            return "the message does not say /%s/: %s" % (expect[2], lines[0][:400])
        return None
    wanted = 0 if expect[0] == "ok" else expect[1]
    if status != wanted:
        return "expected exit %d, found %d: %s" % (wanted, status, err[-400:])
    for pattern in expect[-1]:
        if not re.search(pattern, out):
            return "stdout lacks /%s/" % pattern
    return check(out) if check else None


def bench(binary, selected):
    print("%-36s %8s %10s %6s" % ("reproducer", "wall s", "peak MB", "exit"))
    for name, files, args, *_ in selected:
        with tempfile.TemporaryDirectory() as where:
            materialise(files, where)
            t0 = time.monotonic()
            p = subprocess.run(["/usr/bin/time", "-v", binary] + args, cwd=where, capture_output=True,
                               env=dict(os.environ, BPTRACE_HOME=home_of(files, where), NO_COLOR="1"))
            wall = time.monotonic() - t0
            m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", p.stderr.decode())
            peak = int(m.group(1)) / 1024 if m else float("nan")
            print("%-36s %8.2f %10.1f %6d" % (name, wall, peak, p.returncode), flush=True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("binary")
    ap.add_argument("--sanitized", action="store_true")
    ap.add_argument("--bench", action="store_true")
    ap.add_argument("--only", default="")
    a = ap.parse_args()
    binary = os.path.abspath(a.binary)
    selected = [c for c in cases() if a.only in c[0]]
    if a.bench:
        return bench(binary, selected)
    failures = 0
    for name, files, args, expect, *check in selected:
        where = tempfile.mkdtemp(prefix="bptrace-repro-")
        try:
            materialise(files, where)
            status, out, err = guarded([binary] + args, where, home_of(files, where), a.sanitized)
            why = judge(expect, status, out, err, *check)
            leftovers = sorted(set(os.listdir(where)) - {p.split("/")[0] for p in files})
            if why is None and leftovers:
                why = "files were written: %s" % leftovers
        finally:
            shutil.rmtree(where, ignore_errors=True)
        print("%-36s %s" % (name, "ok" if why is None else "FAILED: " + why), flush=True)
        failures += why is not None
    print("%d of %d reproducers failed" % (failures, len(selected)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
