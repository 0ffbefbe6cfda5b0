"""Line rules for page text: captions, page furniture, bylines, title, source, tags.

Every rule here is about the shape of a line (length, punctuation, a credit
in parentheses, a "By NAME" lead) or its position (just before the body,
repeated elsewhere on the page), never about one publisher's page.
"""

from __future__ import annotations

import re

from searchsvc.ingest.dates import FoundDate, find_dates

CREDIT_WORDS = (
    r"Getty|AFP|Reuters|AP Photo|Associated Press|Photo|Foto|Images|Shutterstock|dpa|EPA|"
    r"Pool|POOL|Imago|IMAGO|Bloomberg|Alamy|Keystone|Sputnik|picture alliance|APA|"
    r"Xinhua|Anadolu|Bild|Credit|Courtesy|Screenshot|Illustration|via|Dok|Istimewa"
)
CAPTION_PATTERNS = [
    re.compile(r"^(?:FILE PHOTO\b|(?:Photo|Foto|Fotos|Bild|Image|Picture|Credit|Photograph|Illustration|Quelle)\s*:)", re.I),
    re.compile(r"©|\bCopyright\s+(?:%s)" % CREDIT_WORDS),
    re.compile(r"\(([^()]*(?:/|\b(?:%s)\b)[^()]*)\)\s*[-–—|]?\s*$" % CREDIT_WORDS),
    re.compile(r"(?:^|[.!?)]\s*)(?:Photo|Foto|Bild|Image|Credit)s?\s*:\s*[^.:]{2,60}$", re.I),
    re.compile(r"(?:/|\|)\s*(?:%s)[\w .-]{0,30}$" % CREDIT_WORDS),
    re.compile(r"\b(?:Getty Images|AFP|Reuters|AP Photo|dpa|EPA|Shutterstock|Imago|IMAGO|Alamy)\s*$"),
]
FURNITURE_LINE = re.compile(
    r"^(?:advertisement|anzeige|werbung|sponsored|read more|mehr lesen|weiterlesen|show more|load more|"
    r"most popular|most read|meistgelesen|related(?: articles| stories)?|share(?: this)?|teilen|subscribe|"
    r"newsletters?|sign up|log ?in|anmelden|skip to (?:main )?content|menu|menü|search|suche|close|"
    r"schließen|back to top|print|drucken|comments?|kommentare|follow us|editors'? picks|more news|"
    r"article image|avatar|video|audio|image|photo|foto|bild|listen|hören|copy link|email|e-mail|"
    r"facebook|twitter|whatsapp|linkedin|x|home|startseite|edit post|also read|see also|lesen sie auch|"
    r"mehr zum thema|\d+ min(?:ute)?s? read|lesezeit:? \d+ min(?:uten)?)\b[^.]{0,40}$",
    re.I,
)
FURNITURE_TEXT = re.compile(
    r"\bsubscribe\b|\bnewsletter\b|sign up|indicates required|\bmin read\b|audio is created|"
    r"all rights reserved|alle rechte vorbehalten|enable javascript|abonnieren|"
    r"\bcookies?\b.*\b(?:consent|accept|privacy|use|settings)\b|"
    r"\b(?:consent|accept|privacy|use|settings)\b.*\bcookies?\b|"
    r"\bcookies?\b.*(?:einwillig|zustimm|datenschutz|akzeptier)|"
    r"suscriptor|suscríbete|registrad[oa]s|iniciar sesión|přihlaste|sign in to|offers from|^article content$|"
    r"^share this story\b|シェアする|を印刷|をコピー|"
    r"successful+y subscribed|thank you for signing up|zum abo|jetzt abonnieren|^\d{1,2}:\d{2}\s*(?:[ap]m)?$",
    re.I,
)
BYLINE = re.compile(
    r"^(?:by|von|por|par|di|door|av|written by|reporting by|text|author|autor|autorin|"
    r"autoren|authors)\s*:?\s+(?=[A-ZÀ-ÝĀ-Ž])"
    r"|^(?-i:by(?=[A-Z][a-z]))",  # "byRahimu Fadhili": the label glued to the name
    re.I,
)
NAME_WORD = r"(?:[A-ZÀ-ÝĀ-Ž][\w'’.-]*|von|van|der|de|den|da|del|di|du|la|le|al|bin|ibn|zu)"
NAME = re.compile(r"^[A-ZÀ-ÝĀ-Ž][\w'’.-]+(?:\s+%s){1,4}$" % NAME_WORD)
NAME_SPLIT = re.compile(
    r"\s*(?:,|;|\band\b|\bund\b|&|\by\b|\bet\b|\be\b|\bmit\b|\bwith\b|\bavec\b|\bcon\b)\s*|(?<=[a-z])/(?=[A-Z])"
)
NAME_STOP = re.compile(
    r"\s(?:\||-|–|—|•|·|/)\s|\d|@|\b(?:Updated|Published|Veröffentlicht|Aktualisiert|Stand|am|on|"
    r"in|at|für|for|Correspondent|Reporter|Redakteur|Editor|Staff|Writer|published|updated)\b"
    # A role after the name, with a "-ische" adjective before it ("Landespolitische Korrespondentin").
    r"|\s(?:\w+isch(?:e|er|en)\s+)?(?:Korrespondent|Redakteur|Kolumnist|Journalist|Autor)(?:in)?\b"
)
BIO = re.compile(r"^(%s(?:\s+%s){1,3}) (?:is|was|ist|war) (?:a|an|the|ein|eine)\b" % (NAME_WORD, NAME_WORD))
BIO_ORG = re.compile(r"\b(?:at|for|with|bei|für)\s+((?:The\s+)?[A-Z][\w&'’-]*(?:\s+[A-Z][\w&'’-]*){0,4})")
POSSESSIVE_ORG = re.compile(r"\b(The(?:\s+[A-Z][\w-]*){1,4}?)(?:['’]s\b|(?=[A-Z][a-z]))")
# A line ending like a sentence ("... said."), not an abbreviation ("N.Y.C.").
SENTENCE_END = re.compile(r"[a-zà-ÿ0-9\"”»)]{2}\.$")
TRAIL_SEPARATOR = re.compile(r"\s[:>|/»›]\s*$")
KICKER_GAP = re.compile(r"\s*:\s*|\s+")
CONTENT_WORD = re.compile(r"\w{4,}")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Below this a headline-shaped line is no title (an empty title falls back to the body).
MIN_TITLE_SCORE = 1.5
DATE_WORD = re.compile(
    r"\b(?:published|updated|posted|publiziert|veröffentlicht|aktualisiert|stand|publié|publicado|publicación|"
    r"pubblicato|publikacja|gepubliceerd|publisert|publicerad)\b",
    re.I,
)
# A time given relative to now: "3 HOURS AGO", "vor 2 Stunden", "PUBLISHED 3 SECONDS AGO".
RELATIVE_TIME = re.compile(
    r"\bago\b|\bvor \d|\b\d+\s*(?:min|minutes?|seconds?|hours?|hrs?|days?|stunden?|tagen?|heures?|horas?|dakika|"
    r"saat|timer?)\b",
    re.I,
)
# "3 hours ago" and its kin: the dateline of a page read shortly after it was published.
TIME_AGO = re.compile(r"\d+\s*\w+\s+ago\b|\b(?:vor|hace|il y a)\s+\d+\s*\w+", re.I)
# What a dateline beside a name line looks like when no full date is parsed: a year, a clock time, a relative time.
DATEISH = re.compile(r"\b(?:19|20)\d{2}\b|\b\d{1,2}[:.h]\d{2}\b|" + RELATIVE_TIME.pattern, re.I)
# A line this short with a date in it is a dateline, not a sentence.
DATELINE_WORDS = 12
UPDATED = re.compile(
    r"\b(?:updated|aktualisiert|akt\.|geändert|modified|last edited|actualizado|mis à jour|aggiornato|"
    r"oppdatert|uppdaterad|aktualizacja|güncelleme)",
    re.I,
)


