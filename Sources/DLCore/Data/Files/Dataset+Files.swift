import Foundation

/// Building data sets from arrays read from files, with errors that name the file.
enum FileData {
    /// The most classes a data set may get from its largest label (a label beyond that is almost
    /// surely not a class index, and would make a model too large to build).
    static let maxInferredClasses = 1_000_000

    /// - Parameters:
    ///   - source: names the inputs in errors (a file, or `file[x_train]`).
    ///   - labelSource: names the labels in errors (default `source`).
    ///   - inputPlace: says where input value `i` (flat index) is, e.g. `[3, 0, 5]` or `line 4, column 2`.
    ///   - labelPlace: says where label `i` is, e.g. `index 3` or `line 4`.
    static func dataset(
        inputs: [Float], labels: [Int64], perSample: [Int], sampleShape: Shape?, classes: Int?,
        source: String, labelSource: String? = nil,
        inputPlace: ((Int) -> String)? = nil, labelPlace: ((Int) -> String)? = nil
    ) throws -> Dataset {
        let labelSource = labelSource ?? source
        guard let size = NDArray.elementCount(perSample), size <= Int(Int32.max) else {
            throw DataError(
                .tooLarge, file: source,
                problem: "samples of shape \(perSample) have more values than dlstudy can handle",
                fix: "the file's header is damaged, or the samples need reshaping before saving")
        }
        try checkFinite(
            inputs, source: source,
            place: inputPlace ?? { "index \(multiIndex($0, perSample: perSample))" })
        let shape: Shape
        if let s = sampleShape {
            guard s.count == size else {
                throw DataError(
                    .shapeMismatch, file: source,
                    problem:
                        "samples have \(size) values (shape \(perSample)), which does not fit shape \(s) (\(s.count) values)",
                    fix: "give a sample shape with \(size) values")
            }
            shape = s
        } else {
            guard perSample.count <= Shape.maxRank else {
                throw DataError(
                    .shapeMismatch, file: source,
                    problem: "samples of rank \(perSample.count) (\(perSample))",
                    fix: "give a sample shape of rank ≤ \(Shape.maxRank)")
            }
            shape = Shape(perSample)
        }
        let k = try checkLabels(
            labels, classes: classes, source: labelSource,
            place: labelPlace ?? { "index \($0)" })
        return try Dataset.validated(
            inputs: inputs, labels: labels.map { Int32($0) }, sampleShape: shape,
            classes: k, source: source)
    }

    /// Throws a `nonFinite` error naming the first NaN or infinity of `inputs` (and how many there are).
    static func checkFinite(_ inputs: [Float], source: String, place: (Int) -> String) throws {
        guard let first = inputs.firstIndex(where: { !$0.isFinite }) else { return }
        let others = inputs[(first + 1)...].lazy.filter { !$0.isFinite }.count
        throw DataError(
            .nonFinite, file: source,
            problem:
                "value \(inputs[first]) at \(place(first)) is not a finite number"
                + (others > 0 ? " (and \(others) more NaN or infinite values)" : ""),
            fix:
                "training on it would only diverge; find them with numpy.argwhere(~numpy.isfinite(x)), then replace them (numpy.nan_to_num) or drop those samples and save the file again"
        )
    }

    /// Checks that every label is a class index 0…K−1 (K = `classes`, or the largest label + 1)
    /// and returns K; errors name the label array and the first bad label's place.
    static func checkLabels(
        _ labels: [Int64], classes: Int?, source: String, place: (Int) -> String
    ) throws -> Int {
        if let i = labels.firstIndex(where: { $0 < 0 }) {
            throw DataError(
                .labelOutOfRange, file: source,
                problem:
                    "label \(labels[i]) at \(place(i)) is negative; labels must be class indices 0…K−1 (K classes)",
                fix: "remap the labels to 0…K−1, e.g. numpy.unique(y, return_inverse=True)[1]")
        }
        if let i = labels.firstIndex(where: { $0 > Int64(Int32.max) - 1 }) {
            throw DataError(
                .labelOutOfRange, file: source,
                problem:
                    "label \(labels[i]) at \(place(i)) is too large for a class index; labels must be 0…K−1 (K classes)",
                fix: "remap the labels to 0…K−1, e.g. numpy.unique(y, return_inverse=True)[1]")
        }
        let k = classes ?? Int(labels.max() ?? 0) + 1
        if classes == nil, k > maxInferredClasses, let i = labels.firstIndex(of: labels.max()!) {
            throw DataError(
                .labelOutOfRange, file: source,
                problem:
                    "label \(labels[i]) at \(place(i)) would make \(k) classes (the largest label + 1); labels must be class indices 0…K−1",
                fix: "remap the labels to 0…K−1, e.g. numpy.unique(y, return_inverse=True)[1]")
        }
        guard k > 0 else {
            throw DataError(
                .invalidConfig, file: source, problem: "classes is \(k)",
                fix: "give the number of classes (at least 1)")
        }
        if let i = labels.firstIndex(where: { $0 >= Int64(k) }) {
            throw DataError(
                .labelOutOfRange, file: source,
                problem:
                    "label \(labels[i]) at \(place(i)) is outside 0..<\(k); labels must be 0…K−1 with K = \(k) classes",
                fix:
                    "remap the labels to 0…\(k - 1), or give \(Int(labels.max()!) + 1) classes")
        }
        return k
    }

