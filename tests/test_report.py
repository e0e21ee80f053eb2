"""`sim report`: one self-contained document of a study, its numbers the folders' own, every
link and figure inside it, the same bytes each time, bad input refused in one line, a
writer that survives a full disk and SIGKILL, and (in Chromium) no console errors, every
figure loaded, every internal link resolved and no serious accessibility violation
(axe-core, from npm)."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from click.testing import CliRunner

import sim
from cli import main
from sim.analysis.compare import METRICS, describe
from sim.report.commands import claims_command, explore_command, report_command, robust_command
from tests.conftest import ROOT, SCENARIOS, one_line_error

POLICIES = (f'[robust]\nscenario = "{SCENARIOS / "baseline.toml"}"\nworlds = 4\nreps = 20\n'
            'seed = 3\n[[measure]]\nname = "russia_gain_km2"\nat_most = 5600\n'
            '[[measure]]\nname = "ceasefire_holds"\nat_least = 0.05\n'
            '[[strategy]]\nname = "as things stand"\n[[strategy]]\nname = "commits"\n'
            '[strategy.levers]\n"united_states.stance" = "commits"\n'
            '"united_states.decision_delay_weeks" = 0\n')
AXE_VERSION = "4.10.3"
#: One worker builds the study once (the browser tests share it too).
pytestmark = pytest.mark.xdist_group("report")


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    """A small study of every kind the report reads, and its report (HTML and PDF)."""
    folder = tmp_path_factory.mktemp("study")
    runs = []
    for name in ("us_commits", "baseline"):
        result = sim.run(sim.load_scenario(SCENARIOS / f"{name}.toml"), reps=40)
        runs.append(result.write(folder / name))
    claims_command(only=["C2", "C7"], reps=60, sets=3, set_reps=20, out=folder / "claims",
                   workers=1)
    claims_command(only=["C2"], reps=60, sets=0, assume=SCENARIOS / "assumptions" /
                   "sanctions_barely_bite.toml", out=folder / "critic", workers=1)
    (folder / "policies.toml").write_text(POLICIES)
    robust_command(folder / "policies.toml", out=folder / "robust", workers=1)
    explore_command(SCENARIOS / "spaces" / "plausible.toml", points=8, reps=10,
                    out=folder / "explore", workers=1)
    folders = [folder / n for n in ("us_commits", "baseline", "claims", "critic", "robust",
                                    "explore")]
    html = folder / "report.html"
    report_command(folders, out=html, pdf=folder / "report.pdf", command=["sim", "report"])
    return SimpleNamespace(folder=folder, folders=folders, html=html, text=html.read_text(),
                           pdf=folder / "report.pdf")


class Page(HTMLParser):
    """What a page refers to: ids, links, pictures, scripts and styles from elsewhere."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.links: list[str] = []
        self.images: list[str] = []
        self.fetched: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if "id" in found:
            self.ids.append(found["id"])
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if tag == "img":
            self.images.append(found.get("src", ""))
        if tag in ("script", "link", "iframe", "source", "video", "audio") and (
                found.get("src") or found.get("href")):
            self.fetched.append(found.get("src") or found.get("href"))


def parsed(text: str) -> Page:
    page = Page()
    page.feed(text)
    return page


