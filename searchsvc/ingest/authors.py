"""Author rules for page text: bylines, name lines beside a dateline, author bios.

A name is found by where it stands (under the title, beside a dateline, under a
"By" label, over a role line) and by its shape (2-5 capitalised words), never
by a list of known people or publishers.
"""

from __future__ import annotations

import re

from searchsvc.ingest.bylines import (
    BIO,
    CJK_NAME,
    CREDIT_LABEL,
    DATE_WORD,
    DATEISH,
    GENRE,
    NAME,
    NAME_SPLIT,
    credit_follows,
    is_byline,
    is_caption,
    is_furniture,
    names_in_byline,
)
from searchsvc.ingest.dates import find_dates

ROLE = re.compile(
    r"^(?:senior |chief |deputy |political |staff |news |freie[rn]? )?(?:journalist|reporter|editor|correspondent|"
    r"writer|columnist|redakteur(?:in)?|korrespondent(?:in)?|kolumnist(?:in)?|autor(?:in)?|redaktor(?:in)?|"
    r"corresponsal|redactora?|periodista|journaliste|rédact(?:eur|rice)|giornalista|redattore)\b.{0,40}$",
    re.I,
)
BYLINE_LABEL = re.compile(
    r"^(?:\w+ )?(?:by|von|por|par|di|de|door|av|text|author|autor|autorin|authors|autoren|author of the article|"
    r"written by|reporting by|sobre la firma)\s*:?$",
    re.I,
)
# A name ends at a separator, a digit, a parenthesis, or a role glued to it ("André KleinRedakteur", "Lucy
# ThorntonNews Reporter": name and role set in two elements, copied without a space).
NAME_LINE_STOP = re.compile(
    r"\s*[|•·]\s*|\s[/–—-]\s|\d|\s\(|(?<=[a-zà-ÿ])(?=(?:(?:News|Senior|Chief|Political|Staff|Deputy)\s+)?"
    r"(?:Redakteur|Korrespondent|Kolumnist|Autor|Reporter|Editor|Correspondent|Journalist|Columnist|Writer|Redaktor|"
    r"Periodista|Journaliste)(?:in)?\b)"
)
# A social handle after the name ("Jon Fingas, @jonfingas"): the same person, not a second name.
HANDLE = re.compile(r"[,|•·]?\s*@\w+")
# Two elements copied without a space: a name, then a link or role ("Andrew HusbandTwitter...", "Gina TrapaniCEO").
# Only after a capitalised word of four letters or more, so "McDonald", "DeAndre" and "MacKenzie" stay whole.
GLUED = re.compile(r"\b[A-ZÀ-Ý][a-zà-ÿ]{3,}(?=[A-ZÀ-Ý])")
# Section labels and page words that are shaped like a name ("Federal Politics", "Current Issue").
GENERIC_WORDS = frozenset(
    "news politics politik sport sports business world opinion issue current page front home latest updated "
    "published live video tech insider federal local national international economy wirtschaft kultur culture "
    "science health breaking top stories story analysis comment kommentar meinung podcast section menu more "
    "share lifestyle entertainment travel finance markets weather wetter nachrichten noticias actualités "
    "redaktion editorial newsroom click here subscribe".split()
)
# A prompt to read on, shaped like a name in capitals ("READ THE REST"); "Read" alone may be a surname.
READ_ON = re.compile(r"^(?:read the rest|continue reading|keep reading)\b", re.I)
# The parts of a dateline: "Le Monde | 04.05.2015 à 13h36 | Par ...".
SEGMENT = re.compile(r"\s*[|•·]\s*")
DATELINE_WORDS = 12
# How many lines into the run a "By" label over a name is still the article's byline.
LABEL_RUN_LINES = 40
YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# How far over the headline's block a "By NAME" line may stand.
BYLINE_ABOVE = 6
# How far above the title (or the run, without one) a name line may stand.
NAME_ABOVE = 12
ROLE_SEPARATOR = re.compile(r"\s[–—-]\s|\s*[|•·,]\s*")
# How many of the run's first lines are its opening, which names the story's places and subjects.
OPENING_LINES = 2
# A place line between a name and its dateline ("Sevilla, Los Gallardos") has at most this many words.
PLACE_WORDS = 4
# How many of the run's first lines may hold the byline block: a summary box ("In Kürze", a few points) may come first.
RUN_HEAD = 14
# Separator lines ("•", "|") between a name and its dateline.
SEPARATOR = re.compile(r"^[\W_]{1,3}$")
# The world's large news agencies, as they sign wire copy: a story with no person's byline is theirs.
AGENCY = (
    r"(?-i:dpa|AFP|AP|Associated Press|Reuters|ANSA|EFE|Europa Press|Anadolu Ajansı|Anadolu Agency|Kyodo|"
    r"Xinhua|PA|PA Media|KNA|epd|APA|SDA|Keystone-SDA|Belga|ANP|TASS|Interfax|Yonhap|PAP|ČTK|AAP|dts|Lusa|"
    r"NTB|Ritzau|AFX|Bloomberg|UPI)"
)
# The run's last lines that may be the post's byline.
RUN_TAIL = 2
GENRE_FIRST = re.compile(GENRE, re.I)
# A line of running text under a name line has at least this many words.
PARAGRAPH_WORDS = 15
# How far after the body an author box (label, name, role) may stand.
AUTHOR_BOX_LINES = 30
# An agency's sign-off counts among this many lines after the body ("... said on Monday." / "dpa").
AGENCY_AFTER_LINES = 2
# The link to an author's page: "More by NAME", "Mehr von NAME", "Plus d'articles de NAME".
MORE_BY = re.compile(
    r"^(?:more (?:stories |articles )?(?:by|from)|mehr von|weitere artikel von|plus d'articles de|"
    r"más (?:artículos )?de|altri articoli di|meer van)\s+(?=[A-ZÀ-ÝĀ-Ž])",
    re.I,
)
AGENCY_PART = re.compile(r"^%s$" % AGENCY)
# A credit line: "dpa", "(AFP)", "Von dpa", "Quelle: dpa/AFP", "AFP, MANILA", "Haberler - Anadolu Ajansı".
AGENCY_CREDIT = re.compile(
    r"^(?:[\w ]{1,20}\s[-–|]\s)?(?:(?:von|by|par|por|di|quelle|source|fuente|fonte|kaynak|text)\s*:?\s*)?\(?"
    r"(%s(?:\s*[/,]\s*%s)*)\)?"  # the agencies
    r"(?:,\s*(?-i:[A-ZÀ-Ý])[\w.'’ -]{1,30})?(?:\s+\d[\d.:,/ -]*(?:Uhr)?)?$" % (AGENCY, AGENCY),  # place, date
    re.I,
)


