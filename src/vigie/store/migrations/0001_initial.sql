-- Runs, document versions, rejects, and the MinHash bands of the dedup step.
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    command TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'running',
    n_read INTEGER NOT NULL DEFAULT 0,
    n_new INTEGER NOT NULL DEFAULT 0,
    n_versions INTEGER NOT NULL DEFAULT 0,
    n_unchanged INTEGER NOT NULL DEFAULT 0,
    n_rejected INTEGER NOT NULL DEFAULT 0,
    n_warnings INTEGER NOT NULL DEFAULT 0,
    n_skipped INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE documents (
    key INTEGER PRIMARY KEY,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 1,
    content_hash TEXT NOT NULL,
    source TEXT NOT NULL,
    locator TEXT NOT NULL DEFAULT '',
    url TEXT,
    fmt TEXT NOT NULL,
    raw TEXT NOT NULL,
    text TEXT NOT NULL,
    text_hash TEXT NOT NULL,
    title TEXT,
    standfirst TEXT,
    language TEXT,
    captions TEXT NOT NULL DEFAULT '[]',
    bylines TEXT NOT NULL DEFAULT '[]',
    comment_dates TEXT NOT NULL DEFAULT '[]',
    header_date TEXT,
    meta_published TEXT,
    crawled_at TEXT,
    own_published TEXT,
    own_published_precision TEXT,
    own_published_evidence TEXT,
    published_not_after TEXT,
    published TEXT,
    published_precision TEXT,
    published_evidence TEXT,
    outlet TEXT,
    outlet_evidence TEXT,
    agency TEXT,
    agency_evidence TEXT,
    dedup_group TEXT,
    duplicate_of TEXT,
    duplicate_kind TEXT,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    UNIQUE (id, version)
);
CREATE UNIQUE INDEX documents_one_current ON documents(id) WHERE is_current = 1;
CREATE INDEX documents_hash ON documents(id, content_hash);
CREATE INDEX documents_group ON documents(dedup_group);

CREATE TABLE doc_minhash (
    doc_key INTEGER PRIMARY KEY REFERENCES documents(key),
    n_shingles INTEGER NOT NULL,
    signature BLOB NOT NULL
);

-- One row per (band, bucket) of every current document: candidate pairs are found by a join
-- on this table, so the dedup step never holds the whole corpus in memory.
CREATE TABLE doc_bands (
    band INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    doc_key INTEGER NOT NULL REFERENCES documents(key)
);
CREATE INDEX doc_bands_bucket ON doc_bands(band, bucket);
CREATE INDEX doc_bands_doc ON doc_bands(doc_key);

CREATE TABLE rejects (
    id INTEGER PRIMARY KEY,
    run_id INTEGER NOT NULL REFERENCES runs(id),
    source TEXT NOT NULL,
    locator TEXT NOT NULL,
    severity TEXT NOT NULL,
    reason TEXT NOT NULL,
    UNIQUE (source, locator, severity, reason)
);
