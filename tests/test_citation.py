"""dataset/CITATION.cff: valid Citation File Format 1.2.0 (cffconvert's schema, offline),
and saying what the card's citation says, at the one version."""

from __future__ import annotations

import pytest
import yaml
from cffconvert import Citation
from conftest import REPO
from jsonschema.exceptions import ValidationError

from sovereign_skies.scripts.publish.card_metadata import version
from sovereign_skies.scripts.publish.citation import citation_cff

COMMITTED = REPO / "dataset" / "CITATION.cff"


def test_the_committed_file_is_valid_and_fresh() -> None:
    text = COMMITTED.read_text(encoding="utf-8")
    Citation(text).validate()  # raises on any fault
    assert text == citation_cff()


def test_it_carries_the_version_and_the_cards_title() -> None:
    data = yaml.safe_load(COMMITTED.read_text(encoding="utf-8"))
    assert data["version"] == version()
    card = (REPO / "dataset" / "README.md").read_text(encoding="utf-8")
    assert f"title        = {{{data['title']}}}" in card


@pytest.mark.parametrize("broken", ["authors", "message", "title"])
def test_a_file_without_a_required_key_fails_validation(broken: str) -> None:
    data = yaml.safe_load(citation_cff())
    del data[broken]
    with pytest.raises(ValidationError):
        Citation(yaml.safe_dump(data)).validate()


def test_a_file_without_its_format_version_is_refused() -> None:
    data = yaml.safe_load(citation_cff())
    del data["cff-version"]
    with pytest.raises(ValueError, match="cff-version"):
        Citation(yaml.safe_dump(data))
