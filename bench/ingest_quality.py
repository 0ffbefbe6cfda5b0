"""Measure page-text ingestion against the fundus and Readability test pages.

Reads ../shared/data/pages/{fundus,readability}/pages/<id>/{page.txt,truth.json}
(beside the checkout) and prints, per set: title exact match (whitespace, quote
characters and invisible format characters normalised), date on the truth's calendar day over pages whose
text shows that day (and every wrong date given), author found over pages whose
text shows the name, and body bag-of-words F1 (mean, median).

    python bench/ingest_quality.py            # both sets
    python bench/ingest_quality.py --show title fundus   # list the misses
    python bench/ingest_quality.py --languages           # languages given to the news records
    python bench/ingest_quality.py --authors             # author spellings in the news records, given and stored
    python bench/ingest_quality.py --wire                # Reuters stories as bare wire-copy page text
    python bench/ingest_quality.py --folds 5             # all five sets, seen vs unseen sites (learned labeller)
    python bench/ingest_quality.py --folds 5 --rules     # the same with the rules alone
    python bench/ingest_quality.py --folds 5 --show opening   # and list the bodies not at the opening words
    python bench/ingest_quality.py --check OUT            # a page set made by bench/render_pages.py, as shipped
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import re
import statistics
import sys
import time
import unicodedata
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ingest_folds import FIELDS, f1, figures, print_table, run_folds, score_page  # noqa: E402
from searchsvc.ingest import pagesets, parse_file  # noqa: E402
from searchsvc.ingest.dates import find_dates  # noqa: E402
from searchsvc.ingest.pagesets import SETS as ALL_SETS  # noqa: E402
from searchsvc.ingest.pagesets import first_words, load_pages, opening_matches, opening_texts  # noqa: E402
from searchsvc.ingest.pagetext import parse_page_text  # noqa: E402

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "pages"
NEWS = DATA.parent / "news"
SETS = ("fundus", "readability")
QUOTES = str.maketrans(
    {"‘": "'", "’": "'", "‚": "'", "‛": "'", "`": "'", "´": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"'}
)
# Words; Chinese and Japanese characters count one by one (they are written without spaces).
WORD = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]|[^\W\u3040-\u30ff\u3400-\u9fff]+")


def norm(text: str | None) -> str:
    """Normalise whitespace and quote characters, and case; drop invisible format characters.

    A soft hyphen, zero-width space or word joiner (Unicode category Cf) shows nothing on the page, and page
    text keeps or loses it by chance: a truth title "Fortschritt\u200b" is the title "Fortschritt".
    """
    text = "".join(c for c in (text or "") if unicodedata.category(c) != "Cf")
    return " ".join(text.translate(QUOTES).split()).casefold()


def truth_days(iso: str) -> set:
    """Return the calendar days a truth timestamp may be written as (its own zone and UTC)."""
    value = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    return {value.date(), value.astimezone(UTC).date() if value.tzinfo else value.date()}


def shown_days(text: str) -> set:
    """Return every calendar day written in full somewhere in the text."""
    return {d.value.date() for line in text.splitlines() for d in find_dates(line, foreign=True)}


def truth_names(truth: dict) -> list[str]:
    """Return the truth's author names.

    A Readability byline is cut down to the name: its first line, without a
    leading "By"/"Par", up to a digit, a comma ("Brenda Goodman, MA") or a
    parenthesis ("Martin Untersinger (avec Damien Leloup et Morgane Tual)").
    """
    if truth.get("authors"):
        return [n.strip() for n in truth["authors"] if n and n.strip()]
    byline = (truth.get("author") or "").strip().splitlines()[0] if (truth.get("author") or "").strip() else ""
    byline = re.sub(r"^(?:by|par|por)\s+", "", byline.strip(), flags=re.I)
    name = re.split(r"\d|,|\(", byline)[0].strip()
    return [name] if name else []


def measure(name: str, show: str | None) -> dict:
    """Parse every page of one set and score it against its truth."""
    pages = sorted(p for p in (DATA / name / "pages").iterdir() if (p / "page.txt").exists())
    counts = Counter()
    f1s: list[float] = []
    start = time.perf_counter()
    for page in pages:
        truth = json.loads((page / "truth.json").read_text())
        text = (page / "page.txt").read_text()
        articles, _ = parse_file(page / "page.txt")
        article = articles[0] if articles else None
        title_ok = article is not None and norm(article.title) == norm(truth["title"])
        counts["pages"] += 1
        counts["title_ok"] += title_ok
        counts["title_shown"] += norm(truth["title"]) in norm(text)
        counts["title_shown_ok"] += title_ok and norm(truth["title"]) in norm(text)
        if show == "title" and not title_ok:
            print(f"TITLE {page.name}\n  want {truth['title']!r}\n  got  {article and article.title!r}")
        if truth.get("date_published_iso"):
            days = truth_days(truth["date_published_iso"])
            shown = bool(days & shown_days(text))
            counts["date_truth"] += 1
            counts["date_shown"] += shown
            ours = article.published if article else None
            if ours is not None:
                # The day as written (its own zone) or in UTC may match.
                written = find_dates(article.published_raw or "", foreign=True)
                ok = ours.date() in days or bool(written and written[0].value.date() in days)
                counts["date_given"] += 1
                counts["date_wrong"] += not ok
                counts["date_shown_ok"] += ok and shown
                if show == "date" and not ok:
                    print(f"DATE {page.name} want {truth['date_published_iso']} got {article.published_raw!r}")
            elif show == "date" and shown:
                print(f"DATE {page.name} want {truth['date_published_iso']} got none")
        names = truth_names(truth)
        shown_names = [n for n in names if norm(n) in norm(text)]
        if shown_names:
            counts["author_shown"] += 1
            ok = article is not None and any(norm(n) in norm(article.author) for n in shown_names)
            counts["author_ok"] += ok
            if show == "author" and not ok:
                print(f"AUTHOR {page.name} want {shown_names} got {article and article.author!r}")
        score = f1(article.body if article else "", truth["body"])
        f1s.append(score)
        if show == "body" and score < 0.8:
            print(f"BODY {page.name} F1 {score:.2f}")
    return {"counts": counts, "f1": f1s, "seconds": time.perf_counter() - start}


def author_shapes(values: list[str]) -> str:
    """Return table cells: distinct names, names with a "By", in capitals, naming an agency."""
    names = [n.strip() for v in values for n in v.split(", ")]
    distinct = set(names)
    by = sum(1 for n in distinct if re.match(r"(?i)by\s", n))
    caps = sum(1 for n in distinct if n.isupper())
    agency = sum(1 for n in distinct if re.search(r"(?i)\breuters?\b|^(?:AP|AFP|dpa)$", n))
    people = len({n.casefold() for n in distinct})
    return f"{len(distinct)} | {people} | {by} | {caps} | {agency}"


def measure_authors() -> int:
    """Print, per news corpus, the author values as the records give them and as ingestion stores them."""
    print("| corpus | authors as | distinct | distinct ignoring case | with By | in capitals | naming an agency |")
    print("|---|---|---|---|---|---|---|")
    for path in sorted(NEWS.glob("*.jsonl.gz")):
        with gzip.open(path, "rt") as lines:
            raw = [json.loads(line).get("author") for line in lines]
        given = [a if isinstance(a, str) else ", ".join(map(str, a)) for a in raw if a]
        articles, _ = parse_file(path)
        stored = [a.author for a in articles if a.author]
        print(f"| {path.name} | in the records | {author_shapes(given)} |")
        print(f"| {path.name} | stored | {author_shapes(stored)} |")
    return 0


def measure_languages() -> int:
    """Print, per news corpus (JSON Lines records), how many records get which language, and none."""
    print("| corpus | records | en | none | other codes |")
    print("|---|---|---|---|---|")
    for path in sorted(NEWS.glob("*.jsonl.gz")):
        articles, _ = parse_file(path)
        codes = Counter(article.language for article in articles)
        other = ", ".join(f"{code} {n}" for code, n in codes.most_common() if code not in ("en", None))
        print(f"| {path.name} | {len(articles)} | {codes['en']} | {codes[None]} | {other or '-'} |")
    return 0


def measure_wire(sample: int) -> int:
    """Score Reuters stories written as page text the way the wire printed them: headline, blank line, body.

    The bodies keep Reuters' layout (lines wrapped at about 70 characters, paragraphs opened by an indent, tables);
    the record's own title and body are the truth. Stories under 80 words are left out (most are one-line notices).
    """
    path = NEWS / "reuters21578.jsonl.gz"
    if not path.exists():
        print(f"No Reuters corpus at {path.resolve()}: nothing to measure.")
        return 0
    with gzip.open(path, "rt") as lines:
        records = [json.loads(line) for line in lines]
    records = [r for r in records if r.get("title") and r.get("body") and len(r["body"].split()) >= 80]
    records = random.Random(7).sample(records, min(sample, len(records)))
    scores, titles = [], 0
    for record in records:
        page = parse_page_text(f"{record['title']}\n\n{record['body']}\n")
        scores.append(f1(page.body, record["body"]))
        titles += norm(page.title) == norm(record["title"])
    print("| stories | title exact | body F1 mean | median | under 0.8 |")
    print("|---|---|---|---|---|")
    print(
        f"| {len(records)} | {pct(titles, len(records))} | {statistics.mean(scores):.3f} "
        f"| {statistics.median(scores):.3f} | {sum(s < 0.8 for s in scores)} |"
    )
    return 0


def show_opening(page, parsed) -> None:
    """Print a page whose body does not open at the truth's opening words (unseen), with the words of both."""
    openings = opening_texts(page.truth)
    if openings and not opening_matches(parsed.body, openings)[1]:
        want = " | ".join(" ".join(first_words(text)) for text in openings)
        print(f"OPENING {page.set}/{page.id}\n  want {want}\n  got  {' '.join(first_words(parsed.body))}")


