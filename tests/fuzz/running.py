"""Running the CLI for the fuzz harness: a subprocess with a timeout, its memory sampled over
its process tree, the input files it holds open watched (one held too long is a hang on that
input), and a pass that times the reading and cleaning of every item."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
VIGIE = ROOT / ".venv" / "bin" / "vigie"
PYTHON = ROOT / ".venv" / "bin" / "python"


@dataclass
class Child:
    """One finished (or killed) CLI process."""

    argv: list[str]
    returncode: int | None
    stdout: str
    stderr: str
    seconds: float
    timed_out: bool = False
    tree_peak_mb: float = 0.0  # sampled sum over the process tree
    hung_inputs: list[str] = field(default_factory=list)  # files it was stuck on when stopped

    @property
    def output(self) -> str:
        return self.stdout + self.stderr


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as fh:
                ppid = int(fh.read().rsplit(b")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        children.setdefault(ppid, []).append(int(name))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo += children.get(p, [])
    return out


def _rss_mb(pids: list[int]) -> float:
    total = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total / 1024


def _open_files(pids: list[int], under: str) -> set[str]:
    """Files under ``under`` that the processes hold open (what they are reading)."""
    found = set()
    for p in pids:
        try:
            fds = os.listdir(f"/proc/{p}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{p}/fd/{fd}")
            except OSError:
                continue
            if target.startswith(under):
                found.add(target)
    return found


def run_cli(args: list[str], timeout: float, env: dict | None = None, *, watch: Path | None = None,
            per_input: float = 0.0) -> Child:
    """Run ``vigie ARGS`` with a timeout; on timeout, Ctrl-C first (the run records itself as
    interrupted), then kill. Samples the tree's memory every quarter second.

    With ``watch`` (the corpus folder), an input file held open for more than ``per_input``
    seconds is a hang on that input: the run is stopped at once and ``Child.hung_inputs`` names
    the file. (Vigie holds a file open while it reads and cleans its records, and no longer.)
    """
    argv = [str(VIGIE), *args]
    start = time.monotonic()
    proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            env={**os.environ, **(env or {})}, start_new_session=True)
    peak = [0.0]
    hung: list[str] = []
    done = threading.Event()
    under = os.path.realpath(watch) + os.sep if watch else None

    def stop():
        try:
            os.killpg(proc.pid, signal.SIGINT)
            proc.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def sample():
        opened: dict[str, float] = {}
        tick = 0
        while not done.wait(0.25):
            pids = _descendants(proc.pid)
            peak[0] = max(peak[0], _rss_mb(pids))
            tick += 1
            if under is None or tick % 4:
                continue
            now = time.monotonic()
            held = _open_files(pids, under)
            opened = {f: opened.get(f, now) for f in held}
            stuck = sorted(f for f, since in opened.items() if now - since > per_input)
            if stuck:
                hung.extend(stuck)
                stop()
                return

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    timed_out = False
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        timed_out = True
        stop()
        out, err = proc.communicate()
    finally:
        done.set()
        sampler.join()
    return Child(argv, proc.returncode, out.decode("utf-8", "backslashreplace"), err.decode("utf-8", "backslashreplace"),
                 round(time.monotonic() - start, 1), timed_out or bool(hung), round(peak[0], 1), hung)


_TIMING_SCRIPT = r"""
import json, sys, time
from vigie.ingest import iter_inputs
from vigie.model import SourceRecord
from vigie import runner
try:
    from vigie.budget import BudgetExceeded, time_budget
except ImportError:  # a release without the cleaning budget
    import contextlib
    BudgetExceeded, time_budget = (), lambda seconds: contextlib.nullcontext()
budget = getattr(runner, "CLEAN_BUDGET_SECONDS", 0)
items = iter_inputs(sys.argv[1:])
while True:
    t = time.monotonic()
    try:
        item = next(items)
    except StopIteration:
        break
    ingest = time.monotonic() - t
    clean, stopped = 0.0, False
    if isinstance(item, SourceRecord):
        print(json.dumps({"start": item.source, "locator": item.locator}), flush=True)
        t = time.monotonic()
        try:
            with time_budget(budget):
                runner.process_record(item)
        except BudgetExceeded:
            stopped = True
        except Exception:
            pass  # what fails here is the main run's to report; only the time matters
        clean = time.monotonic() - t
    print(json.dumps({"source": item.source, "locator": item.locator, "ingest": ingest, "clean": clean,
                      "stopped": stopped, "budget": budget}), flush=True)
"""


def time_inputs(paths: list[str], timeout: float) -> tuple[list[dict], str | None]:
    """Per item, the seconds its ingestion (reading up to it) and its cleaning took, in a child
    process; and, when the child hung, the record it was cleaning."""
    proc = subprocess.Popen([str(PYTHON), "-c", _TIMING_SCRIPT, *paths], stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=timeout)
        hung = None
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        hung = "the timing pass itself timed out"
    rows = [json.loads(line) for line in out.decode("utf-8", "replace").splitlines() if line.startswith("{")]
    if hung and rows and "start" in rows[-1]:
        hung = f"cleaning {rows[-1]['start']}:{rows[-1]['locator']} never finished"
    return [r for r in rows if "source" in r], hung


# -- checking --------------------------------------------------------------------------------
