"""The journal across interviews at personal scale: ``search_journal`` (a rare
word, a common one, and a word's start), ``question_bank`` (all, struggled at
one company, and by topic) and the export over N stored interviews, each an
example debrief of the repository with its questions, reflection and topics.

    .venv/bin/python bench/journal_bench.py --interviews 1000
    .venv/bin/python bench/journal_bench.py --db postgresql+psycopg://... --interviews 1000

A search asks the full-text index (SQLite FTS5, PostgreSQL's GIN index on
``to_tsvector``); the question bank and the export read every debrief of the
owner in one query. The median and p95 of each call are printed as Markdown
rows, and the time loading took (the index is written with each debrief).
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from machine import describe as describe_machine
from machine import store_options
from open_bench import _timed
from sqlalchemy import text

from followthrough.app.journal import question_bank, search_journal
from followthrough.app.journal_export import journal_document, journal_markdown
from followthrough.debrief.model import Debrief
from followthrough.debrief.parse import read_debrief
from followthrough.store import Store, open_store

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


def _shifted(debrief: Debrief, days: int) -> Debrief:
    interview = debrief.interview
    moved = interview.model_copy(update={"starts": interview.starts - timedelta(days=days)})
    return debrief.model_copy(update={"interview": moved})


def load(store: Store, count: int) -> None:
    debriefs = [read_debrief(path) for path in sorted(EXAMPLES.glob("*.toml"))]
    with store.atomic():
        for number in range(count):
            store.add_interview(_shifted(debriefs[number % len(debriefs)], number))


def _exported(store: Store) -> list[object]:
    """The interviews of a Markdown export, made as `journal export` makes it."""
    document = journal_document(store)
    journal_markdown(document)
    return list(document["interviews"])


def run_one(url: str, count: int, runs: int) -> list[str]:
    store = open_store(url)
    if store.engine.dialect.name == "postgresql":
        with store.transaction() as connection:
            connection.execute(text("TRUNCATE interviews RESTART IDENTITY CASCADE"))
    started = time.perf_counter()
    load(store, count)
    loaded = (time.perf_counter() - started) * 1000
    calls: list[tuple[str, Callable[[], list[object]]]] = [
        ("search, rare word (idempotency)", lambda: list(search_journal(store, "idempotency"))),
        ("search, common word (the)", lambda: list(search_journal(store, "the"))),
        ("search, common word, the best 50 (the Journal page)",
         lambda: list(search_journal(store, "the", limit=50))),
        ("search, a word's start (idem)", lambda: list(search_journal(store, "idem"))),
        ("search, two words (key store)", lambda: list(search_journal(store, "key store"))),
        ("question bank, all", lambda: list(question_bank(store))),
        ("question bank, struggled at kasumi",
         lambda: list(question_bank(store, company="kasumi", struggled=True))),
        ("question bank, topic (settlement)",
         lambda: list(question_bank(store, topic="settlement"))),
        ("export, Markdown (interviews)", lambda: _exported(store)),
    ]
    rows = []
    for name, call in calls:
        found = len(call())
        median, p95 = _timed(call, runs)
        rows.append(f"| {store.engine.dialect.name} | {count:,} | {name} | {found:,} | "
                    f"{median:.1f} ms | {p95:.1f} ms |")
    rows.append(f"| {store.engine.dialect.name} | {count:,} | storing them (import) | "
                f"{count:,} | {loaded:,.0f} ms total | |")
    store.engine.dispose()
    return rows


def main() -> None:
    options = store_options(__doc__ or "", [1000], 20)
    print(describe_machine(), f"load {os.getloadavg()[0]:.1f}")
    print("| database | interviews | call | results | median | p95 |")
    print("|---|---|---|---|---|---|")
    for count in options.interviews:
        with tempfile.TemporaryDirectory() as folder:
            os.environ["FOLLOWTHROUGH_HOME"] = folder
            url = options.db or f"sqlite:///{folder}/journal.db"
            for row in run_one(url, count, options.runs):
                print(row, flush=True)


if __name__ == "__main__":
    main()
