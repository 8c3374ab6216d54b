import SonicMapCore

/// Builds the spans one simulated request leaves behind, in the shapes real Envoy 1.40
/// and Triton produce (see reference/README.md): Envoy's `ingress` (and `router …
/// egress` in raw shape) and Triton's `InferRequest → <model> → compute` with its events.
struct DemoTraceBuilder {
    let deployment: DemoDeployment
    let shape: EnvoySpanShape
    let epoch: Double
    let clockOffsetNs: Int64
    let tritonTraceNumber: Int64

    /// - Parameter exportEnvoy: Envoy sampled the request and exports its spans; otherwise
    ///   only the `traceparent` it sent survives, as the Triton spans' parent id.
    func build(rng: inout SeededRandom, start: Double, envoy: Int?, exportEnvoy: Bool, pod: Int, model: String, timing: RequestTiming) -> Trace {
        let traceID = TraceID(high: rng.next(), low: rng.next())
        let t0 = UInt64((epoch + start) * 1e9)
        func ns(_ ms: Double) -> UInt64 { UInt64(max(0, ms) * 1e6) }
        var spans: [Span] = []
        var resources: [Resource] = []
        let podName = deployment.tritons[pod].name
        let upstreamAddress = "10.42.\(pod / 4).\(20 + pod):8001"

        // Envoy's spans: microsecond precision, string attributes.
        var parentForTriton: SpanID = SpanID(rng.next())
        var tritonStart = t0
        if let envoy {
            let envoyName = deployment.envoys[envoy]
            resources.append(Resource(attributes: [
                Attribute("service.name", .string(envoyName)),
                Attribute("telemetry.sdk.language", .string("cpp")),
                Attribute("telemetry.sdk.name", .string("envoy")),
            ]))
            let envoyRes = resources.count - 1
            let ingressID = SpanID(rng.next())
            let ingressStart = micro(t0)
            let ingressEnd = micro(t0 + ns(timing.totalMs))
            let grpcStatus = timing.rejected ? "14" : "0"
            var attrs: [Attribute] = [
                Attribute("node_id", .string(envoyName)),
                Attribute("zone", .string("")),
                Attribute("guid:x-request-id", .string(uuid(&rng))),
                Attribute("http.url", .string("http://supersonic.cms.example:8001/inference.GRPCInferenceService/ModelInfer")),
                Attribute("http.method", .string("POST")),
                Attribute("http.protocol", .string("HTTP/2")),
                Attribute("downstream_cluster", .string("-")),
                Attribute("user_agent", .string("grpc-c++/1.62.1 grpc-c/39.0.0 (linux; chttp2)")),
                Attribute("peer.address", .string("10.244.\(envoy + 3).17")),
                Attribute("request_size", .string("\(18_000 + Int(rng.unit() * 4000))")),
                Attribute("response_size", .string(timing.rejected ? "0" : "\(1_200 + Int(rng.unit() * 300))")),
                Attribute("component", .string("proxy")),
                Attribute("grpc.path", .string("/inference.GRPCInferenceService/ModelInfer")),
                Attribute("grpc.authority", .string("supersonic.cms.example:8001")),
                Attribute("grpc.content_type", .string("application/grpc")),
                Attribute("http.status_code", .string("200")),
                Attribute("grpc.status_code", .string(grpcStatus)),
                Attribute("response_flags", .string("-")),
            ]
            if timing.rejected {
                attrs.append(Attribute("grpc.message", .string("Exceeds maximum queue size")))
                attrs.append(Attribute("error", .string("true")))
            }
            let upstream: [Attribute] = [
                Attribute("upstream_cluster", .string("triton_grpc_service")),
                Attribute("upstream_cluster.name", .string("triton_grpc_service")),
                Attribute("upstream_address", .string(upstreamAddress)),
            ]
            switch shape {
            case .supersonic:
                spans.append(Span(
                    traceID: traceID, spanID: ingressID, parentSpanID: nil, name: "ingress", kind: .client,
                    startUnixNano: ingressStart, endUnixNano: ingressEnd, status: timing.rejected ? .error : .unset,
                    attributes: attrs + upstream, service: envoyName, scope: "envoy", resource: envoyRes))
                parentForTriton = ingressID
            case .raw:
                spans.append(Span(
                    traceID: traceID, spanID: ingressID, parentSpanID: nil, name: "ingress", kind: .server,
                    startUnixNano: ingressStart, endUnixNano: ingressEnd, status: timing.rejected ? .error : .unset,
                    attributes: attrs, service: envoyName, scope: "envoy", resource: envoyRes))
                let egressID = SpanID(rng.next())
                spans.append(Span(
                    traceID: traceID, spanID: egressID, parentSpanID: ingressID, name: "router triton_grpc_service egress",
                    kind: .client, startUnixNano: micro(t0 + ns(timing.envoyInMs * 0.7)),
                    endUnixNano: micro(t0 + ns(timing.totalMs - timing.envoyOutMs * 0.7)),
                    status: timing.rejected ? .error : .unset,
                    attributes: upstream + [Attribute("component", .string("proxy")), Attribute("grpc.status_code", .string(grpcStatus))],
                    service: envoyName, scope: "envoy", resource: envoyRes))
                parentForTriton = egressID
            }
            tritonStart = t0 + ns(timing.envoyInMs + timing.networkOutMs)
            if !exportEnvoy {
                spans.removeAll()
                resources.removeAll()
            }
        }

        // Triton's spans, on the Triton host's clock.
        resources.append(Resource(attributes: [
            Attribute("service.name", .string(podName)),
            Attribute("pod_name", .string(podName)),
            Attribute("telemetry.sdk.language", .string("cpp")),
            Attribute("telemetry.sdk.name", .string("opentelemetry")),
            Attribute("telemetry.sdk.version", .string("1.8.3")),
        ]))
        let tritonRes = resources.count - 1
        let shift = { (t: UInt64) -> UInt64 in UInt64(Int64(t) + clockOffsetNs) }
        let reqStart = shift(tritonStart)
        let modelStart = reqStart + ns(timing.receiveMs * 0.6)
        let queueStart = modelStart + ns(0.02)
        let computeStart = queueStart + ns(timing.queueMs)
        let inputEnd = computeStart + ns(timing.inputMs)
        let outputStart = inputEnd + ns(timing.inferMs)
        let computeEnd = outputStart + ns(timing.outputMs)
        let modelEnd = timing.rejected ? queueStart + ns(0.03) : computeEnd + ns(0.03)
        let reqEnd = modelEnd + ns(timing.receiveMs * 0.4 + timing.respondMs)
        let inferID = SpanID(rng.next()), modelID = SpanID(rng.next()), computeID = SpanID(rng.next())
        let recvStart = reqStart - ns(0.04)
        var inferEvents = [
            SpanEvent(name: "GRPC_WAITREAD_START", timeUnixNano: recvStart),
            SpanEvent(name: "GRPC_WAITREAD_END", timeUnixNano: reqStart - ns(0.01)),
        ]
        if !timing.rejected {
            inferEvents += [
                SpanEvent(name: "INFER_RESPONSE_COMPLETE", timeUnixNano: modelEnd + ns(0.01)),
                SpanEvent(name: "GRPC_SEND_START", timeUnixNano: reqEnd - ns(timing.respondMs * 0.8)),
                SpanEvent(name: "GRPC_SEND_END", timeUnixNano: reqEnd - ns(0.005)),
            ]
        }
        spans.append(Span(
            traceID: traceID, spanID: inferID, parentSpanID: envoy == nil ? nil : parentForTriton, name: "InferRequest",
            kind: .server, startUnixNano: reqStart, endUnixNano: reqEnd, status: timing.rejected ? .error : .unset, events: inferEvents,
            service: podName, scope: "triton-server", resource: tritonRes))
        var modelEvents = [
            SpanEvent(name: "REQUEST_START", timeUnixNano: modelStart),
            SpanEvent(name: "QUEUE_START", timeUnixNano: queueStart),
        ]
        modelEvents.append(SpanEvent(name: "REQUEST_END", timeUnixNano: modelEnd))
        spans.append(Span(
            traceID: traceID, spanID: modelID, parentSpanID: inferID, name: model, kind: .server,
            startUnixNano: modelStart, endUnixNano: modelEnd, status: timing.rejected ? .error : .unset,
            attributes: [
                Attribute("triton.model_name", .string(model)),
                Attribute("triton.model_version", .int(1)),
                Attribute("triton.trace_id", .int(tritonTraceNumber)),
                Attribute("triton.trace_parent_id", .int(0)),
            ],
            events: modelEvents, service: podName, scope: "triton-server", resource: tritonRes))
        if !timing.rejected {
            spans.append(Span(
                traceID: traceID, spanID: computeID, parentSpanID: modelID, name: "compute", kind: .server,
                startUnixNano: computeStart, endUnixNano: computeEnd,
                events: [
                    SpanEvent(name: "COMPUTE_START", timeUnixNano: computeStart),
                    SpanEvent(name: "COMPUTE_INPUT_END", timeUnixNano: inputEnd),
                    SpanEvent(name: "COMPUTE_OUTPUT_START", timeUnixNano: outputStart),
                    SpanEvent(name: "COMPUTE_END", timeUnixNano: computeEnd),
                ],
                service: podName, scope: "triton-server", resource: tritonRes))
        }
        return Trace(traceID: traceID, spans: spans, resources: resources)
    }

    /// Envoy timestamps have microsecond precision.
    private func micro(_ t: UInt64) -> UInt64 { t / 1000 * 1000 }

    private func uuid(_ rng: inout SeededRandom) -> String {
        let a = rng.next(), b = rng.next()
        let h = TraceID(high: a, low: b).hex
        let c = Array(h)
        return String(c[0..<8]) + "-" + String(c[8..<12]) + "-4" + String(c[13..<16]) + "-a" + String(c[17..<20]) + "-" + String(c[20..<32])
    }
}
