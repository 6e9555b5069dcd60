"""The NER baseline: every entity mention form of the training split, with its most frequent
type, found in the test texts (case as written, whole words, longest first). It sees the
training mentions only: not the registry, whose aliases include forms of test articles."""

from __future__ import annotations

from sovereign_skies.schema.labels import ENTITY_TYPE

from ..score import Gold, Mention
from .lexicon import Lexicon


def learn(train: Gold) -> Lexicon:
    return Lexicon.learn(((train.texts[m.article_id][m.start:m.end], m.type)
                          for m in train.mentions), ENTITY_TYPE.names)


def predict(lexicon: Lexicon, texts: dict[str, str]) -> list[Mention]:
    return [Mention(article_id, start, end, label) for article_id in sorted(texts)
            for start, end, label in lexicon.find(texts[article_id])]
