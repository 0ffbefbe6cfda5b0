"""SearchPage -> JSON and HTML: the Flask app factory, the API and page blueprints, schemas, OpenAPI.

app.py creates the app; api.py and pages.py are the blueprints; schemas.py validates request
arguments and responses.py dumps answers; openapi.py, feed.py, httpcache.py, httplog.py, metrics.py
and headers.py do one job each.
Offers create_app.
"""

from __future__ import annotations

from .app import create_app
from .headers import SECURITY_HEADERS
from .responses import SearchPageSchema
from .schemas import SearchArgsSchema

__all__ = ["SECURITY_HEADERS", "SearchArgsSchema", "SearchPageSchema", "create_app"]
