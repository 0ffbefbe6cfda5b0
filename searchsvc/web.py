"""Blueprint "web": the HTML search page, built from the same SearchPage as the API."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from .api import load_search_args, run_search

bp = Blueprint("web", __name__)


@bp.get("/")
def search_page():
    """Show the search box, and the results when there is a query."""
    args = load_search_args(request.args)
    page = run_search(args) if args.q.strip() else None
    return render_template("search.html", args=args, page=page)


@bp.get("/articles/<article_id>")
def article_page(article_id: str):
    """Show one story in full."""
    article = current_app.extensions["searchsvc"].get_article(article_id)
    if article is None:
        abort(404, f"There is no article with id {article_id}.")
    return render_template("article.html", article=article, q=request.args.get("q", ""))
