import Foundation
import NNCCheck
import NNCDiagnostics
import NNCSpec
import Testing

@Test func smokeSpecs() throws {
    FileManager.default.changeCurrentDirectoryPath(repoRoot.path)
    for f in try FileManager.default.contentsOfDirectory(atPath: "specs").filter({ $0.hasSuffix(".yaml") }).sorted() {
        let s = SourceManager()
        let r = Frontend.compile(path: "specs/" + f, sources: s)
        print(f, r.spec != nil, TextRenderer(sources: s).render(r.diagnostics))
    }
}
