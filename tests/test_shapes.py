"""SHACL shapes: a small valid graph conforms, each kind of defect is reported
on the right focus node, and the reference data conforms."""

import hashlib
from typing import NamedTuple

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SH

from mskg import paths
from mskg.namespaces import ID
from mskg.validate.shacl import Report, load_shapes, validate

PREFIXES = """
BASE <https://w3id.org/mskg/id/>
PREFIX mskg: <https://w3id.org/mskg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX qb: <http://purl.org/linked-data/cube#>
PREFIX sdmx-dimension: <http://purl.org/linked-data/sdmx/2009/dimension#>
PREFIX sdmx-measure: <http://purl.org/linked-data/sdmx/2009/measure#>
PREFIX sdmx-attribute: <http://purl.org/linked-data/sdmx/2009/attribute#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX qudt: <http://qudt.org/schema/qudt/>
PREFIX unit: <http://qudt.org/vocab/unit/>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX wd: <http://www.wikidata.org/entity/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
"""

TEXT = "阿勒泰地区2023年城镇新增就业7386人，森林覆盖率达到22.5%。另据统计，全年城镇新增就业7400人。"
HASH = hashlib.sha256(TEXT.encode("utf-8")).hexdigest()
ARTICLE = f"article/{HASH[:16]}"


def span(quote):
    begin = TEXT.index(quote)
    return begin, begin + len(quote)


JOBS, SHARE, JOBS2 = span("城镇新增就业7386人"), span("森林覆盖率达到22.5%"), span("城镇新增就业7400人")
EV_JOBS, EV_SHARE, EV_JOBS2 = (f"{ARTICLE}#char={b},{e}" for b, e in (JOBS, SHARE, JOBS2))
OBS_JOBS = "obs/654300/urban-new-jobs/2023/actual"
OBS_SHARE = "obs/654300/forest-coverage/2023/actual"
PROGRAM, ITEM = "program/654300/2023", "program/654300/2023/item/1a2b3c4d"

