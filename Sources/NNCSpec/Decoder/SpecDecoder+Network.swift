import NNCDiagnostics
import NNCSyntax

/// `network:`: the default initialiser and the layers.
extension SpecDecoder {
    static let layerKeys = ["dense", "activation", "init", "bias", "dropout", "l2", "name"]
    /// The most layers a network may have; far above any network nnc is for.
    static let maxLayers = 10_000

    /// The network as far as it decodes (parts that failed are poisoned); nil
    /// when `network:` is not a mapping.
    mutating func decodeNetwork(_ f: Field, file: String) -> Network? {
        guard let net = fields(f, context: "in 'network'", known: ["init", "layers", "preprocessing"], required: ["layers"],
                               example: "network: {layers: [{dense: 16, activation: tanh}, {dense: 1}]}")
        else { return nil }
        poisonUnwritten(net, required: ["layers"], under: "network")
        var before = errorCount
        var initializer = Located(Initializer(.glorotUniform), span: net.anchor)
        if let i = net["init"], let decoded = decodeInitializer(i) {
            initializer = decoded
        }
        poisonIfFailed("network.init", since: before, at: net["init"]?.entrySpan ?? net.anchor)
        before = errorCount
        var layers: [Layer] = []
        if let l = net["layers"] {
            switch l.node.kind {
            case .sequence(let items):
                if items.isEmpty {
                    report(.badCount, l.node.reportSpan, "the network has no layers",
                           label: "expected at least one layer",
                           notes: ["for example: layers: [{dense: 16, activation: tanh}, {dense: 1}]"])
                } else if items.count > Self.maxLayers {
                    report(.badCount, l.node.reportSpan, "too many layers: \(items.count)",
                           label: "at most \(Self.maxLayers)")
                } else {
                    // A layer that fails keeps its place (as a poisoned stand-in), so
                    // the layers after it keep their positions and default names.
                    for item in items {
                        let index = layers.count
                        if let layer = decodeLayer(item, index: index, networkInit: initializer) {
                            layers.append(layer)
                            poisonIfSyntaxError("network.layers.\(index)", inside: item.span)
                        } else {
                            poison.insert("network.layers.\(index)", span: item.span)
                            layers.append(Self.standInLayer(index: index, initializer: initializer, span: item.span))
                        }
                    }
                    before = errorCount
                }
            case .scalar(let s) where s.isNull:
                missingValue(l, expected: "a list of layers such as [{dense: 16, activation: tanh}, {dense: 1}]")
            default:
                wrongType(l, expected: "a list of layers",
                          notes: ["each layer is a list item: '- dense: 16' on its own line"])
            }
        }
        // Problems with the list itself (empty, not a list) leave no layers to check.
        poisonIfFailed("network.layers", since: before, at: net["layers"]?.entrySpan ?? net.anchor)
        let preprocessing = net["preprocessing"].flatMap { decodePreprocessing($0) }
        return Network(initializer: initializer, layers: layers, preprocessing: preprocessing, file: file, span: f.node.span)
    }

    /// One layer; each option that fails is poisoned and holds its default.
    /// Nil when the item is not a layer at all.
    private mutating func decodeLayer(_ node: Node, index: Int, networkInit: Located<Initializer>) -> Layer? {
        let f = Field(name: "layer \(index + 1)", keySpan: nil, node: node)
        guard node.mapping != nil else {
            wrongType(f, expected: "a layer such as {dense: 16, activation: tanh}",
                      notes: ["a layer is a mapping: '- dense: 16' followed by its options, indented to line up with 'dense'"])
            return nil
        }
        if let entries = node.mapping, reportKerasLayer(entries, index: index) { return nil }
        let anchor = node.mapping.flatMap { $0.first?.key.reportSpan } ?? node.span
        guard let l = fields(f, context: "in layer \(index + 1)", known: Self.layerKeys, required: ["dense"], anchor: anchor)
        else { return nil }
        let path = "network.layers.\(index)"
        poisonUnwritten(l, required: ["dense"], under: path)
        let span = node.span
        // Decodes one option, poisoning it when it reported an error.
        func option<T>(_ key: String, _ decode: (inout SpecDecoder, Field) -> T?) -> T? {
            guard let field = l[key] else { return nil }
            let before = errorCount
            let value = decode(&self, field)
            poisonIfFailed(path + "." + key, since: before, at: field.entrySpan)
            poisonIfSyntaxError(path + "." + key, inside: field.entrySpan)
            return value
        }
        let units = option("dense") { $0.integer($1) } ?? Located(1, span: span)
        let activation = option("activation") { $0.decodeActivation($1) } ?? Located(Activation(.linear), span: span)
        let initializer = option("init") { $0.decodeInitializer($1) } ?? networkInit
        let bias = option("bias") { $0.bool($1) } ?? Located(true, span: span)
        let dropout = option("dropout") { $0.number($1) } ?? Located(0, span: span)
        let l2 = option("l2") { $0.number($1) } ?? Located(0, span: span)
        var name = Located("dense_\(index)", span: span)
        if let s = option("name", { $0.layerName($1) }) { name = s }
        // A name that failed must not clash with (or hide a clash between) real names.
        if poison.contains(path + ".name") { name.value = Self.standInLayerName(index) }
        return Layer(name: name, units: units, activation: activation, initializer: initializer,
                     bias: bias, dropout: dropout, l2: l2, span: span)
    }

