"""The development-set report: the whole pipeline's numbers on real articles, per part of the
set and in total, each beside its target.

The development set (``../shared/dev/<lang>/``) is real reporting nobody on the team wrote: a
manifest (id, url, the publication day a careful reader can fix from the text or URL, the
part) and hand-coded gold incidents. Its texts are re-created outside the repository (see
``../shared/dev/README.md``). This module measures a database the pipeline filled from them:

- incident precision / recall / F1 and field accuracy, by ``vigie eval``'s rules;
- incidents told by several outlets (gold lines citing documents of two or more hosts) that
  became one record citing all of them;
- documents rejected (a real article must never be);
- publication dates: right, wrong, and missed among the documents the manifest dates.

Parts are the manifest's ``part`` field (topic batches). The team works on some parts and checks
on the others (``WORK_PARTS``), so a rule that only fits the documents it was written on shows.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from vigie.evaluation.fields import FIELDS
from vigie.evaluation.records import gold_docs, is_scored, is_violent, system_docs
from vigie.evaluation.scoring import score

#: Parts the team tunes on; the others are held back and only ever read as totals. Fixed before
#: any rule was written (issue 10): French Syria (fa) and the Sahel/Central Africa (fc) are
#: worked on, Iraq/Yemen/Lebanon/Libya (fb) and Gaza/Ukraine/Afghanistan/Somalia (fd) are held.
WORK_PARTS = {"fr": ("fa", "fc"), "en": ("ea", "ec")}

#: The targets of issue 10 on the whole French set, and of issue 11 on the English one.
TARGETS = {
    "fr": {
        "f1": 0.80, "precision": 0.80, "fatalities_low": 0.75, "civilian_fatalities_low": 0.80,
        "date": 0.85, "actor1": 0.75, "actor2": 0.70, "merged": 0.70,
    },
    "en": {
        "f1": 0.75, "precision": 0.75, "fatalities_low": 0.70, "date": 0.80, "actor1": 0.70, "merged": 0.60,
    },
}


@dataclass
class Measures:
    """Everything the report prints for one subset of the set."""

    name: str
    documents: int
    precision: float
    recall: float
    f1: float
    matched: int
    system: int
    gold: int
    fields: dict[str, float | None]
    merged: int  # multi-outlet gold incidents whose matched record cites all their documents
    multi_outlet: int
    rejected: list[str] = field(default_factory=list)  # ids of manifest documents not stored
    dated_right: int = 0
    dated_wrong: list[str] = field(default_factory=list)  # "id: system vs manifest"
    datable: int = 0  # documents the manifest dates to the day
    dated_missing: list[str] = field(default_factory=list)  # datable, but not dated to the day

    @property
    def merged_share(self) -> float | None:
        return self.merged / self.multi_outlet if self.multi_outlet else None

    def value(self, key: str) -> float | None:
        if key in ("f1", "precision", "recall"):
            return getattr(self, key)
        if key == "merged":
            return self.merged_share
        return self.fields.get(key)


def load_manifest(path: str | Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def _host(url: str | None) -> str:
    host = (urlparse(url or "").hostname or "").lower()
    return host.removeprefix("www.")


def multi_outlet(gold_line: dict, urls: dict[str, str]) -> bool:
    """A gold incident reported by documents of at least two different hosts."""
    return len({_host(urls.get(d)) for d in gold_docs(gold_line)}) > 1


def measure(name: str, ids: set[str], manifest: list[dict], gold: list[dict], system: list[dict],
            stored: dict[str, dict]) -> Measures:
    """The measures of the documents ``ids``: gold lines about them, system incidents citing
    them, and what the store says of each (``stored``: id -> document export record)."""
    rows = [m for m in manifest if m["id"] in ids]
    urls = {m["id"]: m.get("url") for m in manifest}
    sub_gold = [g for g in gold if set(gold_docs(g)) & ids]
    sub_system = [s for s in system if set(system_docs(s)) & ids]
    report = score(sub_system, sub_gold)
    multi = [g for g in sub_gold if is_scored(g) and is_violent(g) and multi_outlet(g, urls)]
    matched = {id(g): s for g, s, _ in report.matches}
    merged = sum(1 for g in multi if id(g) in matched and set(gold_docs(g)) <= set(system_docs(matched[id(g)])))
    out = Measures(
        name=name, documents=len(rows), precision=report.precision, recall=report.recall, f1=report.f1,
        matched=report.n_matched, system=report.n_system, gold=report.n_gold, fields=dict(report.fields),
        merged=merged, multi_outlet=len(multi),
    )
    for m in rows:
        doc = stored.get(m["id"])
        if doc is None:
            out.rejected.append(m["id"])
            continue
        published = (doc.get("published") or "")[:10] or None
        expected = m.get("published")
        if expected:
            out.datable += 1
        if published is not None and len(published) < 10:
            # A month (a "date YYYY-MM" header): right as far as it goes, unless it contradicts
            # the day the manifest gives.
            if expected and not expected.startswith(published):
                out.dated_wrong.append(f"{m['id']}: {published} vs {expected}")
            elif expected:
                out.dated_missing.append(f"{m['id']} (month {published} only)")
            continue
        if published is None:
            if expected:
                out.dated_missing.append(m["id"])
            continue
        if published == expected:
            out.dated_right += 1
        else:
            out.dated_wrong.append(f"{m['id']}: {published} vs {expected or 'not datable'}")
    return out


def subsets(manifest: list[dict], lang: str) -> list[tuple[str, set[str]]]:
    """Each part, the worked and held-back halves, and the whole set."""
    parts = sorted({m["part"] for m in manifest})
    work = set(WORK_PARTS.get(lang, ()))
    out = [(p, {m["id"] for m in manifest if m["part"] == p}) for p in parts]
    if work:
        out.append(("worked (" + "+".join(sorted(work)) + ")", {m["id"] for m in manifest if m["part"] in work}))
        out.append(("held back (" + "+".join(p for p in parts if p not in work) + ")",
                    {m["id"] for m in manifest if m["part"] not in work}))
    out.append(("all", {m["id"] for m in manifest}))
    return out


def measure_database(conn: sqlite3.Connection, manifest: list[dict], gold: list[dict], lang: str) -> list[Measures]:
    from vigie.export import document_records, incident_records

    system = list(incident_records(conn))
    stored = {d["id"]: d for d in document_records(conn)}
    return [measure(name, ids, manifest, gold, system, stored) for name, ids in subsets(manifest, lang)]


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}"


def table(results: list[Measures], lang: str) -> list[str]:
    """The report as a table: one row per measure, one column per subset, then the target of
    the whole set and whether it is met."""
    targets = TARGETS.get(lang, {})
    whole = results[-1]
    header = ["measure"] + [r.name for r in results] + ["target (all)", "met"]
    rows: list[list[str]] = []

    def add(label: str, cells: list[str], key: str | None = None, ok: bool | None = None, target: str = "") -> None:
        if key in targets:
            target = f">= {targets[key]:.2f}"
            value = whole.value(key)
            ok = value is not None and value >= targets[key]
        rows.append([label] + cells + [target, "" if ok is None else ("yes" if ok else "NO")])

    add("incident F1", [_fmt(r.f1) for r in results], "f1")
    add("  precision", [f"{_fmt(r.precision)} ({r.matched}/{r.system})" for r in results], "precision")
    add("  recall", [f"{_fmt(r.recall)} ({r.matched}/{r.gold})" for r in results])
    for name in FIELDS:
        if name == "all_docs_linked":
            continue
        add(name + " right", [_fmt(r.fields.get(name)) for r in results], name)
    add("multi-outlet incidents merged", [f"{r.merged} of {r.multi_outlet}" for r in results], "merged")
    add("documents rejected", [f"{len(r.rejected)} of {r.documents}" for r in results],
        ok=not whole.rejected, target="0")
    add("publication dates right", [f"{r.dated_right} of {r.datable}" for r in results],
        ok=whole.dated_right == whole.datable and not whole.dated_wrong, target="all datable")
    add("publication dates wrong", [str(len(r.dated_wrong)) for r in results],
        ok=not whole.dated_wrong, target="0")
    widths = [max(len(row[i]) for row in [header] + rows) for i in range(len(header))]
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()  # noqa: E731
    return [line(header), line(["-" * w for w in widths])] + [line(r) for r in rows]


def details(whole: Measures) -> list[str]:
    """What a reader needs to act on the table: rejected ids, wrong and missed dates."""
    out = []
    if whole.rejected:
        out.append("rejected: " + ", ".join(whole.rejected))
    if whole.dated_wrong:
        out.append("wrong publication dates: " + "; ".join(whole.dated_wrong))
    if whole.dated_missing:
        out.append("undated though datable: " + ", ".join(whole.dated_missing))
    return out
