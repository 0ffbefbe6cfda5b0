"""Atom feeds of searches ("alert me" in a feed reader), built with ElementTree."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from searchsvc.search import SearchHit, SearchPage

ATOM_NS = "http://www.w3.org/2005/Atom"
GENERATOR = "searchsvc"

# Characters XML 1.0 forbids even escaped (control characters from pasted or scraped text):
# one of them makes a feed reader reject the whole feed.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

ET.register_namespace("", ATOM_NS)


def atom(tag: str) -> str:
    """Return the qualified name of an Atom element."""
    return f"{{{ATOM_NS}}}{tag}"


def rfc3339(moment: datetime) -> str:
    """Return an Atom date (RFC 3339, UTC, seconds)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def newest_first(hits: list[SearchHit]) -> list[SearchHit]:
    """Order hits newest first, undated last (feed readers expect it whatever the engine did)."""
    oldest = datetime.min.replace(tzinfo=UTC)
    return sorted(hits, key=lambda hit: hit.published or oldest, reverse=True)


def feed_title(page: SearchPage) -> str:
    """Return a title naming the query and its filters."""
    args = page.request
    title = f"searchsvc: {args.q}" if args.q.strip() else "searchsvc: all stories"
    narrowed = [
        f"{name} {', '.join(getattr(args, name))}"
        for name in ("source", "author", "tag", "language")
        if getattr(args, name)
    ]
    if args.date_from or args.date_to:
        narrowed.append(f"{args.date_from or '…'} to {args.date_to or '…'}")
    return title + (f" ({'; '.join(narrowed)})" if narrowed else "")


def build_feed(
    page: SearchPage,
    *,
    feed_url: str,
    page_url: str,
    article_url: Callable[[str], str],
    fallback_updated: datetime,
) -> bytes:
    """Return the Atom document (UTF-8 bytes) for a page of hits."""
    hits = newest_first(page.hits)
    dated = [hit.published for hit in hits if hit.published]
    updated = max(dated) if dated else fallback_updated

    root = ET.Element(atom("feed"))
    ET.SubElement(root, atom("id")).text = feed_url
    ET.SubElement(root, atom("title")).text = feed_title(page)
    ET.SubElement(root, atom("subtitle")).text = f"{page.total} matching stories, newest first"
    ET.SubElement(root, atom("updated")).text = rfc3339(updated)
    ET.SubElement(root, atom("link"), rel="self", type="application/atom+xml", href=feed_url)
    ET.SubElement(root, atom("link"), rel="alternate", type="text/html", href=page_url)
    ET.SubElement(ET.SubElement(root, atom("author")), atom("name")).text = GENERATOR
    ET.SubElement(root, atom("generator")).text = GENERATOR

    for hit in hits:
        link = article_url(hit.id)
        entry = ET.SubElement(root, atom("entry"))
        ET.SubElement(entry, atom("id")).text = link
        ET.SubElement(entry, atom("title")).text = hit.title
        ET.SubElement(entry, atom("updated")).text = rfc3339(hit.published or updated)
        if hit.published:
            ET.SubElement(entry, atom("published")).text = rfc3339(hit.published)
        ET.SubElement(entry, atom("link"), rel="alternate", type="text/html", href=link)
        if hit.author:
            ET.SubElement(ET.SubElement(entry, atom("author")), atom("name")).text = hit.author
        if hit.source:
            ET.SubElement(entry, atom("category"), term=hit.source, label=f"Source: {hit.source}")
        # The snippet is HTML (text escaped, matches in <mark>); ElementTree escapes it once more.
        ET.SubElement(entry, atom("summary"), type="html").text = hit.snippet
    for element in root.iter():
        if element.text:
            element.text = NOT_XML.sub("", element.text)
        element.attrib.update({key: NOT_XML.sub("", value) for key, value in element.attrib.items()})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)
