#!/usr/bin/python3
# The independent computation behind tests/data/grade/class-001-4.csv (tests/grade_test.cpp):
# lesson 001-4 (x = (0.05, 0.1), y = (0.01, 0.99), sigmoid 2-2-2, L = ½Σ(ŷ − y)², η = 1/2) worked
# with Python's decimal module at 50 digits, by the textbook equations and by making each classic
# mistake by hand. It does not run bptrace.
from decimal import Decimal as D, getcontext

getcontext().prec = 50
x = [D("0.05"), D("0.1")]
y = [D("0.01"), D("0.99")]
W1 = [[D("0.15"), D("0.2")], [D("0.25"), D("0.3")]]
b1 = [D("0.35"), D("0.35")]
W2 = [[D("0.4"), D("0.45")], [D("0.5"), D("0.55")]]
b2 = [D("0.6"), D("0.6")]
eta = D("0.5")


def sigma(z):
    return 1 / (1 + (-z).exp())


def forward():
    z1 = [W1[j][0] * x[0] + W1[j][1] * x[1] + b1[j] for j in range(2)]
    a1 = [sigma(z) for z in z1]
    z2 = [W2[k][0] * a1[0] + W2[k][1] * a1[1] + b2[k] for k in range(2)]
    a2 = [sigma(z) for z in z2]
    return z1, a1, z2, a2


z1, a1, z2, a2 = forward()
loss = sum((a2[k] - y[k]) ** 2 for k in range(2)) / 2
d2 = [(a2[k] - y[k]) * a2[k] * (1 - a2[k]) for k in range(2)]           # δ² = (ŷ − y)·σ'(z²)
dW2 = [[d2[k] * a1[j] for j in range(2)] for k in range(2)]
da1 = [W2[0][j] * d2[0] + W2[1][j] * d2[1] for j in range(2)]          # W²ᵀδ²
d1 = [da1[j] * a1[j] * (1 - a1[j]) for j in range(2)]
dW1 = [[d1[j] * x[i] for i in range(2)] for j in range(2)]

print("right:")
print("  loss", loss)
print("  layer2.dW[1,1]", dW2[0][0])
print("  layer2.dW[1,2]", dW2[0][1])
print("  layer2.db[1]", d2[0])
print("  layer1.dW[1,1]", dW1[0][0])
print("  step2.layer2.W[1,1]", W2[0][0] - eta * dW2[0][0])

print("mistake 2a (the ½ dropped): loss", 2 * loss, " layer2.dW[1,1]", 2 * dW2[0][0])
s = [sigma(a) for a in a2]                                              # σ(a) instead of σ(z)
print("mistake 3a (σ'(a)): layer2.dW[1,1]", (a2[0] - y[0]) * s[0] * (1 - s[0]) * a1[0])
print("mistake 4a (y − ŷ): layer2.dW[1,1]", -dW2[0][0])
print("mistake 4b (update added): step2.layer2.W[1,1]", W2[0][0] + eta * dW2[0][0])
print("mistake 8a (no η): step2.layer2.W[1,1]", W2[0][0] - dW2[0][0])
print("mistake 8b (η²): step2.layer2.W[1,1]", W2[0][0] - eta * eta * dW2[0][0])
print("mistake 6a (bias gradient forgotten): layer2.db[1] 0")
W2new = [[W2[k][j] - eta * dW2[k][j] for j in range(2)] for k in range(2)]
da1_new = W2new[0][0] * d2[0] + W2new[1][0] * d2[1]
print("mistake 1 (new W²): layer1.dW[1,1]", da1_new * a1[0] * (1 - a1[0]) * x[0])
print("mistake 10 (one path, via z²_1): layer1.dW[1,1]", W2[0][0] * d2[0] * a1[0] * (1 - a1[0]) * x[0])
