import DLCore
import DLPlot
import Foundation

extension FigureBlock {
    /// A metric against its cost (steps, epochs, FLOPs, seconds), one point per level of each
    /// experiment: the mean over seeds with 95%-CI bars both ways, seeds faint, each point
    /// labelled with its level; the Pareto front — the levels no other level beats on both
    /// cost and metric — joined by a grey step line. Lower cost is better; the metric is better
    /// lower or higher as `Quantity.lowerIsBetter` says.
    ///
    /// Many settings (a compression study's dozens) crowd the labels and, with few seeds, 95%-CI
    /// bars: `labels: .front` labels only the front's points (colours and a table name the rest),
    /// `bars: .sd` draws ±1 sd instead.
    public static func pareto(
        _ id: String, caption: String, experiments: [ExperimentHandle], metric: Measure, cost: Measure,
        labels: ParetoLabels = .all, bars: ParetoBars = .ci95
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: experiments.first?.id ?? "main") { r in
            let figure = Figure(width: 560, height: 340)
            let axes = figure.axes
            axes.xAxis.label = cost.label
            axes.yAxis.label = metric.label
            if cost.log { axes.xAxis.scale = .log }
            if metric.log { axes.yAxis.scale = .log }
            axes.legend = experiments.count > 1 ? .best : .none
            let points = paretoPoints(r, experiments, metric: metric, cost: cost)
            let front = paretoFront(points.map { ($0.cost.mean, $0.metric.mean) }, lowerIsBetter: metric.quantity.lowerIsBetter)
            let onFront = points.map { p in front.contains { $0.cost == p.cost.mean && $0.metric == p.metric.mean } }
            let labelled = points.indices.filter { labels == .all || onFront[$0] }
            let places = labelPlaces(labelled.map { i in (cost.log ? log10(points[i].cost.mean) : points[i].cost.mean, metric.log ? log10(points[i].metric.mean) : points[i].metric.mean) },
                                     widths: labelled.map { points[$0].level.label.count })
            let place = Dictionary(uniqueKeysWithValues: zip(labelled, places).map { ($0, $1) })
            let spread = { (s: Summary) in bars == .sd ? s.sd : s.ci95 }
            for (k, e) in experiments.enumerated() {
                let color = Palette.categorical(k)
                let mine = points.filter { $0.experiment == e }
                for (i, p) in points.enumerated() where p.experiment == e {
                    axes.scatter(x: p.seeds.map(\.cost), y: p.seeds.map(\.metric), color: color, size: 4, alpha: 0.3)
                    if let at = place[i] {
                        axes.text(p.level.label, x: p.cost.mean, y: p.metric.mean, offset: at.offset, anchor: at.anchor, size: 8.5, color: color)
                    }
                }
                axes.errorBars(x: mine.map(\.cost.mean), y: mine.map(\.metric.mean), yError: mine.map { spread($0.metric) },
                               xError: mine.map { spread($0.cost) }, label: experiments.count > 1 ? e.id : nil, color: color)
            }
            if let last = front.last, let dearest = points.map(\.cost.mean).max() {
                // A staircase: each front point holds until the next dearer one, and the last
                // to the dearest setting; everything below it (worse for its cost) is dominated.
                var xs: [Double] = [], ys: [Double] = []
                for (i, p) in front.enumerated() {
                    if i > 0 { xs.append(p.0); ys.append(front[i - 1].1) }
                    xs.append(p.0); ys.append(p.1)
                }
                xs.append(max(dearest, last.cost)); ys.append(last.metric)
                axes.line(x: xs, y: ys, label: "Pareto front", color: .gray, width: 1, dash: .dashed)
            }
            return figure
        }
    }

    /// Which points of a Pareto figure carry their level's label.
    public enum ParetoLabels: Sendable { case all, front }
    /// What a Pareto figure's bars show: the 95% confidence interval of the mean, or ±1 sd.
    public enum ParetoBars: Sendable { case ci95, sd }

    /// Where each point's label goes: right and up, else right and down, left and up, left and
    /// down — the first that does not overlap a label already placed (in data units scaled to
    /// the points' range; a label is about 1.1% of the width per character, 5% high).
    static func labelPlaces(_ at: [(Double, Double)], widths: [Int]) -> [(offset: (dx: Double, dy: Double), anchor: TextAnchor)] {
        let xs = at.map(\.0), ys = at.map(\.1)
        let sx = max((xs.max() ?? 1) - (xs.min() ?? 0), 1e-12), sy = max((ys.max() ?? 1) - (ys.min() ?? 0), 1e-12)
        var boxes: [(Double, Double, Double, Double)] = []
        return zip(at, widths).map { p, chars in
            let (u, v, w, h) = (p.0 / sx, p.1 / sy, 0.011 * Double(chars) + 0.01, 0.06)
            let candidates: [((dx: Double, dy: Double), TextAnchor, (Double, Double))] = [
                ((5, 4), .bottomLeft, (u + 0.01, v + 0.015)), ((5, -4), .topLeft, (u + 0.01, v - 0.015 - h)),
                ((-5, 4), TextAnchor(.right, .bottom), (u - 0.01 - w, v + 0.015)),
                ((-5, -4), TextAnchor(.right, .top), (u - 0.01 - w, v - 0.015 - h)),
            ]
            let free = candidates.first { c in
                !boxes.contains { b in c.2.0 < b.0 + b.2 && b.0 < c.2.0 + w && c.2.1 < b.1 + b.3 && b.1 < c.2.1 + h }
            } ?? candidates[0]
            boxes.append((free.2.0, free.2.1, w, h))
            return (free.0, free.1)
        }
    }

    struct ParetoPoint {
        let experiment: ExperimentHandle
        let level: LevelHandle
        let cost: Summary, metric: Summary
        let seeds: [(cost: Double, metric: Double)]
    }

    /// Each level's seeds that have both values, and their summaries.
    static func paretoPoints(_ r: StudyResults, _ experiments: [ExperimentHandle], metric: Measure, cost: Measure) -> [ParetoPoint] {
        experiments.flatMap { e -> [ParetoPoint] in
            guard let exp = r[e] else { return [] }
            return zip(exp.cells, exp.levels).compactMap { cell, level in
                let c = cell.values(cost.quantity), m = cell.values(metric.quantity)
                let seeds = cell.seeds.compactMap { s -> (Double, Double)? in
                    guard let a = c[s], let b = m[s], a.isFinite, b.isFinite else { return nil }
                    return (a * cost.scale, b * metric.scale)
                }
                guard let sc = Summary(seeds.map(\.0)), let sm = Summary(seeds.map(\.1)) else { return nil }
                return ParetoPoint(experiment: e, level: level, cost: sc, metric: sm, seeds: seeds.map { (cost: $0.0, metric: $0.1) })
            }
        }
    }

    /// The points no other point beats on both cost (lower) and metric, by increasing cost.
    public static func paretoFront(_ points: [(cost: Double, metric: Double)], lowerIsBetter: Bool) -> [(cost: Double, metric: Double)] {
        let better: (Double, Double) -> Bool = lowerIsBetter ? { $0 < $1 } : { $0 > $1 }
        var front: [(cost: Double, metric: Double)] = []
        for p in points.sorted(by: { $0.cost != $1.cost ? $0.cost < $1.cost : better($0.metric, $1.metric) }) {
            if front.isEmpty || better(p.metric, front.last!.metric) { front.append(p) }
        }
        return front
    }
}
