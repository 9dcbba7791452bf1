"""Status: actual, target (计划, 将, 力争, 目标, 确保; a plan article; a year not
yet over), or the before-value of a change (由X提高到Y)."""

from __future__ import annotations

import re

from mskg.extract.clauses import clause_start
from mskg.extract.numbers import Quantity
from mskg.extract.periods import Period, Published
from mskg.extract.text import first_line


TARGET_WORDS = re.compile(
    r"计划(?:新建|建设|建成|改造|投资|总投资|完成|实施|开展|培训|新增|安排|发放|提供|招聘|投入|用|在|于|到|为|"
    r"年内|全年|今年|年底前|明年|再|继续|进一步|逐步|新)(?!的)"  # 占年度计划投资的53.1%: the plan as a base
    r"|计划[\u4e00-\u9fff]{1,4}的(?=[\d一二三四五六七八九十两]+[个套张所家户人条座处])"  # 计划新增的3000个泊位
    r"|力争|目标[\u4e00-\u9fff]{0,2}(?:是|为|:)|(?<!完成)(?<!完成年度)(?<!完成全年)目标任务(?!的)|任务(?:是|为)"
    r"|(?<!完成)(?<!占)(?<!完成年度)(?<!完成全年)(?<!占年度)(?<!占全年)目标 ?[≥≤≈](?=\d|$)"  # a slide's 目标≥2.4万个
    r"|(?<!完成)(?<!占)(?<!超)(?<!完成年度)(?<!完成全年)(?<!占年度)(?<!占全年)目标(?:约|近)?$"  # 城镇新增就业目标2.6万人
    r"|(?<![于成过])规划(?:累计)?目标(?:$|(?=[\d一二三四五六七八九十两约近]))"  # 规划累计目标15万人; not 低于规划目标
    r"|规划(?:累计)?(?:新建|建设|改造|完成|新增)(?!的)"
    r"|(?:计划|方案|规划)》?(?:明确|提出)|(?:今年|明年|年内|全年|我们|还|也)要(?!求)"  # 今年还要新建…35个
    r"|(?:^|[\s】\]])承诺(?:\([^()]{0,16}\))?:"  # a scorecard's 承诺(见报告第14页):城镇新增就业2.6万人
    r"|确保|预计|预期(?!寿命)|原定|原计划|拟|争取(?!中央|上级|省级|国家|到|资金|专项|债券|补助|项目|政策)|将要|打算"
    r"|(?<!公共)预算(?:数|安排|资金|总额)?(?:为|是|共)?$")  # 年初预算数为5.84亿元, 追加预算2360万元: money planned


FUTURE_JIANG = re.compile(
    r"(?<!坚持)(?<!坚持每年)将(?:要|会|在|于|为|对|以|从|由|继续|进一步|持续|加快|全面|重点|大力|积极|着力|逐步|力争|争取|确保|再|新|率先|"
    r"建|完成|实施|开展|推进|启动|投入|安排|提供|达到|实现|提高|提升|增加|扩大|改造|培训|覆盖|落实|采取|组织|发放|"
    r"打造|举办|出台|设立|招聘|新增|支持|补助|免费|统筹|集中|聚焦|办好|办成|:)")  # 今年全市将: its list


DONE_AFTER = re.compile(r"^[^,;、]{0,8}(?:已|完成|实现)")  # not the next item's (…1580万人次、实现旅游收入)


TARGET_AFTER = re.compile(r"^[^,;(]{0,4}目标")  # not 61.5万人(全年目标≥90万人): the bracket's own figure


PLANNED_TOTAL = re.compile(r"总投资(?:约|近|超过|达|为)?$")


PROGRESS_AFTER = re.compile(r"[^。;]{0,24}?(?:完成|完成了|到位)(?:投资|资金|[^,。;]{0,8}投资)")


DONE_WORDS = re.compile(r"已|完成|建成|实现|累计|达到|超额")


PAST_WORDS = re.compile(r"已|累计|超额")  # done, unlike 完成 (完成…改造2000个 can be the plan's task)


DONE_CLAUSE = re.compile(r"(?:其中,?)?(?:实际|完成率)")  # 目标任务2.8万人,实际完成3.05万人,完成率108.9%


PER = r"(?:(?:每[人户生名位床]|人均|户均|生均)?(?:每(?:年|月|天|日|学年|学期))?)"  # 每人每月, 每生每天, 每户每年, 人均
CHANGE_BEFORE = re.compile(r"(?:由|从)(?:(?:去年|上年|前年)(?:同期|底|末)?|上学期|上季度|上月|目前|现在|此前|原来|年初|改造前|\d{4}年(?:底|末)?|"
                           r"(?:原定|原|年度|全年)?(?:计划|目标))?的?"  # 由年度计划的96个调整为82个
                           + PER + "$")  # 由上年同期的78.1%, 从2020年的每人每月200元


CHANGE_LINK = re.compile(r"^(?:的标准)?(?:(?:提高|提升|增加|增长|扩展|扩大|调整|上调|下调|降低|减少|下降|上升|回落|缩减|压减|"
                         r"压缩|缩短|整合|合并|降至|增至|变)(?:到了|到|至|为)?"
                         r"|[提调升涨降增减](?:到了|到|至))"  # 由830元提到了860元, 由118所减至104所
                         r"(?:(?:\d{4}|今|本)年(?:底|末)?的" + PER + ")?$")  # …提高到2025年的每人每月283元, 到今年的


