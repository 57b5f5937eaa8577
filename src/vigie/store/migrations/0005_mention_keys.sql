-- Mentions looked up by their content key, so linking loads only the tellings it needs.
ALTER TABLE mentions ADD COLUMN mkey TEXT;
CREATE INDEX mentions_mkey ON mentions(mkey);
