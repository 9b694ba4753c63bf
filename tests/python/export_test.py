#!/usr/bin/env python3
"""Tests of python/bptrace's export_lesson against PyTorch and the bptrace binary.

Usage: export_test.py BPTRACE   (Debian: python3-torch, python3-numpy; exit 77 = skipped without torch)

Round trip: a torch model is exported, `bptrace run LESSON --format json --digits 30` computes the
exact/certified trace of the very numbers the model holds, and torch's own float64 forward values
(z, a, loss), gradients (∂L/∂z, ∂L/∂x, ∂L/∂W, ∂L/∂b) and SGD updates lie within the float error
bound below of bptrace's values. The bound for a float64 value t of an exact value e is
    |t − e| ≤ 1e-12·|e| + 1e-15
(relative 1e-12, about 4500 units of float64's unit roundoff 2^-53 ≈ 1.1e-16, ample for these
depth-3, width-4 networks; the absolute 1e-15 admits values that cancel to near 0). The lesson's
numbers are checked to be the model's floats exactly: Fraction(text) == Fraction(value) and
float(Decimal(text)) == value, for float64 and for float32 (float32(value)).
"""
import collections
import copy
from decimal import Decimal
from fractions import Fraction
import json
import os
import subprocess
import sys
import tempfile
import tomllib
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "..", "python"))

try:
    import torch
    import numpy
except ImportError as e:
    print(f"SKIP: {e.name} is not installed (Debian packages python3-torch, python3-numpy; "
          "scripts/dev test installs them)")
    sys.exit(77)

import bptrace  # noqa: E402
from bptrace import export_lesson, UnsupportedLayerError, UnsupportedLossError, ExportError  # noqa: E402

BPTRACE = None
RELATIVE, ABSOLUTE = Fraction(1, 10**12), Fraction(1, 10**15)
# case -> [values compared, max relative error, values within the bound only by its absolute term]
FIGURES = collections.defaultdict(lambda: [0, Fraction(0), 0])
nn = torch.nn


def run_json(lesson_path):
    run = subprocess.run([BPTRACE, "run", lesson_path, "--format", "json", "--digits", "30"],
                         capture_output=True, text=True)
    if run.returncode != 0:
        raise AssertionError(f"bptrace run {lesson_path}: exit {run.returncode}: {run.stderr.strip()}")
    values = {}
    for step in json.loads(run.stdout)["steps"]:
        v = step["value"]
        values[step["name"]] = Fraction(v["fraction"]) if v["exact"] else Fraction(Decimal(v["digits"]))
    return values


def torch_trace(model, x, y, loss_fn, lr, steps, loss_scale=1):
    """What torch computes, in float64, under bptrace's canonical names (bptrace.recorded_values):
    per sample and layer z, a, ∂L/∂a, ∂L/∂z; ∂L/∂x; the loss; ∂L/∂W, ∂L/∂b; and the same again
    after each SGD update. The activation a torch loss folds in (CrossEntropyLoss's softmax,
    BCEWithLogitsLoss's sigmoid) or LogSoftmax's softmax is not recorded; it is computed here from
    the recorded z, for comparison only."""
    out = bptrace.recorded_values(model, x, y, loss_fn, lr=lr, steps=steps, loss_scale=loss_scale)
    folded = (torch.softmax if isinstance(loss_fn, nn.CrossEntropyLoss) or isinstance(model[-1], nn.LogSoftmax)
              else torch.sigmoid if isinstance(loss_fn, nn.BCEWithLogitsLoss) else None)
    if folded is None:
        return out
    last = sum(isinstance(m, nn.Linear) for m in model)
    outputs = collections.defaultdict(dict)  # "step2.sample1." -> {j: z_j}
    for name, v in out.items():
        head, sep, tail = name.partition(f"layer{last}.z[")
        if sep and "." not in tail:
            outputs[head][int(tail[:-1])] = v
    for head, z in outputs.items():
        zs = torch.tensor([z[j] for j in sorted(z)], dtype=torch.float64)
        a = torch.softmax(zs, dim=-1) if folded is torch.softmax else torch.sigmoid(zs)
        for j in sorted(z):
            out[f"{head}layer{last}.a[{j}]"] = a[j - 1].item()
    return out


