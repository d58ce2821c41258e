import ArgumentParser
import Foundation
import NNCDiagnostics
import NNCSpec

/// `nnc explain CODE`: the long form of a diagnostic code.
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Explain a diagnostic code, with an example and the fix.",
        discussion: """
            Every error and warning nnc reports carries a code such as E0201.
              nnc explain E0201     what the code means, an example that triggers it, the fix
              nnc explain --list    every code with its title
            """
    )

    @Argument(help: "The code to explain, such as E0201 (case does not matter).")
    var code: String?

    @Flag(name: .long, help: "List every code with its title.")
    var list = false

    func validate() throws {
        if code == nil && !list {
            throw ValidationError("give a code to explain (such as E0201), or --list")
        }
    }

    func run() throws {
        if list {
            print(Self.listing(), terminator: "")
            return
        }
        let (text, ok) = Self.explanation(for: code ?? "")
        if ok {
            print(text, terminator: "")
        } else {
            printError(text)
            throw CommandFailure(code: Exit.usage)
        }
    }

    /// Every code and its title, one a line.
    static func listing() -> String {
        Catalogue.all.map { "\($0.code)  \($0.title)\n" }.joined()
    }

    /// The explanation of `code`, or a message with a suggestion and false.
    static func explanation(for code: String) -> (String, Bool) {
        let wanted = DiagnosticCode(code.trimmingCharacters(in: .whitespaces).uppercased())
        if let info = Catalogue.entry(for: wanted) {
            let severity = wanted.defaultSeverity.rawValue
            return ("\(info.code): \(info.title) (\(severity))\n\n\(info.explanation)\n", true)
        }
        let codes = Catalogue.all.map(\.code.rawValue)
        var message = "error: unknown diagnostic code '\(code)'"
        if let guess = DidYouMean.suggestion(for: wanted.rawValue, among: codes) {
            message += "; did you mean '\(guess)'?"
        }
        message += "\nnote: `nnc explain --list` lists every code"
        return (message, false)
    }
}
