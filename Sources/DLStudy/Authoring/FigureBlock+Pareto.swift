import DLCore
import DLPlot

extension FigureBlock {
    /// A metric against its cost (steps, epochs, FLOPs, seconds), one point per level of each
    /// experiment: the mean over seeds with 95%-CI bars both ways, seeds faint, each point
    /// labelled with its level; the Pareto front — the levels no other level beats on both
    /// cost and metric — joined by a grey step line. Lower cost is better; the metric is better
    /// lower or higher as `Quantity.lowerIsBetter` says.
    public static func pareto(
        _ id: String, caption: String, experiments: [ExperimentHandle], metric: Measure, cost: Measure
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
            for (k, e) in experiments.enumerated() {
                let color = Palette.categorical(k)
                let mine = points.filter { $0.experiment == e }
                for p in mine {
                    axes.scatter(x: p.seeds.map(\.cost), y: p.seeds.map(\.metric), color: color, size: 4, alpha: 0.3)
                    axes.text(p.level.label, x: p.cost.mean, y: p.metric.mean, offset: (5, 4), anchor: .bottomLeft, size: 8.5, color: .gray)
                }
                axes.errorBars(x: mine.map(\.cost.mean), y: mine.map(\.metric.mean), yError: mine.map(\.metric.ci95),
                               xError: mine.map(\.cost.ci95), label: experiments.count > 1 ? e.id : nil, color: color)
            }
            let front = paretoFront(points.map { ($0.cost.mean, $0.metric.mean) }, lowerIsBetter: metric.quantity.lowerIsBetter)
            if front.count > 1 {
                // A step line: each front point holds until the next, cheaper-to-dearer.
                var xs: [Double] = [], ys: [Double] = []
                for (i, p) in front.enumerated() {
                    if i > 0 { xs.append(p.0); ys.append(front[i - 1].1) }
                    xs.append(p.0); ys.append(p.1)
                }
                axes.line(x: xs, y: ys, label: "Pareto front", color: .gray, width: 1, dash: .dashed)
            }
            return figure
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
