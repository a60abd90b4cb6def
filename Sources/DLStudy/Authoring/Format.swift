import Foundation

/// One set of number formats for prose, captions, tables and axes, so every study writes
/// "83.4%", "2.3 points", "10⁻⁵" and "2.4×" the same way. `number` is `formatNumber`: three
/// significant digits, whole numbers without decimals, scientific notation outside [10⁻³, 10⁵).
/// Non-finite values read "n/a" (NaN) or "∞", so a missing result never crashes a sentence.
public enum Format {
    /// `formatNumber(x, digits:)`: 0.1234 → "0.123", 16 → "16", 1e-5 → "1.00e-5".
    public static func number(_ x: Double, digits: Int = 3) -> String { formatNumber(x, digits: digits) }

    /// A fraction as a percentage: 0.8342 → "83.4%".
    public static func percent(_ fraction: Double, digits: Int = 3) -> String {
        fraction.isFinite ? formatNumber(100 * fraction, digits: digits) + "%" : formatNumber(fraction)
    }

    /// A difference of two fractions in percentage points: 0.023 → "2.3 points" (1 → "1 point").
    public static func points(_ difference: Double, digits: Int = 2) -> String {
        let text = formatNumber(100 * difference, digits: digits)
        return text + (text == "1" || text == "-1" ? " point" : " points")
    }

    /// A ratio: 2.371 → "2.4×".
    public static func ratio(_ x: Double, digits: Int = 2) -> String { formatNumber(x, digits: digits) + "×" }

    /// A count with thousands separators: 78858 → "78,858".
    public static func count(_ n: Int) -> String {
        let digits = String(abs(n))
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return (n < 0 ? "−" : "") + out
    }

    /// A small count spelled out as prose does ("three seeds"); digits from 10 on.
    public static func spelled(_ n: Int) -> String {
        let words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
        return words.indices.contains(n) ? words[n] : count(n)
    }

    /// An integer as superscript digits: −5 → "⁻⁵".
    public static func superscript(_ n: Int) -> String {
        let digits = Array("⁰¹²³⁴⁵⁶⁷⁸⁹")
        return (n < 0 ? "⁻" : "") + String(String(abs(n)).map { digits[Int(String($0))!] })
    }

    /// A power of ten written with its exponent: −3 → "10⁻³", 0 → "1".
    public static func powerOfTen(_ exponent: Int) -> String { exponent == 0 ? "1" : "10" + superscript(exponent) }

    /// A decade tick label for log axes: 0.001 → "10⁻³", 1 → "1", 100 → "10²".
    public static func decade(_ x: Double) -> String { powerOfTen(Int(log10(x).rounded())) }

    /// A constant of a setup as one would write it: `%g` ("0.1", "0.98", "10", "0.05"), and from
    /// 10⁴ up or 10⁻³ down in powers of ten ("10⁻⁵", "5·10⁻⁴"). Float constants read as written
    /// (`Double(Float(5e-4))` is "5·10⁻⁴", not 5.0000002e-4).
    public static func constant(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return number(x) }
        let x = Double(String(format: "%.6g", x))!, e = Int(floor(log10(abs(x))))
        return e <= -3 || e >= 4 ? scientific(x) : plain(x)
    }

    /// A number in powers of ten: 0.01 → "10⁻²", 5e-4 → "5·10⁻⁴", 3e4 → "3·10⁴".
    public static func scientific(_ x: Double) -> String {
        guard x.isFinite, x != 0 else { return number(x) }
        let x = Double(String(format: "%.6g", x))!
        var exponent = Int(floor(log10(abs(x))))
        var mantissa = Double(String(format: "%.6g", x / pow(10, Double(exponent))))!
        if abs(mantissa) >= 10 { mantissa /= 10; exponent += 1 }
        return (mantissa == 1 ? "" : mantissa == -1 ? "−" : plain(mantissa) + "·") + powerOfTen(exponent)
    }

    /// `%g`: the shortest plain spelling, as level labels of swept rates use ("0.0003", "10").
    public static func plain(_ x: Double) -> String { String(format: "%g", x) }

    /// Items joined as prose lists them: "a", "a and b", "a, b and c".
    public static func list(_ items: [String], conjunction: String = "and") -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        default: return items.dropLast().joined(separator: ", ") + " \(conjunction) " + items.last!
        }
    }

    /// A noun with its count: (3, "seed") → "3 seeds", (1, "seed") → "1 seed".
    public static func counted(_ n: Int, _ noun: String, plural: String? = nil) -> String {
        "\(n) " + (n == 1 ? noun : plural ?? noun + "s")
    }
}

/// The formats inside string interpolation, so prose reads like a notebook cell:
/// `"\(percent: acc) test accuracy, \(ratio: sharper) sharper, \(points: gap) worse"`.
extension DefaultStringInterpolation {
    /// `Format.number`: `"\(x, digits: 2)"`.
    public mutating func appendInterpolation(_ x: Double, digits: Int) { appendLiteral(Format.number(x, digits: digits)) }
    /// `Format.number`: `"\(number: x)"`.
    public mutating func appendInterpolation(number x: Double, digits: Int = 3) { appendLiteral(Format.number(x, digits: digits)) }
    /// `Format.percent`: `"\(percent: 0.834)"` → "83.4%".
    public mutating func appendInterpolation(percent x: Double, digits: Int = 3) { appendLiteral(Format.percent(x, digits: digits)) }
    /// `Format.points`: `"\(points: 0.023)"` → "2.3 points".
    public mutating func appendInterpolation(points x: Double, digits: Int = 2) { appendLiteral(Format.points(x, digits: digits)) }
    /// `Format.ratio`: `"\(ratio: 2.37)"` → "2.4×".
    public mutating func appendInterpolation(ratio x: Double, digits: Int = 2) { appendLiteral(Format.ratio(x, digits: digits)) }
    /// `Format.count`: `"\(count: 78858)"` → "78,858".
    public mutating func appendInterpolation(count n: Int) { appendLiteral(Format.count(n)) }
    /// `Format.spelled`: `"\(spelled: 3)"` → "three".
    public mutating func appendInterpolation(spelled n: Int) { appendLiteral(Format.spelled(n)) }
    /// `Format.constant`: `"\(constant: 1e-5)"` → "10⁻⁵".
    public mutating func appendInterpolation(constant x: Double) { appendLiteral(Format.constant(x)) }
    /// `Format.scientific`: `"\(scientific: 0.01)"` → "10⁻²".
    public mutating func appendInterpolation(scientific x: Double) { appendLiteral(Format.scientific(x)) }
    /// `Format.list`: `"\(list: ["a", "b", "c"])"` → "a, b and c".
    public mutating func appendInterpolation(list items: [String], conjunction: String = "and") {
        appendLiteral(Format.list(items, conjunction: conjunction))
    }
}
