-- Linking decides on the kind of two reports in Python (the family of their sub-event types,
-- or a report whose only event word does not say the kind: "l'attaque visait un restaurant"),
-- so the candidate search probes reports by latitude alone; type_weak marks such reports.
ALTER TABLE reports ADD COLUMN type_weak INTEGER NOT NULL DEFAULT 0;
-- A report with no date links on its place alone only where the place is a town.
ALTER TABLE reports ADD COLUMN geo_precision INTEGER;
CREATE INDEX reports_latitude ON reports(latitude);
