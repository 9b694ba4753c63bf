"""Shared by the Python counterparts of bench/bptrace_bench.cpp: the same pseudo-random numbers,
the same hash, the same timing rule (the CPU seconds of the best of `repeat` runs, interpreter start excluded:
the machine is shared, and CPU time is what a shared machine does not inflate)."""
import argparse
import time

MASK = (1 << 64) - 1


class SplitMix64:
    """splitmix64, as SplitMix64 in bptrace_bench.cpp."""

    def __init__(self, seed):
        self.state = seed

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
        return z ^ (z >> 31)

    def weight(self):
        """(k, 1000), k uniform in [-100, 100]."""
        return self.next() % 201 - 100, 1000

    def pixel(self):
        """(k, 255), k in [1, 255]."""
        return self.next() % 255 + 1, 255


def fnv1a(text):
    h = 0xCBF29CE484222325
    for c in text.encode():
        h = ((h ^ c) * 0x100000001B3) & MASK
    return h


def best_time(compute, repeat):
    """(seconds of the fastest run, the last run's result)."""
    best, result = None, None
    for _ in range(repeat):
        start = time.process_time()
        result = compute()
        elapsed = time.process_time() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def arguments(**defaults):
    """The command line: one integer option per keyword (--dps 30, --steps 10, ...)."""
    parser = argparse.ArgumentParser()
    for name, value in defaults.items():
        parser.add_argument("--" + name, type=int, default=value)
    return parser.parse_args()
