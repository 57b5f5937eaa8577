-- Linking pairs reports of the same event type (and then decides on the family of their
-- sub-event types: a car bomb and a suicide bombing can be one incident), so the candidate
-- search probes reports by event type and latitude.
CREATE INDEX reports_type_place ON reports(event_type, latitude);
