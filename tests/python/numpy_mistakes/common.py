"""A student's NumPy forward and backward pass of lesson 001-4 (2-2-2, sigmoid, ½·squared error),
as in docs/values-format.md, with one switch per classic mistake. Writes a values file."""
import json
import numpy as np


def run(path, sigma_twice=False, half_dropped=False, w_not_transposed=False):
    x, y = np.array([0.05, 0.1]), np.array([0.01, 0.99])
    W1, b1 = np.array([[0.15, 0.2], [0.25, 0.3]]), np.array([0.35, 0.35])
    W2, b2 = np.array([[0.4, 0.45], [0.5, 0.55]]), np.array([0.6, 0.6])
    sigma = lambda z: 1 / (1 + np.exp(-z))
    z1 = W1 @ x + b1; a1 = sigma(z1); z2 = W2 @ a1 + b2; a2 = sigma(z2)
    # The derivative of σ at z, from a = σ(z): a(1 − a); the mistake applies σ once more.
    dsigma = (lambda a: sigma(a) * (1 - sigma(a))) if sigma_twice else (lambda a: a * (1 - a))
    if half_dropped:   # L = Σ(a − y)², so ∂L/∂a = 2(a − y)
        loss = np.sum((a2 - y) ** 2); da2 = 2 * (a2 - y)
    else:              # L = ½Σ(a − y)², ∂L/∂a = a − y
        loss = 0.5 * np.sum((a2 - y) ** 2); da2 = a2 - y
    dz2 = da2 * dsigma(a2); dW2 = np.outer(dz2, a1)
    da1 = (W2 @ dz2) if w_not_transposed else (W2.T @ dz2)
    dz1 = da1 * dsigma(a1); dW1 = np.outer(dz1, x)
    values = {"loss": loss}
    for l, (z, a, dz, dW) in enumerate([(z1, a1, dz1, dW1), (z2, a2, dz2, dW2)], start=1):
        for j in range(2):
            values[f"layer{l}.z[{j + 1}]"], values[f"layer{l}.a[{j + 1}]"] = z[j], a[j]
            values[f"layer{l}.dz[{j + 1}]"] = dz[j]
            for i in range(2):
                values[f"layer{l}.dW[{j + 1},{i + 1}]"] = dW[j, i]
    with open(path, "w") as f:
        json.dump({"format": "bptrace-values", "version": 1, "dtype": "float64", "producer": "a student's NumPy",
                   "values": {k: float(v) for k, v in values.items()}}, f, indent=1)
