"""Fixtures for the test-stack tests: an in-process Tempo
stand-in (cutoff off, so freshly pushed traces are searchable), Prometheus with
the deterministic dataset (one per session), and the sonicmap binary."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))  # Tests/fixtures.py

from prometheus_stack import PrometheusStack  # noqa: E402
from tempo_standin import TempoStandin  # noqa: E402

SONICMAP = HERE.parents[1] / ".build" / "debug" / "sonicmap"


@pytest.fixture
def tempo():
    server = TempoStandin(cutoff_seconds=0).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def prom(tmp_path_factory):
    """Prometheus with the deterministic dataset; query it at ``prom.evaluation_time``."""
    stack = PrometheusStack(tmp_path_factory.mktemp("prometheus")).start()
    yield stack
    stack.stop()


@pytest.fixture(scope="session")
def sonicmap_bin() -> Path:
    if not (SONICMAP.is_file() and os.access(SONICMAP, os.X_OK)):
        pytest.fail(f"{SONICMAP} is missing: run `swift build` (or `make build`) first", pytrace=False)
    return SONICMAP


# The real-Tempo tier (tests marked real_tempo): one real stack per session, see real_stack.py.
from real_stack import pytest_runtest_teardown, real_stack, sonicmap_home, tempo_binary  # noqa: E402,F401
