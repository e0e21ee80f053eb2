"""Writing long CSV tables fast, with the bytes pandas would write.

``DataFrame.to_csv`` formats every float through Python (``"%.6g" % value``) and
assembles every row through the ``csv`` module: about 6 s per million rows of the
weekly tables. Here each column is formatted at once with NumPy into a matrix of
characters (one row per value, padded), and rows are assembled by masking out the
padding. Floats follow C's ``%.6g`` exactly: six significant digits rounded from the
exact binary value, fixed notation for exponents -4..5, scientific otherwise,
trailing zeros removed. The rare value whose seventh digit makes rounding a near tie
(and any infinity) is formatted by Python itself, so the bytes never differ;
tests/test_csv_format.py compares against pandas on real and adversarial tables.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

import numpy as np

Field = tuple[np.ndarray, np.ndarray]  # characters (values x width, uint8), lengths

_DIGITS = 6  # significant digits of "%.6g"
#: 10**k for k in -330..330, each correctly rounded (Python's float parser), for scaling.
_POWER_OFFSET = 330
_POWER_OF_TEN = np.array([float(f"1e{k}") for k in range(-_POWER_OFFSET, _POWER_OFFSET + 1)])
#: How close to a rounding tie (in units of the last digit) a value is left to Python.
_TIE_MARGIN = 1e-6
_ZERO, _DOT, _MINUS, _PLUS, _E = (ord(c) for c in "0.-+e")


def _csv_text(value: str) -> bytes:
    """One field as the csv module writes it (quoted only when it must be)."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([value])
    return buffer.getvalue()[:-1].encode()


