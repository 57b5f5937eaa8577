-- The review workbench's sessions and failed logins, kept in the database so that a logout or a
-- password change ends a session for good, and so that login throttling survives a restart and
-- holds across server workers.

-- One row per logged-in browser. The cookie carries a random token; the row is keyed by its
-- SHA-256, so a copy of the database holds no usable session. Logging out deletes the row; a
-- new password deletes all of the user's rows.
CREATE TABLE web_sessions (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    expires_at REAL NOT NULL
);
CREATE INDEX web_sessions_user ON web_sessions(username);

-- Failed logins per account ('user:NAME') and per client address ('addr:ADDRESS'), with the
-- time (seconds since the epoch) of the last one and the end of the current lock, if any.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure REAL NOT NULL,
    locked_until REAL NOT NULL
);
