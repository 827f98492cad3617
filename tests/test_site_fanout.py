"""`explainer site` beyond one browser and one machine: every missing image of every
story drawn in one browser session (each shared image once); `--only` builds one story
into a part, `--assemble` puts parts together into the site a plain build makes, byte
for byte, and refuses a stale or missing part; docs/ci/site-matrix.yml runs exactly
these commands.

One image cache for the whole module (as a CI job restores its cache), two small
stories (`minimal`, and `twin`: the same with another id and title, so the two share
every chart image and differ only in their social cards)."""

from __future__ import annotations

import glob
import os
import shlex
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import Result

from explainer.build.plan import plan_site
from explainer.build.site import SiteError, SiteReport, build_site
from explainer.cli import cli
from explainer.content.validate import load_story
from tests.conftest import ROOT
from tests.conftest import cli_runner as _runner
from tests.test_site import _story, _tree

WORKFLOW = ROOT / "docs" / "ci" / "site-matrix.yml"
BROWSER = "/usr/bin/chromium"


def _twin(folder: Path) -> Path:
    """minimal with the id `twin` and its own title (so its own social cards)."""
    _story(folder, "minimal")
    content = folder / "content.yaml"
    text = content.read_text("utf-8").replace("id: minimal", "id: twin", 1)
    text = text.replace('it: "Una storia di prova"', 'it: "Una storia gemella"', 1)
    content.write_text(text.replace('en: "A test story"', 'en: "A twin story"', 1), "utf-8")
    return folder


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """work/stories/{minimal,twin}, and work/.explainer-cache shared by the module."""
    work = tmp_path_factory.mktemp("fanout")
    _story(work / "stories" / "minimal", "minimal")
    _twin(work / "stories" / "twin")
    return work


def _stories(work: Path) -> list[Path]:
    return sorted((work / "stories").iterdir())


@pytest.fixture(scope="module")
def counted(work: Path) -> Iterator[Path]:
    """A BROWSER_PATH that logs each browser start to work/starts.log, then is Chromium."""
    if not os.access(BROWSER, os.X_OK):
        pytest.skip(f"no {BROWSER}")
    log = work / "starts.log"
    wrapper = work / "chromium-counted"
    wrapper.write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {BROWSER} "$@"\n')
    wrapper.chmod(0o755)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("BROWSER_PATH", str(wrapper))
        yield log


def _starts(log: Path) -> int:
    if not log.is_file():
        return 0
    return sum(1 for line in log.read_text().splitlines() if "--version" not in line)


@pytest.fixture(scope="module")
def plain(work: Path, counted: Path) -> tuple[Path, SiteReport, int]:
    """`explainer site stories/*/ -o site -j 2`, cold: the site, its report, browser starts."""
    site = work / "plain" / "site"
    report = build_site(_stories(work), site, jobs=2, cache_dir=work / ".explainer-cache")
    return site, report, _starts(counted)


def test_one_browser_session_draws_every_image_of_every_story_once(
    work: Path, plain: tuple[Path, SiteReport, int]
) -> None:
    _, report, starts = plain
    assert starts == 1 and report.browser_starts == 1
    assert not any(r.browser_started for r in report.stories.values())
    # the two stories share every chart image; only their social cards differ
    planned = [
        img for s in _stories(work) for img in plan_site(load_story(s / "content.yaml")).images
    ]
    keys = {img.key for img in planned}
    assert report.rendered == len(keys) < len(planned)
    assert report.stories["minimal"].rendered + report.stories["twin"].rendered == len(keys)
    assert report.stories["twin"].rendered == 2  # its it and en social cards


