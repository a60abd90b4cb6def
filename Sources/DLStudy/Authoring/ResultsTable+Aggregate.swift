import DLCore

/// The columns a results table groups by.
public enum ResultColumn: Hashable, Sendable, CaseIterable {
    case experiment, level, seed, epoch, step, metric
}

/// The values of the grouping columns of one group (nil for a column not grouped by).
public struct GroupKey: Hashable, Sendable {
    public var experiment: String?
    public var level: String?
    public var seed: UInt64?
    public var epoch: Int?
    public var step: Int?
    public var metric: String?

    init(_ row: ResultRow, _ columns: Set<ResultColumn>) {
        experiment = columns.contains(.experiment) ? row.experiment : nil
        level = columns.contains(.level) ? row.level : nil
        seed = columns.contains(.seed) ? row.seed : nil
        epoch = columns.contains(.epoch) ? row.epoch : nil
        step = columns.contains(.step) ? row.step : nil
        metric = columns.contains(.metric) ? row.metric : nil
    }
}

/// The rows that share a key, in seed order.
public struct ResultGroup: Sendable {
    public let key: GroupKey
    public let rows: [ResultRow]

    /// The values in seed order (then table order), so sums are reproducible.
    public var values: [Double] { rows.map(\.value) }
    /// Mean, sd, 95% CI, min and max of the values (nil when there are none).
    public var summary: Summary? { Summary(values) }
    /// The first row: the level's value, the step and samples seen of an epoch, for axes.
    public var first: ResultRow { rows[0] }
}

/// One group's aggregate.
public struct AggregateRow: Sendable {
    public let key: GroupKey
    public let summary: Summary
    /// The group's first row (level value, step and samples seen of the epoch, for axes).
    public let first: ResultRow
}

extension ResultsTable {
    /// Groups the rows by `columns`, in order of each key's first row (so by experiment, level,
    /// seed and epoch as the table lists them); within a group the rows are in seed order.
    public func grouped(by columns: [ResultColumn]) -> [ResultGroup] {
        let set = Set(columns)
        var order: [GroupKey] = []
        var members: [GroupKey: [ResultRow]] = [:]
        for row in rows {
            let key = GroupKey(row, set)
            if members[key] == nil { order.append(key) }
            members[key, default: []].append(row)
        }
        return order.map { key in
            let indexed = members[key]!.enumerated().sorted { ($0.element.seed, $0.offset) < ($1.element.seed, $1.offset) }
            return ResultGroup(key: key, rows: indexed.map(\.element))
        }
    }

    /// Mean, sd and 95% CI per group (summed in seed order). With `complete`, a group counts
    /// only when every seed of its level has a value there — for curves, the epochs every run
    /// reached, so a run that stopped early does not bend the mean at the end.
    public func aggregate(by columns: [ResultColumn], complete: Bool = false) -> [AggregateRow] {
        var seedsPerLevel: [String: Set<UInt64>] = [:]
        if complete {
            for row in rows { seedsPerLevel[row.experiment + "\u{1F}" + row.level, default: []].insert(row.seed) }
        }
        return grouped(by: columns).compactMap { group in
            if complete {
                let expected = seedsPerLevel[group.first.experiment + "\u{1F}" + group.first.level]?.count ?? 0
                guard Set(group.rows.map(\.seed)).count == expected else { return nil }
            }
            return group.summary.map { AggregateRow(key: group.key, summary: $0, first: group.first) }
        }
    }

    /// The mean curve of one level: (x, summary) per epoch that every seed reached, in order.
    public func curve(_ level: LevelHandle, _ metric: Metric, x: CurveAxis = .epoch) -> [(x: Double, summary: Summary)] {
        self.level(level).metric(metric).aggregate(by: [.epoch], complete: true).compactMap { a in
            a.first.x(x).map { ($0, a.summary) }
        }
    }
}
