"""Scenario files: merging, events, and every validation error."""

from __future__ import annotations

import pytest

import sim
from sim.errors import ScenarioError
from sim.model.relevance import inert_parameters
from sim.scenarios.params import defaults
from tests.conftest import SCENARIOS


def error_of(path, overrides=()) -> str:
    with pytest.raises(ScenarioError) as info:
        sim.load_scenario(path, overrides)
    return str(info.value)


def test_minimal_file_takes_every_default(write_toml):
    s = sim.load_scenario(write_toml("min.toml", ""))
    # the same master seed as the shipped scenarios, so runs pair with theirs
    shipped = sim.load_scenario(SCENARIOS / "baseline.toml")
    assert s.name == "min" and s.weeks == 104 and s.replications == 200
    assert s.seed == shipped.seed == 20250904
    assert dict(s.params) == defaults()


def test_values_and_events_are_read(write_toml):
    path = write_toml("a.toml", """
[scenario]
name = "a"
weeks = 52
[world]
unity = 0.9
[actors.united_states]
stance = "commits"
decision_delay_weeks = 5
[[events]]
week = 30
set = { united_states.military_aid = 0.0, world.unity = 0.2 }
note = "cut"
[[events]]
week = 10
set.china.economic_support = 1
""")
    s = sim.load_scenario(path)
    assert s.params["world.unity"] == 0.9
    assert s.params["united_states.stance"] == "commits"
    assert s.params["united_states.decision_delay_weeks"] == 5
    assert [e.week for e in s.events] == [10, 30]  # sorted by week
    assert s.events[1].changes == {"united_states.military_aid": 0.0, "world.unity": 0.2}
    assert s.events[0].changes == {"china.economic_support": 1.0}
    assert isinstance(s.events[0].changes["china.economic_support"], float)


def test_extends_merges_base_first_and_appends_events(write_toml):
    write_toml("base.toml", """
[scenario]
weeks = 60
seed = 5
[world]
unity = 0.3
[actors.hungary]
resistance = 0.9
[[events]]
week = 1
set = { turkey.balancing = 0.1 }
""")
    child = write_toml("child.toml", """
[scenario]
extends = "base.toml"
[world]
unity = 0.7
[[events]]
week = 2
set = { turkey.balancing = 0.2 }
""")
    s = sim.load_scenario(child)
    assert s.name == "child" and s.weeks == 60 and s.seed == 5
    assert s.params["world.unity"] == 0.7
    assert s.params["hungary.resistance"] == 0.9
    assert [e.week for e in s.events] == [1, 2]


def test_a_model_table_chooses_sub_models_and_flags_what_they_switch_off(write_toml):
    path = write_toml("m.toml", '[model]\nbattle = "defence_dominant"\n'
                                "[world]\ndefence_threshold = 0.3\n")
    chosen = sim.load_scenario(path)
    assert chosen.params["model.battle"] == "defence_dominant"
    assert inert_parameters(chosen) == []
    reference = sim.load_scenario(write_toml("r.toml", "[world]\ndefence_threshold = 0.3\n"))
    [inert] = inert_parameters(reference)
    assert inert.key == "world.defence_threshold" and "lanchester" in inert.message()
    assert sim.load_scenario(path, ["model.battle=lanchester"]).params["model.battle"] == (
        "lanchester")


def test_set_overrides_apply_last_and_are_recorded(write_toml):
    path = write_toml("a.toml", "[world]\nunity = 0.2\n")
    s = sim.load_scenario(path, ["world.unity=0.8", "united_states.stance=commits",
                                 "actors.us_congress.acts_if_president_declines=true"])
    assert s.params["world.unity"] == 0.8
    assert s.params["united_states.stance"] == "commits"
    assert s.params["us_congress.acts_if_president_declines"] is True
    assert s.overrides[0] == "world.unity=0.8"


