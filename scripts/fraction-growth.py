#!/usr/bin/python3
"""Measures how the exact fractions of lesson 002-7 grow with training (docs/fraction-growth.md).

For T = 1..MAX it runs `bptrace run` on the lesson with T full-batch epochs, exact_digits lifted
so that nothing is turned into an enclosure, and only the last step traced; it reports the
digits of the largest numerator and denominator among the nine parameters bptrace reached after
T - 1 updates (the parameters of step T), and the wall time of the run.

  scripts/fraction-growth.py build/bptrace [--max 11]
"""
import argparse
import json
import pathlib
import re
import subprocess
import sys
import tempfile
import time

here = pathlib.Path(__file__).resolve().parent.parent
lesson = here / "lessons" / "002-7-xor-relu-gradient-descent.toml"


def lesson_with(epochs):
    text = lesson.read_text()
    text = re.sub(r"(?m)^epochs = .*$", f"epochs = {epochs}\nexact_digits = 100000000", text)
    text = re.sub(r"(?m)^detail_steps = .*$", "detail_steps = 1", text)
    text = re.sub(r"(?m)^final_loss = .*$", "final_loss = false", text)
    return text


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("bptrace")
    parser.add_argument("--max", type=int, default=11)
    args = parser.parse_args()
    print("| step T | largest numerator (digits) | largest denominator (digits) | growth of the denominator | run (s) |")
    print("|---:|---:|---:|---:|---:|")
    previous = None
    with tempfile.TemporaryDirectory() as tmp:
        for t in range(1, args.max + 1):
            path = pathlib.Path(tmp) / f"xor{t}.toml"
            path.write_text(lesson_with(t))
            start = time.perf_counter()
            out = subprocess.run([args.bptrace, "run", str(path), "--format", "json"],
                                 capture_output=True, text=True, check=True).stdout
            seconds = time.perf_counter() - start
            prefix = "" if t == 1 else f"step{t}."
            params = [s["value"] for s in json.loads(out)["steps"]
                      if re.fullmatch(re.escape(prefix) + r"layer\d\.[Wb]\[[\d,]+\]", s["name"])]
            assert len(params) == 9 and all(v["exact"] for v in params), t
            num = max(len(v["fraction"].split("/")[0].lstrip("-")) for v in params)
            den = max(len(v["fraction"].split("/")[1]) if "/" in v["fraction"] else 1 for v in params)
            growth = f"{den / previous:.3f}" if previous else ""
            print(f"| {t} | {num:,} | {den:,} | {growth} | {seconds:.2f} |", flush=True)
            previous = den


if __name__ == "__main__":
    sys.exit(main())