def test_a_changed_story_redraws_only_its_stale_images_and_nothing_else(
    work: Path, plain: tuple[Path, SiteReport, int], counted: Path, tmp_path: Path
) -> None:
    site, _, _ = plain
    stories = tmp_path / "stories"
    shutil.copytree(work / "stories", stories)
    shutil.copytree(site, tmp_path / "site")
    content = stories / "twin" / "content.yaml"
    content.write_text(content.read_text("utf-8").replace("gemella", "rifatta"), "utf-8")
    before = _starts(counted)
    report = build_site(
        sorted(stories.iterdir()), tmp_path / "site", cache_dir=work / ".explainer-cache"
    )
    assert report.rendered == 1  # the Italian social card; nothing of minimal
    assert report.stories["minimal"].fast and report.stories["twin"].rendered == 1
    assert _starts(counted) == before + 1
    again = build_site(
        sorted(stories.iterdir()), tmp_path / "site", cache_dir=work / ".explainer-cache"
    )
    assert again.rendered == 0 and again.browser_starts == 0
    assert _starts(counted) == before + 1


# -- the workflow's commands, run here as its jobs run them ---------------------------------
def _workflow() -> dict[str, Any]:
    return yaml.safe_load(WORKFLOW.read_text("utf-8"))


def _runs(job: str) -> list[tuple[str, dict[str, str]]]:
    """The `explainer site` commands a job of the workflow runs, with their env."""
    spec = _workflow()["jobs"][job]
    return [
        (step["run"], {**spec.get("env", {}), **step.get("env", {})})
        for step in spec["steps"]
        if "run" in step and step["run"].startswith("explainer site")
    ]


def _run(command: str, env: dict[str, str], cwd: Path, story: str = "") -> Result:
    """One workflow command in `cwd` (its checkout): the shell's quoting, variables and
    globs, then `> file` if any; run through click's test runner."""
    line, _, redirect = command.partition(" > ")
    args: list[str] = []
    for word in shlex.split(line.replace("$STORY", story))[1:]:
        expanded = sorted(glob.glob(word, root_dir=cwd)) if "*" in word else [word]
        args += expanded
    assert env.get("STORY", "${{ matrix.story }}") == "${{ matrix.story }}"
    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = _runner().invoke(cli, args)
    finally:
        os.chdir(old)
    if redirect:
        (cwd / redirect.strip()).write_text(result.stdout)
    return result


def _checkout(at: Path, work: Path) -> Path:
    """A job's checkout: the stories, and the image cache as actions/cache restores it."""
    at.mkdir(parents=True)
    shutil.copytree(work / "stories", at / "stories")
    (at / ".explainer-cache").symlink_to(work / ".explainer-cache")
    return at


@pytest.fixture(scope="module")
def fanned(work: Path, plain: tuple[Path, SiteReport, int]) -> Path:
    """The workflow run here: list the ids, one job per story, then assemble."""
    ci = work / "ci"
    (listing,) = _runs("stories")
    first = _checkout(ci / "stories", work)
    result = _run(*listing, first)
    assert result.exit_code == 0, result.output
    ids = (first / "ids.txt").read_text().split()
    assert ids == ["minimal", "twin"]
    (per_story,) = _runs("story")
    last = _checkout(ci / "site", work)
    for story_id in ids:
        job = _checkout(ci / f"story-{story_id}", work)
        result = _run(*per_story, job, story_id)
        assert result.exit_code == 0, result.output
        # upload-artifact part/ as part-<id>; download-artifact pattern part-* into parts/
        shutil.copytree(job / "part", last / "parts" / f"part-{story_id}", symlinks=True)
    (assemble,) = _runs("site")
    result = _run(*assemble, last)
    assert result.exit_code == 0, result.output
    return ci


def test_the_workflow_runs_these_commands_and_keeps_what_they_need() -> None:
    flow = _workflow()
    jobs = flow["jobs"]
    assert list(jobs) == ["stories", "story", "site"]
    assert [c for c, _ in _runs("stories")] == ["explainer site stories/*/ --list > ids.txt"]
    assert [c for c, _ in _runs("story")] == ['explainer site stories/*/ --only "$STORY" -o part']
    assert [c for c, _ in _runs("site")] == ["explainer site stories/*/ -o site --assemble parts"]
    story = jobs["story"]
    assert story["needs"] == "stories" and jobs["site"]["needs"] == "story"
    assert story["strategy"]["matrix"]["story"] == "${{ fromJSON(needs.stories.outputs.ids) }}"
    assert jobs["stories"]["outputs"]["ids"] == "${{ steps.ids.outputs.ids }}"
    uses = {s.get("uses", "").split("@")[0]: s.get("with", {}) for s in story["steps"]}
    assert uses["actions/cache"]["path"] == ".explainer-cache"
    assert uses["actions/upload-artifact"]["path"] == "part/"
    assert uses["actions/upload-artifact"]["name"] == "part-${{ matrix.story }}"
    down = {s.get("uses", "").split("@")[0]: s.get("with", {}) for s in jobs["site"]["steps"]}
    assert down["actions/download-artifact"] == {"pattern": "part-*", "path": "parts"}
    assert down["actions/upload-artifact"]["path"] == "site/"