def float64_mlp(widths, activations, seed):
    """A float64 model whose parameters use all 53 bits (not float32 values widened)."""
    g = torch.Generator().manual_seed(seed)
    modules = []
    for (n_in, n_out), act in zip(zip(widths, widths[1:]), activations):
        lin = nn.Linear(n_in, n_out).double()
        with torch.no_grad():
            lin.weight.copy_(torch.randn(n_out, n_in, generator=g, dtype=torch.float64) / n_in**0.5)
            lin.bias.copy_(torch.randn(n_out, generator=g, dtype=torch.float64) * 0.3)
        modules.append(lin)
        if act is not None:
            modules.append(act)
    return nn.Sequential(*modules)


def lesson_numbers(lesson):
    """Every number of a parsed lesson with where it stands: (place, text)."""
    for l, layer in enumerate(lesson["layer"], start=1):
        for j, row in enumerate(layer["weights"], start=1):
            for i, text in enumerate(row, start=1):
                yield f"layer{l}.W[{j},{i}]", text
        for j, text in enumerate(layer["bias"], start=1):
            yield f"layer{l}.b[{j}]", text
    for k, sample in enumerate(lesson["sample"], start=1):
        for i, text in enumerate(sample["x"], start=1):
            yield f"sample{k}.x[{i}]", text


