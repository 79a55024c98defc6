"""The core: spaCy once per article, then one stage per module.

An article flows through the pipeline as an ``Analysis``, a frozen record that each
stage extends. A stage is a pure function ``(analysis, resources) -> dict`` registered
with ``@stage(name, requires=..., assigns=...)``; the pipeline merges the returned
fields with ``dataclasses.replace``. The order is checked when the pipeline is built:
a stage whose inputs no earlier stage assigns is an error then, not a crash later.

Names in ``requires``/``assigns`` are fields of ``Analysis`` (``"times"``), or parts of
the events that a stage fills in (``"events.place"``). The part before the dot is the
``Analysis`` field the stage returns. A part is an ``Event`` field, or a name in
``EVENT_PARTS`` for several (``"events.acled"``), or a step that changes no field of its
own (``"events.merged"``). ``run_stages`` checks that a stage changed only the event
fields it declares (P007); a stage that declares ``"events"`` whole makes the events.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .errors import InputError, PipelineError, StageError
from .model import COUNT_KINDS, Article, Attribution, Event, Place, Quote, TimeExpression

if TYPE_CHECKING:  # pragma: no cover
    from .resources import Resources


@dataclass(frozen=True)
class Analysis:
    """Everything the pipeline has read in one article so far.

    ``doc`` is the spaCy ``Doc`` and never leaves the pipeline; every other field
    holds sitrep records. A field is None until the stage that assigns it has run.
    """

    article: Article
    doc: Any = None
    times: tuple[TimeExpression, ...] | None = None
    places: tuple[Place, ...] | None = None
    quotes: tuple[Quote, ...] | None = None
    attributions: tuple[Attribution, ...] | None = None
    events: tuple[Event, ...] | None = None
    #: Things the pipeline could not resolve, said plainly (e.g. "no publication date").
    notes: tuple[str, ...] = ()


StageFunc = Callable[[Analysis, "Resources"], dict[str, Any]]


#: The ``Event`` fields a declared part of the events stands for, when not the field of
#: its name: ``assigns=("events.acled",)`` may change all of these.
EVENT_PARTS: dict[str, frozenset[str]] = {
    "acled": frozenset({"acled_event_type", "acled_sub_event_type", "plover_mode", "typed_by", "coder"}),
    "place": frozenset({"place", "place_by"}),
    "date": frozenset({"date", "date_by"}),
    "actor1": frozenset({"actor1", "actor1_guess"}),
}
#: What any stage that returns events may add to: the trace of rules and the evidence.
EVENT_TRACE = frozenset({"rules", "evidence"})
_EVENT_FIELDS = tuple(f.name for f in dataclasses.fields(Event))


def _unchecked_fields(assigns: Sequence[str]) -> tuple[str, ...] | None:
    """The ``Event`` fields a stage that declares ``assigns`` must leave as they were;
    None when it declares no part of the events (it returns none, or makes them whole)."""
    parts = [a.split(".", 1)[1] for a in assigns if a.startswith("events.")]
    if not parts or "events" in assigns:
        return None
    allowed = set(EVENT_TRACE)
    for part in parts:
        allowed |= EVENT_PARTS.get(part, {part} & set(_EVENT_FIELDS))
    return tuple(f for f in _EVENT_FIELDS if f not in allowed)


@dataclass(frozen=True)
class Stage:
    name: str
    func: StageFunc
    requires: tuple[str, ...]
    assigns: tuple[str, ...]
    #: The event fields the stage must not change (``_unchecked_fields``), None for no check.
    kept: tuple[str, ...] | None = None

    @property
    def returns(self) -> frozenset[str]:
        return frozenset(a.split(".", 1)[0] for a in self.assigns)


#: Every registered stage, by name.
STAGES: dict[str, Stage] = {}

#: What the pipeline has before any stage runs.
BASE_FIELDS = ("article", "doc")

#: The default order. Each name is a module in ``sitrep/stages``.
DEFAULT_STAGES: tuple[str, ...] = (
    "times",
    "places",
    "quotes",
    "attributions",
    "events",
    "typing",
    "event_places",
    "event_dates",
    "furniture",
    "actors",
    "counts",
    "claims",
    "merge",
    "survivors",
    "sides",
    "perpetrators",
    "home_country",
    "rank",
    "crowds",
)


def stage(name: str, *, requires: Sequence[str], assigns: Sequence[str]) -> Callable[[StageFunc], StageFunc]:
    """Register a pipeline stage under ``name``."""

    def register(func: StageFunc) -> StageFunc:
        STAGES[name] = Stage(name, func, tuple(requires), tuple(assigns), _unchecked_fields(assigns))
        return func

    return register


def build(names: Sequence[str] = DEFAULT_STAGES) -> tuple[Stage, ...]:
    """Look the stages up and check that each one's inputs come before it."""
    from . import stages as _  # noqa: F401  (registers the stages)

    built: list[Stage] = []
    available = set(BASE_FIELDS)
    for name in names:
        if name not in STAGES:
            raise PipelineError("P001", name=name, known=", ".join(sorted(STAGES)))
        st = STAGES[name]
        for need in st.requires:
            if need not in available and need.split(".", 1)[0] not in BASE_FIELDS:
                raise PipelineError("P002", stage=name, field=need, order=" > ".join(names))
        available.update(st.assigns)
        available.update(st.returns)
        built.append(st)
    return tuple(built)