def agency_credit(line: str) -> str | None:
    """Return the agencies a credit line names ("Von dpa 30.04.2024" -> "dpa", "dpa/AFP" -> "dpa, AFP"), or None."""
    match = AGENCY_CREDIT.match(line)
    return ", ".join(re.split(r"\s*[/,]\s*", match.group(1))) if match else None


def name_line(line: str) -> str | None:
    """Return the person name(s) a line consists of ("Dan Jervis-Bardy", "María R. Sahuquillo | Bruselas")."""
    if is_caption(line) or is_furniture(line) or READ_ON.match(line):
        return None
    # A sentence is no name line, even one that ends in a quotation ('... relieved.”').
    if line.rstrip("\"'”’»)]").endswith((".", "?", "!", ":")):
        return None
    # A separator left at the line's end by the layout ("Alex Shephard/", then the date on the next line).
    line = HANDLE.sub("", line).rstrip(" /|·•–—-")
    glued = GLUED.search(line)
    if glued and is_byline(line[glued.end() :]):
        return None  # "All IndiaEdited by NAME": a section glued to the byline, which find_author reads
    line = line[: glued.end()] if glued else line
    # A name glued to its dateline: "Will Leitch/November 18, 2016".
    dates = find_dates(line)
    cut = line.find(dates[0].raw) if dates else -1
    line = line[:cut].rstrip(" /|,·•–-") if cut > 0 else line
    if cut > 0 and (cjk := cjk_name(line)):
        return cjk  # "谢若含2017-03-01 14:27:02": a name glued to its date, in a script without spaces
    stop = NAME_LINE_STOP.search(line)
    text = (line[: stop.start()] if stop else line).strip(" ,")
    if any(word.casefold().strip(".,:") in GENERIC_WORDS for word in text.split()):
        return None
    parts = [p for p in NAME_SPLIT.split(text) if p]
    # An agency may sign beside the reporter: "Reuters, Thorsten Kramer".
    if parts and all(NAME.match(p) or AGENCY_PART.match(p) for p in parts) and any(NAME.match(p) for p in parts):
        return ", ".join(parts)
    words = text.split()
    if 4 <= len(words) <= 9 and all(w[0].isupper() for w in words):
        return text  # several names without separators: "Birgit Baumann Anna Giulia Fink"
    return None


# What stands before a date in CJK page text and is not a name: a label ("公開日", "发布时间", "更新", "配信").
CJK_DATE_LABEL = re.compile(
    r"(?:日|时间|時間|日期|日時|時刻)$|更新|公開|公开|发布|發布|投稿|掲載|配信|作成|修正|등록|입력|수정|"
    # A publisher glued to the date ("毎日新聞2025/1/14", "新华社", "NHKニュース", "編集部") is no person.
    r"新聞|新闻|日報|日报|通信|放送|テレビ|ニュース|신문|일보|뉴스|방송|(?:社|部|局|网|網)$"
)


