#!/usr/bin/env python3
"""Records what a real Prometheus answers to every query of one sonicmap refresh, and
PromQL's own figures to check them against, into one JSON file for the Swift tests.

Run it against the real stack (real Tempo v2.10.8 with ``generate_native_histograms:
both`` remote-writing into Prometheus, which scrapes the Envoys and Tritons), after a
few minutes of load:

    TEMPO_BIN=… python3 run_stack.py --tempo real --rate 8 --sampling 30 --ready-file R.json &
    python3 record_prometheus_answers.py --prometheus URL --out ../Fixtures/prometheus/issue11/answers.json

``queries`` holds the body of each refresh query (keyed by its ``ServiceGraphQueryID``,
with the PromQL text the Swift test checks against ``ServiceGraphQueries``); ``truth``
holds ``histogram_quantile`` and rate answers computed by Prometheus itself at the
same ``time``, which the test compares with what sonicmap computes from ``queries``.
"""

from __future__ import annotations

import argparse
import json
import time
import urllib.parse
import urllib.request

W = "[300s]"
SG = "traces_service_graph_request"
ENVOY = 'envoy_http_conn_manager_prefix="ingress_grpc"'
MODEL = "deeptau_2018v2p5"

# The refresh's 30 queries, window 300 s, no filter or selector (checked by the Swift test).
QUERIES = {
    "requestRate": f"sum by (client, server) (rate({SG}_total{W}))",
    "failedRate": f"sum by (client, server) (rate({SG}_failed_total{W}))",
    "serverSecondsSumRate": f"sum by (client, server) (rate({SG}_server_seconds_sum{W}))",
    "serverBucketRates": f"sum by (client, server, le) (rate({SG}_server_seconds_bucket{W}))",
    "clientSecondsSumRate": f"sum by (client, server) (rate({SG}_client_seconds_sum{W}))",
    "clientBucketRates": f"sum by (client, server, le) (rate({SG}_client_seconds_bucket{W}))",
    "connectionTypes": f"group by (client, connection_type, server) ({SG}_total)",
    "serverNativeRates": f"sum by (client, server) (rate({SG}_server_seconds{W}))",
    "clientNativeRates": f"sum by (client, server) (rate({SG}_client_seconds{W}))",
    "inferRequestCallRate": f'sum by (service) (rate(traces_spanmetrics_calls_total{{span_name="InferRequest"}}{W}))',
    "inferRequestErrorRate": f'sum by (service) (rate(traces_spanmetrics_calls_total{{span_name="InferRequest", status_code="STATUS_CODE_ERROR"}}{W}))',
    "spanCallRates": f"sum by (service, span_name, status_code) (rate(traces_spanmetrics_calls_total{W}))",
    "inferRequestLatencyBucketRates": f'sum by (service, le) (rate(traces_spanmetrics_latency_bucket{{span_name="InferRequest"}}{W}))',
    "inferRequestLatencyNativeRates": f'sum by (service) (rate(traces_spanmetrics_latency{{span_name="InferRequest"}}{W}))',
    "tritonInferenceRate": f"sum by (pod, model) (rate(nv_inference_count{W}))",
    "tritonExecutionRate": f"sum by (pod, model) (rate(nv_inference_exec_count{W}))",
    "tritonQueueMicrosRate": f"sum by (pod, model) (rate(nv_inference_queue_duration_us{W}))",
    "tritonComputeInputMicrosRate": f"sum by (pod, model) (rate(nv_inference_compute_input_duration_us{W}))",
    "tritonComputeInferMicrosRate": f"sum by (pod, model) (rate(nv_inference_compute_infer_duration_us{W}))",
    "tritonComputeOutputMicrosRate": f"sum by (pod, model) (rate(nv_inference_compute_output_duration_us{W}))",
    "tritonRequestSuccessRate": f"sum by (pod, model) (rate(nv_inference_request_success{W}))",
    "tritonRequestFailureRate": f"sum by (pod, model) (rate(nv_inference_request_failure{W}))",
    "gpuUtilization": "avg by (pod) (nv_gpu_utilization)",
    "gpuMemoryUsedBytes": "sum by (pod) (nv_gpu_memory_used_bytes)",
    "gpuMemoryTotalBytes": "sum by (pod) (nv_gpu_memory_total_bytes)",
    "envoyRequestTimeSumRate": f"sum by (pod) (rate(envoy_http_downstream_rq_time_sum{{{ENVOY}}}{W}))",
    "envoyRequestTimeCountRate": f"sum by (pod) (rate(envoy_http_downstream_rq_time_count{{{ENVOY}}}{W}))",
    "envoyRequestTimeBucketRates": f"sum by (pod, le) (rate(envoy_http_downstream_rq_time_bucket{{{ENVOY}}}{W}))",
    "envoyResponseClassRates": f"sum by (pod, envoy_response_code_class) (rate(envoy_http_downstream_rq_xx{{{ENVOY}}}{W}))",
    "envoyUpstreamRequestRate": f'sum by (pod) (rate(envoy_cluster_upstream_rq_total{{envoy_cluster_name=~".*triton.*"}}{W}))',
}


