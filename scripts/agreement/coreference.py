"""Event coreference agreement of two annotation sets: MUC (Vilain et al. 1995), B³ (Bagga and
Baldwin 1998) and pairwise link F1, on the clusters each set's `same_as` links make.

The measures need one set of items: they run over the events both sets annotate, matched as
event agreement matches them (article, trigger offsets, type), each set's clusters cut down to
those events. Set A is the reference (recall is over A's clusters), as elsewhere. When neither
set links any matched event there is nothing to agree on: the result says so (`applicable`
false, every measure None) rather than reporting the perfect score that all-singleton
partitions trivially get under B³.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from itertools import combinations

from ..resolve.coreference import cluster_ids
from ..tables import CheckTables
from .result import ClusterScore, CoreferenceAgreement

EventKey = tuple[str, int, int, str]  # article, trigger start and end, type
Clusters = list[frozenset[Hashable]]


def _keyed_clusters(tables: CheckTables) -> dict[EventKey, str]:
    """Match key of every event -> its cluster id."""
    events = tables["events"]
    keys = events.select("article_id", "trigger_start", "trigger_end", "type").rows()
    return dict(zip(keys, cluster_ids(events)["cluster_id"], strict=True))


def _partition(clusters: dict[EventKey, str], items: set[EventKey]) -> Clusters:
    """The clusters restricted to `items` (every item in exactly one, singletons included)."""
    groups: dict[str, set[EventKey]] = {}
    for item in sorted(items):
        groups.setdefault(clusters[item], set()).add(item)
    return [frozenset(group) for _, group in sorted(groups.items())]


def _ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def _score(precision: float | None, recall: float | None) -> ClusterScore:
    """F1 of the two; where one is undefined the other is 0 (see ClusterScore), so F1 is 0."""
    both = precision is not None and recall is not None and precision + recall > 0
    f1 = 2 * precision * recall / (precision + recall) if both else 0.0  # type: ignore[operator]
    return {"precision": precision, "recall": recall, "f1": f1}


def _muc_recall(key: Clusters, response: Clusters) -> float | None:
    """Σ(|K| − |parts of K in the response|) / Σ(|K| − 1): the share of K's links that the
    response keeps. Both partitions cover the same items, so every item of K is in one part."""
    cluster_of = {item: n for n, cluster in enumerate(response) for item in cluster}
    kept = sum(len(k) - len({cluster_of[item] for item in k}) for k in key)
    return _ratio(kept, sum(len(k) - 1 for k in key))


def muc(a: Clusters, b: Clusters) -> ClusterScore:
    return _score(_muc_recall(b, a), _muc_recall(a, b))


def b_cubed(a: Clusters, b: Clusters) -> ClusterScore:
    """Per item, the share of its B cluster in its A cluster (precision) and of its A cluster
    in its B cluster (recall), averaged over the items."""
    of_a = {item: cluster for cluster in a for item in cluster}
    of_b = {item: cluster for cluster in b for item in cluster}
    items = list(of_a)
    if not items:
        return {"precision": None, "recall": None, "f1": None}
    precision = sum(len(of_a[i] & of_b[i]) / len(of_b[i]) for i in items) / len(items)
    recall = sum(len(of_a[i] & of_b[i]) / len(of_a[i]) for i in items) / len(items)
    return _score(precision, recall)


def pairs(clusters: Iterable[frozenset[Hashable]]) -> set[frozenset[Hashable]]:
    """Every coreferent pair of items."""
    return {frozenset(pair) for cluster in clusters
            for pair in combinations(sorted(cluster), 2)}  # type: ignore[type-var]


def pairwise(a: Clusters, b: Clusters) -> ClusterScore:
    pairs_a, pairs_b = pairs(a), pairs(b)
    common = len(pairs_a & pairs_b)
    return _score(_ratio(common, len(pairs_b)), _ratio(common, len(pairs_a)))


def matched_partitions(a: CheckTables, b: CheckTables) -> tuple[Clusters, Clusters]:
    """Both sets' clusters over the events both annotate."""
    clusters_a, clusters_b = _keyed_clusters(a), _keyed_clusters(b)
    matched = set(clusters_a) & set(clusters_b)
    return _partition(clusters_a, matched), _partition(clusters_b, matched)


NOT_APPLICABLE: ClusterScore = {"precision": None, "recall": None, "f1": None}


def coreference_agreement(a: CheckTables, b: CheckTables) -> CoreferenceAgreement:
    part_a, part_b = matched_partitions(a, b)
    links_a, links_b = len(pairs(part_a)), len(pairs(part_b))
    applicable = bool(links_a or links_b)
    return {
        "applicable": applicable,
        "events": sum(len(c) for c in part_a),
        "links_a": links_a, "links_b": links_b,
        "clusters_a": sum(len(c) > 1 for c in part_a),
        "clusters_b": sum(len(c) > 1 for c in part_b),
        "muc": muc(part_a, part_b) if applicable else NOT_APPLICABLE,
        "b_cubed": b_cubed(part_a, part_b) if applicable else NOT_APPLICABLE,
        "pairwise": pairwise(part_a, part_b) if applicable else NOT_APPLICABLE,
    }


def linked_pairs(tables: CheckTables) -> set[frozenset[EventKey]]:
    """Every coreferent pair of events of one set, by match key (for the disagreements)."""
    clusters = _keyed_clusters(tables)
    return pairs(_partition(clusters, set(clusters)))  # type: ignore[return-value]

