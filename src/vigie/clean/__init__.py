"""Cleaning: keep the article (title, standfirst, body), drop everything else on the page."""

from vigie.clean.text import CleanedPage, clean_flat_text

__all__ = ["CleanedPage", "clean_flat_text"]
