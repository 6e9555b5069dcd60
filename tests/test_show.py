"""`skies show`: the article text with its annotations marked inline, one layer or all, plain
when piped; the marks sit exactly around the annotated spans."""

from __future__ import annotations

import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.show import Mark, render


def test_marks_nest_and_close_innermost_first() -> None:
    text = "Iraq rejected strikes."
    shown = render(text, [Mark(0, 22, "stances", "s1 AGAINST T"), Mark(0, 4, "mentions", "iraq"),
                          Mark(5, 13, "events", "e1 REJECT ACTUAL")]).plain
    assert shown == "«[Iraq]{iraq} <rejected>{e1 REJECT ACTUAL} strikes.»{s1 AGAINST T}"


def test_show_marks_every_layer_of_the_article(tiny: Repo) -> None:
    result = skies("show", "tiny-article", root=tiny.root)
    assert result.exit_code == 0
    assert result.stdout.startswith("[Iran]{iran}’s envoy said [Baghdad]{iraq} met Tehran.\n")
    assert ("«[Iraq]{iraq} <rejected>{e1 REJECT ACTUAL} strikes.»"
            "{s1 AGAINST FOREIGN_MILITARY_USE_OF_IRAQI_AIRSPACE}") in result.stdout


@pytest.mark.parametrize(("layer", "shown", "hidden"), [
    ("mentions", "[Iraq]{iraq}", "<rejected>"), ("events", "<rejected>", "[Iran]"),
    ("stances", "«Iraq rejected strikes.»", "[Iraq]")])
def test_one_layer_at_a_time(tiny: Repo, layer: str, shown: str, hidden: str) -> None:
    result = skies("show", "tiny-article", "--layer", layer, root=tiny.root)
    assert shown in result.stdout and hidden not in result.stdout


def test_an_unknown_article_is_bad_usage(tiny: Repo) -> None:
    result = skies("show", "../etc", root=tiny.root)
    assert result.exit_code == 2 and "Traceback" not in result.output
