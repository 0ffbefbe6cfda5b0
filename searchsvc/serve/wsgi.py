"""WSGI entry point for gunicorn: `gunicorn searchsvc.wsgi:app` (index from SEARCHSVC_INDEX)."""

from searchsvc.web import create_app

app = create_app()
