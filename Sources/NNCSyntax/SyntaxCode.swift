import NNCDiagnostics

/// The diagnostic codes the YAML layer emits (E0001–E0099), documented in
/// `Catalogue+Syntax.swift`. Public so later stages and tests can name them.
public enum SyntaxCode {
    /// The file does not exist, is a directory, or cannot be read.
    public static let unreadableFile: DiagnosticCode = "E0001"
    /// The file's bytes are not valid UTF-8.
    public static let invalidUTF8: DiagnosticCode = "E0002"
    /// The file holds no YAML document (empty, only comments, or a bare `---`).
    public static let emptyFile: DiagnosticCode = "E0003"
    /// A syntax error reported by libyaml.
    public static let syntaxError: DiagnosticCode = "E0004"
    /// A tab where YAML needs spaces (indentation).
    public static let tabIndentation: DiagnosticCode = "E0005"
    /// The same key twice in one mapping.
    public static let duplicateKey: DiagnosticCode = "E0006"
    /// More than one YAML document in the file.
    public static let multipleDocuments: DiagnosticCode = "E0007"
    /// An alias (`*name`) without a matching anchor, or one inside its own anchor.
    public static let unknownAlias: DiagnosticCode = "E0008"
    /// Aliases expand to more nodes than the limit (an "alias bomb").
    public static let aliasExpansionTooLarge: DiagnosticCode = "E0009"
    /// Mappings and lists nested deeper than the limit.
    public static let nestingTooDeep: DiagnosticCode = "E0010"
    /// A `<<` merge key whose value is not a mapping or a list of mappings.
    public static let invalidMerge: DiagnosticCode = "E0011"
    /// A mapping or a list used as a mapping key.
    public static let nonScalarKey: DiagnosticCode = "E0012"
    /// A control character (or other character YAML forbids) in the text.
    public static let forbiddenCharacter: DiagnosticCode = "E0013"
}
