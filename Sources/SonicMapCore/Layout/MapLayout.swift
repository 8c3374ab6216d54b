/// Where every box and every edge of the map goes, in canvas cells.
public struct MapLayout: Equatable, Sendable {
    public var width: Int
    public var height: Int
    public var boxes: [String: Rect]
    /// Node ids per layer, top to bottom, left to right.
    public var layers: [[String]]
    /// Each edge as an orthogonal polyline. The first point is the cell right of the
    /// source box; the last is the arrow cell left of the target box. For a reversed
    /// edge (one that closes a cycle) the polyline runs from the target to the source
    /// and the arrow points back at the start.
    public var routes: [EdgeKey: [Point]]
    /// Every line of the picture once (stubs, trunks, branches), with the edges it carries:
    /// drawing these instead of every route keeps a 2 × 1000 fan-out cheap.
    public var segments: [LayoutSegment]
    /// Edges drawn against the flow to break a cycle.
    public var reversed: Set<EdgeKey>
    /// Edges from a node to itself, not drawn as lines.
    public var selfLoops: [EdgeKey]
    /// Places for edge labels, one per incoming branch of a box.
    public var labels: [LabelSlot]

    public init(width: Int, height: Int, boxes: [String: Rect], layers: [[String]], routes: [EdgeKey: [Point]], segments: [LayoutSegment],
                reversed: Set<EdgeKey>, selfLoops: [EdgeKey], labels: [LabelSlot]) {
        self.segments = segments
        self.width = width
        self.height = height
        self.boxes = boxes
        self.layers = layers
        self.routes = routes
        self.reversed = reversed
        self.selfLoops = selfLoops
        self.labels = labels
    }

    public static let empty = MapLayout(width: 0, height: 0, boxes: [:], layers: [], routes: [:], segments: [], reversed: [], selfLoops: [], labels: [])
}

/// A branch into a box: where its label goes, its arrowhead, and the edges of the bus
/// that share it.
public struct LabelSlot: Equatable, Sendable {
    public var origin: Point
    public var width: Int
    /// The arrowhead cell, left of the target box.
    public var arrow: Point
    public var edges: [EdgeKey]

    public init(origin: Point, width: Int, arrow: Point, edges: [EdgeKey]) {
        self.origin = origin
        self.width = width
        self.arrow = arrow
        self.edges = edges
    }
}

/// One straight line of the picture and the edges that run along it.
public struct LayoutSegment: Equatable, Sendable {
    public var from: Point
    public var to: Point
    public var edges: [EdgeKey]

    public init(from: Point, to: Point, edges: [EdgeKey]) {
        self.from = from
        self.to = to
        self.edges = edges
    }
}
