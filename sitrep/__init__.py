"""sitrep: dated news articles in, structured and sourced event records out.

The public API is what ``__all__`` lists (a test pins it):

- ``code(text, published=None, id=None)``: the events of one article, main event first;
- ``analyse(...)``: everything the pipeline read (places, times, quotes, attributions, events);
- ``Pipeline``: build one with your own stages or resources;
- the record classes of ``sitrep.model``.
"""

from __future__ import annotations

__version__ = "0.1.0"

from .api import analyse, annotation, code
from .errors import InputError, PipelineError, ResourceError, SitrepError, StoreError
from .model import (
    Actor,
    Article,
    Attribution,
    Count,
    Event,
    EventDate,
    Evidence,
    Failure,
    Place,
    Quote,
    TimeExpression,
)
from .pipeline import Analysis, Pipeline

__all__ = [
    "Actor", "Analysis", "Article", "Attribution", "Count", "Event", "EventDate", "Evidence", "Failure",
    "InputError", "Pipeline", "PipelineError", "Place", "Quote", "ResourceError", "SitrepError", "StoreError",
    "TimeExpression", "__version__", "analyse", "annotation", "code",
]
