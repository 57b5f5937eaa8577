"""The review workbench (``vigie serve``): incidents, map, timeline, evidence, corrections."""

from vigie.web.app import create_app, serve

__all__ = ["create_app", "serve"]
