#!/usr/bin/env python3
"""The whole test stack on loopback, for ``make stack`` and for end-to-end tests.

``--tempo real`` (the default) starts SuperSONIC's shape with the real Grafana
Tempo, each server on an ephemeral 127.0.0.1 port:

* three Triton stand-ins serving one model (``deeptau_2018v2p5``): a fast pod,
  a middling one and a slow one, about 7 % failed requests in all (HTTP + gRPC
  when grpcio is installed);
* two real Envoys (pod-like service names) balancing over the three Tritons;
* the collector stand-in (``collector.py``), which receives Envoy's and
  Triton's spans, rewrites span kinds as SuperSONIC's collector does and
  forwards them, retrying while Tempo is down;
* real Tempo v2.10.8 (``real_tempo.py``: ``TEMPO_BIN``, ``PATH`` or the shared
  archive) with its metrics-generator (service graphs, span metrics with
  native histograms, local blocks) remote-writing into
* real Prometheus (remote-write receiver, exemplar storage, native
  histograms), which also scrapes Envoy's ``/stats/prometheus`` and the
  Tritons' ``/metrics`` with ``pod``/``release``/``app``/``namespace`` labels;
* a bounded load generator through both Envoys (``--rate`` requests/s).

``--tempo standin`` starts the older shape instead: the Tempo stand-in (span
kinds rewritten, ``--cutoff-seconds``), two Triton stand-ins serving two
models, and ``servicegraph.py`` remote-writing Tempo-shaped series every
``--push-interval`` seconds; the stand-in takes faults (``POST /__fault``).

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
import time
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import lifecycle
from collector import Collector
from envoy import EnvoyProcess
from load import LoadGenerator
from prometheus_stack import COMMON, PrometheusServer
from real_tempo import TempoNotFound, TempoProcess, find_tempo
from servicegraph import ServiceGraphGenerator
from tempo_standin import TempoStandin
from triton_standin import TritonStandin

ENVOY_PODS = ["supersonic-envoy-58b98b5568-9ww7h", "supersonic-envoy-58b98b5568-k2x7p"]


@dataclass(frozen=True)
class TritonProfile:
    """How one Triton stand-in pod behaves."""
    queue_ms: float
    infer_ms: float
    error_rate: float
    spread: float = 0.0                    # lognormal sigma of both latencies
    error_message: str = "injected inference failure"


# The real-Tempo stack: SuperSONIC's shape, one model, about 7 % errors over the three pods.
SUPERSONIC_MODEL = "deeptau_2018v2p5"
SUPERSONIC_TRITONS = {
    "supersonic-triton-74c49fcf8-rxzpm": TritonProfile(1.0, 4.0, 0.02, 0.3, "CUDA out of memory"),
    "supersonic-triton-74c49fcf8-945cg": TritonProfile(4.0, 16.0, 0.05, 0.5, "CUDA out of memory"),
    "supersonic-triton-74c49fcf8-b658d": TritonProfile(60.0, 120.0, 0.14, 0.7, "CUDA out of memory"),
}
# The stand-in stack: a fast pod and a slow, failing one, two models.
STANDIN_TRITONS = {
    "supersonic-triton-74c49fcf8-rxzpm": TritonProfile(1.0, 4.0, 0.0),
    "supersonic-triton-74c49fcf8-b658d": TritonProfile(40.0, 60.0, 0.05),
}
STANDIN_MODELS = ["deeptau_2018v2p5", "particlenet_AK4"]


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
    """Starts and stops every piece; ``stop()`` is safe after a partial start.

    After ``start()``: ``tempo`` (a ``TempoProcess`` or a ``TempoStandin``),
    ``prometheus``, ``envoys``, ``tritons``, ``loads``, and with the real Tempo
    ``collector``."""

    def __init__(self, workdir: Path, *, tempo: str = "real", rate: float = 4.0, sampling: float = 100.0,
                 cutoff_seconds: float = 30.0, push_interval: float = 15.0, grpc: bool = False,
                 tempo_binary: Path | None = None):
        if tempo not in ("real", "standin"):
            raise ValueError(f"tempo must be 'real' or 'standin', not {tempo!r}")
        self.workdir = workdir
        self.mode, self.tempo_binary = tempo, tempo_binary
        self.rate, self.sampling, self.push_interval, self.grpc = rate, sampling, push_interval, grpc
        self.cutoff_seconds = cutoff_seconds
        self.exit = ExitStack()
        self.stopping = threading.Event()
        self.started_at = 0.0
        self.tempo = self.prometheus = self.collector = None
        self.envoys: list[EnvoyProcess] = []
        self.tritons: list[TritonStandin] = []
        self.loads: list[LoadGenerator] = []

    def start(self) -> dict:
        self.started_at = time.monotonic()
        if self.mode == "real":
            self._start_real()
        else:
            self._start_standin()
        return self.endpoints()

    def _start_real(self) -> None:
        binary = self.tempo_binary or find_tempo()
        self.collector = Collector().start()
        self.exit.callback(self.collector.stop)
        self._start_tritons(self.collector.otlp_url, SUPERSONIC_TRITONS)
        self._start_envoys(self.collector.port)
        self._start_prometheus(("exemplar-storage", "native-histograms"))
        self.tempo = TempoProcess(self.workdir, remote_write=f"{self.prometheus.url}/api/v1/write",
                                  binary=binary).start()
        self.exit.callback(self.tempo.stop)
        self.collector.add_destination(self.tempo.otlp_url, ready_url=f"{self.tempo.url}/ready")
        self._start_load([SUPERSONIC_MODEL])

    def _start_standin(self) -> None:
        self.tempo = TempoStandin(cutoff_seconds=self.cutoff_seconds, supersonic_kinds=True, max_traces=20_000).start()
        self.exit.callback(self.tempo.stop)
        self._start_tritons(f"{self.tempo.url}/v1/traces", STANDIN_TRITONS)
        self._start_envoys(self.tempo.port)
        self._start_prometheus(("exemplar-storage",))
        generator = ServiceGraphGenerator(self.tempo.store)
        pusher = threading.Thread(target=self._push_loop, args=(generator, self.prometheus.url), daemon=True)
        pusher.start()
        self.exit.callback(pusher.join, self.push_interval + 5)
        self.exit.callback(self.stopping.set)
        self._start_load(STANDIN_MODELS)

    def _start_tritons(self, otlp_url: str, profiles: dict[str, TritonProfile]) -> None:
        for i, (pod, p) in enumerate(profiles.items()):
            triton = TritonStandin(pod, otlp_url, grpc_port=0 if self.grpc else None, queue_ms=p.queue_ms,
                                   infer_ms=p.infer_ms, error_rate=p.error_rate, spread=p.spread,
                                   error_message=p.error_message, seed=i).start()
            self.exit.callback(triton.stop)
            self.tritons.append(triton)

    def _start_envoys(self, otlp_port: int) -> None:
        for pod in ENVOY_PODS:
            envoy = EnvoyProcess(self.workdir, pod, otlp_port=otlp_port, service_name=pod, sampling=self.sampling,
                                 http_upstreams=[t.http_port for t in self.tritons],
                                 grpc_upstreams=[t.grpc_port for t in self.tritons] if self.grpc else []).start()
            self.exit.callback(envoy.stop)
            self.envoys.append(envoy)

    def _start_prometheus(self, features: tuple[str, ...]) -> None:
        self.prometheus = PrometheusServer(self.workdir, self.workdir / "prometheus-data",
                                           scrape_configs(self.envoys, self.tritons), features=features).start()
        self.exit.callback(self.prometheus.stop)

    def _start_load(self, models: list[str]) -> None:
        for envoy in self.envoys:
            load = LoadGenerator(envoy.url, models, grpc_target=envoy.grpc_target if self.grpc else None,
                                 rate=self.rate / len(self.envoys)).start()
            self.exit.callback(load.stop)
            self.loads.append(load)

    def endpoints(self) -> dict:
        out = {"mode": self.mode, "tempo": self.tempo.url, "prometheus": self.prometheus.url,
               "envoys": [{"pod": e.name, "url": e.url, "admin": e.admin_url} for e in self.envoys],
               "tritons": [{"pod": t.pod_name, "url": t.http_url,
                            "grpc": f"127.0.0.1:{t.grpc_port}" if t.grpc_port else None} for t in self.tritons]}
        if self.collector is not None:
            out["collector"] = self.collector.otlp_url
        return out

    def _push_loop(self, generator: ServiceGraphGenerator, prometheus_url: str) -> None:
        while not self.stopping.wait(self.push_interval):
            try:
                generator.push(prometheus_url)
            except (OSError, RuntimeError) as err:
                print(f"service-graph push failed: {err}", file=sys.stderr, flush=True)

    def stop(self) -> None:
        self.exit.close()


def banner(endpoints: dict) -> str:
    real = endpoints["mode"] == "real"
    lines = ["sonicmap test stack is up (loopback only):",
             f"  {'Tempo (real)' if real else 'Tempo stand-in':<15} {endpoints['tempo']}",
             f"  Prometheus      {endpoints['prometheus']}"]
    if real:
        lines.append(f"  Collector       {endpoints['collector']}  (OTLP/HTTP in, span kinds as SuperSONIC's)")
    lines += [f"  Envoy           {e['url']}  ({e['pod']}, admin {e['admin']})" for e in endpoints["envoys"]]
    lines += [f"  Triton          {t['url']}  ({t['pod']}{', gRPC ' + t['grpc'] if t['grpc'] else ''})"
              for t in endpoints["tritons"]]
    lines += ["", "Try:", f"  sonicmap live --tempo {endpoints['tempo']} --prometheus {endpoints['prometheus']}",
              "  (the debug build is .build/debug/sonicmap)", "",
              ("Traces are searchable after about 10 s, service-graph edges after about 15 s. "
               if real else "Service-graph edges appear after about 30 s. ") + "Ctrl-C stops everything."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tempo", choices=["real", "standin"], default="real",
                        help="the real Grafana Tempo (TEMPO_BIN, PATH, or the shared archive) or the stand-in")
    parser.add_argument("--rate", type=float, default=4.0, help="requests per second over all Envoys")
    parser.add_argument("--sampling", type=float, default=100.0, help="Envoy random_sampling percent")
    parser.add_argument("--cutoff-seconds", type=float, default=30.0, help="the stand-in's query_end_cutoff")
    parser.add_argument("--push-interval", type=float, default=15.0, help="the stand-in's service-graph remote-write period (s)")
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
    stack = Stack(workdir, tempo=args.tempo, rate=args.rate, sampling=args.sampling, cutoff_seconds=args.cutoff_seconds,
                  push_interval=args.push_interval, grpc=grpc)
    try:
        try:
            endpoints = stack.start()
        except TempoNotFound as err:
            print(f"run_stack: {err}; or run the stand-in: run_stack.py --tempo standin "
                  "(make stack ARGS=--tempo=standin)", file=sys.stderr, flush=True)
            return 1
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