def is_caption(line: str) -> bool:
    """Tell whether a line is a photo caption or credit."""
    if len(line.split()) > 80:
        return False
    if any(p.search(line) for p in CAPTION_PATTERNS):
        return True
    # A sentence about the picture, then the photographer's name: "... lost 130lb. Emma Roma Jayne".
    head, _, tail = line.rpartition(". ")
    return len(head.split()) >= 4 and bool(NAME.match(tail)) and len(tail.split()) <= 4 and tail[-1].isalpha()


def is_furniture(line: str) -> bool:
    """Tell whether a line is a prompt, label or link of the page around the article."""
    if FURNITURE_LINE.match(line):
        return True
    return len(line.split()) <= 25 and bool(FURNITURE_TEXT.search(line))


def is_byline(line: str) -> bool:
    """Tell whether a line names the article's author ("By NAME ...")."""
    # A byline may run on into a short bio ("By Alex Heath, a deputy editor ...").
    return len(line.split()) <= 60 and bool(BYLINE.match(line)) and bool(names_in_byline(line))


def names_in_byline(line: str) -> list[str]:
    """Return the person names a byline gives, in order."""
    text = re.sub(r"\s*\([^)]*\)", "", BYLINE.sub("", line, count=1))  # "(reporting)", "(photography)"
    dates = find_dates(text)
    if dates:
        text = text[: text.find(dates[0].raw.split()[0])] if dates[0].raw.split()[0] in text else text
    stop = NAME_STOP.search(text)
    text = text[: stop.start()] if stop else text
    names = []
    for part in NAME_SPLIT.split(text.strip(" ,.:")):
        part = part.strip(" ,.:")
        if not NAME.match(part):
            break
        names.append(part)
    return names


