"""`--at T` (issue 15): the map as of a time, against Debian's real Prometheus loaded with
the deterministic SuperSONIC dataset of ``Tests/stack/prometheus_stack.py`` (30 minutes
ending at its fixed evaluation time)."""

from __future__ import annotations

import json
import shutil
import sys
import time
from datetime import datetime, timezone

import pytest

from conftest import REPO, run_sonicmap

sys.path.insert(0, str(REPO / "Tests" / "stack"))
from prometheus_stack import PrometheusStack  # noqa: E402

pytestmark = pytest.mark.skipif(shutil.which("prometheus") is None or shutil.which("promtool") is None,
                                reason="Debian's prometheus and promtool are not installed")


@pytest.fixture(scope="module")
def prom(tmp_path_factory):
    stack = PrometheusStack(tmp_path_factory.mktemp("at-prometheus")).start()
    yield stack
    stack.stop()


def export(home, *args: str):
    return run_sonicmap("export", "--format", "json", "-o", "-", *args, home=home)


def test_export_at_t_evaluates_every_edge_at_t(prom, tmp_path):
    at = datetime.fromtimestamp(prom.evaluation_time, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    proc = export(tmp_path, "--prometheus", prom.url, "--at", at)
    assert proc.returncode == 0, proc.stderr.decode()
    snapshot = json.loads(proc.stdout)
    assert snapshot["meta"]["dataTime"] == prom.evaluation_time
    expected = {(e["client"], e["server"]): e for e in prom.dataset.expected(300)["edges"]}
    found = {(e["client"], e["server"]): e for e in snapshot["edges"] if e["rateSource"] == "service-graph"}
    assert found.keys() == expected.keys()
    for key, edge in found.items():
        assert edge["rate"] == pytest.approx(expected[key]["rate"], rel=1e-9), key
        assert edge["errorRatio"] == pytest.approx(expected[key]["failed_ratio"], rel=1e-9), key


@pytest.mark.parametrize("form", [["--at", "-10m"], ["--at=-10m"]], ids=["separate", "equals"])
def test_relative_at_parses_in_both_forms_and_sets_data_time(prom, tmp_path, form):
    before = time.time()
    proc = export(tmp_path, "--prometheus", prom.url, *form)
    after = time.time()
    assert proc.returncode == 0, proc.stderr.decode()
    data_time = json.loads(proc.stdout)["meta"]["dataTime"]
    assert before - 601 <= data_time <= after - 599
    doctor = run_sonicmap("doctor", "--json", "--prometheus", prom.url, *form, home=tmp_path)
    assert doctor.returncode in (0, 1), doctor.stderr.decode()
    assert json.loads(doctor.stdout)["endpoints"], "the doctor checked the endpoint"


@pytest.mark.parametrize("command", [["export", "--format", "json"], ["doctor"], ["live"], ["search"]])
def test_bare_small_number_with_a_live_source_is_exit_2(prom, tmp_path, command):
    source = ["--tempo", "http://127.0.0.1:9"] if command == ["search"] else ["--prometheus", prom.url]
    proc = run_sonicmap(*command, *source, "--at", "120", home=tmp_path)
    assert proc.returncode == 2, proc.stderr.decode()
    assert b"simulated seconds with --demo" in proc.stderr


def test_at_in_the_future_is_exit_2(prom, tmp_path):
    proc = export(tmp_path, "--prometheus", prom.url, "--at", "2999-01-01T00:00:00Z")
    assert proc.returncode == 2 and b"is in the future" in proc.stderr, proc.stderr.decode()


def test_a_utc_time_of_day_is_its_latest_moment_up_to_now(prom, tmp_path):
    # A minute ago on the UTC clock, as `HH:MM`: today's, or yesterday's just after midnight.
    before = time.time()
    clock = datetime.fromtimestamp(before - 60, timezone.utc).strftime("%H:%M")
    proc = export(tmp_path, "--prometheus", prom.url, "--at", clock)
    assert proc.returncode == 0, proc.stderr.decode()
    data_time = json.loads(proc.stdout)["meta"]["dataTime"]
    assert datetime.fromtimestamp(data_time, timezone.utc).strftime("%H:%M:%S") == clock + ":00"
    assert before - 120 <= data_time <= before - 60
    bad = export(tmp_path, "--prometheus", prom.url, "--at", "24:00")
    assert bad.returncode == 2 and b"a UTC time of day (14:05)" in bad.stderr, bad.stderr.decode()
