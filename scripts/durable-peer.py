#!/usr/bin/env python3
"""The durable Python peer of `POST /v1/ideas/{id}/comments` (scripts/bench-all.sh).

Python's sqlite3 on a file in WAL mode with synchronous=FULL (every commit on disk, as pipeline's
store), a table of IDEAS ideas (id, version, state as JSON text), and per command one transaction:
read the idea, append the comment to its JSON, insert an event row, update the idea (version + 1)
and insert an outbox row. THREADS threads, each with its own connection, on random ideas, for
SECONDS seconds; prints `peer: N commands in S s = R/s, THREADS threads`.

Threads: 64 by default, as many as pipeline's clients. SQLite has one writer and Python one
interpreter lock, and each commit waits for its own fsync (no group commit), so the thread count
hardly matters: on the 2-core machine 1, 4, 16 and 64 threads gave 235, 253, 235 and 283 commits/s
(4 s each, busy machine); 64 was the best, so it stays. `--threads` changes it.

usage: durable-peer.py DATABASE IDEAS SECONDS [--threads N]
"""
import argparse
import json
import random
import sqlite3
import threading
import time

parser = argparse.ArgumentParser()
parser.add_argument("database")
parser.add_argument("ideas", type=int)
parser.add_argument("seconds", type=float)
parser.add_argument("--threads", type=int, default=64)
args = parser.parse_args()


def connect():
    db = sqlite3.connect(args.database, timeout=60, isolation_level=None, check_same_thread=False)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    return db


setup = connect()
setup.executescript(
    """
    CREATE TABLE IF NOT EXISTS ideas (id TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL);
    CREATE TABLE IF NOT EXISTS events (position INTEGER PRIMARY KEY AUTOINCREMENT, idea_id TEXT NOT NULL,
        sequence INTEGER NOT NULL, type TEXT NOT NULL, occurred_at INTEGER NOT NULL, change TEXT NOT NULL,
        UNIQUE (idea_id, sequence));
    CREATE TABLE IF NOT EXISTS outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, idea_id TEXT NOT NULL,
        sequence INTEGER NOT NULL, type TEXT NOT NULL, status TEXT NOT NULL DEFAULT 'pending',
        next_attempt_at INTEGER NOT NULL, payload TEXT NOT NULL);
    CREATE INDEX IF NOT EXISTS outbox_due ON outbox (status, next_attempt_at);
    """
)
if setup.execute("SELECT count(*) FROM ideas").fetchone()[0] < args.ideas:
    state = {"title": "Gedeelde triagistenpool", "summary": "x" * 150, "theme": "anders_besturen",
             "stage": "proposal", "status": "active", "comments": []}
    setup.execute("BEGIN")
    setup.executemany(
        "INSERT OR IGNORE INTO ideas (id, version, state) VALUES (?, 1, ?)",
        ((f"seed{n:06d}", json.dumps(dict(state, id=f"seed{n:06d}"))) for n in range(args.ideas)))
    setup.execute("COMMIT")
setup.close()

done = []
deadline = time.monotonic() + args.seconds


def client():
    db = connect()
    count = 0
    while time.monotonic() < deadline:
        idea = f"seed{random.randrange(args.ideas):06d}"
        now = int(time.time() * 1000)
        db.execute("BEGIN IMMEDIATE")
        version, text = db.execute("SELECT version, state FROM ideas WHERE id = ?", (idea,)).fetchone()
        state = json.loads(text)
        state["comments"].append({"text": "benchmark", "by": "bench", "at": now})
        change = json.dumps({"text": "benchmark"})
        db.execute("INSERT INTO events (idea_id, sequence, type, occurred_at, change) VALUES (?, ?, 'idea.commented', ?, ?)",
                   (idea, version + 1, now, change))
        db.execute("UPDATE ideas SET version = ?, state = ? WHERE id = ?", (version + 1, json.dumps(state), idea))
        db.execute("INSERT INTO outbox (idea_id, sequence, type, next_attempt_at, payload) VALUES (?, ?, 'idea.commented', ?, ?)",
                   (idea, version + 1, now, change))
        db.execute("COMMIT")
        count += 1
    db.close()
    done.append(count)


start = time.monotonic()
threads = [threading.Thread(target=client) for _ in range(args.threads)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
elapsed = time.monotonic() - start
total = sum(done)
print(f"peer: {total} commands in {elapsed:.2f} s = {int(total / elapsed)}/s, {args.threads} threads")
