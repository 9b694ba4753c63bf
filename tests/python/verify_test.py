#!/usr/bin/env python3
"""Tests of `bptrace verify` against PyTorch runs and hand-written NumPy programs.

Usage: verify_test.py BPTRACE   (Debian: python3-torch, python3-numpy; exit 77 = skipped without torch)

Every expected figure is worked out here, independently of bptrace's verify: the exact values come
from `bptrace run --format json --digits 30` (the engine, already checked by the oracles), ulps
from NumPy's spacing, and the forward error bound from the README's rule re-implemented below with
Python's Fractions.
"""
from decimal import Decimal
from fractions import Fraction
import json
import math
import os
import re
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))
sys.path.insert(0, os.path.join(HERE, "numpy_mistakes"))

try:
    import torch
    import numpy
except ImportError as e:
    print(f"SKIP: {e.name} is not installed (Debian packages python3-torch, python3-numpy; "
          "scripts/dev test installs them)")
    sys.exit(77)

from bptrace import export_lesson, record, UnsupportedLayerError  # noqa: E402
import common as numpy_student  # noqa: E402

BPTRACE = None
LESSON_001_4 = os.path.join(HERE, "..", "..", "lessons", "001-4-sigmoid-2-2-2.toml")
nn = torch.nn
U = {"float64": Fraction(1, 2**53), "float32": Fraction(1, 2**24)}


def verify(lesson, values, *flags):
    return subprocess.run([BPTRACE, "verify", lesson, values, *flags], capture_output=True, text=True)


