-- A digest of each mention's content, and the digests each dedup group's reports were built
-- from: a later run rebuilds only the reports of the groups whose mentions changed.
ALTER TABLE mentions ADD COLUMN digest TEXT;
CREATE TABLE report_sources (
    dedup_group TEXT NOT NULL,
    digest TEXT NOT NULL
);
CREATE INDEX report_sources_group ON report_sources(dedup_group);
CREATE INDEX reports_group ON reports(dedup_group);
