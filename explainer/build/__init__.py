"""Stages 3, 4 and 7: plan, export what is stale, write `output/` atomically.

`build(content, out)` is the pipeline: validate (content), plan every artifact with the
hash of what it is made of (plan), export only the images missing from the cache
(images), render pages (site), then write a staging folder and swap it in (atomic),
under a lock, with a manifest and the corrections a changed fact calls for. Also
`explainer watch`.
"""

from explainer.build.pipeline import BuildReport, build, image_jobs_for

__all__ = ["BuildReport", "build", "image_jobs_for"]