def show_title(page, parsed) -> None:
    """Print a page whose title, shown in its text, was missed (unseen)."""
    want, norm = page.truth.get("title"), pagesets.norm
    if want and norm(want) in norm(page.text) and norm(parsed.title) != norm(want):
        print(f"TITLE {page.set}/{page.id}\n  want {want!r}\n  got  {parsed.title!r}")


def show_author(page, parsed) -> None:
    """Print a page whose author, shown in its text, was missed (unseen)."""
    names, norm = pagesets.shown_names(page.truth, page.text), pagesets.norm
    if names and not any(norm(n) in norm(parsed.author) for n in names):
        print(f"AUTHOR {page.set}/{page.id}\n  want {names!r}\n  got  {parsed.author!r}")


def show_date(page, parsed) -> None:
    """Print a page whose date, shown in its text, was missed, or whose date given is not the truth's day (unseen)."""
    days = pagesets.truth_days(page.truth)
    if not days:
        return
    ours = {parsed.date.value.date()} if parsed.date else set()
    written = find_dates(parsed.date.raw or "") if parsed.date else []
    ours |= {written[0].value.date()} if written else set()
    shown = bool(days & {d.value.date() for line in page.text.splitlines() for d in find_dates(line)})
    if (shown or parsed.date) and not ours & days:
        got = parsed.date.raw if parsed.date else None
        print(f"DATE {page.set}/{page.id}\n  want {sorted(days)} (shown: {shown})\n  got  {got!r}")


