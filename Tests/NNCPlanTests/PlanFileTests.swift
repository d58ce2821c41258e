import Foundation
import NNCLowering
import Testing
@testable import NNCPlan

@Suite struct PlanFileTests {
    @Test func sha256KnownVectors() {
        #expect(SHA256.hex([UInt8]()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        // A million 'a's crosses many blocks, fed in uneven pieces.
        var s = SHA256()
        let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 999)
        for _ in 0..<1001 { s.update(chunk) }
        s.update([UInt8](repeating: UInt8(ascii: "a"), count: 1))
        #expect(s.finalizeHex() == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func temporaryDirectory() throws -> String {
        let dir = NSTemporaryDirectory() + "nnc-planfile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func writeLoadAndStaleness() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let specPath = dir + "/spec.yaml"
        try Data("nnc: 1\n".utf8).write(to: URL(fileURLWithPath: specPath))
        let plan = try #require(Lowering.lower(Fixtures.gluon, options: LoweringOptions(memoryBudget: 1 << 40)).plan)
        let resolved = JSONValue.object([
            "name": .string("gluon-closure"), "training": .object(["learning_rate": .double(0.001), "epochs": .int(20000)]),
        ])
        let file = PlanFile(specPath: specPath, sources: PlanFile.digests(of: [specPath]), spec: resolved, plan: plan)
        let path = PlanFile.path(forName: "gluon closure/x", directory: dir + "/.nnc")
        #expect(path.hasSuffix(".nnc/gluon_closure_x.plan.json"))
        try file.write(to: path)

        #expect(PlanFile.latest(directory: dir + "/.nnc") == path)
        #expect(PlanFile.latest(directory: dir + "/nowhere") == nil)
        let loaded = try PlanFile.load(path: path)
        #expect(loaded == file, "the plan file should decode to what was written")
        #expect(try loaded.jsonData() == (try Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(!loaded.isStale())

        try Data("nnc: 1\nname: changed\n".utf8).write(to: URL(fileURLWithPath: specPath))
        #expect(loaded.isStale())
        #expect(loaded.changedSources() == [specPath])
        try FileManager.default.removeItem(atPath: specPath)
        #expect(loaded.isStale())
    }

    @Test func loadErrors() throws {
        let dir = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: PlanFileError.unreadable(dir + "/none.json")) { try PlanFile.load(path: dir + "/none.json") }
        try Data("{\"plan\": 3}".utf8).write(to: URL(fileURLWithPath: dir + "/bad.json"))
        #expect(throws: PlanFileError.self) { try PlanFile.load(path: dir + "/bad.json") }
    }
}
