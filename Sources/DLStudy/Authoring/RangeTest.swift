import DLCore
import DLPlot
import Foundation

/// An LR range test (Smith 2017; fastai's `lr_find`) read back from its run's records: the
/// recorded minibatch losses replayed through `LRRangeTest`, the suggestions as quantities for
/// tables and claims, and the test's figure.
public struct RangeTestReading: @unchecked Sendable {
    public let config: LRRangeTestConfig

    public init(_ config: LRRangeTestConfig) { self.config = config }

    /// The test of one run; a non-finite loss, which ended the run, counts as the last point.
    public func result(_ record: RunRecord) -> LRRangeTestResult {
        var losses = record.steps.map(\.loss)
        if record.status == .diverged { losses.append(.infinity) }
        return LRRangeTest.replay(losses, config: config)
    }

    /// The suggestion, in log₁₀ lr: steepest descent up to the smallest smoothed loss.
    public var suggestion: Quantity {
        .custom("range-test suggestion (log₁₀ lr)") { [self] in result($0).steepestBeforeMinimumLR.map(log10) }
    }

    /// Every suggestion, as rates: steepest before the minimum, fastai's steep and valley, the
    /// smallest loss ÷ 10 and the smallest loss itself.
    public var suggestions: [Quantity] {
        [
            .custom("steepest descent before the minimum") { [self] in result($0).steepestBeforeMinimumLR },
            .custom("fastai steep") { [self] in result($0).steepestDescentLR },
            .custom("fastai valley") { [self] in result($0).valleyLR },
            .custom("smallest loss ÷ 10") { [self] in result($0).minimumOverTenLR },
            .custom("smallest loss") { [self] in result($0).minimumLossLR },
        ]
    }
}

extension FigureBlock {
    /// The range test: smoothed minibatch loss against the rate, one ramp per seed (raw losses
    /// faint); circles at the suggestion, diamonds at the smallest loss ÷ 10, ✕ where the test
    /// stopped; `region` shaded (say a sweep's good region). The y axis shows the dip below the
    /// starting loss; the blow-up leaves the top.
    public static func rangeTest(
        _ id: String, caption: String, level: LevelHandle, reading: RangeTestReading,
        region: ((StudyResults) -> ClosedRange<Double>?)? = nil, regionLabel: String = "good region"
    ) -> FigureBlock {
        FigureBlock(id, caption: caption, experiment: level.experiment.id) { r in
            let figure = Figure(width: 640, height: 340)
            let axes = figure.axes
            axes.xAxis.label = "learning rate"
            axes.yAxis.label = "training loss (minibatch)"
            axes.xAxis.scale = .log
            axes.legend = .best
            if let span = region?(r) { axes.verticalSpan(span, label: regionLabel) }
            guard let cell = r[level] else { return figure }
            let tests = cell.seeds.map { reading.result(cell.runs[$0]!) }
            let start = tests.last?.smoothedLosses.first ?? 2.3
            let low = tests.compactMap { $0.smoothedLosses.filter(\.isFinite).min() }.min() ?? start - 1
            for (i, (seed, test)) in zip(cell.seeds, tests).enumerated() {
                let color = Palette.categorical(i), lrs = test.learningRates, smooth = test.smoothedLosses
                axes.line(x: lrs, y: test.losses, color: color.withAlpha(0.18), width: 0.75)
                axes.line(x: lrs, y: smooth, label: "seed \(seed)", color: color, width: 1.75)
                if let lr = test.steepestBeforeMinimumLR, let j = lrs.firstIndex(of: lr) {
                    axes.scatter(x: [lr], y: [smooth[j]], color: color, marker: .circle, size: 9, alpha: 1)
                }
                if let m = test.minimumLossLR, !lrs.isEmpty {
                    // The minimum ÷ 10 sits left of the minimum; mark it on the curve there.
                    let near = lrs.indices.min { abs(log(lrs[$0] / (m / 10))) < abs(log(lrs[$1] / (m / 10))) }!
                    axes.scatter(x: [m / 10], y: [smooth[near]], color: color, marker: .diamond, size: 9, alpha: 1)
                }
                if test.diverged, let lr = lrs.last {
                    axes.scatter(x: [lr], y: [min(smooth.last!, start + 0.55 * (start - low))], color: FigureStyle.failure,
                                 marker: .cross, size: 9, alpha: 1)
                }
            }
            axes.yAxis.max = start + 0.6 * (start - low)
            axes.yAxis.min = low - 0.15 * (start - low)
            return figure
        }
    }
}
