"""`sim app`: the page's numbers are `sim run`'s, tested in a real browser (Chromium
driven by Playwright), plus the page's logic without a browser."""

from __future__ import annotations

import inspect
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.analysis.claims import load_claims
from sim.analysis.settings import CLAIMS_REPS, CLAIMS_SET_REPS, CLAIMS_SETS
from sim.app import session
from sim.errors import SimError
from sim.report.studies import evaluate
from tests.conftest import ROOT

SIM = str(Path(sys.executable).with_name("sim"))
APP_REPS = 60


# ---- the page's logic, without a browser ---------------------------------------------

def test_the_page_shows_what_sim_run_gives():
    base = sim.load_scenario(ROOT / "scenarios/us_commits.toml")
    reference = sim.load_scenario(ROOT / "scenarios/baseline.toml")
    levers = session.lever_values(base) | {"china.economic_support": 0.8}
    scenario = session.build(base, levers, "none", APP_REPS)
    view = session.compute(scenario, session.build(reference, session.lever_values(reference),
                                                   "none", APP_REPS), APP_REPS)
    alone = sim.run(base.with_values({"china.economic_support": 0.8}), reps=APP_REPS,
                    seed=base.seed).summary
    assert view.row("share.ceasefire").value == pytest.approx((alone.outcome == "ceasefire").mean())
    assert view.comparison.paired == [True, True]


def test_sliders_send_values_the_parameters_take():
    lever = next(lv for g in session.LEVERS.values() for lv in g
                 if lv.key == "china.economic_support")
    assert session.clean(lever, 0.6 + 4 * 0.05) == 0.8
    delay = next(lv for g in session.LEVERS.values() for lv in g
                 if lv.key == "united_states.decision_delay_weeks")
    assert session.clean(delay, 26.0) == 26 and isinstance(session.clean(delay, 26.0), int)
    assert "Default" in lever.hint and lever.param.meaning in lever.hint


def test_a_downloaded_scenario_reproduces_the_page(tmp_path):
    base = sim.load_scenario(ROOT / "scenarios/eu_vetoed.toml")
    scenario = session.build(base, session.lever_values(base) | {"world.unity": 0.75},
                             "unity_signals", APP_REPS)
    path = tmp_path / "page.toml"
    path.write_text(session.download_toml(scenario))
    again = sim.load_scenario(path)
    assert dict(again.params) == dict(scenario.params)
    assert again.replications == APP_REPS and again.seed == scenario.seed
    assert "Conditional projections, not forecasts" in path.read_text()


def test_uploads_are_checked_like_the_cli(tmp_path, monkeypatch):
    bad = b'[actors.united_states]\nmilitray_aid = 0.9\n'
    with pytest.raises(SimError) as caught:
        session.load_upload("bad.toml", bad)
    (tmp_path / "bad.toml").write_bytes(bad)
    monkeypatch.chdir(tmp_path)  # the file named as the upload names it
    cli = CliRunner().invoke(main, ["check", "bad.toml"])
    assert cli.exit_code == 2
    assert cli.output.strip() == f"Error: {caught.value}"
    with pytest.raises(SimError, match="at most 1,048,576 bytes"):
        session.load_upload("big.toml", b"#" * (session.MAX_UPLOAD_BYTES + 1))
    good = session.load_upload("mine.toml", b'[scenario]\nextends = "baseline.toml"\n'
                                            b'[world]\nunity = 0.9\n')
    assert good.params["world.unity"] == 0.9 and good.source == "mine.toml"


def test_an_upload_that_breaks_the_parser_is_one_line_and_no_traceback():
    deep = b"[world]\nunity = " + b"[" * 5000 + b"]" * 5000 + b"\n"
    with pytest.raises(SimError, match="up.toml: not valid TOML here: arrays or tables nested"):
        session.load_upload("up.toml", deep)
    assert "sim check" in session.upload_failed("/x/up.toml")
    assert "/x" not in session.upload_failed("/x/up.toml")


def test_an_ipv4_address_written_as_ipv6_is_refused():
    result = CliRunner().invoke(main, ["app", "--host", "::ffff:127.0.0.1", "--port",
                                       str(free_port())])
    assert result.exit_code == 2
    assert result.output.strip() == ("Error: --host ::ffff:127.0.0.1: an IPv4 address written "
                                     "as IPv6, which the server cannot listen on; write "
                                     "127.0.0.1")


def test_an_upload_naming_a_folder_outside_is_refused_at_load():
    for name in ("/tmp/victim", "../../victim", "a/b"):
        with pytest.raises(SimError, match="scenario.name: got .*allowed: a plain name"):
            session.load_upload("evil.toml", f'[scenario]\nname = "{name}"\n'.encode())