def truth_queries() -> dict[str, str]:
    """PromQL's own answers to the figures issue 11 is about."""
    out = {}
    for name, q in (("p50", "0.5"), ("p95", "0.95"), ("p99", "0.99")):
        for side in ("server", "client"):
            out[f"edge_{side}_{name}_native"] = f"histogram_quantile({q}, sum by (client, server) (rate({SG}_{side}_seconds{W})))"
            out[f"edge_{side}_{name}_classic"] = f"histogram_quantile({q}, sum by (client, server, le) (rate({SG}_{side}_seconds_bucket{W})))"
        out[f"envoy_client_{name}_native"] = f"histogram_quantile({q}, sum by (client) (rate({SG}_client_seconds{W})))"
        out[f"envoy_client_{name}_classic"] = f"histogram_quantile({q}, sum by (client, le) (rate({SG}_client_seconds_bucket{W})))"
        out[f"envoy_timer_{name}_ms"] = f"histogram_quantile({q}, sum by (pod, le) (rate(envoy_http_downstream_rq_time_bucket{{{ENVOY}}}{W})))"
    out["model_spanmetrics_rate"] = f'sum by (span_name) (rate(traces_spanmetrics_calls_total{{span_name="{MODEL}"}}{W}))'
    out["model_spanmetrics_errors"] = f'sum by (span_name) (rate(traces_spanmetrics_calls_total{{span_name="{MODEL}", status_code="STATUS_CODE_ERROR"}}{W}))'
    out["model_triton_requests"] = (f'sum by (model) (rate(nv_inference_request_success{{model="{MODEL}"}}{W}))'
                                    f' + sum by (model) (rate(nv_inference_request_failure{{model="{MODEL}"}}{W}))')
    out["model_triton_failures"] = f'sum by (model) (rate(nv_inference_request_failure{{model="{MODEL}"}}{W}))'
    return out


def query(prometheus: str, promql: str, at: float) -> dict:
    url = f"{prometheus}/api/v1/query?" + urllib.parse.urlencode({"query": promql, "time": f"{at:.3f}"})
    with urllib.request.urlopen(url, timeout=30) as answer:
        body = json.load(answer)
    if body.get("status") != "success":
        raise SystemExit(f"{promql}: {body}")
    return body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--prometheus", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--at", type=float, help="evaluation time, Unix seconds (default: now − 30 s)")
    args = parser.parse_args()
    at = round(args.at if args.at is not None else time.time() - 30, 3)
    doc = {
        "note": "Recorded from a real Prometheus 2.42 fed by real Tempo v2.10.8 (service graphs and span metrics, "
                "classic and native histograms) and scraping real Envoy 1.40 and the Triton stand-ins, under "
                "Tests/stack/run_stack.py --tempo real --rate 8 --sampling 30, by Tests/stack/record_prometheus_answers.py.",
        "time": at, "window": 300,
        "queries": {k: {"promQL": v, "body": query(args.prometheus, v, at)} for k, v in QUERIES.items()},
        "truth": {k: {"promQL": v, "body": query(args.prometheus, v, at)} for k, v in truth_queries().items()},
    }
    with open(args.out, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"), sort_keys=True)
        f.write("\n")
    print(f"recorded {len(doc['queries'])} queries and {len(doc['truth'])} PromQL figures at {at} into {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
