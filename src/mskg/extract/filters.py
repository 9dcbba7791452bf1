"""What is not a statistic about a region: decoys (dates, names with numbers,
counts that restate a list or a region's make-up) and anecdotes (figures about
one named compound, school, company, event or person). The policy is
tests/gold/README.md, classes E1-E9."""

from __future__ import annotations

import re

from mskg.extract.numbers import Quantity, is_range, unit_family
from mskg.extract.periods import Period
from mskg.extract.places import Mention


DECOY_AFTER = re.compile(r"(?:才|[\u4e00-\u9fff]{0,5}实事|大行动|周年|届|岁)")  # 十件惠民实事, 十个方面的民生实事: names
BROKEN_DOWN = re.compile(r"(?:细化|分解)(?:为|成)$")  # 细化为46项民生实事具体任务: a count of what it was broken into


WHOLE_SUBDIVISIONS = re.compile(
    r"(?:全[区市盟州县旗省疆国]|全地区|全自治区)(?:共有|共|有|的)?$"
)


GOVERNS = re.compile(r"(?:下辖|管辖|所辖|辖有)[\u4e00-\u9fff、]{0,24}$")  # 下辖鄂城区、华容区、梁子湖区3个区


SUBDIVISION_WORDS = re.compile(r"(?:地州市|县市区|区市县|市县区|区县市|县\(市、区\)|县\(市\)|县\(区\)|区\(县\)|县市|市县|乡镇|地州|区县|旗县|盟市|地市|辖区|县区|苏木乡镇|街道|"
                               r"街乡|乡街|镇街|街镇|设区市|市\(州\)|州\(市\)|市州|地级市|镇\(街道\)|乡\(镇\)|乡镇\(街道\))")


NAMED_PLACE = re.compile(
    r"[\u4e00-\u9fff]{2,8}(?:小区|公司|集团|学校|中学|小学|大学|学院|医院|卫生院|康养中心|驿站|街道|电站|景区|工厂|车间|"
    r"基地|园区|福利院|养老院|敬老院|(?<![下返进入驻回到离去全本我该们])[村乡镇](?!卫生|级|民|集体|委|医|文化|综合|便民|[村镇]|"
    r"服务|养老|幼儿园|小学|公路|道|寄宿))"  # 送戏下乡, 驻村: a movement; 村卫生室, 乡镇寄宿制学校: a kind
)


GENERIC_PLACE_WORDS = ("老旧小区", "城镇老旧", "涉改小区", "各小区", "社区", "乡镇", "村镇", "乡村", "城乡",
                       "农村", "苏木镇", "中小学", "高校", "学校", "医院", "卫生院", "幸福驿站",
                       "就业驿站", "城镇", "嘎查村", "行政村", "县乡",
                       "部分", "一批", "若干", "所有", "全部", "其他", "相关", "周边")  # 部分小区: some, none named


ACTION = re.compile(r"新建|改建|扩建|建成|建设|改造|新增|完成|实施|年内|全年")  # what is done, not where


NAMED_THING_AFTER = re.compile(r"[\u4e00-\u9fff]{0,8}(?:电站|电厂|项目|工程)")


ONE_INSTITUTION = re.compile(  # 宾县人民医院住院综合楼…新增床位120张, 新建县人民医院综合楼1栋
    r"(?<![级各等])(?:[县市区旗州盟]|^|,)(?:人民医院|中医院|中医医院|妇幼保健院|第[一二三四五六七八九十\d]+"
    r"(?:实验)?(?:人民医院|中学|小学|高级中学|幼儿园)|实验(?:中学|小学|幼儿园))(?![、和及与])"
    r"|(?:大学|学院)附属[\u4e00-\u9fff]{0,6}医院")  # 大连医科大学附属第一医院新院区开放床位800张


ONE_HEAD = re.compile(  # 车间负责人介绍,车间目前有工人46名; 校长说,学校新建的食堂能容纳600人
    r"(?:车间|企业|合作社|工厂|公司|小区|村|学校|医院|卫生院|养老院|幸福院|驿站)负责人|校长|院长|厂长|园长|站长|"
    r"村支书|村党支部书记|村委会主任|理事长|店长")


NAMED_COMPANY = re.compile(r"[\u4e00-\u9fff]{2,8}(?:公司|集团|油田)(?:、|与|和|,)")


TIME_LEAD = re.compile(r"(?:前不久|近日|日前|近期|当天|此前|随后|同时|目前|如今),")


SINGLE_INSTITUTION = re.compile(r"(?:用于|对|为)[市县区盟旗州][\u4e00-\u9fff]{1,8}(?:福利院|医院|图书馆|体育馆|学校|中学|小学|幼儿园|养老院|敬老院)")