VALID = f"""
<region/654300> a mskg:AdministrativeDivision , mskg:Region , skos:Concept ;
    skos:inScheme <scheme/regions> ; skos:notation "654300" ;
    skos:prefLabel "阿勒泰地区"@zh , "Altay Prefecture"@en , "Ālètài Dìqū"@zh-Latn-pinyin ;
    mskg:level <code/level/prefecture> ; mskg:parent <region/654000> ;
    geo:lat 47.84 ; geo:long 88.14 ; skos:exactMatch wd:Q1074383 .

<region/CN> a mskg:AdministrativeDivision , mskg:Region , skos:Concept ;
    skos:inScheme <scheme/regions> ; skos:notation "CN" ;
    skos:prefLabel "中国"@zh , "China"@en ; mskg:level <code/level/country> .

<area/wu-chang-shi> a mskg:CompositeArea , mskg:Region , skos:Concept ;
    skos:inScheme <scheme/regions> ; skos:prefLabel "乌—昌—石区域"@zh ;
    mskg:parent <region/650000> ;
    mskg:memberRegion <region/650100> , <region/652301> .

<indicator/urban-new-jobs> a mskg:Indicator , skos:Concept ;
    skos:inScheme <scheme/indicators> ;
    skos:prefLabel "城镇新增就业"@zh , "urban new jobs"@en ; skos:altLabel "新增城镇就业"@zh ;
    skos:definition "当年城镇新增就业人数。"@zh , "Jobs newly created in towns in the year."@en ;
    mskg:unit <unit/person> ; mskg:topic <topic/employment> ; mskg:measureKind <code/measure-kind/flow> .

<indicator/forest-coverage> a mskg:Indicator , skos:Concept ;
    skos:inScheme <scheme/indicators> ;
    skos:prefLabel "森林覆盖率"@zh , "forest coverage"@en ;
    skos:definition "森林面积占土地面积的百分比。"@zh , "Forest area as a share of land area."@en ;
    mskg:unit unit:PERCENT ; mskg:topic <topic/environment> ; mskg:measureKind <code/measure-kind/stock> ;
    mskg:minValue 0.0 ; mskg:maxValue 100.0 .

<indicator/provisional/0123456789> a mskg:Indicator , skos:Concept ;
    skos:inScheme <scheme/indicators> ; skos:prefLabel "新建口袋公园"@zh .

<topic/employment> a mskg:Topic , skos:Concept ;
    skos:inScheme <scheme/topics> ; skos:prefLabel "就业"@zh , "employment"@en .

<unit/person> a qudt:Unit ; rdfs:label "人"@zh , "person"@en ;
    mskg:surfaceForm "人" , "名" ; qudt:conversionMultiplier 1.0 .

<period/2023> a time:ProperInterval ; skos:notation "2023" .
<period/2023-12-31> a time:Instant ; skos:notation "2023-12-31" .

<{ARTICLE}> a mskg:SourceArticle ;
    dcterms:title "阿勒泰地区民生工作综述"@zh ; dcterms:publisher "阿勒泰日报" ;
    dcterms:issued "2024-01"^^xsd:gYearMonth ;
    schema:url "https://example.org/news/1"^^xsd:anyURI ;
    mskg:contentHash "sha256:{HASH}" ; mskg:fileName "000_example.txt" ;
    nif:isString "{TEXT}" .

<{EV_JOBS}> a mskg:Evidence ;
    nif:referenceContext <{ARTICLE}> ;
    nif:beginIndex "{JOBS[0]}"^^xsd:nonNegativeInteger ; nif:endIndex "{JOBS[1]}"^^xsd:nonNegativeInteger ;
    nif:anchorOf "城镇新增就业7386人" ; mskg:reportedValue 7386.0 ; mskg:qualifier <code/qualifier/exact> .

<{EV_JOBS2}> a mskg:Evidence ;
    nif:referenceContext <{ARTICLE}> ;
    nif:beginIndex "{JOBS2[0]}"^^xsd:nonNegativeInteger ; nif:endIndex "{JOBS2[1]}"^^xsd:nonNegativeInteger ;
    nif:anchorOf "城镇新增就业7400人" ; mskg:reportedValue 7400.0 .

<{EV_SHARE}> a mskg:Evidence ;
    nif:referenceContext <{ARTICLE}> ;
    nif:beginIndex "{SHARE[0]}"^^xsd:nonNegativeInteger ; nif:endIndex "{SHARE[1]}"^^xsd:nonNegativeInteger ;
    nif:anchorOf "森林覆盖率达到22.5%" ; mskg:reportedValue 22.5 .

<{OBS_JOBS}> a mskg:Observation , qb:Observation ; qb:dataSet <dataset> ;
    sdmx-dimension:refArea <region/654300> ; sdmx-dimension:refPeriod <period/2023> ;
    mskg:indicator <indicator/urban-new-jobs> ; mskg:status <code/status/actual> ;
    sdmx-measure:obsValue 7386.0 ; sdmx-attribute:unitMeasure <unit/person> ;
    mskg:qualifier <code/qualifier/exact> ; mskg:programItem <{ITEM}> ;
    prov:wasDerivedFrom <{EV_JOBS}> , <{EV_JOBS2}> .

<{OBS_SHARE}> a mskg:Observation , qb:Observation ; qb:dataSet <dataset> ;
    sdmx-dimension:refArea <region/654300> ; sdmx-dimension:refPeriod <period/2023> ;
    mskg:indicator <indicator/forest-coverage> ; mskg:status <code/status/actual> ;
    sdmx-measure:obsValue 22.5 ; sdmx-attribute:unitMeasure unit:PERCENT ;
    prov:wasDerivedFrom <{EV_SHARE}> .

<conflict/1> a mskg:Conflict ; mskg:conflictOf <{OBS_JOBS}> ;
    mskg:reportedIn <{EV_JOBS}> , <{EV_JOBS2}> .

<{PROGRAM}> a mskg:LivelihoodProgram ;
    mskg:programRegion <region/654300> ; mskg:programYear "2023"^^xsd:gYear ;
    mskg:adoptedBy "阿勒泰地区行政公署" ; dcterms:issued "2023-02-10"^^xsd:date ;
    mskg:hasItem <{ITEM}> , <{PROGRAM}/item/5e6f7a8b> .

<{ITEM}> a mskg:ProgramItem ; mskg:itemNumber "1"^^xsd:positiveInteger ;
    rdfs:label "促进城镇就业"@zh ; mskg:topic <topic/employment> .

<{PROGRAM}/item/5e6f7a8b> a mskg:ProgramItem ; mskg:itemNumber "2"^^xsd:positiveInteger ;
    rdfs:label "植树造林"@zh .
"""


def turtle(text):
    return PREFIXES + text


