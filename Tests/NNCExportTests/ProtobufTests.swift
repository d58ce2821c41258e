import NNCExport
import Testing

@Suite struct ProtobufTests {
}
