import Foundation

/// The `sarif` format: a SARIF 2.1.0 log with one run, for GitHub code
/// scanning (`github/codeql-action/upload-sarif`) and other SARIF viewers.
///
/// `tool.driver.rules` lists every code of the catalogue (so a viewer can show
/// the help of any result), each with its title, the first paragraph of its
/// explanation, the whole explanation as help, and its default level. Each
/// result carries `ruleId`, `ruleIndex`, `level`, `message.text` and one
/// physical location with a region; notes that point somewhere become
/// `relatedLocations` and a fix-it becomes a `fixes` entry. Columns are
/// Unicode code points (`columnKind: unicodeCodePoints`), as nnc counts them.
public struct SARIFRenderer: DiagnosticReporter {
    public static let schemaURI =
        "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

    /// The tool's version, reported as `tool.driver.version`.
    public var toolVersion: String
    /// Where users read about the tool, reported as `tool.driver.informationUri`
    /// (an optional field: the project has no public home yet, so none is invented).
    public var informationURI: String?
    /// The codes listed in `tool.driver.rules`, in order; the whole catalogue by default.
    public var catalogue: [CodeInfo]

    public init(
        toolVersion: String = "0.1.0",
        informationURI: String? = nil,
        catalogue: [CodeInfo] = Catalogue.all
    ) {
        self.toolVersion = toolVersion
        self.informationURI = informationURI
        self.catalogue = catalogue
    }

    public func report(_ diagnostics: [Diagnostic], sources: SourceManager) -> String {
        var infos = catalogue
        var index: [DiagnosticCode: Int] = [:]
        for (i, info) in infos.enumerated() where index[info.code] == nil {
            index[info.code] = i
        }
        // A code missing from the catalogue still gets a rule, so every result has a ruleIndex.
        for d in diagnostics where index[d.code] == nil {
            index[d.code] = infos.count
            infos.append(CodeInfo(d.code, d.code.rawValue, ""))
        }
        let rules = infos.map(Self.rule)
        let results = diagnostics.map { d -> [String: Any] in
            Self.result(d, ruleIndex: index[d.code] ?? 0)
        }
        var driver: [String: Any] = ["name": "nnc", "version": toolVersion, "rules": rules]
        if let informationURI { driver["informationUri"] = informationURI }
        let log: [String: Any] = [
            "$schema": Self.schemaURI,
            "version": "2.1.0",
            "runs": [
                [
                    "tool": ["driver": driver],
                    "columnKind": "unicodeCodePoints",
                    "results": results,
                ] as [String: Any]
            ],
        ]
        return JSONRenderer.serialize(log) + "\n"
    }

    static func level(_ s: Severity) -> String {
        switch s {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }

    static func rule(_ info: CodeInfo) -> [String: Any] {
        let explanation = info.explanation.trimmingCharacters(in: .whitespacesAndNewlines)
        let firstParagraph = explanation.components(separatedBy: "\n\n").first ?? ""
        return [
            "id": info.code.rawValue,
            "name": ruleName(info.title, code: info.code),
            "shortDescription": ["text": info.title],
            "fullDescription": ["text": firstParagraph.isEmpty ? info.title : firstParagraph],
            "help": ["text": explanation.isEmpty ? info.title : explanation],
            "defaultConfiguration": ["level": level(info.code.defaultSeverity)],
        ]
    }

    /// A SARIF rule name is an identifier: the title in UpperCamelCase
    /// ("unknown activation" → "UnknownActivation").
    static func ruleName(_ title: String, code: DiagnosticCode) -> String {
        var out = ""
        var upper = true
        for ch in title.unicodeScalars {
            if CharacterSet.alphanumerics.contains(ch) && ch.isASCII {
                out += upper ? String(ch).uppercased() : String(ch)
                upper = false
            } else {
                upper = true
            }
        }
        return out.isEmpty ? code.rawValue : out
    }

    static func result(_ d: Diagnostic, ruleIndex: Int) -> [String: Any] {
        var r: [String: Any] = [
            "ruleId": d.code.rawValue,
            "ruleIndex": ruleIndex,
            "level": level(d.severity),
            "message": ["text": d.messageWithLabel + (d.omittedNote.map { " (\($0))" } ?? "")],
            "locations": [location(d.span)],
        ]
        let related = d.notes.enumerated().map { i, note -> [String: Any] in
            var l = note.span.map(location) ?? [:]
            l["id"] = i
            l["message"] = ["text": note.message]
            return l
        }
        if !related.isEmpty { r["relatedLocations"] = related }
        if let fix = d.fixIt {
            r["fixes"] = [
                [
                    "description": ["text": fix.message],
                    "artifactChanges": [
                        [
                            "artifactLocation": ["uri": uri(fix.span.file)],
                            "replacements": [
                                [
                                    "deletedRegion": region(fix.span),
                                    "insertedContent": ["text": fix.replacement],
                                ] as [String: Any]
                            ],
                        ] as [String: Any]
                    ],
                ] as [String: Any]
            ]
        }
        return r
    }

    static func location(_ span: SourceSpan) -> [String: Any] {
        [
            "physicalLocation": [
                "artifactLocation": ["uri": uri(span.file)],
                "region": region(span),
            ] as [String: Any]
        ]
    }

    static func region(_ span: SourceSpan) -> [String: Any] {
        [
            "startLine": span.start.line,
            "startColumn": span.start.column,
            "endLine": span.end.line,
            "endColumn": span.end.column,
        ]
    }

    /// A relative path stays a relative URI reference (resolved against the
    /// repository root by code scanning); an absolute path becomes a `file://` URI.
    static func uri(_ path: String) -> String {
        var p = path
        while p.hasPrefix("./") { p.removeFirst(2) }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ":")
        let encoded = p.addingPercentEncoding(withAllowedCharacters: allowed) ?? p
        return p.hasPrefix("/") ? "file://" + encoded : encoded
    }
}
