/// Renders diagnostics like a compiler: `file:line:col: error[E0201]: message`,
/// the source line, carets under the span, the label, notes and fix-its.
///
/// ```
/// specs/gluon.yaml:14:19: error[E0201]: unknown activation 'tanhh'
///    |
/// 14 |       activation: tanhh
///    |                   ^^^^^ did you mean 'tanh'?
///    = note: known activations: linear, sigmoid, tanh, relu, ...
///    = help: replace with 'tanh'
/// ```
///
/// Columns are Unicode scalars; on screen a tab advances to the next multiple
/// of four, wide (East Asian) characters take two cells and combining marks
/// none, and the carets follow the same rule so they stay under the text.
/// A span over several lines is underlined to the end of its first line.
public struct TextRenderer {
    public var sources: SourceManager
    /// ANSI colour; the caller decides (terminal and no NO_COLOR).
    public var color: Bool

    public init(sources: SourceManager, color: Bool = false) {
        self.sources = sources
        self.color = color
    }

    static let tabWidth = 4

    public func render(_ diagnostic: Diagnostic) -> String {
        let d = diagnostic
        let severityColor: ANSI = d.severity == .error ? .red : d.severity == .warning ? .yellow : .cyan
        var out = paint("\(d.span.file):\(d.span.start): ", .bold)
        out += paint("\(d.severity.rawValue)[\(d.code)]", .bold, severityColor)
        out += paint(": \(d.message)", .bold) + "\n"

        let lineNumber = d.span.start.line
        let snippet = sources.file(d.span.file)?.line(lineNumber)
        let width = max(String(lineNumber).count, 1)
        let pad = String(repeating: " ", count: width)
        if let snippet {
            let text = String(snippet)
            let allScalars = Array(text.unicodeScalars)
            // Columns are 1-based; a span may start just past the end (a missing value at the end of a line).
            var first = min(max(d.span.start.column - 1, 0), allScalars.count)
            var last: Int
            if d.span.end.line == d.span.start.line {
                last = min(max(d.span.end.column - 1, first), allScalars.count)
            } else {
                last = allScalars.count
            }
            // A very long line is shown as a window around the span, marked with '...'.
            let (window, cutLeft, cutRight) = Self.window(allScalars, first: first, last: last)
            first -= window.lowerBound
            last = min(last, window.upperBound) - window.lowerBound
            var windowText = String.UnicodeScalarView()
            windowText.append(contentsOf: allScalars[window])
            var (shown, cells) = Self.layout(String(windowText))
            if cutLeft { shown = "... " + shown }
            if cutRight { shown += " ..." }
            let lead = cells[first] + (cutLeft ? 4 : 0)
            let caretCount = max(cells[last] - cells[first], 1)
            out += paint(pad + " |", .blue) + "\n"
            out += paint("\(lineNumber) |", .blue) + (shown.isEmpty ? "" : " " + shown) + "\n"
            var underline = String(repeating: " ", count: lead) + paint(String(repeating: "^", count: caretCount), .bold, severityColor)
            if let label = d.label, !label.isEmpty { underline += " " + paint(label, .bold, severityColor) }
            out += paint(pad + " |", .blue) + " " + underline + "\n"
        }
        for note in d.notes {
            var text = note.message
            if let span = note.span { text += " (\(span.file):\(span.start))" }
            out += paint(pad + " =", .blue) + " " + paint("note", .bold) + ": " + Self.indentContinuation(text, by: width + 9) + "\n"
        }
        if let omitted = d.omittedNote {
            out += paint(pad + " =", .blue) + " " + paint("note", .bold) + ": " + omitted + "\n"
        }
        if let fix = d.fixIt {
            out += paint(pad + " =", .blue) + " " + paint("help", .bold) + ": " + fix.message + "\n"
        }
        return out
    }

    public func render(_ diagnostics: [Diagnostic]) -> String {
        diagnostics.map(render).joined(separator: "\n")
    }

    /// One line that counts what was found: "error: 3 errors and 1 warning in specs/gluon.yaml".
    /// Nil when there is nothing to report.
    public func summary(_ diagnostics: [Diagnostic]) -> String? {
        // Problems a diagnostic stands for but does not show are counted too.
        let errors = diagnostics.count(.error)
        let warnings = diagnostics.count(.warning)
        guard errors + warnings > 0 else { return nil }
        var parts: [String] = []
        if errors > 0 { parts.append(errors == 1 ? "1 error" : "\(errors) errors") }
        if warnings > 0 { parts.append(warnings == 1 ? "1 warning" : "\(warnings) warnings") }
        var files: [String] = []
        for d in diagnostics where !files.contains(d.span.file) { files.append(d.span.file) }
        let place = files.count == 1 ? files[0] : "\(files.count) files"
        let head = errors > 0 ? paint("error", .bold, .red) : paint("warning", .bold, .yellow)
        return head + ": " + parts.joined(separator: " and ") + " in " + place + "\n"
    }

    // MARK: Layout

    /// Lines longer than this many scalars are shown as a window around the span.
    static let maxShown = 120

    /// The scalar range of a line to show: all of it when short, else
    /// `maxShown` scalars starting a little before the span.
    static func window(_ scalars: [Unicode.Scalar], first: Int, last: Int) -> (Range<Int>, Bool, Bool) {
        guard scalars.count > maxShown else { return (0..<scalars.count, false, false) }
        var start = max(0, first - 20)
        // Keep as much of a long span as fits, but always its start.
        start = min(start, max(0, min(first, scalars.count - maxShown)))
        let end = min(scalars.count, start + maxShown)
        return (start..<end, start > 0, end < scalars.count)
    }

    /// The line as shown (tabs expanded) and, for each scalar column 0...count,
    /// the screen cell where it starts.
    static func layout(_ line: String) -> (shown: String, cells: [Int]) {
        var shown = ""
        var cells: [Int] = [0]
        var cell = 0
        for s in line.unicodeScalars {
            if s == "\t" {
                let next = (cell / tabWidth + 1) * tabWidth
                shown += String(repeating: " ", count: next - cell)
                cell = next
            } else {
                shown.unicodeScalars.append(s.value < 0x20 || s.value == 0x7F ? "\u{FFFD}" : s)
                cell += cellWidth(s)
            }
            cells.append(cell)
        }
        return (shown, cells)
    }

    /// Screen cells a scalar takes in a terminal: 0 for combining marks and
    /// joiners, 2 for East Asian wide and full-width characters and emoji, else 1.
    static func cellWidth(_ s: Unicode.Scalar) -> Int {
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let v = s.value
        let wide: [ClosedRange<UInt32>] = [
            0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x3FFFD,
        ]
        return wide.contains { $0.contains(v) } ? 2 : 1
    }

    /// Multi-line notes keep their later lines under the first.
    private static func indentContinuation(_ text: String, by n: Int) -> String {
        guard text.contains("\n") else { return text }
        return text.split(separator: "\n", omittingEmptySubsequences: false)
            .joined(separator: "\n" + String(repeating: " ", count: n))
    }

    // MARK: Colour

    enum ANSI: String {
        case bold = "1", red = "31", yellow = "33", blue = "34", cyan = "36"
    }

    private func paint(_ text: String, _ styles: ANSI...) -> String {
        guard color, !text.isEmpty else { return text }
        return "\u{1B}[" + styles.map(\.rawValue).joined(separator: ";") + "m" + text + "\u{1B}[0m"
    }
}
