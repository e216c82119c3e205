"""The emulator's state: JSON documents in SQLite, one transaction per request.

Every object is a row `(org, kind, id) -> body` with its `name` copied into an indexed column
for name filters and sorted listings. With a path the database runs in WAL mode, so an
acknowledged write is in the WAL before the HTTP answer leaves and survives `kill -9` (not a
power cut: `synchronous=NORMAL`, see `bench/README.md`); without a path it lives in memory.
Checkpoints (copying the WAL back into the database file, two fsyncs) run on a thread and
connection of their own every `CHECKPOINT_EVERY` write transactions: SQLite's automatic
checkpoint ran inside a commit, on the server's event loop, and held every request up for about
7 ms once per ~200 writes (`bench/README.md`, Emulator). SQLite's own checkpoint stays as a
backstop, at `BACKSTOP_PAGES` pages of WAL instead of 1,000.

One connection guarded by a lock makes the store thread-safe and serialises transactions, which
is exactly what "a failed request writes nothing" needs: `transaction()` commits when the block
ends normally and rolls back when it raises. `epoch` counts committed writes and `epochs(kinds)`
the committed writes of some kinds, so callers can cache what they derive from those kinds (the
auth layer caches permission sets per token until a token, client, role, user or group changes).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from gcx.emulator.codec import dumps_text, loads

__all__ = ["ALL_KINDS", "Store", "Tx", "like_escape"]

ALL_KINDS = "*"
CHECKPOINT_EVERY = 100  # committed write transactions between two background checkpoints
BACKSTOP_PAGES = 10_000  # SQLite checkpoints inside a commit only if the WAL grows past this
COUNTS_KEPT = 1024  # listing totals remembered at most (all are forgotten when full)
DEFERRED_OFFSET = 32  # rows skipped from which a page finds its rows' keys in the index first

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    org  TEXT NOT NULL,
    kind TEXT NOT NULL,
    id   TEXT NOT NULL,
    name TEXT NOT NULL DEFAULT '',
    seq  INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (org, kind, id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS objects_by_name ON objects (org, kind, name COLLATE NOCASE, seq);
CREATE INDEX IF NOT EXISTS objects_by_kind_id ON objects (kind, id);
"""

Doc = dict[str, Any]


