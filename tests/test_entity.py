"""`skies entity add / show / alias / merge`: the registry edited with its comments and layout
kept; every bad input refused with a message naming the file, line or item, exit 2, and
nothing written; a merge rewrites every reference kind in every annotation file and leaves a
corpus that still validates."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl
import pytest
from conftest import Repo, skies

from sovereign_skies.scripts.cli import app
from sovereign_skies.scripts.edit import entity_merge, entity_refs
from sovereign_skies.scripts.read.names import normalized_name, normalized_names

REGISTRY = """\
# The registry, with a contributor's comments.
entities:
  - {id: un, name: United Nations, type: ORG, sector: IGO, wikidata: Q1065}
  - id: iran
    name: Iran
    type: GPE
    wikidata: Q794
  # Iraq, entered twice by two contributors.
  - id: iraq
    name: Iraq
    type: GPE
    aliases: [Baghdad]  # the capital stands for the state (M3)
    wikidata: Q796
  # Keep the states together.
  - id: iraqi-state
    name: Iraqi state
    type: GPE
    wikidata: null
    note: The state of Iraq.
  # End of the registry.
"""

ENTITIES = "dataset/entities.yaml"
ANNOTATION = "dataset/annotations/tiny-article.yaml"


@pytest.fixture
def repo(tiny: Repo) -> Repo:
    """`tiny` with a block-style registry full of comments, and every reference kind to
    `iraq` in its annotation file (mentions, the event's source, the stance's holder)."""
    tiny.layout.entities.write_text(REGISTRY, encoding="utf-8")
    tiny.edit(tiny.annotation, "source: null", "source: iraq  # Iraq says it rejected them")
    tiny.edit(tiny.annotation, "mentions:\n", "mentions:\n  # Reviewed by a contributor.\n")
    return tiny


def _files(repo: Repo) -> dict[Path, bytes]:
    return {path: path.read_bytes() for path in sorted(repo.root.rglob("*")) if path.is_file()}


def _refused(repo: Repo, *args: str) -> str:
    """Run a command that must refuse: exit 2, no traceback, nothing written. Its stderr."""
    before = _files(repo)
    result = skies(*args, root=repo.root)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and "X100" not in result.output
    assert _files(repo) == before
    return result.stderr


# --- the normalization R106 and the registry share ----------------------------------------

@pytest.mark.parametrize(("form", "expected"), [
    ("Iran", "iran"), ("The Islamic Republic", "islamic republic"), ("Iran’s", "iran"),
    ("Iran's", "iran"), ("al-Araji", "araji"), ("El-Baradei", "baradei"),
    ("  Baghdad ", "baghdad"), ("Alabama", "alabama"),
])
def test_names_are_compared_as_the_guide_compares_them(form: str, expected: str) -> None:
    assert normalized_name(form) == expected
    frame = pl.DataFrame({"form": [form]}).select(normalized_names(pl.col("form")))
    assert frame["form"].to_list() == [expected]


# --- add ----------------------------------------------------------------------------------

def test_add_appends_an_entry_like_the_others_keeping_comments(repo: Repo) -> None:
    result = skies("entity", "add", "kataib-hezbollah", "--name", "Kataib Hezbollah",
                   "--type", "ORG", "--sector", "MILITIA", "--alias", "KH", "--alias",
                   "Kata'ib Hezbollah", "--wikidata", "Q1138616", "--note",
                   "Armed faction: Iran-backed.", root=repo.root)
    assert result.exit_code == 0, result.output
    assert f"added entity kataib-hezbollah in {ENTITIES}" in result.stdout
    new_entry = ("  - id: kataib-hezbollah\n"
                 "    name: Kataib Hezbollah\n"
                 "    type: ORG\n"
                 "    sector: MILITIA\n"
                 "    aliases: [KH, Kata'ib Hezbollah]\n"
                 "    wikidata: Q1138616\n"
                 "    note: 'Armed faction: Iran-backed.'\n")
    # A comment after the last entry stays where it is, after that entry.
    assert repo.layout.entities.read_text("utf-8") == REGISTRY + new_entry


def test_add_writes_an_unknown_qid_as_null_and_follows_a_flow_style_registry(tiny: Repo
                                                                             ) -> None:
    result = skies("entity", "add", "basra", "--name", "Basra", "--type", "GPE",
                   root=tiny.root)
    assert result.exit_code == 0, result.output
    written = tiny.layout.entities.read_text("utf-8")
    assert written.endswith("  - {id: basra, name: Basra, type: GPE, wikidata: null}\n")
    assert skies("validate", "--sources-only", "--ignore", "D105",
                 root=tiny.root).exit_code == 0  # unused (R105) is a warning only


@pytest.mark.parametrize(("args", "says"), [
    (["../x"], "'../x' is not a safe entity id"),
    (["a/b"], "'a/b' is not a safe entity id"),
    (["new one"], "'new one' is not a safe entity id"),
    (["Basra"], "'Basra' is not a safe entity id"),
    (["basra", "--wikidata", "Q0"], "--wikidata 'Q0' is not a Wikidata QID"),
    (["basra", "--wikidata", "796"], "--wikidata '796' is not a Wikidata QID"),
    (["basra", "--wikidata", "Q796"], "--wikidata Q796 is already entity 'iraq''s"),
    (["basra", "--type", "CITY"], "--type 'CITY' is not a label of entity_type: one of PER, "),
    (["basra", "--type", "ORG", "--sector", "NGO"], "--sector 'NGO' is not a label of "
     "org_sector"),
    (["basra", "--sector", "GOVERNMENT"], "--sector is for ORG entities only, not GPE"),
    (["basra", "--alias", "baghdad"], "alias 'baghdad' is already claimed by entity 'iraq' "
     "(its alias 'Baghdad', dataset/entities.yaml:12)"),
    (["basra", "--alias", "The Iraq"], "alias 'The Iraq' is already claimed by entity "
     "'iraq' (its name 'Iraq', dataset/entities.yaml:10)"),
    (["basra", "--alias", " Basra"], "alias ' Basra'"),
    (["basra", "--name", ""], "--name ''"),
])
def test_add_refuses_bad_input_and_writes_nothing(repo: Repo, args: list[str],
                                                  says: str) -> None:
    options = {"--name": "Basra", "--type": "GPE"}
    for option, value in zip(args[1::2], args[2::2], strict=True):
        options[option] = value
    extra = [part for pair in options.items() for part in pair]
    assert says in _refused(repo, "entity", "add", args[0], *extra)


def test_add_refuses_an_id_that_exists_naming_its_line(repo: Repo) -> None:
    line = repo.line_of(repo.layout.entities, "- id: iraq")
    stderr = _refused(repo, "entity", "add", "iraq", "--name", "Iraq", "--type", "GPE")
    assert f"entity 'iraq' already exists ({ENTITIES}:{line})" in stderr


def test_a_shared_alias_is_accepted_when_asked_for_and_noted(repo: Repo) -> None:
    result = skies("entity", "add", "baghdad", "--name", "Baghdad", "--type", "GPE",
                   "--alias", "Baghdad city", "--shared", root=repo.root)
    assert result.exit_code == 0, result.output
    assert "its name 'Baghdad' is also entity 'iraq''s alias" in result.stderr
    assert "- id: baghdad\n    name: Baghdad\n" in repo.layout.entities.read_text("utf-8")


# --- a malformed registry, for every command ----------------------------------------------

COMMANDS = [["entity", "add", "basra", "--name", "Basra", "--type", "GPE"],
            ["entity", "show", "iraq"], ["entity", "alias", "iraq", "Mesopotamia"],
            ["entity", "alias", "--conflicts"], ["entity", "merge", "iraq", "iraqi-state"]]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a[:3]))
@pytest.mark.parametrize(("old", "new", "says"), [
    ("    name: Iraq\n", "    name: Iraq: the state\n", "mapping values are not allowed"),
    ("    name: Iraq\n", "    nmae: Iraq\n", "Extra inputs are not permitted"),
])
def test_a_malformed_registry_is_named_at_its_line(repo: Repo, args: list[str], old: str,
                                                   new: str, says: str) -> None:
    repo.edit(repo.layout.entities, old, new)
    line = repo.line_of(repo.layout.entities, new.strip())
    stderr = _refused(repo, *args)
    assert f"{ENTITIES}:{line}:" in stderr and says in stderr


# --- alias --------------------------------------------------------------------------------

def test_alias_extends_the_list_keeping_its_comment(repo: Repo) -> None:
    result = skies("entity", "alias", "iraq", "Mesopotamia", "Iraqi", root=repo.root)
    assert result.exit_code == 0, result.output
    assert f"added 'Mesopotamia', 'Iraqi' to iraq in {ENTITIES}" in result.stdout
    assert repo.layout.entities.read_text("utf-8") == REGISTRY.replace(
        "aliases: [Baghdad]  #", "aliases: [Baghdad, Mesopotamia, Iraqi]  #")


def test_alias_creates_the_list_in_the_field_order(repo: Repo) -> None:
    assert skies("entity", "alias", "iran", "Islamic Republic",
                 root=repo.root).exit_code == 0
    assert repo.layout.entities.read_text("utf-8") == REGISTRY.replace(
        "    type: GPE\n    wikidata: Q794\n",
        "    type: GPE\n    aliases: [Islamic Republic]\n    wikidata: Q794\n")
    repo.edit(repo.layout.entities, "wikidata: Q1065}", "wikidata: Q1065}  # the IGO")
    assert skies("entity", "alias", "un", "UN", root=repo.root).exit_code == 0
    assert ("  - {id: un, name: United Nations, type: ORG, sector: IGO, aliases: [UN], "
            "wikidata: Q1065}  # the IGO\n") in repo.layout.entities.read_text("utf-8")


def test_an_alias_the_entity_has_is_noted_and_nothing_written(repo: Repo) -> None:
    before = _files(repo)
    result = skies("entity", "alias", "iraq", "Baghdad", "Iraq", root=repo.root)
    assert result.exit_code == 0
    assert "'Baghdad' is already a name or alias of 'iraq'" in result.stderr
    assert _files(repo) == before


@pytest.mark.parametrize(("args", "says"), [
    (["iran", "Baghdad"], "alias 'Baghdad' is already claimed by entity 'iraq' (its alias "
     "'Baghdad', dataset/entities.yaml:12); pass --shared"),
    (["iran", "Iraq’s"], "alias 'Iraq’s' is already claimed by entity 'iraq' (its name "
     "'Iraq', dataset/entities.yaml:10)"),
    (["tehran", "Tehran"], "no entity 'tehran' in dataset/entities.yaml"),
    (["irak", "Irak"], "no entity 'irak' in dataset/entities.yaml (did you mean iraq"),
    (["../iran", "Persia"], "'../iran' is not a safe entity id"),
    (["iran", ""], "alias ''"),
    (["iran"], "give an entity id and one or more aliases, or --conflicts"),
    (["iran", "Persia", "--conflicts"], "--conflicts lists the registry's shared forms and "
     "adds none"),
])
def test_alias_refuses_bad_input_and_writes_nothing(repo: Repo, args: list[str],
                                                    says: str) -> None:
    assert says in _refused(repo, "entity", "alias", *args)


def test_a_shared_alias_is_written_with_shared(repo: Repo) -> None:
    result = skies("entity", "alias", "iran", "Baghdad", "--shared", root=repo.root)
    assert result.exit_code == 0, result.output
    assert "alias 'Baghdad' is shared with entity 'iraq'" in result.stderr
    assert "    aliases: [Baghdad]\n    wikidata: Q794\n" in repo.layout.entities.read_text(
        "utf-8")


def test_conflicts_lists_every_form_two_entities_claim_and_writes_nothing(repo: Repo) -> None:
    repo.edit(repo.layout.entities, "    note: The state of Iraq.\n",
              "    aliases: [Baghdad, Iran]\n    note: The state of Iraq.\n")
    before = _files(repo)
    result = skies("entity", "alias", "--conflicts", root=repo.root)
    assert result.exit_code == 0, result.output
    lines = repo.layout.entities.read_text("utf-8").splitlines()
    baghdad = [n for n, line in enumerate(lines, 1) if "Baghdad" in line]
    assert result.stdout.splitlines() == [
        f"'Iran': iran (name 'Iran', {ENTITIES}:5), iraqi-state (alias 'Iran', "
        f"{ENTITIES}:{baghdad[1]})",
        f"'Baghdad': iraq (alias 'Baghdad', {ENTITIES}:{baghdad[0]}), iraqi-state (alias "
        f"'Baghdad', {ENTITIES}:{baghdad[1]})",
        "2 form(s) claimed by more than one entity"]
    only_iraq = skies("entity", "alias", "iraq", "--conflicts", root=repo.root)
    assert only_iraq.stdout.startswith("'Baghdad': iraq") and "'Iran'" not in only_iraq.stdout
    assert _files(repo) == before


# --- show ---------------------------------------------------------------------------------

def test_show_lists_the_record_and_every_reference(repo: Repo) -> None:
    result = skies("entity", "show", "iraq", root=repo.root)
    assert result.exit_code == 0, result.output
    line = lambda needle: repo.line_of(repo.annotation, needle)  # noqa: E731
    assert result.stdout.splitlines() == [
        f"iraq: Iraq (GPE) at {ENTITIES}:9",
        "  aliases: Baghdad",
        "  wikidata: Q796",
        "4 reference(s):",
        f"  {ANNOTATION}:{line('quote: Baghdad')}: mention m2 'Baghdad'",
        f"  {ANNOTATION}:{line('id: m3')}: mention m3 'Iraq'",
        f"  {ANNOTATION}:{line('source: iraq')}: event source e1 REJECT 'rejected'",
        f"  {ANNOTATION}:{line('holder: iraq')}: stance holder s1 AGAINST "
        "FOREIGN_MILITARY_USE_OF_IRAQI_AIRSPACE"]


def test_show_says_when_nothing_refers_to_an_entity(repo: Repo) -> None:
    result = skies("entity", "show", "un", root=repo.root)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == f"un: United Nations (ORG, IGO) at {ENTITIES}:3"
    assert "0 reference(s) (R105" in result.stdout


def test_show_names_the_forms_an_entity_shares(repo: Repo) -> None:
    repo.edit(repo.layout.entities, "    wikidata: Q794\n",
              "    aliases: [Baghdad]\n    wikidata: Q794\n")
    result = skies("entity", "show", "iran", root=repo.root)
    assert "  shares 'Baghdad' with iraq (alias 'Baghdad', line 13)" in result.stdout


def test_show_lists_what_it_can_and_names_an_unreadable_file(repo: Repo) -> None:
    broken = repo.layout.annotations / "broken.yaml"
    broken.write_text("article_id: broken\nmentions:\n  - {id: m1, entity: iraq\n", "utf-8")
    result = skies("entity", "show", "iraq", root=repo.root)
    assert result.exit_code == 2
    assert "4 reference(s):" in result.stdout
    assert re.search(r"dataset/annotations/broken\.yaml:\d+:\d+: ", result.stderr)


@pytest.mark.parametrize(("entity", "says"), [
    ("irak", "no entity 'irak' in dataset/entities.yaml (did you mean iraq"),
    ("iraq state", "'iraq state' is not a safe entity id")])
def test_show_refuses_an_unknown_or_unsafe_entity(repo: Repo, entity: str, says: str) -> None:
    assert says in _refused(repo, "entity", "show", entity)


# --- merge --------------------------------------------------------------------------------

def test_merge_rewrites_every_reference_kind_and_keeps_comments(repo: Repo) -> None:
    assert skies("validate", "--sources-only", "--ignore", "D105",
                 root=repo.root).exit_code == 0
    before = repo.annotation.read_text("utf-8").splitlines()
    result = skies("entity", "merge", "iraq", "iraqi-state", root=repo.root)
    assert result.exit_code == 0, result.output
    assert "rewrote 4 reference(s) in 1 file(s)" in result.stdout
    after = repo.annotation.read_text("utf-8").splitlines()
    expected = {
        "  - {id: m2, entity: iraq, quote: Baghdad}":
            "  - {id: m2, entity: iraqi-state, quote: Baghdad}",
        "  - {id: m3, entity: iraq, quote: Iraq, occurrence: 1}":
            "  - {id: m3, entity: iraqi-state, quote: Iraq, occurrence: 1}",
        "    source: iraq  # Iraq says it rejected them":
            "    source: iraqi-state  # Iraq says it rejected them",
        "    holder: iraq": "    holder: iraqi-state"}
    assert after == [expected.get(line, line) for line in before]
    assert set(expected) <= set(before)
    registry = repo.layout.entities.read_text("utf-8")
    assert registry == REGISTRY.replace(
        "  - id: iraq\n    name: Iraq\n    type: GPE\n    aliases: [Baghdad]  # the capital "
        "stands for the state (M3)\n    wikidata: Q796\n", "").replace(
        "    type: GPE\n    wikidata: null\n    note: The state of Iraq.\n",
        "    type: GPE\n    aliases: [Iraq, Baghdad]\n    wikidata: Q796\n"
        "    note: The state of Iraq.\n")
    assert skies("validate", "--sources-only", "--ignore", "D105",
                 root=repo.root).exit_code == 0
    assert repo.validate().errors == []


def test_merge_keeps_a_quoted_reference_quoted(repo: Repo) -> None:
    repo.edit(repo.annotation, "    holder: iraq\n", "    holder: 'iraq'\n")
    assert skies("entity", "merge", "iraq", "iraqi-state", root=repo.root).exit_code == 0
    assert "    holder: 'iraqi-state'\n" in repo.annotation.read_text("utf-8")


def test_dry_run_prints_the_diff_and_writes_nothing(repo: Repo) -> None:
    before = _files(repo)
    result = skies("entity", "merge", "iraq", "iraqi-state", "--dry-run", root=repo.root)
    assert result.exit_code == 0, result.output
    assert _files(repo) == before
    lines = result.stdout.splitlines()
    for line in (f"--- a/{ANNOTATION}", f"+++ b/{ANNOTATION}",
                 "-  - {id: m2, entity: iraq, quote: Baghdad}",
                 "+  - {id: m2, entity: iraqi-state, quote: Baghdad}",
                 "-    holder: iraq", "+    holder: iraqi-state",
                 "-    source: iraq  # Iraq says it rejected them",
                 "+    source: iraqi-state  # Iraq says it rejected them",
                 f"--- a/{ENTITIES}", "-  - id: iraq", "+    aliases: [Iraq, Baghdad]",
                 "nothing written (--dry-run)"):
        assert line in lines, line
    assert "-  # Keep the states together." not in lines


@pytest.mark.parametrize(("args", "says"), [
    (["iraq", "iraq-state"], "no entity 'iraq-state' in dataset/entities.yaml (did you mean "
     "iraqi-state"),
    (["persia", "iran"], "no entity 'persia' in dataset/entities.yaml"),
    (["iraq", "../iran"], "'../iran' is not a safe entity id"),
    (["iraq state", "iran"], "'iraq state' is not a safe entity id"),
    (["iraq", "iraq"], "cannot merge 'iraq' into itself"),
    (["iraq", "un"], "'iraq' and 'un' differ (type GPE vs ORG; wikidata Q796 vs Q1065); "
     "pass --force"),
    (["iraq", "iran"], "'iraq' and 'iran' differ (wikidata Q796 vs Q794); pass --force"),
])
def test_merge_refuses_bad_input_and_writes_nothing(repo: Repo, args: list[str],
                                                    says: str) -> None:
    assert says in _refused(repo, "entity", "merge", *args)


def test_merge_refuses_while_an_annotation_file_does_not_parse(repo: Repo) -> None:
    repo.edit(repo.annotation, "    holder: iraq\n", "    holder: [iraq\n")
    stderr = _refused(repo, "entity", "merge", "iraq", "iraqi-state")
    assert re.search(rf"{ANNOTATION}:\d+:\d+: ", stderr) and "nothing changed" in stderr


def test_merge_with_force_keeps_the_target_s_type_sector_and_qid(repo: Repo) -> None:
    result = skies("entity", "merge", "un", "iran", "--force", root=repo.root)
    assert result.exit_code == 0, result.output
    assert "kept 'iran''s type GPE ('un' had ORG)" in result.stderr
    assert "kept 'iran''s wikidata Q794 ('un' had Q1065)" in result.stderr
    assert "rewrote 0 reference(s) in 0 file(s)" in result.stdout
    assert repo.layout.entities.read_text("utf-8") == REGISTRY.replace(
        "  - {id: un, name: United Nations, type: ORG, sector: IGO, wikidata: Q1065}\n", ""
    ).replace("    type: GPE\n    wikidata: Q794\n",
              "    type: GPE\n    aliases: [United Nations]\n    wikidata: Q794\n")


def test_merge_gives_the_target_a_qid_or_sector_only_the_source_has(repo: Repo) -> None:
    repo.edit(repo.layout.entities, "  - id: iran\n", "  - {id: unsc, name: UN Security "
              "Council, type: ORG, wikidata: null}\n  - id: iran\n")
    assert skies("entity", "merge", "un", "unsc", root=repo.root).exit_code == 0
    assert ("  - {id: unsc, name: UN Security Council, type: ORG, sector: IGO, aliases: "
            "[United Nations], wikidata: Q1065}\n") in repo.layout.entities.read_text("utf-8")


def test_merge_never_overwrites_a_file_edited_meanwhile(repo: Repo,
                                                        monkeypatch: pytest.MonkeyPatch
                                                        ) -> None:
    compute = entity_merge._registry_after

    def edit_then_compute(*args):  # a contributor saves while the merge is computed
        repo.annotation.write_text(repo.annotation.read_text("utf-8") + "# mine\n", "utf-8")
        return compute(*args)

    monkeypatch.setattr(entity_merge, "_registry_after", edit_then_compute)
    registry = repo.layout.entities.read_bytes()
    result = skies("entity", "merge", "iraq", "iraqi-state", root=repo.root)
    assert result.exit_code == 2
    assert f"{ANNOTATION} changed meanwhile; nothing written" in result.stderr
    assert repo.annotation.read_text("utf-8").endswith("    holder: iraq\n"
                                                       "    target: FOREIGN_MILITARY_USE_OF_"
                                                       "IRAQI_AIRSPACE\n    label: AGAINST\n"
                                                       "    evidence:\n      - quote: Iraq "
                                                       "rejected strikes.\n# mine\n")
    assert repo.layout.entities.read_bytes() == registry


# --- the command line ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["add", "show", "alias", "merge"])
def test_every_entity_command_explains_itself_with_an_example(name: str) -> None:
    result = skies("entity", name, "--help")
    assert result.exit_code == 0
    assert "Example: skies entity " + name in result.stdout


def test_an_internal_error_is_a_report_not_a_traceback(repo: Repo,
                                                       monkeypatch: pytest.MonkeyPatch
                                                       ) -> None:
    def broken(*_args):
        raise RuntimeError("boom")

    monkeypatch.setattr(entity_refs, "usage", broken)
    result = skies("entity", "show", "iraq", root=repo.root)
    assert result.exit_code == 2
    assert "X100" in result.stderr and "skies entity show failed: RuntimeError: boom" in \
        result.stderr and "Traceback" not in result.output


def test_entity_is_a_command_group_of_skies() -> None:
    assert "entity" in [group.name for group in app.registered_groups]
    result = skies("--help")
    assert result.exit_code == 0 and "entity" in result.stdout


def test_add_takes_a_country_that_is_a_state(tiny: Repo) -> None:
    tiny.edit(tiny.layout.entities, "{id: iraq,", "{id: iraq, country: iraq,")
    result = skies("entity", "add", "basra", "--name", "Basra", "--type", "GPE",
                   "--country", "iraq", root=tiny.root)
    assert result.exit_code == 0, result.output
    assert tiny.layout.entities.read_text("utf-8").endswith(
        "  - {id: basra, name: Basra, type: GPE, wikidata: null, country: iraq}\n")
    assert skies("validate", "--sources-only", "--ignore", "D105,R105",
                 root=tiny.root).exit_code == 0


@pytest.mark.parametrize("country", ["iran", "syria", "basra"])
def test_add_refuses_a_country_that_is_no_state(tiny: Repo, country: str) -> None:
    # iran has no `country` of its own here, syria does not exist, and an ORG never names
    # itself.
    before = tiny.layout.entities.read_bytes()
    args = (["--type", "ORG", "--sector", "GOVERNMENT"] if country == "basra"
            else ["--type", "GPE"])
    result = skies("entity", "add", "basra", "--name", "Basra", *args, "--country", country,
                   root=tiny.root)
    assert result.exit_code == 2
    assert f"--country {country}" in result.output.replace("'", "")
    assert tiny.layout.entities.read_bytes() == before