def test_an_upload_extends_only_shipped_scenarios_and_learns_nothing_of_others(tmp_path):
    secret = tmp_path / "secret.toml"
    secret.write_text('[scenario]\nname = "token-abc123"\ndescription = "token-abc123"\n')
    messages = set()
    for target in (secret, tmp_path / "missing.toml", "/etc/passwd", "/proc/self/environ"):
        with pytest.raises(SimError) as caught:
            session.load_upload("up.toml", f'[scenario]\nextends = "{target}"\n'.encode())
        messages.add(str(caught.value))
    [message] = messages  # one refusal, whatever the path holds
    assert "token" not in message and str(tmp_path) not in message
    assert "allowed: the name of a shipped scenario" in message


def test_off_step_and_out_of_range_uploaded_values_are_kept():
    levers = {lv.key: lv for g in session.LEVERS.values() for lv in g}
    support, delay = levers["china.economic_support"], levers["united_states.decision_delay_weeks"]
    # the browser's slider echoes where it can show the value: that is not the reader's move
    assert session.slider_change(support, 0.93, 0.95) == 0.93
    assert session.slider_change(delay, 300, 104) == 300
    # a value exactly between two steps: the browser rounds halves up, as on_slider does
    for half in (0.125, 0.025, 0.925):
        assert session.slider_change(support, half, round(half + 0.025, 3)) == half
    # a real move is taken (and cleaned of float noise)
    assert session.slider_change(support, 0.93, 1.0) == 1.0
    assert session.slider_change(support, 0.9, 0.9500000000000001) == 0.95
    assert session.slider_change(delay, 300, 103) == 103


def test_differences_keep_one_unit_and_precision_across_zero():
    from sim.analysis.compare import MetricRow

    row = MetricRow("x", "share.ceasefire", "share", 200, 200, 0.4, 0.3, 0.5, 0, 0,
                    diff=-0.04, diff_low=-0.0868, diff_high=0.00351, diff_method="paired")
    assert session.difference_text(row) == "-4.0 pp [-8.7, +0.4] pp"
    same = MetricRow("x", "share.ceasefire", "share", 200, 200, 0.4, 0.3, 0.5, 0, 0,
                     diff=0.0, diff_low=-0.0188, diff_high=0.0188, diff_method="paired")
    assert session.difference_text(same) == "+0.0 pp [-1.9, +1.9] pp"
    ground = MetricRow("x", "russia_gain_km2", "mean", 200, 200, -8000, -8600, -7400, 0, 0,
                       diff=8200.4, diff_low=-40.2, diff_high=16400.6, diff_method="paired",
                       excludes_zero=False, digits=0)  # whole km2
    assert session.difference_text(ground) == "+8200 [-40, +16401]"
    assert session.estimate_text(ground) == "-8000 [-8600, -7400]"
    aid = MetricRow("x", "aid_us_eur_bn_a_year", "mean", 200, 200, 28.8, 28.1, 29.5, 0, 0,
                    diff=1.26, diff_low=-0.31, diff_high=2.84, diff_method="paired",
                    excludes_zero=False, digits=1)  # EUR bn a year, one decimal
    assert session.difference_text(aid) == "+1.3 [-0.3, +2.8]"


def test_results_download_holds_the_files_of_sim_run(tmp_path):
    import zipfile

    base = sim.load_scenario(ROOT / "scenarios/baseline.toml")
    scenario = session.build(base, session.lever_values(base), "none", 20)
    view = session.compute(scenario, scenario, 20)
    path = tmp_path / "r.zip"
    path.write_bytes(session.results_zip(view))
    names = zipfile.ZipFile(path).namelist()
    assert {"baseline/summary.csv", "baseline/timeseries.csv", "baseline/manifest.json"} \
        <= set(names)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_port_in_use_is_a_one_line_error():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([SIM, "app", "--port", str(port)], capture_output=True,
                                text=True, timeout=60)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"Error: --port {port}: cannot listen on 127.0.0.1 port {port} (Address already in "
        "use); choose another with --port"]


@pytest.mark.parametrize("host, warned", [("127.0.0.1", False), ("localhost", False),
                                          ("::1", False), ("0.0.0.0", True), ("::", True)])
