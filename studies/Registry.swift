import DLStudy

/// Every study `dlstudy` knows, by name. Adding a study is one file in `studies/` and one line here.
public enum StudyRegistry {
    public static let all: [Study] = [
        BatchSizeStudy.study,
        LearningRateStudy.study,
        InitializationStudy.study,
        RegularizersStudy.study,
        DemoStudy.study,
        BatchNormStudy.study,
        Conv1x1Study.study,
        KernelsStudy.study,
        LotteryStudy.study,
        AveragingStudy.study,
        CompressionStudy.study,
    ]

    public static func named(_ name: String) -> Study? { all.first { $0.name == name } }
}
