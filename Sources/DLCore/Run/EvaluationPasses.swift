extension Sequential {
    /// Runs samples `start ..< start + count` of `data` through the model in evaluation passes
    /// and hands each pass's logits to `body` with the index of its first sample and its size. Passes hold at
    /// most `EvaluationPass.samples` samples when every layer treats samples independently in
    /// evaluation mode (the logits then have the same bits as one pass), else all `count`.
    /// The caller sets evaluation mode (`evaluating`).
    func forEachEvaluationPass(over data: Dataset, from start: Int, count: Int, buffer: Tensor,
                               _ body: (_ logits: Tensor, _ first: Int, _ count: Int) -> Void) {
        let pass = EvaluationPass.splits(self) ? min(count, EvaluationPass.samples) : count
        let s = data.sampleSize
        data.inputs.withUnsafeBufferPointer { x in
            var done = 0
            while done < count {
                let m = min(pass, count - done)
                buffer.resize(to: data.sampleShape.withBatchIfNeeded(m, current: buffer.shape))
                buffer.pointer.update(from: x.baseAddress! + (start + done) * s, count: m * s)
                body(forward(buffer), start + done, m)
                done += m
            }
        }
    }

    /// `body` with the model in evaluation mode; its training flag is restored afterwards.
    func evaluating<T>(_ body: () -> T) -> T {
        let wasTraining = isTraining
        isTraining = false
        defer { isTraining = wasTraining }
        return body()
    }
}
