"""The model's mechanisms as small, pure, vectorized functions.

Each function works on arrays over runs (or scalars), names the essay claims it
encodes and the idea it rests on. Agents in :mod:`sim.model.agents` call them; tests
check their directions and bounds in isolation.

Modules: ``battlefield`` (combat power, attrition, the front), ``economy`` (sanctions
and Russia's war economy), ``politics`` (Western and third-party decisions), ``beliefs``
(Russia's belief that time is on its side), ``diplomacy`` (talks, terms, settlements,
relapse) and ``escalation`` (a cornered Moscow's risk of escalating); here, the helpers
they share.
"""

import numpy as np

_PLAIN = (float, int, bool, np.float64)
#: Bounds NumPy treats as weak (NEP 50): they never change the dtype of a float array.
_WEAK = (float, int)


def bounded(values: np.ndarray | float, low: float, high: float) -> np.ndarray:
    """``values`` clipped to [low, high]: ``np.clip`` without its Python wrapper, which
    costs more than the arithmetic at ensemble sizes (called several times a week). The
    upper bound is applied in place, to the fresh array the lower bound made, when that
    cannot change its dtype (a float array, and a Python number as the bound)."""
    floored = np.maximum(values, low)
    if (floored.__class__ is np.ndarray and floored.ndim and high.__class__ in _WEAK
            and floored.dtype.kind == "f"):
        return np.minimum(floored, high, out=floored)
    return np.minimum(floored, high)


def is_scalar(value: object) -> bool:
    """Whether a parameter is one value for every run (the usual case), not one per run.

    A class check: ``np.ndim`` costs more than the arithmetic it guards in the week.
    """
    return value.__class__ in _PLAIN or np.ndim(value) == 0


def nonzero(value: np.ndarray | float | bool) -> bool:
    """Whether a parameter (one value, or one per run) is anywhere non-zero; the fast
    check for the usual single value, in code that skips terms that are off."""
    return value != 0 if value.__class__ in _PLAIN else bool(np.any(value))


def in_dtype_of(value: np.ndarray | float, like: np.ndarray) -> np.ndarray | float:
    """A parameter in the precision of the array it scales: one value stays a Python
    number (NumPy then computes in ``like``'s dtype), per-run values are cast to it, so
    a run's numbers do not depend on whether its parameters are shared with others."""
    return value if value.__class__ in _PLAIN else np.asarray(value).astype(like.dtype)
