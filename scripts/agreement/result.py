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


class ClusterScore(TypedDict):
    """A coreference measure; None where it is not defined (a pass with no links has no
    recall to measure, and its precision on the other's links is 0)."""

    precision: float | None
    recall: float | None
    f1: float | None


class CoreferenceAgreement(TypedDict):
    """Event coreference over the events both sets annotate (matched as the events are).
    `applicable` is false when neither set links any of them: every measure is then None,
    not a perfect score for agreeing on nothing."""

    applicable: bool
    events: int  # matched events the measures are over
    links_a: int  # coreferent pairs of matched events, in each set
    links_b: int
    clusters_a: int  # clusters of two or more matched events, in each set
    clusters_b: int
    muc: ClusterScore
    b_cubed: ClusterScore
    pairwise: ClusterScore


class EventAgreement(TypedDict):
    trigger_type: PRF
    trigger_type_arguments: PRF
    argument_tuples: PRF
    per_type: dict[str, PRF]
    realis: LabelAgreement
    source: Observed
    date: Observed
    coreference: CoreferenceAgreement


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
