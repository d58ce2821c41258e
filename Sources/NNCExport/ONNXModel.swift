/// The subset of ONNX's protobuf messages (onnx/onnx.proto, IR version 8)
/// that a feed-forward network needs, and their encoding. Field numbers are
/// those of onnx.proto.
public struct ONNXModel: Sendable {
    /// ONNX IR version 8 goes with opset 17 (onnx/docs/Versioning.md).
    public static let irVersion: Int64 = 8
    public static let opset: Int64 = 17

    public var graph: ONNXGraph
    public var producerVersion: String
    public var docString: String
    public var metadata: [(key: String, value: String)]

    /// The `ModelProto` bytes: what a `.onnx` file holds.
    public func encoded() -> [UInt8] {
        var w = ProtobufWriter()
        w.int(1, Self.irVersion)                         // ir_version
        w.string(2, "nnc")                               // producer_name
        w.string(3, producerVersion)                     // producer_version
        w.string(6, docString)                           // doc_string
        w.message(7) { graph.encode(&$0) }               // graph
        w.message(8) { o in                              // opset_import
            o.string(1, "")                              //   domain: the default ai.onnx
            o.int(2, Self.opset)                         //   version
        }
        for (k, v) in metadata {                         // metadata_props
            w.message(14) { e in
                e.string(1, k)
                e.string(2, v)
            }
        }
        return w.bytes
    }
}

public struct ONNXGraph: Sendable {
    public var name: String
    public var nodes: [ONNXNode] = []
    public var initializers: [ONNXTensor] = []
    public var inputs: [ONNXValueInfo] = []
    public var outputs: [ONNXValueInfo] = []

    func encode(_ w: inout ProtobufWriter) {
        for n in nodes { w.message(1) { n.encode(&$0) } }          // node
        w.string(2, name)                                           // name
        for t in initializers { w.message(5) { t.encode(&$0) } }   // initializer
        for v in inputs { w.message(11) { v.encode(&$0) } }        // input
        for v in outputs { w.message(12) { v.encode(&$0) } }       // output
    }
}

public struct ONNXNode: Sendable {
    public var op: String
    public var inputs: [String]
    public var outputs: [String]
    public var name: String
    public var attributes: [ONNXAttribute] = []

    func encode(_ w: inout ProtobufWriter) {
        for i in inputs { w.string(1, i) }      // input
        for o in outputs { w.string(2, o) }     // output
        w.string(3, name)                       // name
        w.string(4, op)                         // op_type
        for a in attributes { w.message(5) { a.encode(&$0) } }
    }
}

public enum ONNXAttribute: Sendable {
    case float(String, Float)
    case int(String, Int64)
    case ints(String, [Int64])

    func encode(_ w: inout ProtobufWriter) {
        switch self {
        case .float(let name, let v):
            w.string(1, name)
            w.float(2, v)         // f
            w.int(20, 1)          // type FLOAT
        case .int(let name, let v):
            w.string(1, name)
            w.int(3, v)           // i
            w.int(20, 2)          // type INT
        case .ints(let name, let v):
            w.string(1, name)
            w.packedInts(8, v)    // ints
            w.int(20, 7)          // type INTS
        }
    }
}

/// A constant tensor (an initializer): float32 or int64, stored as raw little-endian bytes.
public struct ONNXTensor: Sendable {
    public enum Values: Sendable {
        case float([Float])
        case int64([Int64])
    }

    public var name: String
    public var dims: [Int]
    public var values: Values

    public var byteCount: Int {
        switch values {
        case .float(let v): return v.count * 4
        case .int64(let v): return v.count * 8
        }
    }

    func encode(_ w: inout ProtobufWriter) {
        if !dims.isEmpty { w.packedInts(1, dims.map(Int64.init)) }   // dims
        var raw: [UInt8] = []
        raw.reserveCapacity(byteCount)
        switch values {
        case .float(let v):
            w.int(2, 1)                                                // data_type FLOAT
            for x in v { withUnsafeBytes(of: x.bitPattern.littleEndian) { raw.append(contentsOf: $0) } }
        case .int64(let v):
            w.int(2, 7)                                                // data_type INT64
            for x in v { withUnsafeBytes(of: x.littleEndian) { raw.append(contentsOf: $0) } }
        }
        w.string(8, name)                                              // name
        w.bytes(9, raw)                                                // raw_data
    }
}

/// A graph input or output: a float32 tensor with named or fixed dimensions.
public struct ONNXValueInfo: Sendable {
    public enum Dimension: Sendable, Equatable {
        case fixed(Int)
        case named(String)
    }

    public var name: String
    public var shape: [Dimension]

    func encode(_ w: inout ProtobufWriter) {
        w.string(1, name)                                  // name
        w.message(2) { type in                             // type: TypeProto
            type.message(1) { tensor in                    //   tensor_type
                tensor.int(1, 1)                           //     elem_type FLOAT
                tensor.message(2) { shape in               //     shape: TensorShapeProto
                    for d in self.shape {
                        shape.message(1) { dim in          //       dim
                            switch d {
                            case .fixed(let n): dim.int(1, Int64(n))    // dim_value
                            case .named(let s): dim.string(2, s)        // dim_param
                            }
                        }
                    }
                }
            }
        }
    }
}
