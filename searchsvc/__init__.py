"""searchsvc: full-text search for news articles."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask

# Flask, marshmallow and the search code are imported inside the functions: every
# CLI command imports this package first, and `searchsvc index` needs none of them.


def create_app(config: dict | None = None) -> Flask:
    """Create the Flask app: settings, the shared SearchIndex, blueprints, error handlers."""
    from flask import Flask

    from .config import load_config
    from .headers import add_security_headers
    from .search import SearchIndex

    app = Flask(__name__)
    app.config.update(load_config(config))
    app.extensions["searchsvc"] = SearchIndex(
        app.config["INDEX_DIR"],
        app.config["REFRESH_INTERVAL"],
        app.config["MAX_RESULT_WINDOW"],
        app.config["RESULT_CACHE_SIZE"],
    )

    from . import api, httpcache, httplog, web

    app.register_blueprint(api.bp)
    app.register_blueprint(web.bp)
    register_error_handlers(app)
    app.after_request(add_security_headers)
    httplog.init_app(app)
    httpcache.init_app(app)
    return app


def register_error_handlers(app: Flask) -> None:
    """Render every error as the JSON envelope under /api, as a friendly page elsewhere."""
    from flask import request
    from werkzeug.exceptions import HTTPException, InternalServerError

    from .generations import IndexMissing

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        return error_response(error.code, error.description, getattr(error, "fields", None))

    @app.errorhandler(IndexMissing)
    def no_index(error: IndexMissing):
        return error_response(503, str(error))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, InternalServerError.description)


def error_response(status: int, message: str, fields: dict | None = None):
    """Return the error envelope (JSON under /api) or the error page."""
    from flask import jsonify, render_template, request
    from werkzeug.http import HTTP_STATUS_CODES

    from .schemas import ErrorSchema

    name = HTTP_STATUS_CODES.get(status, "Error")
    if request.path.startswith("/api/"):
        body = ErrorSchema().dump({"status": status, "error": name, "message": message, "fields_": fields})
        return jsonify(body), status
    return render_template("error.html", status=status, name=name, message=message, fields=fields or {}), status