@pytest.mark.parametrize("text, expected", [
    ("[wrld]\nunity = 0.5\n", 'wrld: unknown table (did you mean "world"?)'),
    ("[russia]\nproduction = 0.1\n", 'russia: unknown table (did you mean "[actors.russia]"?)'),
    ("[actors.hungry]\nresistance = 0.5\n", 'actors.hungry: unknown actor (did you mean "hungary"?)'),
    ("[actors.hungary]\nresistence = 0.5\n",
     'actors.hungary.resistence: unknown parameter (did you mean "resistance"?)'),
    ("[world]\nunty = 0.5\n", 'world.unty: unknown parameter (did you mean "unity"?)'),
    ("[scenario]\nwekks = 5\n", 'scenario.wekks: unknown key (did you mean "weeks"?)'),
    ("[world]\nunity = 1.5\n", "world.unity: got 1.5, out of range; allowed: a number from 0 to 1"),
    ("[world]\nunity = nan\n", "world.unity: got nan, which is not a finite number"),
    ("[world]\nunity = inf\n", "world.unity: got inf, which is not a finite number"),
    ("[world]\nunity = \"high\"\n", "world.unity: got \"high\"; allowed: a number from 0 to 1"),
    ("[world]\nunity = true\n", "world.unity: got true; allowed: a number from 0 to 1"),
    ("[actors.united_states]\ndecision_delay_weeks = 2.5\n",
     "actors.united_states.decision_delay_weeks: got 2.5, which is not a whole number; "
     "allowed: an integer from 0 to 520"),
    ("[actors.united_states]\nbacks_guarantees = 1\n",
     "actors.united_states.backs_guarantees: got 1; allowed: true or false"),
    ("[actors.united_states]\nstance = \"commit\"\n",
     "actors.united_states.stance: got \"commit\" (did you mean \"commits\"?); allowed: one of"),
    ("[scenario]\nweeks = 0\n", "scenario.weeks: got 0; allowed: an integer from 1 to 1040"),
    ("[scenario]\nseed = -1\n", "scenario.seed: got -1; allowed: an integer from 0 to"),
    ("[scenario]\nname = 3\n", "scenario.name: got 3; allowed: a plain name"),
    ("[[events]]\nweek = 200\nset = { world.unity = 0.1 }\n",
     "events.week: got 200, but the horizon is 104 weeks; allowed: 0 to 103"),
    ("[[events]]\nweek = -1\nset = { world.unity = 0.1 }\n", "events.week: got -1"),
    ("[[events]]\nweek = 3\n", "events.set: each event needs a table of changes"),
    ("[[events]]\nweek = 3\nset = { world.unity = 0.1 }\nwhen = 3\n",
     "events.when: unknown key"),
    ("[[events]]\nweek = 3\nset = { world.aid_delivery_lag_weeks = 4 }\n",
     "events.set.world.aid_delivery_lag_weeks: is read only at week 0"),
    ("[[events]]\nweek = 3\nset = { united_states.militry_aid = 0.1 }\n",
     'united_states.militry_aid: unknown parameter (did you mean "united_states.military_aid"?)'),
    ("[[events]]\nweek = 3\nset = { unted_states.military_aid = 0.1 }\n",
     'unknown actor or section "unted_states" (did you mean "united_states"?)'),
    ("[[events]]\nweek = 3\nset = { world.unity = 7 }\n",
     "events.set.world.unity: got 7, out of range"),
    ("world = 3\n", "world: must be a table"),
    ("[model]\nbattle = \"defence\"\n",
     'model.battle: got "defence" (did you mean "defence_dominant"?); allowed: one of'),
    ("[model]\nbattel = \"lanchester\"\n",
     'model.battel: unknown parameter (did you mean "battle"?)'),
    ("[modle]\nbattle = \"lanchester\"\n", 'modle: unknown table (did you mean "model"?)'),
    ("[[events]]\nweek = 0\nset = { model.batle = \"lanchester\" }\n",
     'model.batle: unknown parameter (did you mean "model.battle"?)'),
    ("[[events]]\nweek = 0\nset = { modle.battle = \"lanchester\" }\n",
     'unknown actor or section "modle" (did you mean "model"?)'),
    ("[world\n", "not valid TOML"),
])
def test_invalid_files_name_file_key_and_fix(write_toml, text, expected):
    path = write_toml("bad.toml", text)
    message = error_of(path)
    assert message.startswith(f"{path}: ")
    assert expected in message


def test_missing_file_is_named(tmp_path):
    missing = tmp_path / "nope.toml"
    assert error_of(missing) == f"{missing}: no such file; give the path of a .toml scenario (see scenarios/)"


def test_missing_extends_names_both_files(write_toml, tmp_path):
    child = write_toml("child.toml", '[scenario]\nextends = "gone.toml"\n')
    message = error_of(child)
    assert str(tmp_path / "gone.toml") in message and f"extended by {child.resolve()}" in message


def test_extends_cycle_is_named(write_toml):
    write_toml("a.toml", '[scenario]\nextends = "b.toml"\n')
    b = write_toml("b.toml", '[scenario]\nextends = "a.toml"\n')
    message = error_of(b)
    assert "extends cycle" in message and "a.toml -> " in message


