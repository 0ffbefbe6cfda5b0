"""Render saved HTML pages into a page set for `bench/ingest_quality.py --check`: text as a person copies it.

    python bench/render_pages.py OUT HTML_DIR [HTML_DIR ...]

Every .html/.htm file becomes OUT/pages/<name>/page.txt and truth.json, made as ../shared/data/pages was: headless
Chromium (Debian's chromium), JavaScript and images off, every request but the file itself refused, and
`document.body.innerText` of the page loaded with a UTF-8 byte-order mark. Files with the same bytes are read once.

The truth is what the page's own markup says, read by searchsvc's HTML reader (trafilatura: title, date, author,
main text). It is machine-made, not curated: a figure on such a set checks the page-text reader on sites none of
the shared sets hold, against what an HTML extractor finds in the markup; it is no ground truth.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from searchsvc.ingest.html import parse_html  # noqa: E402

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--blink-settings=imagesEnabled=false"]


def truth_of(html: str, name: str) -> dict:
    """Return the page's fields as its markup gives them, in the shape of the shared sets' truth.json."""
    fields = parse_html(html)
    date = fields.get("date")
    return {
        "title": fields.get("title"),
        "date_published_iso": date.value.isoformat() if date else None,
        "author": fields.get("author"),
        "body": fields.get("body") or None,
        "url": fields.get("url"),
        "site": name,
        "lang": fields.get("language_hint"),
        "renderer": "chromium-innertext-js-disabled",
        "source_dataset": "rendered by bench/render_pages.py; truth from the page's markup (trafilatura)",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="page set folder to write (its pages/ is replaced)")
    parser.add_argument("html", type=Path, nargs="+", help="folders of saved .html pages")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    files = sorted({path for folder in args.html for path in folder.glob("*.htm*") if path.is_file()})
    pages = args.out / "pages"
    shutil.rmtree(pages, ignore_errors=True)
    seen: set[str] = set()
    written = failed = 0
    with tempfile.TemporaryDirectory() as scratch, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context(java_script_enabled=False)
        # No network: a saved page's stylesheets, fonts and scripts stay unloaded, as for the shared sets.
        context.route(
            "**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort()
        )
        tab = context.new_page()
        loaded = Path(scratch) / "page.html"
        for path in files:
            raw = path.read_bytes()
            digest = hashlib.sha1(raw).hexdigest()
            name = path.name.rsplit(".htm", 1)[0]
            if digest in seen or (pages / name).exists():
                continue
            seen.add(digest)
            try:
                html = raw.decode("utf-8")
            except UnicodeDecodeError:
                html = raw.decode("cp1252", errors="replace")
            loaded.write_text("\ufeff" + html.lstrip("\ufeff"), encoding="utf-8")
            try:
                tab.goto(loaded.as_uri(), timeout=20000, wait_until="domcontentloaded")
                text = tab.evaluate("document.body ? document.body.innerText : ''")
            except Exception as error:  # a page that navigates away or hangs: reported, the others go on
                print(f"skipped {path.name}: {str(error).splitlines()[0]}", file=sys.stderr)
                failed += 1
                continue
            folder = pages / name
            folder.mkdir(parents=True)
            (folder / "page.txt").write_text(text, encoding="utf-8")
            truth = truth_of(html, name)
            (folder / "truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1), encoding="utf-8")
            written += 1
        browser.close()
    print(f"{written} pages written to {pages}, {failed} skipped, {len(files) - written - failed} repeated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
