"""Failed logins, throttled per account and per client address.

Each failure is counted under two keys, the account named and the address it came from; once a
key has too many, it is locked for a while, and every further failure after the lock doubles the
next one. While a key is locked every login through it is refused (429) before the password is
even hashed, the right password included: an attacker who guesses it during a lock learns
nothing. A success clears the account's count; the address keeps its own, so that logging into
one's own account does not buy more guesses at another.

The counts live in the database (``login_throttle``), so a restart does not reset them and
several server workers share them. An attempt is counted *before* its password is checked, in
one write transaction: parallel attempts take turns on the row, so eight clients get no more
guesses than one.
"""

from __future__ import annotations

import math
import sqlite3
from dataclasses import dataclass

#: Failures an account may have before it is locked. A reviewer who mistypes gets a few tries
#: (a caps lock, an old password, a keyboard layout); a guesser gets five.
ACCOUNT_FAILURES_BEFORE_LOCK = 5
#: Failures one address may have, over all the names it tries. Higher than an account's: a team
#: behind one office NAT or proxy shares an address, and one person's typos should not lock the
#: rest out.
ADDRESS_FAILURES_BEFORE_LOCK = 20
#: The first lock. Each failure after a lock doubles it, up to the ceiling below: after the
#: first few locks a guesser gets about four tries an hour, a person who mistyped waits seconds.
FIRST_LOCK_SECONDS = 30
#: The longest lock: long enough to make guessing hopeless, short enough that a reviewer whose
#: name a stranger is hammering can still log in within a quarter of an hour.
MAX_LOCK_SECONDS = 15 * 60
#: A key with no failure for this long starts again from zero (and its row is swept).
FORGET_AFTER_SECONDS = 3600


@dataclass(frozen=True)
class Refusal:
    """Why a login may not even be tried now, and for how many more seconds."""

    retry_after: int

    @property
    def message(self) -> str:
        return (f"Too many failed logins for this account or from this address: "
                f"try again in {self.retry_after} seconds.")


def _keys(username: str, address: str) -> list[tuple[str, int]]:
    return [(f"user:{username}", ACCOUNT_FAILURES_BEFORE_LOCK), (f"addr:{address}", ADDRESS_FAILURES_BEFORE_LOCK)]


def lock_seconds(failures: int, limit: int) -> float:
    """The lock a key gets at its ``failures``-th failure (0 below the limit)."""
    if failures < limit:
        return 0
    return min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** min(failures - limit, 32))


def begin_attempt(conn: sqlite3.Connection, username: str, address: str, at: float) -> Refusal | None:
    """Count a login attempt as a failure in advance, or refuse it while either key is locked.

    Every statement before the decision writes or follows a write, so the transaction holds
    SQLite's write lock from its first statement (PostgreSQL: the two rows, from their upsert)
    and concurrent attempts are counted one after another. A refused attempt is rolled back,
    not counted: the lock already holds. ``attempt_succeeded`` takes the count back."""
    with conn:
        conn.execute(
            "DELETE FROM login_throttle WHERE last_failure < ? AND locked_until < ?",
            (at - FORGET_AFTER_SECONDS, at),
        )
        counted = []
        for key, limit in _keys(username, address):
            conn.execute(
                "INSERT INTO login_throttle (key, failures, last_failure, locked_until) VALUES (?, 1, ?, 0) "
                "ON CONFLICT(key) DO UPDATE SET failures = login_throttle.failures + 1, "
                "last_failure = excluded.last_failure",
                (key, at),
            )
            failures, until = conn.execute(
                "SELECT failures, locked_until FROM login_throttle WHERE key = ?", (key,)
            ).fetchone()
            counted.append((key, limit, failures, until))
        locked = [until for *_, until in counted if until > at]
        if locked:
            conn.rollback()
            return Refusal(max(1, math.ceil(max(locked) - at)))
        for key, limit, failures, _ in counted:
            if failures >= limit:
                conn.execute("UPDATE login_throttle SET locked_until = ? WHERE key = ?",
                             (at + lock_seconds(failures, limit), key))
    return None


def attempt_succeeded(conn: sqlite3.Connection, username: str, address: str) -> None:
    """The password was right: the account starts again from zero, and the address's advance
    count is taken back (with the lock it may have set)."""
    with conn:
        conn.execute("DELETE FROM login_throttle WHERE key = ?", (f"user:{username}",))
        conn.execute(
            "UPDATE login_throttle SET failures = failures - 1, "
            "locked_until = CASE WHEN failures - 1 < ? THEN 0 ELSE locked_until END WHERE key = ?",
            (ADDRESS_FAILURES_BEFORE_LOCK, f"addr:{address}"),
        )
