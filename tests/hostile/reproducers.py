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


# (name, files {relative path: text}, arguments, expectation)
# expectation: ("error", LINE_COLUMN_REGEX, MESSAGE_REGEX)  exit 2, one located error line
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


def item4():
    c = []
    # Item 4: tiny and huge certified values print without hanging, as certified digits.
    # σ(−1e8) = e^(−1e8)/(1 + e^(−1e8)) ≈ e^(−1e8) = 10^(−43429448.19...) (mpmath: 1.4e−43429449 order);
    # mpmath.exp(-10**8) = 1.0...e-43429449 (first digits checked below from mpmath at 30 digits).
    c.append(("4-sigmoid-minus-1e8", {"l.toml": graph_lesson(["f = sigmoid(x)"], ["-1e8"])},
              ["run", "l.toml"], ("ok", [r"f ≈ 7\.2337587\d*e−43429449"])))
    # softplus(−1e100) = log(1 + e^(−1e100)) ≈ e^(−1e100): 10^(−4.34e99), past the exponent bound.
    c.append(("4-softplus-minus-1e100", {"l.toml": graph_lesson(["f = softplus(x)"], ["-1e100"])},
              ["run", "l.toml"], ("error", r"11:\d+", r"exponent")))
    c.append(("4-exp-minus-1e9", {"l.toml": graph_lesson(["f = exp(x)"], ["-1000000000"])},
              ["run", "l.toml"], ("ok", [r"f ≈ 1\.0470386\d*e−434294482"])))
    lr = replaced(lesson_text("001-4-sigmoid-2-2-2"), "learning_rate = 0.5\nsteps = 1", "learning_rate = 1e300\nsteps = 3")
    c.append(("4-learning-rate-1e300-3-steps", {"l.toml": lr}, ["run", "l.toml"], ("ok", [r"step3\.|-- "])))
    w = replaced(lesson_text("001-5-vectorised-backprop-log-loss"), "weights = [[1, 0, -1],", "weights = [[-1e61, 0, -1],")
    c.append(("4-weight-minus-1e61-in-001-5", {"l.toml": w}, ["run", "l.toml"], ("ok", [r"e−"])))
    return c


def item5():
    c = []
    # Item 5: 100,000 numbers on one line (a located error: the network has 2 inputs).
    x = "[" + ", ".join(["1"] * 100000) + "]"
    c.append(("5-one-line-100000-numbers", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), "x = [0.05, 0.1]", "x = " + x)},
              ["run", "l.toml"], ("error", r"\d+:\d+", r"")))
    return c


def item8():
    c = []
    # Item 8: every error from a lesson has its place, none says internal.
    c.append(("8-exp-exp-exp", {"l.toml": graph_lesson(["f = exp(exp(exp(x*y)))"], ["2", "3"], inputs=["x", "y"])},
              ["run", "l.toml"], ("error", r"11:\d+", r"")))
    c.append(("8-exp-1e9", {"l.toml": graph_lesson(["f = exp(x)"], ["1000000000"])},
              ["run", "l.toml"], ("error", r"11:\d+", r"")))
    sp = replaced(lesson_text("001-4-sigmoid-2-2-2"), 'activation = "sigmoid"', 'activation = "softplus"')
    sp = replaced(sp, "bias = [0.35, 0.35]", "bias = [1e100, 0.35]")
    c.append(("8-softplus-layer-1e100", {"l.toml": sp}, ["run", "l.toml"], ("error", r"\d+:\d+", r"")))
    c.append(("8-power-zero-at-zero", {"l.toml": graph_lesson(["f = (x-2)^0"], ["2"])},
              ["run", "l.toml"], ("error", r"11:\d+", r"")))
    c.append(("8-log-softplus-minus-1e9", {"l.toml": graph_lesson(["f = log(softplus(x))"], ["-1e9"])},
              ["run", "l.toml"], ("ok", [r"f ≈ −1000000000"])))
    c.append(("8-unknown-notation", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), 'notation = "bracket"', 'notation = "brakcet"')},
              ["run", "l.toml"], ("error", r"6:12", r"notation")))
    c.append(("8-nul-in-string", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), 'notation = "bracket"', 'notation = "bra\\u0000cket"')},
              ["run", "l.toml"], ("error", r"6:\d+", r"\\u0000|U\+0000")))
    c.append(("8-multibyte-echo", {"l.toml": replaced(lesson_text("001-4-sigmoid-2-2-2"), "x = [0.05, 0.1]", "x = [0.05, é]")},
              ["run", "l.toml"], ("error", r"\d+:\d+", r"")))
    return c


def item9():
    c = []
    # Item 9: gradcheck with a step of 1e-70 agrees (its precision is raised until decided).
    c.append(("9-gradcheck-step-1e-70", {}, ["gradcheck", "001-4", "--step", "1e-70"], ("ok", [r"agree"])))
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
ITEMS = [item1, item2, item5, item10]


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


def judge(expect, status, out, err):
    """None when the outcome is what the case expects, else why not."""
    if status is None or status < 0:
        return "killed (status %s): %s" % (status, err[-400:])
    if "internal" in err:
        return "an internal error: " + err[-400:]
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
    return None


def bench(binary, selected):
    print("%-36s %8s %10s %6s" % ("reproducer", "wall s", "peak MB", "exit"))
    for name, files, args, _ in selected:
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
    for name, files, args, expect in selected:
        where = tempfile.mkdtemp(prefix="bptrace-repro-")
        try:
            materialise(files, where)
            status, out, err = guarded([binary] + args, where, home_of(files, where), a.sanitized)
            why = judge(expect, status, out, err)
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
