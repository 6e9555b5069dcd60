"""Every closed label set of Sovereign Skies, defined once.

The pandera models (tables.py), the Hugging Face Features (features.py), the dataset card and
the annotation guidelines' tables are all derived from the vocabularies below. Change a label
here and everything else follows; never copy a label list anywhere else.
"""

from __future__ import annotations

from .vocab import EventType, Label, Vocabulary, iob2

ENTITY_TYPE = Vocabulary(
    "entity_type",
    "Entity types",
    "The type of a registry entity; every mention inherits its entity's type.",
    (
        Label("PER", "A person, named or described by a title or role."),
        Label("ORG", "An organisation: government body, armed force, militia, party, IGO, "
              "outlet."),
        Label("GPE", "A geopolitical entity: a state, province or city as a political unit."),
        Label("LOC", "A geographic place that is not a political unit: a region, a sea."),
        Label("FAC", "A built facility: an airbase, embassy, consulate, nuclear site."),
        Label("NORP", "A nationality, religious or political group not organised as an ORG."),
        Label("WEA", "A weapon or weapon class: drones, ballistic missiles, air defence systems."),
        Label("VEH", "A vehicle or vehicle class: fighter jets, spy planes, warplanes."),
        Label("EVENT", "A named event, operation or war: 'Operation True Promise II'."),
        Label("LAW", "An agreement, treaty, charter, resolution or memorandum: named, or a "
              "specific unnamed one ('the joint security agreement')."),
    ),
)

ORG_SECTOR = Vocabulary(
    "org_sector",
    "ORG sectors",
    "The sector of an ORG entity; null for every other entity type.",
    (
        Label("GOVERNMENT", "An executive body, ministry, cabinet, national security council."),
        Label("MILITARY", "A state's regular armed force, service or command."),
        Label("MILITIA", "A non-state or semi-state armed group."),
        Label("INTELLIGENCE", "A state intelligence or security service."),
        Label("LEGISLATURE", "A parliament or legislative body."),
        Label("IGO", "An intergovernmental organisation or one of its organs."),
        Label("MEDIA", "A news outlet, agency or social media platform."),
        Label("PARTY", "A political party, coalition of parties or political movement."),
        Label("OTHER", "An organisation of none of the sectors above (a firm, an NGO)."),
    ),
)

MENTION_KIND = Vocabulary(
    "mention_kind",
    "Mention kinds",
    "How a mention refers to its entity (ACE 2005 mention levels).",
    (
        Label("NAME", "A proper name or its abbreviation: 'Qassem al-Araji', 'INA'."),
        Label("NOMINAL", "A common noun phrase head: 'the ambassador', 'the group'."),
        Label("PRONOUN", "A pronoun: 'he', 'its'."),
    ),
)

_MILITARY_ROLES = ("ACTOR", "RECIPIENT", "INSTRUMENT", "PLACE", "ORIGIN", "DESTINATION", "TRANSIT")
_VERBAL_ROLES = ("ACTOR", "RECIPIENT", "PLACE", "FORUM")

