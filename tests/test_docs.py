"""`mskg docs`: HTML documentation of the ontology with pyLODE."""

from click.testing import CliRunner

from mskg import paths
from mskg.cli import main


def test_docs_command_writes_html_naming_the_key_classes(tmp_path):
    result = CliRunner().invoke(main, ["docs", "--out", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html")
    for name in ("Region", "AdministrativeDivision", "CompositeArea", "LivelihoodProgram", "ProgramItem",
                 "Indicator", "Observation", "Conflict", "SourceArticle", "Evidence"):
        assert f"https://w3id.org/mskg/ontology#{name}" in html, name
    title = html[html.index("<title>") + 7:html.index("</title>")]
    assert title in ("Minsheng Statistical Knowledge Graph ontology", "民生统计知识图谱本体")
    assert "民生统计知识图谱本体" in html and "观测值" in html  # Chinese labels are shown too
    assert "https://creativecommons.org/licenses/by/4.0/" in html


def test_the_class_diagram_follows_the_ontology_and_shapes(tmp_path):
    from mskg.diagram import mermaid

    text = mermaid()
    assert text.startswith("classDiagram\n")
    for line in ("Region <|-- AdministrativeDivision", "Observation --> Indicator : indicator",
                 "Observation --> Region : sdmx_dimension_refArea",  # domain from the shapes
                 "LivelihoodProgram --> ProgramItem : hasItem", "qb_Observation <|-- Observation"):
        assert f"    {line}\n" in text
    changed = tmp_path / "mskg.ttl"
    changed.write_text(paths.ONTOLOGY.read_text(encoding="utf-8") + """
mskg:Survey a owl:Class ; rdfs:subClassOf mskg:SourceArticle .
mskg:sampleSize a owl:DatatypeProperty ; rdfs:domain mskg:Survey ; rdfs:range xsd:integer .
""", encoding="utf-8")
    extended = mermaid(ontology=changed)
    assert "    SourceArticle <|-- Survey\n" in extended and "        +xsd_integer sampleSize\n" in extended
