"""Security headers on every kind of response."""

import re

import pytest

from searchsvc.articles import Article

EXPECTED = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


@pytest.fixture
def client(make_index, app_for):
    return app_for(make_index([Article(id="a1", title="Harbour", body="The harbour reopened.")])).test_client()


@pytest.mark.parametrize(
    "url, status",
    [
        ("/", 200),
        ("/?q=harbour", 200),
        ("/articles/a1?q=harbour", 200),
        ("/api/search?q=harbour", 200),
        ("/search.atom?q=harbour", 200),
        ("/static/style.css", 200),
        ("/articles/missing", 404),
        ("/?q=harbour&page=0", 400),
        ("/api/search?page=0", 400),
        ("/api/nowhere", 404),
    ],
)
def test_headers_are_on_every_response(client, url, status):
    response = client.get(url)
    response.close()  # static files are streamed from an open file
    assert response.status_code == status
    assert {name: response.headers.get(name) for name in EXPECTED} == EXPECTED


def test_headers_are_on_the_no_index_error(app_for, tmp_path):
    response = app_for(tmp_path / "empty").test_client().get("/?q=x")
    assert response.status_code == 503
    assert {name: response.headers.get(name) for name in EXPECTED} == EXPECTED


def test_headers_pages_have_no_inline_script_or_style(client):
    for url in ("/", "/?q=harbour", "/articles/a1?q=harbour", "/articles/missing"):
        html = client.get(url).get_data(as_text=True)
        assert "<script>" not in html and "<style" not in html and " style=" not in html
        assert not re.search(r"\son[a-z]+=", html)
