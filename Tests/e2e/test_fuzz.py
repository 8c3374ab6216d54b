"""The mutation fuzzer (Sources/sonicmap-fuzz) over the trace readers (Tempo v1/v2 JSON,
OTLP JSON, protobuf) and the snapshot reader: a fixed seed range on every `make test`
(at most about two minutes), and the harness's own ability to catch a crash and a hang
and save what caused them. `make fuzz` runs it at length."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import REPO, clean_env

FUZZ = REPO / ".build" / "debug" / "sonicmap-fuzz"
CASES = 3000
BUDGET = 110  # seconds: the run stops starting batches after this


@pytest.fixture(scope="module")
def fuzz_bin() -> Path:
    if not FUZZ.is_file():
        pytest.fail(f"{FUZZ} is missing: run `swift build` first", pytrace=False)
    return FUZZ


def fuzz(*args: str, out: Path, timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([str(FUZZ), *args, "--out", str(out)], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, cwd=REPO, env=clean_env(), timeout=timeout)


def test_fixed_seed_range_has_no_crash_or_hang(fuzz_bin, tmp_path):
    res = fuzz("--seed", "1", "--cases", str(CASES), "--max-seconds", str(BUDGET), out=tmp_path / "out")
    summary = re.search(r"^sonicmap-fuzz: (\d+) cases \(seed 1\) in [\d.]+ s: (\d+) crashed or hung", res.stdout, re.M)
    assert summary, res.stdout + res.stderr
    ran, bad = int(summary.group(1)), int(summary.group(2))
    assert res.returncode == 0 and bad == 0, res.stdout
    stopped = "--max-seconds" in res.stdout
    assert ran == CASES or (stopped and ran >= 500), res.stdout
    assert not list((tmp_path / "out").glob("*.bin")), "inputs saved although nothing crashed"
    # Every reader was reached, and some mutated inputs were still accepted by each kind.
    for kind in ["tempo-v1-json", "tempo-v2-json", "otlp-json", "protobuf", "snapshot"]:
        assert f"{kind} rejected" in res.stdout, f"{kind} never ran:\n{res.stdout}"
    assert "accepted" in res.stdout


def test_a_crash_and_a_hang_are_caught_and_their_inputs_saved(fuzz_bin, tmp_path):
    out = tmp_path / "out"
    res = fuzz("--seed", "5", "--cases", "30", "--batch", "15", "--inject-crash-at", "7",
               "--inject-hang-at", "21", "--case-timeout", "2", out=out)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "case 7 (seed 5) crashed with signal" in res.stdout, res.stdout
    assert "case 21 (seed 5) hung" in res.stdout, res.stdout
    assert re.search(r"^sonicmap-fuzz: 30 cases \(seed 5\) .*: 2 crashed or hung", res.stdout, re.M), res.stdout
    crash = list(out.glob("seed5-case7-*.bin"))
    hang = list(out.glob("seed5-case21-*.bin"))
    assert len(crash) == 1 and len(hang) == 1, sorted(p.name for p in out.iterdir())
    report = crash[0].with_suffix(".txt").read_text()
    assert "crash injected at case 7" in report and "--replay" in report
    # The saved bytes are exactly the case's input, made again from seed and case number.
    again = subprocess.run([str(FUZZ), "--seed", "5", "--print-case", "7"], capture_output=True, timeout=120)
    assert again.returncode == 0 and again.stdout == crash[0].read_bytes()
    # And it replays (without the injected crash, it is an ordinary input).
    kind = crash[0].stem.split("-", 2)[2]
    replay = subprocess.run([str(FUZZ), "--replay", str(crash[0]), "--kind", kind], capture_output=True, text=True, timeout=120)
    assert replay.returncode == 0 and ("accepted" in replay.stdout or "rejected" in replay.stdout), replay.stdout


def test_the_same_seed_gives_the_same_inputs(fuzz_bin):
    def case(seed: str, number: str) -> bytes:
        return subprocess.run([str(FUZZ), "--seed", seed, "--print-case", number], capture_output=True, timeout=120).stdout

    assert case("3", "42") == case("3", "42")
    assert case("3", "42") != case("4", "42")
