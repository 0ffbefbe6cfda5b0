"""SearchPage -> JSON and HTML: the Flask app factory, the API and page blueprints, schemas, OpenAPI.

app.py creates the app; api.py and pages.py are the blueprints; schemas.py validates input and
dumps output; openapi.py, feed.py, httpcache.py, httplog.py and headers.py do one job each.
Offers create_app.
"""

from __future__ import annotations

from .app import create_app
from .headers import SECURITY_HEADERS
from .schemas import SearchArgsSchema, SearchPageSchema

__all__ = ["SECURITY_HEADERS", "SearchArgsSchema", "SearchPageSchema", "create_app"]