def exact_values(lesson):
    run = subprocess.run([BPTRACE, "run", lesson, "--format", "json", "--digits", "30"], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    out = {}
    for step in json.loads(run.stdout)["steps"]:
        v = step["value"]
        out[step["name"]] = Fraction(v["fraction"]) if v["exact"] else Fraction(Decimal(v["digits"]))
    return out


def report_rows(stdout):
    """{name: (verdict, ulps, tolerance ulps)} from verify's table."""
    rows = {}
    for line in stdout.splitlines():
        m = re.match(r"^(ok|OUT)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s", line)
        if m:
            rows[m.group(2)] = (m.group(1), float(m.group(3)), float(m.group(5)))
    return rows


def ulp(e, dtype):
    """The spacing of the dtype's numbers at e, from NumPy (not from bptrace)."""
    t = numpy.float64 if dtype == "float64" else numpy.float32
    return Fraction(float(numpy.spacing(abs(t(float(e))))))


def gamma(n, u):
    return n * u / (1 - n * u)


def mlp(dtype, seed=20):
    """The issue's 3-layer MLP (tanh, sigmoid, logits for softmax + cross-entropy); its float64
    parameters use all 53 bits."""
    g = torch.Generator().manual_seed(seed)
    modules = []
    for (n_in, n_out), act in zip([(3, 4), (4, 3), (3, 2)], [nn.Tanh(), nn.Sigmoid(), None]):
        lin = nn.Linear(n_in, n_out).double()
        with torch.no_grad():
            lin.weight.copy_(torch.randn(n_out, n_in, generator=g, dtype=torch.float64) / n_in**0.5)
            lin.bias.copy_(torch.randn(n_out, generator=g, dtype=torch.float64) * 0.3)
        modules += [lin] + ([act] if act else [])
    x = torch.randn(4, 3, generator=g, dtype=torch.float64)
    return nn.Sequential(*modules).to(dtype), x.to(dtype), torch.tensor([0, 1, 1, 0])


class Verify(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def export_and_record(self, dtype):
        model, x, y = mlp(dtype)
        lesson, values = self.path(f"mlp-{dtype}.toml"), self.path(f"mlp-{dtype}.values.json")
        export_lesson(model, x, y, nn.CrossEntropyLoss(), lr=0.25, steps=2, path=lesson)
        record(model, x, y, nn.CrossEntropyLoss(), lr=0.25, steps=2, path=values, lesson="mlp")
        return lesson, values

    def check_ulps_column(self, lesson, values, stdout, dtype):
        """The report's ulps are |recorded − exact|/ulp(exact), to one decimal (NumPy's spacing)."""
        exact = exact_values(lesson)
        with open(values) as f:
            recorded = json.load(f)["values"]
        rows = report_rows(stdout)
        self.assertEqual(set(rows), set(recorded))
        worst = 0
        for name, text in recorded.items():
            e = exact[name]
            ulps = float(abs(Fraction(text) - e) / ulp(e, dtype)) if e != 0 else None
            if ulps is not None and ulps < 1000:
                self.assertAlmostEqual(rows[name][1], ulps, delta=0.051, msg=name)
                worst = max(worst, ulps)
        return worst

    # (1) The MLP in float64, batch of 4, two SGD steps: every one of its 438 values is within
    # the float64 bound; the ulps column is the error measured independently.
    def test_pytorch_mlp_float64_verifies_clean(self):
        lesson, values = self.export_and_record(torch.float64)
        run = verify(lesson, values)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn("438 values: 438 within tolerance, 0 out of tolerance, 0 not in the lesson (skipped)", run.stdout)
        self.assertIn("u = 2^-53", run.stdout)
        worst = self.check_ulps_column(lesson, values, run.stdout, "float64")
        print(f"  float64 MLP: 438 values clean, worst error {worst:.1f} ulps")

    # (2) The same model in float32: clean under the float32 bound, and the report shows the ulps per
    # layer; under a float64-sized flat tolerance the same run is out of tolerance.
    def test_pytorch_mlp_float32_verifies_clean_and_shows_ulps(self):
        lesson, values = self.export_and_record(torch.float32)
        run = verify(lesson, values)
        self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
        self.assertIn("u = 2^-24", run.stdout)
        self.assertIn("ulps lost in float32 against the exact values, per layer:", run.stdout)
        for group in ("forward layer1", "forward layer2", "forward layer3", "loss", "backward layer3",
                      "backward layer1", "backward input", "update layer1"):
            self.assertRegex(run.stdout, rf"\n  {group} +\d+ +[0-9.e]+ +[0-9.e]+ ")
        worst = self.check_ulps_column(lesson, values, run.stdout, "float32")
        self.assertGreater(worst, 1)  # float32 does lose ulps here
        strict = verify(lesson, values, "--rtol", "1e-12")
        self.assertEqual(strict.returncode, 1)
        self.assertIn("OUT", strict.stdout)
        print(f"  float32 MLP: 438 values clean, worst error {worst:.1f} ulps")

    # (3) Three students' NumPy programs of lesson 001-4, each with one classic mistake: each is
    # named; the correct program verifies clean.
    def test_numpy_mistakes_are_named(self):
        good = self.path("good.json")
        numpy_student.run(good)
        self.assertEqual(verify(LESSON_001_4, good).returncode, 0)
        for switch, mistake, first in [
            ("sigma_twice", "mistake 3a: σ'(z) computed as σ(a)(1 − σ(a)): the activation applied twice", "layer2.dz[1]"),
            ("half_dropped", "mistake 2a: the ½ of the squared loss dropped", "loss"),
            ("w_not_transposed", "mistake 5a: W used where Wᵀ is needed", "layer1.dz[1]"),
        ]:
            with self.subTest(switch):
                path = self.path(f"{switch}.json")
                numpy_student.run(path, **{switch: True})
                run = verify(LESSON_001_4, path)
                self.assertEqual(run.returncode, 1, run.stdout + run.stderr)
                self.assertIn("every value agrees with " + mistake + "\n", run.stdout)
                self.assertEqual(report_rows(run.stdout)[first][0], "OUT")
                lines = run.stdout.splitlines()
                at = next(i for i, l in enumerate(lines) if re.match(rf"^OUT\s+{re.escape(first)}\s", l))
                self.assertIn("explained by " + mistake, lines[at + 1])
                # The forward pass is right in all three.
                self.assertEqual(report_rows(run.stdout)["layer1.z[1]"][0], "ok")

    def forward_bound(self, lesson_path, model, x, dtype):
        """The README's bound for z and a of a Linear–Tanh–Linear model, worked with Fractions:
        B(z1) = γ_{n+1}·(Σ|W x| + |b|) (x, W, b are floats: exact), B(a1) = |1 − a1²|·B(z1) + 4u|a1|,
        B(z2) = γ_{n+1}·(Σ|W a1| + |b|) + Σ|W|·B(a1), B(a2) = |1 − a2²|·B(z2) + 4u|a2|. Tolerance 2·B."""
        u, exact = U[dtype], exact_values(lesson_path)
        bounds = {}
        for k in range(1, x.shape[0] + 1):
            s = f"sample{k}."
            prev = {i: (exact[f"{s}input.x[{i}]"], Fraction(0)) for i in range(1, x.shape[1] + 1)}
            for l, lin in enumerate([m for m in model if isinstance(m, nn.Linear)], start=1):
                here = {}
                for j in range(1, lin.out_features + 1):
                    terms = sum(abs(exact[f"layer{l}.W[{j},{i}]"] * prev[i][0]) for i in prev) + abs(exact[f"layer{l}.b[{j}]"])
                    propagated = sum(abs(exact[f"layer{l}.W[{j},{i}]"]) * prev[i][1] for i in prev)
                    bz = gamma(len(prev) + 1, u) * terms + propagated
                    a = exact[f"{s}layer{l}.a[{j}]"]
                    ba = abs(1 - a * a) * bz + 4 * u * abs(a)
                    bounds[f"{s}layer{l}.z[{j}]"], bounds[f"{s}layer{l}.a[{j}]"] = 2 * bz, 2 * ba
                    here[j] = (a, ba)
                prev = here
        return exact, bounds

    # (4) Round trip: a model exported, `bptrace run` on the lesson, and the model's own forward values
    # (z, a of both layers, every sample) lie within the stated bound of the exact ones; verify states
    # that very bound as each value's tolerance.
    def test_round_trip_forward_values_within_the_stated_bound(self):
        for dtype in ("float64", "float32"):
            with self.subTest(dtype):
                g = torch.Generator().manual_seed(5)
                model = nn.Sequential(nn.Linear(3, 4), nn.Tanh(), nn.Linear(4, 2), nn.Tanh()).to(getattr(torch, dtype))
                with torch.no_grad():
                    for p in model.parameters():
                        p.copy_(torch.randn(p.shape, generator=g, dtype=torch.float64))
                x = torch.randn(3, 3, generator=g, dtype=torch.float64).to(getattr(torch, dtype))
                lesson, values = self.path(f"fwd-{dtype}.toml"), self.path(f"fwd-{dtype}.json")
                export_lesson(model, x, None, None, path=lesson)
                record(model, x, path=values)
                exact, bounds = self.forward_bound(lesson, model, x, dtype)
                with open(values) as f:
                    recorded = json.load(f)["values"]
                self.assertEqual(set(recorded), set(bounds))
                for name, text in recorded.items():
                    self.assertLessEqual(abs(Fraction(text) - exact[name]), bounds[name], name)
                run = verify(lesson, values)
                self.assertEqual(run.returncode, 0, run.stdout + run.stderr)
                for name, (_, _, tolerance_ulps) in report_rows(run.stdout).items():
                    want = float(bounds[name] / ulp(exact[name], dtype))
                    self.assertAlmostEqual(tolerance_ulps, want, delta=max(0.051, want * 1e-3), msg=name)

    # (5) A value moved a few ulps beyond its bound is out of tolerance; at the bound it is not.
    def test_value_beyond_the_bound_is_out_of_tolerance(self):
        model, x, _ = mlp(torch.float64)
        model = nn.Sequential(*list(model)[:2])  # Linear(3, 4), Tanh: the layer whose bound is worked above
        lesson, values = self.path("one.toml"), self.path("one.json")
        export_lesson(model, x, None, None, path=lesson)
        record(model, x, path=values)
        exact, bounds = self.forward_bound(lesson, model, x, "float64")
        name = "sample2.layer1.z[3]"
        e, t = exact[name], bounds[name]
        with open(values) as f:
            document = json.load(f)
        inside = float(e + t)
        if Fraction(inside) > e + t:
            inside = math.nextafter(inside, -math.inf)
        beyond = float(e + t)
        for _ in range(4):  # a few ulps past the bound
            beyond = math.nextafter(beyond, math.inf)
        for value, verdict, status in [(inside, "ok", 0), (beyond, "OUT", 1)]:
            document["values"][name] = repr(value)
            with open(values, "w") as f:
                json.dump(document, f)
            run = verify(lesson, values)
            self.assertEqual(run.returncode, status, run.stdout)
            self.assertEqual(report_rows(run.stdout)[name][0], verdict)
        self.assertIn("no catalogued mistake gives this value", run.stdout)

    # (6) Bad input: an unsupported layer (the Python side's error), a name the lesson lacks (reported
    # with its place and skipped: exit 1), a truncated file, a string that is not a number, NaN (exit 2,
    # one located message). A decimal number in a string is a value.
    def test_bad_input(self):
        with self.assertRaisesRegex(UnsupportedLayerError, r"model\[1\] Conv2d.*unsupported module Conv2d"):
            record(nn.Sequential(nn.Linear(4, 4), nn.Conv2d(1, 1, 1)), torch.zeros(1, 4), path=self.path("conv.json"))
        good = self.path("good.json")
        numpy_student.run(good)
        with open(good) as f:
            text = f.read()
        document = json.loads(text)

        def write(name, content):
            with open(self.path(name), "w") as f:
                f.write(content)
            return self.path(name)

        def place(content, needle):
            offset = content.index(needle)
            line = content.count("\n", 0, offset) + 1
            return line, offset - (content.rfind("\n", 0, offset) + 1) + 1

        document["values"]["layer9.z[1]"] = 0.5
        wrong = json.dumps(document, indent=1)
        run = verify(LESSON_001_4, write("wrong.json", wrong))
        self.assertEqual(run.returncode, 1)
        line, column = place(wrong, "0.5\n")
        self.assertIn(f"skipped  {self.path('wrong.json')}:{line}:{column}: $.values[\"layer9.z[1]\"]: "
                      "no quantity 'layer9.z[1]' in this lesson; did you mean", run.stdout)
        self.assertIn("22 values: 21 within tolerance, 0 out of tolerance, 1 not in the lesson (skipped)", run.stdout)

        truncated = text[: len(text) // 2]
        run = verify(LESSON_001_4, write("truncated.json", truncated))
        self.assertEqual((run.returncode, run.stdout), (2, ""))
        line, column = truncated.count("\n") + 1, len(truncated) - truncated.rfind("\n")
        self.assertRegex(run.stderr, rf"^error: {re.escape(self.path('truncated.json'))}:{line}:{column}: \$\.values: ")
        self.assertEqual(len(run.stderr.splitlines()), 1)

        del document["values"]["layer9.z[1]"]
        for value, ok in [("abc", False), ("0.3775", True), ("-3.775E-1", True), ("1/3", False), ("", False)]:
            with self.subTest(value):
                document["values"]["layer1.z[1]"] = value
                content = json.dumps(document, indent=1)
                run = verify(LESSON_001_4, write("string.json", content))
                if ok:
                    self.assertIn(run.returncode, (0, 1))  # read; -0.3775 is then out of tolerance
                    continue
                line, column = place(content, json.dumps(value) + ",")
                self.assertEqual(run.returncode, 2)
                self.assertTrue(run.stderr.startswith(
                    f"error: {self.path('string.json')}:{line}:{column}: $.values[\"layer1.z[1]\"]: expected a decimal number"),
                    run.stderr)
        document["values"]["layer1.z[1]"] = float("nan")
        content = json.dumps(document, indent=1)  # Python writes NaN, which is not JSON
        run = verify(LESSON_001_4, write("nan.json", content))
        self.assertEqual(run.returncode, 2)
        self.assertIn("NaN and Infinity are not JSON", run.stderr)


class EveryLesson(unittest.TestCase):
    # (7) The exact values of every network lesson, rounded to float64 or float32 (the best any
    # program can do, an error of at most ½ ulp), are within tolerance: no rule of the bound is
    # missing a rounding. A lesson that summarises training steps has values without a bound,
    # which verify skips, saying so. (Mazur's 10,000 steps are left out: slow.)
    def test_rounded_exact_values_verify_clean(self):
        lessons = sorted(f for f in os.listdir(os.path.join(HERE, "..", "..", "lessons"))
                         if f.endswith(".toml") and not f.startswith("mazur"))
        checked = 0
        with tempfile.TemporaryDirectory() as tmp:
            for name in lessons:
                lesson = os.path.join(HERE, "..", "..", "lessons", name)
                run = subprocess.run([BPTRACE, "run", lesson, "--format", "json", "--digits", "30"],
                                     capture_output=True, text=True)
                trace = json.loads(run.stdout)
                if not any(s["name"].startswith(("layer", "sample")) for s in trace["steps"]):
                    continue  # a computation graph
                for dtype, to_float in (("float64", float), ("float32", lambda q: float(numpy.float32(float(q))))):
                    values = {}
                    for step in trace["steps"]:
                        v = step["value"]
                        if not v["exact"] and not re.fullmatch(r"-?[0-9.]+(e-?[0-9]+)?", v["digits"]):
                            continue  # an undecided or incomplete enclosure
                        e = Fraction(v["fraction"]) if v["exact"] else Fraction(Decimal(v["digits"]))
                        f = to_float(e)
                        if math.isfinite(f):
                            values[step["name"]] = repr(f)
                    path = os.path.join(tmp, "v.json")
                    with open(path, "w") as f:
                        json.dump({"format": "bptrace-values", "version": 1, "dtype": dtype, "values": values}, f)
                    result = verify(lesson, path)
                    with self.subTest(f"{name} {dtype}"):
                        self.assertNotIn("\nOUT ", result.stdout)
                        self.assertEqual(result.stderr, "")
                        summarised = " without an error bound (skipped)" in result.stdout
                        self.assertEqual(result.returncode, 1 if summarised else 0, result.stdout[-400:])
                        checked += 1
        self.assertGreaterEqual(checked, 2 * 25)  # the 25 network lessons of today (without Mazur)
        print(f"  {checked // 2} network lessons, float64 and float32: rounded exact values within tolerance")


def main():
    global BPTRACE
    if len(sys.argv) < 2:
        sys.exit("usage: verify_test.py BPTRACE [unittest options]")
    BPTRACE = sys.argv.pop(1)
    program = unittest.main(exit=False, verbosity=2)
    sys.exit(0 if program.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
