"""The stance baselines, both given the gold (holder, target) items of the test split with
their gold evidence text (as SemEval-2016 gives a tweet and a target), predicting the label:

- majority: the most frequent label of the training split, for every item;
- bag of words: logistic regression (scikit-learn, lbfgs, random_state fixed) on the counts
  of the lowercased words of the evidence plus the target's id as one more word.

The evidence spans were chosen by the annotators with the label in mind: these baselines
measure labelling given the evidence, not finding stances in a text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sovereign_skies.schema.labels import STANCE_LABEL

from .. import lazy
from ..score import Gold, Stance
from .lexicon import majority

RANDOM_STATE = 0


def _inputs(gold: Gold) -> list[str]:
    return [f"{s.target} {gold.evidence.get(s.key, '')}" for s in gold.stances]


def majority_label(train: Gold) -> str:
    return majority([s.label for s in train.stances], STANCE_LABEL.names)


def with_label(label: str, test: Gold) -> list[Stance]:
    return [Stance(s.article_id, s.holder_entity_id, s.target, label) for s in test.stances]


def predict_majority(train: Gold, test: Gold) -> list[Stance]:
    return with_label(majority_label(train), test)


@dataclass(frozen=True)
class BagOfWords:
    """The fitted vectorizer and classifier; `label` alone when training has one class."""

    label: str
    vectorizer: Any = None
    classifier: Any = None

    def predict(self, test: Gold) -> list[Stance]:
        if self.classifier is None:
            return with_label(self.label, test)
        labels = self.classifier.predict(self.vectorizer.transform(_inputs(test))) \
            if test.stances else []
        return [Stance(s.article_id, s.holder_entity_id, s.target, str(label))
                for s, label in zip(test.stances, labels, strict=True)]


def fit_bag_of_words(train: Gold) -> BagOfWords:
    if len({s.label for s in train.stances}) < 2:  # one class: nothing to learn but it
        return BagOfWords(majority_label(train))
    vectorizer_type, classifier_type = lazy.bag_of_words()
    vectorizer = vectorizer_type(lowercase=True)
    classifier = classifier_type(max_iter=1000, random_state=RANDOM_STATE)
    classifier.fit(vectorizer.fit_transform(_inputs(train)), [s.label for s in train.stances])
    return BagOfWords(majority_label(train), vectorizer, classifier)


def predict_bag_of_words(train: Gold, test: Gold) -> list[Stance]:
    return fit_bag_of_words(train).predict(test)
