/// Deterministic synthetic traces in SuperSONIC's shapes, for round-trip tests and the
/// decoding benchmark.
///
/// One trace is one batch job: a client root span (`cmssw`) fanning out inference
/// requests. Each request is Envoy's `ingress` (CLIENT, as SuperSONIC's collector
/// rewrites it, with Envoy 1.40's string attributes and microsecond timestamps)
/// followed by Triton's `InferRequest → <model> → compute` with their events; ensembles
/// nest two composing models. About 1 in 20 requests is an orphan (Envoy did not sample
/// it, so `InferRequest`'s parent is missing) and about 1 in 50 is rejected with gRPC
/// UNAVAILABLE. Tempo JSON comes to about 740 bytes per span (Envoy's spans about
/// 1.3 kB, Triton's 500–700 bytes), protobuf to about 320.
public enum TraceGenerator {
    /// A trace of exactly `spans` spans (at least 1). Spans are ordered by resource, as
    /// a decoded trace is, so encoding and decoding it gives back an equal value.
    public static func generate(spans count: Int, seed: UInt64 = 1) -> Trace {
        var rng = SeededRandom(seed: seed)
        let traceID = TraceID(high: rng.next(), low: rng.next())
        var g = Builder(traceID: traceID, rng: rng, limit: max(1, count))
        g.run()
        let spans = g.buckets.flatMap { $0 }
        return Trace(traceID: traceID, spans: spans, resources: g.resources)
    }

    private static let models = ["particlenet_AK4_PT", "deeptau_2018v2p5", "particlenet_AK8_ensemble", "icecube_cnn"]
    private static let ensembleSteps = ["particlenet_AK8_preprocess", "particlenet_AK8"]

    /// Builds spans request by request into one bucket per resource.
    private struct Builder {
        let traceID: TraceID
        var rng: SeededRandom
        let limit: Int
        var resources: [Resource] = []
        var buckets: [[Span]] = []
        var produced = 0
        var tritonTraceNumber: Int64 = 1

        static let clientResource = 0, envoys = 1...2, tritons = 3...10
        static let epoch: UInt64 = 1_795_925_540_000_000_000

        init(traceID: TraceID, rng: SeededRandom, limit: Int) {
            self.traceID = traceID
            self.rng = rng
            self.limit = limit
            resources.append(Resource(attributes: [
                Attribute("service.name", .string("cmssw")),
                Attribute("host.name", .string("lxplus-batch-0417.cern.ch")),
                Attribute("telemetry.sdk.language", .string("cpp")),
            ]))
            for pod in ["9ww7h", "k2x4p"] {
                let name = "supersonic-envoy-58b98b5568-\(pod)"
                resources.append(Resource(attributes: [
                    Attribute("service.name", .string(name)),
                    Attribute("telemetry.sdk.language", .string("cpp")),
                    Attribute("telemetry.sdk.name", .string("envoy")),
                ]))
            }
            for pod in ["rxzpm", "4hq8d", "mz7wt", "c2l9v", "p8fks", "x5njb", "w3rtg", "b6dqz"] {
                let name = "supersonic-triton-74c49fcf8-\(pod)"
                resources.append(Resource(attributes: [
                    Attribute("service.name", .string(name)),
                    Attribute("pod_name", .string(name)),
                    Attribute("telemetry.sdk.language", .string("cpp")),
                    Attribute("telemetry.sdk.name", .string("opentelemetry")),
                    Attribute("telemetry.sdk.version", .string("1.8.3")),
                ]))
            }
            buckets = Array(repeating: [], count: resources.count)
        }

        var full: Bool { produced >= limit }

        mutating func add(_ span: Span) {
            guard !full else { return }
            buckets[span.resource].append(span)
            produced += 1
        }

        func span(
            _ id: SpanID, parent: SpanID?, _ name: String, _ kind: SpanKind, _ start: UInt64, _ end: UInt64,
            resource: Int, scope: String, status: SpanStatus = .unset, attributes: [Attribute] = [], events: [SpanEvent] = []
        ) -> Span {
            Span(
                traceID: traceID, spanID: id, parentSpanID: parent, name: name, kind: kind,
                startUnixNano: start, endUnixNano: end, status: status, attributes: attributes, events: events,
                service: resources[resource].serviceName, scope: scope, resource: resource)
        }

