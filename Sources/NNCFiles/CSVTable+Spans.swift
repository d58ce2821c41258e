import NNCDiagnostics

extension CSVTable {
    /// The span of the value in column `name` of data row `row` (0-based),
    /// for a diagnostic about a value after the table was read (a grid point
    /// outside where an expression is defined). The file is scanned again up
    /// to that row; when it cannot be, the span is the start of the row's line.
    public func span(ofColumn name: String, row: Int) -> SourceSpan {
        let line = lines[row]
        let fallback = SourceSpan(file: path, line: line, column: 1, length: 1)
        guard case .success(let data) = DataFile.contents(path) else { return fallback }
        return data.withUnsafeBytes { raw -> SourceSpan in
            var scanner = CSVScanner(bytes: raw.bindMemory(to: UInt8.self), path: path)
            var fields: [CSVField] = []
            guard (try? scanner.nextRecord(into: &fields)) != nil,
                  let column = fields.firstIndex(where: { scanner.trimmedText(of: $0) == name })
            else { return fallback }
            while let at = try? scanner.nextRecord(into: &fields) {
                if at == line { return column < fields.count ? scanner.span(of: fields[column]) : fallback }
                if at > line { break }
            }
            return fallback
        }
    }

    /// Adds the file's text to `sources` (when given and not there yet), so a
    /// diagnostic about one of its values shows the line.
    public func registerText(in sources: SourceManager?) {
        guard let sources, sources.file(path) == nil, case .success(let data) = DataFile.contents(path) else { return }
        data.withUnsafeBytes { raw in
            Self.registerText(raw.bindMemory(to: UInt8.self), path: path, in: sources)
        }
    }
}