# ---- the document --------------------------------------------------------------------------
def test_every_link_and_picture_is_inside_the_one_file(study):
    page = parsed(study.text)
    assert len(page.ids) == len(set(page.ids)), "duplicate ids"
    internal = [link for link in page.links if link.startswith("#")]
    assert len(internal) >= 14  # the contents, the claim cards, the claims report's table
    assert [link for link in internal if link[1:] not in page.ids] == []
    assert page.fetched == []  # no script, style or frame from anywhere
    assert len(page.images) >= 8
    for source in page.images:
        assert source.startswith("data:image/png;base64,")
        assert base64.b64decode(source.split(",", 1)[1])[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_outcomes_are_what_the_runs_say(study):
    summary = pd.read_csv(study.folders[0] / "summary.csv")
    for metric in (m for m in METRICS if m.key in ("share.stalemate", "russia_gain_km2")):
        row = describe(summary, "us_commits", metric)
        shown = (f"{row.value:.1%} [{row.ci_low:.1%}, {row.ci_high:.1%}]"
                 if metric.statistic == "share"
                 else f"{row.value:,.0f} [{row.ci_low:,.0f}, {row.ci_high:,.0f}]")
        assert f">{shown}</td>" in study.text
    assert "baseline - us_commits" in study.text  # the second folder against the first


def test_each_claim_has_a_card_with_its_verdict_and_each_critic(study):
    claims = pd.read_csv(study.folders[2] / "claims.csv")
    cards = re.findall(r'<article class="card tone-(\w+)" id="card-(c\d+)"', study.text)
    assert [c for _, c in cards] == [i.lower() for i in claims["id"]]
    for (tone, _), verdict in zip(cards, claims["verdict"], strict=True):
        assert tone == {"supported": "good", "not supported": "bad"}.get(verdict, tone)
    critic = pd.read_csv(study.folders[3] / "claims.csv").set_index("id")
    card = study.text[study.text.index('id="card-c2"'):study.text.index('id="card-c7"')]
    assert "sanctions_barely_bite" in card and critic.loc["C2", "verdict"] in card


def test_the_note_heads_the_page_and_ends_every_section(study):
    sections = study.text.count("<section ")
    assert sections >= 8
    assert study.text.count(sim.PROJECTION_NOTE.replace("'", "&#x27;")) == sections + 2
    assert study.text.index("projection-note") < study.text.index("<main>")


def test_the_fit_and_the_held_out_year_come_with_every_report(study):
    page = parsed(study.text)
    assert {"fit", "held-out-year", "robust", "explore", "claims", "assumptions"} <= set(
        page.ids)
    assert "(shipped)" in study.text


def test_the_same_folders_give_the_same_bytes(study, tmp_path):
    again = tmp_path / "again.html"
    report_command(study.folders, out=again, pdf=tmp_path / "again.pdf",
                   command=["sim", "report"])
    assert again.read_bytes() == study.html.read_bytes()
    assert (tmp_path / "again.pdf").read_bytes() == study.pdf.read_bytes()


def test_the_pdf_has_the_sections_and_the_figures(study):
    data = study.pdf.read_bytes()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert data.count(b"/Subtype /Image") == len(set(parsed(study.text).images))  # each once
    assert b"/Outlines" in data
    pages = re.search(rb"/Count (\d+)\s*/Kids", data)  # the page tree's
    assert pages is not None and int(pages.group(1)) > 5


def test_a_picture_from_outside_its_folder_is_never_read(study, tmp_path):
    secret = tmp_path / "secret.png"
    shutil.copy(study.folder / "explore" / "sensitivity.png", secret)
    robust = tmp_path / "robust"
    shutil.copytree(study.folder / "robust", robust)
    report = robust / "report.md"
    report.write_text(report.read_text() + "\n![leak](../secret.png)\n![abs](" + str(secret)
                      + ")\n")
    report_command([robust], out=tmp_path / "r.html")
    text = (tmp_path / "r.html").read_text()
    embedded = base64.b64encode(secret.read_bytes()).decode()[:200]
    assert embedded not in text and "[figure not found in robust: ../secret.png]" in text


# ---- bad input -------------------------------------------------------------------------------
def test_bad_input_is_one_line_and_writes_nothing(study, tmp_path):
    out = tmp_path / "r.html"
    empty = tmp_path / "empty"
    empty.mkdir()
    odd = tmp_path / "odd"
    shutil.copytree(study.folders[0], odd)
    (odd / "manifest.json").write_text("{not json")
    cases = [
        ([str(tmp_path / "us_comits")], "no such folder"),
        ([str(empty)], "not a folder sim wrote (it holds none of"),
        ([str(odd)], "manifest.json: cannot be read"),
        ([str(study.folders[0]), str(study.folders[0])], "given twice; give each"),
        ([str(study.folders[0]), "--out", str(tmp_path / "r.txt")], "must name a .html"),
        ([str(study.folders[0]), "--pdf", str(tmp_path / "r.png")], "must name a .pdf"),
    ]
    for args, said in cases:
        line = one_line_error(CliRunner().invoke(main, ["report", *args, "--out", str(out)]
                                                 if "--out" not in args else ["report", *args]))
        assert said in line, line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty", "odd"]


def test_damaged_folders_are_one_line_too(study, tmp_path):
    claims = tmp_path / "claims"
    shutil.copytree(study.folders[2], claims)
    table = (claims / "claims.csv").read_text().splitlines()
    header = table[0].split(",")
    first = table[1].split(",")
    first[header.index("effect")] = "lots"
    (claims / "claims.csv").write_text("\n".join([table[0], ",".join(first), *table[2:]]))
    old = tmp_path / "old"
    shutil.copytree(study.folders[0], old)
    manifest = json.loads((old / "manifest.json").read_text())
    (old / "manifest.json").write_text(json.dumps({**manifest, "model_version": "6"}))
    out = ["--out", str(tmp_path / "r.html")]
    for args, said in [([str(claims)], "column effect must hold numbers"),
                       ([str(old)], "written by model version 6"),
                       ([str(study.folders[2]), str(study.folders[2].parent / "claims")],
                        "given twice;"),
                       ([str(study.folders[0] / "summary.csv")], "a file; give the folder it"),
                       ([str(study.folder)], "it holds 6 that sim wrote: give them")]:
        assert said in one_line_error(CliRunner().invoke(main, ["report", *args, *out]))
    twice = tmp_path / "claims-again"
    shutil.copytree(study.folders[2], twice)
    line = one_line_error(CliRunner().invoke(main, ["report", str(study.folders[2]),
                                                    str(twice), *out]))
    assert "under the same assumptions (defaults)" in line
    assert not (tmp_path / "r.html").exists()


def test_nothing_outside_a_folder_reaches_the_page_and_no_text_becomes_markup(study, tmp_path):
    secret = tmp_path / "secret.png"
    shutil.copy(study.folder / "explore" / "sensitivity.png", secret)
    critic = tmp_path / "critic"
    shutil.copytree(study.folders[3], critic)
    (critic / "charts" / "C2.png").unlink()
    (critic / "charts" / "C2.png").symlink_to(secret)
    claims = tmp_path / "claims"
    shutil.copytree(study.folders[2], claims)
    (claims / "charts" / "C7.png").write_bytes(b"\x89PNG\r\n\x1a\n not a picture")
    frame = pd.read_csv(critic / "claims.csv", dtype=str, keep_default_na=False)
    frame["assumptions"] = 'x" onmouseover="alert(1)'
    frame.to_csv(critic / "claims.csv", index=False)
    report_command([claims, critic], out=tmp_path / "r.html", pdf=tmp_path / "r.pdf")
    text = (tmp_path / "r.html").read_text()
    assert base64.b64encode(secret.read_bytes()).decode()[:200] not in text
    assert 'onmouseover="' not in text and 'id="claims-x-onmouseoveralert1"' in text
    page = parsed(text)
    assert len(page.ids) == len(set(page.ids))
    assert [link for link in page.links if link.startswith("#") and link[1:] not in page.ids] \
        == []
    card = text[text.index('id="card-c7"'):]
    assert "<img" not in card[:card.index("</article>")]  # the broken chart is left out


def test_two_folders_of_one_kind_keep_every_id_unique(study, tmp_path):
    again = tmp_path / "explore-again"
    shutil.copytree(study.folder / "explore", again)
    report_command([study.folder / "explore", again], out=tmp_path / "r.html")
    page = parsed((tmp_path / "r.html").read_text())
    assert len(page.ids) == len(set(page.ids))
    assert {"explore-1", "explore-2"} <= set(page.ids)
    assert [link for link in page.links if link.startswith("#") and link[1:] not in page.ids] \
        == []


def test_a_misspelt_folder_is_named(study, tmp_path):
    line = one_line_error(CliRunner().invoke(main, ["report", str(study.folder / "robst"),
                                                    "--out", str(tmp_path / "r.html")]))
    assert line.endswith(f"(did you mean {study.folder / 'robust'}?)")


# ---- the writer ------------------------------------------------------------------------------
FULL_DISK = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
from cli import main
main(sys.argv[1:])
"""
KILLED_WHILE_WRITING = """
import os, signal, sys
from sim.report import outputs
real = outputs._stage
def stage(path, content):
    staged = real(path, content)
    if path.suffix == ".pdf":
        os.kill(os.getpid(), signal.SIGKILL)  # killed with the HTML staged, the PDF too
    return staged
outputs._stage = stage
from cli import main
main(sys.argv[1:])
"""


def _sim(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", script, *args], cwd=ROOT, capture_output=True,
                          text=True, check=False)


def test_a_full_disk_keeps_the_previous_report(study, tmp_path):
    out = tmp_path / "r.html"
    out.write_text("the previous report")
    done = _sim(FULL_DISK, "report", str(study.folders[4]), "--out", str(out))
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if line.startswith("Error: ")]
    assert errors == [f"Error: {out}: cannot write (File too large); nothing was written"]
    assert out.read_text() == "the previous report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html"]


def test_a_writer_killed_midway_keeps_both_files_and_its_leftovers_are_swept(study, tmp_path):
    out, pdf = tmp_path / "r.html", tmp_path / "r.pdf"
    out.write_text("previous html")
    pdf.write_text("previous pdf")
    args = ["report", str(study.folders[4]), "--out", str(out), "--pdf", str(pdf), "-q"]
    killed = _sim(KILLED_WHILE_WRITING, *args)
    assert killed.returncode == -9, killed.stderr
    assert out.read_text() == "previous html" and pdf.read_text() == "previous pdf"
    assert len(list(tmp_path.glob(".r.*.tmp-*"))) == 2  # both staged when it was killed
    assert CliRunner().invoke(main, args).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.html", "r.pdf"]
    assert out.read_text().startswith("<!DOCTYPE html>")


def test_ctrl_c_while_drawing_writes_nothing(study, tmp_path, monkeypatch):
    from sim.report import report_sections

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(report_sections, "outcomes_section", interrupted)
    done = CliRunner().invoke(main, ["report", str(study.folders[0]), "--out",
                                     str(tmp_path / "r.html")])
    assert done.exit_code == 130 and "Interrupted: " in done.output, done.output
    assert list(tmp_path.iterdir()) == []


# ---- in a browser ----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def axe_script(tmp_path_factory) -> Path:
    """axe-core's script, from the npm registry (kept in the user's cache between runs)."""
    cache = Path.home() / ".cache" / "sim-tests" / f"axe-core-{AXE_VERSION}"
    script = cache / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        npm = shutil.which("npm")
        assert npm, "npm is needed to fetch axe-core for the accessibility check"
        cache.mkdir(parents=True, exist_ok=True)
        done = subprocess.run([npm, "install", "--no-save", "--no-audit", "--no-fund",
                               "--prefix", str(cache), f"axe-core@{AXE_VERSION}"],
                              capture_output=True, text=True, check=False, timeout=300)
        assert done.returncode == 0 and script.is_file(), done.stderr
    return script


@pytest.fixture(scope="module")
def report_page(study):
    from tests.test_app import find_chromium

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("no Chromium found (install Debian's chromium: apt-get install -y "
                    "chromium) - the browser tests need one")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-background-networking", "--disable-component-update"])
        page = browser.new_page()
        messages: list[str] = []
        page.on("console", lambda m: messages.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: messages.append(f"pageerror: {e}"))
        requests: list[str] = []
        page.on("request", lambda r: requests.append(r.url))
        page.goto(study.html.as_uri())
        page.wait_for_load_state("load")
        yield SimpleNamespace(page=page, messages=messages, requests=requests)
        browser.close()


@pytest.mark.browser
def test_in_chromium_it_loads_whole_offline_and_without_errors(report_page):
    page = report_page.page
    assert report_page.messages == []
    assert [u for u in report_page.requests if not u.startswith(("file:", "data:"))] == []
    broken = page.evaluate("""() => Array.from(document.images)
        .filter(i => !i.complete || i.naturalWidth === 0).map(i => i.alt)""")
    assert broken == [] and page.evaluate("document.images.length") >= 8
    missing = page.evaluate("""() => Array.from(document.querySelectorAll('a[href^="#"]'))
        .map(a => a.getAttribute('href').slice(1))
        .filter(id => !document.getElementById(decodeURIComponent(id)))""")
    assert missing == []


@pytest.mark.browser
def test_in_chromium_a_link_into_a_folded_section_opens_it(report_page):
    page = report_page.page
    page.click('a[href="#claims-detail-c2"]')
    assert page.evaluate("document.getElementById('claims-detail-c2').closest('details').open")
    assert page.is_visible("#claims-detail-c2")


@pytest.mark.browser
def test_axe_finds_no_serious_or_critical_violation(report_page, axe_script):
    page = report_page.page
    page.add_script_tag(path=str(axe_script))
    page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    result = page.evaluate("""async () => {
        const r = await axe.run(document, {resultTypes: ['violations']});
        return r.violations.map(v => ({id: v.id, impact: v.impact, nodes: v.nodes.length,
                                       target: v.nodes[0].target}));
    }""")
    serious = [v for v in result if v["impact"] in ("serious", "critical")]
    assert serious == [], json.dumps(serious, indent=1)


# ---- the page's Report button ------------------------------------------------------------------
def test_the_page_reports_its_setting_as_sim_report_does():
    from sim.app import session

    base = sim.load_scenario(SCENARIOS / "us_commits.toml")
    reference = sim.load_scenario(SCENARIOS / "baseline.toml")
    scenario = session.build(base, session.lever_values(base) | {"china.economic_support": 0.8},
                             "none", 30)
    view = session.compute(scenario, session.build(reference, session.lever_values(reference),
                                                   "none", 30), 30)
    text = session.report_html(view).decode()
    assert session.report_html(view).decode() == text  # the same each time
    words = re.sub(r'src="data:[^"]*"', "", text)  # the pictures' data aside
    assert str(ROOT) not in words and "/1-reference" not in words  # nothing of the server's
    assert "scenario runs: us_commits (scenarios/us_commits.toml)" in words
    shown = session.estimate_text(view.row("share.ceasefire"))
    share = view.row("share.ceasefire")
    assert f">{share.value:.1%} [{share.ci_low:.1%}, {share.ci_high:.1%}]</td>" in text, shown
    assert "us_commits against baseline" in text and "<h2 id=\"fit\">" in text
    assert "<td>0.6 (this study: 1-reference 0.6; 2-us_commits 0.8)</td>" in text


def test_the_summary_is_computed_from_the_folders(study):
    start = study.text.index('id="summary"')
    summary = study.text[start:study.text.index("</section>", start)]
    claims = pd.read_csv(study.folders[2] / "claims.csv")
    for verdict, ids in claims.groupby("verdict")["id"]:
        assert f"{verdict} {', '.join(ids)}" in summary
    strategies = pd.read_csv(study.folders[4] / "strategies.csv")
    best = strategies.sort_values("satisficing", ascending=False, kind="stable").iloc[0]
    assert f"futures (95% interval): {best.strategy} {best.satisficing:.0%}" in summary
    summary_csv = pd.read_csv(study.folders[0] / "summary.csv")
    gain = describe(summary_csv, "us_commits", next(m for m in METRICS
                                                     if m.key == "russia_gain_km2"))
    assert f"us_commits: {gain.value:,.0f} km2 [{gain.ci_low:,.0f}, {gain.ci_high:,.0f}]" \
        in summary
