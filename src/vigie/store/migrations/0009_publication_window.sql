-- The earliest day an undated article can have been published (the latest year its text names:
-- news names past years, not future ones), and the window of each report's dedup group, so that
-- a report with no date links only to incidents of days it can be about.
ALTER TABLE documents ADD COLUMN published_not_before TEXT;
ALTER TABLE reports ADD COLUMN window_start TEXT;
ALTER TABLE reports ADD COLUMN window_end TEXT;
-- The day and month an undated report names without a year ("lundi 23 mai").
ALTER TABLE reports ADD COLUMN month_day TEXT;
