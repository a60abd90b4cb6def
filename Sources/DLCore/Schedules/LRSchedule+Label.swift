import Foundation

extension LRSchedule {
    /// A number in at most four significant digits without trailing zeros, for labels:
    /// 0.5, 50, 0.3333, 1e-4, 2.5e-7.
    public static func short(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        if x == x.rounded(), abs(x) < 1e6 { return String(Int(x)) }
        if abs(x) >= 1e-3 && abs(x) < 1e4 { return trimmedZeros(String(format: "%.4g", x)) }
        let parts = String(format: "%.3e", x).split(separator: "e")
        guard parts.count == 2, let exponent = Int(parts[1]) else { return "\(x)" }
        return trimmedZeros(String(parts[0])) + "e\(exponent)"
    }

    private static func trimmedZeros(_ s: String) -> String {
        guard s.contains("."), !s.contains("e") else { return s }
        var s = s
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
