"""Fixtures for the test-stack tests: the reference folder and an in-process
Tempo stand-in (cutoff off, so freshly pushed traces are searchable)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from tempo_standin import TempoStandin  # noqa: E402

REFERENCE = Path(os.environ.get("SONICMAP_REFERENCE", HERE.parents[2] / "shared" / "reference"))


@pytest.fixture(scope="session")
def reference() -> Path:
    if not REFERENCE.is_dir():
        pytest.skip(f"reference folder missing: {REFERENCE}")
    return REFERENCE


@pytest.fixture
def tempo():
    server = TempoStandin(cutoff_seconds=0).start()
    yield server
    server.stop()
