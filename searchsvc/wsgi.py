"""WSGI entry point for gunicorn: `gunicorn searchsvc.wsgi:app` (index from SEARCHSVC_INDEX)."""

from searchsvc.serve.wsgi import app

__all__ = ["app"]
