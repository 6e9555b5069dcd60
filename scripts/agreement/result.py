"""The agreement result: one typed definition of the figures that `skies agreement` prints,
the card template shows and `dataset/agreement.json` stores."""

from __future__ import annotations

from typing import TypedDict


class PRF(TypedDict):
    precision: float
    recall: float
    f1: float
    tp: int
    n_a: int
    n_b: int


class Overlap(TypedDict):
    f1: float
    tp: int


class LinkAccuracy(TypedDict):
    n: int
    accuracy: float | None


class LabelAgreement(TypedDict):
    n: int
    observed: float | None
    cohen_kappa: float | None
    krippendorff_alpha: float | None


class Observed(TypedDict):
    n: int
    observed: float | None


class PerLabel(TypedDict):
    n_a: int
    n_b: int
    agreed: int


class MentionAgreement(TypedDict):
    exact: PRF
    overlap: Overlap
    typed_exact: PRF
    per_type: dict[str, PRF]
    entity_link_accuracy: LinkAccuracy


class EventAgreement(TypedDict):
    trigger_type: PRF
    trigger_type_arguments: PRF
    argument_tuples: PRF
    per_type: dict[str, PRF]
    realis: LabelAgreement
    source: Observed
    date: Observed


class StanceAgreement(TypedDict):
    holder_target: PRF
    label: LabelAgreement
    per_label: dict[str, PerLabel]


class Agreement(TypedDict):
    articles: list[str]
    only_in_a: list[str]
    only_in_b: list[str]
    mentions: MentionAgreement
    events: EventAgreement
    stances: StanceAgreement
