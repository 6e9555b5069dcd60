"""Link plausibility: a NAME mention that is none of its entity's names (R106), and a mention
whose form fixes its entity's type linked to an entity of another type (R107, guide rule
M12, word lists in schema/forms.py). Together they keep two swapped entity ids from passing
silently."""

from __future__ import annotations

import itertools
import json

import polars as pl
import pytest
from conftest import Repo, skies

from sovereign_skies.schema.forms import FORM_RULES, FormRule
from sovereign_skies.schema.labels import ENTITY_TYPE
from sovereign_skies.scripts.checks import Locator
from sovereign_skies.scripts.checks.forms import form_checks
from sovereign_skies.scripts.checks.references import link_checks
from sovereign_skies.scripts.checks.run import check_sources
from sovereign_skies.scripts.faults import UNLIMITED, Report
from sovereign_skies.scripts.tables import CheckTables


def _typed_registry(tables: CheckTables) -> None:
    """One more entity of every type, `x-per`, `x-org`, …, in the tiny registry."""
    first = tables["entities"].head(1)
    tables.frames["entities"] = pl.concat([tables["entities"], *(
        first.with_columns(entity_id=pl.lit(f"x-{name.lower()}"), name=pl.lit(name),
                           type=pl.lit(name), aliases=pl.lit([], pl.List(pl.String)))
        for name in ENTITY_TYPE.names)])


def _tiny_tables(repo: Repo) -> CheckTables:
    tables, report = check_sources(repo.layout, Report(ignore=("D105",)), use_cache=False)
    assert report.faults == []
    _typed_registry(tables)
    return tables


def _form_faults(repo: Repo, tables: CheckTables, kind: str, text: str, entity: str) -> list:
    """R107 faults once mention m2 is `text`, of `kind`, linked to `entity`."""
    tables.frames["mentions"] = tables["mentions"].with_columns(**{
        column: pl.when(pl.col("mention_id") == "m2").then(pl.lit(value)).otherwise(column)
        for column, value in (("kind", kind), ("text", text), ("entity_id", entity))})
    report = Report()
    form_checks(tables, Locator(repo.layout, sources=tables), report)
    return report.faults


def _written(rule: FormRule) -> str:
    """A mention of the rule's first word as an article might write it."""
    word = rule.words[0]
    return f"Iraqi {word.capitalize()}" if rule.part == "head" else word.capitalize()


@pytest.mark.parametrize("rule", FORM_RULES, ids=lambda r: f"{r.kind}-{r.words[0]}")
def test_each_form_rule_flags_a_type_that_does_not_fit_at_the_mention(tiny: Repo,
                                                                       rule: FormRule) -> None:
    wrong = next(t for t in ENTITY_TYPE.names if t not in rule.types)
    (fault,) = _form_faults(tiny, _tiny_tables(tiny), rule.kind, _written(rule),
                            f"x-{wrong.lower()}")
    assert fault.code == "R107" and rule.form in fault.message and wrong in fault.message
    assert fault.line == tiny.line_of(tiny.annotation, "{id: m2,")


@pytest.mark.parametrize("rule", FORM_RULES, ids=lambda r: f"{r.kind}-{r.words[0]}")
def test_each_form_rule_passes_a_type_that_fits(tiny: Repo, rule: FormRule) -> None:
    right = f"x-{rule.types[0].lower()}"
    assert _form_faults(tiny, _tiny_tables(tiny), rule.kind, _written(rule), right) == []


@pytest.mark.parametrize(("kind", "text"), [
    ("NOMINAL", "Israeli regime"),  # a GPE (israel) or an ORG (assad-government)
    ("NOMINAL", "government source"),  # E9: a person or an organisation
    ("PRONOUN", "they"),
    ("NAME", "Iraqis"),  # a people, not the adjective
    ("NOMINAL", "Iraqi"),  # the adjective rule is for NAME mentions (M2)
])
def test_forms_no_rule_fixes_fit_any_type(tiny: Repo, kind: str, text: str) -> None:
    tables = _tiny_tables(tiny)
    for name in ENTITY_TYPE.names:
        assert _form_faults(tiny, tables, kind, text, f"x-{name.lower()}") == []


