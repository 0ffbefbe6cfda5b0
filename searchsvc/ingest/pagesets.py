"""Page sets for training and measuring: page.txt with its truth.json, grouped by site.

A page set folder holds pages/<id>/{page.txt,truth.json} (see each set's SOURCE.md). The truth
fields differ between sets: some have a full body, some only the first words (body_prefix).
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlsplit

SETS = ("fundus", "readability", "postlight", "goose3", "newspaper4k")
QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
)
# Second-level labels under a country code: "bbc.co.uk" is one site, "nytimes.com" another.
SECOND_LEVEL = frozenset("co com ac gov ne or org net go gv edu".split())
# Readability's test pages have no url: their names give the site, some under a nickname.
NICKNAMES = {"wapo": "washingtonpost", "guardian": "theguardian", "herald-sun": "heraldsun"}


# Words; Chinese and Japanese characters count one by one (they are written without spaces).
WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W\u3040-\u30ff\u3400-\u9fff]+")
# How many of the truth's first words an opening must match.
OPENING_WORDS = 10
# How many words of a truth opening's lead (a credit, a dateline) a body may skip, in the looser opening figure,
# and how many of the truth's words after the lead the body must then open with.
LEAD_WORDS = 12
LEAD_REST = 5


def first_words(text: str, count: int = OPENING_WORDS) -> list[str]:
    """Return the first words of a text, lower-cased (CJK characters one by one)."""
    return WORD.findall(text.lower())[:count]


@dataclass(frozen=True)
class Page:
    """One page of a page set: its text, its truth and the site it comes from."""

    set: str
    id: str
    site: str
    text: str
    truth: dict


def norm(text: str | None) -> str:
    """Normalise whitespace, quote characters and case; drop invisible format characters."""
    text = "".join(c for c in (text or "") if unicodedata.category(c) != "Cf")
    return " ".join(text.translate(QUOTES).split()).casefold()


def site_of(url: str | None, fallback: str) -> str:
    """Return the registrable domain's name ("money.cnn.com" -> "cnn"), else a name made of the fallback."""
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".") if label]
    if len(labels) >= 2:
        keep = 3 if len(labels) >= 3 and labels[-2] in SECOND_LEVEL and len(labels[-1]) == 2 else 2
        return labels[-keep]
    name = re.sub(r"-(?:\d+|working)$", "", fallback.lower())
    return NICKNAMES.get(name, name)


def load_pages(data: Path, sets: tuple[str, ...] = SETS) -> list[Page]:
    """Read every page of the named sets under data (a missing set is skipped)."""
    pages = []
    for name in sets:
        folder = data / name / "pages"
        if not folder.is_dir():
            continue
        for path in sorted(p for p in folder.iterdir() if (p / "page.txt").exists()):
            truth = json.loads((path / "truth.json").read_text())
            url = truth.get("url") or truth.get("domain") and f"http://{truth['domain']}/"
            site = site_of(url, truth.get("site") or path.name)
            pages.append(Page(name, path.name, site, (path / "page.txt").read_text(), truth))
    return pages


def opening_texts(truth: dict) -> list[str]:
    """Return the texts whose first words are the article's opening words (any one may open the body).

    A set with only the body's first words gives them (`body_prefix`). A full truth body opens at its own first
    words; fundus' body opens with its summary (a dek or lead shown over the text), so there the first paragraph
    of the first section counts too: a body that keeps the dek out, as the prefix sets' truths do, opens there.
    """
    if truth.get("body_prefix"):
        return [truth["body_prefix"]]
    if not truth.get("body"):
        return []
    texts = [truth["body"]]
    structured = truth.get("body_structured")
    if isinstance(structured, dict) and structured.get("summary"):
        paragraphs = [text for section in structured.get("sections") or [] for text in section.get("paragraphs") or []]
        texts += paragraphs[:1]
    return texts


def opening_matches(body: str, openings: list[str]) -> tuple[bool, bool]:
    """Tell whether a body opens at one of the truth's openings: strictly, and past a lead of the truth's.

    Strict: the body's first words equal an opening's first OPENING_WORDS. The truth may open with a photo
    credit, a dateline or a label that a body rightly drops ("(Photo: Brett Davis, USA TODAY Sports) Houston has
    ...", "Getty Image Longtime ...", Readability's "Photo"): past a lead also counts a body that starts at the
    truth's words after a lead of at most LEAD_WORDS, matching at least LEAD_REST of them.
    """
    strict = lead = False
    for opening in openings:
        want = first_words(opening)
        ours = first_words(body, len(want))
        strict = strict or ours == want
        longer = first_words(opening, len(want) + LEAD_WORDS)
        lead = lead or any(
            longer[k : k + len(want)] == ours[: len(longer[k : k + len(want)])]
            for k in range(min(LEAD_WORDS, len(longer) - LEAD_REST) + 1)
        )
    return strict, lead


def truth_days(truth: dict) -> set[date]:
    """Return the calendar days the truth's publication time may be written as (its own zone and UTC)."""
    iso = truth.get("date_published_iso")
    if not iso:
        return set()
    value = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return {value.date(), value.astimezone(UTC).date() if value.tzinfo else value.date()}


def truth_names(truth: dict) -> list[str]:
    """Return the truth's author names; a Readability byline is cut down to its first name."""
    if truth.get("authors"):
        return [n.strip() for n in truth["authors"] if n and n.strip()]
    byline = (truth.get("author") or "").strip()
    byline = byline.splitlines()[0] if byline else ""
    byline = re.sub(r"^(?:by|par|por)\s+", "", byline.strip(), flags=re.I)
    name = re.split(r"\d|,|\(", byline)[0].strip()
    return [name] if name else []


def shown_names(truth: dict, text: str) -> list[str]:
    """Return the truth's author names that the page text shows."""
    page = norm(text)
    return [name for name in truth_names(truth) if norm(name) in page]


def fold_of(site: str, folds: int) -> int:
    """Return the fold a site belongs to: a stable hash, so a site is on one side in every set."""
    value = 0
    for char in site:
        value = (value * 131 + ord(char)) % 1_000_003
    return value % folds
