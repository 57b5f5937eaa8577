-- Which documents the dedup step has already placed: later runs compare only the new ones.
ALTER TABLE documents ADD COLUMN deduped INTEGER NOT NULL DEFAULT 0;