def test_event_beyond_horizon_set_by_child_is_caught(write_toml):
    write_toml("base.toml", "[[events]]\nweek = 80\nset = { world.unity = 0.1 }\n")
    child = write_toml("child.toml", '[scenario]\nextends = "base.toml"\nweeks = 52\n')
    message = error_of(child)
    assert "base.toml: events.week: got 80, but the horizon is 52 weeks" in message


@pytest.mark.parametrize("assignment, expected", [
    ("world.unity", "`overrides`: expected KEY=VALUE"),
    ("world.unity=", "`overrides`: expected KEY=VALUE"),
    ("world.unity=2", "`overrides`: world.unity: got 2, out of range"),
    ("world.unity=nan", "got nan, which is not a finite number"),
    ("united_states.stance=maybe", 'got "maybe"; allowed: one of "commits"'),
    ("china.economic_suport=0.2", 'did you mean "china.economic_support"?'),
    ("chnia.economic_support=0.2", 'unknown actor or section "chnia" (did you mean "china"?)'),
])
def test_bad_set_values(write_toml, assignment, expected):
    path = write_toml("ok.toml", "")
    assert expected in error_of(path, [assignment])


def test_set_reaches_every_scenario_key(write_toml):
    path = write_toml("s.toml", "")
    s = sim.load_scenario(path, ["scenario.weeks=52", "scenario.seed=7", "scenario.name=x",
                                 'scenario.description="d"', "scenario.replications=9"])
    assert (s.weeks, s.seed, s.name, s.description, s.replications) == (52, 7, "x", "d", 9)
    with pytest.raises(ScenarioError, match="scenario.weeks: got 0; allowed: an integer from 1"):
        sim.load_scenario(path, ["scenario.weeks=0"])
    with pytest.raises(ScenarioError, match='scenario.wekes: unknown key \\(did you mean "weeks"'):
        sim.load_scenario(path, ["scenario.wekes=5"])


def test_set_weeks_below_an_event_is_refused():
    with pytest.raises(ScenarioError, match="an event is at week 13"):
        sim.load_scenario(SCENARIOS / "aid_cut.toml", ["scenario.weeks=10"])


def test_unknown_key_errors_show_the_closest_few_not_all(write_toml):
    path = write_toml("k.toml", "[world]\nunityy = 0.5\n")
    with pytest.raises(ScenarioError) as error:
        sim.load_scenario(path)
    message = str(error.value)
    assert 'did you mean "unity"' in message and "closest in world: unity, " in message
    assert message.count(",") <= 6 and "sanctions_bite" not in message


# ---- names, untrusted text, and how files fail -----------------------------------------
@pytest.mark.parametrize("name", ["/some/folder", "../up", "a/b", "a\\b", ".", "..", ".hidden",
                                  "-rf", "with space", "", "x" * 101, "tab\there"])
def test_a_scenario_name_is_a_plain_name_everywhere(write_toml, name):
    import json as _json

    path = write_toml("bad.toml", f"[scenario]\nname = {_json.dumps(name)}\n")
    assert "scenario.name: got " in error_of(path) and "allowed: a plain name" in error_of(path)
    with pytest.raises(ScenarioError, match="scenario.name"):
        sim.load_scenario(SCENARIOS / "baseline.toml", [f"scenario.name={_json.dumps(name)}"])
    with pytest.raises(ScenarioError, match="scenario.name"):
        sim.Scenario(name, "", 10, 1, 0, sim.load_scenario(SCENARIOS / "baseline.toml").params)


def test_a_file_stem_becomes_a_plain_name(tmp_path):
    path = tmp_path / "my scenario (v2).toml"
    path.write_text("")
    assert sim.load_scenario(path).name == "my_scenario__v2_"


SHIPPED = {p.stem: p for p in SCENARIOS.glob("*.toml")}


@pytest.mark.parametrize("extends", ["/etc/passwd", "/etc/hostname", "/nonexistent.toml",
                                     "../scenarios/baseline.toml", "baseline/../baseline",
                                     str(SCENARIOS / "baseline.toml"), "nope"])
def test_untrusted_text_extends_only_shipped_scenarios_with_one_refusal(extends, tmp_path):
    from sim.scenarios.loading import load_scenario_text

    refusals = set()
    text = f'[scenario]\nextends = "{extends}"\n'
    with pytest.raises(ScenarioError) as caught:
        load_scenario_text(text, "upload.toml", SHIPPED)
    refusals.add(str(caught.value))
    assert refusals == {"upload.toml: scenario.extends: allowed: the name of a shipped "
                        "scenario (" + ", ".join(sorted(SHIPPED)) + "); an uploaded scenario "
                        "cannot extend other files"}
    assert extends not in str(caught.value)  # nothing of what it named is echoed


