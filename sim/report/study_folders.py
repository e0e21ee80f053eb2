"""The folders a report is made of: which command wrote each, read from its manifest.

Any mix of `sim run`, `claims`, `explore`, `calibrate`, `robust`, `predict` and `validate`
folders, and the CSV that `sim compare --csv` writes. The model's own fit to the record
(the shipped calibration and the scores of its held-out year) is always added, unless
the reader gives a calibration of their own.
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

import pandas as pd

from sim.errors import ResultsError
from sim.model import MODEL_VERSION
from sim.scenarios.plausible import CALIBRATION_FOLDER

#: The committed scores of the held-out year (`sim validate`'s default folder).
SCORES_FOLDER = CALIBRATION_FOLDER.parent / "validation" / "scores"
COMPARE_COLUMNS = {"scenario", "reference", "metric", "diff", "diff_low", "diff_high"}


class Kind(StrEnum):
    """The command that wrote a folder; the order is the report's."""

    RUN = "run"
    COMPARE = "compare"
    CLAIMS = "claims"
    ROBUST = "robust"
    EXPLORE = "explore"
    CALIBRATE = "calibrate"
    PREDICT = "predict"
    VALIDATE = "validate"


KINDS = tuple(k.value for k in Kind)


@dataclass(frozen=True)
class StudyFolder:
    kind: Kind
    path: Path
    manifest: dict[str, Any]
    shipped: bool = False  # added by the report itself (the model's own calibration)

    @property
    def command(self) -> str:
        """The command that wrote it, as it was typed."""
        words = self.manifest.get("command_line") or []
        return " ".join(str(w) for w in words)

    @property
    def name(self) -> str:
        return self.path.name or str(self.path)


#: The file that marks each kind of folder (a manifest's command line is the command as
#: typed, which a library call does not have).
SIGNATURES = {Kind.RUN: ("summary.csv", "summary.parquet"), Kind.CLAIMS: ("claims.csv",),
              Kind.ROBUST: ("strategies.csv",), Kind.EXPLORE: ("points.csv",),
              Kind.CALIBRATE: ("waves.csv",), Kind.PREDICT: ("predictions.csv",),
              Kind.VALIDATE: ("scores.csv",)}


def read_study(path: str | Path) -> StudyFolder:
    """One folder (or a `sim compare --csv` file), or one line saying why it is not one."""
    path = Path(path)
    if path.is_file() and path.suffix.lower() == ".csv" and _kind_of(path.parent) is None:
        return _compare_file(path)
    if path.is_file():
        raise ResultsError(f"{path}: a file; give the folder it is in ({path.parent})"
                           if _kind_of(path.parent) else
                           f"{path}: a file, not a folder sim wrote (or a sim compare --csv "
                           "table)")
    if not path.is_dir():
        raise ResultsError(f"{path}: no such folder; give folders written by sim "
                           f"{', '.join(KINDS[:-1])} or {KINDS[-1]} (or a sim compare --csv "
                           f"file){_did_you_mean_path(path)}")
    kind = _kind_of(path)
    if kind is None:
        raise ResultsError(f"{path}: not a folder sim wrote ({_what_it_holds(path)})")
    study = StudyFolder(kind, path, _manifest(path))
    _same_model_for_runs(study)
    return study


def _kind_of(path: Path) -> Kind | None:
    kinds = [kind for kind, files in SIGNATURES.items()
             if any((path / name).is_file() for name in files)]
    return kinds[0] if len(kinds) == 1 else None


def _what_it_holds(path: Path) -> str:
    """Why a folder is not one a report reads, and what to give instead."""
    try:
        inside = sorted(p for p in path.iterdir() if p.is_dir() and _kind_of(p) is not None)
    except OSError:
        inside = []
    if inside:
        return (f"it holds {len(inside)} that sim wrote: give them, e.g. sim report "
                f"{' '.join(str(p) for p in inside[:3])}{' ...' if len(inside) > 3 else ''}")
    return ("it holds none of " + ", ".join(f"{files[0]} ({kind.value})"
                                            for kind, files in SIGNATURES.items())
            + "; give a folder a command wrote")


def _same_model_for_runs(study: StudyFolder) -> None:
    """Runs are summarised again by this sim: they must be this model's."""
    version = study.manifest.get("model_version")
    if study.kind is Kind.RUN and version not in (None, MODEL_VERSION):
        reproduce = study.manifest.get("reproduce")
        again = (reproduce.get("command") if isinstance(reproduce, dict) else None) or \
            "the command in its manifest.json"
        raise ResultsError(f"{study.path}: written by model version {version}, this sim is "
                           f"version {MODEL_VERSION}; run it again: {again}")


