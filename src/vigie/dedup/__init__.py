"""Deduplication: exact copies, near-duplicates and syndicated rewrites of one wire story."""

from vigie.dedup.groups import assign_groups, classify
from vigie.dedup.minhash import band_keys, body_of, shingles, signature

__all__ = ["assign_groups", "band_keys", "body_of", "classify", "shingles", "signature"]
