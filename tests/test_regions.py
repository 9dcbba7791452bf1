"""The gazetteer: coverage, codes, levels and parents, and its RDF form."""

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SKOS

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