FOLD_LISTINGS = {"opening": show_opening, "title": show_title, "author": show_author, "date": show_date}


def measure_folds(folds: int, rules: bool, modes: dict[str, str], show: str | None = None) -> int:
    """Print the leave-sites-out table over every page set (see bench/ingest_folds.py)."""
    pages = load_pages(DATA)
    if not pages:
        print(f"No page data at {DATA.resolve()}: nothing to measure.")
        return 0
    if rules:
        fit, parse = None, lambda text, model: parse_page_text(text, model=None)
    else:
        from searchsvc.ingest.train import fit_model

        fit, parse = (lambda pages: fit_model(pages, modes)), lambda text, model: parse_page_text(text, model=model)
    start = time.process_time()
    seen, unseen, parsing = run_folds(pages, folds, fit, parse, FOLD_LISTINGS.get(show or ""))
    sites = len({p.site for p in pages})
    how = "rules" if rules else f"labeller, modes {modes or 'as trained'}"
    print(f"{len(pages)} pages, {sites} sites, {folds} folds by site; {how}")
    print_table(seen, unseen, list(ALL_SETS) + ["all"])
    print(f"\nCPU seconds: {time.process_time() - start:.1f} in all, {parsing:.1f} parsing")
    return 0


# With --check --show FIELD: the counters of pages that show the field and of those read right, and the truth's key.
CHECK_COUNTS = {
    "title": ("title_shown", "title_ok"),
    "date": ("date_shown", "date_ok"),
    "author": ("author_shown", "author_ok"),
}
CHECK_TRUTH = {"date": "date_published_iso"}


