"""SQLite FTS5 doing searchsvc's job, in process (Fts5) or as a Flask app under gunicorn (the single-pass peer).

python bench/fts5_peer.py DB PORT    # serve a database Fts5(stories, DB) wrote
"""

from __future__ import annotations

import re
import sqlite3
import sys
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from searchsvc.articles import Article  # noqa: E402
from searchsvc.search.results import SearchRequest  # noqa: E402


class Fts5:
    """SQLite FTS5 with the porter stemmer: the same job as SearchIndex.search."""

    def __init__(self, stories: list[Article], path: str = ":memory:"):
        self.db = sqlite3.connect(path, check_same_thread=False)
        if stories is None:
            return
        self.db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, body, tokenize='porter unicode61')")
        self.db.execute("CREATE TABLE meta (rowid INTEGER PRIMARY KEY, month TEXT, day TEXT, tag TEXT)")
        for rowid, story in enumerate(stories, 1):
            self.db.execute(
                "INSERT INTO fts (rowid, title, body) VALUES (?, ?, ?)", (rowid, story.title or "", story.body)
            )
            day = story.published.date().isoformat() if story.published else None
            self.db.execute(
                "INSERT INTO meta VALUES (?, ?, ?, ?)", (rowid, day[:7] if day else "", day, " ".join(story.tags))
            )
        self.db.commit()

    @classmethod
    def open(cls, path: str) -> Fts5:
        """Open a database an earlier Fts5(stories, path) wrote."""
        return cls(None, path)

    @staticmethod
    def match_expression(q: str) -> str:
        phrases = re.findall(r'"([^"]+)"', q)
        words = re.findall(r"\w+", re.sub(r'"[^"]*"', " ", q))
        return " AND ".join([f'"{p}"' for p in phrases] + [f'"{w}"' for w in words])

    def search(self, request: SearchRequest):
        where, args = "fts MATCH ?", [self.match_expression(request.q)]
        if request.date_from:
            where += " AND meta.day BETWEEN ? AND ?"
            args += [request.date_from.isoformat(), request.date_to.isoformat()]
        if request.tag:
            where += " AND (' ' || meta.tag || ' ') LIKE ?"
            args.append(f"% {request.tag[0]} %")
        join = "FROM fts JOIN meta ON meta.rowid = fts.rowid WHERE " + where
        hits = self.db.execute(
            "SELECT fts.rowid, fts.title, snippet(fts, 1, '<mark>', '</mark>', ' … ', 30) "
            + join
            + " ORDER BY bm25(fts, 2.0, 1.0) LIMIT 10",
            args,
        ).fetchall()
        months = self.db.execute("SELECT month, count(*) " + join + " GROUP BY month", args).fetchall()
        return sum(n for _, n in months), hits, months

    def close(self):
        self.db.close()


def peer_app(db_path: str):
    """Return the Flask app answering /search with the FTS5 job, one read-only connection per thread."""
    import threading

    from flask import Flask, jsonify, request

    app, local = Flask("fts5-peer"), threading.local()

    @app.get("/health")
    def health():
        return jsonify({"status": "ok"})

    @app.get("/search")
    def search():
        if not hasattr(local, "fts"):
            local.fts = Fts5.open(db_path)
        args = request.args
        found = SearchRequest(
            q=args.get("q", ""),
            date_from=date.fromisoformat(args["from"]) if args.get("from") else None,
            date_to=date.fromisoformat(args["to"]) if args.get("to") else None,
            tag=tuple(args.getlist("tag")),
        )
        total, hits, months = local.fts.search(found)
        return jsonify(
            {
                "total": total,
                "hits": [{"id": rowid, "title": title, "snippet": snippet} for rowid, title, snippet in hits],
                "dates": [{"month": month, "count": count} for month, count in months],
            }
        )

    return app


def serve_peer(db_path: str, port: int) -> None:
    """Serve the peer under gunicorn with searchsvc's settings, one worker."""
    from gunicorn.app.base import BaseApplication

    from searchsvc.serve import gunicorn_conf

    options = gunicorn_conf.settings() | {"bind": f"127.0.0.1:{port}", "workers": 1, "on_starting": None}
    app = peer_app(db_path)

    class Peer(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)

        def load(self):
            return app

    Peer().run()


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    serve_peer(sys.argv[1], int(sys.argv[2]))
