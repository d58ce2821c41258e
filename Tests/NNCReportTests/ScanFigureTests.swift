import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import NNCReport
import Testing

/// The hyperparameter-scan figures, as `nnc hyperopt` will call them: plain numbers in, one SVG figure out.
@Suite struct ScanFigureTests {
    static func attributes(of name: String, class className: String, in svg: String) throws -> [[String: String]] {
        let doc = try XMLDocument(xmlString: svg, options: [])
        var out: [[String: String]] = []
        func walk(_ e: XMLElement) {
            var a: [String: String] = [:]
            for attribute in e.attributes ?? [] { a[attribute.name ?? ""] = attribute.stringValue ?? "" }
            if e.name == name && a["class"] == className { out.append(a) }
            for c in e.children ?? [] { if let x = c as? XMLElement { walk(x) } }
        }
        walk(doc.rootElement()!)
        return out
    }

    @Test func oneViolinPerValueInNumericOrder() throws {
        let rewards: [String: [Double]] = [
            "0.01": [0.31, 0.29, 0.35, 0.4, 0.33],
            "0.001": [0.12, 0.15, 0.11, 0.2],
            "0.1": [0.9, 0.7, 1.2],
        ]
        let figure = ScanFigures.violins(rewards, parameter: "learning rate", reward: "validation loss")
        let svg = figure.svg()
        let violins = try Self.attributes(of: "g", class: "violin", in: svg)
        #expect(violins.count == 3)
        #expect(violins.map { $0["data-series"]! } == ["0.001", "0.01", "0.1"])
        #expect(violins.map { $0["data-n"]! } == ["4", "5", "3"])
        #expect(figure.id == "violin-learning-rate")
        #expect(svg.contains(">learning rate<") && svg.contains(">validation loss<"))
        // The rug has one tick per trial.
        let rugs = try Self.attributes(of: "path", class: "rug", in: svg)
        #expect(rugs.map { $0["d"]!.filter { $0 == "M" }.count } == [4, 5, 3])
    }

    @Test func textLabelsAndALogScale() throws {
        let figure = ScanFigures.violins(["tanh": [1e-3, 2e-3, 5e-3], "relu": [1e-2, 3e-2]], parameter: "activation", logReward: true)
        let violins = try Self.attributes(of: "g", class: "violin", in: figure.svg())
        #expect(violins.map { $0["data-series"]! } == ["relu", "tanh"])
        let panels = try Self.attributes(of: "g", class: "panel", in: figure.svg())
        #expect(panels.first?["data-y-scale"] == "log")
    }

    @Test func rewardPerTrialShowsTheBestSoFar() throws {
        let svg = ScanFigures.rewardPerTrial([0.5, 0.3, 0.4, 0.1, 0.2]).svg()
        let points = try Self.attributes(of: "g", class: "points", in: svg)
        #expect(points.first?["data-points"] == "5")
        let lines = try Self.attributes(of: "g", class: "line", in: svg)
        #expect(lines.map { $0["data-series"]! } == ["best so far"])
    }
}