def test_each_part_holds_only_its_story(fanned: Path) -> None:
    for story_id in ("minimal", "twin"):
        part = fanned / f"story-{story_id}" / "part"
        assert [p.name for p in part.iterdir()] == [story_id]
        assert (part / story_id / "manifest.json").is_file()


def test_the_assembled_site_is_the_plain_site_byte_for_byte(
    fanned: Path, plain: tuple[Path, SiteReport, int]
) -> None:
    site, _, _ = plain
    assembled = _tree(fanned / "site" / "site")
    assert assembled == _tree(site)
    assert "index.html" in assembled and "twin/en/index.html" in assembled


def test_a_stale_part_is_refused_naming_story_and_folder_and_the_site_is_untouched(
    work: Path, fanned: Path, tmp_path: Path
) -> None:
    shutil.copytree(work / "stories", tmp_path / "stories")
    shutil.copytree(fanned / "site" / "parts", tmp_path / "parts", symlinks=True)
    shutil.copytree(fanned / "site" / "site", tmp_path / "site")
    source = tmp_path / "stories" / "twin" / "sources" / "minimal.txt"
    source.write_text(source.read_text("utf-8") + "\nA late addition.\n", "utf-8")
    shutil.rmtree(tmp_path / "parts" / "part-minimal")
    before = _tree(tmp_path / "site")
    stories = [str(p) for p in sorted((tmp_path / "stories").iterdir())]
    result = _runner().invoke(
        cli,
        ["site", *stories, "-o", str(tmp_path / "site"), "--assemble", str(tmp_path / "parts")],
    )
    assert result.exit_code == 2, result.output
    err = result.stderr
    assert "story 'twin': the part " in err and "parts/part-twin/twin is stale" in err
    assert "sources/minimal.txt differs" in err
    assert "story 'minimal'" in err and "no part holds it" in err
    assert "hint: build it with `explainer site STORY... --only twin -o PART`" in err
    assert "2 parts refused; nothing was written." in err
    assert _tree(tmp_path / "site") == before
    assert not list(tmp_path.glob(".site.site-tmp-*"))


def test_an_unknown_only_id_is_refused_listing_the_known_ones(work: Path, tmp_path: Path) -> None:
    stories = [str(p) for p in _stories(work)]
    result = _runner().invoke(cli, ["site", *stories, "-o", str(tmp_path / "p"), "--only", "twinn"])
    assert result.exit_code == 2, result.output
    assert "--only twinn: no story has this id (did you mean 'twin'?)" in result.stderr
    assert "the stories given have the ids minimal, twin" in result.stderr
    assert not (tmp_path / "p").exists()
    with pytest.raises(SiteError, match="not both|give one of them"):
        build_site(stories, tmp_path / "p", only=["twin"], assemble=[tmp_path])


def test_a_part_built_with_another_brand_is_refused(fanned: Path, tmp_path: Path) -> None:
    """The parts were built with no brand: a site assembled under one refuses them all."""
    ci = fanned
    stories = sorted((ci / "site" / "stories").iterdir())
    assert len(stories) == 2
    brand = ROOT / "tests" / "brands" / "daily" / "brand.yaml"
    with pytest.raises(SiteError) as refused:
        build_site(stories, tmp_path / "site", assemble=[ci / "site" / "parts"], brand=brand)
    message = str(refused.value)
    assert "built with another brand file" in message and "nothing was written" in message
    assert not (tmp_path / "site").exists()
