import Foundation

extension Plan {
    /// The plan as JSON: sorted keys and fixed formatting, so the same plan
    /// always gives the same bytes.
    public func jsonData(pretty: Bool = true) throws -> Data {
        try PlanJSON.encoder(pretty: pretty).encode(self)
    }

    /// Decodes a plan written by `jsonData`.
    public static func decode(from data: Data) throws -> Plan {
        try PlanJSON.decoder().decode(Plan.self, from: data)
    }
}

/// The one JSON configuration of plan files.
enum PlanJSON {
    static func encoder(pretty: Bool) -> JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes] : [.sortedKeys, .withoutEscapingSlashes]
        // A checked spec holds only finite numbers; this keeps an unchecked one from failing to encode.
        e.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    static func decoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}