def like_escape(text: str) -> str:
    """Escape SQL LIKE metacharacters; pair with ``ESCAPE '\\'`` (the store always does)."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _dump(doc: Doc) -> str:
    return dumps_text(doc)


class Tx:
    """Reads and writes inside one transaction; get one from `Store.transaction()`."""

    def __init__(self, conn: sqlite3.Connection, store: Store) -> None:
        self._conn = conn
        self._store = store
        self.dirty = False
        self.kinds: set[str] = set()  # kinds written; ALL_KINDS when whole orgs went

    def get(self, org: str, kind: str, ident: str) -> Doc | None:
        row = self._conn.execute(
            "SELECT body FROM objects WHERE org=? AND kind=? AND id=?", (org, kind, ident)
        ).fetchone()
        return loads(row[0]) if row else None

    def locate(self, kind: str, ident: str) -> tuple[str, Doc] | None:
        """Find an object of a kind by id in any org (OAuth clients, tokens)."""
        row = self._conn.execute(
            "SELECT org, body FROM objects WHERE kind=? AND id=?", (kind, ident)
        ).fetchone()
        return (row[0], loads(row[1])) if row else None

    def put(self, org: str, kind: str, doc: Doc, name: str | None = None) -> Doc:
        """Insert or replace `doc` (keyed by ``doc["id"]``); its listing name defaults to ``doc["name"]``."""
        self.dirty = True
        self.kinds.add(kind)
        label = name if name is not None else str(doc.get("name") or "")
        updated = self._conn.execute(
            "UPDATE objects SET name=?, body=? WHERE org=? AND kind=? AND id=?",
            (label, _dump(doc), org, kind, doc["id"]),
        ).rowcount
        if not updated:
            self._conn.execute(
                "INSERT INTO objects (org, kind, id, name, seq, body) VALUES (?, ?, ?, ?, ?, ?)",
                (org, kind, doc["id"], label, self._store.next_seq(), _dump(doc)),
            )
        return doc

    def delete(self, org: str, kind: str, ident: str) -> bool:
        self.dirty = True
        self.kinds.add(kind)
        return bool(
            self._conn.execute(
                "DELETE FROM objects WHERE org=? AND kind=? AND id=?", (org, kind, ident)
            ).rowcount
        )

    def delete_org(self, org: str) -> None:
        self.dirty = True
        self.kinds.add(ALL_KINDS)
        self._conn.execute("DELETE FROM objects WHERE org=?", (org,))

    def delete_everything(self) -> None:
        self.dirty = True
        self.kinds.add(ALL_KINDS)
        self._conn.execute("DELETE FROM objects")

    def find_by_name(self, org: str, kind: str, name: str) -> Doc | None:
        """The first object whose name equals `name`, ignoring case."""
        row = self._conn.execute(
            "SELECT body FROM objects WHERE org=? AND kind=? AND name=? COLLATE NOCASE ORDER BY seq LIMIT 1",
            (org, kind, name),
        ).fetchone()
        return loads(row[0]) if row else None

    def scan(self, org: str, kind: str) -> Iterator[Doc]:
        """Every object of a kind in insertion order."""
        for (body,) in self._conn.execute(
            "SELECT body FROM objects WHERE org=? AND kind=? ORDER BY seq", (org, kind)
        ).fetchall():
            yield loads(body)

    def count(self, org: str, kind: str) -> int:
        return int(
            self._conn.execute("SELECT COUNT(*) FROM objects WHERE org=? AND kind=?", (org, kind)).fetchone()[
                0
            ]
        )

    def page(
        self,
        org: str,
        kind: str,
        *,
        limit: int,
        offset: int,
        name_like: str | None = None,
        ids: list[str] | None = None,
        order: str = "name",
        descending: bool = False,
    ) -> tuple[list[Doc], int]:
        """One page of a kind, sorted by name (case-insensitive) or insertion, plus the total count."""
        where = ["org=?", "kind=?"]
        args: list[Any] = [org, kind]
        if name_like is not None:
            where.append("name LIKE ? ESCAPE '\\'")
            args.append(name_like)
        if ids:
            where.append(f"id IN ({','.join('?' * len(ids))})")
            args.extend(ids)
        clause = " AND ".join(where)
        direction = "DESC" if descending else "ASC"

        def sort(table: str = "") -> str:
            by_name = f"{table}name COLLATE NOCASE {direction}, {table}seq {direction}"
            return by_name if order == "name" else f"{table}seq {direction}"

        total = self._count(kind, clause, args)
        if offset >= total:
            return [], total
        if offset < DEFERRED_OFFSET:
            query = f"SELECT body FROM objects WHERE {clause} ORDER BY {sort()} LIMIT ? OFFSET ?"
            rows = self._conn.execute(query, [*args, limit, offset]).fetchall()
        else:
            # The rows skipped are found in the name index (which holds name, seq and the key),
            # and only the page's own rows are read from the table; skipping through the table
            # read every skipped row's body (about 0.6 us each: 86 us for page 8 of 25).
            query = (
                f"SELECT o.body FROM (SELECT id, name, seq FROM objects WHERE {clause} "
                f"ORDER BY {sort()} LIMIT ? OFFSET ?) AS p JOIN objects AS o "
                f"ON o.org=? AND o.kind=? AND o.id=p.id ORDER BY {sort('p.')}"
            )
            rows = self._conn.execute(query, [*args, limit, offset, org, kind]).fetchall()
        return [loads(body) for (body,) in rows], total

    def _count(self, kind: str, clause: str, args: list[Any]) -> int:
        """How many objects match, remembered until the kind is written again (a listing is
        usually read page after page with no write in between, and each page needs the total)."""
        counts = self._store.counts
        key = (clause, *args)
        epochs = self._store.epochs((kind,))
        if not self.dirty:
            cached = counts.get(key)
            if cached is not None and cached[0] == epochs:
                return cached[1]
        total = int(self._conn.execute(f"SELECT COUNT(*) FROM objects WHERE {clause}", args).fetchone()[0])
        if not self.dirty:
            if len(counts) >= COUNTS_KEPT:
                counts.clear()
            counts[key] = (epochs, total)
        return total


class _Checkpointer:
    """Runs `PRAGMA wal_checkpoint(PASSIVE)` on a thread and connection of its own when asked.

    A passive checkpoint copies what it can without waiting for, or blocking, the store's
    connection; the sqlite3 module lets go of the GIL meanwhile, so the event loop keeps serving.
    """

    def __init__(self, path: str) -> None:
        self._path = path
        self._wake = threading.Event()
        self._closing = False
        self._thread: threading.Thread | None = None
        self.completed = 0  # checkpoints run so far

    def request(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="gcx-store-checkpoint", daemon=True)
            self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        conn = sqlite3.connect(self._path, check_same_thread=False, isolation_level=None)
        try:
            while True:
                self._wake.wait()
                self._wake.clear()
                if self._closing:
                    return
                # OperationalError: another checkpoint holds the lock; the next request catches up.
                with contextlib.suppress(sqlite3.OperationalError):
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                self.completed += 1
        finally:
            conn.close()

    def close(self) -> None:
        if self._thread is not None:
            self._closing = True
            self._wake.set()
            self._thread.join()
            self._thread = None


class Store:
    """SQLite-backed document store; `path=None` keeps everything in memory."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = os.fspath(path) if path is not None else None
        self._lock = threading.RLock()
        self._conn = sqlite3.connect(self.path or ":memory:", check_same_thread=False, isolation_level=None)
        self._checkpointer: _Checkpointer | None = None
        self._writes = 0
        if self.path:
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute(f"PRAGMA wal_autocheckpoint={BACKSTOP_PAGES}")
            self._checkpointer = _Checkpointer(self.path)
        self._conn.executescript(_SCHEMA)
        self._seq = int(self._conn.execute("SELECT COALESCE(MAX(seq), 0) FROM objects").fetchone()[0])
        self.epoch = 0
        self._kind_epochs: dict[str, int] = defaultdict(int)
        # Listing totals by query, with the `epochs` they were counted at (`Tx.page`).
        self.counts: dict[tuple[Any, ...], tuple[tuple[int, ...], int]] = {}

    def epochs(self, kinds: tuple[str, ...]) -> tuple[int, ...]:
        """A fingerprint of the committed writes of `kinds`: it changes when any of them is written."""
        return (self._kind_epochs[ALL_KINDS], *(self._kind_epochs[kind] for kind in kinds))

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    @contextmanager
    def transaction(self) -> Iterator[Tx]:
        """Run a block in one transaction: commit on success, roll back (write nothing) on error."""
        with self._lock:
            seq_before = self._seq
            self._conn.execute("BEGIN")
            tx = Tx(self._conn, self)
            try:
                yield tx
            except BaseException:
                self._conn.execute("ROLLBACK")
                self._seq = seq_before
                raise
            self._conn.execute("COMMIT")
            if tx.dirty:
                self.epoch += 1
                for kind in tx.kinds:
                    self._kind_epochs[kind] += 1
                self._writes += 1
                if self._checkpointer is not None and self._writes % CHECKPOINT_EVERY == 0:
                    self._checkpointer.request()

    def close(self) -> None:
        """Stop the checkpoint thread, then close (SQLite checkpoints the rest and drops the WAL)."""
        with self._lock:
            if self._checkpointer is not None:
                self._checkpointer.close()
            self._conn.close()
