"""The card's YAML header: what the Hub indexes (creators, tasks, licence, size) and what
`load_dataset` reads (`configs`, `dataset_info`, generated from the built tables).

Every value of the first kind is one of the Hub's allowed values (schema/hub_metadata.py);
the check C101 holds the card to them. The release facts the card states (the version, the
`datasets` it needs) are read from the toolkit's pyproject.toml, never typed twice.

The release's facts that the Croissant metadata (croissant.py) states too live here as well,
once: the licence, the citation (`bibtex`) and the card's prose about how the data was made
(`PROSE`).
"""

from __future__ import annotations

import importlib.metadata
import re
import tomllib
from dataclasses import dataclass
from functools import cache

from datasets.info import DatasetInfo, DatasetInfosDict
from datasets.splits import SplitDict, SplitInfo
from datasets.utils.metadata import MetadataConfigs
from huggingface_hub import DatasetCardData

from sovereign_skies.schema.columns import DEFAULT_CONFIG, TABLES, config_splits
from sovereign_skies.schema.features import features_for
from sovereign_skies.schema.labels import STANCE_LABEL

from ..built import Built
from ..layout import CHECKOUT_ROOT, Layout

PRETTY_NAME = "Sovereign Skies"
# Both annotation passes and the adjudication were made by AI annotation agents.
ANNOTATIONS_CREATORS = ["machine-generated"]
# The texts are news articles as their outlets published them.
LANGUAGE_CREATORS = ["found"]
MULTILINGUALITY = ["monolingual"]
SOURCE_DATASETS = ["original"]
# NER is token classification; stance (holder and target given, FAVOR / AGAINST / NEUTRAL) is
# multi-class classification, not sentiment. Event extraction, entity linking and stance
# detection have no Hub task id: they are tags.
TASK_CATEGORIES = ["token-classification", "text-classification"]
TASK_IDS = ["named-entity-recognition", "multi-class-classification"]
TAGS = ["news", "event-extraction", "stance-detection", "entity-linking", "iraq", "airspace"]
# The annotations are CC BY 4.0; the article texts stay their publishers' (README, Licence):
# no single Hub licence id says that, so `other` with the terms in dataset/LICENSE.
LICENSE = "other"
LICENSE_NAME = "cc-by-4.0-annotations"
ANNOTATIONS_LICENSE = "CC BY 4.0"
ANNOTATIONS_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/legalcode"
# The year of the first release (0.1.0): the citation's year.
CITATION_YEAR = 2026
CITATION_AUTHOR = "Sovereign Skies contributors"
CITATION_TITLE = "an annotated corpus of English news on Iraq's airspace and sovereignty"
CITATION_NOTE = "entities, events and stance; annotated by AI agents"


# As the card writes the stance labels in running text: FAVOR / AGAINST / NEUTRAL.
_STANCE_LABELS = " / ".join(STANCE_LABEL.names)


@dataclass(frozen=True)
class Prose:
    """What the card says in words about how the data was made and what it is for, where the
    Croissant metadata (croissant.py) says it too: stated here once, both render it.

    Each text is Markdown wrapped where the card wraps it, so the card prints it as it stands
    (a list item indents its later lines); Croissant joins the lines and drops the emphasis.
    A text that is only the start of one of the card's sentences (the card completes it with
    figures) has no final full stop."""

    data_use: str = """\
Research on information extraction from conflict news, and on how a state's airspace and
sovereignty are reported"""
    operational_use: str = """\
Any operational use: monitoring, targeting, threat assessment or attributing positions to
real people or states for decisions about them."""
    position_claims: str = """\
Claims about the positions of the people and states named: a stance is the position an
article attributes to its holder, as that article reports it."""
    sentiment_use: str = """\
Training general-purpose sentiment models: stance labels are attitudes towards fixed
propositions, not sentiment."""
    supplied: str = """\
The articles were supplied to the project as plain-text files (the file
name of each is kept in `seed_file`)."""
    selection: str = """\
How the articles were selected and retrieved is not recorded: they are not a sample
of any defined population of articles."""
    not_guessed: str = "Facts a text does not give are null with the reason, never guessed"
    raw_kept: str = """\
Each raw file is kept byte for byte in `raw/` (its SHA-256 in
`raw_sha256`)"""
    offsets: str = """\
**Offsets are Unicode code points into the NFC-normalized `text`** (Python `str` indices),
never UTF-8 bytes or UTF-16 units: `text[start:end] == span_text` holds for every span."""
    tokenizer: str = """\
The `tokens` config is produced by spaCy's
rule-based tokenizer and sentencizer (pinned), split at every annotated span boundary."""
    source_producers: str = """\
Journalists and editors of the outlets that published the articles, and the officials and
sources they quote."""
    writers_unknown: str = "No demographic information about the writers is known or recorded."
    double_annotation: str = """\
Each article was annotated twice, independently (pass A and pass B,
kept in `passes/`, outside the configs); the second annotator worked from the guide and
the raw text alone."""
    validation: str = """\
The build writes nothing while any error of the check catalogue remains
(spans, references, vocabularies, dates, splits per story, the built files against a
fresh build); its warnings, such as a label missing from a split (D105), are reported by
`skies validate`."""
    annotators: str = """\
Both passes and the adjudication were made by **AI annotation agents** of one model family
(the model is not named in the repository), each working from the written guide and the
raw text, in isolation from the other pass."""
    annotator_caveats: str = """\
No person annotated the gold, and no human
annotation pass exists yet. Their agreement measures how determinate the guide is for such
an annotator; it is likely higher than two human annotators would reach. Treat the
agreement figures as an upper bound on human agreement, and the gold as reviewable, not
expert-made. Demographics and pay do not apply to them; what running them cost is not
recorded."""
    real_people: str = "The articles name real people"
    not_anonymized: str = """\
Nothing was
anonymized: who acts and who holds a stance is what the annotation records."""
    political_opinions: str = "Attributed stances are political opinions."
    # Follows the number of stances that have a registry holder.
    stance_attribution: str = f"""\
attribute a position ({_STANCE_LABELS}) on a political proposition to a person,
organisation or state of the registry, as the article reports it; they are not verified against
what the holder said elsewhere."""
    no_contact_fields: str = """\
The schema has no field for contact details, addresses, or
financial or health information; the texts are news articles as published."""
    social_impact: str = """\
Positive uses: research on how conflict news reports the sovereignty of a state's airspace,
on attributed speech and stance, and on extraction models for small, carefully annotated
data. Dual use: event and stance extraction from conflict news can serve monitoring,
profiling of officials by their reported positions, or influence operations"""
    partisan_wording: str = """\
The texts keep the wording of their sources and of the people they quote,
including partisan names for states and groups (the registry links such names to the entity
they stand for: guide rules M2 and M3)"""
    # Follows "N of M": the events with a source entity, of all events.
    claimed_events: str = """\
events are reported on the claim of an entity of the text
(`source_entity_id`), often one side of the conflict."""
    pronouns: str = """\
**Pronouns are out of scope**, and so are coreference chains of pronouns: an entity's
mentions are its names and nominals only."""
    ai_only: str = """\
**AI-only annotation.** No human annotated or adjudicated; systematic errors shared by the
agents are not visible in their agreement."""
    one_topic: str = """\
**One topic, one language**, one period: models trained here will not transfer without
evaluation."""
    # A format string: the card links the changelog, Croissant names its file.
    maintenance: str = ("{author}; corrections are new builds of the sources, listed in "
                        "{changelog}; older versions are in the source repository's history.")
    text_rights: str = """\
the article texts remain the
copyright of their publishers"""