def test_loopback_is_served_quietly_and_beyond_it_warns(monkeypatch, host, warned):
    import uvicorn

    seen = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, host, port, log_level: seen.update(
        host=host, port=port))
    monkeypatch.setenv("SIM_APP_REPS", "1")  # serve() sets these; the test puts them back
    monkeypatch.setenv("SOLARA_APP", "x")
    port = free_port()
    result = CliRunner().invoke(main, ["app", "--host", host, "--port", str(port),
                                       "--reps", "300"])
    assert result.exit_code == 0, result.output
    assert ("Warning: serving on" in result.output) == warned
    assert seen == {"host": host, "port": port}


@pytest.mark.parametrize("host, blamed", [("10.255.255.1", "--host 10.255.255.1: cannot listen"),
                                          ("no-such-host.invalid", "--host no-such-host.invalid: "
                                                                   "not an address")])
def test_a_bad_host_is_blamed_on_the_host(host, blamed):
    result = CliRunner().invoke(main, ["app", "--host", host, "--port", str(free_port())])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.startswith(f"Error: {blamed}") and "--port" not in result.output


# ---- in a real browser --------------------------------------------------------------------

def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    port = free_port()
    log = tmp_path_factory.mktemp("app") / "app.log"
    with log.open("wb") as output:
        process = subprocess.Popen([SIM, "app", "--port", str(port), "--reps", str(APP_REPS)],
                                   cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}/"
        try:
            for _ in range(120):
                try:
                    with urllib.request.urlopen(url, timeout=1):
                        break
                except OSError:
                    time.sleep(0.25)
            else:
                pytest.fail("sim app did not start: " + log.read_text())
            yield url
        finally:
            process.terminate()
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def browser():
    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no Chromium found (install Debian's chromium: apt-get install -y "
                    "chromium) - the browser tests need one")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.fixture
def page(browser, app_url):
    page = browser.new_page(viewport={"width": 1400, "height": 1100})
    page.goto(app_url)
    page.wait_for_selector(".ceasefire-value", timeout=60_000)
    yield page
    page.close()


def shown_share(page) -> str:
    """The page's headline numbers: the ground Russia gains (km2) and the cease-fire share."""
    return f'{page.inner_text(".ground-value")} {page.inner_text(".ceasefire-value")}'


def move_slider(page, key: str, steps: int, to: str) -> str:
    """Press the slider's right arrow ``steps`` times; wait until the lever shows ``to``
    and the page has settled on its numbers; return the shown cease-fire share."""
    css = f".lever-{key.replace('.', '-')}"
    page.locator(f"{css} [role=slider]").focus()
    for _ in range(steps):
        page.keyboard.press("ArrowRight")
    page.wait_for_function(f"document.querySelector('{css}').innerText.includes(': {to}')",
                           timeout=30_000)
    return settled_share(page)


def settled_share(page, quiet_ms: int = 1500) -> str:
    """The cease-fire share once it has not changed for ``quiet_ms`` (each change of a
    lever reruns the ensemble; the last one wins)."""
    shown, since = shown_share(page), time.monotonic()
    deadline = since + 30
    while time.monotonic() < deadline:
        page.wait_for_timeout(100)
        now = shown_share(page)
        if now != shown:
            shown, since = now, time.monotonic()
        elif time.monotonic() - since > quiet_ms / 1000:
            return shown
    pytest.fail("the page kept changing")


