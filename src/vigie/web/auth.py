"""Reviewer accounts, sessions and CSRF protection.

Passwords are stored as scrypt hashes (stdlib ``hashlib.scrypt``, salted, parameters kept in
the hash string so they can be raised later). The session cookie is signed with a secret kept
in the database, but a signature alone cannot be taken back: the cookie therefore carries only a
random token, and who is logged in is read from ``web_sessions`` on every request. Logging out
deletes that row and a new password deletes all of the user's rows, so a copied cookie dies
with them. Every form that writes carries a per-session CSRF token that must match.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import sqlite3

from vigie.errors import VigieError
from vigie.store.db import now

#: scrypt cost: N=2**14, r=8, p=1 is the interactive-login setting recommended by the scrypt
#: paper and OWASP; ~50 ms and 16 MB per hash here.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PASSWORD_LENGTH = 8
#: How long a login lasts: a working day. A reviewer logs in again the next morning; a cookie
#: left on a shared machine or copied from it is worthless by then (it was 14 days, the
#: session middleware's default, and outlived logout).
SESSION_LIFETIME_SECONDS = 12 * 3600


class AuthError(VigieError):
    """A login or account problem; the message says what to do."""


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32)
    return "scrypt${}${}${}${}${}".format(
        SCRYPT_N, SCRYPT_R, SCRYPT_P, base64.b64encode(salt).decode(), base64.b64encode(digest).decode()
    )


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(
        password.encode(), salt=base64.b64decode(salt), n=int(n), r=int(r), p=int(p), dklen=32
    )
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def add_user(conn: sqlite3.Connection, username: str, password: str) -> None:
    """Create or reset a reviewer account."""
    if not username or not username.replace("-", "").replace("_", "").replace(".", "").isalnum():
        raise AuthError("a user name is letters, digits, '-', '_' or '.'")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AuthError(f"the password must have at least {MIN_PASSWORD_LENGTH} characters")
    with conn:
        conn.execute(
            "INSERT INTO users (username, password_hash, created_at) VALUES (?, ?, ?) "
            "ON CONFLICT(username) DO UPDATE SET password_hash = excluded.password_hash",
            (username, hash_password(password), now()),
        )
        # A new password is how a reviewer takes back a stolen or forgotten session.
        conn.execute("DELETE FROM web_sessions WHERE username = ?", (username,))


def check_login(conn: sqlite3.Connection, username: str, password: str) -> bool:
    row = conn.execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()
    if row is None:
        hash_password(password)  # same cost whether the user exists or not
        return False
    return verify_password(password, row[0])


def session_secret(conn: sqlite3.Connection) -> str:
    """The key that signs session cookies, made once per database."""
    row = conn.execute("SELECT value FROM settings WHERE key = 'session_secret'").fetchone()
    if row:
        return row[0]
    secret = secrets.token_urlsafe(32)
    with conn:
        conn.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('session_secret', ?)", (secret,))
    return conn.execute("SELECT value FROM settings WHERE key = 'session_secret'").fetchone()[0]


def _session_key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(conn: sqlite3.Connection, username: str, at: float) -> str:
    """A new session for ``username`` (logged in at ``at``, seconds since the epoch); returns the
    token the cookie carries. Sessions that have run out are swept here, the one write a login
    makes anyway."""
    token = secrets.token_urlsafe(32)
    with conn:
        conn.execute("DELETE FROM web_sessions WHERE expires_at <= ?", (at,))
        conn.execute(
            "INSERT INTO web_sessions (id, username, created_at, expires_at) VALUES (?, ?, ?, ?)",
            (_session_key(token), username, now(), at + SESSION_LIFETIME_SECONDS),
        )
    return token


def session_user(conn: sqlite3.Connection, token: object, at: float) -> str | None:
    """Whose session ``token`` is at time ``at``, or None when it was never issued, was ended
    (logout, new password) or has run out."""
    if not isinstance(token, str) or not token:
        return None
    row = conn.execute(
        "SELECT username FROM web_sessions WHERE id = ? AND expires_at > ?", (_session_key(token), at)
    ).fetchone()
    return row[0] if row else None


def end_session(conn: sqlite3.Connection, token: object) -> None:
    if isinstance(token, str) and token:
        with conn:
            conn.execute("DELETE FROM web_sessions WHERE id = ?", (_session_key(token),))


def csrf_token(session: dict) -> str:
    token = session.get("csrf")
    if not token:
        token = session["csrf"] = secrets.token_urlsafe(24)
    return token


def csrf_ok(session: dict, submitted: str | None) -> bool:
    expected = session.get("csrf")
    return bool(expected and submitted) and hmac.compare_digest(expected, submitted)
