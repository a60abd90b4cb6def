import Foundation

/// The data of a run: a built-in generator with its knobs, or files a user already has (NumPy
/// `.npz`, IDX as MNIST ships, CSV), plus how to cut it.
///
/// `trainSamples` keeps the first n training samples; `validationSamples` holds out the m
/// training samples right after them (or the last m when `trainSamples` is not set) as a
/// validation set, which early stopping and reduce-on-plateau watch. The test set is never cut.
public struct DataSpec: Codable, Hashable, Sendable {
    public enum Source: Hashable, Sendable {
        case builtin(BuiltinData)
        /// An `.npz` with `x_train`, `y_train`, `x_test`, `y_test` (as `dlstudy data export` writes).
        case npz(path: String)
        /// IDX files (MNIST's format): images and labels of each split.
        case idx(IDXFiles)
        /// CSV files: one sample per row, one column the class label.
        case csv(CSVFiles)
    }

    /// `{"idx": {"trainImages": …, "trainLabels": …, "testImages": …, "testLabels": …}}`, plus
    /// optionally `validationImages` and `validationLabels`. Paths are relative to the spec file.
    public struct IDXFiles: Codable, Hashable, Sendable {
        public var trainImages: String
        public var trainLabels: String
        public var testImages: String
        public var testLabels: String
        public var validationImages: String?
        public var validationLabels: String?

        public init(
            trainImages: String, trainLabels: String, testImages: String, testLabels: String,
            validationImages: String? = nil, validationLabels: String? = nil
        ) {
            self.trainImages = trainImages; self.trainLabels = trainLabels
            self.testImages = testImages; self.testLabels = testLabels
            self.validationImages = validationImages; self.validationLabels = validationLabels
        }

