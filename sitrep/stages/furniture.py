"""Stage ``furniture``: events found only in a news page's furniture are not its news.

Needs the dated ``events`` (after ``event_dates``); marks each event whose trigger lies in
page furniture as background (rule ``background`` = ``page furniture: <why>``, evidence
``furniture`` on the line). A text scraped from a news page carries, besides its story,
teasers of other stories, repeated paragraphs, video prompts and share buttons; an event
found there ("Related: Two killed in Cape Town robbery") is another story's, and must not
become the article's main event, merge with it, or join its incident.

Furniture is found line by line (``furniture_lines``), from the cues of
``data/reports.yaml`` and the page's structure, never from one site's layout:

- a prompt opening a line ("Copyright 2016 ...", "Please enable Javascript ...");
- a label of other stories or media opening a line, followed by a colon or a bar
  ("Related: ...", "WATCH | ..."), or a label of two or more words ("Related Articles
  Man dead after ...");
- a line that is only a label ("Related stories", "Trending now:") opens a section: the
  headline-like lines after it (short, no sentence punctuation at the end, or bulleted)
  are furniture until the first line of prose;
- a short title-case line with no sentence punctuation ("More North Braddock News",
  "Man Charged In Saturday Robbery"), not one all in capitals (a broadcast script);
- a paragraph repeated verbatim (the later copies).

The first line, the page's headline, is never furniture: the article's main event is the
one its headline and lead report. Short lines without sentence punctuation are not
furniture by themselves: a story's own key points are written so.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from typing import Any

from ..model import Event, Evidence
from ..pipeline import Analysis, stage
from ..resources.reports import ReportWords, report_words

#: What the rule ``background`` of a furniture event starts with.
FURNITURE = "page furniture"
#: A headline has at most this many words; a repeated line at least ``REPEAT_WORDS``.
HEADLINE_WORDS = 20
REPEAT_WORDS = 6
#: A title-case line has at least this many words, and this share of its longer words capitalised.
TITLE_WORDS = 4
TITLE_SHARE = 0.75
_BULLET = re.compile(r"^[\s•►▶▸+*·–—>»|-]+")
_SEPARATOR = re.compile(r"^\s*[:|»>–—-]")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


@dataclasses.dataclass(frozen=True)
class Line:
    """A line of page furniture: its offsets, its text and why it is furniture."""

    start: int
    end: int
    text: str
    why: str


def _lines(text: str) -> Iterator[tuple[int, int, str]]:
    """Each non-blank line with its offsets, stripped."""
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            yield pos + lead, pos + lead + len(stripped), stripped
        pos += len(raw) + 1


def _label(folded: str, words: ReportWords) -> tuple[str, str] | None:
    """The prompt or label the line opens with, and what follows it; None when none."""
    for cue in words.furniture_prompts:
        if folded.startswith(cue) and not folded[len(cue):len(cue) + 1].isalnum():
            return cue, "prompt"
    for cue in words.furniture_labels:
        if folded.startswith(cue) and not folded[len(cue):len(cue) + 1].isalnum():
            return cue, folded[len(cue):]
    return None


def _headline_like(line: str) -> bool:
    """Short, and not ended as a sentence is: "Man shot in robbery attempt"."""
    return len(_WORD.findall(line)) <= HEADLINE_WORDS and not _SENTENCE_END.search(line)


def _title_case(line: str) -> bool:
    """A short line with no sentence punctuation whose longer words are capitalised (not
    a line all in capitals: a broadcast's script is written so)."""
    words = _WORD.findall(line)
    long = [w for w in words if len(w) >= 4 and w[0].isalpha()]
    if not any(c.islower() for c in line):
        return False
    return (
        len(words) >= TITLE_WORDS and len(words) <= HEADLINE_WORDS and not _SENTENCE_END.search(line)
        and bool(long) and sum(w[0].isupper() for w in long) >= TITLE_SHARE * len(long)
    )


def _key(body: str) -> str:
    """A line's words, folded: what a repeated paragraph repeats."""
    return " ".join(_WORD.findall(body.casefold()))


@dataclasses.dataclass
class _Scan:
    """What ``furniture_lines`` carries from line to line: the lines seen (their keys),
    and whether a section of other stories is open."""

    words: ReportWords
    seen: set[str] = dataclasses.field(default_factory=set)
    section: bool = False

    def why(self, line: str) -> str | None:
        """Why ``line`` (after the lines scanned before it) is furniture; None when not."""
        body = _BULLET.sub("", line)
        key = _key(body)
        why = (self._labelled(body.casefold()) or self._in_section(body, body != line)
               or self._repeated(key) or ("a title-case line" if _title_case(body) else None))
        self.seen.add(key)
        return why

    def _labelled(self, folded: str) -> str | None:
        """A line opening with a prompt, with a label and a separator or a label of two
        or more words, or a line that is only a label (it opens a section)."""
        label = _label(folded, self.words)
        if label is None:
            return None
        cue, rest = label
        if rest == "prompt":
            return f"prompt {cue!r}"
        if not rest.strip(" :|»>–—-"):
            self.section = True
            return f"section {cue!r}"
        if _SEPARATOR.match(rest) or " " in cue:
            return f"label {cue!r}"
        return None

    def _in_section(self, body: str, bulleted: bool) -> str | None:
        """A headline-like or bulleted line in an open section; a line of prose closes it."""
        if not self.section:
            return None
        if _headline_like(body) or bulleted:
            return "in a section of other stories"
        self.section = False
        return None

    def _repeated(self, key: str) -> str | None:
        """A long enough paragraph already seen."""
        return "a repeated paragraph" if len(key.split()) >= REPEAT_WORDS and key in self.seen else None


def furniture_lines(text: str, words: ReportWords | None = None) -> tuple[Line, ...]:
    """The lines of ``text`` that are page furniture (see the module doc)."""
    scan = _Scan(words or report_words())
    lines = list(_lines(text))
    found: list[Line] = []
    for i, (start, end, line) in enumerate(lines):
        if i == 0:
            scan.seen.add(_key(_BULLET.sub("", line)))
            continue  # the page's headline
        why = scan.why(line)
        if why is not None:
            found.append(Line(start, end, line, why))
    return tuple(found)


def is_furniture(event: Event) -> bool:
    """Whether the ``furniture`` stage found the event in page furniture."""
    return event.furniture


def mark_furniture(events: tuple[Event, ...], lines: tuple[Line, ...]) -> tuple[Event, ...]:
    """Each event whose trigger lies in a furniture line, marked as background with its line."""
    out = []
    for event in events:
        line = next((ln for ln in lines if ln.start <= event.trigger_start < ln.end), None)
        if line is not None:
            event = dataclasses.replace(event, background=True, furniture=True).with_rule(
                "background", f"{FURNITURE}: {line.why}")
            event = event.with_evidence(Evidence("furniture", line.start, line.end, line.text))
        out.append(event)
    return tuple(out)


@stage("furniture", requires=("events", "events.background"), assigns=("events.background", "events.furniture"))
def find_furniture(analysis: Analysis, resources: Any) -> dict[str, Any]:
    events = analysis.events or ()
    if not events:
        return {"events": events}
    return {"events": mark_furniture(events, furniture_lines(analysis.article.text))}