EVENT_TYPE = Vocabulary(
    "event_type",
    "Event types",
    "PLOVER-based event types, with three extensions (INTERCEPT, AIRSPACE_VIOLATION, "
    "SURVEILLANCE) this domain needs. Each records its PLOVER category and CAMEO code.",
    (
        EventType("STRIKE", "A military attack with aerial weapons: air strikes, missiles, drones.",
              plover="ASSAULT", cameo="195", roles=_MILITARY_ROLES),
        EventType("INTERCEPT", "Shooting down or stopping an incoming projectile or aircraft.",
              plover="ASSAULT", cameo="190", extension=True, roles=_MILITARY_ROLES,
              crosswalk_note="No PLOVER category for air defence; nearest is ASSAULT (CAMEO 190)."),
        EventType("AIRSPACE_VIOLATION", "Aircraft or projectiles of one state entering another "
              "state's airspace without its consent.", plover="COERCE", cameo=None,
              extension=True, roles=_MILITARY_ROLES,
              crosswalk_note="CAMEO has no code for entering airspace; nearest PLOVER is COERCE."),
        EventType("SURVEILLANCE", "Reconnaissance or spying on another party: spy flights, "
              "monitoring.", plover=None, cameo=None, extension=True, roles=_MILITARY_ROLES,
              crosswalk_note="Neither PLOVER nor CAMEO codes surveillance itself "
              "(CAMEO 1125 is the accusation of espionage)."),
        EventType("MOBILIZE",
                  "Raising military readiness: alerts, deployments, activating defences.",
                  plover="MOBILIZE", cameo="15", roles=("ACTOR", "INSTRUMENT", "PLACE")),
        EventType("THREATEN", "Stating that one will use force or another sanction unless "
                  "something happens.", plover="THREATEN", cameo="13",
                  roles=("ACTOR", "RECIPIENT", "INSTRUMENT", "PLACE", "FORUM")),
        EventType("ACCUSE", "Criticising, denouncing or blaming another party.",
              plover="ACCUSE", cameo="11", roles=_VERBAL_ROLES),
        EventType("COMPLAIN_FORMALLY",
                  "Lodging an official complaint or protest, e.g. with the UN.",
                  plover="ACCUSE", cameo="114", roles=_VERBAL_ROLES),
        EventType("REJECT", "Refusing a request, proposal, use or claim; declaring something "
              "unacceptable.", plover="REJECT", cameo="12", roles=_VERBAL_ROLES),
        EventType("CONSULT", "Meeting, visiting, phoning or discussing with another party.",
              plover="CONSULT", cameo="04",
              roles=("ACTOR", "RECIPIENT", "PARTICIPANT", "PLACE", "FORUM")),
        EventType("AGREE", "Expressing agreement or the intent to cooperate (not a signed text).",
              plover="AGREE", cameo="03", roles=(*_VERBAL_ROLES, "PARTICIPANT")),
        EventType("SIGN_AGREEMENT", "Signing or concluding a formal agreement or memorandum.",
              plover="SUPPORT", cameo="057", roles=("ACTOR", "RECIPIENT", "PARTICIPANT",
                                                     "INSTRUMENT", "PLACE")),
        EventType("COOPERATE", "Material cooperation: joint security work, coordination, trade.",
              plover="COOPERATE", cameo="06", roles=("ACTOR", "RECIPIENT", "PARTICIPANT",
                                                      "PLACE")),
        EventType("SUPPORT", "Verbal support: praising, endorsing, expressing solidarity.",
              plover="SUPPORT", cameo="05", roles=_VERBAL_ROLES),
        EventType("REQUEST", "Asking or urging another party to do something.",
              plover="REQUEST", cameo="02", roles=_VERBAL_ROLES),
        EventType("SANCTION", "Imposing economic or diplomatic penalties, or reducing relations.",
              plover="SANCTION", cameo="16", roles=_VERBAL_ROLES),
    ),
)

ARGUMENT_ROLE = Vocabulary(
    "argument_role",
    "Argument roles",
    "The role an entity mention plays in an event; the event type limits which roles apply.",
    (
        Label("ACTOR", "Who does it: the attacker, the speaker, the one who complains."),
        Label("RECIPIENT", "Whom it is done to or aimed at: the target, the addressee."),
        Label("PARTICIPANT", "A co-equal party of a symmetric event (both sides of a meeting)."),
        Label("INSTRUMENT", "The weapon, vehicle or agreement by which it is done."),
        Label("PLACE", "Where it happens."),
        Label("ORIGIN", "Where a strike or flight starts."),
        Label("DESTINATION", "Where a strike or flight is headed."),
        Label("TRANSIT", "The airspace or territory crossed on the way."),
        Label("FORUM", "The body before which it happens: the UN Security Council, a "
              "parliament session (a press conference is a CONSULT, not a forum)."),
    ),
)


def _allowed_roles() -> dict[str, tuple[str, ...]]:
    # A role misspelt in an event type would silently never be allowed: refuse it at import.
    allowed = {}
    for event_type in EVENT_TYPE.labels:
        if not isinstance(event_type, EventType):
            raise TypeError(f"event type {event_type.name} is not an EventType")
        if unknown := set(event_type.roles) - set(ARGUMENT_ROLE.names):
            raise ValueError(f"event type {event_type.name} allows unknown roles {unknown}")
        allowed[event_type.name] = event_type.roles
    return allowed


# Event type -> the argument roles it allows.
ALLOWED_ROLES: dict[str, tuple[str, ...]] = _allowed_roles()

REALIS = Vocabulary(
    "realis",
    "Event realis",
    "Whether the event is reported as having happened (ACE/ERE realis, extended).",
    (
        Label("ACTUAL", "Reported as having happened or as happening."),
        Label("FUTURE", "Planned, scheduled or announced, not yet happened."),
        Label("HYPOTHETICAL", "Conditional, possible, or demanded: 'if America intervenes'."),
        Label("NEGATED", "Reported as not having happened or as not going to happen."),
        Label("GENERIC", "A habitual or general statement, not one occurrence."),
    ),
)

