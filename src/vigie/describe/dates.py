"""The publication date, with its precision and the words it was read from; never a guess.

Evidence is tried from the most to the least direct: a date the container declares (JSONL
field, HTML metadata), a byline ("Par X le 14 juillet 2016"), an agency dateline ("BEYROUTH,
12 mars 2016 (AFP)"), a dated photo caption, the URL path, a ``date YYYY-MM`` header line, a
full date in the text confirmed by a weekday the text also names, and finally the earliest
reader-comment timestamp (an upper bound) confirmed by a weekday. Anything later than a known
upper bound (comments, crawl date) is discarded. When nothing holds, the date is None.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from functools import lru_cache

from vigie import lexicon
from vigie.lexicon import ends_at
from vigie.limits import calendar_date, iso_day, plausible_year
from vigie.clean.text import CleanedPage
from vigie.datetext import find_dates, weekdays_mentioned
from vigie.model import DatedEvidence, Document

#: A ``date YYYY-MM`` header that is years later than every year the text mentions is the date
#: of a crawl or an archive listing, not of the article (seed 001 carries "date 2021-11" on a
#: 2014 story). News text names the current or previous year; one year of slack.
HEADER_DATE_MAX_LEAD_YEARS = 1
#: Comments start on the day of publication or the day after; a weekday named in the text that
#: falls at most this many days before the earliest comment is taken as the publication day.
COMMENT_LAG_DAYS = 1
#: Characters at the start of the first paragraph where an agency dateline sits.
DATELINE_CHARS = 120
#: A dateline without an agency: a city in capitals (a few words), a comma, then the date,
#: then a dash. Capitals and the dash are what tell it from a date in the lead's prose.
_DATELINE_CITY = re.compile(r"^\s*[A-ZÉÈÊÎÔÂÇ][A-ZÉÈÊÎÔÂÇ'’. -]{1,40}(?:\s*\([^)]{2,30}\))?\s*,\s*(?:le\s+)?(?:[a-z]+\s+)?$")
_DATELINE_END = re.compile(r"^\s*[-–—]")

#: Dates in URL paths, in the forms news sites use: "/2016/06/08/", "/2016-06-08-", "-20160608-",
#: "/20191111/", "_AN-201606130045" and "/202212020496.html" (the day, then a time or a serial
#: of four digits), "/201602/22/". Eight digits must stand alone or be followed by exactly
#: four more, so that a long article number is not read as a date.
_URL_DATES = (
    re.compile(r"(?<!\d)((?:19|20)\d{2})[/_-](0[1-9]|1[0-2])[/_-](0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?:\d{4})?(?!\d)"),
    re.compile(r"(?<!\d)((?:19|20)\d{2})(0[1-9]|1[0-2])/(0[1-9]|[12]\d|3[01])(?!\d)"),
    # "/2024/6/6/headlines": single digits, between slashes only.
    re.compile(r"/((?:19|20)\d{2})/(1[0-2]|0?[1-9])/(3[01]|[12]\d|0?[1-9])/"),
)
#: A line that is only an ISO date and maybe a time ("2024-06-06 | 05:00"): a CMS stamp.
_ISO_STAMP = re.compile(r"^\s*(?:[^\W\d_][\w ]{0,20}:\s*)?((?:19|20)\d{2})-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])"
                        r"(?:[\sT|·,-]+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[A-Z]{2,4})?)?\s*$")
#: "/2016/oct/22/": the month's English abbreviation (URLs are written so whatever the language).
_URL_MONTH_DATE = re.compile(r"/((?:19|20)\d{2})/([a-z]{3,9})/(3[01]|[12]\d|0?[1-9])/", re.IGNORECASE)
#: A full date in the text is the publication day only on a line of its own as short as a
#: time stamp ("Le mercredi 16 janvier 2019 à 22:43"); inside prose it dates an event, which is
#: often the day before the report (dev set: 3 of 6 such prose dates were wrong).
STAMP_MAX_WORDS = 12
_YEAR = re.compile(r"\b(19[5-9]\d|20\d{2})\b")


@lru_cache(maxsize=None)
def _stamp_pattern(lang: str) -> re.Pattern[str]:
    """A publication phrase (publication_stamps.txt), then maybe a weekday, ending where a
    date starts."""
    days = "|".join(lexicon.mapping(lang, "weekdays.txt"))
    return re.compile(
        rf"(?<!\w)(?:{lexicon.pattern(lang, 'publication_stamps.txt').pattern})\s*(?:(?:{days})\s+)?$", re.IGNORECASE)


def _day(value: dt.date, evidence: str) -> DatedEvidence:
    return DatedEvidence(value.isoformat(), "day", evidence)


def _quote(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return f'"{text[:limit]}…"' if len(text) > limit else f'"{text}"'


def upper_bound(doc: Document, page: CleanedPage) -> tuple[dt.date | None, str | None]:
    """The latest day the article can have been published, and why."""
    bounds: list[tuple[dt.date, str]] = []
    if page.comment_dates:
        bounds.append((min(page.comment_dates), "earliest reader comment"))
    if doc.crawled_at:
        crawled = iso_day(doc.crawled_at)
        if crawled:
            bounds.append((crawled, "crawl date"))
    header = _header_month(page.header_date)
    if header and not _header_is_publication(page):
        bounds.append((header[1], f"'date {page.header_date}' header line"))
    return min(bounds) if bounds else (None, None)


def _header_month(value: str | None) -> tuple[dt.date, dt.date] | None:
    if not value:
        return None
    year, month = int(value[:4]), int(value[5:7])
    if not 1 <= month <= 12 or not plausible_year(year):
        return None
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def _header_is_publication(page: CleanedPage) -> bool:
    """Is the `date` header line the page's own date? A month header is only when the text's
    latest year is close to it (a crawl date years after the story is a bound, no date); a
    day header is unless the text names a later year (on the development set every one of
    the 24 day headers is the publication day, some of them years after the war's start the
    text recalls)."""
    years = [int(y) for y in _YEAR.findall(page.text)]
    if page.header_date and len(page.header_date) == 10:
        return not years or max(years) <= int(page.header_date[:4])
    if not page.header_date or not years:
        return False
    return int(page.header_date[:4]) - max(years) <= HEADER_DATE_MAX_LEAD_YEARS


def candidates(doc: Document, page: CleanedPage, lang: str = "fr"):
    """Every piece of date evidence, best first."""
    if iso_day(doc.meta_published):  # a declared "0000-00-00" or "2016-02-31" declares nothing
        yield DatedEvidence(doc.meta_published[:10], "day", "declared by the source (metadata)")
    for line in page.bylines:
        for mention in find_dates(line, lang):
            yield _day(mention.date, f"byline {_quote(line)}")
    for para in page.text.split("\n\n")[:4]:
        for mention in find_dates(para[:DATELINE_CHARS], lang):
            if mention.start < 60 and re.search(r"\(\s*[A-Z]{2,}\s*\)", para[mention.end:mention.end + 12]):
                yield _day(mention.date, f"agency dateline {_quote(para[:mention.end + 8])}")
            elif _DATELINE_CITY.match(para[:mention.start]) and _DATELINE_END.match(para[mention.end:]):
                # "GAO, 20 mars 2020 - ...": the city in capitals, the date, a dash; no agency.
                yield _day(mention.date, f"dateline {_quote(para[:mention.end + 3])}")
    for caption in page.captions:
        for mention in find_dates(caption, lang):
            yield _day(mention.date, f"photo caption {_quote(caption)}")
    if doc.url:
        path = re.sub(r"^[a-z]+://[^/]+", "", doc.url)  # a host name holds no date
        for pattern in _URL_DATES:
            match = pattern.search(path)
            if match:
                day = calendar_date(*map(int, match.groups()))
                if day is not None:
                    yield _day(day, f"URL path {doc.url}")
                    break
        else:
            match = _URL_MONTH_DATE.search(path)
            month = lexicon.mapping("en", "months.txt").get(match.group(2).lower()) if match else None
            day = calendar_date(int(match.group(1)), int(month), int(match.group(3))) if month else None
            if day is not None:
                yield _day(day, f"URL path {doc.url}")
    header = _header_month(page.header_date)
    if header and _header_is_publication(page):
        day = iso_day(page.header_date) if len(page.header_date) == 10 else None
        if day is not None:  # "date 2018-04-08": the crawl's own day stamp of the page
            yield _day(day, f"'date {page.header_date}' header line")
        else:
            yield DatedEvidence(page.header_date[:7], "month", f"'date {page.header_date}' header line")
    lines = page.text.split("\n") + list(page.aside)  # footers hold "Première publication : 25/07/2018"
    for line in lines + list(page.bylines):
        if (iso := _ISO_STAMP.match(line)) and (day := calendar_date(*map(int, iso.groups()))) is not None:
            yield _day(day, f"date stamp {_quote(line.strip())}")
            break
    named = weekdays_mentioned(page.text, lang)
    stamp = _stamp_pattern(lang)
    for line in lines:
        long_line = len(line.split()) > STAMP_MAX_WORDS
        for mention in find_dates(line, lang):
            if long_line and not ends_at(stamp, line, mention.start):
                continue
            if mention.date.weekday() in named:
                yield _day(mention.date, f"text date {_quote(mention.text)} on a weekday the text names")


def publication_date(doc: Document, page: CleanedPage, lang: str = "fr") -> tuple[DatedEvidence | None, dt.date | None]:
    """(publication date with evidence, upper bound) for one document."""
    bound, _ = upper_bound(doc, page)
    month = None
    for cand in candidates(doc, page, lang):
        if bound is not None and cand.value[:10] > bound.isoformat():
            continue
        if cand.precision == "month":
            month = month or cand  # a `date YYYY-MM` header: a later stamp may give the day
            continue
        if month is None or cand.value.startswith(month.value):
            return cand, bound
    if month is not None:
        return month, bound
    if page.comment_dates:
        first_comment = min(page.comment_dates)
        named = weekdays_mentioned(page.text, lang)
        for lag in range(COMMENT_LAG_DAYS + 1):
            day = first_comment - dt.timedelta(days=lag)
            if day.weekday() in named:
                why = f"earliest reader comment {first_comment.isoformat()} and the text's {day:%A}"
                return _day(day, why), bound
    return None, bound


_TIME = re.compile(r"(?<!\d)([01]?\d|2[0-3]) ?[h:] ?([0-5]\d)(?!\d)")


def publication_time(doc: Document) -> str | None:
    """HH:MM of publication from a declared timestamp or the first byline that gives one:
    it orders two reports of the same day, so that a later toll supersedes an earlier one."""
    if doc.meta_published and len(doc.meta_published) >= 16 and doc.meta_published[10] in "T ":
        return doc.meta_published[11:16]
    for line in doc.bylines:
        match = _TIME.search(line)
        if match:
            return f"{int(match.group(1)):02d}:{match.group(2)}"
    return None


def latest_year(text: str, upper: dt.date | None = None) -> int | None:
    """The latest year a text names, not counting years after ``upper`` (or today): news
    recalls past years, and a later one is a plan."""
    limit = (upper or dt.date.today()).year
    years = [int(y) for y in _YEAR.findall(text) if int(y) <= limit]
    return max(years) if years else None


def lower_bound(page: CleanedPage, upper: dt.date | None) -> dt.date | None:
    """The earliest day the article can have been published: the first day of the latest year
    its text names. It keeps a report with no date from being linked to an incident years
    before the article was written."""
    year = latest_year(page.text, upper)
    return dt.date(year, 1, 1) if year else None

