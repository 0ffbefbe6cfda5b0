"""Run the app under gunicorn from Python (`searchsvc serve`)."""

from __future__ import annotations

import os

from gunicorn.app.base import BaseApplication

from . import gunicorn_conf


class SearchServer(BaseApplication):
    """Gunicorn serving searchsvc.wsgi:app with the settings given."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            # Like `gunicorn -c`, skip names this gunicorn version does not know.
            if key in self.cfg.settings:
                self.cfg.set(key, value)

    def load(self):
        from .wsgi import app

        return app


def run_gunicorn(index_dir: str, bind: str, workers: int | None = None, threads: int | None = None) -> None:
    """Serve until stopped with the searchsvc.serve.gunicorn_conf settings; the workers read SEARCHSVC_INDEX."""
    # Set before the workers fork and import searchsvc.wsgi, which reads it.
    os.environ["SEARCHSVC_INDEX"] = str(index_dir)
    options = gunicorn_conf.settings()
    options["bind"] = bind
    options["workers"] = workers or options["workers"]
    options["threads"] = threads or options["threads"]
    SearchServer(options).run()
