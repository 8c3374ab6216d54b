#!/usr/bin/env python3
"""The whole test stack on loopback, for ``make stack`` and for end-to-end tests.

Starts, each on an ephemeral 127.0.0.1 port:

* the Tempo stand-in (span kinds rewritten as SuperSONIC's collector does,
  ``query_end_cutoff`` 30 s like Tempo unless ``--cutoff-seconds``);
* two Triton stand-ins (a fast pod and a slow, failing one; HTTP + gRPC when
  grpcio is installed) exporting Triton-shaped spans;
* two real Envoys (pod-like service names) load-balancing over both Tritons
  and exporting their spans;
* Prometheus, scraping Envoy's ``/stats/prometheus`` and the Tritons'
  ``/metrics`` (with ``pod``/``release``/``app``/``namespace`` labels), and
  receiving Tempo-shaped service-graph series from ``servicegraph.py`` by
  remote write every ``--push-interval`` seconds;
* a bounded load generator through both Envoys (``--rate`` requests/s).

It prints the URLs and the ``sonicmap live`` command line, optionally writes
them as JSON (``--ready-file``), and stops everything on Ctrl-C, SIGTERM,
after ``--duration`` seconds, or when its parent process exits.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import shutil
import sys
import tempfile
import threading
from contextlib import ExitStack
from pathlib import Path

import lifecycle
from envoy import EnvoyProcess
from load import LoadGenerator
from prometheus_stack import COMMON, PrometheusServer
from servicegraph import ServiceGraphGenerator
from tempo_standin import TempoStandin
from triton_standin import TritonStandin

ENVOY_PODS = ["supersonic-envoy-58b98b5568-9ww7h", "supersonic-envoy-58b98b5568-k2x7p"]
TRITON_PODS = {   # pod: (queue ms, infer ms, error rate)
    "supersonic-triton-74c49fcf8-rxzpm": (1.0, 4.0, 0.0),
    "supersonic-triton-74c49fcf8-b658d": (40.0, 60.0, 0.05),
}
MODELS = ["deeptau_2018v2p5", "particlenet_AK4"]


def scrape_configs(envoys: list[EnvoyProcess], tritons: list[TritonStandin]) -> list[dict]:
    """Prometheus jobs labelled the way SuperSONIC's Prometheus labels its targets."""
    def target(port: int, pod: str) -> dict:
        return {"targets": [f"127.0.0.1:{port}"], "labels": {"pod": pod, **COMMON}}
    return [
        {"job_name": "envoy", "metrics_path": "/stats/prometheus",
         "static_configs": [target(e.admin_port, e.name) for e in envoys]},
        {"job_name": "triton", "static_configs": [target(t.http_port, t.pod_name) for t in tritons]},
    ]


