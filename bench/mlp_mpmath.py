#!/usr/bin/python3
"""Benchmark 3's counterpart: one forward + backward + gradient-descent step of the 784-128-64-10
sigmoid MLP of bptrace_bench.cpp (same weights, input, target; L = 1/2 sum (a - y)^2, eta = 1/10)
in mpmath at mp.dps digits. Prints the seconds of the best run and the gradients --report prints."""

from mpmath import mp, mpf, exp

from bench_common import SplitMix64, arguments, best_time

WIDTHS = [784, 128, 64, 10]


def network(widths):
    random = SplitMix64(20260701)
    layers = []
    for l in range(1, len(widths)):
        W = [[mpf(n) / d for n, d in (random.weight() for _ in range(widths[l - 1]))] for _ in range(widths[l])]
        b = [mpf(n) / d for n, d in (random.weight() for _ in range(widths[l]))]
        layers.append((W, b))
    x = [mpf(n) / d for n, d in (random.pixel() for _ in range(widths[0]))]
    y = [mpf(1 if k == 3 else 0) for k in range(widths[-1])]
    return layers, x, y


def step(layers, x, y, learning_rate):
    """z = W a + b, a = sigma(z); delta^L = (a - y) a (1 - a); delta^l = (W^T delta) a (1 - a);
    dW = delta a^T; W -= eta dW, b -= eta delta. Returns the gradients and the updated layers."""
    activations = [x]
    for W, b in layers:
        a = activations[-1]
        z = [mp.fsum(w * ai for w, ai in zip(row, a)) + bj for row, bj in zip(W, b)]
        activations.append([1 / (1 + exp(-zj)) for zj in z])
    out = activations[-1]
    delta = [(ak - yk) * ak * (1 - ak) for ak, yk in zip(out, y)]
    gradients = [None] * len(layers)
    for l in range(len(layers) - 1, -1, -1):
        a = activations[l]
        gradients[l] = ([[dj * ai for ai in a] for dj in delta], delta)
        if l > 0:
            W = layers[l][0]
            delta = [mp.fsum(W[j][i] * delta[j] for j in range(len(delta))) * a[i] * (1 - a[i]) for i in range(len(a))]
    updated = [([[w - learning_rate * g for w, g in zip(row, grow)] for row, grow in zip(W, dW)],
                [bj - learning_rate * dj for bj, dj in zip(b, db)])
               for (W, b), (dW, db) in zip(layers, gradients)]
    return gradients, updated


def main():
    args = arguments(dps=30, repeat=3)
    mp.dps = args.dps
    layers, x, y = network(WIDTHS)
    eta = mpf(1) / 10
    seconds, (gradients, updated) = best_time(lambda: step(layers, x, y, eta), args.repeat)
    print(f"mpmath_mlp_seconds {seconds:.6f}")
    print(f"mlp dW3[1,1] {mp.nstr(gradients[2][0][0][0], 25)}")
    print(f"mlp dW2[1,1] {mp.nstr(gradients[1][0][0][0], 25)}")
    print(f"mlp dW1[1,1] {mp.nstr(gradients[0][0][0][0], 25)}")
    print(f"mlp W1[128,784] {mp.nstr(updated[0][0][127][783], 25)}")


if __name__ == "__main__":
    main()
