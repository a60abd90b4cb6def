import ArgumentParser
import DLCore
import DLFiles
import DLReport
import Foundation

/// Errors the command line reports with an exit code of its own: 2 for input that cannot be
/// used (a bad spec, a missing file), so scripts can tell it from a failed check (1).
enum CLIError: Error, CustomStringConvertible {
    /// Input that cannot be used: exit 2.
    case invalidInput(String)
    /// Work that failed or a check that found a regression: exit 1.
    case failed(String)

    var description: String {
        switch self { case .invalidInput(let m), .failed(let m): return m }
    }

    var exitCode: Int32 {
        switch self { case .invalidInput: return 2; case .failed: return 1 }
    }
}

extension DLStudyCommand {
    /// Runs the command line, mapping errors to exit codes: 0 success, 1 failure (a check that
    /// found a regression), 2 usage or input errors.
    public static func mainWithExitCodes(_ arguments: [String]? = nil) -> Never {
        // A write past `ulimit -f` fails with EFBIG and a clear error (and the temporary file is
        // removed) instead of the process being killed mid-write by SIGXFSZ.
        signal(SIGXFSZ, SIG_IGN)
        do {
            var command = try parseAsRoot(arguments)
            try command.run()
            exit(withError: nil)
        } catch let error as CLIError {
            printError("error: \(error.description)")
            exit(withError: ExitCode(error.exitCode))
        } catch let error as FileProblem {
            printError("error: \(error.description)")
            exit(withError: ExitCode(2))
        } catch let error as ReportWriter.WriteError {
            printError("error: \(error.description)")
            exit(withError: ExitCode(2))
        } catch let error as SpecError {
            printError("error: \(error.description)")
            exit(withError: ExitCode(2))
        } catch {
            // Bad command-line options are usage errors like any other: exit 2 (ArgumentParser
            // would exit 64), with its message and usage line.
            if exitCode(for: error) == .validationFailure {
                printError(fullMessage(for: error))
                exit(withError: ExitCode(2))
            }
            exit(withError: error)
        }
    }

    static func printError(_ text: String) {
        // What was printed before the error comes before it in a log that takes both streams.
        fflush(stdout)
        var stderr = StandardError()
        print(text, to: &stderr)
    }
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) { FileHandleStderr.write(string) }
}

enum FileHandleStderr {
    static func write(_ s: String) { FileHandle.standardError.write(Data(s.utf8)) }
}