PROSE = Prose()


def size_category(n: int) -> str:
    for limit, name in ((1_000, "n<1K"), (10_000, "1K<n<10K"), (100_000, "10K<n<100K"),
                        (1_000_000, "100K<n<1M")):
        if n < limit:
            return name
    return "1M<n<10M"


def languages(tables: Built) -> list[str]:
    """The language codes of the released articles (`en` for a release without any)."""
    found = {code for key in tables if key[0] == DEFAULT_CONFIG
             for code in tables.read(key, ["language"]).column("language").to_pylist()}
    return sorted(found) or ["en"]


def card_data(tables: Built, sizes: dict[tuple[str, str], int], layout: Layout
              ) -> DatasetCardData:
    n_articles = sum(tables.num_rows(key) for key in tables if key[0] == DEFAULT_CONFIG)
    data = DatasetCardData(
        pretty_name=PRETTY_NAME, language=languages(tables), license=LICENSE,
        license_name=LICENSE_NAME, license_link=layout.license_file.name,
        annotations_creators=ANNOTATIONS_CREATORS, language_creators=LANGUAGE_CREATORS,
        multilinguality=MULTILINGUALITY, source_datasets=SOURCE_DATASETS,
        task_categories=TASK_CATEGORIES, task_ids=TASK_IDS,
        size_categories=[size_category(n_articles)], tags=TAGS,
    )
    configs, infos = {}, {}
    for config in TABLES:
        splits = [s for s in config_splits(config) if (config, s) in tables]
        if not splits:
            continue
        configs[config] = {
            "data_files": [{"split": s, "path": layout.rel(layout.parquet(config, s))
                            .removeprefix("dataset/")} for s in splits],
            **({"default": True} if config == DEFAULT_CONFIG else {}),
        }
        infos[config] = DatasetInfo(
            features=features_for(config), config_name=config,
            splits=SplitDict({s: SplitInfo(s, num_bytes=tables.nbytes((config, s)),
                                           num_examples=tables.num_rows((config, s)))
                              for s in splits}),
            download_size=sum(sizes[config, s] for s in splits),
            dataset_size=sum(tables.nbytes((config, s)) for s in splits),
        )
    MetadataConfigs(configs).to_dataset_card_data(data)
    DatasetInfosDict(infos).to_dataset_card_data(data)
    return data


@cache
def _project() -> tuple[str, tuple[str, ...]]:
    """The toolkit's version and requirements: from its pyproject.toml in a checkout, else
    from the installed distribution's metadata (the same file, as installed)."""
    pyproject = CHECKOUT_ROOT / "pyproject.toml"
    if pyproject.is_file():
        project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
        return project["version"], tuple(project["dependencies"])
    return (importlib.metadata.version("sovereign-skies"),
            tuple(importlib.metadata.requires("sovereign-skies") or ()))


def version() -> str:
    return _project()[0]


def bibtex() -> str:
    """The release's BibTeX entry: the card prints it, Croissant's `citeAs` is it."""
    fields = {"author": f"{{{CITATION_AUTHOR}}}",  # braced: a group, not a person's name
              "title": f"{PRETTY_NAME}: {CITATION_TITLE}", "year": str(CITATION_YEAR),
              "version": version(), "note": f"Dataset: {CITATION_NOTE}"}
    key = f"{PRETTY_NAME.lower().replace(' ', '_')}_{CITATION_YEAR}"
    return "\n".join([f"@misc{{{key},", *(f"  {name:<13}= {{{value}}},"
                                           for name, value in fields.items()), "}"])


def requirement(package: str) -> str:
    """The version specifier the toolkit requires of `package` (e.g. `>=5.2`)."""
    for spec in _project()[1]:
        if match := re.fullmatch(rf"{re.escape(package)}\s*((?:[<>=!~]=?[^,;\s]+,?)+).*", spec):
            return match.group(1)
    raise KeyError(f"pyproject.toml does not require {package}")
