-- Which process runs a run (so a run whose process is gone is shown as interrupted, not
-- running), why a run could not finish, and why the events stage stopped short on a document
-- (a text cut for the parser, a time budget spent).
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN host TEXT;
ALTER TABLE runs ADD COLUMN note TEXT;
ALTER TABLE documents ADD COLUMN extraction_note TEXT;
