/// The named codes of this table: one constant per entry, used wherever the code is reported.
extension DiagnosticCode {
    /// E0001: cannot read file.
    public static let unreadableFile: DiagnosticCode = "E0001"
    /// E0002: file is not valid UTF-8.
    public static let invalidUTF8: DiagnosticCode = "E0002"
    /// E0003: file is empty.
    public static let emptyFile: DiagnosticCode = "E0003"
    /// E0004: YAML syntax error.
    public static let syntaxError: DiagnosticCode = "E0004"
    /// E0005: tab in indentation.
    public static let tabIndentation: DiagnosticCode = "E0005"
    /// E0006: duplicate key.
    public static let duplicateKey: DiagnosticCode = "E0006"
    /// E0007: more than one YAML document.
    public static let multipleDocuments: DiagnosticCode = "E0007"
    /// E0008: unknown alias.
    public static let unknownAlias: DiagnosticCode = "E0008"
    /// E0009: alias expansion too large.
    public static let aliasExpansionTooLarge: DiagnosticCode = "E0009"
    /// E0010: nesting too deep.
    public static let nestingTooDeep: DiagnosticCode = "E0010"
    /// E0011: invalid merge key.
    public static let invalidMerge: DiagnosticCode = "E0011"
    /// E0012: non-scalar mapping key.
    public static let nonScalarKey: DiagnosticCode = "E0012"
    /// E0013: forbidden character.
    public static let forbiddenCharacter: DiagnosticCode = "E0013"
}