def content_words(text: str) -> set[str]:
    """Return the casefolded words of four letters or more (character pairs for CJK script)."""
    words = {w.casefold() for w in CONTENT_WORD.findall(CJK.sub(" ", text))}
    cjk = "".join(CJK.findall(text))
    return words | {cjk[i : i + 2] for i in range(len(cjk) - 1)}


def opens_headline(line: str) -> bool:
    """Tell whether a line starts like a headline: a capital, a digit, a quote, or a letter of a caseless script."""
    first = line[0]
    # Chinese, Japanese, Korean, Arabic, Hebrew, Thai ... have no capitals: any letter may open their headlines.
    return first.isupper() or (first.isalpha() and not first.islower()) or first in "\"'“‘„«0123456789"


def find_title(lines: list[str], start: int, window: int) -> int | None:
    """Return the index of the title: a headline-shaped line before the body that the body echoes."""
    best, best_score = None, MIN_TITLE_SCORE
    for i, score in score_titles(lines, start, window):
        if score > best_score:
            best, best_score = i, score
    return best


def title_text(lines: list[str], title_at: int) -> str:
    """Return the title line, or its copy elsewhere on the page that keeps the colon after the kicker.

    A headline set as kicker + heading often loses its separator when the two are copied as one line
    ("Ausschuss zur Ahrtal-Flut Zwei Rücktritte"); the page's breadcrumb or share text keeps it.
    """
    title = lines[title_at]
    key = KICKER_GAP.sub(" ", title).strip().casefold()
    for line in lines:
        if ":" in line and len(line) > len(title) and KICKER_GAP.sub(" ", line).strip().casefold() == key:
            return line
    return title


def is_trail_end(other: str, line: str) -> bool:
    """Tell whether another line ends with this one after a breadcrumb glued on or a spaced separator.

    "WorldPoliticsHEADLINE" and "Share this Story : HEADLINE" end with the headline; "Kicker: Subtitle"
    ends with its subtitle, which is no headline of its own.
    """
    if len(other) <= len(line) or not other.endswith(line):
        return False
    lead = other[: -len(line)]
    return not lead[-1].isspace() and lead[-1].isalnum() or bool(TRAIL_SEPARATOR.search(lead))


