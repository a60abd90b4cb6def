import Foundation

/// Contour geometry on a rectilinear grid, by splitting each cell into two triangles along its
/// diagonal (marching triangles: no saddle ambiguity, and lines and fills agree).
///
/// `z[j][i]` is the value at `(x[i], y[j])`. Cells touching a NaN are skipped.
public struct MarchingTriangles {
    public let x: [Double]
    public let y: [Double]
    public let z: [[Double]]

    public init(x: [Double], y: [Double], z: [[Double]]) {
        self.x = x
        self.y = y
        self.z = z
    }

    typealias Vertex = (i: Int, j: Int)
    public typealias DataPoint = (x: Double, y: Double)

    private var nx: Int { min(x.count, z.map(\.count).min() ?? 0) }
    private var ny: Int { min(y.count, z.count) }

    private func value(_ v: Vertex) -> Double { z[v.j][v.i] }

    /// The two triangles of cell (i, j), counter-clockwise in data space.
    private func triangles(_ i: Int, _ j: Int) -> [[Vertex]] {
        let a = (i, j)
        let b = (i + 1, j)
        let c = (i + 1, j + 1)
        let d = (i, j + 1)
        return [[a, b, c], [a, c, d]]
    }

    private func cellIsFinite(_ i: Int, _ j: Int) -> Bool {
        [z[j][i], z[j][i + 1], z[j + 1][i], z[j + 1][i + 1]].allSatisfy(\.isFinite)
    }

    /// The point on edge u–v where the linear interpolant equals `level`.
    private func crossing(_ u: Vertex, _ v: Vertex, _ level: Double) -> DataPoint {
        let zu = value(u)
        let zv = value(v)
        let t = zv == zu ? 0.5 : (level - zu) / (zv - zu)
        return (x[u.i] + (x[v.i] - x[u.i]) * t, y[u.j] + (y[v.j] - y[u.j]) * t)
    }

    /// Polylines where z = `level`, joined across cells.
    public func isolines(at level: Double) -> [[DataPoint]] {
        guard nx >= 2, ny >= 2 else { return [] }
        // A segment joins two crossed edges; an edge is keyed by its two vertices' indices.
        var segments: [(Int, Int)] = []
        var points: [Int: DataPoint] = [:]
        func key(_ u: Vertex, _ v: Vertex) -> Int {
            let a = u.j * nx + u.i
            let b = v.j * nx + v.i
            return min(a, b) * nx * ny + max(a, b)
        }
        for j in 0..<(ny - 1) {
            for i in 0..<(nx - 1) where cellIsFinite(i, j) {
                for tri in triangles(i, j) {
                    var crossed: [Int] = []
                    for k in 0..<3 {
                        let u = tri[k]
                        let v = tri[(k + 1) % 3]
                        if (value(u) >= level) != (value(v) >= level) {
                            let id = key(u, v)
                            points[id] = crossing(u, v, level)
                            crossed.append(id)
                        }
                    }
                    if crossed.count == 2 { segments.append((crossed[0], crossed[1])) }
                }
            }
        }
        return Self.chain(segments).map { $0.map { points[$0]! } }
    }

    /// Joins segments sharing endpoints into polylines (each endpoint is shared at most twice).
    static func chain(_ segments: [(Int, Int)]) -> [[Int]] {
        var byEnd: [Int: [Int]] = [:]
        for (s, seg) in segments.enumerated() {
            byEnd[seg.0, default: []].append(s)
            byEnd[seg.1, default: []].append(s)
        }
        var used = [Bool](repeating: false, count: segments.count)
        func walk(from start: Int, via first: Int) -> [Int] {
            var line = [start]
            var end = start
            var s: Int? = first
            while let seg = s, !used[seg] {
                used[seg] = true
                end = segments[seg].0 == end ? segments[seg].1 : segments[seg].0
                line.append(end)
                s = byEnd[end]?.first { !used[$0] }
            }
            return line
        }
        var lines: [[Int]] = []
        // Open lines start at an end used once; what remains are closed loops.
        // In key order: a Dictionary's order changes from process to process, and the figure
        // must not (same data, same bytes).
        for end in byEnd.keys.sorted() {
            let segs = byEnd[end]!
            if segs.count == 1 && !used[segs[0]] { lines.append(walk(from: end, via: segs[0])) }
        }
        for s in segments.indices where !used[s] {
            lines.append(walk(from: segments[s].0, via: s))
        }
        return lines
    }

    /// Polygons covering the region where z ≥ `level`: whole cells merged into row runs, cut
    /// triangles at the boundary. All are counter-clockwise in data space, so filling them as one
    /// path (non-zero winding) shows no seams.
    public func superlevelPolygons(at level: Double) -> [[DataPoint]] {
        guard nx >= 2, ny >= 2 else { return [] }
        var polygons: [[DataPoint]] = []
        for j in 0..<(ny - 1) {
            var runStart: Int?
            func closeRun(at end: Int) {
                if let s = runStart {
                    polygons.append([
                        (x[s], y[j]), (x[end], y[j]), (x[end], y[j + 1]), (x[s], y[j + 1]),
                    ])
                }
                runStart = nil
            }
            for i in 0..<(nx - 1) {
                let finite = cellIsFinite(i, j)
                let full =
                    finite
                    && [z[j][i], z[j][i + 1], z[j + 1][i], z[j + 1][i + 1]].allSatisfy {
                        $0 >= level
                    }
                if full {
                    if runStart == nil { runStart = i }
                    continue
                }
                closeRun(at: i)
                guard finite else { continue }
                for tri in triangles(i, j) {
                    let poly = clip(tri, level)
                    if poly.count >= 3 { polygons.append(poly) }
                }
            }
            closeRun(at: nx - 1)
        }
        return polygons
    }

    /// The part of triangle `tri` where the interpolant is ≥ `level` (Sutherland–Hodgman).
    private func clip(_ tri: [Vertex], _ level: Double) -> [DataPoint] {
        var out: [DataPoint] = []
        for k in 0..<3 {
            let u = tri[k]
            let v = tri[(k + 1) % 3]
            let uIn = value(u) >= level
            let vIn = value(v) >= level
            if uIn { out.append((x[u.i], y[u.j])) }
            if uIn != vIn { out.append(crossing(u, v, level)) }
        }
        return out
    }
}
