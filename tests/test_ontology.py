"""The OWL ontology: OWL 2 DL, consistent under HermiT, bilingual labels and definitions."""

import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from mskg import paths
from mskg.namespaces import ID, MSKG, QB
from mskg.validate.reasoner import consistent

JAVA = shutil.which("java")
needs_java = pytest.mark.skipif(JAVA is None, reason="java is not installed: HermiT and the OWL API need it")

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)


@pytest.fixture(scope="module")
def ontology():
    return Graph().parse(paths.ONTOLOGY)


def mskg_terms(graph):
    return sorted({s for t in TERM_TYPES for s in graph.subjects(RDF.type, t)
                   if isinstance(s, URIRef) and s.startswith(str(MSKG))})


def languages(graph, node, *predicates):
    return {o.language for p in predicates for o in graph.objects(node, p) if isinstance(o, Literal)}


def test_header(ontology):
    onto = URIRef("https://w3id.org/mskg/ontology")
    assert (onto, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(onto, OWL.versionInfo) is not None
    dcterms = "http://purl.org/dc/terms/"
    for p in ("title", "description", "created"):
        assert ontology.value(onto, URIRef(dcterms + p)) is not None, p
    assert ontology.value(onto, URIRef(dcterms + "license")) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/")


def test_defines_the_design_terms(ontology):
    expected = {
        "Region", "AdministrativeDivision", "CompositeArea", "level", "parent", "memberRegion",
        "LivelihoodProgram", "ProgramItem", "adoptedBy", "programRegion", "programYear", "hasItem",
        "itemNumber", "topic", "Indicator", "unit", "measureKind", "minValue", "maxValue",
        "Observation", "indicator", "status", "qualifier", "programItem", "Conflict", "conflictOf",
        "reportedIn", "SourceArticle", "Evidence", "contentHash", "fileName", "reportedValue",
        "surfaceForm",
    }
    assert expected <= {t.removeprefix(str(MSKG)) for t in mskg_terms(ontology)}


def test_every_mskg_term_has_zh_and_en_label_and_definition(ontology):
    missing = []
    for term in mskg_terms(ontology):
        if not {"zh", "en"} <= languages(ontology, term, RDFS.label):
            missing.append((term, "label"))
        if not {"zh", "en"} <= languages(ontology, term, SKOS.definition, RDFS.comment):
            missing.append((term, "definition"))
    assert not missing


@pytest.mark.parametrize("scheme,codes", [
    ("code/status", {"actual", "target", "before"}),
    ("code/qualifier", {"exact", "approximate", "at-least", "more-than", "at-most", "less-than"}),
    ("code/level", {"country", "province", "prefecture", "county", "township"}),
    ("code/measure-kind", {"flow", "stock"}),
])
def test_code_lists_are_bilingual_skos_schemes(ontology, scheme, codes):
    scheme_iri = ID[scheme]
    assert (scheme_iri, RDF.type, SKOS.ConceptScheme) in ontology
    members = set(ontology.subjects(SKOS.inScheme, scheme_iri))
    assert {m.removeprefix(f"{scheme_iri}/") for m in members} == codes
    for code in members:
        assert (code, RDF.type, SKOS.Concept) in ontology
        assert languages(ontology, code, SKOS.prefLabel) == {"zh", "en"}
        assert languages(ontology, code, SKOS.definition) == {"zh", "en"}


def test_structure_definition_has_coded_dimensions(ontology):
    dsd = MSKG.LivelihoodStructure
    assert (dsd, RDF.type, QB.DataStructureDefinition) in ontology
    dimensions = {ontology.value(c, QB.dimension) for c in ontology.objects(dsd, QB.component)} - {None}
    assert len(dimensions) == 4
    for dim in dimensions:
        assert ontology.value(dim, RDFS.range) is not None, dim  # IC-4
    for dim, scheme in [(MSKG.status, ID["code/status"]), (MSKG.indicator, ID["scheme/indicators"]),
                        (URIRef("http://purl.org/linked-data/sdmx/2009/dimension#refArea"),
                         ID["scheme/regions"])]:
        assert ontology.value(dim, QB.codeList) == scheme


def test_no_property_is_both_object_and_datatype(ontology):
    objects = set(ontology.subjects(RDF.type, OWL.ObjectProperty))
    assert not objects & set(ontology.subjects(RDF.type, OWL.DatatypeProperty))
    assert not objects & set(ontology.subjects(RDF.type, OWL.AnnotationProperty))


DL_PROFILE_JAVA = """
import java.io.File;
import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.profiles.*;

public class DLProfile {
    public static void main(String[] args) throws Exception {
        OWLProfileReport report = new OWL2DLProfile().checkOntology(
            OWLManager.createOWLOntologyManager().loadOntologyFromOntologyDocument(new File(args[0])));
        for (OWLProfileViolation v : report.getViolations()) System.out.println(v);
        System.out.println(report.isInProfile() ? "IN-PROFILE" : "NOT-IN-PROFILE");
    }
}
"""


def rdfxml_copy(graph, tmp_path, name="mskg.owl"):
    target = tmp_path / name
    graph.serialize(target, format="xml")
    return target


@needs_java
def test_is_in_the_owl2_dl_profile(ontology, tmp_path):
    """The OWL API bundled in owlready2's HermiT.jar checks the OWL 2 DL profile."""
    import owlready2

    jar = Path(owlready2.__file__).parent / "hermit" / "HermiT.jar"
    source = tmp_path / "DLProfile.java"
    source.write_text(DL_PROFILE_JAVA)
    run = subprocess.run([JAVA, "-cp", str(jar), str(source), str(rdfxml_copy(ontology, tmp_path))],
                         capture_output=True, text=True, timeout=300)
    assert run.stdout.strip().endswith("IN-PROFILE") and "NOT-IN-PROFILE" not in run.stdout, \
        run.stdout + run.stderr


@needs_java
def test_is_consistent_under_hermit():
    ok, message = consistent()
    assert ok, message


@needs_java
def test_hermit_sees_the_disjointness_axioms():
    bad = Graph()
    bad.add((ID["thing"], RDF.type, MSKG.Observation))
    bad.add((ID["thing"], RDF.type, MSKG.Evidence))
    ok, message = consistent(bad)
    assert not ok and "inconsistent" in message