DATE_PRECISION = Vocabulary(
    "date_precision",
    "Date precision",
    "How much of a date is known (ACLED-style); the stored date is the period's first day.",
    (
        Label("DAY", "The exact day is known."),
        Label("MONTH", "The month is known, not the day."),
        Label("YEAR", "The year is known, not the month."),
        Label("UNKNOWN", "No date can be determined; the stored date is null."),
    ),
)

DATE_BASIS = Vocabulary(
    "date_basis",
    "Date basis",
    "How a date was determined.",
    (
        Label("EXPLICIT", "Printed in the text: 'June 14, 2025', a dateline."),
        Label("RESOLVED", "Resolved from a relative expression ('on Saturday', 'in June') "
              "against the article's publication date."),
        Label("INFERRED", "Reasoned from facts in the text; the reasoning is written down."),
        Label("UNKNOWN", "Could not be determined."),
    ),
)

STANCE_LABEL = Vocabulary(
    "stance_label",
    "Stance labels",
    "The holder's attitude to the target proposition (SemEval-2016 Task 6).",
    (
        Label("FAVOR", "The holder supports the proposition or wants it to happen."),
        Label("AGAINST", "The holder opposes the proposition or wants it not to happen."),
        Label("NEUTRAL", "The holder takes up the proposition without supporting or opposing it."),
    ),
)

STANCE_TARGET = Vocabulary(
    "stance_target",
    "Stance targets",
    "The controlled list of propositions a stance can be about.",
    (
        Label("FOREIGN_MILITARY_USE_OF_IRAQI_AIRSPACE",
              "Foreign military use of Iraqi airspace or territory against neighbouring states "
              "(strikes, overflights, spy flights)."),
        Label("FOREIGN_INTERVENTION_IN_REGION",
              "Involvement of extra-regional powers (the US and its allies) in the security of "
              "the region."),
        Label("IRAN_IRAQ_SECURITY_COOPERATION",
              "Closer security cooperation between Iran and Iraq, such as their security "
              "agreement."),
        Label("ISRAELI_MILITARY_ACTION_AGAINST_IRAN",
              "Israel's military strikes and war against Iran."),
        Label("IRANIAN_MILITARY_ACTION_AGAINST_ISRAEL",
              "Iran's missile and drone strikes against Israel."),
        Label("ARMED_FACTION_ACTION_AGAINST_US",
              "Attacks by Iraqi armed factions on US forces, bases or diplomatic sites."),
        Label("REGIONAL_ESCALATION",
              "A wider regional war, or Iraq being drawn into one."),
        Label("IRAQI_SOVEREIGNTY",
              "Iraq's full sovereignty and independence in its own security and political "
              "decisions."),
    ),
)

VOCABULARIES: tuple[Vocabulary, ...] = (
    ENTITY_TYPE, ORG_SECTOR, MENTION_KIND, EVENT_TYPE, ARGUMENT_ROLE, REALIS,
    DATE_PRECISION, DATE_BASIS, STANCE_LABEL, STANCE_TARGET,
)

# The token view's NER tags: IOB2 over the entity types, derived, never annotated directly
# (so the guide has no section for them). Appending an entity type appends its two tags.
NER_TAG = iob2(ENTITY_TYPE, "ner_tag", "NER tags (IOB2)",
               "IOB2 tags over the entity types for the `tokens` config: `O`, then `B-` and "
               "`I-` of each entity type in the order of `entity_type`.")

# Every vocabulary a release publishes (the `labels` config): the annotated ones, then the
# derived ones.
PUBLISHED_VOCABULARIES: tuple[Vocabulary, ...] = (*VOCABULARIES, NER_TAG)

# Labels the checks and the resolver give a meaning to, named once here.
ACTUAL = REALIS.require("ACTUAL")
UNKNOWN_PRECISION = DATE_PRECISION.require("UNKNOWN")
YEAR, MONTH, DAY = (DATE_PRECISION.require(name) for name in ("YEAR", "MONTH", "DAY"))
EXPLICIT, UNKNOWN_BASIS = DATE_BASIS.require("EXPLICIT"), DATE_BASIS.require("UNKNOWN")
# How many date parts (year, month, day) each known precision writes.
DATE_PARTS: dict[str, int] = {YEAR: 1, MONTH: 2, DAY: 3}