class Case(unittest.TestCase):
    def export_and_compare(self, label, model, x, y, loss_fn, lr=None, steps=1, **kw):
        """Export, run bptrace, compare with what torch computes (bptrace.recorded_values); return
        (the lesson, bptrace's values)."""
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "exported.toml")
            export_lesson(model, x, y, loss_fn, lr=lr, steps=steps, path=path, **kw)
            with open(path, "rb") as f:
                lesson = tomllib.load(f)
            exact = run_json(path)
        # The torch run starts from the parameters that were exported (torch_trace updates them).
        want = torch_trace(model, x, y, loss_fn, lr, steps, kw.get("loss_scale", 1))
        missing = sorted(set(want) - set(exact))
        self.assertEqual(missing, [], f"{label}: quantities torch computed that bptrace's trace lacks")
        figures = FIGURES[label]
        for name, t in want.items():
            e = exact[name]
            diff = abs(Fraction(t) - e)
            self.assertLessEqual(diff, RELATIVE * abs(e) + ABSOLUTE,
                                 f"{label}: {name}: torch {t!r}, bptrace {float(e)!r}")
            figures[0] += 1
            figures[2] += diff > RELATIVE * abs(e)
            if e != 0:
                figures[1] = max(figures[1], diff / abs(e))
        return lesson, exact

    # (1) The 3-layer MLP: tanh, sigmoid, softmax with cross-entropy, a batch, two steps.
    def test_mlp_tanh_sigmoid_softmax_cross_entropy(self):
        model = float64_mlp([3, 4, 3, 2], [nn.Tanh(), nn.Sigmoid(), None], seed=20)
        g = torch.Generator().manual_seed(1)
        x = torch.randn(4, 3, generator=g, dtype=torch.float64)
        y = torch.tensor([0, 1, 1, 0])
        originals = {f"layer{l}": (lin.weight.detach().clone(), lin.bias.detach().clone())
                     for l, lin in enumerate([m for m in model if isinstance(m, nn.Linear)], start=1)}
        lesson, exact = self.export_and_compare("3-4-3-2 tanh/sigmoid/softmax+CE, batch 4, 2 steps",
                                                model, x, y, nn.CrossEntropyLoss(), lr=0.25, steps=2)
        self.assertEqual([layer["activation"] for layer in lesson["layer"]], ["tanh", "sigmoid", "softmax"])
        self.assertEqual(lesson["loss"], {"kind": "cross_entropy", "constant": "1", "outputs": "sum", "batch": "mean"})
        self.assertEqual(len(lesson["sample"]), 4)
        self.assertEqual([s["y"] for s in lesson["sample"]], [["1", "0"], ["0", "1"], ["0", "1"], ["1", "0"]])
        self.assertEqual(Fraction(lesson["training"]["learning_rate"]), Fraction(1, 4))
        # Parameters and inputs exported exactly: the text is the float, digit for digit.
        expected = {}
        for layer, (w, b) in originals.items():
            for j, row in enumerate(w.tolist(), start=1):
                for i, v in enumerate(row, start=1):
                    expected[f"{layer}.W[{j},{i}]"] = v
            for j, v in enumerate(b.tolist(), start=1):
                expected[f"{layer}.b[{j}]"] = v
        for k, row in enumerate(x.tolist(), start=1):
            for i, v in enumerate(row, start=1):
                expected[f"sample{k}.x[{i}]"] = v
        numbers = dict(lesson_numbers(lesson))
        self.assertEqual(set(numbers), set(expected))
        long_ones = 0
        for place, text in numbers.items():
            self.assertIsInstance(text, str, place)
            self.assertEqual(Fraction(text), Fraction(expected[place]), place)
            self.assertEqual(float(Decimal(text)), expected[place], place)
            long_ones += len(text.lstrip("-").split(".")[-1]) > 17  # more digits than repr() would give
        self.assertGreater(long_ones, len(numbers) // 2, "full-precision float64 values expected")
        # bptrace's own given values are the lesson's, hence the floats themselves.
        for l, (w, b) in enumerate(originals.values(), start=1):
            self.assertEqual(exact[f"layer{l}.W[1,1]"], Fraction(w[0, 0].item()))
            self.assertEqual(exact[f"layer{l}.b[1]"], Fraction(b[0].item()))

    # (2) float32: each number is its float32 value's expansion, not a float64 neighbour's.
    def test_float32_exact_expansion(self):
        torch.manual_seed(32)
        model = nn.Sequential(nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 2), nn.Sigmoid())
        with torch.no_grad():
            model[0].weight.copy_(torch.tensor([[0.1, -0.2], [0.3, 0.7], [-1.1, 0.05]]))
            model[0].bias.copy_(torch.tensor([0.01, -0.5, 1 / 3]))
        x = torch.tensor([[0.1, 0.2], [-0.3, 1.7]], dtype=torch.float32)
        y = torch.tensor([[0.0, 1.0], [1.0, 0.0]], dtype=torch.float32)
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "f32.toml")
            text = export_lesson(model, x, y, nn.MSELoss(), lr=0.5, path=path)
            lesson = tomllib.loads(text)
            run = subprocess.run([BPTRACE, "run", path], capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            exact = run_json(path)
        self.assertEqual(lesson["layer"][0]["weights"][0][0], "0.100000001490116119384765625")  # float32(0.1)
        self.assertEqual(lesson["layer"][0]["bias"][2], "0.3333333432674407958984375")          # float32(1/3)
        self.assertEqual(lesson["sample"][1]["x"][1], "1.7000000476837158203125")               # float32(1.7)
        checked = 0
        for place, text in lesson_numbers(lesson):
            l_or_s, _, idx = place.partition(".")
            if place.startswith("layer"):
                layer = model[2 * (int(l_or_s[5:]) - 1)]
                name, ij = idx.split("[")
                ij = [int(v) - 1 for v in ij.rstrip("]").split(",")]
                value = (layer.weight[ij[0], ij[1]] if name == "W" else layer.bias[ij[0]]).item()
            else:
                k, i = int(l_or_s[6:]) - 1, int(idx[2:-1]) - 1
                value = x[k, i].item()
            f32 = numpy.float32(value)
            self.assertEqual(Fraction(text), Fraction(float(f32)), place)
            self.assertEqual(numpy.float32(Decimal(text)), f32, place)
            self.assertEqual(float(Decimal(text)), value, place)
            self.assertLessEqual(len(text.lstrip("-").split(".")[-1]), 149, place)  # float32: at most 149 places
            checked += 1
        self.assertEqual(checked, 6 + 3 + 6 + 2 + 4)
        self.assertEqual(exact["layer1.W[1,1]"], Fraction(float(numpy.float32(0.1))))
        # torch's own float32 run: within a float32 bound (relative 1e-5, about 170 units of float32's
        # unit roundoff 2^-24 ≈ 6e-8) of bptrace's trace of the same float32 numbers.
        want = torch_trace(copy.deepcopy(model), x, y, nn.MSELoss(), 0.5, 1)
        figures = FIGURES["float32 2-3-2 tanh/sigmoid+MSE, torch in float32 (bound 1e-5|e| + 1e-7)"]
        for name, t in want.items():
            e, diff = exact[name], abs(Fraction(t) - exact[name])
            self.assertLessEqual(diff, Fraction(1, 10**5) * abs(e) + Fraction(1, 10**7), f"{name}: {t!r} vs {float(e)!r}")
            figures[0] += 1
            figures[2] += diff > Fraction(1, 10**5) * abs(e)
            if e != 0:
                figures[1] = max(figures[1], diff / abs(e))
        # The float32 model's numbers, widened exactly to float64, computed by torch in float64:
        # within the float64 bound of bptrace's trace of the exported float32 values.
        wide = nn.Sequential(*[m for m in model]).double()
        self.export_and_compare("float32 2-3-2 tanh/sigmoid+MSE (widened to float64)",
                                wide, x.double(), y.double(), nn.MSELoss(), lr=0.5)

    # (1b) The other layers and losses bptrace supports, each compared with torch.
    def test_supported_layers_and_losses(self):
        g = torch.Generator().manual_seed(7)
        x = torch.randn(3, 3, generator=g, dtype=torch.float64)
        values = torch.rand(3, 2, generator=g, dtype=torch.float64)
        cases = [
            ("relu/identity + MSE mean", [nn.ReLU(), None], nn.MSELoss(), values, {}),
            ("leaky_relu/sigmoid + MSE sum x 1/2", [nn.LeakyReLU(0.1), nn.Sigmoid()], nn.MSELoss(reduction="sum"),
             values, {"loss_scale": Fraction(1, 2)}),
            ("softplus/sigmoid + BCE", [nn.Softplus(), nn.Sigmoid()], nn.BCELoss(), values, {}),
            ("tanh/logits + BCEWithLogits sum", [nn.Tanh(), None], nn.BCEWithLogitsLoss(reduction="sum"), values, {}),
            ("tanh/identity + L1", [nn.Tanh(), nn.Identity()], nn.L1Loss(), values, {}),
            ("sigmoid/LogSoftmax + NLL", [nn.Sigmoid(), nn.LogSoftmax(dim=1)], nn.NLLLoss(),
             torch.tensor([1, 0, 1]), {}),
            ("tanh/softmax + MSE", [nn.Tanh(), nn.Softmax(dim=-1)], nn.MSELoss(), values, {}),
            ("tanh/logits + CE with class probabilities, sum", [nn.Tanh(), None], nn.CrossEntropyLoss(reduction="sum"),
             torch.softmax(values, dim=1), {}),
        ]
        for label, acts, loss_fn, y, kw in cases:
            with self.subTest(label):
                model = float64_mlp([3, 4, 2], acts, seed=len(label))
                self.export_and_compare(label, model, x, y, loss_fn, lr=0.125, **kw)
        # A single sample (x a vector), forward only.
        model = float64_mlp([3, 4, 2], [nn.Tanh(), nn.Sigmoid()], seed=3)
        self.export_and_compare("single sample, forward only", model, x[0], None, None)
        model = float64_mlp([3, 4, 3], [nn.Sigmoid(), None], seed=5)
        self.export_and_compare("single sample (x a vector), softmax+CE, class index 1, 2 steps", model, x[1],
                                torch.tensor(1), nn.CrossEntropyLoss(), lr=0.5, steps=2)

    # record: the values file (docs/values-format.md) holds torch's numbers exactly, under names
    # that the exported lesson's trace has, in float64 and in float32.
    def test_record_writes_exact_values_under_the_lessons_names(self):
        for dtype in (torch.float64, torch.float32):
            with self.subTest(str(dtype)):
                model = float64_mlp([3, 4, 2], [nn.Tanh(), nn.Sigmoid()], seed=7).to(dtype)
                x = torch.randn(2, 3, generator=torch.Generator().manual_seed(2), dtype=torch.float64).to(dtype)
                y = torch.tensor([[0.25, 0.75], [1.0, 0.0]], dtype=dtype)
                with tempfile.TemporaryDirectory() as tmp:
                    lesson_path, values_path = os.path.join(tmp, "mlp.toml"), os.path.join(tmp, "mlp.values.json")
                    export_lesson(model, x, y, nn.MSELoss(), lr=0.25, steps=2, path=lesson_path)
                    want = bptrace.recorded_values(copy.deepcopy(model), x, y, nn.MSELoss(), lr=0.25, steps=2)
                    bptrace.record(model, x, y, nn.MSELoss(), lr=0.25, steps=2, path=values_path, lesson="mlp")
                    with open(values_path, encoding="utf-8") as f:
                        document = json.load(f)
                    exact = run_json(lesson_path)
                self.assertEqual((document["format"], document["version"], document["lesson"]),
                                 ("bptrace-values", 1, "mlp"))
                self.assertEqual(document["dtype"], str(dtype).replace("torch.", ""))
                values = document["values"]
                self.assertEqual(set(values), set(want))
                self.assertEqual(sorted(set(values) - set(exact)), [], "recorded names the lesson lacks")
                # Per step: 2 samples x (z, a, da, dz of 4 + 2 units, and dx of 3) = 54, the loss, ∂L/∂W
                # and ∂L/∂b (12 + 8, 4 + 2), the updated W and b (26): 107; two steps: 214.
                self.assertEqual(len(values), 214)
                for name, text in values.items():
                    self.assertIsInstance(text, str, name)
                    self.assertEqual(Fraction(text), Fraction(want[name]), name)  # exact: no digit lost
                    if dtype == torch.float32:
                        self.assertEqual(float(numpy.float32(want[name])), want[name], f"{name} is not a float32")
                self.assertIn("step2.layer1.W[1,1]", values)
                self.assertIn("sample2.layer2.da[2]", values)

    # docs/values-format.md: its NumPy program writes a values file of lesson 001-4 that matches
    # bptrace's values, and the example file at the top of the page holds those very values.
    def test_values_format_documentation_example(self):
        with open(os.path.join(HERE, "..", "..", "docs", "values-format.md"), encoding="utf-8") as f:
            page = f.read()
        example = json.loads(page.split("```json\n")[1].split("```")[0])
        program = page.split("```python\n")[1].split("```")[0]
        with tempfile.TemporaryDirectory() as tmp:
            here = os.getcwd()
            os.chdir(tmp)
            try:
                exec(program, {})
                with open("001-4.values.json", encoding="utf-8") as f:
                    written = json.load(f)
            finally:
                os.chdir(here)
        self.assertEqual((written["format"], written["version"], written["dtype"]), ("bptrace-values", 1, "float64"))
        exact = run_json(os.path.join(HERE, "..", "..", "lessons", "001-4-sigmoid-2-2-2.toml"))
        self.assertEqual(len(written["values"]), 21)
        for name, v in written["values"].items():
            self.assertIn(name, exact)
            self.assertLessEqual(abs(Fraction(v) - exact[name]), RELATIVE * abs(exact[name]) + ABSOLUTE, name)
        # Each example value is read as the nearest float64, as the format says.
        for name, v in example["values"].items():
            self.assertEqual(float(Fraction(v)), written["values"][name], name)

    # (3) What bptrace cannot express is an error naming the module and its position, or the loss.
    def test_unsupported_layer_and_loss(self):
        x = torch.zeros(1, 4)
        for model, where, name in [
            (nn.Sequential(nn.Linear(4, 4), nn.Conv2d(1, 1, 1)), "model[1]", "Conv2d"),
            (nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Dropout(0.5), nn.Linear(4, 2)), "model[2]", "Dropout"),
            (nn.Sequential(nn.Linear(4, 4), nn.BatchNorm1d(4)), "model[1]", "BatchNorm1d"),
            (nn.Sequential(nn.Linear(4, 4), nn.Sequential(nn.Tanh(), nn.ELU())), "model[1][1]", "ELU"),
            (nn.Sequential(nn.Linear(4, 4), nn.Tanh(), nn.Sigmoid()), "model[2]", "Sigmoid"),
            (nn.Sequential(nn.Linear(4, 4), nn.Softmax(dim=1), nn.Linear(4, 2)), "model[1]", "Softmax"),
            (nn.Sequential(nn.Tanh(), nn.Linear(4, 2)), "model[0]", "Tanh"),
            (nn.Sequential(nn.Linear(4, 4), nn.Softplus(beta=2)), "model[1]", "Softplus"),
        ]:
            with self.subTest(name):
                with self.assertRaises(UnsupportedLayerError) as caught:
                    export_lesson(model, x, None, None)
                self.assertIsInstance(caught.exception, ValueError)
                self.assertIn(where, str(caught.exception))
                self.assertIn(name, str(caught.exception))
        with self.assertRaisesRegex(UnsupportedLayerError, "expected a torch.nn.Sequential.*found Linear"):
            export_lesson(nn.Linear(4, 2), x, None, None)
        model = nn.Sequential(nn.Linear(4, 2))
        y = torch.zeros(1, 2)
        for loss_fn, name in [(nn.HuberLoss(), "HuberLoss"), (nn.KLDivLoss(reduction="batchmean"), "KLDivLoss"),
                              (nn.MSELoss(reduction="none"), "reduction='none'"),
                              (nn.BCELoss(weight=torch.ones(2)), "weight"),
                              (nn.CrossEntropyLoss(label_smoothing=0.1), "label_smoothing")]:
            with self.subTest(name):
                with self.assertRaises(UnsupportedLossError) as caught:
                    export_lesson(model, x, y, loss_fn)
                self.assertIsInstance(caught.exception, ValueError)
                self.assertIn(name, str(caught.exception))
                self.assertIn(type(loss_fn).__name__, str(caught.exception))
        with self.assertRaisesRegex(UnsupportedLossError, "CrossEntropyLoss takes logits.*model\\[1\\] Softmax"):
            export_lesson(nn.Sequential(nn.Linear(4, 2), nn.Softmax(dim=1)), x, torch.tensor([1]), nn.CrossEntropyLoss())
        with self.assertRaisesRegex(ExportError, "optimizer SGD: momentum=0.9"):
            export_lesson(model, x, y, nn.MSELoss(), optimizer=torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9))
        with self.assertRaisesRegex(ExportError, "optimizer Adam"):
            export_lesson(model, x, y, nn.MSELoss(), optimizer=torch.optim.Adam(model.parameters()))
        with self.assertRaisesRegex(ExportError, "y: shape \\(1, 3\\), the model's output has shape \\(1, 2\\)"):
            export_lesson(model, x, torch.zeros(1, 3), nn.MSELoss())
        with self.assertRaisesRegex(ExportError, "nan"):
            export_lesson(model, torch.full((1, 4), float("nan")), y, nn.MSELoss())

    # (4) Exported lessons are accepted by `bptrace run` (exit 0): training from an SGD optimizer,
    # bias-free layers (bias = "none"), a float32 LeakyReLU slope.
    def test_run_accepts_exports(self):
        torch.manual_seed(4)
        model = nn.Sequential(nn.Linear(2, 3, bias=False), nn.LeakyReLU(0.2), nn.Linear(3, 1, bias=False))
        x = torch.tensor([[1.0, -2.0], [0.5, 0.25]])
        y = torch.tensor([[0.5], [-1.0]])
        with tempfile.TemporaryDirectory() as tmp:
            path = os.path.join(tmp, "nobias.toml")
            text = export_lesson(model, x, y, nn.MSELoss(), optimizer=torch.optim.SGD(model.parameters(), lr=0.1),
                                 steps=3, path=path, title='A "quoted" title\\ with a backslash', final_loss=True)
            lesson = tomllib.loads(text)
            self.assertNotIn("conventions", lesson)
            self.assertEqual([layer["bias"] for layer in lesson["layer"]], ["none", "none"])
            self.assertEqual(lesson["layer"][0]["alpha"], "0.20000000298023223876953125")  # float32(0.2)
            self.assertEqual(lesson["layer"][0]["derivative_at_zero"], lesson["layer"][0]["alpha"])
            self.assertEqual(lesson["lesson"]["title"], 'A "quoted" title\\ with a backslash')
            self.assertEqual(lesson["training"]["steps"], 3)
            for fmt in ("text", "json"):
                run = subprocess.run([BPTRACE, "run", path, "--format", fmt], capture_output=True, text=True)
                self.assertEqual(run.returncode, 0, run.stderr)
            self.assertIn("step4.loss", run_json(path))
        wide = nn.Sequential(*model).double()
        self.export_and_compare("2-3-1 leaky_relu, no biases, MSE, 3 SGD steps", wide, x.double(), y.double(),
                                nn.MSELoss(), lr=0.1, steps=3)


def main():
    global BPTRACE
    if len(sys.argv) < 2:
        sys.exit("usage: export_test.py BPTRACE [unittest options]")
    BPTRACE = sys.argv.pop(1)
    program = unittest.main(exit=False, verbosity=2)
    f32 = [k for k in FIGURES if "in float32" in k]
    float32 = {k: FIGURES.pop(k) for k in f32}
    for label, (n, worst, f) in float32.items():
        print(f"  {label}: {n} values, max relative error {float(worst):.3g}, {f} within the bound by its "
              "absolute term only")
    total = sum(n for n, _, _ in FIGURES.values())
    floor = sum(f for _, _, f in FIGURES.values())
    for label, (n, worst, f) in FIGURES.items():
        print(f"  {label}: {n} values, max relative error {float(worst):.3g}"
              + (f", {f} within the bound by its absolute term only" if f else ""))
    worst = max((w for _, w, _ in FIGURES.values()), default=0)
    print(f"{total} torch float64 values within |t - e| <= 1e-12|e| + 1e-15 of bptrace's exact/certified "
          f"values ({floor} by the absolute term only); max relative error {float(worst):.3g}")
    sys.exit(0 if program.result.wasSuccessful() else 1)


if __name__ == "__main__":
    main()
