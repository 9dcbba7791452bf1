"""The gazetteer: coverage, codes, levels and parents, and its RDF form."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, SKOS

from mskg import paths
from mskg.graph import iris
from mskg.namespaces import MSKG
from mskg.reference import regions


def test_covers_every_division_at_county_level_and_above():
    table = regions.load()
    assert len(table) >= 3400
    divisions = [r for r in table.values() if not r.is_grouping]
    assert len([r for r in divisions if r.level == "province"]) >= 31
    assert len([r for r in divisions if r.level == "county"]) >= 2800


@pytest.mark.parametrize("code,name,level,parent", [
    ("654300", "阿勒泰地区", "prefecture", "654000"),
    ("152900", "阿拉善盟", "prefecture", "150000"),
    ("650200", "克拉玛依市", "prefecture", "650000"),
    ("654321", "布尔津县", "county", "654300"),
    ("152921", "阿拉善左旗", "county", "152900"),
    ("650000", "新疆维吾尔自治区", "province", "CN"),
    ("110101", "东城区", "county", "110000"),
    ("659001", "石河子市", "county", "650000"),
])
def test_seed_regions_have_right_code_level_and_parent(code, name, level, parent):
    region = regions.load()[code]
    assert (region.name, region.level, region.parent) == (name, level, parent)


@pytest.mark.parametrize("code,name,level,parent,replaces", [
    ("652902", "库车市", "county", "652900", ["652923"]),  # 库车县 became a city with a new code (2019)
    ("540600", "那曲市", "prefecture", "540000", ["542400"]),  # 那曲地区 became a city (2017)
    ("520281", "盘州市", "county", "520200", ["520222"]),
    ("230723", "汤旺县", "county", "230700", ["230712"]),  # 伊春's districts merged into counties (2019)
])
def test_divisions_created_since_cpcas_table_are_added_with_their_predecessor(code, name, level, parent, replaces):
    table = regions.load()
    region = table[code]
    assert (region.name, region.level, region.parent, region.replaces, region.current) == \
        (name, level, parent, replaces, True)
    (old,) = replaces
    assert (table[old].current, table[old].replaced_by) == (False, code)
    assert region.lat == table[old].lat is not None


def test_divisions_renamed_in_place_keep_their_code_and_former_name():
    region = regions.load()["130502"]
    assert (region.name, region.former_names, region.current) == ("襄都区", ["桥东区"], True)


def test_divisions_no_longer_current_without_a_named_successor_are_kept_unlinked():
    laiwu = regions.load()["371200"]  # 莱芜市, merged into 济南市 in 2019
    assert (laiwu.name, laiwu.current, laiwu.replaced_by) == ("莱芜市", False, None)


def test_ancestors_follow_overridden_parents():
    assert regions.ancestors("654321") == ["654300", "654000", "650000", "CN"]


def test_grouping_codes_are_composite_areas_of_their_districts():
    beijing_districts = regions.load()["110100"]
    assert beijing_districts.is_grouping
    assert "110101" in beijing_districts.members
    assert all(regions.load()[m].level == "county" for m in beijing_districts.members)


def test_every_parent_exists_and_is_a_division():
    table = regions.load()
    for region in table.values():
        if region.parent is not None:
            assert region.parent in table, region.code
            assert not table[region.parent].is_grouping, region.code


@pytest.fixture(scope="module")
def regions_ttl():
    graph = Graph()
    graph.parse(paths.REGIONS)
    return graph


def test_generated_file_is_up_to_date(regions_ttl):
    from mskg.graph.regions import regions_graph

    assert len(regions_ttl) == len(regions_graph(regions.load()))


def test_regions_carry_codes_labels_and_wikidata_links(regions_ttl):
    xinjiang = iris.region("650000")
    assert (xinjiang, SKOS.notation, Literal("650000")) in regions_ttl
    labels = {l.language for l in regions_ttl.objects(xinjiang, SKOS.prefLabel)}
    assert labels == {"zh", "en", "zh-Latn-pinyin"}
    assert (xinjiang, SKOS.exactMatch, URIRef("http://www.wikidata.org/entity/Q34800")) in regions_ttl
    assert (iris.region("654300"), MSKG.parent, iris.region("654000")) in regions_ttl


def test_regions_no_longer_current_are_deprecated_and_linked_to_their_successor(regions_ttl):
    old, new = iris.region("652923"), iris.region("652902")
    assert (old, OWL.deprecated, Literal(True)) in regions_ttl
    assert (old, DCTERMS.isReplacedBy, new) in regions_ttl and (new, DCTERMS.replaces, old) in regions_ttl
    assert (new, OWL.deprecated, None) not in regions_ttl
    assert (iris.region("130502"), SKOS.altLabel, Literal("桥东区", lang="zh")) in regions_ttl
