"""INCEpTION through UIMA CAS XMI (dkpro-cassis): mentions as DKPro NamedEntity annotations
with UTF-16 offsets in the file, read back to code points, a round trip that changes no byte,
and every file that cannot be converted refused by name, the annotation file left as it was."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from conftest import FIXTURES, RAW, Repo, skies
from lxml import etree

INTERCHANGE_TEXT = (FIXTURES / "interchange-article.txt").read_text(encoding="utf-8")
NER = "{http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore}NamedEntity"

# Counted by hand (UTF-16 units): the flag takes 4, so Baghdad starts at 5, not 3; the rocket
# takes 2, so Iran after it starts at 79, not 76.
INTERCHANGE_ENTITIES = [("5", "12", "GPE", "iraq"), ("15", "19", "GPE", "iraq"),
                        ("79", "83", "GPE", "iran"), ("92", "98", "GPE", "israel"),
                        ("123", "133", "GPE", "iraq"), ("162", "166", "GPE", "iraq"),
                        ("189", "192", "GPE", "iraq")]

# A type system as INCEpTION exports one: more layers than skies reads (Token here).
TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier"><types>
<typeDescription><name>de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData</name>
<supertypeName>uima.tcas.DocumentAnnotation</supertypeName><features>
<featureDescription><name>documentTitle</name><rangeTypeName>uima.cas.String</rangeTypeName>
</featureDescription>
<featureDescription><name>documentId</name><rangeTypeName>uima.cas.String</rangeTypeName>
</featureDescription></features></typeDescription>
<typeDescription><name>de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity</name>
<supertypeName>uima.tcas.Annotation</supertypeName><features>
<featureDescription><name>value</name><rangeTypeName>uima.cas.String</rangeTypeName>
</featureDescription>
<featureDescription><name>identifier</name><rangeTypeName>uima.cas.String</rangeTypeName>
</featureDescription></features></typeDescription>
<typeDescription><name>de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token</name>
<supertypeName>uima.tcas.Annotation</supertypeName></typeDescription>
</types></typeSystemDescription>
"""


def _xmi(text: str, entities: list[tuple[str, str, str, str]],
         title: str = "tiny-article.xmi") -> str:
    """A CAS as INCEpTION writes it back: the document name as title, the annotator's user name
    as documentId, a token layer beside the named entities."""
    named = "".join(f'<ner:NamedEntity xmi:id="{n}" sofa="1" begin="{b}" end="{e}" '
                    f'value="{v}" identifier="{i}"/>\n'
                    for n, (b, e, v, i) in enumerate(entities, 10))
    members = " ".join(str(n) for n in range(10, 10 + len(entities)))
    sofa = quoteattr(text, {"\n": "&#10;"})
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<xmi:XMI xmlns:xmi="http://www.omg.org/XMI" xmlns:cas="http:///uima/cas.ecore"
 xmlns:meta="http:///de/tudarmstadt/ukp/dkpro/core/api/metadata/type.ecore"
 xmlns:ner="http:///de/tudarmstadt/ukp/dkpro/core/api/ner/type.ecore"
 xmlns:seg="http:///de/tudarmstadt/ukp/dkpro/core/api/segmentation/type.ecore" xmi:version="2.0">
<cas:NULL xmi:id="0"/>
<meta:DocumentMetaData xmi:id="2" sofa="1" begin="0" end="0" documentTitle="{title}"
 documentId="annotator1"/>
<seg:Token xmi:id="3" sofa="1" begin="0" end="4"/>
{named}<cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text/plain"
 sofaString={sofa}/>
