import Foundation
import Testing

@testable import NNCLint

struct SpecDiscoveryTests {
    static let spec = "nnc: 1\nname: a\ninputs: [x]\n"

    @Test func foldersYieldSpecsOnly() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("specs/a.yaml", Self.spec)
        try dir.write("specs/b.yml", "# comment\n" + Self.spec)
        try dir.write("specs/sub/c.yaml", Self.spec)
        try dir.write("specs/net.yaml", "nnc: 1\nnetwork:\n  layers: [{dense: 1}]\n")
        try dir.write("specs/other.yaml", "jobs:\n  nnc: 1\n")
        try dir.write("specs/notes.txt", Self.spec)
        try dir.write("specs/.hidden/d.yaml", Self.spec)
        try dir.write("runs/a/spec.resolved.yaml", Self.spec)
        let found = SpecDiscovery(currentDirectory: dir.path).discover([])
        #expect(found.problems.isEmpty)
        #expect(found.files == ["specs/a.yaml", "specs/b.yml", "specs/sub/c.yaml"])
        let specs = SpecDiscovery(currentDirectory: dir.path).discover(["specs/"])
        #expect(specs.files == ["specs/a.yaml", "specs/b.yml", "specs/sub/c.yaml"])
    }

    @Test func namedFilesAreLintedAsNamed() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("ci.yml", "on: push\n")
        try dir.write("a.yaml", Self.spec)
        let plain = SpecDiscovery(currentDirectory: dir.path).discover(["ci.yml", "./a.yaml", "a.yaml"])
        #expect(plain.files == ["ci.yml", "a.yaml"])
        let specsOnly = SpecDiscovery(currentDirectory: dir.path, specsOnly: true).discover(["ci.yml", "a.yaml"])
        #expect(specsOnly.files == ["a.yaml"])
    }

    @Test func globs() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        try dir.write("specs/a.yaml", Self.spec)
        try dir.write("specs/x/b.yaml", Self.spec)
        try dir.write("specs/x/net.yaml", "network: {layers: [{dense: 1}]}\n")
        try dir.write("Examples/e.yaml", Self.spec)
        let d = SpecDiscovery(currentDirectory: dir.path)
        #expect(d.discover(["specs/**/*.yaml"]).files == ["specs/a.yaml", "specs/x/b.yaml"])
        #expect(d.discover(["specs/*.yaml"]).files == ["specs/a.yaml"])
        #expect(d.discover(["**/?.yaml"]).files == ["Examples/e.yaml", "specs/a.yaml", "specs/x/b.yaml"])
        let none = d.discover(["specs/*.yml"])
        #expect(none.files.isEmpty)
        #expect(none.problems == ["no spec matches 'specs/*.yml'"])
    }

    @Test func missingPathsAreProblems() throws {
        let dir = try TemporaryFolder()
        defer { dir.remove() }
        let r = SpecDiscovery(currentDirectory: dir.path).discover(["nope.yaml"])
        #expect(r.files.isEmpty)
        #expect(r.problems == ["no such file or folder: 'nope.yaml'"])
    }

    @Test func specTest() {
        #expect(SpecDiscovery.isSpec(text: "nnc: 1\nname: x\n"))
        #expect(SpecDiscovery.isSpec(text: "\u{FEFF}nnc: 1 # v\ntraining: {}\n"))
        #expect(!SpecDiscovery.isSpec(text: "name: x\n  nnc: 1\n"))
        #expect(!SpecDiscovery.isSpec(text: "nnc: 1\nnetwork: {}\n"))
        #expect(!SpecDiscovery.isSpec(text: "nnc: 1\ninclude: other.yaml\n"))
        #expect(!SpecDiscovery.isSpec(text: ""))
        #expect(SpecDiscovery.isSpec(text: "nnc: 1\r\nname: crlf\r\n"), "CRLF line ends")
    }
}