FREQUENCY_AFTER = re.compile(r"[\u4e00-\u9fff]")  # 次 before a noun
FREQUENCY_BEFORE = re.compile(r"每[\u4e00-\u9fff]?$|每[年月周天日][^,;。]{0,8}$")  # 每周2次; 每年可免费体检1次


LIST_LENGTH_UNITS = ("种", "类", "项", "次", "批")


PASSING_DISTANCE = re.compile(r"(?:往|向|以)[东南西北]{1,2}$|海拔$|距离$|相距$|相隔$"
                              r"|(?:距|离)[\u4e00-\u9fff]{1,8}(?:约|大约|仅|只有)?$")  # 距屯溪城区约65公里
OTHER_CURRENCY = re.compile(r"(?:约?合|折合|相当于|差不多是|换算成)(?:港币|港元|美元|欧元|澳门币|澳门元|英镑|日元|新台币|台币|"
                            r"人民币)约?$|汇率")  # 约合新台币95亿元: the figure before, in another currency
WHOLE_SET = re.compile(r"[\u4e00-\u9fff()、]{0,8}中(?:排名|排在|位列|位居|唯一|仅有|只有)")  # 在10个县(区)中排名末位
GROUPS = re.compile(r"[\u4e00-\u9fff]{0,4}组")  # 常委会分4个调研组: how an inspection was organised (E1)
ALL_OF = re.compile(r"(?:已|均)?(?:实现)?全覆盖|均|都|全部")  # 14个街镇实现全覆盖, 13个设区市均已建成: all of them
ONE_KIND_ALL = re.compile(r"[区县市旗](?:均|都|全部|全覆盖)")  # 全市6个区均已建立, 全州5个县都有分布
ATTENDANCE = re.compile(r"出席[^,;]{0,8}$")
TAKING_PART = re.compile(r"[余多]?[名家个位][^,;。]{0,6}(?:参展|参会|参赛|与会|到会)|[余多]?名[^,;。]{0,4}(?:委员|代表|嘉宾)[与和]")
RANK = re.compile(r"(?:排名|排在|排位|位列|位居)(?:全[省市区国州县])?(?:前|后|倒数)?$")
PROPOSAL = re.compile(r"(?:^|[,;:])[^,;:]{0,6}(?:建议|提议|呼吁)[,:]")  # 刘宏建议,对…按每人1000元: a proposal
PER_PLACE_NORM = re.compile(r"每个[\u4e00-\u9fff]{1,4}(?:至少|都要|要|应|均)[\u4e00-\u9fff]{0,6}$")  # 每个街道至少建设1个


SURVEY_DESIGN = re.compile(r"问卷|置信水平|抽样误差|有效样本|样本量|样本容量")
NORM_BEFORE = re.compile(r"每[班月周天日年场次户人]|按")  # the bounds a norm sets: 每班25至30人, 宽度按4.5至6米
SCHEDULE = re.compile(r"(?<![超落滞快慢高低])(?:序时|时间)进度(?:统一)?(?:按|为|是)?(?:时间进度)?$")  # 序时进度75%: the calendar's share
SCHEDULE_BOUND = re.compile(r"(?:落后|滞后|超过?|高于|低于|快于|慢于)(?:序时|时间)进度$")
STANDARD_MULTIPLE = re.compile(r"标准的?$")
RETRACTED = re.compile(r"[-—,. ]{0,3}(?:不对|说错了|哦不|口误|更正一下)")
RULE_WORDS = re.compile(r"原则上|不得|按(?:照)?规定|按每(?:公里|千米|米|平方米|个)|权重")  # 路面宽度原则上不小于4.5米, (权重70%)


