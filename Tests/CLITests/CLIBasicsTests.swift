import Foundation
import Testing

/// The command line's own behaviour: help and usage errors, exit codes.
@Suite struct CLIBasicsTests {
    @Test func helpExitsZero() throws {
        let r = try NNCProcess.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: nnc"))
        #expect(r.stdout.contains("build"))
    }

    @Test func buildHelpDocumentsTheFlags() throws {
        let r = try NNCProcess.run(["build", "--help"])
        #expect(r.status == 0)
        for flag in ["--json", "--dump", "--max-memory", "--batch-size", "--no-write"] {
            #expect(r.stdout.contains(flag), "missing \(flag)")
        }
    }

    @Test func missingSpecFileIsAnIOError() throws {
        let r = try NNCProcess.run(["build", "no-such-spec.yaml"])
        #expect(r.status == 2)
        #expect(r.stderr == "error: cannot read spec 'no-such-spec.yaml': no such file\n")
        #expect(r.stdout.isEmpty)
    }

    @Test func directoryIsAnIOError() throws {
        let dir = try NNCProcess.temporaryDirectory()
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("specs"), withIntermediateDirectories: true)
        let r = try NNCProcess.run(["build", "specs"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("is a directory"))
    }

    @Test func usageErrorsExitTwo() throws {
        #expect(try NNCProcess.run(["build"]).status == 2)
        #expect(try NNCProcess.run(["build", "x.yaml", "--max-memory", "lots"]).status == 2)
        #expect(try NNCProcess.run(["build", "x.yaml", "--batch-size", "0"]).status == 2)
        #expect(try NNCProcess.run(["build", "x.yaml", "--dump", "ast"]).status == 2)
        #expect(try NNCProcess.run(["build", "x.yaml", "--json", "--dump", "ir"]).status == 2)
        #expect(try NNCProcess.run(["no-such-command"]).status == 2)
    }
}
