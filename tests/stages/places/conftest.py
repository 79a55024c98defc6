"""Fixtures of the ``places`` tests: small in-memory gazetteers and the packaged one."""

from __future__ import annotations

import pytest
from places_helpers import CONTAINER_ENTRIES, ENTRIES, in_memory

from sitrep.resources import Resources


@pytest.fixture(scope="module")
def resources() -> Resources:
    return in_memory(ENTRIES)


@pytest.fixture(scope="module")
def packaged() -> Resources:
    from sitrep.resources.geonames import GeoNamesGazetteer

    return Resources(gazetteer=GeoNamesGazetteer.shared(), lexicons=None)


@pytest.fixture(scope="module")
def containers() -> Resources:
    return in_memory(CONTAINER_ENTRIES)