    /// `- {type: dense, units: 25}` (the Keras way) is one mistake, not an
    /// unknown 'type', an unknown 'units' and a missing 'dense': reports it
    /// once with the nnc form. True when it did.
    private mutating func reportKerasLayer(_ entries: [MappingEntry], index: Int) -> Bool {
        let keys = entries.compactMap { $0.key.scalar?.value }
        guard !keys.contains("dense"),
              let kindEntry = entries.first(where: { ["type", "layer", "kind", "class", "class_name"].contains($0.key.scalar?.value ?? "") })
        else { return false }
        let widthKeys = ["units", "width", "size", "neurons", "nodes", "out_features", "features", "dim"]
        let width = entries.first { widthKeys.contains($0.key.scalar?.value ?? "") }?.value.scalar?.value ?? "16"
        let kindKey = kindEntry.key.scalar?.value ?? "type"
        let kindValue = kindEntry.value.scalar?.value ?? ""
        report(.unknownKey, kindEntry.key.reportSpan, "unknown key '\(kindKey)' in layer \(index + 1)",
               label: "a layer is written '- dense: \(width)'",
               notes: ["a layer is named by its kind with its width as the value: - {dense: \(width), activation: tanh}"]
                   + (kindValue.lowercased() == "dense" || kindValue.lowercased() == "linear" ? []
                       : ["'dense' is the only kind of layer in spec version 1"]))
        return true
    }

    /// A layer's `name`: a plain name, since it becomes a tensor name; nil after reporting.
    private mutating func layerName(_ f: Field) -> Located<String>? {
        plainName(f, what: "layer", why: "layer names become tensor names ('<name>.weight'), so they hold no dots, spaces or slashes")
    }

    /// A plain name (see `isLayerName`) for a `what` ("layer", "data set");
    /// `why` is the note that says what it names. Nil after reporting.
    mutating func plainName(_ f: Field, what: String, why: String) -> Located<String>? {
        guard let s = string(f) else { return nil }
        guard Self.isLayerName(s.value) else {
            report(.invalidName, s.span, "the \(what) name '\(s.value)' is not a plain name",
                   label: "expected ASCII letters, digits, '_' or '-'", notes: [why])
            return nil
        }
        return s
    }

    static func isLayerName(_ s: String) -> Bool {
        !s.isEmpty && s.unicodeScalars.count <= 100 && s.unicodeScalars.allSatisfy {
            $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-")
        }
    }

    mutating func decodeActivation(_ f: Field) -> Located<Activation>? {
        guard let w = word(f, kind: "activation", example: "tanh") else { return nil }
        guard let kind = lookup(w.name, as: ActivationKind.self, code: .unknownActivation,
                                kind: "activation", plural: "activations")
        else { return nil }
        let p = parameters(w, of: kind)
        let alpha = p["alpha"].flatMap { number($0) }
        return Located(Activation(kind, alpha: alpha?.value), span: w.span)
    }

    mutating func decodeInitializer(_ f: Field) -> Located<Initializer>? {
        guard let w = word(f, kind: "initializer", example: "glorot_uniform") else { return nil }
        guard let kind = lookup(w.name, as: InitializerKind.self, code: .unknownInitializer,
                                kind: "initializer", plural: "initializers")
        else { return nil }
        let p = parameters(w, of: kind)
        let scale = kind.shorthandParameter.flatMap { p[$0.name] }.flatMap { number($0) }
        return Located(Initializer(kind, scale: scale?.value), span: w.span)
    }
}