def cjk_name(text: str) -> str | None:
    """Return text if it is a bare name in Chinese, Japanese or Korean (2-4 characters, no date label)."""
    text = text.strip(" 　:：")
    if (
        CJK_NAME.fullmatch(text)
        and len(text.replace(" ", "").replace("　", "")) <= 4
        and not CJK_DATE_LABEL.search(text)
    ):
        return text
    return None


def is_dateish(line: str) -> bool:
    """Tell whether a short line gives a date or time, even one find_dates cannot read ("5 HOURS AGO", "9:51")."""
    return len(line.split()) <= 12 and bool(find_dates(line) or DATE_WORD.search(line) or DATEISH.search(line))


def gives_date(line: str) -> bool:
    """Tell whether a line gives a date beyond a bare year."""
    return bool(find_dates(line)) or is_dateish(YEAR.sub("", line))


def opens_text(line: str) -> bool:
    """Tell whether a line is a paragraph of running text: long and ending like a sentence."""
    return len(line.split()) >= PARAGRAPH_WORDS and line[-1] in '.!?"”»'


def has_role(line: str) -> bool:
    """Tell whether a name line carries its role after a separator ("Mathias Hagen – Journalist i Paris")."""
    parts = ROLE_SEPARATOR.split(line, maxsplit=1)
    return len(parts) == 2 and bool(ROLE.match(parts[1]))


def named_in(names: str, text: str) -> bool:
    """Tell whether the text speaks of one of the names (the story's opening: then the name is a place or subject)."""
    return any(re.search(r"\b%s\b" % re.escape(name), text, re.I) for name in names.split(", "))


