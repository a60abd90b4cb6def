import Dispatch

/// Accumulates monotonic time over the intervals it runs; starts running.
struct Stopwatch {
    private var total: UInt64 = 0
    private var since: UInt64? = DispatchTime.now().uptimeNanoseconds

    mutating func pause() {
        if let s = since { total += DispatchTime.now().uptimeNanoseconds - s; since = nil }
    }

    mutating func resume() { if since == nil { since = DispatchTime.now().uptimeNanoseconds } }

    var seconds: Double {
        var t = total
        if let s = since { t += DispatchTime.now().uptimeNanoseconds - s }
        return Double(t) / 1e9
    }
}
