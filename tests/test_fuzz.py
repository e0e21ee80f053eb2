"""Property-based tests: whatever a user writes, `sim` loads it or says what is wrong in
one line with exit status 2, never a traceback.

Hypothesis generates scenario files, `--set` values and claim files, valid and broken:
nested tables, odd types, NaN and infinities, unicode, arrays of tables, text that is
not TOML at all.
"""

from __future__ import annotations

import json
import math

from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cli import main
from sim.analysis.claims import load_claim
from sim.errors import SimError
from sim.scenarios.params import ACTORS, PARAMS
from tests.conftest import ROOT, SCENARIOS

FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

# ---- values and tables -------------------------------------------------------------------
KEYS = st.one_of(
    st.sampled_from(sorted({p.name for p in PARAMS.values()})),
    st.sampled_from(["name", "weeks", "seed", "extends", "replications", "description",
                     "week", "set", "note", "id", "claim", "arms", "checks", "metric",
                     "effect", "direction", "margin", "where", "scenario", "base"]),
    st.text(min_size=1, max_size=12),  # anything, unicode included
)
SCALARS = st.one_of(
    st.booleans(),
    st.integers(min_value=-10**20, max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=20),
    st.sampled_from(["commits", "hesitates", "declines", "status_quo", "baseline",
                     "us_commits", "above", "below", "within", "agreement",
                     "russia_gain_km2_mean"]),
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(KEYS, inner, max_size=3)), max_leaves=6)


def toml_key(key: str) -> str:
    return json.dumps(key, ensure_ascii=False)  # a quoted key is always valid TOML


def toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    return "{" + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()) + "}"


def toml_document(tables: dict) -> str:
    """Top-level keys as inline values; a list of dicts as an array of tables."""
    lines = []
    for key, value in tables.items():
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            for item in value:
                lines.append(f"[[{toml_key(key)}]]")
                lines += [f"{toml_key(k)} = {toml_value(v)}" for k, v in item.items()]
        else:
            lines.append(f"{toml_key(key)} = {toml_value(value)}")
    return "\n".join(lines) + "\n"


SECTION_TABLES = st.fixed_dictionaries({}, optional={
    "scenario": st.dictionaries(KEYS, VALUES, max_size=4),
    "world": st.dictionaries(KEYS, VALUES, max_size=4),
    "actors": st.dictionaries(st.one_of(st.sampled_from(ACTORS), KEYS),
                              st.one_of(st.dictionaries(KEYS, VALUES, max_size=3), SCALARS),
                              max_size=3),
    "events": st.lists(st.dictionaries(st.sampled_from(["week", "set", "note", "when"]),
                                       VALUES, max_size=3), max_size=2),
})
SCENARIO_TEXT = st.one_of(
    SECTION_TABLES.map(toml_document),
    st.dictionaries(KEYS, VALUES, max_size=4).map(toml_document),
    st.text(max_size=80),  # not TOML, or TOML by chance
)


def assert_clean(result) -> None:
    """Loaded (exit 0), or exactly one 'Error:' line and exit status 2: never a traceback."""
    assert result.exit_code in (0, 2), (result.exit_code, result.output, result.exception)
    assert "Traceback" not in result.output
    if result.exit_code == 2:
        errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
        assert len(errors) == 1, result.output
    elif result.exception is not None:
        assert isinstance(result.exception, SystemExit), result.exception


@FUZZ
@given(text=SCENARIO_TEXT)
def test_any_scenario_file_loads_or_gets_one_line(tmp_path, text):
    path = tmp_path / "fuzzed.toml"
    path.write_text(text, encoding="utf-8")
    assert_clean(CliRunner().invoke(main, ["check", str(path)]))


@FUZZ
@given(key=st.one_of(st.sampled_from(sorted(PARAMS)), KEYS,
                     st.sampled_from(["scenario.weeks", "scenario.seed", "scenario.extends",
                                      "actors.russia.belief_bias", "world", "scenario."])),
       value=st.one_of(SCALARS.map(toml_value), st.text(max_size=15)),
       sep=st.sampled_from(["=", " = ", "", "=="]))
def test_any_set_value_loads_or_gets_one_line(key, value, sep):
    result = CliRunner().invoke(main, ["check", str(SCENARIOS / "baseline.toml"), "--set",
                                       f"{key}{sep}{value}"])
    assert_clean(result)


CLAIM = {
    "id": "F1", "claim": "A fuzzed claim.",
    "arms": {"a": {"set": {"world.unity": 0.9}}, "b": {}},
    "checks": [{"metric": "agreement", "effect": {"a": 1, "b": -1},
                "direction": "above", "margin": 0.05}],
}


@st.composite
def claim_documents(draw):
    """The valid claim above with some of its keys replaced, removed or added."""
    claim = json.loads(json.dumps(CLAIM))
    arm, check = claim["arms"]["a"], claim["checks"][0]  # still edited if detached above
    for _ in range(draw(st.integers(0, 3))):
        target = draw(st.sampled_from([claim, arm, check]))
        action = draw(st.sampled_from(["replace", "remove", "add"]))
        key = draw(st.sampled_from(sorted(target)) if target and action != "add" else KEYS)
        if action == "remove":
            target.pop(key, None)
        else:
            target[key] = draw(VALUES)
    return toml_document(claim)


@FUZZ
@given(text=st.one_of(claim_documents(), st.text(max_size=60)))
def test_any_claim_file_loads_or_gets_one_line(tmp_path, text):
    path = tmp_path / "claim.toml"
    path.write_text(text, encoding="utf-8")
    try:
        load_claim(path)
    except SimError as error:  # the CLI prints str(error) after "Error: ", exit status 2
        message = str(error)
        assert "\n" not in message and message.startswith(str(path)), message


def test_the_fuzzer_produces_what_it_claims(tmp_path):
    """The generators are not vacuous: the valid claim loads, a broken one is refused."""
    path = tmp_path / "ok.toml"
    path.write_text(toml_document(CLAIM))
    assert load_claim(path).id == "F1"
    path.write_text(toml_document({**CLAIM, "checks": [{**CLAIM["checks"][0], "margin": "x"}]}))
    try:
        load_claim(path)
    except SimError as error:
        assert "checks[0].margin" in str(error)
    else:  # pragma: no cover
        raise AssertionError("a broken claim loaded")
    assert (ROOT / "claims").is_dir()
