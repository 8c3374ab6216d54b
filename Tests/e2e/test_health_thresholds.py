"""Health thresholds from the config file (top level and profile) and flags, as
`sonicmap config show` reports them, and inconsistent levels refused."""

from __future__ import annotations

import re

from conftest import run_sonicmap


def test_config_show_lists_thresholds_with_their_origins(home):
    config = home / ".config" / "sonicmap"
    config.mkdir(parents=True)
    (config / "config.yaml").write_text(
        "health:\n  error-warn: 2%\n  p95-crit: 2s\nprofiles:\n  geddes:\n    health: {p95-warn: 250ms}\n")
    proc = run_sonicmap("config", "show", "--profile", "geddes", "--error-crit", "10%", home=home)
    assert proc.returncode == 0, proc.stderr
    lines = {re.split(r"\s{2,}", l)[0]: re.split(r"\s{2,}", l)[1:] for l in proc.stdout.decode().splitlines() if l.startswith("health ")}
    assert lines == {
        "health error-warn": ["2.0%", "config file line 2"],
        "health error-crit": ["10%", "flag --error-crit"],
        "health p95-warn": ["250ms", "profile geddes, line 6"],
        "health p95-crit": ["2.00s", "config file line 3"],
    }, proc.stdout.decode()


def test_a_warning_above_its_critical_level_is_refused(home):
    proc = run_sonicmap("demo", "--once", "--p95-warn", "2s", "--p95-crit", "1s", home=home)
    assert proc.returncode == 2
    assert "p95-warning (2.0s) is above p95-critical (1.0s)" in proc.stderr.decode()
    bad = run_sonicmap("demo", "--once", "--error-warn", "lots", home=home)
    assert bad.returncode == 2 and "--error-warn: 'lots' is not a ratio" in bad.stderr.decode()