def header(names: Sequence[str]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(list(names))
    return buffer.getvalue().encode()


def text_field(codes: np.ndarray, labels: Sequence[str]) -> Field:
    """Categories by code (a negative code is a missing value, written empty)."""
    encoded = [_csv_text(label) for label in labels] + [b""]
    width = max(1, max(len(e) for e in encoded))
    table = np.zeros((len(encoded), width), np.uint8)
    for row, text in enumerate(encoded):
        table[row, :len(text)] = np.frombuffer(text, np.uint8)
    lengths = np.array([len(e) for e in encoded])
    index = np.where(np.asarray(codes) < 0, len(labels), codes)
    return table[index], lengths[index]


def int_field(values: np.ndarray) -> Field:
    """Integers in decimal (digits by repeated division: NumPy's own int-to-text
    conversion costs twenty times more)."""
    values = np.asarray(values, dtype=np.int64)
    n = len(values)
    negative = values < 0
    absolute = np.abs(values).astype(np.uint64)
    places = len(str(int(absolute.max()))) if n else 1
    length = np.ones(n, np.int64)
    bound = np.uint64(1)
    for _ in range(places - 1):
        bound = bound * np.uint64(10)
        length += absolute >= bound
    sign = negative.astype(np.int64)
    chars = np.zeros((n, places + 1), np.uint8)
    chars[negative, 0] = _MINUS
    rows_ = np.arange(n)
    rest = absolute
    for k in range(places):  # the k-th digit from the right
        quotient = rest // np.uint64(10)
        digit = (rest - quotient * np.uint64(10)).astype(np.uint8) + _ZERO
        if k == 0:
            chars[rows_, sign + length - 1] = digit
        else:
            present = np.flatnonzero(length > k)
            chars[present, sign[present] + length[present] - 1 - k] = digit[present]
        rest = quotient
    return chars, length + sign


def float_field(values: np.ndarray) -> Field:
    """Each value as ``"%.6g" % float(value)`` (NaN empty, as pandas writes it)."""
    x = np.asarray(values, dtype=np.float64)
    n = len(x)
    chars = np.zeros((n, _WIDTH), np.uint8)
    lengths = np.zeros(n, np.int64)
    finite = np.isfinite(x)
    negative = np.signbit(x) & ~np.isnan(x)
    zero = x == 0
    magnitude = np.abs(np.where(finite, x, 1.0))
    # Numbers beyond 1e+-290 would overflow the scaling: Python formats those (never
    # seen in the model's tables, but the bytes must still be right).
    extreme = finite & ~zero & ((magnitude < 1e-290) | (magnitude > 1e290))
    normal = finite & ~zero & ~extreme
    exponent, mantissa, near_tie = _six_digits(np.where(normal, magnitude, 1.0))
    python = (normal & near_tie) | extreme | (~finite & ~np.isnan(x))
    digits, significant = _digit_characters(np.where(normal, mantissa, 10 ** (_DIGITS - 1)))
    _fill_by_layout(chars, lengths, np.nonzero(normal & ~python)[0], digits, significant,
                    exponent, negative)
    zeros = np.nonzero(zero)[0]
    chars[zeros, 0] = np.where(negative[zeros], _MINUS, _ZERO)
    chars[zeros, 1] = np.where(negative[zeros], _ZERO, 0)
    lengths[zeros] = 1 + negative[zeros]
    for row in np.nonzero(python)[0]:
        text = ("%.6g" % x[row]).encode()
        chars[row, :len(text)] = np.frombuffer(text, np.uint8)
        lengths[row] = len(text)
    return chars, lengths


#: The widest "%.6g": "-1.23457e-100".
_WIDTH = 13


def _six_digits(a: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each positive value as six significant digits: (decimal exponent, mantissa as an
    integer of six digits, whether it lies so near a rounding tie that Python must
    decide)."""
    exponent = np.floor(np.log10(a)).astype(np.int64)
    scaled = a * _POWER_OF_TEN[_DIGITS - 1 - exponent + _POWER_OFFSET]
    for _ in range(2):  # log10 can be one off next to a power of ten
        high, low = scaled >= 10.0**_DIGITS, scaled < 10.0 ** (_DIGITS - 1)
        if not (high.any() or low.any()):
            break
        exponent += high.astype(np.int64) - low.astype(np.int64)
        scaled = np.where(high | low,
                          a * _POWER_OF_TEN[_DIGITS - 1 - exponent + _POWER_OFFSET], scaled)
    near_tie = np.abs(scaled - np.floor(scaled) - 0.5) < _TIE_MARGIN
    mantissa = np.rint(scaled).astype(np.int64)
    carried = mantissa == 10**_DIGITS  # 999999.7 rounds up to 1e+06
    mantissa = np.where(carried, 10 ** (_DIGITS - 1), mantissa)
    return exponent + carried, mantissa, near_tie


def _digit_characters(mantissa: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The six digits of each mantissa as characters, and how many are significant (not
    trailing zeros). Last digit first: dividing by a constant is cheap."""
    digits = np.empty((len(mantissa), _DIGITS), np.uint8)
    rest = mantissa.astype(np.uint32)
    trailing = np.zeros(len(mantissa), np.int64)
    still_zero = np.ones(len(mantissa), bool)
    for k in range(_DIGITS - 1, -1, -1):
        quotient = rest // 10
        digit = rest - quotient * 10
        digits[:, k] = digit + _ZERO
        still_zero &= digit == 0
        trailing += still_zero
        rest = quotient
    return digits, _DIGITS - trailing


def _fill_by_layout(chars: np.ndarray, lengths: np.ndarray, chosen: np.ndarray,
                    digits: np.ndarray, significant: np.ndarray, exponent: np.ndarray,
                    negative: np.ndarray) -> None:
    """Fill the rows ``chosen``: values that print alike (sign, exponent, significant
    digits) share a layout, so they are sorted into groups and each group's characters
    are filled column by column."""
    if not len(chosen):
        return
    keys = (negative[chosen] * 1024 + exponent[chosen] + 512) * 8 + significant[chosen]
    order = np.argsort(keys, kind="stable")
    members, sorted_keys = chosen[order], keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    ends = np.r_[starts[1:], len(sorted_keys)]
    sorted_digits = digits[members]
    block = np.zeros((len(members), _WIDTH), np.uint8)
    block_lengths = np.empty(len(members), np.int64)
    for start, end in zip(starts, ends, strict=True):
        key = int(sorted_keys[start])
        sig, rest = key % 8, key // 8
        exp, neg = rest % 1024 - 512, rest // 1024
        layout = _layout(exp, sig, -4 <= exp < _DIGITS, bool(neg))
        for position, (kind, value) in enumerate(layout):
            block[start:end, position] = (sorted_digits[start:end, value] if kind == "d"
                                          else value)
        block_lengths[start:end] = len(layout)
    chars[members] = block
    lengths[members] = block_lengths


def _layout(exponent: int, significant: int, fixed: bool,
            negative: bool) -> list[tuple[str, int]]:
    """Where each character of a group's values comes from: ("d", digit index) or
    ("c", a character code)."""
    out: list[tuple[str, int]] = [("c", _MINUS)] if negative else []
    if fixed and exponent >= 0:
        out += [("d", k) for k in range(exponent + 1)]
        if significant > exponent + 1:
            out += [("c", _DOT)] + [("d", k) for k in range(exponent + 1, significant)]
    elif fixed:
        out += [("c", _ZERO), ("c", _DOT)] + [("c", _ZERO)] * (-exponent - 1)
        out += [("d", k) for k in range(significant)]
    else:
        out.append(("d", 0))
        if significant > 1:
            out += [("c", _DOT)] + [("d", k) for k in range(1, significant)]
        out += [("c", _E), ("c", _MINUS if exponent < 0 else _PLUS)]
        out += [("c", ord(c)) for c in f"{abs(exponent):02d}"]
    return out


def rows(fields: Sequence[Field]) -> bytes:
    """Fields (all of the same length) joined into CSV rows, each ending in a newline."""
    if len(fields) == 1:  # the csv module quotes a row that is one empty field
        chars, lengths = fields[0]
        empty = lengths == 0
        if empty.any():
            chars = np.pad(chars, ((0, 0), (0, max(0, 2 - chars.shape[1]))))
            chars[empty, :2] = ord('"')
            fields = [(chars, np.where(empty, 2, lengths))]
    n = len(fields[0][1])
    # Only as wide as each field's longest value: less padding to copy and mask out.
    fields = [(chars[:, :max(1, int(lengths.max(initial=0)))], lengths)
              for chars, lengths in fields]
    widths = [chars.shape[1] for chars, _ in fields]
    total = sum(widths) + len(fields)
    matrix = np.empty((n, total), np.uint8)
    keep = np.empty((n, total), bool)
    offset = 0
    for number, ((chars, lengths), width) in enumerate(zip(fields, widths, strict=True)):
        matrix[:, offset:offset + width] = chars
        keep[:, offset:offset + width] = np.arange(width) < lengths[:, None]
        offset += width
        matrix[:, offset] = ord("\n") if number == len(fields) - 1 else ord(",")
        keep[:, offset] = True
        offset += 1
    return matrix[keep].tobytes()
