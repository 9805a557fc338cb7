"""Vendored front-end files are exactly the upstream files their manifest names.

Every file under static/vendor/ (served to users) and tests/browser/vendor/ (test tools)
has a MANIFEST.json entry with package, version, source, licence and sha256. A file that
changes without its entry, a file without an entry, or an entry without a file fails here.
"""

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = [ROOT / "static" / "vendor", ROOT / "tests" / "browser" / "vendor"]
KEYS = {"package", "version", "source", "path_in_package", "homepage", "licence"}
KEYS |= {"licence_file", "sha256"}


def manifest_problems(folder: Path) -> list[str]:
    """Everything wrong between a vendor folder and its MANIFEST.json, one line each."""
    manifest = folder / "MANIFEST.json"
    if not manifest.exists():
        return [f"{folder}: no MANIFEST.json"]
    entries = json.loads(manifest.read_text())["files"]
    on_disk = {
        path.relative_to(folder).as_posix()
        for path in folder.rglob("*")
        if path.is_file() and path != manifest and "__pycache__" not in path.parts
    }
    problems = [f"{name}: not in MANIFEST.json" for name in sorted(on_disk - entries.keys())]
    problems += [f"{name}: listed but missing" for name in sorted(entries.keys() - on_disk)]
    for name in sorted(on_disk & entries.keys()):
        entry = entries[name]
        if missing := KEYS - entry.keys():
            problems.append(f"{name}: entry lacks {sorted(missing)}")
            continue
        digest = hashlib.sha256((folder / name).read_bytes()).hexdigest()
        if digest != entry["sha256"]:
            problems.append(f"{name}: sha256 {digest} does not match the manifest")
        if entry["licence_file"] not in entries:
            problems.append(f"{name}: licence file {entry['licence_file']} is not vendored")
        if entry["version"] not in entry["source"]:
            problems.append(f"{name}: source does not name version {entry['version']}")
    return problems


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.parent.name)
def test_vendored_files_match_their_manifest(folder):
    assert manifest_problems(folder) == []


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda folder: folder.parent.name)
def test_each_script_and_stylesheet_states_the_version_its_entry_claims(folder):
    entries = json.loads((folder / "MANIFEST.json").read_text())["files"]
    for name, entry in entries.items():
        if name.endswith((".js", ".css")):
            assert entry["version"] in (folder / name).read_text(encoding="utf-8"), name


def test_templates_load_only_vendored_files_that_are_listed():
    entries = json.loads((FOLDERS[0] / "MANIFEST.json").read_text())["files"]
    wanted = set()
    for template in ROOT.glob("**/templates/**/*.html"):
        if ".venv" not in template.parts:
            wanted |= set(re.findall(r"static '(vendor/[^']+)'", template.read_text()))
    assert wanted, "no template loads a vendored file: the pattern is out of date"
    assert {path.removeprefix("vendor/") for path in wanted} <= entries.keys()


def test_the_check_catches_a_changed_an_unlisted_and_a_missing_file(tmp_path):
    folder = tmp_path / "vendor"
    shutil.copytree(FOLDERS[0], folder)
    assert manifest_problems(folder) == []
    (folder / "htmx" / "htmx.min.js").write_text("/* patched by hand */")
    (folder / "extra.js").write_text("alert(1)")
    (folder / "chartjs" / "chart.umd.min.js").unlink()
    problems = manifest_problems(folder)
    assert problems[0] == "extra.js: not in MANIFEST.json"
    assert problems[1] == "chartjs/chart.umd.min.js: listed but missing"
    assert problems[2].startswith("htmx/htmx.min.js: sha256 ")
    assert len(problems) == 3