def edited(delete="", insert=""):
    """The valid graph, with the triples matching `delete` removed and `insert` added."""
    graph = Graph().parse(data=turtle(VALID), format="turtle")
    if delete:
        graph.update(f"{PREFIXES} DELETE WHERE {{ {delete} }}")
    if insert:
        graph.parse(data=turtle(insert), format="turtle")
    return graph


@pytest.fixture(scope="module")
def valid_report():
    return validate(edited())


def test_valid_example_conforms(valid_report):
    assert valid_report.conforms, valid_report.text
    assert valid_report.violations == []


def test_every_targeted_shape_has_a_focus_node_in_the_valid_example():
    shapes, data = load_shapes(), edited() + Graph().parse(paths.ONTOLOGY)
    for shape, cls in shapes.subject_objects(SH.targetClass):
        assert any(data.subjects(RDF.type, cls)), (shape, cls)


class Case(NamedTuple):
    id: str
    delete: str
    insert: str
    focus: str
    message: str


CASES = [
    # regions
    Case("region-missing-zh-label", "<region/654300> skos:prefLabel ?l",
         '<region/654300> skos:prefLabel "Altay"@en , "Ālètài"@zh-Latn-pinyin .',
         "region/654300", "needs a skos:prefLabel in Chinese"),
    Case("region-two-zh-labels", "", '<region/654300> skos:prefLabel "阿勒泰"@zh .',
         "region/654300", "at most one per language"),
    Case("region-untagged-label", "", '<region/CN> skos:prefLabel "Zhongguo" .',
         "region/CN", "must be language-tagged"),
    Case("region-not-a-concept", "<region/654300> a skos:Concept", "",
         "region/654300", "typed skos:Concept"),
    Case("region-not-in-scheme", "<region/654300> skos:inScheme ?s", "",
         "region/654300", "in the scheme id:scheme/regions"),
    Case("region-notation-not-6-digits", '<region/654300> skos:notation ?n',
         '<region/654300> skos:notation "65430" .', "region/654300", "6-digit GB/T 2260 code"),
    Case("region-notation-not-iri", '<region/654300> skos:notation ?n',
         '<region/654300> skos:notation "654301" .', "region/654300", "IRI id:region/{notation}"),
    Case("region-level-not-in-code-list", "<region/654300> mskg:level ?l",
         "<region/654300> mskg:level <code/level/city> .", "region/654300", "from the code list id:code/level"),
    Case("region-without-parent", "<region/654300> mskg:parent ?p", "",
         "region/654300", "needs a mskg:parent"),
    Case("region-latitude-wrong-datatype", "<region/654300> geo:lat ?l",
         '<region/654300> geo:lat "47.84" .', "region/654300", "geo:lat must be"),
    Case("region-latitude-outside-china", "<region/654300> geo:lat ?l",
         "<region/654300> geo:lat -47.84 .", "region/654300", "geo:lat must be"),
    Case("region-bad-wikidata-link", "", "<region/654300> skos:exactMatch <https://www.wikidata.org/wiki/Q1> .",
         "region/654300", "Wikidata item"),
    Case("area-without-members", "<area/wu-chang-shi> mskg:memberRegion ?m", "",
         "area/wu-chang-shi", "at least one mskg:memberRegion"),
    Case("area-bad-iri", "", "<area/Wu_Chang> a mskg:CompositeArea , skos:Concept ; "
         "skos:inScheme <scheme/regions> ; skos:prefLabel '乌昌'@zh ; mskg:memberRegion <region/650100> .",
         "area/Wu_Chang", "id:area/{slug}"),
    Case("area-also-division", "", "<area/wu-chang-shi> a mskg:AdministrativeDivision .",
         "area/wu-chang-shi", "cannot also be an administrative division"),
    # indicators, topics, units
    Case("indicator-missing-en-label", "<indicator/urban-new-jobs> skos:prefLabel ?l",
         '<indicator/urban-new-jobs> skos:prefLabel "城镇新增就业"@zh .',
         "indicator/urban-new-jobs", "needs a skos:prefLabel in language @en"),
    Case("indicator-missing-zh-definition", "<indicator/urban-new-jobs> skos:definition ?d",
         '<indicator/urban-new-jobs> skos:definition "New urban jobs."@en .',
         "indicator/urban-new-jobs", "needs a skos:definition in language @zh"),
    Case("indicator-missing-unit", "<indicator/urban-new-jobs> mskg:unit ?u", "",
         "indicator/urban-new-jobs", "needs a mskg:unit"),
    Case("provisional-indicator-missing-zh-label", "<indicator/provisional/0123456789> skos:prefLabel ?l", "",
         "indicator/provisional/0123456789", "needs a skos:prefLabel in Chinese"),
    Case("indicator-not-in-scheme", "<indicator/forest-coverage> skos:inScheme ?s", "",
         "indicator/forest-coverage", "in the scheme id:scheme/indicators"),
    Case("indicator-measure-kind-not-in-code-list", "<indicator/urban-new-jobs> mskg:measureKind ?k",
         "<indicator/urban-new-jobs> mskg:measureKind <code/measure-kind/rate> .",
         "indicator/urban-new-jobs", "mskg:measureKind must be one of"),
    Case("indicator-bound-wrong-datatype", "<indicator/forest-coverage> mskg:minValue ?v",
         '<indicator/forest-coverage> mskg:minValue "0" .', "indicator/forest-coverage", "mskg:minValue must be"),
    Case("indicator-min-above-max", "<indicator/forest-coverage> mskg:minValue ?v",
         "<indicator/forest-coverage> mskg:minValue 150.0 .", "indicator/forest-coverage", "smaller than mskg:maxValue"),
    Case("indicator-bad-iri", "", "<indicator/Urban_Jobs> a mskg:Indicator , skos:Concept ; "
         "skos:inScheme <scheme/indicators> ; skos:prefLabel '就业'@zh .", "indicator/Urban_Jobs", "IRI must be"),
    Case("topic-missing-en-label", "<topic/employment> skos:prefLabel ?l",
         '<topic/employment> skos:prefLabel "就业"@zh .', "topic/employment", "in English (@en)"),
    Case("unit-missing-zh-label", "<unit/person> rdfs:label ?l", '<unit/person> rdfs:label "person"@en .',
         "unit/person", "in Chinese (@zh)"),
    Case("unit-negative-multiplier", "<unit/person> qudt:conversionMultiplier ?m",
         "<unit/person> qudt:conversionMultiplier -1.0 .", "unit/person", "positive xsd:decimal"),
    # observations
    Case("share-above-100-percent", f"<{OBS_SHARE}> sdmx-measure:obsValue ?v . <{EV_SHARE}> mskg:reportedValue ?r",
         f"<{OBS_SHARE}> sdmx-measure:obsValue 130.0 . <{EV_SHARE}> mskg:reportedValue 130.0 .",
         OBS_SHARE, "outside the bounds of the indicator"),
    Case("negative-count", f"<{OBS_JOBS}> sdmx-measure:obsValue ?v . <{EV_JOBS}> mskg:reportedValue ?r",
         f"<{OBS_JOBS}> sdmx-measure:obsValue -7386.0 . <{EV_JOBS}> mskg:reportedValue -7386.0 .",
         OBS_JOBS, "is negative"),
    Case("value-wrong-datatype", f"<{OBS_JOBS}> sdmx-measure:obsValue ?v",
         f"<{OBS_JOBS}> sdmx-measure:obsValue 7386 .", OBS_JOBS, "an xsd:decimal"),
    Case("value-not-reported-by-evidence", f"<{OBS_JOBS}> sdmx-measure:obsValue ?v",
         f"<{OBS_JOBS}> sdmx-measure:obsValue 7000.0 .", OBS_JOBS, "value reported by one of its evidence"),
    Case("status-not-in-code-list", f"<{OBS_JOBS}> mskg:status ?s",
         f"<{OBS_JOBS}> mskg:status <code/status/planned> .", OBS_JOBS, "from the code list id:code/status"),
    Case("qualifier-not-in-code-list", f"<{OBS_JOBS}> mskg:qualifier ?q",
         f"<{OBS_JOBS}> mskg:qualifier <code/qualifier/about> .", OBS_JOBS, "from the code list id:code/qualifier"),
    Case("observation-without-evidence", f"<{OBS_SHARE}> prov:wasDerivedFrom ?e", "",
         OBS_SHARE, "at least one mskg:Evidence"),
    Case("observation-derived-from-non-evidence", f"<{OBS_SHARE}> prov:wasDerivedFrom ?e",
         f"<{OBS_SHARE}> prov:wasDerivedFrom <{ARTICLE}> .", OBS_SHARE, "at least one mskg:Evidence"),
    Case("observation-without-unit", f"<{OBS_SHARE}> sdmx-attribute:unitMeasure ?u", "",
         OBS_SHARE, "exactly one sdmx-attribute:unitMeasure"),
    Case("observation-area-not-in-scheme", f"<{OBS_SHARE}> sdmx-dimension:refArea ?a",
         f"<{OBS_SHARE}> sdmx-dimension:refArea <region/999999> .", OBS_SHARE, "refArea must be a region"),
    Case("observation-indicator-not-in-scheme", f"<{OBS_SHARE}> mskg:indicator ?i",
         f"<{OBS_SHARE}> mskg:indicator <indicator/unknown> .", OBS_SHARE, "indicator of id:scheme/indicators"),
    Case("observation-not-qb-typed", f"<{OBS_SHARE}> a qb:Observation", "",
         OBS_SHARE, "typed qb:Observation"),
    Case("observation-outside-dataset", f"<{OBS_SHARE}> qb:dataSet ?d", "",
         OBS_SHARE, "exactly one data set"),
    Case("observation-iri-does-not-match-dimensions", f"<{OBS_SHARE}> mskg:status ?s",
         f"<{OBS_SHARE}> mskg:status <code/status/target> .", OBS_SHARE, "IRI must be id:obs/"),
    Case("conflict-with-foreign-evidence", "<conflict/1> mskg:reportedIn ?e",
         f"<conflict/1> mskg:reportedIn <{EV_JOBS}> , <{EV_SHARE}> .", "conflict/1",
         "not an evidence span of the conflicting observation"),
    Case("conflict-without-differing-values", f"<{EV_JOBS2}> mskg:reportedValue ?v",
         f"<{EV_JOBS2}> mskg:reportedValue 7386.0 .", "conflict/1", "at least two different values"),
    Case("period-iri-does-not-match-notation", "<period/2023> skos:notation ?n",
         '<period/2023> skos:notation "2024" .', "period/2023", "id:period/ followed by its notation"),
    Case("instant-that-is-a-year", "", '<period/2022> a time:Instant ; skos:notation "2022" .',
         "period/2022", "must be a date"),
    # articles and evidence
    Case("quote-not-text-at-offsets", f"<{EV_JOBS}> nif:anchorOf ?q",
         f'<{EV_JOBS}> nif:anchorOf "城镇新增就业7385人" .', EV_JOBS, "is not the article's text"),
    Case("begin-not-before-end", f"<{EV_SHARE}> nif:beginIndex ?b",
         f'<{EV_SHARE}> nif:beginIndex "{SHARE[1]}"^^xsd:nonNegativeInteger .', EV_SHARE,
         "smaller than its nif:endIndex"),
    Case("end-beyond-text", f"<{EV_SHARE}> nif:endIndex ?e",
         f'<{EV_SHARE}> nif:endIndex "{len(TEXT) + 5}"^^xsd:nonNegativeInteger .', EV_SHARE,
         "beyond the end of the article's text"),
    Case("offset-wrong-datatype", f"<{EV_SHARE}> nif:beginIndex ?b",
         f'<{EV_SHARE}> nif:beginIndex "{SHARE[0]}" .', EV_SHARE, "a non-negative integer"),
    Case("offset-negative", f"<{EV_SHARE}> nif:beginIndex ?b",
         f"<{EV_SHARE}> nif:beginIndex -1 .", EV_SHARE, "a non-negative integer"),
    Case("evidence-without-article", f"<{EV_SHARE}> nif:referenceContext ?a", "",
         EV_SHARE, "an mskg:SourceArticle"),
    Case("evidence-without-value", f"<{EV_SHARE}> mskg:reportedValue ?v", "",
         EV_SHARE, "exactly one mskg:reportedValue"),
    Case("evidence-iri-does-not-match-offsets", "",
         f'<{ARTICLE}#char=0,5> a mskg:Evidence ; nif:referenceContext <{ARTICLE}> ; '
         f'nif:beginIndex "0"^^xsd:nonNegativeInteger ; nif:endIndex "4"^^xsd:nonNegativeInteger ; '
         f'nif:anchorOf "{TEXT[:4]}" ; mskg:reportedValue 1.0 . <{OBS_SHARE}> prov:wasDerivedFrom <{ARTICLE}#char=0,5> .',
         f"{ARTICLE}#char=0,5", "followed by #char={begin},{end}"),
    Case("evidence-of-no-observation", f"<{OBS_SHARE}> prov:wasDerivedFrom ?e", "",
         EV_SHARE, "source (prov:wasDerivedFrom) of at least one observation"),
    Case("article-hash-does-not-match-text", f"<{ARTICLE}> nif:isString ?t",
         f'<{ARTICLE}> nif:isString "{TEXT}。" .', ARTICLE, "SHA-256 of its nif:isString"),
    Case("article-iri-does-not-match-hash", "",
         f'<article/0000000000000000> a mskg:SourceArticle ; mskg:contentHash "sha256:{HASH}" ; '
         f'mskg:fileName "x.txt" ; nif:isString "{TEXT}" .', "article/0000000000000000", "first 16 hex digits"),
    Case("article-date-untyped", f"<{ARTICLE}> dcterms:issued ?d", f'<{ARTICLE}> dcterms:issued "2024-01" .',
         ARTICLE, "at most one dcterms:issued"),
    Case("article-without-text", f"<{ARTICLE}> nif:isString ?t", "", ARTICLE, "exactly one nif:isString"),
    # programs
    Case("program-year-not-gyear", f"<{PROGRAM}> mskg:programYear ?y", f"<{PROGRAM}> mskg:programYear 2023 .",
         PROGRAM, "an xsd:gYear"),
    Case("program-iri-does-not-match-year", f"<{PROGRAM}> mskg:programYear ?y",
         f'<{PROGRAM}> mskg:programYear "2024"^^xsd:gYear .', PROGRAM, "id:program/{region code}/{year}"),
    Case("program-item-of-wrong-class", "", f"<{PROGRAM}> mskg:hasItem <region/654300> .", PROGRAM,
         "must be mskg:ProgramItem"),
    Case("program-duplicate-item-numbers", f"<{PROGRAM}/item/5e6f7a8b> mskg:itemNumber ?n",
         f'<{PROGRAM}/item/5e6f7a8b> mskg:itemNumber "1"^^xsd:positiveInteger .', PROGRAM,
         "same mskg:itemNumber 1"),
    Case("item-without-program", f"<{PROGRAM}> mskg:hasItem <{PROGRAM}/item/5e6f7a8b>", "",
         f"{PROGRAM}/item/5e6f7a8b", "belongs to exactly one program"),
    Case("item-number-zero", f"<{ITEM}> mskg:itemNumber ?n", f"<{ITEM}> mskg:itemNumber 0 .",
         ITEM, "a positive integer"),
    Case("item-without-zh-title", f"<{ITEM}> rdfs:label ?l", f'<{ITEM}> rdfs:label "Promote jobs"@en .',
         ITEM, "rdfs:label in Chinese"),
    Case("item-iri-outside-program", "",
         f'<{PROGRAM}> mskg:hasItem <program/654300/2022/item/99999999> . '
         f'<program/654300/2022/item/99999999> a mskg:ProgramItem ; rdfs:label "其他"@zh .',
         "program/654300/2022/item/99999999", "followed by /item/"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_defect_is_reported(case):
    report = validate(edited(case.delete, case.insert))
    assert not report.conforms
    focus = URIRef(ID + case.focus)
    hits = [v for v in report.violations if v.focus == focus and case.message in v.message]
    assert hits, report.text
    assert all(v.severity == SH.Violation for v in hits)


GOOD_VARIANTS = [
    ("negative-value-when-indicator-allows-it",
     f"<{OBS_JOBS}> sdmx-measure:obsValue ?v . <{EV_JOBS}> mskg:reportedValue ?r",
     f"<indicator/urban-new-jobs> mskg:minValue -100.0 . <{OBS_JOBS}> sdmx-measure:obsValue -3.5 . "
     f"<{EV_JOBS}> mskg:reportedValue -3.5 ."),
    ("bounds-do-not-apply-in-another-unit",
     f"<{OBS_SHARE}> sdmx-measure:obsValue ?v ; sdmx-attribute:unitMeasure ?u . <{EV_SHARE}> mskg:reportedValue ?r",
     f"<{OBS_SHARE}> sdmx-measure:obsValue 225.0 ; sdmx-attribute:unitMeasure <unit/per-mille> . "
     f"<{EV_SHARE}> mskg:reportedValue 225.0 ."),
    ("other-evidence-of-the-observation-not-in-the-batch", "",
     f"<{OBS_JOBS}> prov:wasDerivedFrom <article/ffffffffffffffff#char=1,5> ."),
    ("article-without-optional-metadata", f"<{ARTICLE}> dcterms:title ?t ; dcterms:publisher ?p ; schema:url ?u", ""),
    ("offsets-and-item-numbers-as-xsd-integer-as-oxigraph-stores-them",
     f"<{EV_JOBS}> nif:beginIndex ?b ; nif:endIndex ?e . <{ITEM}> mskg:itemNumber ?n",
     f"<{EV_JOBS}> nif:beginIndex {JOBS[0]} ; nif:endIndex {JOBS[1]} . <{ITEM}> mskg:itemNumber 1 ."),
    ("article-issued-in-a-year", f"<{ARTICLE}> dcterms:issued ?d", f'<{ARTICLE}> dcterms:issued "2020"^^xsd:gYear .'),
    ("period-interval", "", '<period/2014--2019> a time:ProperInterval ; skos:notation "2014/2019" .'),
    ("program-of-a-composite-area", "",
     '<program/wu-chang-shi/2023> a mskg:LivelihoodProgram ; mskg:programRegion <area/wu-chang-shi> ; '
     'mskg:programYear "2023"^^xsd:gYear ; mskg:adoptedBy "自治区人民政府" ; '
     'mskg:hasItem <program/wu-chang-shi/2023/item/0a0b0c0d> . '
     '<program/wu-chang-shi/2023/item/0a0b0c0d> a mskg:ProgramItem ; rdfs:label "治理大气污染"@zh .'),
]


@pytest.mark.parametrize("delete,insert", [v[1:] for v in GOOD_VARIANTS], ids=[v[0] for v in GOOD_VARIANTS])
def test_good_variant_conforms(delete, insert):
    report = validate(edited(delete, insert))
    assert report.conforms and not report.violations, report.text


def test_unknown_authority_and_items_are_only_warnings():
    report = validate(edited(insert='<program/654300/2024> a mskg:LivelihoodProgram ; '
                                    'mskg:programRegion <region/654300> ; mskg:programYear "2024"^^xsd:gYear .'))
    assert report.conforms
    assert {(v.focus, v.severity) for v in report.violations} == {(ID["program/654300/2024"], SH.Warning)}
    assert "adopted the program" in report.text and "items of the program" in report.text


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(paths.ONTOLOGY)


@pytest.mark.parametrize("drop,message", [
    ("en definition", "skos:definition in English"),
    ("zh label", "skos:prefLabel in Chinese"),
    ("notation", "exactly one skos:notation"),
])
def test_code_defects_are_reported(ontology, drop, message):
    code = ID["code/status/actual"]
    data = Graph() + ontology
    predicate, language = {"en definition": ("definition", "en"), "zh label": ("prefLabel", "zh"),
                           "notation": ("notation", None)}[drop]
    for o in list(data.objects(code, URIRef("http://www.w3.org/2004/02/skos/core#" + predicate))):
        if language is None or o.language == language:
            data.remove((code, None, o))
    report = validate(data, ontology=False)
    assert any(v.focus == code and message in v.message for v in report.violations), report.text


def test_stray_code_is_reported(ontology):
    data = Graph() + ontology
    data.parse(data=turtle("<code/status/planned> a mskg:ObservationStatus ."), format="turtle")
    report = validate(data, ontology=False)
    assert any(v.focus == ID["code/status/planned"] and "one of the codes of id:code/status" in v.message
               for v in report.violations), report.text


def test_ontology_code_lists_conform(ontology):
    report = validate(ontology, ontology=False)
    assert report.conforms and not report.violations, report.text


def test_report_text_names_focus_and_message():
    report = validate(edited(f"<{OBS_SHARE}> prov:wasDerivedFrom ?e"))
    assert isinstance(report, Report)
    assert OBS_SHARE in report.text and "at least one mskg:Evidence" in report.text


@pytest.mark.parametrize("path", [paths.REGIONS, paths.AREAS, paths.INDICATORS, paths.UNITS],
                         ids=lambda p: p.name)
def test_reference_data_conforms(path):
    if not path.exists():
        pytest.skip(f"{path.relative_to(paths.ROOT)} does not exist yet")
    report = validate(Graph().parse(path))
    assert report.conforms and not report.violations, report.text
