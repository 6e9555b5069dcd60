"""The values the Hugging Face Hub allows in a dataset card's YAML header, for the fields the
card uses: facts copied as data, so the card can be checked offline.

`huggingface_hub.DatasetCard.validate()` asks the Hub over the network; the toolkit must not,
so the lists the Hub documents are kept here and the check C101 holds the card to them.
Sources (update the copy when the Hub adds a value the card needs):

- creators, multilinguality, size categories: `datasets/utils/resources/creators.json`,
  `multilingualities.json` and `size_categories.json` of the `datasets` library, and the
  options listed in `huggingface_hub.DatasetCardData`'s docstring;
- task categories and their task ids: `packages/tasks/src/pipelines.ts` of huggingface.js,
  the list the Hub's dataset card spec (`hub-docs/datasetcard.md`) points to (NLP tasks only:
  the card describes text);
- licences: the table of `hub-docs/docs/hub/repositories-licenses.md`.
"""

from __future__ import annotations

from types import MappingProxyType

CREATORS = ("found", "crowdsourced", "expert-generated", "machine-generated", "other")
ANNOTATIONS_CREATORS = (*CREATORS, "no-annotation")
LANGUAGE_CREATORS = CREATORS
MULTILINGUALITY = ("monolingual", "multilingual", "translation", "other")
SIZE_CATEGORIES = ("unknown", "n<1K", "1K<n<10K", "10K<n<100K", "100K<n<1M", "1M<n<10M",
                   "10M<n<100M", "100M<n<1B", "1B<n<10B", "10B<n<100B", "100B<n<1T", "n>1T")

# Task category -> the task ids (subtasks) the Hub lists under it.
TASKS = MappingProxyType({
    "text-classification": (
        "acceptability-classification", "entity-linking-classification", "fact-checking",
        "intent-classification", "language-identification", "multi-class-classification",
        "multi-label-classification", "multi-input-text-classification",
        "natural-language-inference", "semantic-similarity-classification",
        "sentiment-classification", "topic-classification", "semantic-similarity-scoring",
        "sentiment-scoring", "sentiment-analysis", "hate-speech-detection", "text-scoring"),
    "token-classification": (
        "named-entity-recognition", "part-of-speech", "parsing", "lemmatization",
        "word-sense-disambiguation", "coreference-resolution"),
    "table-question-answering": (),
    "question-answering": ("extractive-qa", "open-domain-qa", "closed-domain-qa"),
    "zero-shot-classification": (),
    "translation": (),
    "summarization": ("news-articles-summarization", "news-articles-headline-generation"),
    "feature-extraction": (),
    "text-generation": ("dialogue-modeling", "dialogue-generation", "conversational",
                        "language-modeling"),
    "text2text-generation": ("text-simplification", "explanation-generation", "abstractive-qa",
                             "open-domain-abstractive-qa", "closed-domain-qa", "open-book-qa",
                             "closed-book-qa"),
    "fill-mask": ("slot-filling", "masked-language-modeling"),
    "sentence-similarity": (),
    "multiple-choice": ("multiple-choice-qa", "multiple-choice-coreference-resolution"),
    "text-ranking": (),
    "text-retrieval": ("document-retrieval", "utterance-retrieval", "entity-linking-retrieval",
                       "fact-checking-retrieval"),
    "table-to-text": (),
    "other": (),
})
TASK_CATEGORIES = tuple(TASKS)
TASK_IDS = tuple(dict.fromkeys(t for ids in TASKS.values() for t in ids))

LICENSES = (
    "apache-2.0", "mit", "openrail", "bigscience-openrail-m", "creativeml-openrail-m",
    "bigscience-bloom-rail-1.0", "bigcode-openrail-m", "afl-3.0", "artistic-2.0", "bsl-1.0",
    "bsd", "bsd-2-clause", "bsd-3-clause", "bsd-3-clause-clear", "c-uda", "cc", "cc0-1.0",
    "cc-by-2.0", "cc-by-2.5", "cc-by-3.0", "cc-by-4.0", "cc-by-sa-3.0", "cc-by-sa-4.0",
    "cc-by-nc-2.0", "cc-by-nc-3.0", "cc-by-nc-4.0", "cc-by-nd-4.0", "cc-by-nc-nd-3.0",
    "cc-by-nc-nd-4.0", "cc-by-nc-sa-2.0", "cc-by-nc-sa-3.0", "cc-by-nc-sa-4.0",
    "cdla-sharing-1.0", "cdla-permissive-1.0", "cdla-permissive-2.0", "wtfpl", "ecl-2.0",
    "epl-1.0", "epl-2.0", "etalab-2.0", "eupl-1.1", "agpl-3.0", "gfdl", "gpl", "gpl-2.0",
    "gpl-3.0", "lgpl", "lgpl-2.1", "lgpl-3.0", "isc", "lppl-1.3c", "ms-pl", "mpl-2.0", "odc-by",
    "odbl", "openrail++", "osl-3.0", "postgresql", "ofl-1.1", "ncsa", "unlicense", "zlib",
    "pddl", "lgpl-lr", "deepfloyd-if-license", "llama2", "gemma", "unknown", "other",
)
# With `license: other` the Hub asks for a name (an id of the form `my-license-1.0`) and a
# link (a file of the repository, such as LICENSE, or a URL).
CUSTOM_LICENSE = "other"
LICENSE_NAME_PATTERN = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"

# Field -> the values allowed in it (each field holds a list of them in the card).
ALLOWED: MappingProxyType[str, tuple[str, ...]] = MappingProxyType({
    "annotations_creators": ANNOTATIONS_CREATORS,
    "language_creators": LANGUAGE_CREATORS,
    "multilinguality": MULTILINGUALITY,
    "size_categories": SIZE_CATEGORIES,
    "task_categories": TASK_CATEGORIES,
    "task_ids": TASK_IDS,
    "license": LICENSES,
})
