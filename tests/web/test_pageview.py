"""Pure helpers of the page: query words to mark, marking, link safety, paragraphs."""

from searchsvc.web.pageview import mark_terms, paragraphs, query_terms, safe_href


def test_webview_query_terms_leave_out_operators_fields_and_excluded_words():
    assert query_terms('title:Ceasefire talks OR "peace deal" NOT Trump -Putin') == {"ceasefir", "talk", "peac", "deal"}


def test_webview_mark_terms_marks_stems_and_folded_accents_and_escapes_the_rest():
    marked = mark_terms("Zelénskyy's <b>negotiators</b> negotiations & talked.", query_terms("Zelenskyy negotiation"))
    assert (
        str(marked)
        == "<mark>Zelénskyy</mark>&#39;s &lt;b&gt;<mark>negotiators</mark>&lt;/b&gt; <mark>negotiations</mark> &amp; talked."
    )


def test_webview_mark_terms_without_terms_only_escapes():
    assert str(mark_terms("<script>x</script>", set())) == "&lt;script&gt;x&lt;/script&gt;"


def test_webview_safe_href_keeps_only_web_links():
    urls = [
        "https://example.com/a",
        "HTTP://example.com",
        "javascript:alert(1)",
        " JavaScript:alert(1)",
        "data:text/html,x",
        "/relative",
        None,
    ]
    assert [safe_href(u) for u in urls] == ["https://example.com/a", "HTTP://example.com", None, None, None, None, None]


def test_webview_paragraphs_split_at_blank_lines_and_join_wrapped_lines():
    assert paragraphs("One\nline.\n\n \nTwo.\n   \n\nThree  words here.\n") == [
        "One line.",
        "Two.",
        "Three words here.",
    ]
