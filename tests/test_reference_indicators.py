"""The indicator scheme, topics and units (data/indicators.ttl, data/units.ttl) and their loaders."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from mskg import paths
from mskg.namespaces import ID, MSKG, UNIT
from mskg.reference import indicators, units

MEASURE_KINDS = {ID["code/measure-kind/flow"], ID["code/measure-kind/stock"]}


@pytest.fixture(scope="module")
def graph() -> Graph:
    return Graph().parse(paths.INDICATORS)


@pytest.fixture(scope="module")
def unit_graph() -> Graph:
    return Graph().parse(paths.UNITS)


@pytest.fixture(scope="module")
def scheme() -> indicators.IndicatorScheme:
    return indicators.load()


@pytest.fixture(scope="module")
def table() -> units.UnitTable:
    return units.load()


def literals(graph: Graph, node, predicate, lang: str) -> list[Literal]:
    return [o for o in graph.objects(node, predicate) if isinstance(o, Literal) and o.language == lang]


def test_scheme_is_large_enough(scheme):
    assert 150 <= len(scheme.by_slug) <= 300
    assert len(scheme.topics) >= 15


def test_every_indicator_is_complete(graph, unit_graph):
    concepts = set(graph.subjects(RDF.type, MSKG.Indicator))
    assert concepts
    topics = set(graph.subjects(RDF.type, MSKG.Topic))
    declared_units = set(unit_graph.subjects(RDF.type, URIRef("http://qudt.org/schema/qudt/Unit")))
    for node in concepts:
        assert (node, RDF.type, SKOS.Concept) in graph, node
        assert (node, SKOS.inScheme, ID["scheme/indicators"]) in graph, node
        for lang in ("zh", "en"):
            assert len(literals(graph, node, SKOS.prefLabel, lang)) == 1, (node, lang)
            assert len(literals(graph, node, SKOS.definition, lang)) == 1, (node, lang)
        assert all(l.language == "zh" for l in graph.objects(node, SKOS.altLabel)), node
        assert set(graph.objects(node, MSKG.unit)) <= declared_units, node
        assert len(set(graph.objects(node, MSKG.unit))) == 1, node
        assert len(set(graph.objects(node, MSKG.topic)) & topics) == 1, node
        assert len(set(graph.objects(node, MSKG.measureKind)) & MEASURE_KINDS) == 1, node
        slug = str(node).removeprefix(str(ID["indicator/"]))
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert str(graph.value(node, SKOS.notation)) == slug


def test_every_topic_is_complete(graph):
    for node in graph.subjects(RDF.type, MSKG.Topic):
        assert (node, SKOS.inScheme, ID["scheme/topics"]) in graph, node
        assert str(node).startswith(str(ID["topic/"]))
        for lang in ("zh", "en"):
            assert len(literals(graph, node, SKOS.prefLabel, lang)) == 1, (node, lang)
            assert len(literals(graph, node, SKOS.definition, lang)) == 1, (node, lang)


def test_no_phrase_names_two_indicators(graph):
    owner: dict[str, set] = {}
    for predicate in (SKOS.prefLabel, SKOS.altLabel):
        for node, label in graph.subject_objects(predicate):
            if label.language == "zh":
                owner.setdefault(str(label), set()).add(node)
    shared = {phrase: nodes for phrase, nodes in owner.items() if len(nodes) > 1}
    assert not shared


def test_bounds_are_consistent(scheme):
    for indicator in scheme.by_slug.values():
        if indicator.min_value is not None and indicator.max_value is not None:
            assert indicator.min_value < indicator.max_value, indicator.slug
        if indicator.unit == "PERCENT" and indicator.max_value is not None:
            assert indicator.max_value <= 100, indicator.slug


def test_close_matches_use_known_forms(graph):
    for _, target in graph.subject_objects(SKOS.closeMatch):
        assert re.fullmatch(r"https://datacommons\.org/browser/\w+|http://metadata\.un\.org/sdg/C\d{6}",
                            str(target)), target


def test_loader_matches_the_graph(scheme):
    jobs = scheme.by_slug["urban-new-jobs"]
    assert jobs.iri == str(ID["indicator/urban-new-jobs"])
    assert (jobs.label_zh, jobs.label_en) == ("城镇新增就业人数", "Urban new jobs")
    assert "新增城镇就业" in jobs.alt_labels_zh
    assert (jobs.unit, jobs.topic, jobs.kind) == ("person", "employment", "flow")
    assert jobs.min_value == 0 and jobs.max_value is None
    share = scheme.by_slug["livelihood-share-of-public-budget"]
    assert (share.unit, share.min_value, share.max_value) == ("PERCENT", 0, 100)
    assert scheme.by_slug["elderly-day-care-centres"].kind == "stock"
    assert scheme.topics["employment"].label_zh == "就业"
    for indicator in scheme.by_slug.values():
        assert indicator.topic in scheme.topics
        assert indicator.kind in ("flow", "stock")


def test_every_default_unit_is_in_the_unit_table(scheme, table):
    for indicator in scheme.by_slug.values():
        assert indicator.unit in table.units, (indicator.slug, indicator.unit)


def test_lexicon_is_longest_first_and_complete(scheme):
    lexicon = scheme.lexicon()
    lengths = [len(phrase) for phrase, _ in lexicon]
    assert lengths == sorted(lengths, reverse=True)
    table = dict(lexicon)
    assert len(table) == len(lexicon)
    for indicator in scheme.by_slug.values():
        for phrase in (indicator.label_zh, *indicator.alt_labels_zh):
            assert table[phrase] == indicator.slug


def test_a_shared_phrase_is_an_error(tmp_path):
    ttl = paths.INDICATORS.read_text(encoding="utf-8")
    broken = tmp_path / "indicators.ttl"
    broken.write_text(ttl.replace('"城镇登记失业率"@zh', '"城镇调查失业率"@zh', 1), encoding="utf-8")
    with pytest.raises(ValueError, match="城镇调查失业率"):
        indicators.load.__wrapped__(broken)


# Kinds of statistic in the five seed articles, as they are worded there.
SEED_PHRASES = [
    ("城镇新增就业", "urban-new-jobs"), ("新增城镇就业", "urban-new-jobs"),
    ("农村劳动力外出务工", "rural-labour-out-migration"),
    ("脱贫劳动力就业", "poverty-alleviated-labour-employed"),
    ("公益性岗位就业", "public-welfare-post-employment"),
    ("应届高校毕业生实现就业", "graduates-employed"), ("高校毕业生就业率", "graduate-employment-rate"),
    ("招聘活动", "job-fairs-held"), ("直播带岗", "livestream-recruitment-sessions"),
    ("发布就业岗位", "job-postings"), ("开发就业岗位", "job-postings"), ("招聘企业", "recruiting-employers"),
    ("累计访问量", "online-recruitment-visits"), ("零工市场", "gig-markets-built"),
    ("职业技能工种培训", "vocational-training"), ("城镇登记失业率", "registered-urban-unemployment-rate"),
    ("就业专项资金", "employment-fund-spending"), ("吸纳本地劳动力", "local-labour-share-of-hiring"),
    ("接收南疆务工人员", "migrant-workers-received"), ("稳定就业率", "stable-employment-rate"),
    ("补充优秀教育人才", "teachers-recruited"),
    ("幸福驿站", "pastoral-happiness-stations"), ("建成投用牧区“幸福驿站”", "pastoral-happiness-stations-built"),
    ("远冬牧场住房", "winter-pasture-houses-built"), ("远冬牧场棚圈", "winter-pasture-sheds-built"),
    ("社区老年人日间照料中心", "elderly-day-care-centres"),
    ("建成社区老年人日间照料中心", "elderly-day-care-centres-built"),
    ("托育机构", "childcare-institutions"), ("托位", "childcare-places"),
    ("特教资源中心", "special-education-resource-centres-built"),
    ("投入各类项目资金", "funds-allocated"), ("新建校舍", "school-floor-area-built"),
    ("运动场", "school-sports-ground-area-built"),
    ("小学寄宿生每日生活补助", "boarding-subsidy-primary"), ("初中生", "boarding-subsidy-junior-secondary"),
    ("惠及", "policy-beneficiaries"), ("保障性租赁住房", "affordable-rental-housing-units"),
    ("分配到公租房", "public-housing-allocated"),
    ("老旧小区改造", "old-residential-compounds-renovated"),
    ("涉及居民", "old-compound-households-benefiting"), ("惠及居民", "old-compound-households-benefiting"),
    ("改造面积", "old-compound-renovation-area"), ("计划投资", "total-investment"),
    ("大病医保筹资标准", "critical-illness-insurance-funding-standard"),
    ("灭火器", "fire-extinguishers-distributed"), ("一氧化碳报警器", "co-alarm-households"),
    ("一般公共预算支出的", "livelihood-share-of-public-budget"),
    ("公共预算支出的", "livelihood-share-of-public-budget"),
    ("常住人口", "resident-population"), ("户籍人口", "registered-population"),
    ("盟内参保人口", "insured-population-in-region"), ("盟外参保人口", "insured-population-elsewhere"),
    ("实际参保人口", "insured-population"), ("参保率", "medical-insurance-coverage-rate"),
    ("救助参保", "medical-assistance-insurance-subsidised"),
    ("资助参保支出", "medical-assistance-insurance-subsidy-spending"),
    ("直接救助", "medical-assistance-direct-aid"), ("直接救助支出", "medical-assistance-direct-spending"),
    ("门诊慢性病", "outpatient-special-diseases"), ("起付线", "medical-insurance-deductible"),
    ("社会救助资金", "social-assistance-funds"),
    ("苏木镇(街道)养老服务中心", "township-elderly-care-centres"),
    ("嘎查(社区)养老服务站", "community-elderly-care-stations"),
    ("农村牧区互助幸福院", "rural-mutual-aid-elderly-facilities"),
    ("农村牧区嘎查老年活动中心", "village-senior-activity-centres"),
    ("一件事一次办", "one-stop-service-items"), ("跨省通办", "inter-provincial-service-items"),
    ("国家4A级旅游景区", "a-grade-tourist-attractions"), ("抽水蓄能电站", "power-capacity"),
    ("规模以上工业企业实现增加值", "industrial-value-added"),
    ("占全市地区生产总值", "industry-share-of-gdp"),
    ("生产原油", "crude-oil-output"), ("加工原油", "crude-oil-processed"),
    ("地方财政贡献", "local-fiscal-contribution"),
    ("幼儿园", "kindergartens"), ("公办园", "public-kindergartens"), ("民办园", "private-kindergartens"),
    ("普惠性民办园", "inclusive-private-kindergartens"), ("公办园占比", "public-kindergarten-share"),
    ("普惠性幼儿园覆盖率", "inclusive-kindergarten-coverage-rate"),
    ("普通高考民汉综合上线率", "college-entrance-exam-pass-rate"),
    ("中小学在校学生", "primary-secondary-enrolment"), ("高校在校学生", "higher-education-enrolment"),
    ("卫生机构", "health-institutions"), ("编制床位", "health-institution-beds"),
    ("卫生技术人员", "health-technical-personnel"), ("医院", "hospitals"),
    ("社区卫生服务中心(站)", "community-health-centres"), ("疾病预防控制中心", "disease-control-centres"),
    ("年门诊人次", "outpatient-visits"), ("家庭医生签约服务覆盖率", "family-doctor-coverage-rate"),
    ("基本养老保险参保率", "pension-insurance-coverage-rate"),
    ("社会保障二代卡", "social-security-card-holders"), ("政府代缴率", "pension-contribution-subsidy-rate"),
    ("养老机构", "elderly-care-institutions"), ("养老床位", "elderly-care-beds"),
    ("社区养老服务中心(站点)", "community-elderly-care-stations"),
    ("日均服务人数", "community-elderly-care-daily-users"),
    ("居家养老服务年均服务人数", "home-elderly-care-recipients"),
    ("经济适用住房", "economical-housing-units"), ("公租房", "public-rental-housing-units"),
    ("农村抗震安居住房", "rural-seismic-housing-units"), ("棚户区改造", "shantytown-renovation-units"),
    ("低保住房困难家庭", "low-income-housing-security-rate"),
    ("改善住房条件", "households-housing-improved"), ("住宅楼", "residential-buildings-renovated"),
    ("道路完好率", "road-intactness-rate"), ("亮灯率", "street-lighting-rate"),
    ("城市供水普及率", "urban-water-supply-coverage-rate"), ("燃气普及率", "gas-coverage-rate"),
    ("城市生活垃圾无害化处理率", "domestic-waste-treatment-rate"),
    ("城市污水处理率", "sewage-treatment-rate"), ("建成区绿化覆盖率", "green-coverage-rate"),
    ("人均公园绿地面积", "park-green-space-per-capita"), ("扶贫资金", "poverty-alleviation-funds"),
    ("卫星工厂", "satellite-factories-built"), ("解决就业", "jobs-created"),
    ("实现脱贫", "people-lifted-out-of-poverty"),
    ("空气质量优良天数", "good-air-quality-days"),
    ("优良天数较上年同期增加", "good-air-quality-days-increase"),
    ("统筹使用各方面资金", "funds-allocated"), ("重点企业减排", "emission-reduction"),
    ("老年助餐服务点", "senior-meal-service-points"), ("幸福食堂", "senior-canteens"),
    ("特殊困难老年人家庭适老化改造", "elderly-home-adaptation-households"),
    ("乡镇(街道)区域养老服务中心", "township-elderly-care-centres"),
    ("落实各类资金", "funds-allocated"), ("中小学教室", "classrooms-lighting-upgraded"),
    ("健康照明设备改造", "classrooms-lighting-upgraded"),
    ("口腔局部用氟", "children-fluoride-treatment"), ("窝沟封闭", "pit-fissure-sealants"),
    ("天然气管道", "gas-pipelines-built"), ("口袋公园", "parks-built"),
]


@pytest.mark.parametrize("phrase,slug", SEED_PHRASES)
def test_seed_statistics_are_covered(scheme, phrase, slug):
    lexicon = dict(scheme.lexicon())
    assert lexicon.get(phrase) == slug
    assert any(phrase in key for key in lexicon)


@pytest.mark.parametrize("surface,unit,multiplier", [
    ("元", "yuan", 1), ("万元", "yuan", 10_000), ("亿元", "yuan", 100_000_000), ("千元", "yuan", 1000),
    ("人", "person", 1), ("名", "person", 1), ("万人", "person", 10_000),
    ("人次", "person-time", 1), ("万人次", "person-time", 10_000),
    ("户", "household", 1), ("万户", "household", 10_000), ("套", "dwelling", 1), ("万套(间)", "dwelling", 10_000),
    ("座", "count", 1), ("张", "count", 1), ("万具", "count", 10_000),
    ("平方米", "M2", 1), ("万平方米", "M2", 10_000), ("平方公里", "KiloM2", 1), ("公顷", "HA", 1),
    ("亩", "mu", 1), ("万亩", "mu", 10_000),
    ("米", "M", 1), ("公里", "KiloM", 1), ("千米", "KiloM", 1),
    ("吨", "TONNE", 1), ("万吨", "TONNE", 10_000), ("千瓦", "KiloW", 1), ("万千瓦", "KiloW", 10_000),
    ("%", "PERCENT", 1), ("‰", "PERMILLE", 1), ("个百分点", "percentage-point", 1),
    ("天", "DAY", 1), ("小时", "HR", 1), ("分钟", "MIN", 1),
    ("元/年", "yuan-per-year", 1), ("元/人/年", "yuan-per-person-per-year", 1),
    ("元/人·月", "yuan-per-person-per-month", 1), ("元/人/天", "yuan-per-person-per-day", 1),
])
def test_unit_forms_convert_to_their_base(table, surface, unit, multiplier):
    form = table.forms[surface]
    assert (form.surface, form.unit_slug, form.multiplier) == (surface, unit, Decimal(multiplier))
    expected = UNIT[unit] if unit[0].isupper() else ID[f"unit/{unit}"]
    assert form.unit_iri == str(expected)


def test_match_at_takes_the_longest_form(table):
    text = "外出务工4.6万人次,新建校舍3.63万平方米、按600元/年的标准"
    assert table.match_at(text, text.index("万人次")).surface == "万人次"
    assert table.match_at(text, text.index("人次")).surface == "人次"
    assert table.match_at(text, text.index("万平方米")).unit_slug == "M2"
    assert table.match_at(text, text.index("元/年")).unit_slug == "yuan-per-year"
    assert table.match_at(text, text.index(",")) is None
    assert table.match_at(text, len(text)) is None


def test_conversions(table):
    assert table.convert(Decimal(1500), "M", "KiloM") == Decimal("1.5")
    assert table.convert(Decimal(5), "PERCENT", "PERMILLE") == 50
    assert table.convert(Decimal("12.5"), "yuan", "yuan-per-person-per-day") == Decimal("12.5")
    assert table.convert(Decimal(17), "MicroGM", "MicroGM-PER-M3") == 17
    assert table.convert(Decimal(3), "person", "household") is None
    assert table.convert(Decimal(3), "mu", "M2") is None
    assert table.convert(Decimal(3), "percentage-point", "PERCENT") is None


def test_units_are_labelled_and_forms_unique(unit_graph, table):
    seen: dict[str, URIRef] = {}
    for node in unit_graph.subjects(RDF.type, URIRef("http://qudt.org/schema/qudt/Unit")):
        for lang in ("zh", "en"):
            assert len(literals(unit_graph, node, URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
                                lang)) == 1, (node, lang)
        for form in unit_graph.objects(node, MSKG.surfaceForm):
            assert form.language == "zh" and str(form) not in seen, form
            seen[str(form)] = node
    assert set(seen) == set(table.forms)
    for unit in table.units.values():
        assert unit.base in table.units and unit.numerator in table.units


def test_loaders_cache():
    assert indicators.load() is indicators.load()
    assert units.load() is units.load()