def is_decoy(norm: str, q: Quantity, periods: list[Period], s_start: int) -> bool:
    """A number that is no statistic: inside a date or title, a name (十件民生实事, 第三),
    the length of a list it restates, or the count of a region's whole make-up."""
    if any(p.start <= q.number_start < p.end for p in periods):
        return True
    if q.unit == "YR" and q.surface_unit == "年" and 1900 <= q.value <= 2100:
        return True  # 增加到2025年的3960亿元: a year, wherever its period was moved to, not 2025 years
    if SURVEY_DESIGN.search(norm, s_start, _sentence_end(norm, q.end)):
        return True  # 发放问卷3400份,…在95%置信水平下抽样误差不超过±1.8%: how a survey was made, not its findings
    before = norm[s_start:q.number_start]
    if q.surface_unit != "岁" and not BROKEN_DOWN.search(before) and (
            DECOY_AFTER.match(norm, q.end - len(q.surface_unit)) or DECOY_AFTER.match(norm, q.end)):
        return True  # not 预期寿命达到80.36岁: a lifespan, read in years
    if before.count("《") > before.count("》"):
        return True
    subdivisions = SUBDIVISION_WORDS.match(norm, q.end)
    if subdivisions and WHOLE_SUBDIVISIONS.search(before):
        return True
    if "辖" in before and unit_family(q.unit) == "count" and GOVERNS.search(re.split(r"[,;:]", before)[-1]):
        return True  # 全市下辖9个县(市、区), 本街道下辖21个社区: the region's make-up
    if subdivisions and ALL_OF.match(norm, subdivisions.end()) \
            or WHOLE_SUBDIVISIONS.search(before) and ONE_KIND_ALL.match(norm, q.end) \
            or "中" in norm[q.end:q.end + 9] and WHOLE_SET.match(norm, q.end):
        return True  # 14个街镇实现全覆盖; 是10个项目中唯一滞后的: the size of a whole set
    if before.endswith(("×", "÷")) or before.endswith(("分", "分成", "组成")) and GROUPS.match(norm, q.end):
        return True  # 完成率=已完成数÷任务数×100%: a formula; 分4个调研组
    tail = before[-12:]
    if unit_family(q.unit) == "length" and PASSING_DISTANCE.search(tail):
        return True  # 往南一百多公里: a distance to somewhere, told in passing; 海拔3650米: an altitude
    if OTHER_CURRENCY.search(tail):
        return True  # 约合港币1,180亿元: the figure before, in another currency
    if ATTENDANCE.search(tail) or TAKING_PART.match(norm, q.end - len(q.surface_unit)):
        return True  # 应出席代表496名, 200多家企业参展, 30余名委员与…: an event's participants (E1)
    if ("排" in tail or "位" in tail) and RANK.search(tail) or "每个" in tail and PER_PLACE_NORM.search(tail) \
            or ("建议" in before or "提议" in before or "呼吁" in before) and PROPOSAL.search(before):
        return True  # 排名后三位: a rank; 他建议,…: a proposal; 每个街道至少建设1个: a norm
    if RETRACTED.match(norm, q.end):
        return True  # 两千来户——不对,准确说是两千三百四十户: a speaker's slip, corrected
    if before.endswith(("第", "谢谢", "感谢", "拨打", "致电")):
        return True  # 第三; 谢谢三位发布人: the people addressed; 拨打12333人社服务热线: a number to call
    if q.surface_unit == "次" and (FREQUENCY_AFTER.match(norm, q.end) or FREQUENCY_BEFORE.search(before)):
        return True  # 1次政策宣传, 每周2次: a frequency, not a count of events
    if is_range(norm, q) and unit_family(q.unit) != "money" and NORM_BEFORE.search(re.split(r"[,;]", before)[-1]):
        return True  # 每月举办招聘活动3至5场, 路面宽度按4.5至6米控制: a norm, not a figure of what was done
    if "进度" in tail and (q.unit == "PERCENT" and SCHEDULE.search(tail)
                         or q.qualifier not in ("exact", "approximate") and SCHEDULE_BOUND.search(tail)):
        return True  # 序时进度75%: the share of the year gone by; 落后序时进度10个百分点以上: a legend's bound
    if before.endswith("的按") or norm.startswith("的按", q.end):
        return True  # 超过100%的按100%计: a cap a method note sets
    if q.surface_unit == "倍" and STANDARD_MULTIPLE.search(before):
        return True  # 月人均收入在低保标准1.5倍以内: a threshold set in multiples of a standard
    if RULE_WORDS.search(re.split(r"[,;:(]", before)[-1]):
        return True  # 午餐价格原则上不超过12元, 比例不得低于55%, 按每公里不少于3个: what a rule sets
    if unit_family(q.unit) != "count" and NAMED_THING_AFTER.match(norm, q.end):
        return True
    if q.surface_unit in LIST_LENGTH_UNITS and "、" in re.split(r"[,;]", before)[-1]:
        return True  # 基础类、完善类和提升类三类; not 聚焦水、电、路等问题,推进民生实事12项
    if norm.startswith(("项目", "方面", "领域"), q.end) and re.search(r"[、和及与]", re.split(r"[,;]", before)[-1]):
        return True  # 托育和“两癌”筛查两个项目: the length of the list before
    return norm.startswith(("月", "日", "号"), q.number_start + len(_digits(norm, q.number_start)))


def _sentence_end(norm: str, pos: int) -> int:
    end = norm.find("。", pos)
    return len(norm) if end < 0 else end


