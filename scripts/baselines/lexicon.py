"""A lexicon learnt from training spans: each form seen -> its most frequent label, found in
new text as whole words, longest form first, left to right, never overlapping."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

import ahocorasick_rs


def majority(labels: Iterable[str], order: Sequence[str]) -> str:
    """The most frequent label; a tie goes to the one first in `order` (the vocabulary's)."""
    counts = Counter(labels)
    return max(counts, key=lambda label: (counts[label], -order.index(label)))


@dataclass(frozen=True)
class Lexicon:
    labels: dict[str, str]  # form (lowercased when ignore_case) -> label
    ignore_case: bool

    @cached_property
    def _matcher(self) -> ahocorasick_rs.AhoCorasick:
        # One automaton for every form, built once per lexicon (a regex alternation of
        # thousands of forms tries each in turn at every position of every text).
        return ahocorasick_rs.AhoCorasick(list(self.labels))

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
        """(start, end, label) of every match in `text`: at each position from the left, the
        longest form that is a whole word there; matches never overlap."""
        if not self.labels:
            return []
        haystack = text.lower() if self.ignore_case else text
        if len(haystack) != len(text):  # a letter whose lower case is longer: offsets differ
            haystack = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        matches = sorted((start, start - end, haystack[start:end]) for _i, start, end in
                         self._matcher.find_matches_as_indexes(haystack, overlapping=True)
                         if _whole_word(text, start, end))
        found, free_from = [], 0
        for start, negative_length, form in matches:
            if start >= free_from:
                found.append((start, start - negative_length, self.labels[form]))
                free_from = start - negative_length
        return found


def _is_word(character: str) -> bool:
    return character.isalnum() or character == "_"  # what the regex \w matches


def _whole_word(text: str, start: int, end: int) -> bool:
    return not (start > 0 and _is_word(text[start - 1])) and not (
        end < len(text) and _is_word(text[end]))
