"""Clients and a bounded load generator for the stack.

``http_infer`` and ``grpc_infer`` send one KServe inference request (through
Envoy or straight to a Triton stand-in); ``LoadGenerator`` sends a modest,
bounded stream of them on a background thread.
"""

from __future__ import annotations

import json
import threading
import uuid

import httpc
import pbwire

GRPC_METHOD = "/inference.GRPCInferenceService/ModelInfer"


def http_infer(base_url: str, model: str, traceparent: str | None = None, timeout: float = 5.0) -> int:
    """POST /v2/models/<model>/infer; returns the HTTP status."""
    body = json.dumps({"id": str(uuid.uuid4()), "inputs": [
        {"name": "INPUT0", "datatype": "FP32", "shape": [1], "data": [1.0]}]}).encode()
    headers = {"Content-Type": "application/json"}
    if traceparent:
        headers["traceparent"] = traceparent
    return httpc.request(f"{base_url}/v2/models/{model}/infer", "POST", body, headers, timeout=timeout).status


def grpc_infer(channel, model: str, traceparent: str | None = None, timeout: float = 5.0) -> int:
    """Unary ModelInfer over a grpcio channel; returns the gRPC status code number."""
    import grpc
    request = pbwire.field_bytes(1, model) + pbwire.field_bytes(3, str(uuid.uuid4()))
    metadata = [("traceparent", traceparent)] if traceparent else None
    call = channel.unary_unary(GRPC_METHOD)
    try:
        call(request, timeout=timeout, metadata=metadata)
        return grpc.StatusCode.OK.value[0]
    except grpc.RpcError as err:
        return err.code().value[0]


class LoadGenerator:
    """Sends ``rate`` requests per second (alternating HTTP and gRPC when a gRPC
    target is given) until ``stop()`` or ``max_requests``."""

    def __init__(self, http_url: str, models: list[str], *, grpc_target: str | None = None,
                 rate: float = 5.0, max_requests: int = 100_000):
        self.http_url, self.models, self.grpc_target = http_url, models, grpc_target
        self.interval = 1.0 / rate
        self.max_requests = max_requests
        self.sent = 0
        self.statuses: dict[str, int] = {}
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="load", daemon=True)

    def start(self) -> LoadGenerator:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(10)

    def _run(self) -> None:
        channel = None
        if self.grpc_target:
            import grpc
            channel = grpc.insecure_channel(self.grpc_target)
        try:
            while self.sent < self.max_requests and not self.stopping.wait(self.interval):
                self._send_one(channel)
        finally:
            if channel is not None:
                channel.close()

    def _send_one(self, channel) -> None:
        model = self.models[self.sent % len(self.models)]
        use_grpc = channel is not None and self.sent % 2 == 1
        try:
            status = grpc_infer(channel, model) if use_grpc else http_infer(self.http_url, model)
            key = f"{'grpc' if use_grpc else 'http'} {status}"
        except OSError as err:
            key = f"error {type(err).__name__}"
        self.statuses[key] = self.statuses.get(key, 0) + 1
        self.sent += 1
