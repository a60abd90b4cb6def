import DLReport
import Foundation

/// The check as JUnit XML, the test-report format CI systems display (GitHub Actions through a
/// report action, GitLab's `artifacts:reports:junit`, Jenkins): one `<testsuite>` per study, one
/// `<testcase>` per level and quantity (a metric's curve, a final metric, a probe), per level's
/// divergence count, per claim, and one for the study's structure; a `<failure>` says what moved.
struct JUnitXML {
    let report: CheckReport

    init(_ report: CheckReport) { self.report = report }

    struct Case {
        var classname: String
        var name: String
        /// nil when the case passed.
        var failure: (message: String, body: String)?
    }

    var text: String {
        let suites = report.entries.map { ($0, cases($0)) }
        let tests = suites.map(\.1.count).reduce(0, +)
        let failures = suites.map { $0.1.filter { $0.failure != nil }.count }.reduce(0, +)
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"dlstudy check\" tests=\"\(tests)\" failures=\"\(failures)\" errors=\"0\" time=\"0\">\n"
        for (entry, cases) in suites {
            let c = entry.comparison
            xml += "  <testsuite name=\(Self.attribute(c.title)) tests=\"\(cases.count)\" failures=\"\(cases.filter { $0.failure != nil }.count)\""
                + " errors=\"0\" skipped=\"0\" time=\"0\" timestamp=\(Self.attribute(report.environment.isoDate))>\n"
            xml += "    <properties>\n"
            for (name, value) in [("baseline", entry.baselinePath), ("baseline.generated", c.baseline.generated),
                                  ("baseline.engine", c.baseline.engineVersion), ("engine", c.current.engineVersion),
                                  ("baseline.platform", c.baseline.platform), ("platform", c.current.platform), ("mode", c.mode.rawValue),
                                  ("summary", c.summaryLine)] {
                xml += "      <property name=\(Self.attribute(name)) value=\(Self.attribute(value))/>\n"
            }
            xml += "    </properties>\n"
            for t in cases {
                xml += "    <testcase classname=\(Self.attribute(t.classname)) name=\(Self.attribute(t.name)) time=\"0\""
                if let f = t.failure {
                    xml += ">\n      <failure message=\(Self.attribute(f.message)) type=\"regression\">\(Self.text(f.body))</failure>\n    </testcase>\n"
                } else {
                    xml += "/>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        return xml + "</testsuites>\n"
    }

    /// The test cases of one study, in file order.
    func cases(_ entry: CheckReport.Entry) -> [Case] {
        let c = entry.comparison
        let classname = "\(c.current.study).\(c.current.profile)"
        var cases: [Case] = []
        let structure = c.differences.filter { $0.kind == "structure" }.map(\.description)
        cases.append(Case(classname: classname, name: "structure (experiments, levels, seeds, epochs, metrics, claims)",
                          failure: structure.isEmpty ? nil : (structure[0], structure.joined(separator: "\n"))))
        if c.mode == .exact {
            let bits = c.bitDifferences.map(\.description)
            cases.append(Case(classname: classname, name: "bits (every run as in the baseline, on \(c.current.platform))",
                              failure: bits.isEmpty ? nil : ("\(c.bitsFinding ?? ""); first: \(bits[0])", bits.joined(separator: "\n"))))
        }
        // Points grouped by level and quantity, in the order compared.
        var groups: [(key: String, points: [CheckPoint])] = []
        for p in c.points {
            let level = p.experiment == "main" ? p.level : "\(p.experiment)/\(p.level)"
            let key = "\(level) · " + (p.kind == .curve ? "\(p.name) curve" : "\(p.kind.rawValue) \(p.name)")
            if let i = groups.firstIndex(where: { $0.key == key }) { groups[i].points.append(p) } else { groups.append((key, [p])) }
        }
        var levelsSeen: [String] = []
        for (key, points) in groups {
            let level = String(key[..<key.range(of: " · ")!.lowerBound])
            if !levelsSeen.contains(level), let first = points.first {
                levelsSeen.append(level)
                let flip = c.differences.first {
                    if case .divergence(let e, let l, _, _, _) = $0 { return e == first.experiment && l == first.level } else { return false }
                }
                cases.append(Case(classname: classname, name: "\(level) · diverged runs",
                                  failure: flip.map { ($0.description, $0.description) }))
            }
            let failing = points.filter { !$0.passed }.sorted { $0.ratio > $1.ratio }
            var failure: (String, String)?
            if let worst = failing.first {
                failure = ("\(failing.count) of \(points.count) point\(points.count == 1 ? "" : "s") out of tolerance; worst: \(worst.line)",
                           failing.map(\.line).joined(separator: "\n"))
            }
            cases.append(Case(classname: classname, name: key, failure: failure))
        }
        for claim in c.baseline.claims {
            let flip = c.differences.first { if case .verdict(let text, _, _) = $0 { return text == claim.text } else { return false } }
            let missing = !c.current.claims.contains { $0.text == claim.text }
            let failure = flip.map { ($0.description, $0.description) }
                ?? (missing ? ("the claim is no longer in the study", "the claim is no longer in the study") : nil)
            cases.append(Case(classname: classname, name: "claim: \(claim.text)", failure: failure))
        }
        return cases
    }

    // MARK: XML escaping: HTMLEscaping's, which XML reads the same, minus what XML forbids

    /// A quoted attribute value: markup characters escaped, line breaks and tabs kept as
    /// character references (a parser would fold them to spaces).
    static func attribute(_ s: String) -> String {
        let escaped = text(s).replacingOccurrences(of: "\n", with: "&#10;").replacingOccurrences(of: "\r", with: "&#13;")
            .replacingOccurrences(of: "\t", with: "&#9;")
        return "\"" + escaped + "\""
    }

    /// Element text: markup characters escaped, the characters XML 1.0 forbids dropped (it
    /// allows #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]).
    static func text(_ s: String) -> String {
        var allowed = String.UnicodeScalarView()
        for scalar in s.unicodeScalars {
            let v = scalar.value
            if (v < 0x20 && v != 0x9 && v != 0xA && v != 0xD) || v == 0xFFFE || v == 0xFFFF { continue }
            allowed.append(scalar)
        }
        return HTMLEscaping.escape(String(allowed))
    }
}
