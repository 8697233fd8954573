#!/usr/bin/env python3
"""Writes Tests/GradCoreTests/Numerics/elementary_reference.tsv: arguments spread over each elementary
function's whole range, with the true value to 106 bits (computed with mpmath at 400 bits) as two Doubles.

grad's elementary functions are its own (the platform's libm differs between machines); the tests measure
their error in ulps against these values. Needs mpmath (`pip install mpmath`); the test suite does not run
this, it reads the file. Usage: scripts/numerics/elementary_reference.py > the .tsv file.
"""
import math
import random
import sys

import mpmath as mp

mp.mp.prec = 400
random.seed(20261204)


def log_uniform(low, high, count, signed=False):
    values = []
    for _ in range(count):
        v = math.exp(random.uniform(math.log(low), math.log(high)))
        values.append(-v if signed and random.random() < 0.5 else v)
    return values


def uniform(low, high, count):
    return [random.uniform(low, high) for _ in range(count)]


def sigmoid(x):
    return 1 / (1 + mp.exp(-x))


FUNCTIONS = {
    "exp": (mp.exp, uniform(-745, 709.7, 700) + uniform(-1, 1, 300) + log_uniform(1e-300, 1, 200, True)),
    "expm1": (mp.expm1, uniform(-40, 709.7, 500) + uniform(-1, 1, 300) + log_uniform(1e-300, 1, 300, True)),
    "tanh": (mp.tanh, uniform(-20, 20, 600) + log_uniform(1e-300, 1, 400, True)),
    "sigmoid": (sigmoid, uniform(-740, 40, 600) + uniform(-5, 5, 400)),
    "log": (mp.log, log_uniform(4.9e-324, 1.7e308, 800) + uniform(0.5, 2, 400)),
    "log1p": (mp.log1p, uniform(-1, 1, 400) + log_uniform(1e-300, 1e300, 400) + [-x for x in log_uniform(1e-300, 0.999, 200)]),
    "log10": (mp.log10, log_uniform(4.9e-324, 1.7e308, 800) + [10.0 ** n for n in range(-20, 23)]),
    "sin": (mp.sin, uniform(-10, 10, 500) + log_uniform(1e-300, 1e15, 500, True)),
    "cos": (mp.cos, uniform(-10, 10, 500) + log_uniform(1e-300, 1e15, 500, True)),
    "erf": (mp.erf, uniform(-6.5, 6.5, 700) + log_uniform(1e-300, 1, 300, True)),
}


def pow_cases():
    cases = []
    for _ in range(500):
        cases.append((math.exp(random.uniform(-5, 5)), random.uniform(-20, 20)))
    for _ in range(300):
        x = math.exp(random.uniform(-700, 700))
        cases.append((x, random.uniform(-700, 700) / max(abs(math.log(x)), 1e-3)))
    for _ in range(200):
        cases.append((random.uniform(-10, 10), float(random.randint(-60, 60))))
    cases += [(10.0, float(n)) for n in range(-22, 23)]
    return cases


def split(value):
    hi = float(value)
    lo = float(value - mp.mpf(hi)) if math.isfinite(hi) else 0.0
    return hi, lo


def main():
    out = sys.stdout
    out.write("# function\targument(s)\treference hi\treference lo (hex Doubles)\n")
    for name, (function, arguments) in FUNCTIONS.items():
        for x in arguments:
            value = function(mp.mpf(x))
            hi, lo = split(value)
            if not math.isfinite(hi):
                continue
            out.write(f"{name}\t{x.hex()}\t{hi.hex()}\t{lo.hex()}\n")
    for x, y in pow_cases():
        value = mp.power(mp.mpf(x), mp.mpf(y))
        if x < 0 and y != int(y):
            continue
        hi, lo = split(value)
        if not math.isfinite(hi) or hi == 0 or abs(hi) < 2.3e-308:
            continue
        out.write(f"pow\t{x.hex()},{y.hex()}\t{hi.hex()}\t{lo.hex()}\n")


if __name__ == "__main__":
    main()