def _digits(norm: str, pos: int) -> str:
    match = re.match(r"[\d.]+", norm[pos:])
    return match.group() if match else ""


THAT_DAY = re.compile(r"当天|当日")  # …开展2023年首批公租房配租活动,当天,共有50名住户…: back to the day


def is_anecdote(norm: str, s_start: int, q: Quantity, mentions: list[Mention],
                 periods: list[Period]) -> bool:
    """A figure about one named compound, school, company, event or person."""
    head = norm[s_start:q.number_start]
    if "其余" in head[-12:]:
        return True  # the remainder of a breakdown, over unnamed places
    if head.endswith("等") or any(m.scope_word for m in mentions if m.end <= q.number_start):
        return False
    days = [p for p in periods if (p.source == "day" or p.source == "days" and not _holiday(norm, p))
            and p.end <= q.number_start]
    later = [p for p in periods if days and days[-1].end <= p.start and p.end <= q.number_start and p.source != "day"]
    if days and not norm.startswith(("起", "开始", *DAYS_TOTAL), days[-1].end) \
            and not (later and not THAT_DAY.search(norm, later[-1].end, q.number_start)):
        return True  # an event's day; not the day a policy takes effect (从今年7月1日起…提高到1710元), nor a
        # day's own total (11月29日当天受理诉求435件), nor a news item's (4月21日,伍家岗区城管局通报:
        # 一季度,该区新增…), whose figure a later period dates
    if SINGLE_INSTITUTION.search(norm, s_start, _sentence_end(norm, q.end)):
        return True
    if NAMED_COMPANY.search(head) or ONE_INSTITUTION.search(head) or ONE_HEAD.search(head):
        return True
    opening = NAMED_PLACE.match(_strip_lead(norm, s_start, mentions))
    if opening and not any(word in opening.group() for word in GENERIC_PLACE_WORDS) \
            and not ACTION.search(opening.group()) and not _township_part(norm, s_start, opening.group()):
        return True
    return bool(re.search(r"现年|今年\d+岁|\d+岁的(?!婴幼儿|儿童|老年人|学生)|(?<![让为帮助使及])(?<!高龄|独居|空巢|失能|困难|留守|孤寡|以上|百岁|特困|贫困|农村|城乡|城市|残疾|分散|集中)(?<!以上的)老人|家住|"
                          r"(?<!其)他(?![们人])|她(?!们)|他们家|这里|这所|这个|这家|这处|这套|这间|这座|该校|该院|该站|家里|自己|两老|"
                          r"老两口|每月租金|退休金|本届|组委会|一家[\u4e00-\u9fff]{0,6}(?:企业|公司|工厂|车间|合作社)", head))


DAYS_TOTAL = ("当天", "当日", "全天", "全日", "单日")  # a bulletin's day: 11月29日当天受理诉求435件
HOLIDAY = re.compile(r"(?:黄金周|假期|长假|小长假|春节|国庆|五一|元旦|端午|清明|中秋)[”\"]?\(?$")


def _holiday(norm: str, days: Period) -> bool:
    """A range of days that dates a holiday (国庆“黄金周”(10月1日至8日)): a period
    whose figures are statistics, unlike an event's days (11月15日至17日举办的…节)."""
    return bool(HOLIDAY.search(norm, max(0, days.start - 8), days.start)) or norm.startswith("期间", days.end)


def _township_part(norm: str, s_start: int, place: str) -> bool:
    """其中,吉兰泰镇新打饮水井23眼: a township's part of the total before it, a statistic
    of the region (the gazetteer stops at counties), not a story about one place."""
    return norm.startswith("其中", s_start) and place.endswith(("镇", "乡", "苏木", "街道"))


def _strip_lead(norm: str, s_start: int, mentions: list[Mention]) -> str:
    """The sentence from its subject on: leading 在, dates and region names removed."""
    pos = s_start
    changed = True
    while changed:
        changed = False
        for m in mentions:
            if m.start == pos:
                pos, changed = m.end, True
        for word in ("在", "位于", "家住", "其中,"):
            if norm.startswith(word, pos):
                pos, changed = pos + len(word), True
        lead = TIME_LEAD.match(norm, pos)
        if lead:
            pos, changed = lead.end(), True
    return norm[pos:pos + 20]


def in_quotation(norm: str, s_start: int, q: Quantity) -> bool:
    """Inside direct speech “…” (a personal statement unless it names a region)."""
    head = norm[max(0, s_start - 200):q.number_start]
    return head.rfind("“") > head.rfind("”") and head.rfind("“") >= len(head) - (q.number_start - s_start) - 1