def _did_you_mean_path(path: Path) -> str:
    parent = path.parent if str(path.parent) else Path(".")
    try:
        names = [p.name for p in parent.iterdir() if p.is_dir()]
    except OSError:
        return ""
    close = difflib.get_close_matches(path.name, names, n=1)
    return f" (did you mean {parent / close[0]}?)" if close else ""


def _manifest(folder: Path) -> dict[str, Any]:
    file = folder / "manifest.json"
    try:
        manifest = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ResultsError(f"{file}: not found; {folder} is not a folder sim wrote (sim run, "
                           "claims, explore, calibrate and robust each write one)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ResultsError(f"{file}: cannot be read ({exc}); write the folder again") from None
    if not isinstance(manifest, dict):
        raise ResultsError(f"{file}: not a manifest (a JSON object); write the folder again")
    return manifest


def _compare_file(path: Path) -> StudyFolder:
    try:
        header = path.open(encoding="utf-8").readline().strip().split(",")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{path}: cannot be read ({exc})") from None
    if not COMPARE_COLUMNS <= set(header):
        raise ResultsError(f"{path}: not a table sim compare --csv wrote (it needs the columns "
                           f"{', '.join(sorted(COMPARE_COLUMNS))}); give a results folder "
                           "or that table")
    return StudyFolder(Kind.COMPARE, path, {})


def read_studies(paths: list[str | Path]) -> list[StudyFolder]:
    """Every folder given, checked before anything is drawn, in the report's order, with
    the shipped calibration and scores added unless a calibration was given."""
    studies = [read_study(p) for p in paths]
    _refuse_repeats(studies)
    if not any(s.kind is Kind.CALIBRATE for s in studies) and CALIBRATION_FOLDER.is_dir():
        studies.append(StudyFolder(Kind.CALIBRATE, CALIBRATION_FOLDER,
                                   _manifest(CALIBRATION_FOLDER), shipped=True))
    if not any(s.kind is Kind.VALIDATE for s in studies) and SCORES_FOLDER.is_dir():
        studies.append(StudyFolder(Kind.VALIDATE, SCORES_FOLDER, _manifest(SCORES_FOLDER),
                                   shipped=True))
    order = {kind: i for i, kind in enumerate(Kind)}
    return sorted(studies, key=lambda s: order[s.kind])  # stable: the reader's order within


def _refuse_repeats(studies: list[StudyFolder]) -> None:
    seen: dict[Path, Path] = {}
    for study in studies:
        key = study.path.resolve()
        if key in seen:
            also = "" if str(seen[key]) == str(study.path) else f" (also as {seen[key]})"
            raise ResultsError(f"{study.path}: given twice{also}; give each folder once")
        seen[key] = study.path


def version_warnings(studies: list[StudyFolder]) -> list[str]:
    """Folders written by another version of the model: their numbers are not this one's."""
    return [f"{s.path}: written by model version {s.manifest['model_version']}, this sim is "
            f"version {MODEL_VERSION}; its numbers are that model's"
            for s in studies if s.manifest.get("model_version") not in (None, MODEL_VERSION)]


# ---- reading inside a folder ---------------------------------------------------------------
def folder_file(folder: Path, name: str) -> Path | None:
    """``name`` inside ``folder``, or None: nothing outside it is ever read (not through
    "..", an absolute path, an address or a symbolic link pointing out)."""
    if "://" in name or name.startswith(("/", "data:")) or "\0" in name:
        return None
    root = folder.resolve()
    path = (root / name).resolve()
    return path if path.is_relative_to(root) and path.is_file() else None


def _again(command: str | None) -> str:
    return (f"write the folder again with sim {command}" if command
            else "write the folder again with the command in its manifest.json")


def read_folder_text(study: StudyFolder, name: str) -> str:
    """A text file of a folder (its own report), read only from inside it."""
    path = folder_file(study.path, name)
    try:
        if path is None:
            raise OSError("not a file inside the folder")
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ResultsError(f"{study.path}/{name}: cannot be read ({exc}); "
                           f"{_again(None)}") from None


def read_folder_csv(study: StudyFolder, name: str, command: str, **options: Any
                    ) -> pd.DataFrame:
    """A table of a folder, read only from inside it, or one line naming the file and the
    command that writes it again."""
    path = folder_file(study.path, name)
    try:
        if path is None:
            raise OSError("not a file inside the folder")
        return pd.read_csv(path, **options)
    except (OSError, UnicodeDecodeError, ValueError, pd.errors.ParserError,
            pd.errors.EmptyDataError) as exc:
        raise ResultsError(f"{study.path}/{name}: cannot be read ({exc}); "
                           f"{_again(command)}") from None
