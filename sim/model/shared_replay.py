"""Replaying the record once for every group of runs that replays it alike.

Before its branch a run is the record's replay under its own assumptions about the
world: its trajectory to the essay's date depends only on its random key and the
replay's parameters (the scenario's policies are the record's until then:
:func:`sim.scenarios.branch.prelude`). Runs stacked in one model that share both (the
arms of a claim, the strategies of a robustness study, a point's arms in an
exploration: they differ only in policies) would replay the same 140 weeks to the same
numbers, once per arm. Instead the model replays each distinct run once and, at the
branch, widens every per-run array to all the runs (:func:`widen`), each taking the state
of the run it shares its replay with. Run *i* is the same numbers either way: the model
treats each run on its own (run *i* is the same alone or among 10,000), so a run's
replay among the distinct runs is its replay among all of them; tests check the bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, is_dataclass, replace
from typing import Any

import numpy as np


@dataclass(frozen=True)
class SharedReplay:
    """Which runs replay alike: ``first`` (the distinct runs, in run order) and
    ``inverse`` (for each run, its position among them)."""

    first: np.ndarray
    inverse: np.ndarray

    @property
    def runs(self) -> int:
        return len(self.inverse)

    def subset(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """The replay's parameters for the distinct runs only."""
        return {key: value[..., self.first] if np.ndim(value) else value
                for key, value in params.items()}


def shared_replay(params: Mapping[str, Any], keys: np.ndarray) -> SharedReplay | None:
    """The runs that replay alike (the same key and every per-run replay parameter, bit
    for bit), or None when every run is distinct (nothing to share)."""
    runs = len(keys)
    if len(np.unique(keys)) == runs:
        return None  # every run its own key (a plain ensemble): nothing to compare
    columns = [np.asarray(keys, dtype=np.uint64)]
    columns += [_exact_codes(np.broadcast_to(value, (runs,)))
                for value in params.values() if np.ndim(value)]
    _, first, inverse = np.unique(np.stack(columns, axis=1), axis=0, return_index=True,
                                  return_inverse=True)
    if len(first) == runs:
        return None
    order = np.argsort(first)  # the distinct runs in run order
    position = np.empty_like(order)
    position[order] = np.arange(len(order))
    return SharedReplay(first[order], position[inverse.ravel()])


def _exact_codes(values: np.ndarray) -> np.ndarray:
    """One unsigned integer per value, equal exactly when the values are identical (bit
    patterns for numbers of up to 8 bytes, so 0.0 and -0.0 differ; otherwise codes of the
    distinct values' reprs, which tell apart what == would not: 1 and True, 0.0 and -0.0)."""
    if values.dtype.kind in "fiub" and values.dtype.itemsize <= 8:
        width = values.dtype.itemsize
        return np.ascontiguousarray(values).view(f"u{width}").astype(np.uint64)
    text = np.array([repr(value) for value in values.ravel()])
    return np.unique(text, return_inverse=True)[1].astype(np.uint64).ravel()


def widen(value: Any, inverse: np.ndarray, distinct: int) -> Any:
    """``value`` with every per-run array (its last axis ``distinct`` long) taken run by
    run through ``inverse``; dicts and lists are widened in place, tuples and dataclasses
    rebuilt, anything else returned as it is.

    The model's rule, which this relies on: in the model's and the actors' state, an
    array's last axis is its runs, only per-run arrays have one as long as the runs, and
    state is held in arrays, dicts, lists, tuples and dataclasses (a fixed table lives at
    module level). tests/test_shared_replay.py checks the rule on a built model.
    """
    if isinstance(value, np.ndarray):
        return value[..., inverse] if value.ndim and value.shape[-1] == distinct else value
    if isinstance(value, dict):
        for key, item in value.items():
            value[key] = widen(item, inverse, distinct)
        return value
    if isinstance(value, list):
        value[:] = [widen(item, inverse, distinct) for item in value]
        return value
    if isinstance(value, tuple):
        items = [widen(item, inverse, distinct) for item in value]
        return value._make(items) if hasattr(value, "_fields") else tuple(items)
    if is_dataclass(value) and not isinstance(value, type):
        return replace(value, **{f.name: widen(getattr(value, f.name), inverse, distinct)
                                 for f in fields(value) if f.init})
    return value


def widen_attributes(owner: Any, inverse: np.ndarray, distinct: int,
                     skip: frozenset[str] = frozenset()) -> None:
    """Widen each of ``owner``'s own attributes (but those in ``skip``) in place."""
    for name, value in list(vars(owner).items()):
        if name not in skip:
            setattr(owner, name, widen(value, inverse, distinct))