def test_untrusted_text_may_extend_a_shipped_scenario_by_name_and_files_keep_paths(write_toml):
    from sim.scenarios.loading import load_scenario_text

    for name in ("us_commits", "us_commits.toml"):
        upload = load_scenario_text(f'[scenario]\nextends = "{name}"\n[world]\nunity = 0.9\n',
                                    "mine.toml", SHIPPED)
        shipped = sim.load_scenario(SCENARIOS / "us_commits.toml")
        assert upload.params == {**shipped.params, "world.unity": 0.9}
        assert upload.source == "mine.toml"
    # the CLI keeps extends relative to the file
    child = write_toml("child.toml", f'[scenario]\nextends = "{SCENARIOS / "us_commits.toml"}"\n')
    assert sim.load_scenario(child).params == shipped.params


def test_a_byte_order_mark_is_read_and_other_encodings_are_named(tmp_path):
    marked = tmp_path / "marked.toml"
    marked.write_bytes("\ufeff[world]\nunity = 0.9\n".encode())
    assert sim.load_scenario(marked).params["world.unity"] == 0.9
    latin = tmp_path / "latin.toml"
    latin.write_bytes('[scenario]\ndescription = "caf\xe9"\n'.encode("latin-1"))
    assert "not UTF-8 text" in error_of(latin)


def test_symbolic_link_loops_and_broken_links_are_named(tmp_path):
    loop = tmp_path / "loop.toml"
    loop.symlink_to(loop)
    assert error_of(loop).startswith(f"{loop}: a symbolic link loop")
    broken = tmp_path / "broken.toml"
    broken.symlink_to(tmp_path / "gone.toml")
    assert error_of(broken).startswith(f"{broken}: a broken symbolic link")


def test_a_missing_event_week_is_called_missing(write_toml):
    path = write_toml("e.toml", "[[events]]\nset = { world.unity = 0.1 }\n")
    assert error_of(path).endswith("events.week: missing; allowed: an integer week from 0 "
                                   "to the horizon minus 1")
    path = write_toml("f.toml", "[[events]]\nweek = true\nset = { world.unity = 0.1 }\n")
    assert "events.week: got true;" in error_of(path)


def test_one_string_of_overrides_is_refused_naming_the_argument():
    with pytest.raises(TypeError, match=r"load_scenario\(overrides=...\): a list of "
                                        r"'key=value' strings, not one string"):
        sim.load_scenario(SCENARIOS / "baseline.toml", "world.unity=0.9")


def test_deep_nesting_and_keys_given_twice_are_one_line_errors(write_toml):
    deep = write_toml("deep.toml", "[world]\nunity = " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested too deeply" in error_of(deep)
    dotted = write_toml("dotted.toml", "[[events]]\nweek = 1\nset = { " + ".".join(["a"] * 3000)
                        + " = 1 }\n")
    assert "nested too deeply" in error_of(dotted)
    twice = write_toml("twice.toml", '[[events]]\nweek = 1\nset = { "united_states.military_aid"'
                                     ' = 0.5, united_states = { military_aid = 0.2 } }\n')
    assert "events.set.united_states.military_aid: given twice" in error_of(twice)


def test_a_name_is_not_inherited_through_extends(write_toml):
    child = write_toml("child.toml", f'[scenario]\nextends = "{SCENARIOS / "baseline.toml"}"\n')
    assert sim.load_scenario(child).name == "child"


def test_dates_are_shown_as_toml_writes_them(write_toml):
    path = write_toml("d.toml", "[world]\nunity = 1979-05-27T07:32:00Z\n")
    assert "got 1979-05-27T07:32:00+00:00;" in error_of(path)


def test_values_from_numpy_apply_as_the_numbers_they_are():
    # a sampler hands over NumPy numbers, whose repr (np.float64(...)) is not TOML
    import numpy as np
    base = sim.load_scenario(SCENARIOS / "baseline.toml")
    changed = base.with_values({"world.aid_to_power": np.float64(0.05),
                                "united_states.decision_delay_weeks": np.int64(3)})
    assert changed.params["world.aid_to_power"] == 0.05
    assert changed.params["united_states.decision_delay_weeks"] == 3
    assert base.with_values({"united_states.backs_guarantees": np.True_}).params[
        "united_states.backs_guarantees"] is True
