"""The guide defines every label with an example and a near miss, and its label tables are
generated from the schema (never a hand-kept copy)."""

from __future__ import annotations

import re

import pytest
from conftest import REPO

from sovereign_skies.schema.forms import FORM_RULES
from sovereign_skies.schema.labels import EVENT_TYPE, VOCABULARIES
from sovereign_skies.schema.vocab import EventType
from sovereign_skies.scripts.layout import Layout
from sovereign_skies.scripts.publish.docs import render_guidelines

TEMPLATE = (REPO / "cards" / "guidelines_template.md").read_text(encoding="utf-8")


def _blocks() -> dict[str, str]:
    """Template text per vocabulary: from its `definitions("key")` line to the next one."""
    keys = re.findall(r'\{\{ definitions\("(\w+)"\) \}\}', TEMPLATE)
    parts = re.split(r'\{\{ definitions\("\w+"\) \}\}', TEMPLATE)[1:]
    return dict(zip(keys, parts, strict=True))


def test_every_vocabulary_has_its_generated_table() -> None:
    assert set(_blocks()) == {vocab.key for vocab in VOCABULARIES}


@pytest.mark.parametrize("vocab", VOCABULARIES, ids=lambda v: v.key)
def test_every_label_has_an_example_and_a_near_miss(vocab) -> None:
    block = _blocks()[vocab.key]
    for label in vocab.names:
        section = re.search(rf"^#### `{label}`\n((?:- .*\n?)+)", block, re.MULTILINE)
        assert section, f"{vocab.key}: no section for {label}"
        assert re.search(r"^- Example: \S", section.group(1), re.MULTILINE), label
        assert re.search(r"^- Near miss: \S", section.group(1), re.MULTILINE), label


def test_rendered_guide_carries_the_schema_definitions() -> None:
    guide = render_guidelines(Layout(REPO))
    assert guide is not None
    for vocab in VOCABULARIES:
        for label in vocab.labels:
            assert f"| `{label.name}` | {label.definition}" in guide


def test_no_label_definition_is_typed_by_hand_into_the_template() -> None:
    for vocab in VOCABULARIES:
        for label in vocab.labels:
            assert label.definition not in TEMPLATE, label.name


def test_rendered_guide_carries_the_crosswalk_notes() -> None:
    guide = render_guidelines(Layout(REPO))
    assert guide is not None
    notes = [t for t in EVENT_TYPE.labels if isinstance(t, EventType) and t.crosswalk_note]
    assert notes and all(f"- `{t.name}`: {t.crosswalk_note}" in guide for t in notes)


def test_rendered_guide_carries_the_form_rules_the_check_applies() -> None:
    guide = render_guidelines(Layout(REPO))
    assert guide is not None and "**M12." in guide
    for rule in FORM_RULES:
        words = ", ".join(rule.words)
        assert f"({rule.form}) | {words} | {rule.fits} |" in guide
        assert words not in TEMPLATE  # generated, never a hand-kept copy


# The articles a new annotator is scored on (guide section 1): the guide never quotes them.
TEST_ARTICLES = ("araji-concludes-tehran-visit", "tna-iran-iraq-strategic-relations")
QUOTED = re.compile(r"“([^”\n]+)”")


def _quoted_passages(text: str) -> list[str]:
    """Curly-quoted passages of 3 or more words: the guide's quotations of seed text."""
    return [q for q in QUOTED.findall(text) if len(q.split()) >= 3]


def test_the_guide_never_quotes_a_test_article() -> None:
    rendered = render_guidelines(Layout(REPO))
    assert rendered is not None
    for article in TEST_ARTICLES:
        raw = (REPO / "dataset" / "raw" / f"{article}.txt").read_text(encoding="utf-8")
        quoted = [q for q in _quoted_passages(rendered) if q in raw]
        assert quoted == [], article


def test_the_guide_names_the_test_articles_only_in_its_introduction() -> None:
    introduction, rest = TEMPLATE.split("\n## 2. ", 1)
    for article in TEST_ARTICLES:
        assert article in introduction
        assert article not in rest, article


def test_the_quotation_check_catches_a_quoted_sentence() -> None:
    raw = (REPO / "dataset" / "raw" / f"{TEST_ARTICLES[0]}.txt").read_text(encoding="utf-8")
    sentence = " ".join(raw.split()[2:8])
    assert _quoted_passages(f"as in “{sentence}” (an example)") == [sentence]
    assert sentence in raw
