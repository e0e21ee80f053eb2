"""The record dataset: the shipped files hold the issue's floor, and the loader refuses
what would let a calibration cheat or mislead, one line naming the file and key."""

from __future__ import annotations

import datetime

import pytest

from sim.errors import RecordError
from sim.scenarios.quantities import QUANTITIES, Kind
from sim.scenarios.record import FIT_UNTIL, Role, SourceKind, load_record
from tests.conftest import ROOT

SHIPPED = load_record(ROOT / "record")

INPUT = '''
[[input]]
id = "us-aid-2024h1"
quantity = "aid_us_eur_bn"
period = [2024-01-01, 2024-06-30]
value = 8.27
unit = "EUR bn"
source = { kind = "unverified", citation = "a sum", url = "https://example.org/a" }
'''

TARGET = '''
[[target]]
id = "gain-2024"
quantity = "russia_gain_km2"
period = [2024-01-01, 2024-12-31]
value = 3985
unit = "km2"
role = "fit"
uncertainty = 300
uncertainty_reason = "sources differ"
discrepancy = 400
discrepancy_reason = "the front is one number"
source = { kind = "secondary", citation = "AFP analysis of ISW maps", url = "https://example.org/b", reported_by = "AFP, 2025-01-01" }
'''


def write(tmp_path, inputs: str = INPUT, targets: str = TARGET):
    (tmp_path / "inputs.toml").write_text(inputs)
    (tmp_path / "targets.toml").write_text(targets)
    return tmp_path


def refused(tmp_path, **files) -> str:
    with pytest.raises(RecordError) as caught:
        load_record(write(tmp_path, **files))
    message = str(caught.value)
    assert "\n" not in message
    return message


def test_a_minimal_record_loads(tmp_path):
    record = load_record(write(tmp_path))
    assert [t.id for t in record.targets] == ["gain-2024"]
    assert record.targets[0].role is Role.FIT
    assert record.inputs[0].period.end == datetime.date(2024, 6, 30)
    assert len(record.sha256) == 64


def test_the_shipped_record_meets_the_floor():
    """At least 15 targets over four levels, 10 of them replay outputs, 3 validating."""
    targets = SHIPPED.targets
    replayed = [t for t in targets if t.role in (Role.FIT, Role.VALIDATE)]
    assert len(targets) >= 15
    assert len(SHIPPED.levels) >= 4
    assert len(replayed) >= 10
    assert len(SHIPPED.with_role(Role.VALIDATE)) >= 3
    assert SHIPPED.with_role(Role.PATTERN), "base rates are pattern targets"


def test_shipped_fit_targets_end_by_the_holdout_and_validate_ones_after():
    assert all(t.period.end <= FIT_UNTIL for t in SHIPPED.with_role(Role.FIT))
    assert all(t.period.end > FIT_UNTIL for t in SHIPPED.with_role(Role.VALIDATE))


def test_shipped_targets_and_inputs_never_share_a_quantity():
    fed = {i.quantity.name for i in SHIPPED.inputs}
    assert fed.isdisjoint(t.quantity.name for t in SHIPPED.targets)
    assert all(QUANTITIES[name].kind is Kind.INPUT for name in fed)


def test_every_shipped_number_has_its_source_and_unit():
    for item in SHIPPED.inputs + SHIPPED.targets:
        assert item.source.url.startswith("http"), item.id
        assert item.unit == item.quantity.unit, item.id
        if item.source.kind is SourceKind.PRIMARY:
            assert item.source.quote, item.id


def test_a_target_that_is_a_replay_input_is_refused(tmp_path):
    message = refused(tmp_path, targets=TARGET.replace('"russia_gain_km2"', '"aid_us_eur_bn"')
                      .replace('unit = "km2"', 'unit = "EUR bn"'))
    assert "targets.toml: target[0] (gain-2024).quantity:" in message
    assert "is a replay input" in message


def test_an_output_given_as_an_input_is_refused(tmp_path):
    message = refused(tmp_path, inputs=INPUT.replace('"aid_us_eur_bn"', '"russia_gain_km2"')
                      .replace('"EUR bn"', '"km2"'))
    assert "inputs.toml: input[0] (us-aid-2024h1).quantity: russia_gain_km2 is a model output" \
        in message


def test_a_fit_target_ending_in_the_held_out_year_is_refused(tmp_path):
    message = refused(tmp_path, targets=TARGET.replace("2024-12-31", "2025-01-31"))
    assert "a fit target must end by 2024-12-31" in message and "validate" in message


