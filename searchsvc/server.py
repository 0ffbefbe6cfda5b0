"""Run the app under gunicorn from Python (`searchsvc serve`)."""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication


class SearchServer(BaseApplication):
    """Gunicorn serving the app with the options given, for `searchsvc serve`."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from .wsgi import app

        return app


def run_gunicorn(index_dir: str, bind: str, workers: int = 2, threads: int = 4) -> None:
    """Serve until stopped; the workers read the index directory from SEARCHSVC_INDEX."""
    os.environ["SEARCHSVC_INDEX"] = str(index_dir)
    SearchServer({"bind": bind, "workers": workers, "threads": threads, "accesslog": "-", "timeout": 30}).run()
