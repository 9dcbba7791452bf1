"""Periods: explicit years and dates, and relative ones resolved against publication.

A period is an ISO 8601 string: "2023" (a year, for flows during it),
"2023-06-30" (a date, for stocks as of it), "2023-07" (a month, when the
publication date is only known to the month), or an interval "2014/2020"
(for spans such as 2014年以来) and "2023-01/2023-06" (上半年, 1—6月, 前6个月).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

from mskg.extract.numbers import parse_chinese
from mskg.extract.scan import Anchored
from mskg.extract.text import first_line

@dataclass(frozen=True)
class Published:
    """A publication date known to the year, month or day."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str | None) -> "Published | None":
        """Parse "2024", "2024-01" or "2024-01-23" (a time part is ignored)."""
        if not text:
            return None
        match = re.match(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?", text.strip())
        if not match:
            raise ValueError(f"not an ISO date: {text!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        return cls(year, month, day)

    def iso(self) -> str:
        """The date as precisely as it is known."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
            if self.day:
                parts.append(f"{self.day:02d}")
        return "-".join(parts)


@dataclass(frozen=True)
class Period:
    """A resolved period and where its words are in the text."""

    iso: str
    kind: str   # year, date, month, interval
    start: int
    end: int
    future: bool = False  # worded as a target date (到2026年)
    source: str = ""      # the kind of expression: year, this_year, day, since, ...


def _count(token: str) -> int:
    """A small count written in digits or Chinese numerals (10, 十, 两)."""
    return int(token) if token.isdigit() else int(parse_chinese(token))


def _months(year: int, first: int, last: int, span: tuple) -> Period:
    """The whole months `first` to `last` of a year: the year itself, one month, or their span."""
    if (first, last) == (1, 12):
        return Period(f"{year:04d}", "year", *span)
    if first == last:
        return Period(f"{year:04d}-{first:02d}", "month", *span)
    return Period(f"{year:04d}-{first:02d}/{year:04d}-{last:02d}", "interval", *span)


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


SHORT_YEAR_REACH = 5  # years: 25年 is 2025 only in an article of 2020 to 2030


def _year_of(token: str | None, published: Published | None) -> int | None:
    """A year as written (2025, or 25 in an article of about that time), else the publication's."""
    if token and len(token) == 2:
        year = 2000 + int(token)
        return year if published and abs(year - published.year) <= SHORT_YEAR_REACH else None
    if token:
        return int(token)
    return published.year if published else None


# Each pattern as Python's re would scan it fast: opening with a literal or a set
# (so "now" and "recent" are spelled out), or Anchored (scan.py) where an optional
# group opens it. tests/test_scan.py checks each against its plain form.
MONTH = r"(\d{1,2}|十[一二]?|[一二三四五六七八九])"  # in digits or spoken (截至十一月底)
DAY = r"(\d{1,2}|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
_PATTERNS: list[tuple[re.Pattern | Anchored, str]] = [
    (re.compile(r"(?:截至|截止|到)(?:(\d{4}|\d{2})年|今年|本年)?" + MONTH + "月(?:末|底)"), "month_end"),
    (re.compile(r"(?:截至|截止)(?:(\d{4})年|今年|本年)?" + MONTH + "月" + DAY + "日"), "as_of_day"),
    (re.compile(r"(?:截至|截止)(\d{4})([./])(\d{1,2})\2(\d{1,2})(?![\d.])"), "as_of_numeric_day"),  # 截至2025.10.31
    (re.compile(r"(\d{4})([./])(\d{1,2})\s*[-~至到]\s*(?:\1\2)?(\d{1,2})(?![\d./])"), "numeric_months"),  # 2025/1至2025/9
    (Anchored(re.compile(r"(?:(?<=[,;。\n:(“\s较])|^)(\d{2})年(?:底|末)(?!前)"), "年[底末]", r"\d", 2),
     "short_year_end"),  # 较24年末
    (Anchored(re.compile(r"(?:(?<=[,;。\n:(“\s])|^)(\d{2})年(?=[,:])"), "年", r"\d", 2), "short_year"),  # 26年,推动…
    (Anchored(re.compile(r"(?:截至|截止|到)(?:(\d{4})年|今年|本年)?" + MONTH + "月(?:上旬|中旬|下旬)"), "[上中下]旬",
              r"截至止到\d年今本一二三四五六七八九十月", 14), "as_of_month"),  # 截至5月中旬
    (Anchored(re.compile(r"(?:(?<=[,;。\n:])|^)(?:(\d{4})年)?(\d{1,2})月(?:末|底)(?!前)"), "月[末底]", r"\d年", 7),
     "month_end"),  # 3月末,全省…
    (Anchored(re.compile(r"(?:(\d{4})年)?(?<!\d)(\d{1,2})月份"), "月份", r"\d年", 7), "month"),  # 3月份,全省…
    (re.compile(r"(?:截至|截止)?(?:去年|上年)(?:底|末)"), "last_year_end"),
    # (?:截至|截止)?(?:目前|现在|当前)|截至今年|截至发稿
    (re.compile(r"截至目前|截至现在|截至当前|截止目前|截止现在|截止当前|目前|现在|当前|截至今年|截至发稿"), "now"),
    (Anchored(re.compile(r"(?:自|从)?(\d{4})年(?:以来|至今)"), "年以来|年至今", r"\d自从", 5), "since"),
    (Anchored(re.compile(r"(\d{4})年?\s*[-~至到]\s*(\d{4})年"), "[-~至到]", r"\d\s年"), "range"),  # 2022年至2024年
    (Anchored(re.compile(r"(?:(\d{4}|\d{2})年|今年|本年)?(上半年|下半年|前三季度|第?[一二三四]季度)"),
              "上半年|下半年|前三季度|第?[一二三四]季度", r"\d年今本", 5), "part"),
    (Anchored(re.compile(r"(?:(\d{4})年)?(\d{1,2})[-~至到](\d{1,2})月(?![\d日])"), "[-~至到]", r"\d年", 7),
     "months"),
    (re.compile(r"一[至到]" + MONTH + "月(?![一二三四五六七八九十日])"), "spoken_months"),  # 一至十一月, 一到十一月
    # 提前4个月 (ahead of time) is no period
    (Anchored(re.compile(r"(?:(\d{4})年|今年|本年)?(?:(?<!提)前|首)(\d{1,2}|十[一二]|[两二三四五六七八九十])个月"), "前|首",
              r"\d年今本", 5), "first_months"),  # 首十個月: Hong Kong's 前十个月
    (Anchored(re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日[-—–~至到](?:(\d{1,2})月)?(\d{1,2})日"),
              "日[-—–~至到]", r"\d年月", 10), "days"),  # 黄金周(10月1日至8日)
    (Anchored(re.compile(r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日"), "月", r"\d年", 7), "day"),
    (re.compile(r"(?<!截)(?:到|至)(\d{4})年(?:底|末)?"), "by_year"),  # 到2025年底: a target's horizon, not 截至's date
    (re.compile(r"(?<!截)(?:到|至)(?:今年|本年)?年?(?:底|末)|(?:今年|本年)年?(?:底|末)前?|(?<!每年)年(?:底|末)前"),
     "this_year_end"),  # 到年底, 今年底, 年底前: the end of the year of publication
    (re.compile(r"年(?:底|末)"), "bare_year_end"),  # 年末全市共有…: the end of the year the article is about
    (Anchored(re.compile(r"(\d{4})年(?:底|末)"), "年底|年末", r"\d", 4), "year_end"),
    (Anchored(re.compile(r"(\d{4})年度?"), "年", r"\d", 4), "year"),
    (Anchored(re.compile(r"(?:过去|近)?(\d{1,2}|十|[一两二三四五六七八九])年(?:来|以来)"), "年来|年以来",
              r"\d十一两二三四五六七八九过去近", 4), "years_back"),
    (re.compile(r"(?:过去|近|这)(\d{1,2}|十|[两二三四五六七八九])年(?![级龄底末初])"), "years_back"),  # 近三年,全州…
    (Anchored(re.compile(r"(?<![\d一二三四五六七八九十百千])(\d{1,2}|十|[两二三四五六七八九])年(?:间|里|(?=年均))"),
              "年(?:间|里|年均)", r"\d十两二三四五六七八九", 2), "years_within"),  # 五年间; 五年年均增长5.6%
    (re.compile(r"今年"), "this_year"),
    (re.compile(r"(?<![适相应])(?:当年|同年|该年)(?!龄|轻)|本年度"), "that_year"),  # the year just named (a report's 本年度)
    (re.compile(r"去年|上年|上一年|过去一年|过去的一年"), "last_year"),
    (re.compile(r"明年|来年"), "next_year"),
    (Anchored(re.compile(r"(?:党的)?十八大以来"), "十八大以来", "党的", 2), "since_2012"),
    (Anchored(re.compile(r"[“\"]?十([三四五])五[”\"]?(?:以来|期间|时期|(?:这|的)?五年(?:来|间|里)?)"),
              "十[三四五]五", "“\"", 1), "five_year_plan"),  # “十四五”这五年
    # 近年来|近几年|近年|(?<![人户])每年(?!每)|前期
    (re.compile(r"近年来|近几年|近年|每(?<![人户]每)年(?!每)|前期"), "recent"),
]

_PARTS = {"上半年": (1, 6), "下半年": (7, 12), "前三季度": (1, 9), "一季度": (1, 3), "二季度": (4, 6),
          "三季度": (7, 9), "四季度": (10, 12)}
RECENT_YEARS = 5
_FROM_NOW = {"now", "since", "recent", "since_2012", "years_back", "years_within", "five_year_plan"}  # resolved against 目前's date
_PLAN_NUMBER = {"三": 13, "四": 14, "五": 15}


def _last_full_year(pub: Published) -> int:
    """The last year a span "since ..." can cover: the publication year once
    its first quarter is over, else the year before (figures lag)."""
    return pub.year if pub.month and pub.month > 3 else pub.year - 1


_WHEN = r"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})日[^。\n]{0,40}?(?:召开|举行|举办)[^。\n]{0,40}?"
_EVENT = re.compile(_WHEN + "(?:发布会|会议|大会|座谈会)")
_ANY_MEETING = re.compile(_WHEN + "(?:发布会|吹风会|会议|大会|座谈会|[总结推进调度部署动员表彰通报汇报听证报告]{2}会)")


def reference_date(text: str, published: Published | None) -> Published | None:
    """What 目前 means in this article: the date of the press conference or
    meeting its lead reports on, else the publication date. A meeting of the
    year before publication (a 年终总结会 printed in January) is also what
    今年, 明年 and 去年 count from (find_periods)."""
    if not published:
        return published
    for pattern, earlier_year_only in ((_EVENT, False), (_ANY_MEETING, True)):
        match = pattern.search(text[:600])
        if not match:
            continue
        event = Published(int(match.group(1)) if match.group(1) else published.year, int(match.group(2)),
                          int(match.group(3)))
        if (event.year, event.month) <= (published.year, published.month or 12) and \
                (event.year < published.year or not earlier_year_only):
            return event
    return published


TITLE_YEAR = re.compile(r"(?<![\d.])(\d{4})(?:年(?!\d{1,2}月\d{1,2}日)|(?=[\u4e00-\u9fff])(?![年万亿千百余多个人户家元项件所张名次位条座台套间]))")


def title_year(title: str | None, text: str) -> int | None:
    """The year an article's title (or, failing one, its first line) is about:
    "赣州市2023年十件民生实事完成情况" -> 2023; not the date of a meeting or
    speech it names ("——2025年1月15日在…会议上"); a year without 年 before
    the words it dates (台州2025民生盘点), not a count (2000余户)."""
    for candidate in (title or "", first_line(text)):
        match = TITLE_YEAR.search(candidate)
        if match and 1949 <= int(match.group(1)) <= 2100:
            return int(match.group(1))
    return None


def _in_year_list(text: str, match: re.Match) -> bool:
    return bool(re.match(r"[和、及与]\d{4}年", text[match.end():]) or
                re.search(r"\d{4}年[和、及与]$", text[:match.start()]))


def _earlier_year(now: Published, published: Published | None) -> bool:
    return bool(published) and now.year < published.year


_YEARLESS = {"month_end", "as_of_month", "as_of_day", "month", "part", "months", "first_months", "spoken_months"}
_TO_DATE = {"months", "first_months", "spoken_months"}  # 1-9月, 前10个月, 一至十一月: so far this year


def _yet_to_come(period: Period, kind: str, match: re.Match, basis: Published | None) -> bool:
    """A month, part of a year or date its words give no year for that would begin after the
    date the article counts from (截至11月底, 四季度, 12月份 in an article of 2026-01-20), or a
    span so far this year that would end after it (1-9月): it is of the year before."""
    if kind not in _YEARLESS or not basis or not basis.month or re.search(r"\d年|今年|本年", match.group()):
        return False
    start, _, end = period.iso.partition("/")
    edge = end if kind in _TO_DATE and start.endswith("-01") else start
    counted_from = basis.iso()
    return edge[:len(counted_from)] > counted_from[:len(edge)]


def find_periods(text: str, published: Published | None,
                 now: Published | None = None) -> list[Period]:
    """Every period expression in `text`, resolved; overlapping matches are dropped.

    `now` is the date 目前 and 截至目前 refer to (default: the publication date)."""
    found: list[Period] = []
    taken = [False] * len(text)
    for pattern, kind in _PATTERNS:
        for match in pattern.finditer(text):
            if any(taken[match.start():match.end()]):
                continue
            basis = now if now and (kind in _FROM_NOW or _earlier_year(now, published)) else published
            period = _resolve(kind, match, basis)
            if period is not None and _yet_to_come(period, kind, match, basis):
                period = _resolve(kind, match, Published(basis.year - 1))
            if period is None:
                continue
            source = kind
            if kind == "year" and _in_year_list(text, match):
                source = "year_list"  # 2017年和2019年: event years govern only their clause
            period = Period(period.iso, period.kind, period.start, period.end, period.future, source)
            for i in range(match.start(), match.end()):
                taken[i] = True
            found.append(period)
    found.sort(key=lambda p: p.start)
    found = [p for i, p in enumerate(found) if not _year_to_date(text, found, i) and not _restates_span(text, found, i)]
    return [_that_year(text, found, i) if p.source == "that_year" else p for i, p in enumerate(found)]


_AS_OF = {"month_end", "as_of_day", "as_of_month"}


def _restates_span(text: str, found: list[Period], index: int) -> bool:
    """三年间 right after a span or horizon its sentence names (实施期为2024年至2026年,三年间全市
    计划…) is that span, not the years up to now."""
    period = found[index]
    if period.source != "years_within" or index == 0:
        return False
    span = found[index - 1]
    return (span.kind == "interval" or span.future) and not re.search(r"[。;!?\n]", text[span.end:period.start])


def _year_to_date(text: str, found: list[Period], index: int) -> bool:
    """今年 right after an as-of date of that year (截至10月底，全市今年已新建…) says
    the figure counts the year so far: the date is its period, 今年 adds nothing."""
    period = found[index]
    if period.source != "this_year" or index == 0:
        return False
    date = found[index - 1]
    between = text[date.end:period.start]
    return date.source in _AS_OF and date.iso[:4] == period.iso and len(between) <= 6 \
        and not re.search(r"[。;!?\n]", between)


def year_end_of(text: str, periods: list[Period], period: Period, year: int | None) -> Period:
    """A bare 年末 (年末全市共有…) as the end of the year its paragraph names before it
    (【养老】2024年,…年末全省共有养老机构3318个: 2024), else of `year`, the year the article is about."""
    if period.source != "bare_year_end":
        return period
    named = named_before(text, [p for p in periods if p.kind == "year"], period.start)
    year = int(_single_year(named.iso)) if named else year
    if year is None:
        return period
    return Period(f"{year}-12-31", "date", period.start, period.end, period.future, period.source)


def _that_year(text: str, found: list[Period], index: int) -> Period:
    """当年 / 同年 refers back to the year last named in its paragraph
    ("2023年，… 当年全旗完成…" -> 2023); with none, it is the publication year."""
    period = found[index]
    earlier = named_before(text, found[:index], period.start)
    if earlier:
        return Period(_single_year(earlier.iso), "year", period.start, period.end, earlier.future, "year")
    return Period(period.iso, period.kind, period.start, period.end, period.future, "this_year")


def named_before(text: str, periods: list[Period], start: int) -> Period | None:
    """The last period of one year (2023年, 2023年上半年) its paragraph names before `start`."""
    paragraph = text.rfind("\n", 0, start)
    for earlier in reversed([p for p in periods if paragraph <= p.start < start]):
        if _single_year(earlier.iso):
            return earlier
    return None


def _single_year(iso: str) -> str | None:
    """The one year a period lies in ("2023-01/2023-06" -> "2023"), or None for a span of years."""
    years = {part[:4] for part in iso.split("/")}
    return years.pop() if len(years) == 1 else None


def _resolve(kind: str, m: re.Match, pub: Published | None) -> Period | None:
    span = (m.start(), m.end())
    year_now = pub.year if pub else None
    if kind == "month_end":
        year = _year_of(m.group(1), pub)
        return year and Period(_month_end(year, _count(m.group(2))), "date", *span)
    if kind == "as_of_month":  # 截至5月中旬: within that month, the most precise the words allow
        year = _year_of(m.group(1), pub)
        return year and Period(f"{year:04d}-{_count(m.group(2)):02d}", "month", *span)
    if kind == "as_of_day":
        year = _year_of(m.group(1), pub)
        return year and Period(f"{year:04d}-{_count(m.group(2)):02d}-{_count(m.group(3)):02d}", "date", *span)
    if kind == "as_of_numeric_day":
        year, month, day = int(m.group(1)), int(m.group(3)), int(m.group(4))
        return _valid_day(year, month, day) and Period(f"{year:04d}-{month:02d}-{day:02d}", "date", *span) or None
    if kind == "numeric_months":
        year, first, last = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if not 1 <= first < last <= 12:
            return None
        return _months(year, first, last, span)
    if kind == "short_year_end":
        year = _year_of(m.group(1), pub)
        return year and Period(f"{year}-12-31", "date", *span) or None
    if kind == "short_year":
        year = _year_of(m.group(1), pub)
        return year and Period(str(year), "year", *span) or None
    if kind == "month":
        year, month = _year_of(m.group(1), pub), int(m.group(2))
        return year and 1 <= month <= 12 and Period(f"{year:04d}-{month:02d}", "month", *span) or None
    if kind == "spoken_months":
        last = _count(m.group(1))
        return year_now and 1 < last <= 12 and Period(
            f"{year_now:04d}" if last == 12 else f"{year_now:04d}-01/{year_now:04d}-{last:02d}",
            "year" if last == 12 else "interval", *span) or None
    if kind == "now":
        return pub and Period(pub.iso(), "date" if pub.day else "month" if pub.month else "year", *span)
    if kind == "since":
        return pub and Period(f"{m.group(1)}/{_last_full_year(pub)}", "interval", *span)
    if kind == "range":  # a span that ends after the article is a plan's (2026年至2028年,全区计划…)
        return Period(f"{m.group(1)}/{m.group(2)}", "interval", *span, future=bool(pub and int(m.group(2)) > pub.year))
    if kind == "part":
        year = _year_of(m.group(1), pub)
        first, last = _PARTS[m.group(2).removeprefix("第")]
        return year and Period(f"{year:04d}-{first:02d}/{year:04d}-{last:02d}", "interval", *span)
    if kind == "months":
        year, first, last = _year_of(m.group(1), pub), int(m.group(2)), int(m.group(3))
        if not year or not 1 <= first < last <= 12:
            return None
        return _months(year, first, last, span)
    if kind == "first_months":
        year = _year_of(m.group(1), pub)
        last = _count(m.group(2))
        return year and 1 < last <= 12 and Period(f"{year:04d}-01/{year:04d}-{last:02d}", "interval", *span) or None
    if kind == "days":
        year, month = _year_of(m.group(1), pub), int(m.group(2))
        first, last = (month, int(m.group(3))), (int(m.group(4) or month), int(m.group(5)))
        if not year or not (1, 1) <= first < last <= (12, 31):
            return None
        if first[1] == 1 and last[1] == calendar.monthrange(year, last[0])[1]:  # 7月1日—9月30日: whole months
            return _months(year, first[0], last[0], span)
        return Period(f"{year:04d}-{first[0]:02d}-{first[1]:02d}/{year:04d}-{last[0]:02d}-{last[1]:02d}", "interval",
                      *span)
    if kind == "day":
        year = _year_of(m.group(1), pub)
        return year and Period(f"{year:04d}-{int(m.group(2)):02d}-{int(m.group(3)):02d}", "date", *span)
    if kind == "year_end":
        return Period(f"{m.group(1)}-12-31", "date", *span)
    if kind == "this_year_end":
        future = m.group().startswith(("到", "至")) or m.group().endswith("前")
        return year_now and Period(f"{year_now}-12-31", "date", *span, future=future)
    if kind == "bare_year_end":  # not 上年末, 2025年底, 每年年底; resolved against the article's year (year_end_of)
        before = m.string[max(0, m.start() - 1):m.start()]
        return year_now and not re.match(r"[\d〇零一二两三四五六七八九十上去前今明本当同该每历这那]", before or "x") \
            and Period(f"{year_now}-12-31", "date", *span) or None
    if kind == "by_year":
        return Period(m.group(1), "year", *span, future=True)
    if kind == "year":
        year = int(m.group(1))
        return Period(m.group(1), "year", *span) if 1949 <= year <= 2100 else None
    if kind in ("this_year", "that_year"):
        return year_now and Period(str(year_now), "year", *span)
    if kind == "last_year":
        return year_now and Period(str(year_now - 1), "year", *span)
    if kind == "next_year":
        return year_now and Period(str(year_now + 1), "year", *span, future=True)
    if kind in ("years_back", "years_within"):
        count = _count(m.group(1))
        if not pub or not 1 <= count <= 10:
            return None
        end = _last_full_year(pub)
        return Period(f"{end - count + 1}/{end}" if count > 1 else str(end), "interval" if count > 1 else "year",
                      *span)
    if kind == "last_year_end":
        return year_now and Period(f"{year_now - 1}-12-31", "date", *span)
    if kind == "five_year_plan":  # “十四五”以来: 2021 to the last full year; “十三五”期间: 2016/2020
        first = 2021 + 5 * (_PLAN_NUMBER[m.group(1)] - 14)
        last = first + 4 if not m.group().endswith("以来") else min(first + 4, _last_full_year(pub)) if pub else None
        return last and last >= first and Period(f"{first}/{last}", "interval", *span) or None
    if kind == "since_2012":
        return pub and Period(f"2012/{_last_full_year(pub)}", "interval", *span)
    if kind == "recent":
        if not pub:
            return None
        end = _last_full_year(pub)
        return Period(f"{end - RECENT_YEARS + 1}/{end}", "interval", *span)
    return None