extension Catalogue {
    /// Files and YAML syntax (E0001–E0099), emitted by NNCSyntax.
    static let syntaxCodes: [CodeInfo] = [
        CodeInfo(.unreadableFile, "cannot read file", """
            nnc could not read the file it was given: the path does not exist, names a \
            directory, is larger than a spec can be, or is not readable by the current user.

            Example:

                nnc build specs/gluon.yml      # the file is really specs/gluon.yaml

            Fix: check the path (relative paths are relative to the current directory, \
            or, for `include:`, to the including file), the extension, and the file's \
            permissions.
            """),
        CodeInfo(.invalidUTF8, "file is not valid UTF-8", """
            A spec must be UTF-8 text. The file contains a byte that cannot start or \
            continue a UTF-8 character; nnc reports the line and column of the first one. \
            This usually means the file was saved in another encoding (Latin-1, \
            Windows-1252, UTF-16) or has binary data pasted into it.

            Example: a name written as `name: caf\\xE9` by an editor set to Latin-1 \
            (the single byte 0xE9 for "é").

            Fix: re-save the file as UTF-8 in your editor, or convert it, for example \
            with `iconv -f latin1 -t utf-8 spec.yaml > spec.utf8.yaml`.
            """),
        CodeInfo(.emptyFile, "file is empty", """
            The file holds no YAML document: it is empty, holds only comments, or only \
            a `---` line. A spec is a YAML mapping of its keys.

            Example:

                # my new spec
                ---

            Fix: write the spec's keys, starting with the format version:

                nnc: 1
                name: my-fit
                ...
            """),
        CodeInfo(.syntaxError, "YAML syntax error", """
            The YAML parser (libyaml) could not read the file. The message is the \
            parser's own description of the problem; the notes point at where the \
            construct that failed started and name the likely cause. Most syntax errors \
            come from indentation that does not line up, a ': ' inside an unquoted \
            value, an unclosed quote or bracket, or a value that starts with a \
            character YAML reserves (`@`, `` ` ``, `%`, `&`, `*`, `!`, `|`, `>`).

            Example:

                network:
                  layers:
                    - dense: 25
                   activation: tanh      # one space short: not a key of the list item

            gives "did not find expected key".

            Fix: indent every key of a mapping by exactly the same amount, quote values \
            that contain ': ' or start with a special character (`name: "a: b"`), and \
            close every quote, `[` and `{`.
            """),
        CodeInfo(.tabIndentation, "tab in indentation", """
            YAML does not allow tab characters for indentation (and, in most places, \
            not between a key and its value either): the amount of indentation decides \
            the structure, and a tab's width is ambiguous.

            Example (→ marks a tab):

                network:
                →layers: []

            Fix: indent with spaces. Most editors can convert tabs to spaces \
            ("expand tabs") and can be told to insert spaces in .yaml files.
            """),
        CodeInfo(.duplicateKey, "duplicate key", """
            The same key appears twice in one mapping. YAML forbids this, and most \
            readers silently keep only one of the values, so a spec with a duplicate \
            key may not say what its author thinks. The diagnostic points at the second \
            key, with a note at the first.

            Example:

                training:
                  epochs: 1000
                  loss: mse
                  epochs: 5000

            Fix: keep one of the keys. Keys merged in with `<<` are not duplicates: an \
            explicit key overrides a merged one on purpose.
            """),
        CodeInfo(.multipleDocuments, "more than one YAML document", """
            A spec file holds exactly one YAML document, but a `---` line (or text after \
            a `...` line) starts a second one. nnc reads the first document and reports \
            the second.

            Example:

                nnc: 1
                name: first
                ---
                nnc: 1
                name: second

            Fix: put each spec in its own file. A single `---` at the very top of the \
            file is allowed; a network shared by several specs belongs in its own file \
            and is brought in with `include:`.
            """),
        CodeInfo(.unknownAlias, "unknown alias", """
            An alias (`*name`) refers to an anchor (`&name`) that is not defined before \
            it. Anchors must come before the aliases that use them, in file order, and a \
            node cannot refer to itself from inside.

            Example:

                training:
                  optimizer: *fast_adam    # no '&fast_adam' above this line

            Fix: define the anchor on the node you want to reuse, above its first use \
            (`optimizer: &fast_adam {adam: {learning_rate: 1.0e-2}}`), and check the \
            spelling. To write a value that starts with '*' or '&', quote it.
            """),
        CodeInfo(.aliasExpansionTooLarge, "alias expansion too large", """
            The document holds more than a million values once its aliases are expanded. \
            Aliases that refer to anchors which themselves hold many aliases multiply in \
            size at every level (the "billion laughs" pattern), so a few lines can stand \
            for billions of values; nnc stops instead of running out of memory.

            Example:

                a: &a [x, x, x, x, x, x, x, x, x, x]
                b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]
                c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]
                ...

            Fix: a spec never needs this many values; write the structure out, or load \
            large data from a CSV file with `data.train: {csv: path}`.
            """),
        CodeInfo(.nestingTooDeep, "nesting too deep", """
            Mappings and lists are nested more than 512 levels deep (counting those \
            brought in by aliases). A spec needs only a handful of levels; deep nesting \
            usually means unclosed `[` or `{` brackets, or generated input.

            Example: a line of a thousand `[` characters.

            Fix: close the brackets, or flatten the structure.
            """),
        CodeInfo(.invalidMerge, "invalid merge key", """
            A `<<` merge key copies the keys of a mapping into the mapping that holds it; \
            its value must be a mapping (usually an alias to one) or a list of mappings. \
            Here it is something else, such as a string or a list of strings.

            Example:

                base: &base [1, 2]
                training:
                  <<: *base

            Fix: put the anchor on a mapping (`base: &base {loss: mse, epochs: 100}`) \
            and merge that, or list several: `<<: [*a, *b]` (the first listed wins where \
            they share a key; keys written in the mapping itself win over all). To use \
            `<<` as an ordinary key, quote it: `"<<": value`.
            """),
        CodeInfo(.nonScalarKey, "non-scalar mapping key", """
            A mapping key is a mapping or a list. YAML allows this (with `?` or a flow \
            collection before `:`), but spec keys are names, and nnc cannot use such a \
            key.

            Example:

                [inputs, outputs]: 1

            Fix: write one key per line with its own value:

                inputs: 1
                outputs: 1
            """),
        CodeInfo(.forbiddenCharacter, "forbidden character", """
            The file contains a character YAML does not allow in its text: a control \
            character such as NUL, form feed or escape (anything below U+0020 other \
            than tab, line feed and carriage return, DEL, the C1 controls), or the \
            non-characters U+FFFE and U+FFFF. These are invisible in most editors and \
            typically come from copying text out of another program.

            Example: `name: fit` followed by an invisible U+000C (form feed).

            Fix: delete the character (retype the line if you cannot see it). To put \
            such a character inside a value, write it as an escape in a double-quoted \
            string, for example `"\\x0C"`.
            """),
    ]
}
