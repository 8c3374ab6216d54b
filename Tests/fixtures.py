"""Where the Python tests find their payloads: ``Tests/Fixtures/`` (its README.md says
where each file came from). Tests/stack and Tests/e2e both import ``fixture`` from
here; their conftest.py puts this folder on ``sys.path``."""

from __future__ import annotations

from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "Fixtures"


def fixture(relative: str) -> Path:
    """``Tests/Fixtures/<relative>``, which must exist (a file or a folder)."""
    path = FIXTURES / relative
    if not path.exists():
        raise FileNotFoundError(f"test fixture missing: {path} "
                                "(fixtures live in Tests/Fixtures/ of the repository; see its README.md)")
    return path
