import Foundation
import NNCCheck
import NNCDiagnostics
import NNCSpec
import Testing

@Test func smokeGluon() throws {
    for rule in [BatchSizeRule.self, Chi2SourceRule.self, SamplingMissingRule.self, LayerNameRule.self] as [any ErrorRule.Type] {
        for ex in rule.triggering {
            let c = compile(extractMarkers(ex.spec).0, files: ex.files)
            print(c.rendered())
        }
    }
}
