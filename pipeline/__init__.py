"""Tolmach: an offline translation and localisation pipeline.

Data flows one way: documents -> segments -> catalogs -> MT -> checks -> build.
See docs/architecture.md for the map of modules.
"""

__version__ = "0.1.0"
