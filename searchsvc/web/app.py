"""The Flask app factory: settings, the shared SearchIndex, blueprints and error handlers."""

from __future__ import annotations

from flask import Flask, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError
from werkzeug.http import HTTP_STATUS_CODES

from searchsvc.config import load_config
from searchsvc.search import Overloaded, SearchIndex, SearchTimeout
from searchsvc.store import IndexMissing

from . import api, httpcache, httplog, metrics, pages
from .headers import add_security_headers
from .responses import ErrorSchema


def create_app(config: dict | None = None) -> Flask:
    """Create the Flask app: settings, the shared SearchIndex, blueprints, error handlers."""
    app = Flask(__name__)
    app.config.update(load_config(config))
    observer = metrics.Metrics()
    app.extensions["searchsvc"] = SearchIndex(
        app.config["INDEX_DIR"],
        app.config["REFRESH_INTERVAL"],
        app.config["MAX_RESULT_WINDOW"],
        app.config["RESULT_CACHE_SIZE"],
        observer=observer,
        max_waiting=app.config["MAX_WAITING"],
        queue_timeout=app.config["QUEUE_TIMEOUT"],
        search_timeout=app.config["SEARCH_TIMEOUT"],
        warm_queries=app.config["WARM_QUERIES"],
        warm_seconds=app.config["WARM_SECONDS"],
    )

    app.register_blueprint(api.bp)
    app.register_blueprint(pages.bp)
    register_error_handlers(app)
    metrics.init_app(app, observer)
    app.after_request(add_security_headers)
    httplog.init_app(app)
    httpcache.init_app(app)
    return app


def register_error_handlers(app: Flask) -> None:
    """Render every error as the JSON envelope under /api, as a friendly page elsewhere."""

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None:  # Flask hands such proxy exceptions back without calling handlers
            return error
        # A bare HTTPException subclass may have no description: the envelope's message is a string.
        return error_response(
            error.code,
            error.description if error.description is not None else error.name,
            getattr(error, "fields", None),
        )

    @app.errorhandler(IndexMissing)
    def no_index(error: IndexMissing):
        return error_response(503, str(error))

    @app.errorhandler(Overloaded)
    def overloaded(error: Overloaded):
        response = make_response(error_response(503, str(error)))
        response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(SearchTimeout)
    def timed_out(error: SearchTimeout):
        # No Retry-After: the same search would run as long again.
        return error_response(503, str(error))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error on %s", request.path)
        return error_response(500, InternalServerError.description)


def error_response(status: int, message: str, fields: dict | None = None):
    """Return the error envelope (JSON under /api) or the error page."""
    name = HTTP_STATUS_CODES.get(status, "Error")
    if request.path.startswith("/api/"):
        body = ErrorSchema().dump({"status": status, "error": name, "message": message, "fields_": fields})
        return jsonify(body), status
    return render_template("error.html", status=status, name=name, message=message, fields=fields or {}), status
