extension Dataset {
    /// The same images moved `right` columns and `down` rows (negative: left, up), the pixels
    /// that enter filled with `fill` and those that leave dropped — a test of how much a model's
    /// answer depends on exact position. Samples must be images `[C, H, W]`.
    public func shifted(right: Int, down: Int, fill: Float = 0) throws -> Dataset {
        guard sampleShape.rank == 3 else {
            throw DataError(.shapeMismatch, problem: "shifting needs image samples [C, H, W], got \(sampleShape)",
                            fix: "shift image data (e.g. shapes, colorshapes)")
        }
        let (c, h, w) = (sampleShape[0], sampleShape[1], sampleShape[2])
        var out = [Float](repeating: fill, count: inputs.count)
        for plane in 0..<(count * c) {
            let base = plane * h * w
            for y in 0..<h where (0..<h).contains(y - down) {
                for x in 0..<w where (0..<w).contains(x - right) {
                    out[base + y * w + x] = inputs[base + (y - down) * w + (x - right)]
                }
            }
        }
        return Dataset(inputs: out, labels: labels, sampleShape: sampleShape, classes: classes)
    }
}