def _swap(repo: Repo, path: str, a: str, b: str) -> None:
    """Swap the entity ids of mentions `a` and `b` (their `{id: …, entity: …` lines)."""
    file = repo.root / path
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    at = {m: next(i for i, line in enumerate(lines) if line.startswith(f"  - {{id: {m}, "))
          for m in (a, b)}
    entity = {m: lines[at[m]].split("entity: ")[1].split(",")[0] for m in (a, b)}
    for m, other in ((a, b), (b, a)):
        lines[at[m]] = lines[at[m]].replace(f"entity: {entity[m]},", f"entity: {entity[other]},")
    file.write_text("".join(lines), encoding="utf-8")


ARTICLE = "iraqi-militias-iran-israel-conflict"
FILE = f"dataset/annotations/{ARTICLE}.yaml"


@pytest.mark.parametrize(("a", "b", "codes"), [
    ("m4", "m2", {"m4": {"R106"}, "m2": {"R106"}}),  # Iran and Iraqi, both GPE
    ("m60", "m158", {"m60": {"R107"}, "m158": {"R107"}}),  # the council and the country
    ("m1", "m2", {"m1": {"R107"}, "m2": {"R106", "R107"}}),  # Iraqi militias and Iraqi
])
def test_two_entity_ids_swapped_in_a_file_are_flagged_at_both_lines(
        seeds: Repo, a: str, b: str, codes: dict[str, set[str]]) -> None:
    _swap(seeds, FILE, a, b)
    result = skies("check", ARTICLE, "--format", "json", root=seeds.root)
    faults = json.loads(result.stdout)["faults"]
    path = seeds.root / FILE
    for mention, expected in codes.items():
        line = seeds.line_of(path, f"{{id: {mention}, ")
        assert {f["code"] for f in faults if f["line"] == line} == expected, faults
    assert len(faults) == sum(len(c) for c in codes.values())


def _relinked_flags(tables: CheckTables) -> set[str]:
    """Every NAME mention relinked, one row each, to every other entity NAME-mentioned in
    its article (`m3>iran`): the relinks R106 or R107 flag."""
    named = tables["mentions"].filter(pl.col("kind") == "NAME")
    others = named.select("article_id", other=pl.col("entity_id")).unique()
    relinked = (named.join(others, on="article_id").filter(pl.col("other") != pl.col("entity_id"))
                .with_columns(mention_id=pl.col("mention_id") + ">" + pl.col("other"),
                              entity_id=pl.col("other")).drop("other"))
    scratch = CheckTables({"mentions": relinked, "entities": tables["entities"]})
    report = Report(limit_per_code=UNLIMITED)
    for check in (link_checks, form_checks):
        check(scratch, Locator(None), report)  # located by key: article/mention
    return {f.in_table.row.split("/", 1)[1] for f in report.faults}


def test_no_swap_of_two_name_mentions_of_the_real_corpus_passes_silently(seeds: Repo) -> None:
    tables, _ = check_sources(seeds.layout, Report(ignore=("D105",)), use_cache=False)
    flagged = _relinked_flags(tables)
    named = tables["mentions"].filter(pl.col("kind") == "NAME")
    silent = set()
    for (_article,), rows in named.group_by(["article_id"]):
        for x, y in itertools.combinations(rows.iter_rows(named=True), 2):
            if x["entity_id"] != y["entity_id"] and not (
                    {f"{x['mention_id']}>{y['entity_id']}",
                     f"{y['mention_id']}>{x['entity_id']}"} & flagged):
                silent.add(frozenset({(x["text"], x["entity_id"]), (y["text"], y["entity_id"])}))
    # Only the same word for two entities can swap unseen: Baghdad the state (M3), the city.
    assert silent == {frozenset({("Baghdad", "iraq"), ("Baghdad", "baghdad")})}
