"""Line rules for page text: captions, page furniture, bylines, datelines, source, tags (titles: titles.py,
page dates: pagedates.py).

Every rule here is about the shape of a line (length, punctuation, a credit
in parentheses, a "By NAME" lead) or its position (just before the body,
repeated elsewhere on the page), never about one publisher's page.
"""

from __future__ import annotations

import re

from searchsvc.ingest.dates import find_dates
from searchsvc.letters import CJK_LETTERS, UNSPACED, WORD_RUN

CREDIT_WORDS = (
    r"Getty|AFP|Reuters|AP Photo|Associated Press|Photo|Foto|Images|Shutterstock|dpa|EPA|"
    r"Pool|POOL|Imago|IMAGO|Bloomberg|Alamy|Keystone|Sputnik|picture alliance|APA|"
    r"Xinhua|Anadolu|Bild|Credit|Courtesy|Screenshot|Illustration|via|Dok|Istimewa"
)
CAPTION_PATTERNS = [
    re.compile(
        r"^(?:FILE PHOTO\b|(?:Photo|Foto|Fotos|Bild|Image|Picture|Credit|Photograph|Illustration|Quelle)\s*:)", re.I
    ),
    re.compile(r"©|\bCopyright\s+(?:%s)" % CREDIT_WORDS),
    re.compile(r"\(([^()]*(?:/|\b(?:%s)\b)[^()]*)\)\s*[-–—|]?\s*$" % CREDIT_WORDS),
    re.compile(r"(?:^|[.!?)]\s*)(?:Photo|Foto|Bild|Image|Credit)s?\s*:\s*[^.:]{2,60}$", re.I),
    re.compile(r"(?:/|\|)\s*(?:%s)[\w .-]{0,30}$" % CREDIT_WORDS),
    re.compile(r"\b(?:Getty Images|AFP|Reuters|AP Photo|dpa|EPA|Shutterstock|Imago|IMAGO|Alamy)\s*$"),
]
# A credit line of its own, under the caption it belongs to.
CREDIT_LABEL = re.compile(r"^(?:(?:Foto|Fotos|Photo|Photos|Quelle|Bild|Image|Credit|Source)\s*:|©)", re.I)
CREDIT_WORDS_MAX = 10
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
    r"^share this story\b|シェアする|を印刷|をコピー|^[\W_]*詳しくはこちら.{0,10}$|リンク先をご覧ください。?$|"
    r"successful+y subscribed|thank you for signing up|zum abo|jetzt abonnieren|^\d{1,2}:\d{2}\s*(?:[ap]m)?$|"
    # A sponsor's label over a partner piece: the label and a name, no sentence.
    r"^(?:in partnership with|sponsored by|presented by|paid (?:content|post) (?:by|for)|en partenariat avec|"
    r"in zusammenarbeit mit|in kooperation mit|präsentiert von|en colaboración con|in collaborazione con)"
    r"(?:\s*:?|(?:\s+[^\s,;!?]+){1,6}\.?)$",
    re.I,
)
# The kind of piece, set before the byline label: "Kolumne von NAME", "Ein Kommentar von NAME", "Analysis by NAME".
# Only these words: any capitalised word would make title-case headlines ("Attacked by Grizzly Bear") bylines.
GENRE = (
    r"(?:(?:a|an|ein|eine|un|une|una|uno)\s+)?(?:column|commentary|comment|analysis|opinion|essay|review|interview|"
    r"report|feature|editorial|kolumne|kommentar|analyse|gastbeitrag|glosse|rezension|kritik|reportage|meinung|"
    r"chronique|tribune|éditorial|columna|opinión|análisis|crónica|reportaje|commento|analisi|editoriale|rubrica)\s+"
)
BYLINE = re.compile(
    r"^(?:%s)?(?:by|von|por|par|di|door|av|written by|reporting by|posted by|edited by|text|author|autor|autorin|"
    # "Written by" as other languages write it.
    r"autoren|authors|geschrieben von|verfasst von|écrit par|rédigé par|escrito por|scritto da|geschreven door|"
    r"skrevet av|skriven av|kirjoittanut|napisał|napisała|napsal|napsala)\s*:?\s+(?=[A-ZÀ-ÝĀ-Ž])"
    % GENRE
    + r"|^(?-i:by(?=[A-Z][a-z]))",  # "byRahimu Fadhili": the label glued to the name
    re.I,
)
# Chinese, Japanese and Korean pages sign with a label word before the name ("著者：NAME", "作者：NAME",
# "投稿者 NAME", "文／NAME") or a title after it ("NAME 기자", "NAME記者"); names run without spaces.
CJK_BYLINE = re.compile(
    r"^[\[【(（]?\s*(?:著者|作者|筆者|執筆者|投稿者|撰文|撰稿|記者|记者|責任編集|责任编辑|編集|编辑|文|写真・文)\s*"
    r"(?:[：:／/|｜]\s*|\s+(?=\S))"
)
CJK_NAME = re.compile(
    r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{2,5}(?:[ 　][\u3400-\u9fff]{1,3}(?![\u3040-\u30ff\u3400-\u9fff]))?"
)
CJK_REPORTER = re.compile(r"^([\u3400-\u9fff\uac00-\ud7af]{2,5})\s*(?:기자|記者|特派員|通信員|特派员|通讯员)(?:\s|$)")
CJK_NAME_SPLIT = re.compile(r"\s*[、，,・]\s*")
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
# Words with the marks they carry (Hindi "पुलिस"); those of four characters or more count.
CONTENT_WORD = re.compile(WORD_RUN)
CONTENT_CHARS = 4
PLAIN_CONTENT_WORD = re.compile(r"\w{4,}")
CJK = re.compile(f"[{CJK_LETTERS}{UNSPACED}]")
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
    r"oppdatert|uppdaterad|aktualizacja|güncelleme|last ?update)|更新|수정",
    re.I,
)


