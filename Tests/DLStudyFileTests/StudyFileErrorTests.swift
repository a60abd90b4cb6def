import DLStudyFile
import XCTest

/// Every validation error of a study file names the file, its line and column, the problem and
/// the fix. Each case changes one line of a valid file (lines: 1 name, 2 title, 3 base, 4 model,
/// 5 optimizer, 6 batchSize, 7 budget, 8 vary, 9 seeds).
final class StudyFileErrorTests: XCTestCase {
    let valid = StudyFileParsingTests.minimal.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)

    /// The error of the valid file with `line` (1-based) replaced, or lines appended.
    func error(replacing line: Int? = nil, with text: String, file: StaticString = #filePath, at: UInt = #line) -> StudyFileError? {
        var lines = valid
        if let line { lines[line - 1] = text } else { lines.append(text) }
        do {
            _ = try StudyFile.parse(lines.joined(separator: "\n"), file: "s.yaml")
            XCTFail("no error for \(text)", file: file, line: at)
            return nil
        } catch let e as StudyFileError { return e } catch {
            XCTFail("not a StudyFileError: \(error)", file: file, line: at)
            return nil
        }
    }

    func check(_ e: StudyFileError?, line: Int, column: Int? = nil, _ parts: [String], file: StaticString = #filePath, at: UInt = #line) {
        guard let e else { return }
        XCTAssertEqual(e.line, line, e.description, file: file, line: at)
        if let column { XCTAssertEqual(e.column, column, e.description, file: file, line: at) }
        XCTAssertTrue(e.description.hasPrefix("s.yaml, line \(line), column \(e.column): "), e.description, file: file, line: at)
        for p in parts { XCTAssertTrue(e.description.contains(p), "'\(p)' not in: \(e.description)", file: file, line: at) }
    }

    func testTheValidFileParses() throws {
        XCTAssertNoThrow(try StudyFile.parse(valid.joined(separator: "\n"), file: "s.yaml"))
    }

    func testStructure() {
        check(error(replacing: 9, with: "seed: 2"), line: 9, column: 1, ["unknown key 'seed' in the study file", "did you mean 'seeds'?"])
        check(error(replacing: 8, with: "vary: {field: optimizer.lr, values: 0.1}"), line: 8, column: 37, ["vary.values must be a list, not '0.1'", "write it as [0.01, 0.1]"])
        check(error(replacing: 8, with: "vary: [0.1, 0.3]"), line: 8, ["vary must be a mapping, not a list"])
        check(error(replacing: 8, with: "vary: {values: [1, 2]}"), line: 8, ["neither 'field' nor 'levels'"])
        check(error(replacing: 9, with: "seeds: 0"), line: 9, ["seeds must be a whole number from 1 to 1000, not '0'"])
        check(error(replacing: 9, with: "seeds: {quick: 2}"), line: 9, ["seeds gives no count for the full profile", "add full: N"])
        check(error(replacing: 9, with: "seeds: [1, 1]"), line: 9, ["a seed is listed twice"])
        check(error(replacing: 1, with: "title2: x"), line: 1, ["unknown key 'title2'"])
        check(error(replacing: 2, with: "name: u"), line: 2, ["key 'name' appears twice", "keep one of the two"])
        check(error(replacing: 1, with: "name: my study"), line: 1, ["name 'my study' is not a plain name"])
        check(error(replacing: 1, with: "# no name"), line: 2, ["the study has no 'name'", "add name: my-study"])
    }

    func testYAMLSyntax() {
        check(error(replacing: 5, with: "  optimizer: {type: sgd, lr: 0.1"), line: 6, ["not valid YAML"])
        check(error(replacing: 6, with: "   batchSize: 32"), line: 6, ["not valid YAML", "indentation"])
    }

    func testRunSpecFieldsAreCheckedByRunSpecItself() {
        check(error(replacing: 5, with: "  optimizer: {type: sgd, lr: 0.1, momentun: 0.9}"), line: 5, column: 35,
              ["unknown run-spec field 'optimizer.momentun'", "did you mean 'momentum'?"])
        check(error(replacing: 6, with: "  batchSiz: 32"), line: 6, column: 3, ["unknown run-spec field 'batchSiz' in the base run spec (quick profile) ('batchSize' is missing)", "did you mean 'batchSize'?"])
        check(error(replacing: 6, with: "  # no batch size"), line: 4, ["base run spec (quick profile): missing field 'batchSize'"])
        check(error(replacing: 5, with: "  optimizer: {type: sgdd, lr: 0.1}"), line: 5, column: 15, ["unknown optimizer 'sgdd'; known: sgd, adam"])
        check(error(replacing: 8, with: "vary: {field: optimizer.momentun, values: [0, 0.9]}"), line: 8, column: 15,
              ["unknown run-spec field 'optimizer.momentun'", "did you mean 'momentum'?"])
        check(error(replacing: 8, with: "vary: {field: optimizer.lr, values: [0.1, fast]}"), line: 8, column: 43, ["wrong type at 'optimizer.lr'"])
        check(error(replacing: 8, with: "vary: {field: seed, values: [1, 2]}"), line: 8, ["the seed is not a factor"])
        let scalarBase = valid.prefix(2).joined(separator: "\n") + "\nbase: 3\n" + valid.suffix(2).joined(separator: "\n")
        XCTAssertThrowsError(try StudyFile.parse(scalarBase, file: "s.yaml")) { e in
            check(e as? StudyFileError, line: 3, column: 7, ["base must be a mapping of run-spec fields, not '3'"])
        }
    }

    func testLevels() {
        let levels = "vary:\n  name: opt\n  levels:\n    - {label: a, set: {optimizer: {lr: 0.2}}}\n    - {set: {optimizer: {lr: 0.3}}}"
        check(error(replacing: 8, with: levels), line: 12, column: 7, ["a level has no label", "add label: NAME"])
        check(error(replacing: 8, with: "vary:\n  levels:\n    - {label: a}"), line: 9, ["vary with levels needs a name"])
        check(error(replacing: 8, with: "vary:\n  name: opt\n  levels:\n    - {label: a, set: {optimizer: {lrr: 0.2}}}"), line: 11,
              ["unknown run-spec field 'optimizer.lrr'", "did you mean 'lr'?"])
        check(error(replacing: 8, with: "vary:\n  name: opt\n  levels:\n    - {label: a}\n    - {label: a}"), line: 11, ["two levels have the label 'a'"])
        check(error(replacing: 8, with: "vary: {field: optimizer.lr, values: [0.1], levels: [{label: a}]}"), line: 8, ["both 'field' and 'levels'"])
    }

    func testFiguresTablesAndClaims() {
        check(error(with: "figures:\n  - curves: [train_loss, test_acc]"), line: 11, column: 26,
              ["unknown metric 'test_acc'", "did you mean 'test_accuracy'?", "known: train_loss, train_accuracy, val_loss"])
        check(error(with: "figures:\n  - {curves: [train_loss], dots: [steps]}"), line: 11, ["a figure names two kinds (curves, dots)"])
        check(error(with: "figures:\n  - {curves: [train_loss], logFactor: true}"), line: 11, ["'logFactor' does not apply to a curves figure (only to dots)"])
        check(error(with: "figures:\n  - {heatmap: [train_loss]}"), line: 11, ["unknown key 'heatmap' in a figure"])
        check(error(with: "figures: {curves: [train_loss]}"), line: 10, ["figures must be a list, not a mapping"])
        check(error(with: "tables:\n  - {quantities: [final.test_acc]}"), line: 11, ["unknown metric 'test_acc'", "did you mean 'final.test_accuracy'?"])
        check(error(with: "tables:\n  - {quantities: [test_loss]}"), line: 11, ["'test_loss' is a metric, not a quantity", "write final.test_loss"])
        check(error(with: "tables:\n  - {quantities: [fnal.test_loss]}"), line: 11, ["unknown quantity 'fnal.test_loss'", "did you mean 'final.test_loss'?"])
        check(error(with: "claims:\n  - {text: x, quantity: final.train_loss, level: \"0.5\", lessThan: \"0.1\"}"), line: 11,
              ["level '0.5' is not a level of the study", "levels: \"0.1\", \"0.3\""])
        check(error(with: "claims:\n  - {text: x, quantity: final.train_loss, level: \"0.3\"}"), line: 11, ["a claim says nothing to compare with"])
        check(error(with: "claims:\n  - {text: x, quantity: final.train_loss, level: \"0.3\", lessThan: \"0.1\", greaterThanValue: 2}"), line: 11,
              ["a claim has 2 comparisons"])
        check(error(with: "claims:\n  - {text: x, level: \"0.3\", lessThan: \"0.1\"}"), line: 11, ["a claim has no 'quantity'"])
    }

    func testTheRestOfVaryAndSeeds() {
        check(error(replacing: 8, with: "vary: {field: optimizer.lr, values: [0.1, 0.3], labels: [slow]}"), line: 8, column: 57,
              ["vary.labels has 1 labels for 2 values", "give one label per value"])
        check(error(replacing: 8, with: "vary: {field: optimizer, values: [{type: adam}, {type: sgd}]}"), line: 8, column: 35,
              ["a value that is a mapping needs a label", "add labels: [...]"])
        check(error(replacing: 8, with: "vary: {field: optimizer.lr, values: []}"), line: 8, ["vary.values is an empty list"])
        check(error(replacing: 8, with: "vary: {field: optimizer..lr, values: [1]}"), line: 8, ["is not a dotted path of run-spec fields"])
        check(error(replacing: 8, with: "vary: {field: optimizer.lr}"), line: 8, ["vary names a field but no values", "add values: [a, b, …]"])
        check(error(replacing: 8, with: "vary: {name: x, levels: [{label: a, set: 3}]}"), line: 8, column: 42, ["set must be a mapping of run-spec fields, not '3'"])
        check(error(replacing: 8, with: "vary: {name: x, levels: [{label: a, value: big}]}"), line: 8, ["value must be a number, not 'big'"])
        check(error(replacing: 8, with: "vary: {name: x, levels: [{label: a, sett: {}}]}"), line: 8, column: 37, ["unknown key 'sett' in a level", "did you mean 'set'?"])
        check(error(replacing: 8, with: "vary: {name: x, levels: []}"), line: 8, ["vary.levels is an empty list"])
        check(error(replacing: 8, with: "vary: {name: x, levels: [{label: a}], values: [1]}"), line: 8, ["'values' goes with 'field', not with 'levels'"])
        check(error(replacing: 9, with: "seeds: {quick: 2, ful: 3}"), line: 9, column: 19, ["unknown key 'ful' in seeds", "did you mean 'full'?"])
        check(error(replacing: 9, with: "seeds: []"), line: 9, ["seeds is an empty list"])
        check(error(replacing: 9, with: "seeds: [-1]"), line: 9, ["a seed must be a whole number from 0"])
        check(error(replacing: 9, with: "seeds: 2\nquick: 3"), line: 10, ["quick must be a mapping of run-spec fields to change for --profile quick, not '3'"])
        check(error(replacing: 9, with: "seeds: 2\nquick: {budget: {epoch: 1}}"), line: 10, column: 18, ["unknown run-spec field 'budget.epoch'", "(quick profile)"])
        check(error(with: "probes: [sharpnes]"), line: 10, column: 10, ["probe 'sharpnes' cannot be read", "sharpness, hessianTopEigenvalue"])
        check(error(with: "title3: &a x\nquestion: *a"), line: 10, ["unknown key 'title3'"])
        check(error(replacing: 2, with: "title: [a, b]"), line: 2, ["title must be a single value, not a list"])
    }

    func testTheRestOfFiguresAndTables() {
        check(error(with: "figures:\n  - {curves: [train_loss]}\n  - {curves: [test_loss], id: curves-1}"), line: 12, ["two figures have the id 'curves-1'"])
        check(error(with: "figures:\n  - {curves: [train_loss], id: a/b}"), line: 11, ["figure id 'a/b' is not a plain name"])
        check(error(with: "figures:\n  - {curves: [train_loss], x: time}"), line: 11, ["unknown x axis 'time'", "use epoch, step or samples"])
        check(error(with: "figures:\n  - {curves: [train_loss], levels: [\"0.2\"]}"), line: 11, ["level '0.2' is not a level of the study"])
        check(error(with: "figures:\n  - {curves: []}"), line: 11, ["curves lists no metric"])
        check(error(with: "figures:\n  - {dots: [final.train_loss], logY: true}"), line: 11, ["'logY' does not apply to a dots figure (only to curves, rate)"])
        check(error(with: "figures:\n  - {rate: final.train_loss}"), line: 11, ["unknown metric 'final.train_loss'"])
        check(error(with: "figures:\n  - {id: x}"), line: 11, ["a figure names no kind"])
        check(error(with: "figures:\n  - {curves: [train_loss], logY: maybe}"), line: 11, ["logY must be true or false"])
        check(error(with: "tables:\n  - {caption: x}"), line: 11, ["a table has no quantities"])
        check(error(with: "tables:\n  - {quantities: []}"), line: 11, ["quantities is an empty list"])
        check(error(with: "tables:\n  - {quantities: [steps], id: t}\n  - {quantities: [epochs], id: t}"), line: 12, ["two tables have the id 't'"])
        check(error(with: "claims:\n  - {text: x, quantity: probe., level: \"0.3\", lessThan: \"0.1\"}"), line: 11, ["'probe.' names no probe key"])
        check(error(with: "claims:\n  - {text: x, quantity: steps, level: \"0.3\", lessThanValue: low}"), line: 11, ["lessThanValue must be a number, not 'low'"])
        check(error(with: "doesNotShow: []"), line: 10, ["doesNotShow is an empty list"])
        check(error(with: "references:\n  - {authors: A, year: 2001, title: T}"), line: 11, ["a reference has no 'venue'"])
        check(error(with: "references:\n  - {authors: A, year: recent, title: T, venue: V}"), line: 11, ["year must be a whole number from 1000 to 9999, not 'recent'"])
        check(error(with: "references:\n  - {authors: A, year: 2001, title: T, venue: V, doi: x}"), line: 11, ["unknown key 'doi' in a reference"])
    }

    func testPlaceholdersNameTheirOwnLine() {
        check(error(with: "intro: |\n  First line.\n  Then {{mean 0.5 final.train_loss}} here."), line: 12, column: 8,
              ["names level '0.5', which the study does not have", "levels: \"0.1\", \"0.3\""])
        check(error(with: "discussion: Loss {{mean 0.3 final.trian_loss}}."), line: 10, column: 18, ["unknown metric 'trian_loss'", "did you mean 'final.train_loss'?"])
        check(error(with: "discussion: \"{{average 0.3 final.train_loss}}\""), line: 10, ["unknown placeholder 'average'"])
        check(error(with: "discussion: \"{{mean 0.3 final.train_loss pct}}\""), line: 10, ["unknown format 'pct'", "percent"])
        check(error(with: "discussion: \"{{verdict 1}}\""), line: 10, ["names claim 1, but the file has 0 claim(s)"])
        check(error(with: "discussion: \"{{mean 0.3}}\""), line: 10, ["has 1 argument(s)", "{{mean LEVEL QUANTITY [FORMAT]}}"])
        check(error(with: "discussion: \"{{seeds\""), line: 10, ["never closed"])
        check(error(with: "discussion: '{{mean \"0.3 final.train_loss}}'"), line: 10, ["a quote in", "is never closed"])
        check(error(with: "discussion: \"{{}}\""), line: 10, ["empty placeholder"])
        check(error(with: "discussion: \"{{diff 0.1 0.3}}\""), line: 10, ["{{diff A B QUANTITY [FORMAT]}}"])
        check(error(with: "discussion: >\n  folded text\n  then {{ratio 0.3 0.2 steps}}"), line: 12, column: 8, ["names level '0.2'"])
    }

    func testAMissingFileSaysSo() {
        XCTAssertThrowsError(try StudyFile.load(URL(fileURLWithPath: "/nonexistent/x.yaml"))) { e in
            XCTAssertEqual((e as? StudyFileError)?.description, "/nonexistent/x.yaml: no such file; check the path (a study file ends in .yaml or .yml)")
        }
    }
}
