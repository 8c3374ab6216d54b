"""Reading the TUI's status line while it looks back (issue 15): ` AT HH:MM:SS ` (UTC; with
the date first when not today), followed by ` … ` until the data of that moment arrived.
Tests/stack and Tests/e2e both import it; their conftest.py puts this folder on ``sys.path``."""

from __future__ import annotations

import re
from datetime import datetime, timezone

STATUS_AT = re.compile(r"^ AT (?:(?P<date>\d{4}-\d\d-\d\d) )?(?P<clock>\d\d:\d\d:\d\d) ")


def shown_time(status: str) -> float:
    """The Unix seconds of the status line's AT time."""
    m = STATUS_AT.match(status)
    assert m, f"no AT time in {status!r}"
    day = m["date"] or datetime.now(timezone.utc).strftime("%Y-%m-%d")
    return datetime.strptime(f"{day} {m['clock']}", "%Y-%m-%d %H:%M:%S").replace(tzinfo=timezone.utc).timestamp()


def looked_at(status: str) -> bool:
    """The status line says AT and the data of that moment has arrived (no ellipsis)."""
    return STATUS_AT.match(status) is not None and "…" not in status[:32]
