import SonicMapCore

/// Turns orthogonal polylines into box-drawing characters, joining crossings and
/// branches into the right junction glyph (`┬ ├ ┼ …`).
public struct LineRaster {
    /// Arms per cell: 1 up, 2 down, 4 left, 8 right.
    private var arms: [Point: UInt8] = [:]
    private var roles: [Point: Role] = [:]
    private var dashed: Set<Point> = []

    public init() {}

    /// Adds a polyline. Later lines win the role of shared cells.
    public mutating func add(_ points: [Point], role: Role, dashed isDashed: Bool = false) {
        guard points.count >= 2 else {
            if let p = points.first { mark(p, 0, role, isDashed) }
            return
        }
        for (a, b) in zip(points, points.dropFirst()) {
            if a.y == b.y {
                let step = b.x >= a.x ? 1 : -1
                var x = a.x
                while x != b.x {
                    mark(Point(x: x, y: a.y), step > 0 ? 8 : 4, role, isDashed)
                    mark(Point(x: x + step, y: a.y), step > 0 ? 4 : 8, role, isDashed)
                    x += step
                }
            } else if a.x == b.x {
                let step = b.y >= a.y ? 1 : -1
                var y = a.y
                while y != b.y {
                    mark(Point(x: a.x, y: y), step > 0 ? 2 : 1, role, isDashed)
                    mark(Point(x: a.x, y: y + step), step > 0 ? 1 : 2, role, isDashed)
                    y += step
                }
            }
        }
    }

    private mutating func mark(_ p: Point, _ arm: UInt8, _ role: Role, _ isDashed: Bool) {
        arms[p, default: 0] |= arm
        roles[p] = role
        if isDashed { dashed.insert(p) } else { dashed.remove(p) }
    }

    /// Draws every cell, shifted by `offset`, clipped to `clip`.
    public func draw(on canvas: inout Canvas, glyphs: Glyphs, offset: Point, clip: Rect) {
        for (p, a) in arms {
            let x = p.x + offset.x, y = p.y + offset.y
            guard clip.contains(x: x, y: y) else { continue }
            var g = glyphs.junctions[Int(a & 15)]
            if dashed.contains(p) {
                if a == 4 || a == 8 || a == 12 { g = glyphs.dashedHorizontal }
                if a == 1 || a == 2 || a == 3 { g = glyphs.dashedVertical }
            }
            canvas.put(g, x: x, y: y, role: roles[p] ?? .edge, clip: clip)
        }
    }
}