    /// The flat index `i` of inputs `[N] + perSample` as a NumPy index, e.g. `[3, 0, 5]`.
    static func multiIndex(_ i: Int, perSample: [Int]) -> String {
        var rest = i
        var parts: [Int] = []
        for d in perSample.reversed() where d > 0 {
            parts.append(rest % d)
            rest /= d
        }
        return "[" + ([rest] + parts.reversed()).map(String.init).joined(separator: ", ") + "]"
    }

    /// Inputs `[N, …]` and labels `[N]` to a data set.
    static func dataset(
        x: NDArray, y: NDArray, xSource: String, ySource: String, sampleShape: Shape?,
        classes: Int?, scale: Float?,
        divideBy divisor: Float? = nil
    ) throws -> Dataset {
        guard y.shape.count == 1 else {
            throw DataError(
                .shapeMismatch, file: ySource,
                problem:
                    "labels have shape \(y.shape); expected one class index per sample, shape [N]",
                fix: y.shape.count == 2
                    ? "for one-hot labels save y.argmax(1)" : "save a 1-D array of class indices")
        }
        guard let labels = y.integers else {
            let floats = y.floats
            if let i = floats.firstIndex(where: { !$0.isFinite }) {
                throw DataError(
                    .labelOutOfRange, file: ySource,
                    problem: "label \(floats[i]) at index \(i) is not a class index; labels must be 0…K−1",
                    fix: "replace or drop that sample; save integer class indices, e.g. y.astype('<i8')")
            }
            throw DataError(
                .labelOutOfRange, file: ySource,
                problem: "labels are \(y.dtype) with fractional values",
                fix: "save integer class indices, e.g. y.astype('<i8')")
        }
        guard x.shape.count >= 1, x.shape[0] == y.shape[0] else {
            throw DataError(
                .shapeMismatch, file: xSource,
                problem:
                    "inputs have shape \(x.shape) but there are \(y.shape[0]) labels (in \(ySource))",
                fix: "the first dimension of the inputs must be the number of samples")
        }
        var perSample = Array(x.shape.dropFirst())
        if perSample.isEmpty { perSample = [1] }
        var inputs = x.floats
        if case .float64(let v) = x.values, let i = v.firstIndex(where: { $0.isFinite && !Float($0).isFinite }) {
            throw DataError(
                .nonFinite, file: xSource,
                problem:
                    "value \(v[i]) at index \(multiIndex(i, perSample: perSample)) is too large for float32 (it would become \(Float(v[i])))",
                fix: "scale the inputs down before saving (dlstudy computes in float32)")
        }
        try checkFinite(
            inputs, source: xSource, place: { "index \(multiIndex($0, perSample: perSample))" })
        if let s = scale { for i in inputs.indices { inputs[i] *= s } }
        if let d = divisor { for i in inputs.indices { inputs[i] /= d } }
        return try dataset(
            inputs: inputs, labels: labels, perSample: perSample, sampleShape: sampleShape,
            classes: classes, source: xSource, labelSource: ySource)
    }
}

extension Dataset {
    /// Loads the splits of an `.npz` archive with `x_train`, `y_train`, `x_test`, `y_test` (and,
    /// when present, `x_val`, `y_val`), as `dlstudy data export` writes and PyTorch users save.
    /// - Parameters:
    ///   - sampleShape: the shape of one sample; `nil` takes the arrays' shape after the first dimension.
    ///   - classes: number of classes; `nil` takes the largest label + 1 over all splits.
    ///   - scale: multiplies every input (e.g. `1/255` for `uint8` images).
    public static func load(
        npz url: URL, sampleShape: Shape? = nil, classes: Int? = nil, scale: Float? = nil
    ) throws -> DataSplits {
        let keys = Set(try NPZ.keys(url))
        var wanted = ["x_train", "y_train", "x_test", "y_test"]
        let hasVal = keys.contains("x_val") && keys.contains("y_val")
        if hasVal { wanted += ["x_val", "y_val"] }
        let a = try NPZ.read(url, keys: wanted)
        func split(_ name: String) throws -> (Dataset, String) {
            (try FileData.dataset(
                x: a["x_" + name]!, y: a["y_" + name]!, xSource: "\(url.path)[x_\(name)]",
                ySource: "\(url.path)[y_\(name)]", sampleShape: sampleShape, classes: classes,
                scale: scale), "x_\(name)")
        }
        return try DataSplits.agreeing(
            train: try split("train"), validation: hasVal ? try split("val") : nil,
            test: try split("test"), file: url.path)
    }

    /// Loads inputs and labels from two `.npy` files.
    public static func load(
        npyInputs x: URL, labels y: URL, sampleShape: Shape? = nil, classes: Int? = nil,
        scale: Float? = nil
    ) throws -> Dataset {
        try FileData.dataset(
            x: try NPY.read(x), y: try NPY.read(y), xSource: x.path, ySource: y.path,
            sampleShape: sampleShape, classes: classes, scale: scale)
    }