class Stack:
    """Starts and stops every piece; ``stop()`` is safe after a partial start."""

    def __init__(self, workdir: Path, *, rate: float, sampling: float, cutoff_seconds: float,
                 push_interval: float, grpc: bool):
        self.workdir = workdir
        self.rate, self.sampling, self.push_interval, self.grpc = rate, sampling, push_interval, grpc
        self.cutoff_seconds = cutoff_seconds
        self.exit = ExitStack()
        self.stopping = threading.Event()

    def start(self) -> dict:
        tempo = TempoStandin(cutoff_seconds=self.cutoff_seconds, supersonic_kinds=True, max_traces=20_000).start()
        self.exit.callback(tempo.stop)
        tritons = []
        for i, (pod, (queue_ms, infer_ms, error_rate)) in enumerate(TRITON_PODS.items()):
            triton = TritonStandin(pod, f"{tempo.url}/v1/traces", grpc_port=0 if self.grpc else None,
                                   queue_ms=queue_ms, infer_ms=infer_ms, error_rate=error_rate, seed=i).start()
            self.exit.callback(triton.stop)
            tritons.append(triton)
        envoys = []
        for pod in ENVOY_PODS:
            envoy = EnvoyProcess(self.workdir, pod, otlp_port=tempo.port, service_name=pod, sampling=self.sampling,
                                 http_upstreams=[t.http_port for t in tritons],
                                 grpc_upstreams=[t.grpc_port for t in tritons] if self.grpc else []).start()
            self.exit.callback(envoy.stop)
            envoys.append(envoy)
        prometheus = PrometheusServer(self.workdir, self.workdir / "prometheus-data",
                                      scrape_configs(envoys, tritons)).start()
        self.exit.callback(prometheus.stop)
        generator = ServiceGraphGenerator(tempo.store)
        pusher = threading.Thread(target=self._push_loop, args=(generator, prometheus.url), daemon=True)
        pusher.start()
        self.exit.callback(pusher.join, self.push_interval + 5)
        self.exit.callback(self.stopping.set)
        loads = [LoadGenerator(e.url, MODELS, grpc_target=e.grpc_target if self.grpc else None,
                               rate=self.rate / len(envoys)).start() for e in envoys]
        for generator_thread in loads:
            self.exit.callback(generator_thread.stop)
        return {"tempo": tempo.url, "prometheus": prometheus.url,
                "envoys": [{"pod": e.name, "url": e.url, "admin": e.admin_url} for e in envoys],
                "tritons": [{"pod": t.pod_name, "url": t.http_url,
                             "grpc": f"127.0.0.1:{t.grpc_port}" if t.grpc_port else None} for t in tritons]}

    def _push_loop(self, generator: ServiceGraphGenerator, prometheus_url: str) -> None:
        while not self.stopping.wait(self.push_interval):
            try:
                generator.push(prometheus_url)
            except (OSError, RuntimeError) as err:
                print(f"service-graph push failed: {err}", file=sys.stderr, flush=True)

    def stop(self) -> None:
        self.exit.close()


def banner(endpoints: dict) -> str:
    lines = ["sonicmap test stack is up (loopback only):",
             f"  Tempo stand-in  {endpoints['tempo']}",
             f"  Prometheus      {endpoints['prometheus']}"]
    lines += [f"  Envoy           {e['url']}  ({e['pod']}, admin {e['admin']})" for e in endpoints["envoys"]]
    lines += [f"  Triton          {t['url']}  ({t['pod']}{', gRPC ' + t['grpc'] if t['grpc'] else ''})"
              for t in endpoints["tritons"]]
    lines += ["", "Try:", f"  sonicmap live --tempo {endpoints['tempo']} --prometheus {endpoints['prometheus']}",
              "  (the debug build is .build/debug/sonicmap)", "",
              "Service-graph edges appear after about 30 s. Ctrl-C stops everything."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=4.0, help="requests per second over all Envoys")
    parser.add_argument("--sampling", type=float, default=100.0, help="Envoy random_sampling percent")
    parser.add_argument("--cutoff-seconds", type=float, default=30.0, help="Tempo query_end_cutoff")
    parser.add_argument("--push-interval", type=float, default=15.0, help="service-graph remote-write period (s)")
    parser.add_argument("--duration", type=float, default=0.0, help="stop after this many seconds (0 = until Ctrl-C)")
    parser.add_argument("--ready-file", help="write the endpoints as JSON here once everything is up")
    parser.add_argument("--workdir", help="keep Envoy/Prometheus files here (default: a temporary folder)")
    parser.add_argument("--no-grpc", action="store_true", help="HTTP only, even if grpcio is installed")
    args = parser.parse_args(argv)
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="sonicmap-stack-"))
    workdir.mkdir(parents=True, exist_ok=True)
    grpc = not args.no_grpc and importlib.util.find_spec("grpc") is not None
    done = threading.Event()
    lifecycle.install_stop_handlers(done.set)
    lifecycle.watch_parent(done.set)
    stack = Stack(workdir, rate=args.rate, sampling=args.sampling, cutoff_seconds=args.cutoff_seconds,
                  push_interval=args.push_interval, grpc=grpc)
    try:
        endpoints = stack.start()
        if args.ready_file:
            lifecycle.write_file_atomic(args.ready_file, json.dumps(endpoints, indent=1))
        print(banner(endpoints), flush=True)
        done.wait(args.duration or None)
    finally:
        print("stopping the stack…", flush=True)
        stack.stop()
        if not args.workdir:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