        mutating func run() {
            let rootID = SpanID(rng.next())
            var requests = 0
            var t = Self.epoch + 1_000_000
            add(span(rootID, parent: nil, "process_events", .internal, Self.epoch, Self.epoch, resource: Self.clientResource, scope: "cmssw"))
            let rootSlot = buckets[Self.clientResource].count - 1
            while !full {
                request(root: rootID, start: t, number: requests)
                requests += 1
                t += 150_000 + UInt64(rng.below(100_000))
            }
            buckets[Self.clientResource][rootSlot].endUnixNano = t + 50_000_000
        }

        /// One inference request's spans.
        mutating func request(root: SpanID, start: UInt64, number: Int) {
            let orphan = rng.below(20) == 0, rejected = rng.below(50) == 0
            let envoy = Self.envoys.lowerBound + rng.below(Self.envoys.count)
            let triton = Self.tritons.lowerBound + rng.below(Self.tritons.count)
            let model = models[rng.below(models.count)]
            let queue = UInt64(50_000 + rng.below(2_000_000)), infer = UInt64(1_000_000 + rng.below(8_000_000))
            let network = UInt64(200_000 + rng.below(600_000))
            let tritonStart = start + network
            let modelDuration = rejected ? UInt64(60_000) : queue + infer + 400_000
            let tritonEnd = tritonStart + modelDuration + 300_000
            let ingressID = SpanID(rng.next()), inferID = SpanID(rng.next())

            if !orphan {
                let end = tritonEnd + network
                var attributes = envoyAttributes(envoy: envoy, triton: triton, number: number, rejected: rejected)
                if rejected { attributes.append(Attribute("error", .string("true"))) }
                add(span(
                    ingressID, parent: root, "ingress", .client, start / 1000 * 1000, end / 1000 * 1000,
                    resource: envoy, scope: "envoy", status: rejected ? .error : .unset, attributes: attributes))
            }
            let recv = tritonStart - 40_000
            var inferEvents = [
                SpanEvent(name: "GRPC_WAITREAD_START", timeUnixNano: recv),
                SpanEvent(name: "GRPC_WAITREAD_END", timeUnixNano: recv + 30_000),
            ]
            if !rejected {
                inferEvents += [
                    SpanEvent(name: "INFER_RESPONSE_COMPLETE", timeUnixNano: tritonEnd - 250_000),
                    SpanEvent(name: "GRPC_SEND_START", timeUnixNano: tritonEnd - 200_000),
                    SpanEvent(name: "GRPC_SEND_END", timeUnixNano: tritonEnd - 10_000),
                ]
            }
            add(span(
                inferID, parent: orphan ? SpanID(rng.next()) : ingressID, "InferRequest", .server, tritonStart, tritonEnd,
                resource: triton, scope: "triton-server", events: inferEvents))
            let modelStart = tritonStart + 100_000
            if model.hasSuffix("_ensemble") {
                let ensembleID = SpanID(rng.next())
                let parentNumber = tritonTraceNumber
                add(modelSpan(ensembleID, parent: inferID, model, modelStart, modelStart + modelDuration, triton, parentNumber: 0, compute: nil))
                var stepStart = modelStart + 20_000
                for (i, step) in ensembleSteps.enumerated() {
                    let share = i == 0 ? modelDuration / 5 : modelDuration * 3 / 4
                    let stepQueue = i == 0 ? queue / 4 : queue * 3 / 4
                    add(modelSpan(
                        SpanID(rng.next()), parent: ensembleID, step, stepStart, stepStart + share, triton,
                        parentNumber: parentNumber, compute: rejected ? nil : stepQueue))
                    stepStart += share
                }
            } else {
                add(modelSpan(SpanID(rng.next()), parent: inferID, model, modelStart, modelStart + modelDuration, triton,
                              parentNumber: 0, compute: rejected ? nil : queue))
            }
        }

