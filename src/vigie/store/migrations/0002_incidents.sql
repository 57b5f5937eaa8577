-- Event mentions per document version, and the incidents built from them.
ALTER TABLE documents ADD COLUMN extracted INTEGER NOT NULL DEFAULT 0;
ALTER TABLE documents ADD COLUMN extracted_published TEXT;

CREATE TABLE mentions (
    id TEXT PRIMARY KEY,
    doc_key INTEGER NOT NULL REFERENCES documents(key),
    doc_id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    event_date TEXT,
    location TEXT,
    latitude REAL,
    longitude REAL,
    payload TEXT NOT NULL
);
CREATE INDEX mentions_doc ON mentions(doc_key);

CREATE TABLE incidents (
    id TEXT PRIMARY KEY,
    dedup_group TEXT NOT NULL,
    event_date TEXT,
    event_date_end TEXT,
    date_precision TEXT NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1 TEXT NOT NULL,
    actor2 TEXT,
    country TEXT,
    admin1 TEXT,
    location TEXT,
    latitude REAL,
    longitude REAL,
    geo_precision INTEGER,
    fatalities_low INTEGER,
    fatalities_best INTEGER,
    fatalities_high INTEGER,
    civilian_fatalities_low INTEGER,
    reported_by TEXT NOT NULL DEFAULT '[]',
    confidence REAL NOT NULL,
    payload TEXT NOT NULL
);
CREATE INDEX incidents_date ON incidents(event_date);

CREATE TABLE incident_sources (
    incident_id TEXT NOT NULL REFERENCES incidents(id),
    doc_id TEXT NOT NULL,
    quote TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (incident_id, doc_id)
);
