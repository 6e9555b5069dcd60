"""A lexicon learnt from training spans: each form seen -> its most frequent label, found in
new text as whole words, longest form first, left to right, never overlapping."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property


def majority(labels: Iterable[str], order: Sequence[str]) -> str:
    """The most frequent label; a tie goes to the one first in `order` (the vocabulary's)."""
    counts = Counter(labels)
    return max(counts, key=lambda label: (counts[label], -order.index(label)))


@dataclass(frozen=True)
class Lexicon:
    labels: dict[str, str]  # form (lowercased when ignore_case) -> label
    ignore_case: bool

    @cached_property
    def _pattern(self) -> re.Pattern[str]:
        # Compiled once per lexicon, not per text: the alternation holds every form.
        # Python's alternation takes the first alternative that matches: longest first makes
        # each match the longest form starting there; the lookarounds keep whole words.
        forms = sorted(self.labels, key=lambda form: (-len(form), form))
        return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, forms)) + r")(?!\w)",
                          re.IGNORECASE if self.ignore_case else 0)

    @classmethod
    def learn(cls, pairs: Iterable[tuple[str, str]], order: Sequence[str],
              ignore_case: bool = False) -> Lexicon:
        seen: dict[str, list[str]] = {}
        for form, label in pairs:
            if form.strip():
                seen.setdefault(form.lower() if ignore_case else form, []).append(label)
        return cls({form: majority(labels, order) for form, labels in sorted(seen.items())},
                   ignore_case)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, label) of every match in `text`."""
        if not self.labels:
            return []
        found = []
        for match in self._pattern.finditer(text):
            form = match.group().lower() if self.ignore_case else match.group()
            if (label := self.labels.get(form)) is not None:
                found.append((match.start(), match.end(), label))
        return found