# A dot after an initial or a title ("Dr. Sebastian Brüggemann", "John F. Kennedy") ends no sentence.
TITLE_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z]|Dr|Prof|Mr|Mrs|Ms|Mme|St|Jr|Sr|Hr|Fr)$")


def is_caption(line: str) -> bool:
    """Tell whether a line is a photo caption or credit."""
    if len(line.split()) > 80:
        return False
    if any(p.search(line) for p in CAPTION_PATTERNS):
        return True
    # A sentence about the picture, then the photographer's name: "... lost 130lb. Emma Roma Jayne". Not a headline
    # in capitals with an abbreviation in it ("ECONOMIST SEES SLOWDOWN IN U.S. ECONOMIC GROWTH").
    head, _, tail = line.rpartition(". ")
    return (
        not line.isupper()
        and len(head.split()) >= 4
        and not TITLE_ABBREVIATION.search(head)
        and bool(NAME.match(tail))
        and len(tail.split()) <= 4
        and tail[-1].isalpha()
    )


def credit_follows(lines: list[str], i: int) -> bool:
    """Tell whether the next line (blanks aside) is a photo credit ("Foto: NAME"): then line i is its caption."""
    after = [line for line in lines[i + 1 : i + 3] if line][:1]
    return bool(after) and len(after[0].split()) <= CREDIT_WORDS_MAX and bool(CREDIT_LABEL.match(after[0]))


def is_furniture(line: str) -> bool:
    """Tell whether a line is a prompt, label or link of the page around the article."""
    if FURNITURE_LINE.match(line):
        return True
    return len(line.split()) <= 25 and bool(FURNITURE_TEXT.search(line))


def is_byline(line: str) -> bool:
    """Tell whether a line names the article's author ("By NAME ...")."""
    # A byline may run on into a short bio ("By Alex Heath, a deputy editor ...").
    labelled = BYLINE.match(line) or CJK_BYLINE.match(line) or CJK_REPORTER.match(line)
    return len(line.split()) <= 60 and bool(labelled) and bool(names_in_byline(line))


CO_AUTHORS = re.compile(r"\s*\((?:with|avec|mit|con|met|med)\s+([^)]*)\)", re.I)


def names_in_byline(line: str) -> list[str]:
    """Return the person names a byline gives, in order."""
    if reporter := CJK_REPORTER.match(line):
        return [reporter.group(1)]
    if label := CJK_BYLINE.match(line):
        line = line[label.end() :].rstrip("]】)）")
        if CJK.match(line):
            names = []
            for part in CJK_NAME_SPLIT.split(line):
                name = CJK_NAME.fullmatch(part.strip())
                if not name:
                    break
                names.append(name.group(0))
            return names
        line = "By " + line  # a Latin name after the label: read as any byline
    # "(with NAME and NAME)" adds co-authors; any other parenthesis is a role: "(reporting)", "(photography)".
    text = CO_AUTHORS.sub(r", \1", BYLINE.sub("", line, count=1))
    text = re.sub(r"\s*\([^)]*\)", "", text)
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
    if text.isascii():  # no marks: the plain pattern, as fast as it gets
        return {w.casefold() for w in PLAIN_CONTENT_WORD.findall(text)}
    words = {w.casefold() for w in CONTENT_WORD.findall(CJK.sub(" ", text)) if len(w) >= CONTENT_CHARS}
    cjk = "".join(CJK.findall(text))
    return words | {cjk[i : i + 2] for i in range(len(cjk) - 1)}


def is_dateline(line: str, foreign: bool = False) -> bool:
    """Tell whether a short line is there to give a date ("3. Mai 2024, 17:47", "Published May 7, 2025").

    `foreign`: a date with another language's month name counts too (as find_dates reads it where the
    publication date is chosen).
    """
    words = len(line.split())
    sentence = line.endswith(".") and words >= 8
    return words <= DATELINE_WORDS and not sentence and bool(find_dates(line, True, foreign))


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
        match = re.match(
            r"^(?:©|Copyright|\(c\))\s*(?:\d{4}\s*)?([A-Z][\w&.' -]{1,50}?)[.,]?\s*(?:All rights|Alle Rechte|$)", line
        )
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
        if is_tag_line(line):
            items = [item.strip() for item in line.split(",")]
            return tuple(item for item in items if item.casefold() not in standalone)
    return ()


def is_tag_line(line: str) -> bool:
    """Tell whether a line is a list of three or more short capitalised tags ("News, Russia, Donald Trump")."""
    items = [item.strip() for item in line.split(",")]
    if len(items) < 3 or len(line.split()) > 30:
        return False
    return all(item and len(item.split()) <= 4 and item[0].isupper() and item[-1] not in ".!?:" for item in items)