        enum CodingKeys: String, CodingKey {
            case trainImages, trainLabels, testImages, testLabels, validationImages, validationLabels
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            trainImages = try c.decode(String.self, forKey: .trainImages)
            trainLabels = try c.decode(String.self, forKey: .trainLabels)
            testImages = try c.decode(String.self, forKey: .testImages)
            testLabels = try c.decode(String.self, forKey: .testLabels)
            validationImages = try c.decodeIfPresent(String.self, forKey: .validationImages)
            validationLabels = try c.decodeIfPresent(String.self, forKey: .validationLabels)
            guard (validationImages == nil) == (validationLabels == nil) else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: c.codingPath,
                    debugDescription: "give both validationImages and validationLabels, or neither"))
            }
        }

        /// Every field spelled out, `null` for a missing validation pair (so the unknown-key
        /// check can suggest them).
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(trainImages, forKey: .trainImages)
            try c.encode(trainLabels, forKey: .trainLabels)
            try c.encode(testImages, forKey: .testImages)
            try c.encode(testLabels, forKey: .testLabels)
            try c.encode(validationImages, forKey: .validationImages)
            try c.encode(validationLabels, forKey: .validationLabels)
        }

        /// Every path, in the order above.
        public var paths: [String] {
            [trainImages, trainLabels, testImages, testLabels] + [validationImages, validationLabels].compactMap { $0 }
        }
    }

    /// `{"csv": {"train": "train.csv", "test": "test.csv", "label": "label"}}`: `label` is the
    /// label column, by header name (a string) or by 0-based index (an integer; −1 is the last
    /// column); optionally `validation` (a third file), `header` (true or false; detected when
    /// left out) and `delimiter` (one character, default ",").
    public struct CSVFiles: Codable, Hashable, Sendable {
        public var train: String
        public var test: String
        public var validation: String?
        /// `.index(i)` (negative counts from the end) or `.name(n)`.
        public var label: CSVColumn
        public var header: Bool?
        public var delimiter: String

        public init(
            train: String, test: String, validation: String? = nil, label: CSVColumn,
            header: Bool? = nil, delimiter: String = ","
        ) {
            self.train = train; self.test = test; self.validation = validation
            switch label {  // as JSON spells them, so a spec equals its decoded encoding
            case .first: self.label = .index(0)
            case .last: self.label = .index(-1)
            default: self.label = label
            }
            self.header = header; self.delimiter = delimiter
        }

        enum CodingKeys: String, CodingKey { case train, test, validation, label, header, delimiter }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            train = try c.decode(String.self, forKey: .train)
            test = try c.decode(String.self, forKey: .test)
            validation = try c.decodeIfPresent(String.self, forKey: .validation)
            if let i = try? c.decode(Int.self, forKey: .label) {
                label = .index(i)
            } else if let n = try? c.decode(String.self, forKey: .label) {
                label = .name(n)
            } else {
                guard c.contains(.label), !(try c.decodeNil(forKey: .label)) else {
                    throw DecodingError.keyNotFound(CodingKeys.label, .init(
                        codingPath: c.codingPath,
                        debugDescription: "the label column: a header name (string) or a 0-based index (integer, -1 for the last)"))
                }
                throw DecodingError.typeMismatch(String.self, .init(
                    codingPath: c.codingPath + [CodingKeys.label],
                    debugDescription: "label is a header name (string) or a 0-based column index (integer, -1 for the last)"))
            }
            header = try c.decodeIfPresent(Bool.self, forKey: .header)
            delimiter = try c.decode(.delimiter, default: ",")
            guard delimiter.count == 1, delimiter != "\n", delimiter != "\"" else {
                throw DecodingError.dataCorrupted(.init(
                    codingPath: c.codingPath + [CodingKeys.delimiter],
                    debugDescription: "delimiter is \(delimiter.debugDescription); give one character such as \",\", \";\" or \"\\t\""))
            }
        }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(train, forKey: .train)
            try c.encode(test, forKey: .test)
            try c.encode(validation, forKey: .validation)  // null when absent: every field spelled out
            switch label {
            case .index(let i): try c.encode(i, forKey: .label)
            case .name(let n): try c.encode(n, forKey: .label)
            case .first: try c.encode(0, forKey: .label)
            case .last: try c.encode(-1, forKey: .label)
            }
            try c.encode(header, forKey: .header)
            try c.encode(delimiter, forKey: .delimiter)
        }

        /// Every path: train, test, then validation when given.
        public var paths: [String] { [train, test] + [validation].compactMap { $0 } }
    }

    enum CodingKeys: String, CodingKey { case builtin, npz, idx, csv, trainSamples, validationSamples, sampleShape }

    /// JSON: `{"builtin": "mnist1d"}` or `{"builtin": {"mnist1d": {"seed": 3}}}`, or
    /// `{"npz": "data.npz"}`, `{"idx": {…}}`, `{"csv": {…}}`; plus the optional cuts.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let sources: [CodingKeys] = [.builtin, .npz, .idx, .csv]
        let given = try sources.filter { try c.contains($0) && !c.decodeNil(forKey: $0) }
        if given.count > 1 {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath,
                debugDescription: "data names \(given.count) sources (\(given.map(\.stringValue).joined(separator: ", "))); give exactly one"))
        }
        if let b = try c.decodeIfPresent(BuiltinData.self, forKey: .builtin) {
            source = .builtin(b)
        } else if let path = try c.decodeIfPresent(String.self, forKey: .npz) {
            source = .npz(path: path)
        } else if let files = try c.decodeIfPresent(IDXFiles.self, forKey: .idx) {
            source = .idx(files)
        } else if let files = try c.decodeIfPresent(CSVFiles.self, forKey: .csv) {
            source = .csv(files)
        } else {
            throw DecodingError.dataCorrupted(.init(
                codingPath: c.codingPath,
                debugDescription: "data needs \"builtin\" (one of \(BuiltinData.names.joined(separator: ", "))), \"npz\" (a file path), \"idx\" (trainImages, trainLabels, testImages, testLabels) or \"csv\" (train, test, label)"))
        }
        trainSamples = try c.decodeIfPresent(Int.self, forKey: .trainSamples)
        validationSamples = try c.decodeIfPresent(Int.self, forKey: .validationSamples)
        sampleShape = try c.decodeIfPresent(Shape.self, forKey: .sampleShape)
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch source {
        case .builtin(let b): try c.encode(b, forKey: .builtin)
        case .npz(let path): try c.encode(path, forKey: .npz)
        case .idx(let files): try c.encode(files, forKey: .idx)
        case .csv(let files): try c.encode(files, forKey: .csv)
        }
        try c.encodeIfPresent(trainSamples, forKey: .trainSamples)
        try c.encodeIfPresent(validationSamples, forKey: .validationSamples)
        try c.encodeIfPresent(sampleShape, forKey: .sampleShape)
    }

    public var source: Source
    public var trainSamples: Int?
    public var validationSamples: Int?
    /// View every sample with this shape (same number of values), e.g. [1, 40] for a Conv1d.
    public var sampleShape: Shape?

    public init(_ source: Source, trainSamples: Int? = nil, validationSamples: Int? = nil, sampleShape: Shape? = nil) {
        self.source = source; self.trainSamples = trainSamples
        self.validationSamples = validationSamples; self.sampleShape = sampleShape
    }

    /// The canonical MNIST-1D (4000 train, 1000 test, 40 values, 10 classes).
    public static let mnist1d = DataSpec(.builtin(.mnist1d(MNIST1DConfig())))

    /// A path of the spec resolved as `load` reads it: relative to `baseDirectory` (the spec
    /// file's folder, taken as a folder even when its URL does not end in "/"), or the current
    /// folder when that is nil.
    public static func resolve(_ path: String, baseDirectory: URL?) -> URL {
        URL(fileURLWithPath: path, relativeTo: baseDirectory.map { URL(fileURLWithPath: $0.path, isDirectory: true) })
    }

    /// The paths this spec names, as written (none for a built-in generator).
    public var paths: [String] {
        switch source {
        case .builtin: return []
        case .npz(let path): return [path]
        case .idx(let files): return files.paths
        case .csv(let files): return files.paths
        }
    }

    /// Every file this spec reads, resolved as `load` resolves it and made absolute (none for a
    /// built-in generator): the files whose contents, besides the spec, determine the data.
    public func files(baseDirectory: URL? = nil) -> [URL] {
        paths.map { URL(fileURLWithPath: Self.resolve($0, baseDirectory: baseDirectory).path).standardizedFileURL }
    }

    /// Generates or loads the splits. Relative file paths resolve against `baseDirectory`.
    public func load(baseDirectory: URL? = nil) throws -> DataSplits {
        EngineUsage.count { $0.dataLoads += 1 }
        var splits: DataSplits
        func url(_ path: String) -> URL { Self.resolve(path, baseDirectory: baseDirectory) }
        switch source {
        case .builtin(let b): splits = try b.make()
        case .npz(let path):
            splits = try Dataset.load(npz: url(path))
        case .idx(let f):
            splits = try DataSplits.load(
                idxTrain: (url(f.trainImages), url(f.trainLabels)),
                test: (url(f.testImages), url(f.testLabels)),
                validation: f.validationImages.flatMap { i in f.validationLabels.map { (url(i), url($0)) } })
        case .csv(let f):
            splits = try DataSplits.load(
                csvTrain: url(f.train), test: url(f.test), validation: f.validation.map(url),
                labelColumn: f.label, header: f.header, delimiter: Character(f.delimiter))
        }
        let n = splits.train.count
        let trainCount = trainSamples ?? (n - (validationSamples ?? 0))
        let validationCount = validationSamples ?? 0
        guard trainCount >= 1, trainCount + validationCount <= n else {
            throw SpecError(field: "data", problem: "asks for \(trainCount) training + \(validationCount) validation samples but the training split has \(n)",
                            fix: "lower data.trainSamples or data.validationSamples")
        }
        if validationCount > 0 {
            splits.validation = splits.train.subset(trainCount..<(trainCount + validationCount))
        }
        splits.train = splits.train.subset(0..<trainCount)
        if let shape = sampleShape {
            do { splits = try splits.reshaped(shape) } catch {
                throw SpecError(field: "data.sampleShape", problem: "\(error)", fix: "give a shape with \(splits.train.sampleShape.count) values")
            }
        }
        return splits
    }
}
