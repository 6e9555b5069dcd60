"""CONTRIBUTING.md, run as a new contributor would, through the CLI, on a copy of the real
corpus: add a text, suggest and review mentions, add events and a stance with a context
anchor, anchor, check, build, validate; the article then loads with `load_dataset` with the
spans the walkthrough added."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import Repo, skies

from sovereign_skies.scripts.load import load

FIXTURE = Path(__file__).parent / "fixtures" / "walkthrough-article.txt"
ID = "iraq-rejects-airspace-use"

BY_HAND = """\
events:
  - id: e1
    type: REJECT
    trigger: {quote: rejected, context: "Iraq [[rejected]] on Monday"}
    realis: ACTUAL
    source: null
    date: {value: 2025-03-03, precision: DAY, basis: RESOLVED, note: '"on Monday"'}
    arguments:
      - {role: ACTOR, mention: m1}
  - id: e2
    type: REJECT
    trigger: {quote: rejected, context: "also [[rejected]] claims"}  # my note
    realis: ACTUAL
    source: null
    date: {value: null, precision: UNKNOWN, basis: UNKNOWN}
    arguments:
      - {role: ACTOR, mention: m4}
  - id: e3
    type: COMPLAIN_FORMALLY
    trigger: {quote: complain}
    realis: FUTURE
    source: null
    date: {value: null, precision: UNKNOWN, basis: UNKNOWN}
    arguments:
      - {role: ACTOR, mention: m4}
      - {role: RECIPIENT, mention: m5}
stances:
  - id: s1
    holder: iraq
    target: FOREIGN_MILITARY_USE_OF_IRAQI_AIRSPACE
    label: AGAINST
    evidence:
      - quote: rejected on Monday any use of Iraqi airspace for attacks on Iran
"""


def test_the_contributing_walkthrough_end_to_end(seeds: Repo) -> None:
    root = seeds.root
    # 1. add
    assert skies("add", FIXTURE, "--id", ID, "--title", "Iraq rejects use of its airspace",
                 "--story", "iraq-airspace-march-2025", "--split", "train", "--date",
                 "2025-03-03", "--date-note", "Dateline of the page as saved.",
                 root=root).exit_code == 0
    annotation = seeds.layout.annotation_file(ID)
    # 2. suggest, then review
    result = skies("suggest", ID, root=root)
    assert "appended 5 unreviewed mention(s)" in result.stdout, result.stdout
    assert skies("check", ID, "--strict", root=root).exit_code == 1
    text = annotation.read_text(encoding="utf-8").replace(", reviewed: false", "")
    # 3. events and a stance by hand, two triggers anchored by context
    text = text.replace("events: []\nstances: []\n", BY_HAND)
    annotation.write_text(text, encoding="utf-8")
    assert skies("anchor", ID, root=root).exit_code == 0
    written = annotation.read_text(encoding="utf-8")
    assert "context" not in written  # the comment stays on its line, at its column:
    assert re.search(r"trigger: \{quote: rejected, occurrence: 2\} +# my note\n", written)
    # 4. check, build, validate
    result = skies("check", ID, "--strict", root=root)
    assert result.exit_code == 0, result.stdout
    assert skies("build", root=root).exit_code == 0
    result = skies("validate", root=root)
    assert result.exit_code == 0, result.stdout
    # The article loads with its spans.
    article_text = FIXTURE.read_text(encoding="utf-8")
    mentions = [r for r in load("mentions", "train", root=root) if r["article_id"] == ID]
    assert [(r["start"], r["end"], r["text"]) for r in mentions] == [
        (s, s + len(q), q) for s, q in ((0, "Iraq"), (35, "Iraqi"), (65, "Iran"),
                                        (89, "Iraq"), (170, "United Nations"))]
    assert all(article_text[r["start"]:r["end"]] == r["text"] for r in mentions)
    events = [r for r in load("events", "train", root=root) if r["article_id"] == ID]
    starts = [r["trigger_start"] for r in events]
    assert starts == [article_text.index("rejected"), article_text.index("rejected", 10),
                      article_text.index("complain")]