    /// Loads an IDX image file and its IDX label file (MNIST's format). `uint8` images are divided
    /// by 255 (as torchvision's `ToTensor`) unless `scale` is given; samples of shape `[H, W]`
    /// become `[1, H, W]`.
    public static func load(
        idxImages x: URL, labels y: URL, sampleShape: Shape? = nil, classes: Int? = nil,
        scale: Float? = nil
    ) throws -> Dataset {
        let images = try IDX.read(x)
        var divisor: Float? = nil
        if case .uint8 = images.values, scale == nil { divisor = 255 }
        var shape = sampleShape
        if shape == nil && images.shape.count == 3 {
            shape = Shape(1, images.shape[1], images.shape[2])
        }
        return try FileData.dataset(
            x: images, y: try IDX.read(y), xSource: x.path, ySource: y.path,
            sampleShape: shape, classes: classes, scale: scale, divideBy: divisor)
    }

    /// Loads a CSV file (see `CSV.read`).
    public static func load(
        csv url: URL, labelColumn: CSVColumn = .first, header: Bool? = nil,
        classes: Int? = nil, sampleShape: Shape? = nil
    ) throws -> Dataset {
        try CSV.read(
            url, labelColumn: labelColumn, header: header, classes: classes,
            sampleShape: sampleShape)
    }

    /// The inputs as a `float32` array `[N] + sampleShape` and the labels as `int64` `[N]`.
    public var ndArrays: (x: NDArray, y: NDArray) {
        (
            NDArray(shape: [count] + sampleShape.dims, values: .float32(inputs)),
            NDArray(shape: [count], values: .int64(labels.map(Int64.init)))
        )
    }
}

extension DataSplits {
    /// Splits loaded one by one, made to agree: every split's samples must have the training
    /// samples' shape, and all get one number of classes, the largest of theirs (so a test set
    /// that lacks the last class still has every class). `train` etc. pair a data set with the
    /// name errors give it; `file` is the file errors name when the splits share one.
    static func agreeing(
        train: (Dataset, String), validation: (Dataset, String)?, test: (Dataset, String),
        file: String? = nil
    ) throws -> DataSplits {
        for (other, name) in [test] + [validation].compactMap({ $0 }) {
            guard other.sampleShape == train.0.sampleShape else {
                throw DataError(
                    .shapeMismatch, file: file,
                    problem:
                        "\(train.1) samples have shape \(train.0.sampleShape), \(name) samples \(other.sampleShape)",
                    fix: "train, validation and test samples must have the same shape")
            }
        }
        let k = max(train.0.classes, test.0.classes, validation?.0.classes ?? 0)
        func widened(_ d: Dataset) -> Dataset {
            var d = d
            d.classes = k
            return d
        }
        return DataSplits(
            train: widened(train.0), validation: validation.map { widened($0.0) },
            test: widened(test.0))
    }

    /// Loads training, test (and validation) splits from IDX files, images and labels of each,
    /// as MNIST ships them (see `Dataset.load(idxImages:labels:)`). The number of classes is the
    /// largest label + 1 over all splits.
    public static func load(
        idxTrain train: (images: URL, labels: URL), test: (images: URL, labels: URL),
        validation: (images: URL, labels: URL)? = nil
    ) throws -> DataSplits {
        func split(_ files: (images: URL, labels: URL)) throws -> (Dataset, String) {
            (try Dataset.load(idxImages: files.images, labels: files.labels), files.images.path)
        }
        return try agreeing(
            train: try split(train), validation: try validation.map(split), test: try split(test))
    }

    /// Loads training, test (and validation) splits from CSV files with the same columns (see
    /// `CSV.read`). The number of classes is the largest label + 1 over all splits.
    public static func load(
        csvTrain train: URL, test: URL, validation: URL? = nil, labelColumn: CSVColumn,
        header: Bool? = nil, delimiter: Character = ","
    ) throws -> DataSplits {
        func split(_ url: URL) throws -> (Dataset, String) {
            (try CSV.read(url, labelColumn: labelColumn, header: header, delimiter: delimiter), url.path)
        }
        return try agreeing(
            train: try split(train), validation: try validation.map(split), test: try split(test))
    }
}

extension DataSplits {
    /// Writes `x_train`, `y_train`, (`x_val`, `y_val`,) `x_test`, `y_test` as a NumPy `.npz`
    /// (float32 inputs shaped `[N] + sampleShape`, int64 labels), loadable with `numpy.load`.
    public func write(npz url: URL, compressed: Bool = false) throws {
        var arrays: [(name: String, array: NDArray)] = []
        func add(_ name: String, _ d: Dataset) {
            let (x, y) = d.ndArrays
            arrays += [("x_" + name, x), ("y_" + name, y)]
        }
        add("train", train)
        if let v = validation { add("val", v) }
        add("test", test)
        try NPZ.write(arrays, to: url, compressed: compressed)
    }
}
