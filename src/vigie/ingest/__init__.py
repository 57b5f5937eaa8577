"""Ingestion: files and folders to raw article records (or rejects with a reason).

Everything streams: a folder of any size is walked lazily and a JSONL or WARC file is read one
record at a time, so memory does not grow with the input.
"""

from vigie.ingest.files import DEFAULT_MAX_BYTES, iter_inputs, document_id_for

__all__ = ["DEFAULT_MAX_BYTES", "iter_inputs", "document_id_for"]
