"""The event and actor lexicons: YAML data files, validated and indexed once.

``Lexicons.load_packaged()`` reads ``sitrep/data/{triggers,agents,actors}.yaml``
(``actors.yaml`` also holds ``body_roles``: how a party, a party's wing, a union or a
state force that ``country_cues.yaml`` names is coded by what it did);
``Lexicons.from_data(...)`` builds the same object from dicts, for tests and for users
who keep their own lexicons. Every file is checked when it is loaded: an unknown PLOVER
type, an ACLED sub-type that does not belong to its type, or a bad inter code is an
error naming the file and the entry (``ResourceError`` L001).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources as importlib_resources
from typing import Any

import yaml

from ..errors import ResourceError
from ..model import ACLED_TYPES, ACTOR_KINDS, PLOVER_TYPES

POS_VALUES = ("VERB", "NOUN")
WORD_SETS = (
    "modal_governors", "modal_nouns", "modal_auxiliaries", "light_verbs", "aspectual_verbs", "anaphoric_nouns",
    "attempt_verbs", "hazard_causes", "crime_words",
)


@dataclass(frozen=True)
class Trigger:
    """What a trigger word means: its PLOVER type and mode and its default ACLED type."""

    key: str
    plover: str
    mode: str | None
    acled: tuple[str, str] | None
    casualty: bool = False
    weak: bool = False


@dataclass(frozen=True)
class Cue:
    """A word near a trigger that refines the ACLED sub-type and PLOVER mode."""

    words: tuple[str, ...]
    applies_to: frozenset[str]
    mode: str | None
    acled: tuple[str, str]


@dataclass(frozen=True)
class Agent:
    kind: str
    inter: int


#: What a body did in an event, for ``body_roles``: held a protest, rioted, used arms,
#: was attacked; ``other`` for anything else (a statement, an agreement).
BODY_ROLES = ("protest", "riot", "armed", "attacked", "other")


@dataclass(frozen=True)
class KnownActor:
    name: str
    country: str | None
    kind: str
    inter: int
    aliases: tuple[str, ...] = ()


def singular(word: str) -> str:
    """A plural agent word made singular for the agent table: "gunmen" -> "gunman",
    "soldiers" -> "soldier"; "-ss" words stay ("witness")."""
    if word.endswith("men"):
        return word[:-3] + "man"
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("’", "'").split())


@functools.lru_cache(maxsize=1 << 16)
def _name_key(text: str) -> str:
    """Lookup form of an actor's name: like ``_key``, with a hyphen as a word of its own
    ("Mai-Mai" and the tokens "Mai", "-", "Mai" meet as "mai - mai"). Kept for the words
    seen last: ``known_actors`` asks for every word of every sentence."""
    return _key(re.sub(r"(?<=\w)-(?=\w)", " - ", text))


def _is_acronym(alias: str) -> bool:
    """Short all-capital aliases ("IS", "AA") match only in capitals."""
    letters = re.sub(r"[^A-Za-z]", "", alias)
    return bool(letters) and letters.isupper() and len(letters) <= 5


class Lexicons:
    """Indexed trigger, cue, agent and known-actor tables."""

    def __init__(
        self,
        triggers: Mapping[tuple[str, str], Trigger],
        cues: Iterable[Cue],
        words: Mapping[str, frozenset[str]],
        agents: Mapping[str, Agent],
        actors: Iterable[KnownActor],
        body_roles: Mapping[str, Mapping[str, Agent]] | None = None,
    ) -> None:
        self.triggers = dict(triggers)
        #: Every word of every trigger key (split at spaces and hyphens): a token none of whose
        #: forms is here can start or end no trigger (``events._match`` skips it).
        self.trigger_words = frozenset(
            w for key, _ in self.triggers for w in (*key.split(" "), *re.split(r"[ -]", key))
        )
        self.cues = tuple(sorted(cues, key=lambda c: -max(len(w.split()) for w in c.words)))
        self.words = {name: frozenset(words.get(name, ())) for name in WORD_SETS}
        self.agents = dict(agents)
        self.actors = tuple(actors)
        #: body kind (as ``country_cues.yaml`` names it) -> role (``BODY_ROLES``) -> how to code it
        self.body_roles = {kind: dict(roles) for kind, roles in (body_roles or {}).items()}
        self._alias: dict[str, KnownActor] = {}
        self._acronym: dict[str, KnownActor] = {}
        for actor in self.actors:
            for alias in (actor.name, *actor.aliases):
                if _is_acronym(alias):
                    self._acronym[alias] = actor
                else:
                    self._alias[_name_key(alias)] = actor
        self._max_alias_words = max((len(a.split()) for a in self._alias), default=1)
        #: the first word of every alias: where a name can start
        self._alias_first = frozenset(a.split()[0] for a in self._alias)
        # Cue words as a lookup from first word to the cues that start with it.
        self._cue_first: dict[str, list[tuple[tuple[str, ...], Cue]]] = {}
        for cue in self.cues:
            for word in cue.words:
                parts = tuple(_key(word).split())
                self._cue_first.setdefault(parts[0], []).append((parts, cue))

    # -- lookups -------------------------------------------------------------------
    def body_role(self, body_kind: str, role: str) -> Agent | None:
        """How a body of ``body_kind`` (a party, a union, a state force) is coded when it
        plays ``role`` in an event, or None when the table does not say."""
        return self.body_roles.get(body_kind, {}).get(role)

    def trigger(self, key: str, pos: str) -> Trigger | None:
        return self.triggers.get((key, pos))

    def _alias_at(self, lowered: list[str], i: int) -> tuple[KnownActor, int] | None:
        """The longest alias that starts at ``lowered[i]`` (keys as ``_name_key`` makes
        them), with its length in words."""
        if lowered[i].split(" ", 1)[0] not in self._alias_first:
            return None
        for n in range(min(self._max_alias_words, len(lowered) - i), 0, -1):
            actor = self._alias.get(" ".join(lowered[i:i + n]))
            if actor is not None:
                return actor, n
        return None

    def known_actor(self, words: list[str]) -> tuple[KnownActor, int, int] | None:
        """The longest known actor named by consecutive ``words``: (actor, first, last+1)."""
        best: tuple[KnownActor, int, int] | None = None
        lowered = [_name_key(w) for w in words]
        for i in range(len(words)):
            if words[i] in self._acronym and (best is None or best[2] - best[1] < 1):
                best = (self._acronym[words[i]], i, i + 1)
            at = self._alias_at(lowered, i)
            if at is not None and (best is None or at[1] > best[2] - best[1]):
                best = (at[0], i, i + at[1])
        return best

    def known_actors(self, words: list[str]) -> list[tuple[KnownActor, int, int]]:
        """Every known actor named in ``words`` (tokens), longest first at each word, not overlapping."""
        found: list[tuple[KnownActor, int, int]] = []
        first, acronyms = self._alias_first, self._acronym
        if not any(w.casefold().replace("’", "'") in first or w in acronyms for w in words):
            return found  # most sentences name no known actor: one cheap pass says so
        lowered = [_name_key(w) for w in words]
        i = 0
        while i < len(words):
            at = self._alias_at(lowered, i)
            if at is not None:
                found.append((at[0], i, i + at[1]))
                i += at[1]
            elif words[i] in acronyms:
                found.append((acronyms[words[i]], i, i + 1))
                i += 1
            else:
                i += 1
        return found

    def cue_matches(self, words: Sequence[str]) -> list[tuple[int, int, Cue]]:
        """Every cue in ``words`` (lower-cased tokens) as (first, last+1, cue)."""
        found = []
        for i, word in enumerate(words):
            for parts, cue in self._cue_first.get(word, ()):
                if tuple(words[i:i + len(parts)]) == parts:
                    found.append((i, i + len(parts), cue))
        return found

    # -- loading -------------------------------------------------------------------
    @classmethod
    def from_data(
        cls,
        triggers: Mapping[str, Any],
        agents: Mapping[str, Any],
        actors: Mapping[str, Any],
        source: str = "<data>",
    ) -> Lexicons:
        """Validate and index lexicon data given as parsed YAML."""
        trig: dict[tuple[str, str], Trigger] = {}
        for i, entry in enumerate(triggers.get("triggers") or ()):
            _add_triggers(trig, entry, f"{source}/triggers.yaml: triggers[{i}]")
        cues = [_cue(entry, f"{source}/triggers.yaml: cues[{i}]") for i, entry in enumerate(triggers.get("cues") or ())]
        words = {name: frozenset(_key(str(w)) for w in triggers.get(name) or ()) for name in WORD_SETS}
        ag = {}
        for key, value in (agents.get("agents") or {}).items():
            where = f"{source}/agents.yaml: {key}"
            ag[_key(key)] = Agent(_check_kind(value.get("kind"), where), _check_inter(value.get("inter"), where))
        known = [_known_actor(entry, f"{source}/actors.yaml: actors[{i}] ({entry.get('name')})")
                 for i, entry in enumerate(actors.get("actors") or ())]
        return cls(trig, cues, words, ag, known, _check_body_roles(actors.get("body_roles"), source))

    @classmethod
    def load_packaged(cls) -> Lexicons:
        return _load_packaged()


def _add_triggers(trig: dict[tuple[str, str], Trigger], entry: Mapping[str, Any], where: str) -> None:
    """Add one ``triggers`` entry of triggers.yaml: a trigger per lemma and part of speech."""
    plover = entry.get("plover")
    if plover not in PLOVER_TYPES:
        raise ResourceError("L001", path=where, reason=f"unknown PLOVER type {plover!r}")
    acled = _check_acled(entry.get("acled"), where)
    for pos in entry.get("pos") or ():
        if pos not in POS_VALUES:
            raise ResourceError("L001", path=where, reason=f"unknown part of speech {pos!r}")
        for lemma in entry.get("lemmas") or ():
            key = _key(str(lemma))
            if (key, pos) in trig:
                raise ResourceError("L001", path=where, reason=f"{lemma!r} ({pos}) is listed twice")
            trig[(key, pos)] = Trigger(
                key, plover, entry.get("mode"), acled, bool(entry.get("casualty")), bool(entry.get("weak"))
            )


def _cue(entry: Mapping[str, Any], where: str) -> Cue:
    """One ``cues`` entry of triggers.yaml."""
    applies = frozenset(entry.get("applies_to") or ())
    if not applies <= set(PLOVER_TYPES):
        raise ResourceError("L001", path=where, reason=f"unknown PLOVER types {sorted(applies)}")
    acled = _check_acled(entry.get("acled"), where)
    if acled is None or not entry.get("words"):
        raise ResourceError("L001", path=where, reason="a cue needs words and an ACLED type")
    return Cue(tuple(str(w) for w in entry["words"]), applies, entry.get("mode"), acled)


def _known_actor(entry: Mapping[str, Any], where: str) -> KnownActor:
    """One ``actors`` entry of actors.yaml."""
    if not entry.get("name"):
        raise ResourceError("L001", path=where, reason="an actor needs a name")
    country = entry.get("country")
    if country is not None and not re.fullmatch(r"[A-Z]{3}", str(country)):
        raise ResourceError("L001", path=where, reason=f"country {country!r} is not ISO alpha-3")
    return KnownActor(
        str(entry["name"]), country, _check_kind(entry.get("kind"), where),
        _check_inter(entry.get("inter"), where), tuple(str(a) for a in entry.get("aliases") or ()),
    )


def read_data_file(name: str) -> Any:
    """Parse one YAML file shipped in ``sitrep/data``."""
    path = importlib_resources.files("sitrep") / "data" / name
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ResourceError("L001", path=str(path), reason=str(exc)) from exc


@functools.lru_cache(maxsize=1)
def _load_packaged() -> Lexicons:
    return Lexicons.from_data(
        read_data_file("triggers.yaml"), read_data_file("agents.yaml"), read_data_file("actors.yaml"),
        source="sitrep/data",
    )


def _check_body_roles(value: Any, source: str) -> dict[str, dict[str, Agent]]:
    """``body_roles`` of actors.yaml: {body kind: {role: {kind, inter}}}, every body kind
    one that ``country_cues.yaml`` uses and every role one of ``BODY_ROLES``."""
    from .country_cues import KINDS as BODY_KINDS  # country_cues reads its file through this module

    out: dict[str, dict[str, Agent]] = {}
    if value is None:
        return out
    if not isinstance(value, Mapping):
        raise ResourceError("L001", path=f"{source}/actors.yaml: body_roles", reason="expected a mapping of body kinds")
    for body, roles in value.items():
        where = f"{source}/actors.yaml: body_roles[{body!r}]"
        if body not in BODY_KINDS:
            raise ResourceError("L001", path=where, reason=f"unknown body kind {body!r} (country_cues.yaml's kinds: "
                                                           f"{', '.join(BODY_KINDS)})")
        if not isinstance(roles, Mapping) or not roles:
            raise ResourceError("L001", path=where, reason="expected a mapping of roles to {kind, inter}")
        out[body] = {}
        for role, code in roles.items():
            here = f"{where}[{role!r}]"
            if role not in BODY_ROLES:
                raise ResourceError("L001", path=here, reason=f"unknown role {role!r} (one of {', '.join(BODY_ROLES)})")
            if not isinstance(code, Mapping):
                raise ResourceError("L001", path=here, reason="expected {kind, inter}")
            out[body][role] = Agent(_check_kind(code.get("kind"), here), _check_inter(code.get("inter"), here))
    return out


def _check_acled(value: Any, where: str) -> tuple[str, str] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise ResourceError("L001", path=where, reason="acled must be [event type, sub-type] or null")
    event_type, sub_type = value
    if sub_type not in ACLED_TYPES.get(event_type, ()):
        raise ResourceError("L001", path=where, reason=f"{sub_type!r} is not a sub-type of {event_type!r}")
    return (event_type, sub_type)


def _check_kind(value: Any, where: str) -> str:
    if value not in ACTOR_KINDS:
        raise ResourceError("L001", path=where, reason=f"unknown actor kind {value!r}")
    return str(value)


def _check_inter(value: Any, where: str) -> int:
    if not isinstance(value, int) or not 0 <= value <= 8:
        raise ResourceError("L001", path=where, reason=f"inter code must be 0-8, not {value!r}")
    return value
