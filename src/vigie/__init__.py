"""Vigie: from raw crawled news pages to a sourced, deduplicated conflict-incident database.

The package is laid out as the pipeline: ``ingest`` (files to records), ``clean`` (records to
article text), ``describe`` (language, date, outlet, agency), ``dedup`` (copies and syndicated
rewrites), ``store`` (SQLite with migrations), ``runner`` (the order of the stages) and ``cli``.
"""

__version__ = "0.1.0"