def is_change(norm: str, first: Quantity, second: Quantity) -> bool:
    """Whether two numbers are the before and after of a change: 由6.25元提高到11.25元,
    a target revised (原定年度目标4.5万人,调整为5万人)."""
    if first.unit != second.unit:
        return False
    lead = norm[max(0, first.start - 16):first.start].rstrip()  # spaced figures: 由每月 148 元提高到 168 元
    link = ASIDE.sub("", norm[first.end:second.start]).strip()  # 870元(约527令吉)提高到900元
    return bool(CHANGE_BEFORE.search(lead) and CHANGE_LINK.match(link) or ARROW_LINK.match(link)
                or REVISED_BEFORE.search(lead) and REVISED_LINK.match(link))


REVISED_BEFORE = re.compile(r"原(?:定|计划|目标)[^,;。\d]{0,12}$")
REVISED_LINK = re.compile(r"^,?(?:调整|上调|下调|调增|调减|增加|减少|提高|降低)(?:为|到|至)$")


ASIDE = re.compile(r"\([^()]*\)")
ARROW_LINK = re.compile(r"^(?:→|->)\s*(?:(?:\d{4}年)?\d{1,2}月(?:底|末)|年底|年末)?$")  # 780元 → 810元, 486个 → 6月底 552个


PLAN_TITLE = re.compile(r"(?:印发|下达|公布).{0,30}(?:计划|方案|项目|实事|任务)|(?:工作|实施)方案|工作计划|目标任务")


def is_plan(title: str | None, norm: str, year: int | None, pub: Published | None) -> bool:
    """An article that issues a plan (关于印发2024年为民办实事项目的通知): its
    figures are targets unless they say they were reached."""
    heading = (title or "") + " " + first_line(norm)
    if FUNDS_NOTICE.search(heading) and not PLANNED_IN_HEADING.search(heading):
        return False  # 关于下达2025年民生实事项目补助资金的通知: money handed down, not a plan issued
    return bool(PLAN_TITLE.search(heading)) and (year is None or pub is None or year >= pub.year)


FUNDS_NOTICE = re.compile(r"下达[^,。]{0,30}资金")
PLANNED_IN_HEADING = re.compile(r"计划|方案|目标|任务")


def has_target_words(text: str) -> bool:
    """Whether text words a plan: 计划新建, 力争, 确保, future 将 ..."""
    return bool(TARGET_WORDS.search(text) or FUTURE_JIANG.search(text))


def ends_in_plan(norm: str, s_start: int, s_end: int) -> bool:
    """Whether a sentence words a plan in its last clauses: not when it goes on to what has
    been done (今年计划新改建农村公路520公里,截至6月底仅完成215公里), which the next
    sentences then tell more of."""
    if not has_target_words(norm[s_start:s_end]):
        return False
    done_from = _done_from(norm, s_start, s_end)
    return done_from is None or has_target_words(norm[done_from:s_end])


def status_of(norm: str, s_start: int, s_end: int, q: Quantity, period: Period, pub: Published | None,
            now: Published | None, target_context: bool) -> str:
    """target when worded as a plan or dated after publication; else actual."""
    tail = norm[q.end:min(q.end + 16, s_end)]
    if TARGET_AFTER.match(tail):
        return "target"
    if DONE_AFTER.match(tail):
        return "actual"
    if PLANNED_TOTAL.search(norm, max(s_start, q.number_start - 8), q.number_start) \
            and PROGRESS_AFTER.match(norm, q.end, s_end):
        return "target"  # 总投资约12.5亿元,截至10月底已完成投资11.2亿元: the total is the plan
    if DONE_CLAUSE.match(norm, clause_start(norm, s_start, q.number_start)):
        return "actual"
    if period.future or (pub and period.kind == "year" and int(period.iso[:4]) > pub.year):
        return "target"
    if (now and period.source in ("year", "this_year") and period.iso == str(now.year)
            and (now.month or 0) <= 3 and not DONE_WORDS.search(norm[s_start:q.end])):
        return "target"
    worded = has_target_words(norm[s_start:q.number_start])
    if target_context and not worded and pub and int(period.iso.split("/")[-1][:4]) < pub.year \
            and PAST_WORDS.search(norm, norm.rfind("\n", 0, s_start) + 1, q.number_start):
        return "actual"  # a plan article's paragraph on a year already over (2025年…已全部完成,…其中…47.2万人)
    if target_context or worded:
        opening = PAST_LEVEL.match(norm, clause_start(norm, s_start, q.number_start))
        if opening and pub and int(opening.group(1)) < pub.year \
                and not has_target_words(norm[opening.start():q.number_start]):
            return "actual"  # 2025年规划目标62%,2023年达到58.1%: the level a year already over reached
        done_from = _done_from(norm, s_start, q.number_start)
        if done_from is None or has_target_words(norm[done_from:q.number_start]):
            return "target"
    return "actual"


PAST_LEVEL = re.compile(r"(?:\d{4}[-~至到])?(\d{4})年(?:已经?|已达|达到|仅为|为|降至|降到|升至|增至|提高到|实现|"
                        r"累计(?:完成|改造|新建|建成|新增)|年均增长)")  # 2023年达到58.1%, 2021-2023年年均增长5.1%
DONE_OPENING = re.compile(r"目前|现已|已经|已|截至|截止|实际|(?:全年|年内)(?:共|累计)?完成投资|"
                          r"仅?完成[^,;]{0,6}?(?:目标|计划|任务)的|为(?:年度|全年)?(?:目标|计划|任务)的")  # …的68%: done


def _done_from(norm: str, s_start: int, pos: int) -> int | None:
    """Where the last clause up to `pos` that opens by saying what has been done
    starts, if one does: a plan's wording before it does not reach the figure
    (全年计划改造120个,目前已开工98个,完工41个)."""
    start = clause_start(norm, s_start, pos)
    while True:
        if DONE_OPENING.match(norm, start):
            return start
        if start <= s_start:
            return None
        start = clause_start(norm, s_start, start - 1)