def measure_check(folder: Path, show: str | None) -> int:
    """Print the figures of one rendered page set (bench/render_pages.py) as the shipped reader parses it.

    Its truth is what each page's markup says, not curated: the figures check the reader on other sites against
    an HTML extractor, and compare one checkout with another; they are no accuracy against ground truth.
    """
    pages = load_pages(folder.parent, (folder.name,))
    if not pages:
        print(f"No pages under {folder.resolve()}/pages: render some with bench/render_pages.py.")
        return 0
    counts: Counter = Counter()
    f1s: list[float] = []
    start = time.process_time()
    for page in pages:
        parsed = parse_page_text(page.text)
        before = counts.copy()
        score_page(page, parsed, counts, f1s)
        shown, right = CHECK_COUNTS.get(show or "", ("", ""))
        if shown and counts[shown] > before[shown] and counts[right] == before[right]:
            got = getattr(parsed, show or "")
            print(f"{(show or '').upper()} {page.id}\n  want {page.truth.get(CHECK_TRUTH.get(show or '', show))!r}")
            print(f"  got  {got.raw if show == 'date' and got else got!r}")
    cells = figures(counts, f1s)
    sites = len({p.site for p in pages})
    print(f"{len(pages)} pages, {sites} sites; truth from the pages' markup (trafilatura), as shipped")
    print("| " + " | ".join(FIELDS) + " |")
    print("|" + "---|" * len(FIELDS))
    print("| " + " | ".join(cells[f] for f in FIELDS) + " |")
    print(f"\nCPU seconds: {time.process_time() - start:.1f}")
    return 0


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} % ({part}/{whole})" if whole else "n/a"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--show",
        choices=("title", "date", "author", "body", "opening"),
        help="list the misses of one field (with --folds: the unseen misses of title, date, author or opening)",
    )
    parser.add_argument("--languages", action="store_true", help="count the languages of the news records instead")
    parser.add_argument("--authors", action="store_true", help="count the author spellings of the news records instead")
    parser.add_argument(
        "--wire",
        type=int,
        nargs="?",
        const=1500,
        metavar="N",
        help="score N Reuters stories (default 1500) written as bare wire-copy page text instead",
    )
    parser.add_argument(
        "--folds", type=int, metavar="K", help="split all page sets by site into K folds: seen vs unseen figures"
    )
    parser.add_argument("--rules", action="store_true", help="with --folds: the rules alone, no learned labeller")
    parser.add_argument(
        "--modes", default="", help="with --folds: how fields are decided, e.g. date=model,author=both (train.MODES)"
    )
    parser.add_argument(
        "--check", type=Path, metavar="DIR", help="score a page set made by bench/render_pages.py, as shipped"
    )
    parser.add_argument("sets", nargs="*", default=list(SETS))
    args = parser.parse_args()
    if args.check:
        return measure_check(args.check, args.show)
    if args.folds:
        modes = dict(m.split("=") for m in args.modes.split(",") if m)
        return measure_folds(args.folds, args.rules, modes, args.show)
    if args.languages:
        return measure_languages()
    if args.authors:
        return measure_authors()
    if args.wire:
        return measure_wire(args.wire)
    if not DATA.is_dir():
        print(f"No page data at {DATA.resolve()}: nothing to measure.")
        return 0
    print(
        "| set | pages | title exact | title (shown in text) | date same day (shown) | wrong dates "
        "| author found (shown) | body F1 mean | median | s |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for name in args.sets:
        r = measure(name, args.show)
        c = r["counts"]
        print(
            f"| {name} | {c['pages']} | {pct(c['title_ok'], c['pages'])} "
            f"| {pct(c['title_shown_ok'], c['title_shown'])} | {pct(c['date_shown_ok'], c['date_shown'])} "
            f"| {c['date_wrong']} of {c['date_given']} given ({pct(c['date_wrong'], c['date_truth'])} of dated pages) "
            f"| {pct(c['author_ok'], c['author_shown'])} | {statistics.mean(r['f1']):.3f} "
            f"| {statistics.median(r['f1']):.3f} | {r['seconds']:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
