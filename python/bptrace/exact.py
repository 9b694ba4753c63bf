"""Exact decimal text of binary floating-point numbers.

Every finite binary float is a dyadic rational m/2^k, and 1/2^k = 5^k/10^k, so its decimal
expansion terminates after k digits. These functions write that expansion in full, from the
float's exact value (fractions.Fraction), never from repr(), which gives only the shortest text
that rounds back to the same float.
"""
from decimal import Decimal
from fractions import Fraction
import math
import numbers

__all__ = ["exact_decimal", "exact_text", "to_fraction"]


def to_fraction(value):
    """The exact rational value of a number: a Python or NumPy int or float, a 0-d torch tensor
    or NumPy array (via .item()), a Fraction, a Decimal, or a string "0.05" / "1/3"."""
    if isinstance(value, bool):
        raise TypeError(f"expected a number, found a bool ({value!r})")
    if isinstance(value, (Fraction, int)):
        return Fraction(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} has no exact value: a lesson needs finite numbers")
        return Fraction(value)  # exact: the float's own dyadic rational
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"{value!r} has no exact value: a lesson needs finite numbers")
        return Fraction(value)
    if isinstance(value, str):
        return Fraction(value.strip())
    if hasattr(value, "item"):  # numpy scalar, 0-d array, 0-d torch tensor: its exact element
        return to_fraction(value.item())
    if isinstance(value, numbers.Rational):
        return Fraction(value.numerator, value.denominator)
    raise TypeError(f"expected a number, found {type(value).__name__} ({value!r})")


def _terminating_decimal(q):
    """The full decimal expansion of q, or None when it does not terminate."""
    den = q.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return None
    places = max(twos, fives)
    scaled = abs(q.numerator) * 10**places // q.denominator  # exact: q·10^places is an integer
    sign = "-" if q < 0 else ""
    if places == 0:
        return sign + str(scaled)
    digits = str(scaled).rjust(places + 1, "0")
    whole, frac = digits[:-places], digits[-places:].rstrip("0")
    return sign + whole + ("." + frac if frac else "")


def exact_decimal(value):
    """The exact decimal expansion of a float (or any number whose expansion terminates), in
    plain positional notation without an exponent: exact_decimal(0.1) is
    "0.1000000000000000055511151231257827021181583404541015625". A value whose expansion does
    not terminate (Fraction(1, 3)) is a ValueError; use exact_text for those. -0.0 is "0"."""
    q = to_fraction(value)
    text = _terminating_decimal(q)
    if text is None:
        raise ValueError(f"{q} has no terminating decimal expansion")
    return text


def exact_text(value):
    """The exact text of a number as bptrace reads it: its full decimal expansion when that
    terminates (every float's does), otherwise the fraction "n/d"."""
    q = to_fraction(value)
    text = _terminating_decimal(q)
    return text if text is not None else f"{q.numerator}/{q.denominator}"
