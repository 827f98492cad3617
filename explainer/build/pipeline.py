"""`explainer build`: content.yaml → output/, incremental, atomic, locked.

    build(content, out) -> BuildReport

1. Fast path: if the content file, the files it references and the tool are exactly
   those of the last build, and output/ still holds what that build wrote, there is
   nothing to do: no validation, no plotting, no browser.
2. Validate and resolve the story (any problem: ContentError, nothing touched).
3. Plan: every artifact gets a key, the hash of exactly what it is made from. For an
   image that is the Plotly figure itself (computed from the resolved facts, so a
   derived fact follows its inputs), its size and format, the font and the versions
   of explainer, plotly and kaleido. The browser is looked for only when an image
   must be drawn: a rebuild whose images are all cached needs none.
4. Export only the images whose key is not in the cache, all in one browser session.
5. Render pages, CSV, alt text, manifest into a staging folder beside output/, then
   swap it in. If anything fails, output/ is left exactly as it was.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from explainer.site import layout
from explainer.build.atomic import swap_in
from explainer.errors import ExplainerError
from explainer.settings import env_float

MANIFEST_VERSION = 1
#: Seconds a build waits for another build of the same output (EXPLAINER_LOCK_TIMEOUT).
LOCK_TIMEOUT = 120.0


class BuildError(ExplainerError):
    exit_code = 1


# -- report -----------------------------------------------------------------------------
@dataclass
class BuildReport:
    out: Path
    #: path -> "fresh" | "stale" | "new"
    artifacts: dict[str, str] = field(default_factory=dict)
    rendered: int = 0
    corrections: int = 0
    fast: bool = False
    browser_started: bool = False
    seconds: float = 0.0

    def count(self, status: str) -> int:
        return sum(1 for s in self.artifacts.values() if s == status)

    def lines(self, verbose: bool = False) -> list[str]:
        out = []
        if verbose:
            out += [f"  {status:5}  {path}" for path, status in sorted(self.artifacts.items())]
        fresh = self.count("fresh")
        changed = len(self.artifacts) - fresh
        summary = f"{fresh} fresh, {changed} re-rendered"
        if self.fast:
            summary = f"nothing changed: {fresh} fresh, 0 re-rendered"
        extra = (
            f"; {self.corrections} correction{'s' if self.corrections != 1 else ''} recorded"
            if self.corrections
            else ""
        )
        out.append(f"{summary}{extra} → {self.out} ({self.seconds:.2f} s)")
        return out


# -- hashing ----------------------------------------------------------------------------
def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def digest(obj: Any) -> str:
    return sha256(json.dumps(obj, sort_keys=True, ensure_ascii=False, default=str).encode())


def _version(pkg: str) -> str:
    try:
        return version(pkg)
    except PackageNotFoundError:
        return "?"


def tool_identity() -> dict[str, str]:
    """What, besides the content, the output depends on. Cheap: no browser is started."""
    from explainer import __version__

    # The browser is not part of it: a build whose images are all in the cache must work
    # on a machine with no Chromium. A new Chromium alone re-renders nothing; after a
    # browser upgrade, `explainer build --no-cache` draws everything again.
    return {
        "explainer": __version__,
        "plotly": _version("plotly"),
        "kaleido": _version("kaleido"),
        "code": _code_hash(),
    }


def _code_hash() -> str:
    """A hash of the package's own source, templates and assets (a code change re-renders)."""
    root = Path(__file__).resolve().parents[1]  # the explainer package
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if (
            path.is_file()
            and path.suffix in (".py", ".html", ".css", ".js", ".json")
            and "__pycache__" not in path.parts
        ):
            h.update(path.relative_to(root).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:16]


def input_files(content: Path, story_sources: list[str] | None = None) -> dict[str, str]:
    """Hashes of the content file and the source files it references."""
    files = {content.name: sha256(content.read_bytes())}
    for rel in story_sources or []:
        p = content.parent / rel
        if p.is_file():
            files[rel] = sha256(p.read_bytes())
    return files


# -- locking and atomic output -------------------------------------------------------------
@contextlib.contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """One build at a time per output folder; a second one waits, then gives up clearly."""
    out.parent.mkdir(parents=True, exist_ok=True)
    lock_path = out.parent / f".{out.name}.lock"
    with open(lock_path, "a+") as handle:
        wait = env_float("EXPLAINER_LOCK_TIMEOUT", LOCK_TIMEOUT)
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise BuildError(
                        f"another build is still writing {out}; waited "
                        f"{wait:g} s. Try again when it has finished."
                    ) from None
                if not told:
                    print(f"waiting for another build of {out} to finish…", file=sys.stderr)
                    told = True
                time.sleep(0.1)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def fault(name: str) -> None:
    """Fault injection for tests: EXPLAINER_FAULT=<step> makes that step fail;
    EXPLAINER_FAULT=interrupt@<step> interrupts it as Ctrl-C would; EXPLAINER_FAULT=disk-full
    makes writing the output fail as a full disk would (ENOSPC). Image export faults
    (kill-browser@N, hang-export@N) are in export.py."""
    wanted = os.environ.get("EXPLAINER_FAULT", "")
    if wanted == "disk-full" and name == "write":
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    kind, _, step = wanted.rpartition("@")
    if step == name:
        if kind == "interrupt":
            raise KeyboardInterrupt
        raise BuildError(f"injected fault: {name}")


