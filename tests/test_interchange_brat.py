"""brat standoff: the .ann lines of the interchange article as brat's format writes them
(code-point offsets past a flag and emoji), an annotation.conf that is exactly the vocabularies,
a round trip that changes no byte, an edit made in brat imported by id, and every file brat
would not have written, or skies cannot read, refused with its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import FIXTURES, Repo, skies

from sovereign_skies.schema.labels import (
    ALLOWED_ROLES,
    ENTITY_TYPE,
    MENTION_KIND,
    REALIS,
    STANCE_LABEL,
    STANCE_TARGET,
)
from sovereign_skies.scripts.interchange.brat import ann_text
from sovereign_skies.scripts.interchange.document import (
    Annotated,
    Argument,
    Event,
    Mention,
    Registry,
)
from sovereign_skies.scripts.read.models import EntitySource

ARTICLE = "interchange-article"


def _export(repo: Repo, out: Path, *articles: str) -> Path:
    result = skies("export", "brat", *(articles or (ARTICLE,)), "--out", out, root=repo.root)
    assert result.exit_code == 0, result.stderr
    return out


def _annotations(repo: Repo) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in repo.layout.annotations.glob("*.yaml")}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} does not contain {old!r}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_export_writes_brat_lines(interchange: Repo, tmp_path: Path) -> None:
    out = _export(interchange, tmp_path / "brat")
    lines = (out / f"{ARTICLE}.ann").read_text(encoding="utf-8").splitlines()
    # The flag before "Baghdad" is two code points: brat counts as Python does.
    assert lines[:3] == ["T1\tGPE 3 10\tBaghdad", "N1\tReference T1 Skies:iraq\tIraq",
                         "#1\tAnnotatorNotes T1\tskies-id m1"]
    assert lines[12:16] == ["T5\tGPE 120 130\tgovernment", "N5\tReference T5 Skies:iraq\tIraq",
                            "A1\tKind T5 NOMINAL", "#5\tAnnotatorNotes T5\tskies-id m5"]
    assert lines[27:32] == ["T9\tACCUSE 81 88\taccused", "E2\tACCUSE:T9 ACTOR:T3 RECIPIENT:T4",
                            "A4\tRealis E2 ACTUAL", "N8\tReference E2 Skies:iran\tIran",
                            "#9\tAnnotatorNotes E2\tskies-id e2"]
    assert lines[32:] == [
        "T10\tStance_evidence 18 72\trejected on Monday any use of its airspace for strikes",
        "A5\tStance_label T10 AGAINST",
        "A6\tStance_target T10 FOREIGN_MILITARY_USE_OF_IRAQI_AIRSPACE",
        "N9\tReference T10 Skies:iraq\tIraq", "#10\tAnnotatorNotes T10\tskies-id s1",
        "T11\tStance_evidence 194 211\tis not a corridor", "R1\tMore_evidence Arg1:T10 Arg2:T11"]
    fixture = (FIXTURES / f"{ARTICLE}.txt").read_bytes()
    assert (out / f"{ARTICLE}.txt").read_bytes() == fixture  # no cleaning: the raw text
    assert sorted(p.name for p in out.iterdir()) == [
        "Skies.tsv", "annotation.conf", f"{ARTICLE}.ann", f"{ARTICLE}.txt", "tools.conf"]
    assert (out / "Skies.tsv").read_text(encoding="utf-8").splitlines()[1] == \
        "iraq\tname:Name:Iraq\tname:Alias:Baghdad\tattr:Type:GPE"
    assert "\nSkies\tDB:<NONE>, <URL>:" in (out / "tools.conf").read_text(encoding="utf-8")


def test_a_role_given_twice_is_numbered_as_brat_does() -> None:
    text = "Iraq met Iran."
    document = Annotated("x", text, [Mention("m1", 0, 4, "iraq"), Mention("m2", 9, 13, "iran")],
                         [Event("e1", "CONSULT", 5, 8, "ACTUAL",
                                (Argument("PARTICIPANT", "m1"), Argument("PARTICIPANT", "m2")))],
                         [])
    registry = Registry({e: EntitySource(id=e, name=e.title(), type="GPE")
                         for e in ("iraq", "iran")})
    assert "E1\tCONSULT:T3 PARTICIPANT:T1 PARTICIPANT2:T2\n" in ann_text(document, registry)


def _sections(conf: str) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    for line in conf.splitlines():
        if line.startswith("[") and line.endswith("]"):
            sections[line[1:-1]] = current = []
        elif line and not line.startswith("#"):
            current.append(line)
    return sections


def test_annotation_conf_is_exactly_the_vocabularies(interchange: Repo, tmp_path: Path) -> None:
    out = _export(interchange, tmp_path / "brat")
    sections = _sections((out / "annotation.conf").read_text(encoding="utf-8"))
    assert sections["entities"] == [*ENTITY_TYPE.names, "Stance_evidence"]
    macro, *events = sections["events"]
    assert macro == "<MENTION>=" + "|".join(ENTITY_TYPE.names)
    roles = {line.split("\t")[0]: [re.sub(r"\*:<MENTION>$", "", arg)
                                   for arg in line.split("\t")[1].split(", ")]
             for line in events}
    assert roles == {name: list(allowed) for name, allowed in ALLOWED_ROLES.items()}
    values = {line.split("\t")[0]: line.partition("Value:")[2].split("|")
              for line in sections["attributes"]}
    assert values == {"Kind": MENTION_KIND.names, "Unreviewed": [""], "Realis": REALIS.names,
                      "Stance_label": STANCE_LABEL.names, "Stance_target": STANCE_TARGET.names}
    assert sections["relations"][0] == "More_evidence\tArg1:Stance_evidence, Arg2:Stance_evidence"


def test_round_trip_changes_no_byte(interchange: Repo, tmp_path: Path) -> None:
    before = _annotations(interchange)
    out = _export(interchange, tmp_path / "brat", ARTICLE, "tiny-article")
    result = skies("import", "brat", out, root=interchange.root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [f"{ARTICLE}: no change", "tiny-article: no change"]
    assert _annotations(interchange) == before
    single = skies("import", "brat", out / "tiny-article.ann", root=interchange.root)
    assert single.stdout == "tiny-article: no change\n"


def test_an_edit_made_in_brat_is_imported_by_id(interchange: Repo, tmp_path: Path) -> None:
    path = interchange.layout.annotation_file(ARTICLE)
    original = path.read_text(encoding="utf-8")
    ann = _export(interchange, tmp_path / "brat") / f"{ARTICLE}.ann"
    text = (FIXTURES / f"{ARTICLE}.txt").read_text(encoding="utf-8")
    start = text.index("Baghdad summoned")
    _edit(ann, "T8\tREJECT 18 26", "T8\tACCUSE 18 26")  # brat retypes trigger and event
    _edit(ann, "E1\tREJECT:T8 ACTOR:T2\n", "E1\tACCUSE:T8 ACTOR:T2 PLACE:T12\n")
    _edit(ann, "T7\tGPE 185 188\tits\nN7\tReference T7 Skies:iraq\tIraq\nA2\tKind T7 PRONOUN\n"
          "#7\tAnnotatorNotes T7\tskies-id m7\n", "")
    _edit(ann, "R1\t", f"T12\tGPE {start} {start + 7}\tBaghdad\n"
          "N10\tReference T12 Skies:iraq\tIraq\nR1\t")
    result = skies("import", "brat", ann.parent, root=interchange.root)
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{ARTICLE}: changed: added 1 mentions: m8",
        f"{ARTICLE}: changed: changed 1 events: e1",
        f"{ARTICLE}: changed: removed 1 mentions: m7"]
    expected = original.replace(
        "  - {id: m7, entity: iraq, quote: its, occurrence: 2, kind: PRONOUN}\n",
        "  - {id: m8, entity: iraq, quote: Baghdad, occurrence: 2}\n").replace(
        "    type: REJECT\n", "    type: ACCUSE\n").replace(
        "      - {role: ACTOR, mention: m2}\n",
        "      - {role: ACTOR, mention: m2}\n      - {role: PLACE, mention: m8}\n")
    assert path.read_text(encoding="utf-8") == expected


def test_a_stance_and_evidence_added_in_brat(interchange: Repo, tmp_path: Path) -> None:
    path = interchange.layout.annotation_file(ARTICLE)
    ann = _export(interchange, tmp_path / "brat") / f"{ARTICLE}.ann"
    with ann.open("a", encoding="utf-8") as lines:  # as brat appends what an annotator adds
        lines.write("T12\tStance_evidence 76 110\tIran accused Israel of the flights\n"
                    "A7\tStance_label T12 FAVOR\nA8\tStance_target T12 REGIONAL_ESCALATION\n"
                    "T13\tStance_evidence 159 168\tIraq said\n"
                    "R2\tMore_evidence Arg1:T10 Arg2:T13\nA9\tUnreviewed T3\n")
    result = skies("import", "brat", ann, root=interchange.root)
    assert result.exit_code == 0, result.stderr
    written = path.read_text(encoding="utf-8")
    assert "  - {id: m3, entity: iran, quote: Iran, reviewed: false}\n" in written
    assert written.endswith(
        "      - quote: is not a corridor\n      - {quote: Iraq said}\n"
        "  - id: s2\n    holder: null\n    target: REGIONAL_ESCALATION\n    label: FAVOR\n"
        "    evidence:\n      - {quote: Iran accused Israel of the flights}\n")


def test_a_repeated_role_in_brat_is_one_role(interchange: Repo, tmp_path: Path) -> None:
    ann = _export(interchange, tmp_path / "brat") / f"{ARTICLE}.ann"
    _edit(ann, "RECIPIENT:T4\n", "RECIPIENT:T4 RECIPIENT2:T5\n")
    assert skies("import", "brat", ann, root=interchange.root).exit_code == 0
    written = interchange.layout.annotation_file(ARTICLE).read_text(encoding="utf-8")
    assert "      - {role: RECIPIENT, mention: m4}\n      - {role: RECIPIENT, mention: m5}\n" \
        in written


A = f"{ARTICLE}.ann"
REFUSED = [
    ("T1\tGPE 3 10\tBaghdad", "T1\tGPE 3\tBaghdad", rf"{A}:1 T1: malformed line"),
    ("T1\tGPE 3 10\tBaghdad", "T1 GPE 3 10 Baghdad", rf"{A}:1: not a brat annotation line"),
    ("T2\tGPE 13 17", "T2\tGPE 14 18", rf"{A}:4 T2: span \[14, 18\) holds 'raq ' .* 'Iraq'"),
    ("T1\tGPE 3 10\tBaghdad", "T1\tGPE 3 5;6 10\tBa ghdad",
     rf"{A}:1 T1: a discontinuous span .* not supported"),
    ("T1\tGPE", "T1\tCITY", rf"{A}:1 T1: unknown type 'CITY'"),
    ("T1\tGPE", "T1\tORG", rf"{A}:1 T1: typed ORG, but its entity iraq is GPE"),
    ("E1\tREJECT:T8 ACTOR:T2", "E1\tREJECT:T8 AGENT:T2",
     rf"{A}:25 E1: unknown argument role 'AGENT'"),
    ("RECIPIENT:T4\n", "RECIPIENT:T40\n", rf"{A}:29 E2: argument RECIPIENT:T40 is defined by"),
    ("RECIPIENT:T4\n", "RECIPIENT:T9\n", rf"{A}:29 E2: argument RECIPIENT:T9 is not a mention"),
    ("Realis E1 ACTUAL", "Realis E1 REAL", rf"{A}:26 A3: 'REAL' is not a Realis"),
    ("Realis E1 ACTUAL", "Realis E9 ACTUAL", rf"{A}:26 A3: refers to E9, which no line"),
    ("A1\tKind T5", "A1\tGenre T5", rf"{A}:15 A1: unknown attribute 'Genre'"),
    ("A1\tKind T5", "A1\tKind T8", rf"{A}:15 A1: does not apply to T8, a REJECT trigger"),
    ("A3\tRealis E1 ACTUAL\n", "", rf"{A}:25 E1: the event has no Realis"),
    ("Skies:iran\tIran\n#3", "Skies:persia\tPersia\n#3", rf"{A}:8 N3: unknown entity 'persia'"),
    ("N1\tReference T1 Skies:iraq\tIraq\n", "", rf"{A}:1 T1: a mention without a Reference"),
    ("N8\tReference E2 Skies:iran\tIran\n", "", rf"{A}:29 E2: event e2 lost its source"),
    ("skies-id m1", "check the spelling", rf"{A}:3 #1: a note skies cannot carry"),
    ("skies-id m2", "skies-id m1", rf"{A}:6 #2: skies-id m1 is given to two annotations"),
    ("E1\tREJECT:T8 ACTOR:T2\nA3\tRealis E1 ACTUAL\n#8\tAnnotatorNotes E1\tskies-id e1\n", "",
     rf"{A}:24 T8: a REJECT trigger of no event"),
    ("A5\tStance_label T10 AGAINST\n", "", rf"{A}:33 T10: stance evidence without"),
    ("R1\tMore_evidence Arg1:T10", "R1\tMore_evidence Arg1:T9",
     rf"{A}:39 R1: only `More_evidence Arg1:T Arg2:T`"),
    ("N2\tReference T2", "N1\tReference T2", rf"{A}:5 N1: the id is used twice"),
]


@pytest.mark.parametrize(("old", "new", "message"), REFUSED,
                         ids=[message.split(": ", 1)[1][:40] for _, _, message in REFUSED])
def test_a_file_skies_cannot_read_is_refused(interchange: Repo, tmp_path: Path, old: str,
                                             new: str, message: str) -> None:
    before = _annotations(interchange)
    out = _export(interchange, tmp_path / "brat")
    _edit(out / A, old, new)
    result = skies("import", "brat", out, root=interchange.root)
    assert result.exit_code == 2, result.stdout
    assert re.search(message, " ".join(result.stderr.split())), result.stderr
    assert _annotations(interchange) == before


def test_a_text_that_is_not_the_article_is_refused(interchange: Repo, tmp_path: Path) -> None:
    before = _annotations(interchange)
    out = _export(interchange, tmp_path / "brat")
    _edit(out / f"{ARTICLE}.txt", "Monday", "Sunday")
    result = skies("import", "brat", out, root=interchange.root)
    assert result.exit_code == 2
    assert f"{ARTICLE}.txt: not the article's text (first difference at line 1, column 31)" in \
        " ".join(result.stderr.split())
    assert _annotations(interchange) == before


@pytest.mark.parametrize(("stem", "message"), [("Not_Safe", "not a safe article id"),
                                               ("no-such-article", "names no article")])
def test_a_file_named_for_no_article_is_refused(interchange: Repo, tmp_path: Path, stem: str,
                                                message: str) -> None:
    before = _annotations(interchange)
    out = _export(interchange, tmp_path / "brat")
    for suffix in (".ann", ".txt"):
        (out / f"{ARTICLE}{suffix}").rename(out / f"{stem}{suffix}")
    result = skies("import", "brat", out, root=interchange.root)
    assert result.exit_code == 2 and f"{stem}.ann" in result.stderr
    assert message in " ".join(result.stderr.split())
    assert _annotations(interchange) == before


def test_a_folder_without_ann_files_is_refused(interchange: Repo, tmp_path: Path) -> None:
    result = skies("import", "brat", tmp_path, root=interchange.root)
    assert result.exit_code == 2 and "no .ann file" in result.stderr
