"""Stage 1, load and validate: `content.yaml` → a valid `Story`, or every problem at once.

Takes the content file's text; gives a `facts.story.Story` (with derived facts computed)
or raises `errors.ContentError` carrying every problem with its file:line:col and a hint.
Holds the YAML loader that keeps positions, the pydantic model and its JSON Schema, the
checks, formulas, units, "did you mean", and `explainer check` (quotes in sources).
"""