<cas:View sofa="1" members="2 3 {members}"/>
</xmi:XMI>
"""


TINY_ENTITIES = [("0", "4", "GPE", "iran"), ("18", "25", "GPE", "iraq"),
                 ("38", "42", "GPE", "iraq")]


def _folder(tmp_path: Path, name: str, content: str, types: str | None = TYPES) -> Path:
    folder = tmp_path / "inception"
    folder.mkdir(exist_ok=True)
    if types is not None:
        (folder / "TypeSystem.xml").write_text(types, encoding="utf-8")
    path = folder / name
    path.write_text(content, encoding="utf-8")
    return path


def test_export_writes_utf16_offsets_into_the_xmi(interchange: Repo, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = skies("export", "inception", "interchange-article", "--out", out,
                   root=interchange.root)
    assert result.exit_code == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["TypeSystem.xml", "interchange-article.xmi"]
    root = etree.parse(str(out / "interchange-article.xmi")).getroot()
    found = [(e.get("begin"), e.get("end"), e.get("value"), e.get("identifier"))
             for e in root.iter(NER)]
    assert found == INTERCHANGE_ENTITIES
    meta = next(e for e in root if etree.QName(e).localname == "DocumentMetaData")
    assert meta.get("documentTitle") == meta.get("documentId") == "interchange-article"
    sofa = next(e for e in root if etree.QName(e).localname == "Sofa")
    assert sofa.get("sofaString") == INTERCHANGE_TEXT
    types = (out / "TypeSystem.xml").read_text(encoding="utf-8")
    assert "<name>de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity</name>" in types


def test_round_trip_keeps_every_byte_kinds_and_review_flags(interchange: Repo,
                                                            tmp_path: Path) -> None:
    interchange.edit(interchange.annotation, "quote: Baghdad}", "quote: Baghdad, reviewed: false}")
    folder = interchange.layout.annotations
    originals = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    out = tmp_path / "out"
    exported = skies("export", "inception", "interchange-article", "tiny-article", "--out",
                     out, root=interchange.root)
    assert exported.exit_code == 0, exported.stderr
    result = skies("import", "inception", out, root=interchange.root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.count("no change") == 2
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == originals


def test_utf16_offsets_after_the_emoji_come_back_as_code_points(interchange: Repo,
                                                                tmp_path: Path) -> None:
    path = interchange.annotation.parent / "interchange-article.yaml"
    original = path.read_bytes()
    xmi = _folder(tmp_path, "interchange-article.xmi",
                  _xmi(INTERCHANGE_TEXT, INTERCHANGE_ENTITIES, "interchange-article.xmi"))
    result = skies("import", "inception", xmi, root=interchange.root)
    assert result.exit_code == 0, result.stderr
    assert "interchange-article: no change" in result.stdout
    assert path.read_bytes() == original


def test_a_file_written_back_by_inception_is_merged(tiny: Repo, tmp_path: Path) -> None:
    # Iraq (m3) relinked to Iran, the last "Iran" added: [70, 74), no pair in this text.
    entities = [*TINY_ENTITIES[:2], ("38", "42", "", "iran"), ("70", "74", "GPE", "iran")]
    xmi = _folder(tmp_path, "tiny-article.xmi", _xmi(RAW, entities))
    result = skies("import", "inception", xmi.parent, root=tiny.root)
    assert result.exit_code == 0, result.stderr
    written = tiny.annotation.read_text(encoding="utf-8")
    assert "  - {id: m3, entity: iran, quote: Iraq, occurrence: 1}\n" in written
    assert "  - {id: m4, entity: iran, quote: Iran, occurrence: 2}\n" in written


def _refused(repo: Repo, path: Path, *expected: str) -> None:
    folder = repo.layout.annotations
    originals = {p.name: p.read_bytes() for p in folder.glob("*.yaml")}
    result = skies("import", "inception", path, root=repo.root)
    assert result.exit_code == 2, result.stdout
    for part in expected:
        assert part in result.stderr, result.stderr
    assert "Traceback" not in result.stderr
    assert {p.name: p.read_bytes() for p in folder.glob("*.yaml")} == originals


def test_an_offset_inside_the_flag_is_refused(interchange: Repo, tmp_path: Path) -> None:
    # 3 is Baghdad's code-point offset; as UTF-16 it is inside the flag's second indicator.
    entities = [("3", "12", "GPE", "iraq")]
    xmi = _folder(tmp_path, "a.xmi", _xmi(INTERCHANGE_TEXT, entities, "interchange-article"))
    _refused(interchange, xmi, "a.xmi NamedEntity xmi:id 10", "UTF-16 offset 3 is past the "
             "end of the text (217 UTF-16 code units) or inside a character outside the BMP")


def test_a_text_that_is_not_the_article_s_is_refused(tiny: Repo, tmp_path: Path) -> None:
    xmi = _folder(tmp_path, "tiny-article.xmi", _xmi(RAW.replace("met", "saw"), TINY_ENTITIES))
    _refused(tiny, xmi, "tiny-article.xmi: its text (the sofa) is not the text of article "
             "tiny-article", "line 1, column 27")


@pytest.mark.parametrize(("entity", "expected"), [
    (("0", "4", "GPE", "atlantis"), "identifier 'atlantis' is not a registry entity id"),
    (("0", "4", "GPE", ""), "no identifier"),
    (("0", "4", "ORG", "iran"), "value ORG but the registry types iran as GPE"),
    (("0", "4", "COUNTRY", "iran"), "unknown entity type 'COUNTRY'"),
    (("70", "99", "GPE", "iran"), "UTF-16 offset 99 is past the end of the text"),
])
def test_a_named_entity_that_does_not_convert_is_refused(tiny: Repo, tmp_path: Path,
                                                        entity: tuple[str, str, str, str],
                                                        expected: str) -> None:
    xmi = _folder(tmp_path, "tiny-article.xmi", _xmi(RAW, [*TINY_ENTITIES, entity]))
    _refused(tiny, xmi, "tiny-article.xmi NamedEntity xmi:id 13", expected)


def test_invalid_xml_and_a_missing_type_system_are_refused(tiny: Repo, tmp_path: Path) -> None:
    unclosed = _xmi(RAW, TINY_ENTITIES).replace('<cas:NULL xmi:id="0"/>', '<cas:NULL xmi:id="0">')
    broken = _folder(tmp_path, "tiny-article.xmi", unclosed)
    _refused(tiny, broken, "tiny-article.xmi: not valid XML (Opening and ending tag mismatch: "
             "NULL line 6")
    (broken.parent / "TypeSystem.xml").write_text("<typeSystemDescription", encoding="utf-8")
    xmi = _folder(tmp_path, "tiny-article.xmi", _xmi(RAW, TINY_ENTITIES), types=None)
    _refused(tiny, xmi, "TypeSystem.xml: not valid XML")
    (xmi.parent / "TypeSystem.xml").unlink()
    _refused(tiny, xmi, "TypeSystem.xml is missing")


def test_an_unknown_article_is_refused(tiny: Repo, tmp_path: Path) -> None:
    xmi = _folder(tmp_path, "x.xmi", _xmi(RAW, TINY_ENTITIES, title="no-such-article.xmi"))
    _refused(tiny, xmi, "x.xmi: no article 'no-such-article'")
    unsafe = _folder(tmp_path, "y.xmi", _xmi(RAW, TINY_ENTITIES, title="../etc"))
    _refused(tiny, unsafe, "y.xmi: '../etc' (its DocumentMetaData documentTitle) is not a safe")
