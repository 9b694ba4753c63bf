#!/usr/bin/python3
"""Benchmark 4's counterpart: full-batch exact gradient-descent steps of lesson 002-7's XOR
network (relu with relu'(0) = 0, then identity; L = 1/(2n) sum (yhat - y)^2; eta = 1/10) in SymPy
Rationals. Prints the seconds of the run and, per step, the bits of the largest numerator and
denominator among the parameters, and the FNV-1a hash of the final fractions (as --report prints)."""
import sys
import time

from sympy import Rational as R

from bench_common import arguments, fnv1a

# The lesson's numbers (lessons/002-7-xor-relu-gradient-descent.toml).
W1 = [[R(1, 2), R(-1, 4)], [R(1, 3), R(1)]]
B1 = [R(1, 10), R(-1, 5)]
W2 = [[R(1), R(-1, 2)]]
B2 = [R(1, 4)]
SAMPLES = [((0, 0), 0), ((0, 1), 1), ((1, 0), 1), ((1, 1), 0)]
ETA = R(1, 10)


def step(W1, b1, W2, b2):
    n = len(SAMPLES)
    gW1 = [[R(0)] * 2 for _ in range(2)]
    gb1 = [R(0)] * 2
    gW2 = [[R(0)] * 2]
    gb2 = [R(0)]
    for x, y in SAMPLES:
        z1 = [W1[j][0] * x[0] + W1[j][1] * x[1] + b1[j] for j in range(2)]
        a1 = [z if z > 0 else R(0) for z in z1]
        z2 = W2[0][0] * a1[0] + W2[0][1] * a1[1] + b2[0]
        d2 = 2 * R(1, 2 * n) * (z2 - y)  # identity: g' = 1
        gb2[0] += d2
        for i in range(2):
            gW2[0][i] += d2 * a1[i]
        for j in range(2):
            d1 = W2[0][j] * d2 * (1 if z1[j] > 0 else 0)  # relu'(0) = 0
            gb1[j] += d1
            for i in range(2):
                gW1[j][i] += d1 * x[i]
    return ([[W1[j][i] - ETA * gW1[j][i] for i in range(2)] for j in range(2)],
            [b1[j] - ETA * gb1[j] for j in range(2)],
            [[W2[0][i] - ETA * gW2[0][i] for i in range(2)]],
            [b2[0] - ETA * gb2[0]])


def parameters(W1, b1, W2, b2):
    """Layer by layer: weights row by row, then biases (as parameters_text in bptrace_bench.cpp)."""
    return [q for row in W1 for q in row] + b1 + [q for row in W2 for q in row] + b2


def main():
    args = arguments(steps=10)
    state = (W1, B1, W2, B2)
    rows = []
    elapsed = 0.0
    for s in range(1, args.steps + 1):
        start = time.process_time()
        state = step(*state)
        elapsed += time.process_time() - start  # the hashing below is not timed
        ps = parameters(*state)
        rows.append((s, max(abs(q.p).bit_length() for q in ps), max(q.q.bit_length() for q in ps)))
    print(f"sympy_xor_seconds {args.steps} {elapsed:.6f}")
    for s, num, den in rows:
        print(f"xor {s} {num} {den}")
    # The final parameters' fractions, hashed (decimal strings of huge integers: not timed).
    sys.set_int_max_str_digits(0)
    text = "".join(f"{q.p}/{q.q}\n" for q in parameters(*state))
    print(f"xor_final_hash {args.steps} {fnv1a(text):016x}")


if __name__ == "__main__":
    main()
