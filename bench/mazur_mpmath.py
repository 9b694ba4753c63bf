#!/usr/bin/python3
"""Benchmark 5's counterpart: Matt Mazur's 10,000 steps (lessons/mazur-old-weights.toml: 2-2-2
sigmoid, one bias per layer never updated, E = sum 1/2 (target - output)^2, eta = 1/2, the hidden
layer back-propagated through the old weights) in mpmath at mp.dps digits. Prints the seconds and
the error after the 10,000th update."""
import time

from mpmath import mp, mpf, exp

from bench_common import arguments


def sigma(z):
    return 1 / (1 + exp(-z))


def train(steps):
    x = [mpf("0.05"), mpf("0.10")]
    y = [mpf("0.01"), mpf("0.99")]
    W1 = [[mpf("0.15"), mpf("0.20")], [mpf("0.25"), mpf("0.30")]]
    W2 = [[mpf("0.40"), mpf("0.45")], [mpf("0.50"), mpf("0.55")]]
    b1, b2, eta = mpf("0.35"), mpf("0.60"), mpf("0.5")

    def forward():
        h = [sigma(W1[j][0] * x[0] + W1[j][1] * x[1] + b1) for j in range(2)]
        o = [sigma(W2[k][0] * h[0] + W2[k][1] * h[1] + b2) for k in range(2)]
        return h, o

    for _ in range(steps):
        h, o = forward()
        d2 = [(o[k] - y[k]) * o[k] * (1 - o[k]) for k in range(2)]
        d1 = [(W2[0][j] * d2[0] + W2[1][j] * d2[1]) * h[j] * (1 - h[j]) for j in range(2)]  # old W2
        W2 = [[W2[k][j] - eta * d2[k] * h[j] for j in range(2)] for k in range(2)]
        W1 = [[W1[j][i] - eta * d1[j] * x[i] for i in range(2)] for j in range(2)]
    _, o = forward()
    return sum((o[k] - y[k]) ** 2 / 2 for k in range(2))


def main():
    args = arguments(dps=20, steps=10000)
    mp.dps = args.dps
    start = time.process_time()
    loss = train(args.steps)
    print(f"mpmath_mazur_seconds {time.process_time() - start:.6f}")
    print(f"mazur loss {mp.nstr(loss, args.dps)}")


if __name__ == "__main__":
    main()
