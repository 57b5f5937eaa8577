-- Review: reviewers, their corrections (audit trail), the overrides and decisions that
-- survive re-runs, and full-text search over articles and notes.
ALTER TABLE incidents ADD COLUMN review_state TEXT NOT NULL DEFAULT 'unreviewed';
ALTER TABLE incidents ADD COLUMN notes TEXT;

CREATE TABLE users (
    username TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Every human change, with who, when and the value before: the audit trail.
CREATE TABLE corrections (
    id INTEGER PRIMARY KEY,
    incident_id TEXT NOT NULL,
    action TEXT NOT NULL,
    field TEXT,
    old_value TEXT,
    new_value TEXT,
    username TEXT NOT NULL,
    at TEXT NOT NULL
);
CREATE INDEX corrections_incident ON corrections(incident_id);

-- The current human value of a field, re-applied after every pipeline run.
CREATE TABLE incident_overrides (
    incident_id TEXT NOT NULL,
    field TEXT NOT NULL,
    value TEXT,
    PRIMARY KEY (incident_id, field)
);

CREATE TABLE incident_reviews (
    incident_id TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    username TEXT NOT NULL,
    at TEXT NOT NULL
);

-- Human linking decisions over report keys: "merge" joins reports, "split" keeps one apart.
CREATE TABLE link_decisions (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    report_keys TEXT NOT NULL,
    username TEXT NOT NULL,
    at TEXT NOT NULL
);

CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='key');
INSERT INTO documents_fts(rowid, title, text) SELECT key, COALESCE(title, ''), text FROM documents;
CREATE TRIGGER documents_fts_insert AFTER INSERT ON documents BEGIN
    INSERT INTO documents_fts(rowid, title, text) VALUES (new.key, COALESCE(new.title, ''), new.text);
END;
CREATE TRIGGER documents_fts_delete AFTER DELETE ON documents BEGIN
    INSERT INTO documents_fts(documents_fts, rowid, title, text) VALUES ('delete', old.key, COALESCE(old.title, ''), old.text);
END;