        /// A Triton model span and, unless `compute` is nil, its compute child after `compute` ns of queueing.
        mutating func modelSpan(
            _ id: SpanID, parent: SpanID, _ model: String, _ start: UInt64, _ end: UInt64, _ triton: Int,
            parentNumber: Int64, compute queue: UInt64?
        ) -> Span {
            let number = tritonTraceNumber
            tritonTraceNumber += 1
            let queueStart = start + 6_000
            var attributes = [
                Attribute("triton.model_name", .string(model)),
                Attribute("triton.model_version", .int(1)),
                Attribute("triton.trace_id", .int(number)),
                Attribute("triton.trace_parent_id", .int(parentNumber)),
            ]
            if number % 3 == 0 { attributes.append(Attribute("triton.request_id", .string("evt-\(number * 7919 % 100_000)"))) }
            let result = span(
                id, parent: parent, model, .server, start, end, resource: triton, scope: "triton-server",
                attributes: attributes,
                events: [
                    SpanEvent(name: "REQUEST_START", timeUnixNano: start),
                    SpanEvent(name: "QUEUE_START", timeUnixNano: queueStart),
                    SpanEvent(name: "REQUEST_END", timeUnixNano: end),
                ])
            if let queue {
                let computeStart = queueStart + queue
                let computeEnd = max(computeStart + 30_000, end - 20_000)
                let inputEnd = computeStart + (computeEnd - computeStart) / 10
                let outputStart = computeEnd - (computeEnd - computeStart) / 20
                // The compute span is exported before its model span, as Triton's batch processor does.
                add(span(
                    SpanID(rng.next()), parent: id, "compute", .server, computeStart, computeEnd,
                    resource: triton, scope: "triton-server",
                    events: [
                        SpanEvent(name: "COMPUTE_START", timeUnixNano: computeStart),
                        SpanEvent(name: "COMPUTE_INPUT_END", timeUnixNano: inputEnd),
                        SpanEvent(name: "COMPUTE_OUTPUT_START", timeUnixNano: outputStart),
                        SpanEvent(name: "COMPUTE_END", timeUnixNano: computeEnd),
                    ]))
            }
            return result
        }

        mutating func envoyAttributes(envoy: Int, triton: Int, number: Int, rejected: Bool) -> [Attribute] {
            let a = rng.next(), b = rng.next()
            let uuid = TraceID(high: a, low: b).hex
            let u = Array(uuid.utf8)
            func part(_ r: Range<Int>) -> String { String(decoding: u[r], as: UTF8.self) }
            var attributes = [
                Attribute("node_id", .string(resources[envoy].serviceName)),
                Attribute("guid:x-request-id", .string("\(part(0..<8))-\(part(8..<12))-4\(part(13..<16))-a\(part(17..<20))-\(part(20..<32))")),
                Attribute("http.url", .string("http://supersonic.cms.example:8001/inference.GRPCInferenceService/ModelInfer")),
                Attribute("http.method", .string("POST")),
                Attribute("http.protocol", .string("HTTP/2")),
                Attribute("user_agent", .string("grpc-c++/1.62.1 grpc-c/39.0.0 (linux; chttp2)")),
                Attribute("peer.address", .string("10.244.\(envoy + 3).\(17 + number % 40)")),
                Attribute("request_size", .string("\(18_000 + rng.below(4_000))")),
                Attribute("response_size", .string(rejected ? "0" : "\(1_200 + rng.below(300))")),
                Attribute("component", .string("proxy")),
                Attribute("upstream_cluster", .string("triton_grpc_service")),
                Attribute("upstream_address", .string("10.42.\(triton / 4).\(20 + triton):8001")),
                Attribute("http.status_code", .string("200")),
                Attribute("grpc.status_code", .string(rejected ? "14" : "0")),
                Attribute("response_flags", .string("-")),
            ]
            if rejected { attributes.append(Attribute("grpc.message", .string("Exceeds maximum queue size"))) }
            return attributes
        }
    }
}