def score_titles(lines: list[str], start: int, window: int) -> list[tuple[int, float]]:
    """Score the headline-shaped lines shortly before the body (nearest first)."""
    seen: dict[str, int] = {}
    for line in lines:
        if line:
            seen[line.casefold()] = seen.get(line.casefold(), 0) + 1
    lede = content_words(" ".join(lines[start : start + 6]))
    candidates = [i for i in range(max(0, start - window), start) if lines[i]]
    if start < len(lines) and len(lines[start].split()) <= 20 and not lines[start].endswith("."):
        candidates.append(start)  # a headline ending in "?" or "!" reads like prose: it may open the run
    scored = []
    for distance, i in enumerate(reversed(candidates)):
        line = lines[i]
        words = len(line.split()) + len(CJK.findall(line)) // 2
        if not 2 <= words <= 30 or len(line) < (6 if CJK.search(line) else 12) or not opens_headline(line):
            continue
        if is_caption(line) or is_furniture(line) or is_byline(line) or find_dates(line):
            continue
        own = content_words(line)
        score = 1.0 if 5 <= words <= 20 else 0.0
        if own:
            # The opening of the story echoes its headline; a bare name echoes it too, so weigh by words.
            echo = lede if i < start else content_words(" ".join(lines[start + 1 : start + 7]))
            score += 4 * len(own & echo) / max(len(own), 4)
        if words >= 4 and seen[line.casefold()] > 1 and own & lede:
            score += 3  # the page repeats its headline (share box, breadcrumb); menus repeat too, but echo nothing
        if any(o and o != line and len(o) >= 0.6 * len(line) and len(o.split()) >= 4 and line.startswith(o)
               for o in lines):
            score += 3  # a truncated copy of the headline elsewhere on the page
        if words >= 4 and not CJK.search(line) and any(is_trail_end(o, line) for o in lines if o):
            score += 3  # the end of a breadcrumb or share line ("Home > World > HEADLINE", "Share this : HEADLINE")
        following = [o for o in lines[i + 1 : i + 8] if o][:3]
        if any(is_byline(o) or (find_dates(o) and len(o.split()) <= 15) or (len(o.split()) <= 6 and TIME_AGO.search(o))
               for o in following):
            score += 1.5  # a byline or dateline just under it
        before = lines[i - 1] if i else ""
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if not before and not after:
            score += 1  # a block of its own
        if SENTENCE_END.search(line) or words > 25:
            score -= 3  # reads like a sentence (a standfirst or caption), not a headline
        score -= 0.05 * distance
        scored.append((i, score))
    return scored


def is_dateline(line: str) -> bool:
    """Tell whether a short line is there to give a date ("3. Mai 2024, 17:47", "Published May 7, 2025")."""
    words = len(line.split())
    sentence = line.endswith(".") and words >= 8
    return words <= DATELINE_WORDS and not sentence and bool(find_dates(line, True))


def find_page_date(
    header: list[tuple[int, str]], after: list[str], anchor: int, slash_dayfirst: bool | None
) -> FoundDate | None:
    """Return the publication date: the header's dateline nearest the title, else a "Published ..." line after the body.

    A dateline, a byline or a "Published" line beats a date inside a longer line
    (a caption or teaser); an "Updated" date comes last.
    """
    found: list[tuple[tuple, FoundDate]] = []
    for i, line in header:
        if not line or is_caption(line) or len(line.split()) > 25:
            continue
        strong = is_dateline(line) or is_byline(line) or bool(DATE_WORD.search(line))
        for date in find_dates(line, slash_dayfirst):
            found.append(((bool(UPDATED.search(line)), not strong, abs(i - anchor), not date.has_time), date))
    if not found:
        for line in after:
            if DATE_WORD.search(line) and not UPDATED.search(line) and len(line.split()) <= 25:
                dates = find_dates(line, slash_dayfirst)
                if dates:
                    return dates[0]
        return None
    return min(found, key=lambda pair: pair[0])[1]


def find_source(header: list[str], after: list[str], outside: list[str]) -> str | None:
    """Return the publisher named by a dateline, an author bio, a copyright line or the page's own name."""
    for line in header:
        dates = find_dates(line)
        if dates and len(line.split()) <= 15:
            rest = line.replace(dates[0].raw, "").strip()
            match = re.match(r"^[/|·•–-]\s*([A-Z][\w&.' -]{1,60})$", rest)
            if match:
                return match.group(1).strip()
    for line in after:
        if BIO.match(line):
            match = BIO_ORG.search(line)
            if match:
                return match.group(1)
    for line in outside:
        match = re.match(r"^(?:©|Copyright|\(c\))\s*(?:\d{4}\s*)?([A-Z][\w&.' -]{1,50}?)[.,]?\s*(?:All rights|Alle Rechte|$)", line)
        if match and not is_caption(line.replace("©", "")):
            return match.group(1).strip()
    counts: dict[str, int] = {}
    for line in outside:
        for match in POSSESSIVE_ORG.finditer(line):
            counts[match.group(1)] = counts.get(match.group(1), 0) + 1
    named = [(n, name) for name, n in counts.items() if n >= 2]
    return max(named)[1] if named else None


def find_tags(header: list[str], standalone: set[str]) -> tuple[str, ...]:
    """Return the tags of a comma-separated tag line in the header (not section names)."""
    for line in header:
        items = [item.strip() for item in line.split(",")]
        if len(items) < 3 or len(line.split()) > 30:
            continue
        if all(item and len(item.split()) <= 4 and item[0].isupper() and not item[-1] in ".!?:" for item in items):
            return tuple(item for item in items if item.casefold() not in standalone)
    return ()
