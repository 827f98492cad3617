"""Golden folders: whole builds compared file by file with a committed copy.

In the manner of Observable Framework's build tests: each case (the reference story and
the test stories) is built for real into a temporary folder and compared with
`tests/golden/<case>/`: text files as text (a diff on failure), images by bytes. On a
mismatch the actual build is written beside the golden copy as `<case>-changed/` (not
committed) so that `diff -r tests/golden/<case> tests/golden/<case>-changed` shows it.

A change to the output made on purpose updates the golden copy:

    make golden        # = EXPLAINER_GOLDEN=update .venv/bin/pytest tests/test_golden.py

Two things in manifest.json are not content and are masked in both copies: the tool
identity (a hash of explainer's own code, so any code change would show) and the cache
keys of images (they hash the exporter's code for the same reason). Everything a reader,
an embed or a fact-checker sees is compared byte for byte.

The images are Chromium's drawing: a new Chromium may change a few pixels. Then the test
fails naming the browser the golden copy was made with; look at the `-changed` images and
update on purpose.
"""

from __future__ import annotations

import difflib
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.browser

GOLDEN = ROOT / "tests" / "golden"
CASES = {
    "reference": ROOT / "content.yaml",
    "rainfall": ROOT / "tests" / "stories" / "rainfall.yaml",
    "minimal": ROOT / "tests" / "stories" / "minimal.yaml",
    "vendanges": ROOT / "tests" / "stories" / "vendanges.yaml",
    "dessalement": ROOT / "tests" / "stories" / "dessalement.yaml",
}
TEXT = {".html", ".css", ".js", ".json", ".csv", ".txt", ".svg", ".md"}
UPDATE = os.environ.get("EXPLAINER_GOLDEN") == "update"
MASK = "(masked: not content)"
BROWSER_FILE = "BROWSER.txt"


def _browser_version() -> str:
    from explainer.images.export import find_browser

    try:
        found = subprocess.run(
            [find_browser(), "--version"], capture_output=True, text=True, timeout=60
        )
    except Exception as e:  # noqa: BLE001 - reported in the failure message only
        return f"unknown ({type(e).__name__})"
    return found.stdout.strip() or "unknown"


def _normalised(rel: str, data: bytes) -> bytes:
    if rel != "manifest.json":
        return data
    manifest = json.loads(data)
    manifest["tool"] = {name: MASK for name in manifest.get("tool", {})}
    for meta in manifest.get("artifacts", {}).values():
        if meta.get("key") != meta.get("sha256"):
            meta["key"] = MASK
    return (json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode()


def _files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): _normalised(
            p.relative_to(folder).as_posix(), p.read_bytes()
        )
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != BROWSER_FILE
    }


def _write(folder: Path, files: dict[str, bytes], browser: str) -> None:
    shutil.rmtree(folder, ignore_errors=True)
    for rel, data in files.items():
        target = folder / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    (folder / BROWSER_FILE).write_text(browser + "\n", encoding="utf-8")


def _difference(rel: str, want: bytes, got: bytes) -> str:
    if Path(rel).suffix in TEXT:
        diff = difflib.unified_diff(
            want.decode("utf-8", "replace").splitlines(),
            got.decode("utf-8", "replace").splitlines(),
            f"golden/{rel}",
            f"changed/{rel}",
            lineterm="",
            n=1,
        )
        lines = list(diff)
        return "\n".join(lines[:40] + (["…"] if len(lines) > 40 else []))
    return f"{rel}: {len(want)} bytes in the golden copy, {len(got)} now (images differ)"


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_build_matches_its_golden_copy(
    case: str, tmp_path: Path, image_cache: Path, request: pytest.FixtureRequest
) -> None:
    """Built with the run's shared image cache: the images were drawn in this run (by
    this test or another), so they are compared as this machine draws them today."""
    from explainer.build import build

    if case == "reference":  # drawn already for `built_site`: lend them to the cache
        drawn = request.getfixturevalue("built_site").parent / "cache"
        for image in drawn.glob("*.*"):
            if image.is_file() and not (image_cache / image.name).exists():
                shutil.copy2(image, image_cache / f".{image.name}.{os.getpid()}")
                os.replace(image_cache / f".{image.name}.{os.getpid()}", image_cache / image.name)
    out = tmp_path / "output"
    build(CASES[case], out, cache_dir=image_cache)
    got = _files(out)
    golden, changed = GOLDEN / case, GOLDEN / f"{case}-changed"
    browser = _browser_version()
    if UPDATE or not golden.is_dir():
        _write(golden, got, browser)
        shutil.rmtree(changed, ignore_errors=True)
        if not UPDATE:
            pytest.fail(f"no golden copy for {case!r} yet: wrote {golden}; check it and commit it")
        return
    want = _files(golden)
    if got == want:
        shutil.rmtree(changed, ignore_errors=True)
        return
    _write(changed, got, browser)
    missing = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    differ = sorted(rel for rel in set(want) & set(got) if want[rel] != got[rel])
    made_with = (golden / BROWSER_FILE).read_text(encoding="utf-8").strip()
    report = [
        f"the build of {case!r} differs from tests/golden/{case}/ "
        f"({len(differ)} changed, {len(missing)} missing, {len(extra)} new);",
        f"the actual build is in tests/golden/{case}-changed/. "
        "If the change is meant, run `make golden` and commit.",
        *(f"missing: {rel}" for rel in missing[:20]),
        *(f"new: {rel}" for rel in extra[:20]),
        *(_difference(rel, want[rel], got[rel]) for rel in differ[:8]),
    ]
    if made_with != browser and any(Path(rel).suffix == ".png" for rel in differ):
        report.append(f"(the golden images were drawn by {made_with}; this machine has {browser})")
    pytest.fail("\n".join(report), pytrace=False)
