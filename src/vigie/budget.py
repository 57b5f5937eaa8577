"""A time budget for one document in one stage, so that no page can hold a run for minutes.

The per-document stages are Python code around C libraries (lxml, trafilatura, spaCy); a page
built to be slow (a tag soup, a sentence of ten thousand figures) can cost minutes where an
article costs milliseconds. Input bounds (the HTML guard, the parser's text limit) remove the
known causes; this budget is the backstop for the unknown ones. It uses the interval timer:
the stage is interrupted at the next Python instruction after the budget, which is after the C
call in progress returns (so the bounds on input size still matter). Signals exist only in the
main thread: elsewhere (a Ray actor's thread, a web request) the budget is not enforced, and
the events stage's own deadline between sentences still applies.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class BudgetExceeded(Exception):
    """The stage outlived its budget on this document."""


@contextlib.contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Raise BudgetExceeded in the block once ``seconds`` have passed."""
    if seconds <= 0 or threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise BudgetExceeded(f"over its time budget of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