def find_author(lines: list[str], start: int, end: int, title_at: int | None) -> str | None:
    """Return the author's name(s): a byline near the body, a name line by the dateline, else a bio's name."""
    header_from = max(0, (title_at if title_at is not None else start - 12) - 3)
    # A blog signs under the post, sometimes as the run's last line ("Posted by NAME at 5:06 AM"); "Comment by" there
    # signs a reader's comment.
    run_tail = [line for line in lines[start:end] if line][-RUN_TAIL:]
    signed = [line for line in run_tail if is_byline(line) and not GENRE_FIRST.match(line)]
    near_end = signed + [line for line in lines[end : end + 12] if line][:6]
    run_head = [lines[i] for i in range(start, end) if lines[i]][:8]
    # A "By" line a few lines over the headline's block (over a kicker and a dek) signs it too; it is tried after the
    # block under the headline.
    over_block = [line for line in lines[max(0, header_from - BYLINE_ABOVE) : header_from] if is_byline(line)]
    head = lines[header_from:start] + run_head + over_block
    credit = None
    for n, line in enumerate(head + near_end):
        if n == len(head) and credit:
            return credit  # a byline after the body may be a teaser's: the header's agency credit comes first
        # A dateline may carry the byline as one of its parts: "Le Monde | 04.05.2015 | Par Martin Untersinger".
        glued = GLUED.search(line)
        parts = SEGMENT.split(line)[1:] if len(line.split()) <= 30 and DATEISH.search(line) else []
        for part in [line] + parts + ([line[glued.end() :]] if glued else []):
            if is_byline(part):
                return ", ".join(names_in_byline(part))
            # An agency's credit in the header is the byline of wire copy ("Von dpa", "AFP, MANILA"), unless a
            # person signs in the header too; after the body a credit may be a teaser's: a last resort (below).
            if credit is None and n < len(head) and agency_credit(part):
                credit = name_line(part) or agency_credit(part)  # "Reuters, Thorsten Kramer": the reporter too
    if credit:
        return credit
    # The byline block may also open the prose run (a dateline and a name between paragraphs), or stand a few
    # lines above the title (name, dateline, then headline).
    above = max(0, min(title_at if title_at is not None else start, start) - NAME_ABOVE)
    header = [i for i in range(above, start) if lines[i] and not SEPARATOR.match(lines[i])]
    # The story's opening names its places and subjects; a bio or contact line further down may name its author.
    opening = " ".join([line for line in lines[start:end] if line][:OPENING_LINES])
    header += [i for i in range(start, end) if lines[i] and not SEPARATOR.match(lines[i])][:RUN_HEAD]
    for n, i in enumerate(header):
        names = name_line(lines[i])
        if not names and (dates := find_dates(lines[i])) and len(lines[i].split()) <= DATELINE_WORDS:
            # "veröffentlicht am 28. April 2024, Tobias Költzsch"; "19.6.2007 9:40 Uhr Christoph Becker 71 Kommentare".
            # Words in capitals after the date name the source ("2025-04-02 19:49:31 / BOTA ALFA PRESS").
            at = lines[i].rfind(dates[-1].raw)  # the date as written; one read from a glued form is not found
            tail = lines[i][at + len(dates[-1].raw) :].strip(" ,-–—|/·•") if at >= 0 else ""
            for part in (lines[i].rsplit(",", 1)[-1].strip(), "" if tail.isupper() else tail):
                names = name_line(part) if part and part != lines[i] else None
                if names:
                    break
        if not names or i == title_at:
            continue
        before = lines[header[n - 1]] if n else ""
        after = lines[header[n + 1]] if n + 1 < len(header) else ""
        under_title = header[n - 1 if n else 0] == title_at and not named_in(names, opening)
        if BYLINE_LABEL.match(before) or under_title or ROLE.match(after) or has_role(lines[i]):
            # "By" on a line of its own, the line right under the title, a role under the name or beside it
            # ("Mathias Hagen – Journalist"); co-authors signed the same way follow.
            while has_role(after) and name_line(after) and n + 1 < len(header):
                names, n = f"{names}, {name_line(after)}", n + 1
                after = lines[header[n + 1]] if n + 1 < len(header) else ""
            return names
        # On the name's own line a bare year is part of a label ("TVET College 2023"), not a dateline; away from the
        # title, a name over a photo credit ("Foto: ...") is a caption: who is pictured.
        if credit_follows(lines, i):
            continue
        beyond = lines[header[n + 2]] if n + 2 < len(header) else ""
        place = (
            0 < len(after.split()) <= PLACE_WORDS
            and all(w[0].isupper() for w in after.split())
            and not is_dateish(after)
            and not name_line(after)
        )
        # A dateline that carries a name itself ("Will Leitch/November 18, 2016") signs the page, not a line over it.
        place_over_dateline = place and is_dateish(beyond) and not name_line(beyond)
        if gives_date(after) and name_line(after) and not gives_date(lines[i]):
            continue
        if gives_date(lines[i]) or any(is_dateish(o) for o in (before, after)) or place_over_dateline:
            # A name on or beside the dateline, or over the place line above it; a co-author's name may stand
            # over it ("Ingrid Treborg" / "Marlene Lundberg Holm" / "Publisert torsdag 09. mai 2024").
            # The opening may name the line beside the dateline ("BUENOS AIRES - ..."): a place, under the name.
            stacked = name_line(before) if n and header[n - 1] != title_at else None
            if not stacked or stacked == names or named_in(stacked, opening):
                return names
            return stacked if named_in(names, opening) else f"{stacked}, {names}"
    # A name line right over the article's first paragraph: the byline set between the lead image and the text.
    # Not a photographer's name under a bare "Foto:" label, nor a label over a caption (a paragraph with a credit
    # under it).
    for n, i in enumerate(header[:-1]):
        names = name_line(lines[i])
        label = lines[header[n - 1]] if n else ""
        credited = (
            (CREDIT_LABEL.match(label) and len(label.split()) == 1)
            or credit_follows(lines, header[n + 1])
            or any(is_caption(o) for o in lines[header[n + 1] : header[n + 1] + 3] if o)
        )
        if names and i != title_at and opens_text(lines[header[n + 1]]) and not credited:
            return names
    # A "By" / "Author of the article:" label anywhere above the body or in the run's first lines.
    labelled = [i for i in range(0, min(end, start + LABEL_RUN_LINES)) if lines[i]]
    for n, i in enumerate(labelled[:-1]):
        if BYLINE_LABEL.match(lines[i]):
            names = name_line(lines[labelled[n + 1]])
            if names:
                return names
    standalone = {line for i, line in enumerate(lines) if line and not start <= i < end}
    for line in lines[end:]:
        match = BIO.match(line)
        if match and match.group(1) in standalone:
            return match.group(1)
    # An author box after the body: a label, the name, the role ("Kommentar von" / "NAME" / "Redakteurin"). All
    # three are asked for: a label and a name alone there are often a teaser's byline.
    box = [i for i in range(end, min(len(lines), end + AUTHOR_BOX_LINES)) if lines[i]]
    for n, i in enumerate(box[:-2]):
        boxed = BYLINE_LABEL.match(lines[i]) and ROLE.match(lines[box[n + 2]])
        names = name_line(lines[box[n + 1]]) if boxed else None
        if names:
            return names
    # The link to the author's other stories, right under the last paragraph ("Mehr von NAME (dvp)").
    for line in near_end[:AGENCY_AFTER_LINES]:
        match = MORE_BY.match(line)
        names = name_line(line[match.end() :]) if match else None
        if names:
            return names
    return next((agency_credit(line) for line in near_end[:AGENCY_AFTER_LINES] if agency_credit(line)), None)
