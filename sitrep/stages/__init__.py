"""Pipeline stages, one per module. Importing this package registers them all.

Each module defines one pure function decorated with ``@stage(name, requires, assigns)``
(see ``sitrep.pipeline``).
"""

from . import (  # noqa: F401
    actors,
    attributions,
    claims,
    classify,
    counts,
    crowds,
    event_dates,
    event_places,
    events,
    furniture,
    home_country,
    merge,
    perpetrators,
    places,
    quotes,
    rank,
    sides,
    survivors,
    times,
    typing,
)
