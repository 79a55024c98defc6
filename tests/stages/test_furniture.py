"""The furniture stage: events found only in a news page's teasers, prompts and repeats
are marked, never merged with the story's event, and never rank first."""

from __future__ import annotations

from pathlib import Path

from sitrep.model import Event
from sitrep.stages.furniture import furniture_lines, is_furniture, mark_furniture

#: A news page: the story, a video prompt, teasers, a section of other stories, a repeated paragraph.
PAGE = (Path(__file__).parents[1] / "fixtures" / "pages" / "rockford-teasers.txt").read_text(encoding="utf-8")


def whys(text):
    return {line.text: line.why for line in furniture_lines(text)}


def test_prompts_labels_sections_repeats_and_title_case_lines_are_furniture():
    found = whys(PAGE)
    assert found["Please enable Javascript to watch this video"].startswith("prompt")
    assert found["Related: Three killed in Cape Town tavern shooting"] == "label 'related'"
    assert found["WATCH | Firefighters rescue dog from frozen pond"] == "label 'watch'"
    assert found["Trending Now"] == "section 'trending now'"
    assert found["Man charged after crash on Highway 20"] == "in a section of other stories"
    assert found["Storm knocks out power to thousands"] == "in a section of other stories"
    assert found["Police Seek Driver In Monday Hit And Run"] == "a title-case line"
    assert found["Copyright 2024 Rockford Evening Star. All rights reserved."].startswith("prompt")
    repeats = [ln for ln in furniture_lines(PAGE) if ln.why == "a repeated paragraph"]
    assert len(repeats) == 1 and repeats[0].start > PAGE.index("Trending")  # the later copy only


def test_the_story_itself_is_not_furniture():
    found = whys(PAGE)
    assert "Teen wounded in Rockford shooting" not in found  # the headline
    assert not any(text.startswith("ROCKFORD") for text in found)
    story = """Man Shot Outside Bar

More than 20 people were in the bar when the shots were fired, police said.

Watch commanders said two officers arrived within minutes.

Key points
- The victim is 34
- Police have no suspect yet.
A gunman opened fire outside the bar at about 1 a.m., witnesses said.
"""
    found = whys(story)
    assert not any(text.startswith(("More than", "Watch commanders", "A gunman")) for text in found)


def test_a_section_of_teasers_ends_at_the_first_line_of_prose():
    text = "Headline\n\nRelated stories\n\nTwo hurt in crash\n\nThe shooting happened at about 9 p.m. on Friday, police said.\n"
    assert set(whys(text)) == {"Related stories", "Two hurt in crash"}


def test_an_event_in_furniture_is_marked_as_background_with_its_line():
    text = "Headline\n\nRelated: Two shot in Peoria\n"
    start = text.index("shot")
    event = Event("a", "shot", start, start + 4, 0, len(text), plover="ASSAULT")
    (marked,) = mark_furniture((event,), furniture_lines(text))
    assert is_furniture(marked) and marked.background
    assert marked.rule("background") == "page furniture: label 'related'"
    assert any(e.field == "furniture" and text[e.start:e.end] == e.text for e in marked.evidence)