# -- the build ------------------------------------------------------------------------------
def read_manifest(out: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((out / layout.MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("version") == MANIFEST_VERSION else None


def _fast_path(
    content: Path, out: Path, manifest: Mapping[str, Any] | None, tool: dict[str, str]
) -> bool:
    if not manifest or manifest.get("tool") != tool:
        return False
    recorded = manifest.get("inputs", {})
    if input_files(content, [k for k in recorded if k != content.name]) != recorded:
        return False
    for rel, meta in manifest.get("artifacts", {}).items():
        p = out / rel
        if not p.is_file() or p.stat().st_size != meta["bytes"]:
            return False
    return True


def build(
    content: Path | str,
    out: Path | str,
    *,
    use_cache: bool = True,
    progress: bool = False,
    cache_dir: Path | None = None,
) -> BuildReport:
    start = time.perf_counter()
    content, out = Path(content), Path(out)
    cache = cache_dir or out.parent / ".explainer-cache"
    report = BuildReport(out)
    tool = tool_identity()
    with output_lock(out):
        manifest = read_manifest(out)
        if use_cache and content.is_file() and _fast_path(content, out, manifest, tool):
            assert manifest is not None
            report.fast = True
            report.artifacts = {rel: "fresh" for rel in manifest["artifacts"]}
            report.seconds = time.perf_counter() - start
            return report
        _full_build(content, out, cache, manifest, tool, report, use_cache, progress)
    report.seconds = time.perf_counter() - start
    return report


def _full_build(
    content: Path,
    out: Path,
    cache: Path,
    manifest: Mapping[str, Any] | None,
    tool: dict[str, str],
    report: BuildReport,
    use_cache: bool,
    progress: bool,
) -> None:
    from explainer.build import corrections as corr
    from explainer.build.plan import plan_site, render_images
    from explainer.content.validate import load_story

    story = load_story(content)
    fault("after-validate")

    # corrections: compare with the facts of the last build in this output folder
    facts_now = {f.id: corr.fact_record(f, story) for f in story.facts.values()}
    record_path = corr.corrections_file(content)
    recorded = corr.load_corrections(record_path)
    added = []
    if manifest and "facts" in manifest:
        added = corr.new_corrections(corr.compare(manifest["facts"], facts_now), story)
    all_corrections = [*recorded, *added]
    report.corrections = len(added)

    site = plan_site(story)
    previous = (manifest or {}).get("artifacts", {})
    cache.mkdir(parents=True, exist_ok=True)
    started = render_images(site.images, cache, use_cache=use_cache, progress=progress)
    report.browser_started = started > 0
    report.rendered = started
    fault("after-export")

    staging = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        files = site.finish(story, cache, corr.newest_first(all_corrections))
        files["facts.json"] = (
            json.dumps(
                {"story": story.id, "facts": facts_now},
                ensure_ascii=False,
                indent=2,
                sort_keys=True,
            )
            + "\n"
        ).encode()
        artifacts: dict[str, dict[str, Any]] = {}
        for rel, data in sorted(files.items()):
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fault("write")
            target.write_bytes(data)
            key = site.keys.get(rel) or sha256(data)
            artifacts[rel] = {"sha256": sha256(data), "bytes": len(data), "key": key}
            old = previous.get(rel)
            report.artifacts[rel] = (
                "new" if old is None else ("fresh" if old.get("key") == key else "stale")
            )
        fault("before-swap")
        sources = sorted(str(s.file) for s in story.sources.values() if s.file)
        corrections_text = corr.dump_corrections(all_corrections) if all_corrections else None
        if corrections_text is not None:
            sources.append(record_path.name)
        manifest_out = {
            "version": MANIFEST_VERSION,
            "story": story.id,
            "tool": tool,
            "inputs": {
                **input_files(content, sources),
                **(
                    {record_path.name: sha256(corrections_text.encode())}
                    if corrections_text
                    else {}
                ),
            },
            "facts": facts_now,
            "artifacts": artifacts,
        }
        (staging / layout.MANIFEST).write_text(
            json.dumps(manifest_out, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        swap_in(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    if added and corrections_text is not None:
        record_path.write_text(corrections_text, encoding="utf-8")


def image_jobs_for(content: Path | str, out_dir: Path | str) -> list[Any]:
    """The reference story's export jobs, written under `out_dir` (for benchmarks)."""
    from explainer.images.export import ImageJob
    from explainer.build.plan import plan_site
    from explainer.content.validate import load_story

    site = plan_site(load_story(content))
    return [
        ImageJob(
            figure=img.figure,
            path=Path(out_dir) / img.rel,
            width=img.width,
            height=img.height,
            scale=img.scale,
            name=img.rel,
            svg_id=img.svg_id,
        )
        for img in site.images
    ]
