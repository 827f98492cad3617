"""explainer: turn the facts of a news story into a static visual explainer."""

__version__ = "0.1.0"
