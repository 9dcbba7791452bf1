"""`mskg docs`: HTML documentation of the ontology with pyLODE."""

from click.testing import CliRunner

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
