import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

/// An SVG figure written by nnc, parsed as XML, with its panels' data-to-pixel
/// maps read from their `data-*` attributes so drawn points map back to data.
struct SVGFigure {
    let document: XMLDocument

    init(path: String) throws {
        document = try XMLDocument(contentsOf: URL(fileURLWithPath: path), options: [])
    }

    init(text: String) throws {
        document = try XMLDocument(xmlString: text, options: [])
    }

    var root: XMLElement { document.rootElement()! }

    /// An attribute's value. (Read from `attributes`: on Linux, Foundation's
    /// `attribute(forName:)` finds nothing under SVG's default namespace.)
    static func attr(_ e: XMLElement, _ name: String) -> String? {
        e.attributes?.first { $0.name == name }?.stringValue
    }

    /// Every element named `name` with `attribute == value` (any value when nil), in document order.
    func elements(_ name: String, where attribute: String? = nil, is value: String? = nil, in start: XMLElement? = nil) -> [XMLElement] {
        var out: [XMLElement] = []
        func walk(_ e: XMLElement) {
            if e.name == name {
                let found = attribute.map { SVGFigure.attr(e, $0) }
                if attribute == nil || (found! != nil && (value == nil || found! == value)) { out.append(e) }
            }
            for child in e.children ?? [] { if let c = child as? XMLElement { walk(c) } }
        }
        walk(start ?? root)
        return out
    }

    struct Panel {
        let element: XMLElement
        let x: AxisMap
        let y: AxisMap
        var title: String { SVGFigure.attr(element, "data-title") ?? "" }
    }

    struct AxisMap {
        var log: Bool
        var domain: (Double, Double)
        var pixels: (Double, Double)

        /// The data value at pixel `p`.
        func value(_ p: Double) -> Double {
            let f = (p - pixels.0) / (pixels.1 - pixels.0)
            if log {
                let a = Foundation.log10(domain.0), b = Foundation.log10(domain.1)
                return pow(10, a + f * (b - a))
            }
            return domain.0 + f * (domain.1 - domain.0)
        }
    }

    var panels: [Panel] {
        elements("g", where: "class", is: "panel").map { e in
            func axis(_ a: String) -> AxisMap {
                let d = (SVGFigure.attr(e, "data-\(a)-domain") ?? "0 1").split(separator: " ").compactMap { Double($0) }
                let p = (SVGFigure.attr(e, "data-\(a)-pixels") ?? "0 1").split(separator: " ").compactMap { Double($0) }
                return AxisMap(log: SVGFigure.attr(e, "data-\(a)-scale") == "log", domain: (d[0], d[1]), pixels: (p[0], p[1]))
            }
            return Panel(element: e, x: axis("x"), y: axis("y"))
        }
    }

    /// The groups of marks named `series` in `panel`.
    func series(_ name: String, in panel: Panel) -> [XMLElement] {
        elements("g", where: "data-series", is: name, in: panel.element)
    }

    /// The data points of a curve group: every polyline vertex mapped back to data.
    static func curvePoints(_ group: XMLElement, panel: Panel) -> [(Double, Double)] {
        var out: [(Double, Double)] = []
        for child in group.children ?? [] {
            guard let e = child as? XMLElement, e.name == "polyline", let points = SVGFigure.attr(e, "points") else { continue }
            for pair in points.split(separator: " ") {
                let xy = pair.split(separator: ",").compactMap { Double($0) }
                out.append((panel.x.value(xy[0]), panel.y.value(xy[1])))
            }
        }
        return out
    }

    /// The centres of the circle markers of a points group, mapped back to data.
    static func markerPoints(_ group: XMLElement, panel: Panel) -> [(Double, Double)] {
        (group.children ?? []).compactMap { child -> (Double, Double)? in
            guard let e = child as? XMLElement, e.name == "circle",
                  let cx = SVGFigure.attr(e, "cx").flatMap(Double.init),
                  let cy = SVGFigure.attr(e, "cy").flatMap(Double.init) else { return nil }
            return (panel.x.value(cx), panel.y.value(cy))
        }
    }

    static func int(_ e: XMLElement, _ attribute: String) -> Int? {
        SVGFigure.attr(e, attribute).flatMap { Double($0) }.map { Int($0) }
    }
}
