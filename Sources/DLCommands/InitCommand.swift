import ArgumentParser
import DLFiles
import Foundation

/// `dlstudy init NAME`: a new Swift package with one study and the whole command line over it.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a Swift package whose executable is dlstudy's command line over its own studies.",
        discussion: """
            The package (in --path, default ./NAME) depends on dlstudy by path or by URL (a \
            branch, since the engine builds with -Ounchecked, which SwiftPM allows only in \
            dependencies pinned to a branch or revision). It holds Sources/NAME/FirstStudy.swift, \
            a study to edit, and main.swift, which calls DLStudyCommand.main(studies:) with the \
            package's list of studies. Build it with `swift build -c release`, then run \
            `.build/release/NAME list`. Without --dlstudy-path or --dlstudy-url, a dlstudy built \
            from a checkout depends on that checkout.
            """)

    @Argument(help: "The package's name (letters, digits, - and _), also its executable's.")
    var name: String

    @Option(help: ArgumentHelp("Folder to create (default: ./NAME); must not exist or be empty.", valueName: "dir"))
    var path: String?

    @Option(help: ArgumentHelp("Depend on the dlstudy checkout in this folder.", valueName: "path"))
    var dlstudyPath: String?

    @Option(help: ArgumentHelp("Depend on dlstudy's git repository at this URL.", valueName: "url"))
    var dlstudyURL: String?

    @Option(help: "With --dlstudy-url: the branch to follow.")
    var dlstudyBranch = "main"

    func validate() throws {
        guard let first = name.first, first.isLetter, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw ValidationError("'\(name)' is not a package name: use letters, digits, - and _, starting with a letter, e.g. my-studies.")
        }
        if dlstudyPath != nil && dlstudyURL != nil {
            throw ValidationError("give --dlstudy-path or --dlstudy-url, not both.")
        }
    }

    func run() throws {
        let dependency: PackageTemplate.Dependency
        if let url = dlstudyURL {
            dependency = .url(url, branch: dlstudyBranch)
        } else if let p = dlstudyPath ?? Self.checkoutOfThisExecutable() {
            let absolute = URL(fileURLWithPath: p).standardizedFileURL
            guard FileManager.default.fileExists(atPath: absolute.appendingPathComponent("Package.swift").path) else {
                throw CLIError.invalidInput("--dlstudy-path \(p) has no Package.swift: name the folder of a dlstudy checkout")
            }
            dependency = .path(absolute.path)
        } else {
            throw CLIError.invalidInput("this dlstudy was not built from a checkout: pass --dlstudy-path DIR (a dlstudy checkout) or --dlstudy-url URL")
        }
        let folder = URL(fileURLWithPath: path ?? name, isDirectory: true).standardizedFileURL
        let fm = FileManager.default
        if let existing = try? fm.contentsOfDirectory(atPath: folder.path), !existing.isEmpty {
            throw CLIError.invalidInput("\(path ?? name) exists and is not empty: choose another --path")
        }
        let template = PackageTemplate(name: name, dependency: dependency)
        do {
            for file in template.files {
                let url = folder.appendingPathComponent(file.path)
                try FileProblem.createFolder(url.deletingLastPathComponent())
                try AtomicFile.write(file.text, to: url)
            }
        } catch let e as FileProblem {
            throw CLIError.invalidInput("cannot write the package: \(e.description)")
        }
        let shown = path ?? name
        print("""
            \(name): a study package in \(shown), depending on dlstudy at \(Self.describe(dependency))
              cd \(shown) && swift build -c release
              .build/release/\(name) list
              .build/release/\(name) run first --profile quick
            """)
    }

    static func describe(_ d: PackageTemplate.Dependency) -> String {
        switch d { case .path(let p): return p; case .url(let u, let b): return "\(u) (branch \(b))" }
    }

    /// The checkout this executable was built in (`<checkout>/.build/<config>/dlstudy`), if any.
    static func checkoutOfThisExecutable() -> String? {
        let exe = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        for _ in 0..<4 {
            if dir.lastPathComponent == ".build" {
                let root = dir.deletingLastPathComponent()
                if FileManager.default.fileExists(atPath: root.appendingPathComponent("Package.swift").path) { return root.path }
            }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }
}
