"""Serving: gunicorn settings, the `searchsvc serve` runner and the WSGI entry.

gunicorn_conf.py is read by `gunicorn -c python:searchsvc.serve.gunicorn_conf`; errors.py makes
gunicorn's own error pages the JSON envelope; server.py runs gunicorn from Python; wsgi.py holds
the app (also importable as searchsvc.wsgi:app). Offers run_gunicorn.
"""

from __future__ import annotations

from .server import run_gunicorn

__all__ = ["run_gunicorn"]