def expected_share(scenario: sim.Scenario) -> str:
    summary = sim.run(scenario, reps=APP_REPS, seed=scenario.seed, actors=False).summary
    return (f"{summary.russia_gain_km2.mean():+,.0f} "
            f"{100 * (summary.outcome == 'ceasefire').mean():.1f}%")


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_moving_a_slider_shows_what_sim_run_gives(page):
    base = sim.load_scenario(ROOT / "scenarios/us_commits.toml")
    before = shown_share(page)
    assert before == expected_share(base)
    assert "Conditional projections, not forecasts" in page.inner_text(".projection-note")
    after = move_slider(page, "china.economic_support", 4, "0.8")  # 0.6 + 4 x 0.05
    assert after == expected_share(base.with_values({"china.economic_support": 0.8}))
    assert after != before
    if os.environ.get("SIM_APP_SCREENSHOT"):  # how docs/img/app.png is made
        page.locator(".projection-note").scroll_into_view_if_needed()
        page.evaluate("document.querySelectorAll('*').forEach(e => e.scrollTop = 0)")
        page.wait_for_timeout(300)
        page.screenshot(path=os.environ["SIM_APP_SCREENSHOT"], full_page=False)


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_the_downloaded_scenario_reproduces_the_page(page, tmp_path):
    shown = move_slider(page, "world.unity", 3, "0.75")  # 0.6 + 3 x 0.05
    with page.expect_download() as download:
        page.get_by_text("Download scenario").click()
    path = tmp_path / "page.toml"
    download.value.save_as(path)
    check = CliRunner().invoke(main, ["check", str(path)])
    assert check.exit_code == 0, check.output
    out = tmp_path / "out"
    ran = CliRunner().invoke(main, ["run", str(path), "-q", "--out", str(out)])
    assert ran.exit_code == 0, ran.output
    import pandas as pd

    summary = pd.read_csv(out / "summary.csv")
    assert len(summary) == APP_REPS
    assert shown == (f"{summary.russia_gain_km2.mean():+,.0f} "
                     f"{100 * (summary.outcome == 'ceasefire').mean():.1f}%")


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_a_malformed_upload_shows_the_cli_error_and_the_page_keeps_working(page, tmp_path,
                                                                          monkeypatch):
    bad = tmp_path / "bad.toml"
    bad.write_text("[actors.united_states]\nmilitray_aid = 0.9\n")
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Upload").click()
    chooser.value.set_files(str(bad))
    page.wait_for_selector(".upload-error", timeout=30_000)
    monkeypatch.chdir(tmp_path)  # the file named as the page names it
    cli = CliRunner().invoke(main, ["check", "bad.toml"])
    assert cli.output.strip() == "Error: " + page.inner_text(".upload-error").strip()
    before = shown_share(page)
    assert move_slider(page, "china.economic_support", 4, "0.8") != before


def test_the_claims_panel_decides_as_sim_claims_decides():
    # by default the page asks for exactly what `sim claims` does
    defaults = inspect.signature(session.claims_panel).parameters
    assert (defaults["reps"].default, defaults["sets"].default, defaults["set_reps"].default,
            defaults["assumed"].default) == (CLAIMS_REPS, CLAIMS_SETS, CLAIMS_SET_REPS, True)
    evaluation = session.claims_panel("none", reps=40, sets=4, set_reps=20, assumed=False)
    assert [r.claim.id for r in evaluation.results] == [f"C{i}" for i in range(1, 15)]
    alone = evaluate(load_claims([ROOT / "claims"]), reps=40, sets=4, set_reps=20,
                     tipping=True)
    assert [r.verdict for r in evaluation.results] == [r.verdict for r in alone.results]
    table = session.claims_table(evaluation)
    assert table.count("\n") == 15 and "holds in" in table


def upload(page, path) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_text("Upload").click()
    chooser.value.set_files(str(path))


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_an_upload_naming_a_folder_outside_touches_nothing(page, tmp_path):
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    evil = tmp_path / "evil.toml"
    evil.write_text(f'[scenario]\nname = "{victim}"\n')
    upload(page, evil)
    page.wait_for_selector(".upload-error", timeout=30_000)
    assert "scenario.name: got" in page.inner_text(".upload-error")
    with page.expect_download() as download:  # the page's own results, as before
        page.get_by_text("Download results").click()
    names = __import__("zipfile").ZipFile(download.value.path()).namelist()
    assert all(name.startswith("us_commits/") for name in names)
    assert [p.name for p in victim.iterdir()] == ["keep.txt"]


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_an_upload_cannot_read_a_server_file(page, tmp_path):
    secret = tmp_path / "secret.toml"
    secret.write_text('[scenario]\ndescription = "token-abc123"\n')
    evil = tmp_path / "evil.toml"
    evil.write_text(f'[scenario]\nextends = "{secret}"\n')
    upload(page, evil)
    page.wait_for_selector(".upload-error", timeout=30_000)
    shown = page.inner_text(".upload-error")
    assert "allowed: the name of a shipped scenario" in shown and "token" not in shown


@pytest.mark.browser
@pytest.mark.xdist_group("browser")
def test_an_off_step_upload_is_run_as_written(page, tmp_path):
    mine = tmp_path / "mine.toml"
    mine.write_text('[scenario]\nextends = "us_commits"\n[actors.china]\n'
                    'economic_support = 0.93\n')
    upload(page, mine)
    page.wait_for_selector(".upload-ok", timeout=30_000)
    page.wait_for_function("document.querySelector('.lever-china-economic_support')"
                           ".innerText.includes(': 0.93')", timeout=30_000)
    shown = settled_share(page)
    expected = sim.load_scenario(ROOT / "scenarios/us_commits.toml").with_values(
        {"china.economic_support": 0.93})
    assert shown == expected_share(expected)
    with page.expect_download() as download:
        page.get_by_text("Download scenario").click()
    assert "economic_support = 0.93\n" in Path(download.value.path()).read_text()
