"""Mention forms that fix the entity type (guide, rule M12), defined once: the link check
(R107 form-type-mismatch) applies these rules and the guide prints them as a table.

Each rule is a closed word list that leaves no doubt about the type, whatever the article:
a personal pronoun refers to a person, a nationality adjective to a state (M2), the head
noun of a nominal (its last word, M4) to a person, a state or an organisation. A word that
can go either way ("regime": the Israeli regime is the state, the Assad regime a government;
"source": a person or an organisation, E9; "group": an armed group or a people) is in no
list: the rules flag only forms that are wrong with any link.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from .labels import ENTITY_TYPE, MENTION_KIND


@dataclass(frozen=True)
class FormRule:
    """Mentions of `kind` whose `part` (the whole text, or its head: the last word) is one of
    `words` (compared in lower case) link to an entity of one of `types`."""

    kind: str
    part: Literal["text", "head"]
    words: tuple[str, ...]
    types: tuple[str, ...]
    form: str  # what the words are, as the guide and the fault message say it

    def __post_init__(self) -> None:
        # A misspelt label would make a rule that never fires: refuse it at import.
        MENTION_KIND.require(self.kind)
        for name in self.types:
            ENTITY_TYPE.require(name)
        assert all(w == w.lower() and " " not in w for w in self.words), self.form

    @property
    def fits(self) -> str:
        """The types that fit, as people read them: `type PER`, `a type other than PER`."""
        others = [t for t in ENTITY_TYPE.names if t not in self.types]
        if len(others) < len(self.types):
            return "a type other than " + " or ".join(others)
        return "type " + " or ".join(self.types)


NOT_PERSON = tuple(name for name in ENTITY_TYPE.names if name != "PER")

FORM_RULES: tuple[FormRule, ...] = (
    FormRule("PRONOUN", "text", ("he", "him", "his", "himself", "she", "her", "hers",
                                 "herself"), ("PER",), "a personal pronoun"),
    FormRule("PRONOUN", "text", ("it", "its", "itself"), NOT_PERSON, "a neuter pronoun"),
    FormRule("NAME", "text", ("american", "british", "chinese", "egyptian", "emirati",
                              "french", "iranian", "iraqi", "israeli", "jordanian", "kuwaiti",
                              "lebanese", "palestinian", "qatari", "russian", "saudi",
                              "syrian", "turkish", "yemeni", "zionist"),
             ("GPE",), "a nationality adjective"),
    FormRule("NOMINAL", "head", ("adviser", "advisor", "ambassador", "ambassadors",
                                 "diplomat", "diplomats", "envoy", "envoys", "minister",
                                 "ministers", "official", "officials", "president",
                                 "secretary", "secretary-general", "spokesman",
                                 "spokesperson", "spokeswoman"),
             ("PER",), "a person's office or role"),
    FormRule("NOMINAL", "head", ("capital", "cities", "city", "countries", "country",
                                 "nation", "nations", "state", "states"),
             ("GPE",), "a word for a state or city"),
    FormRule("NOMINAL", "head", ("agency", "army", "coalition", "council", "forces",
                                 "government", "military", "militia", "militias", "ministry",
                                 "parliament"),
             ("ORG",), "a word for an organisation"),
)
