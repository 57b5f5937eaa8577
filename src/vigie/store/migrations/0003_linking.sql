-- Cross-document linking: group-level reports, stable incident ids, forwards, stories.
ALTER TABLE documents ADD COLUMN published_time TEXT;

CREATE TABLE reports (
    key TEXT PRIMARY KEY,
    dedup_group TEXT NOT NULL,
    event_type TEXT NOT NULL,
    sub_event_type TEXT NOT NULL,
    actor1 TEXT NOT NULL,
    date_start TEXT,
    date_end TEXT,
    date_strong INTEGER NOT NULL,
    latitude REAL,
    longitude REAL,
    fatalities_low INTEGER,
    country_code TEXT,
    mention_ids TEXT NOT NULL
);
CREATE INDEX reports_place ON reports(sub_event_type, latitude);

-- Which incident each report belonged to when last linked (kept for reports that are gone,
-- so that ids survive and forwards can be written).
CREATE TABLE incident_members (
    report_key TEXT PRIMARY KEY,
    incident_id TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX incident_members_incident ON incident_members(incident_id);

CREATE TABLE incident_forwards (
    old_id TEXT PRIMARY KEY,
    new_id TEXT NOT NULL,
    reason TEXT NOT NULL
);

CREATE TABLE incident_counters (
    prefix TEXT PRIMARY KEY,
    last_number INTEGER NOT NULL
);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    first_published TEXT,
    last_published TEXT,
    n_documents INTEGER NOT NULL,
    n_incidents INTEGER NOT NULL
);

CREATE TABLE story_documents (
    story_id TEXT NOT NULL REFERENCES stories(id),
    doc_id TEXT NOT NULL,
    PRIMARY KEY (story_id, doc_id)
);
