import NNCDiagnostics
@testable import NNCSyntax

/// Parses `text` as the file "t.yaml".
func parse(_ text: String, limits: YAMLParser.Limits = .default) -> ParsedDocument {
    YAMLParser.parse(SourceFile(path: "t.yaml", text: text), limits: limits)
}

/// A span in "t.yaml" from line:column to line:column (end exclusive).
func span(_ l1: Int, _ c1: Int, _ l2: Int, _ c2: Int) -> SourceSpan {
    SourceSpan(file: "t.yaml", start: SourceLocation(line: l1, column: c1), end: SourceLocation(line: l2, column: c2))
}

func at(_ line: Int, _ column: Int) -> SourceLocation { SourceLocation(line: line, column: column) }

extension Node {
    /// The node at a path of keys (String) and list indices (Int).
    func at(_ path: Any...) -> Node? {
        var node: Node? = self
        for step in path {
            if let key = step as? String {
                node = node?[key]
            } else if let index = step as? Int, let items = node?.sequence, index < items.count {
                node = items[index]
            } else {
                return nil
            }
        }
        return node
    }

    var keys: [String] { mapping?.compactMap { $0.key.scalar?.value } ?? [] }
}