#: The largest count an event may carry: both stores keep counts as signed 64-bit integers.
MAX_COUNT = 2**63 - 1


def run_stages(analysis: Analysis, stages: Iterable[Stage], resources: Resources) -> Analysis:
    """Run each stage in order and merge what it returns.

    An exception inside a stage is raised as ``StageError`` (P004), which names the
    stage and keeps the original exception as its ``__cause__``.
    """
    from .nlp import forget_views

    try:
        for st in stages:
            try:
                out = st.func(analysis, resources)
            except Exception as exc:
                raise StageError(st.name, exc) from exc
            if not set(out) <= st.returns | {"notes"}:
                raise PipelineError("P003", stage=st.name, got=sorted(out), declared=sorted(st.returns))
            if st.kept is not None and "events" in out:
                check_event_writes(st, analysis.events or (), out["events"] or ())
            analysis = dataclasses.replace(analysis, **out)
    finally:
        if analysis.doc is not None:
            forget_views(analysis.doc)  # the cached spans refer back to the doc: let it go
    return analysis


def check_event_writes(st: Stage, before: Sequence[Event], after: Sequence[Event]) -> None:
    """Refuse (P007) events out of stage ``st`` that changed a field it does not declare,
    or that no event in stands for (one with the same trigger and sentence). An event may
    be dropped. Cheap: an unchanged field is the same object, so ``is`` decides most."""
    kept = st.kept
    assert kept is not None
    unchanged = set(map(id, before))
    by_key: dict[tuple[int, int, int], list[Event]] = {}
    for event in before:
        by_key.setdefault((event.trigger_start, event.trigger_end, event.sentence_start), []).append(event)
    for event in after:
        if id(event) in unchanged:
            continue  # the very event that came in
        olds = by_key.get((event.trigger_start, event.trigger_end, event.sentence_start), [])
        changes: list[list[str]] = [_changed(old, event, kept) for old in olds]
        if not changes or all(changes):
            fewest_changes = min(changes, key=len) if changes else ["(a new event)"]
            fewest = ", ".join(fewest_changes)
            raise PipelineError(
                "P007", stage=st.name, changed=fewest,
                trigger=event.trigger, start=event.trigger_start,
                declared=", ".join(a for a in st.assigns if a.startswith("events")))


def _changed(old: Event, new: Event, fields: tuple[str, ...]) -> list[str]:
    """The ``fields`` that differ between two events."""
    was, now = old.__dict__, new.__dict__  # Event has no slots: a dict lookup beats getattr here
    return [f for f in fields if (a := was[f]) is not (b := now[f]) and a != b]


def check_counts(analysis: Analysis) -> None:
    """Refuse (R017) an article whose events carry a count no store can hold: a figure
    that large is bad input, and it must not be stored wrong or stop a batch."""
    for event in analysis.events or ():
        counts = [(kind, getattr(event, kind)) for kind in COUNT_KINDS]
        counts += [(count.kind or "people", count) for count in event.counts]
        for kind, count in counts:
            for value in (count.low, count.best, count.high) if count is not None else ():
                if value is not None and abs(value) > MAX_COUNT:
                    raise InputError("R017", origin=analysis.article.origin, kind=kind, value=value,
                                     text=count.text, limit=MAX_COUNT)


class Pipeline:
    """spaCy plus the stages, with their resources: the one core every front end uses.

    For many articles, ``sitrep.batch.analyse_stream`` batches the spaCy pass and keeps
    an article that fails as a ``Failure``.
    """

    def __init__(
        self,
        stages: Sequence[str] = DEFAULT_STAGES,
        resources: Resources | None = None,
        nlp: Any = None,
    ) -> None:
        from .nlp import load_model
        from .resources import Resources

        self.stages = build(stages)
        self.resources = resources if resources is not None else Resources.default()
        self.nlp = nlp if nlp is not None else load_model()

    def analyse(self, article: Article) -> Analysis:
        return self.analyse_doc(article, self.nlp(article.text))

    def analyse_doc(self, article: Article, doc: Any) -> Analysis:
        notes: tuple[str, ...] = ()
        if article.published is None:
            notes = ("no publication date: relative times stay unresolved",)
        analysis = run_stages(Analysis(article=article, doc=doc, notes=notes), self.stages, self.resources)
        check_counts(analysis)
        return analysis

    def code(self, article: Article) -> list[Event]:
        """The events of one article, rank 0 first."""
        return list(self.analyse(article).events or ())
