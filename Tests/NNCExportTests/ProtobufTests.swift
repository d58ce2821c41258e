@testable import NNCExport
import Testing

/// The hand-written protobuf encoder against the wire format's documented examples.
@Suite struct ProtobufTests {
    @Test func varintsAndKeys() {
        var w = ProtobufWriter()
        w.int(1, 150)
        #expect(w.bytes == [0x08, 0x96, 0x01], "protobuf.dev's example: field 1 = 150")
        var n = ProtobufWriter()
        n.int(2, -1)
        #expect(n.bytes == [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x01], "negative int64: ten bytes")
        var s = ProtobufWriter()
        s.string(2, "testing")
        #expect(s.bytes == [0x12, 0x07] + Array("testing".utf8))
        var f = ProtobufWriter()
        f.float(2, 1)
        #expect(f.bytes == [0x15, 0x00, 0x00, 0x80, 0x3F])
        var p = ProtobufWriter()
        p.packedInts(4, [3, 270, 86942])
        #expect(p.bytes == [0x22, 0x06, 0x03, 0x8E, 0x02, 0x9E, 0xA7, 0x05], "protobuf.dev's packed example")
    }

    @Test func nestedMessagesCarryTheirLength() {
        var w = ProtobufWriter()
        w.message(3) { $0.int(1, 150) }
        #expect(w.bytes == [0x1A, 0x03, 0x08, 0x96, 0x01])
    }
}
