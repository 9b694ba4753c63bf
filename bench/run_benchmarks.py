#!/usr/bin/python3
"""Runs bptrace_bench and its Python counterparts once, checks that both sides computed the same
numbers, and prints the figures of BENCHMARKS.md (times and ratios) as Markdown.
  /usr/bin/python3 bench/run_benchmarks.py build/bptrace_bench [--xor-steps 10]
In-process figures are CPU seconds (the machine is shared); the subprocess figures (1, 2, 5's
`bptrace run`) are wall seconds, process start included."""
import argparse
import json
import pathlib
import subprocess
import sys

from mpmath import mp, mpf

HERE = pathlib.Path(__file__).resolve().parent


def lines_of(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return [line.split() for line in out.splitlines() if line.strip()]


def python(script, *args):
    return lines_of([sys.executable, str(HERE / script), *map(str, args)])


def agree(a, b, digits):
    """Two decimal strings agree to `digits` significant digits (relative difference)."""
    x, y = mpf(a), mpf(b)
    return x == y or abs(x - y) <= abs(y) * mpf(10) ** (-digits)


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "unknown"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bench")
    parser.add_argument("--xor-steps", type=int, default=10)
    args = parser.parse_args()
    mp.dps = 50
    failures = []

    print(f"Machine: {cpu_model()}; load average before the run {open('/proc/loadavg').read().split()[0]}")
    print()
    report = lines_of([args.bench, "--report", str(args.xor_steps)])
    cpp_xor = {int(r[1]): r[2:] for r in report if r[0] == "xor" and r[1].isdigit()}
    cpp_mlp = {r[1]: r[2] for r in report if r[0] == "mlp"}
    cpp_mazur = {int(r[2]): (r[4], r[6]) for r in report if r[0] == "mazur"}

    sympy = python("xor_sympy.py", "--steps", args.xor_steps)
    sympy_seconds = float(next(r[2] for r in sympy if r[0] == "sympy_xor_seconds"))
    sympy_rows = {int(r[1]): r[2:] for r in sympy if r[0] == "xor"}
    sympy_hash = next(r[2] for r in sympy if r[0] == "xor_final_hash")
    for step, (num, den) in sympy_rows.items():
        if cpp_xor[step][:2] != [num, den]:
            failures.append(f"xor step {step}: bits {cpp_xor[step][:2]} (bptrace) vs {[num, den]} (SymPy)")
    if cpp_xor[args.xor_steps][2] != sympy_hash:
        failures.append(f"xor final parameters differ: hash {cpp_xor[args.xor_steps][2]} vs {sympy_hash}")

    mlp = python("mlp_mpmath.py", "--dps", 30, "--repeat", 2)
    mpmath_mlp_seconds = float(next(r[1] for r in mlp if r[0] == "mpmath_mlp_seconds"))
    for r in mlp:
        if r[0] == "mlp" and not agree(cpp_mlp[r[1]], r[2], 20):
            failures.append(f"mlp {r[1]}: {cpp_mlp[r[1]]} (bptrace) vs {r[2]} (mpmath)")

    mazur = python("mazur_mpmath.py", "--dps", 20)
    mpmath_mazur_seconds = float(next(r[1] for r in mazur if r[0] == "mpmath_mazur_seconds"))
    mpmath_mazur_loss = next(r[2] for r in mazur if r[0] == "mazur")
    if not agree(cpp_mazur[20][1], mpmath_mazur_loss, 18):
        failures.append(f"mazur loss: {cpp_mazur[20][1]} (bptrace) vs {mpmath_mazur_loss} (mpmath)")

    out = subprocess.run([args.bench, "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    results = {b["name"]: b for b in json.loads(out)["benchmarks"]}

    def seconds(prefix, kind):
        b = next(v for k, v in results.items() if k.startswith(prefix))
        scale = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "s": 1.0}[b["time_unit"]]
        return b[kind] * scale, b

    library, library_b = seconds("BM_LibraryTest", "real_time")
    run001, _ = seconds("BM_RunLesson001_4", "real_time")
    mlp_double, _ = seconds("BM_MlpStepDouble", "cpu_time")
    mlp_step_interval, _ = seconds("BM_MlpStepInterval", "cpu_time")
    mlp_interval, mlp_interval_b = seconds("BM_MlpStepCertifiedInterval", "cpu_time")
    mlp_value, _ = seconds("BM_MlpStepCertifiedValue", "cpu_time")
    mlp_traced, mlp_traced_b = seconds("BM_MlpStepTracedEngine", "cpu_time")
    xor, _ = seconds(f"BM_XorExactSteps/{args.xor_steps}", "cpu_time")
    mazur20, mazur20_b = seconds("BM_MazurCertifiedKernel/20", "cpu_time")
    mazur30, mazur30_b = seconds("BM_MazurCertifiedKernel/30", "cpu_time")
    mazur_double, _ = seconds("BM_MazurDoubleKernel", "cpu_time")
    mazur_run, mazur_run_b = seconds("BM_RunMazurOldWeights", "real_time")

    def faster(ours, other, goal=None):
        """bptrace's speed against the other side's, and whether a "≥ goal× faster" is met."""
        ratio = other / ours
        text = f"{ratio:.1f}× faster" if ratio >= 1 else f"{1 / ratio:.1f}× slower"
        return text + ("" if goal is None else (" (met)" if ratio >= goal else " (missed)"))

    rows = [
        ("1", f"`bptrace test`, whole library (wall, exit {int(library_b['exit_status'])})", f"{library:.3f} s", "", ""),
        ("2", "`bptrace run 001-4` (wall)", f"{run001 * 1e3:.1f} ms", "", ""),
        ("3", f"MLP step in Interval at {int(mlp_interval_b['working_digits'])} working digits, no check, vs double",
         f"{mlp_step_interval * 1e3:.1f} ms", f"{mlp_double * 1e3:.3f} ms",
         f"{mlp_step_interval / mlp_double:.0f}× slower"),
        ("3", "MLP step certified to 30 digits (Interval) vs double", f"{mlp_interval * 1e3:.1f} ms",
         f"{mlp_double * 1e3:.3f} ms",
         f"{mlp_interval / mlp_double:.0f}× slower" + (" (met)" if mlp_interval / mlp_double <= 50 else " (missed: goal ≤ 50×)")),
        ("3", "MLP step certified to 30 digits (Interval) vs mpmath dps=30", f"{mlp_interval * 1e3:.1f} ms",
         f"{mpmath_mlp_seconds * 1e3:.1f} ms", faster(mlp_interval, mpmath_mlp_seconds, 50) + " (goal ≥ 50×)"),
        ("3", f"MLP step in Interval at {int(mlp_interval_b['working_digits'])} working digits, no check, vs mpmath dps=30",
         f"{mlp_step_interval * 1e3:.1f} ms", f"{mpmath_mlp_seconds * 1e3:.1f} ms", faster(mlp_step_interval, mpmath_mlp_seconds)),
        ("3", "MLP step certified to 30 digits (Value, the engine's number) vs mpmath dps=30", f"{mlp_value * 1e3:.1f} ms",
         f"{mpmath_mlp_seconds * 1e3:.1f} ms", faster(mlp_value, mpmath_mlp_seconds)),
        ("3", f"MLP step, traced engine (certified_trace, {int(mlp_traced_b['trace_steps'])} trace steps) vs mpmath dps=30",
         f"{mlp_traced:.2f} s", f"{mpmath_mlp_seconds:.2f} s", faster(mlp_traced, mpmath_mlp_seconds)),
        ("4", f"XOR, {args.xor_steps} exact full-batch steps (Rational kernel) vs SymPy", f"{xor * 1e3:.1f} ms",
         f"{sympy_seconds * 1e3:.0f} ms", faster(xor, sympy_seconds, 20) + " (goal ≥ 20×)"),
        ("5", f"Mazur 10,000 steps, kernel certified to 20 digits (working {int(mazur20_b['working_digits'])}) vs mpmath dps=20",
         f"{mazur20 * 1e3:.1f} ms", f"{mpmath_mazur_seconds * 1e3:.0f} ms", faster(mazur20, mpmath_mazur_seconds, 20) + " (goal ≥ 20×)"),
        ("5", f"Mazur, kernel certified to 30 digits (working {int(mazur30_b['working_digits'])}) vs mpmath dps=20",
         f"{mazur30 * 1e3:.1f} ms", f"{mpmath_mazur_seconds * 1e3:.0f} ms", faster(mazur30, mpmath_mazur_seconds)),
        ("5", f"Mazur, `bptrace run mazur-old-weights` (wall, exit {int(mazur_run_b['exit_status'])}) vs mpmath dps=20",
         f"{mazur_run * 1e3:.0f} ms", f"{mpmath_mazur_seconds * 1e3:.0f} ms", faster(mazur_run, mpmath_mazur_seconds, 20) + " (goal ≥ 20×)"),
        ("5", "Mazur, kernel in double (for scale)", f"{mazur_double * 1e3:.2f} ms", "", ""),
    ]
    print("| # | figure | bptrace | other side | ratio |")
    print("|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    print(f"Mazur error after 10,000 updates: bptrace {cpp_mazur[20][1]} (20 certified digits), "
          f"{cpp_mazur[30][1]} (30), mpmath {mpmath_mazur_loss}")
    print()
    print("| step | largest numerator (bits) | largest denominator (bits) |")
    print("|---|---|---|")
    for step in sorted(cpp_xor):
        print(f"| {step} | {cpp_xor[step][0]} | {cpp_xor[step][1]} |")
    print()
    print(f"XOR final parameters after {args.xor_steps} steps: FNV-1a {cpp_xor[args.xor_steps][2]} (bptrace), "
          f"{sympy_hash} (SymPy)")
    for f in failures:
        print("MISMATCH:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