def test_a_validate_target_inside_the_fitted_years_is_refused(tmp_path):
    message = refused(tmp_path, targets=TARGET.replace('role = "fit"', 'role = "validate"'))
    assert "not held out" in message


def test_a_missing_source_is_refused(tmp_path):
    lines = [line for line in TARGET.splitlines() if not line.startswith("source")]
    message = refused(tmp_path, targets="\n".join(lines))
    assert "target[0] (gain-2024).source: missing" in message


@pytest.mark.parametrize("kind, missing", [("primary", "quote"), ("secondary", "reported_by")])
def test_a_source_without_what_its_kind_needs_is_refused(tmp_path, kind, missing):
    source = f'source = {{ kind = "{kind}", citation = "c", url = "https://example.org/c" }}'
    targets = "\n".join(source if line.startswith("source") else line
                        for line in TARGET.splitlines())
    assert f"source.{missing}: got missing" in refused(tmp_path, targets=targets)


def test_a_unit_that_does_not_match_is_refused(tmp_path):
    message = refused(tmp_path, targets=TARGET.replace('unit = "km2"', 'unit = "sq km"'))
    assert 'got "sq km", but russia_gain_km2 is in "km2"' in message


def test_an_unknown_quantity_gets_a_did_you_mean(tmp_path):
    message = refused(tmp_path, targets=TARGET.replace("russia_gain_km2", "russia_gains_km2"))
    assert 'did you mean "russia_gain_km2"?' in message


def test_an_unknown_key_gets_a_did_you_mean(tmp_path):
    message = refused(tmp_path, targets=TARGET.replace("uncertainty =", "uncertanity ="))
    assert 'target[0].uncertanity: unknown key (did you mean "uncertainty"?)' in message


def test_an_unverified_target_needs_a_quarter_of_its_value_as_uncertainty(tmp_path):
    source = 'source = { kind = "unverified", citation = "c", url = "https://example.org/c" }'
    targets = "\n".join(source if line.startswith("source") else line
                        for line in TARGET.splitlines())
    message = refused(tmp_path, targets=targets)
    assert "at least 25% of its value (996.25 here); got 300" in message
    load_record(write(tmp_path, targets=targets.replace("uncertainty = 300",
                                                        "uncertainty = 1000")))


def test_a_base_rate_is_a_pattern_and_only_a_base_rate_is(tmp_path):
    message = refused(tmp_path, targets=TARGET.replace('role = "fit"', 'role = "pattern"'))
    assert 'a base rate\'s role is "pattern", and only a base rate\'s' in message


def test_an_id_used_twice_is_refused(tmp_path):
    assert 'id "gain-2024" is used twice' in refused(
        tmp_path, targets=TARGET + TARGET.replace("3985", "4000"))


def test_a_period_that_ends_before_it_starts_is_refused(tmp_path):
    message = refused(tmp_path, targets=TARGET.replace("[2024-01-01, 2024-12-31]",
                                                       "[2024-12-31, 2024-01-01]"))
    assert "ends (2024-01-01) before it starts (2024-12-31)" in message


@pytest.mark.parametrize("period", ["[2024-08-01, 2024-08-31]", "[2024-08-05, 2024-11-30]",
                                    "[2024-08-01, 2024-11-29]"])
def test_a_monthly_spread_needs_two_or_more_whole_months(tmp_path, period):
    spread = (TARGET.replace('"russia_gain_km2"', '"russia_gain_km2_monthly_sd"')
              .replace("[2024-01-01, 2024-12-31]", period))
    assert "needs two or more whole calendar months" in refused(tmp_path, targets=spread)
    whole = spread.replace(period, "[2024-08-01, 2024-11-30]")
    assert load_record(write(tmp_path, targets=whole)).targets[0].value == 3985


def test_a_missing_file_names_itself(tmp_path):
    with pytest.raises(RecordError, match="inputs.toml: no such file"):
        load_record(tmp_path)


def test_sim_record_lists_the_targets_and_refuses_a_bad_folder(tmp_path):
    from click.testing import CliRunner

    from cli import main

    shown = CliRunner().invoke(main, ["record", "--role", "validate"])
    assert shown.exit_code == 0, shown.output
    assert "gain-2025" in shown.output and "gain-2024 " not in shown.output
    assert "2025 is held out" in shown.output
    bad = CliRunner().invoke(main, ["record", str(tmp_path)])
    assert bad.exit_code == 2 and "inputs.toml: no such file" in bad.output
