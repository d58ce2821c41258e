import Foundation

extension Figure {
    static let fontFamily = "DejaVu Sans, Liberation Sans, Arial, Helvetica, sans-serif"
    static let margin = (left: 68.0, right: 16.0, top: 12.0, title: 20.0, bottom: 46.0)

    /// The figure as a standalone SVG document (no scripts, fonts or links).
    ///
    /// Each panel is a `<g class="panel">` whose `data-x-*`/`data-y-*`
    /// attributes give its scale, data domain and pixel extent, so a reader can
    /// map any drawn point back to data; each mark is a group with
    /// `data-series` and, for curves and points, `data-points` (the number of
    /// data points before thinning).
    public func svg() -> String {
        let legend = legendEntries()
        let legendLayout = layoutLegend(legend)
        let top = 34 + legendLayout.height
        let rowHeights = rows.map { row in rowHeight * (row.map(\.height).max() ?? 1) }
        let height = top + rowHeights.reduce(0, +) + (caption.isEmpty ? 4 : 0)

        var w = SVGWriter()
        w.start("svg", [
            "xmlns": "http://www.w3.org/2000/svg", "width": .number(width), "height": .number(height),
            "viewBox": .string("0 0 \(SVGWriter.number(width)) \(SVGWriter.number(height))"),
            "role": "img", "aria-labelledby": .string(id + "-title"), "class": "nnc-figure", "id": .string(id),
            "font-family": .string(Self.fontFamily), "font-size": 11,
        ])
        w.textElement("title", ["id": .string(id + "-title")], title)
        if !caption.isEmpty { w.textElement("desc", [:], caption) }
        w.empty("rect", ["x": 0, "y": 0, "width": .number(width), "height": .number(height), "fill": "#ffffff"])
        w.textElement("text", ["x": 12, "y": 22, "font-size": 15, "font-weight": "bold", "fill": "#222222"], title)
        drawLegend(&w, legend, layout: legendLayout, top: 32)

        var y = top
        var index = 0
        for (r, row) in rows.enumerated() {
            let cellWidth = width / Double(max(row.count, 1))
            for (c, panel) in row.enumerated() {
                let h = rowHeight * panel.height
                let cell = (x: Double(c) * cellWidth, y: y + (rowHeights[r] - h), w: cellWidth, h: h)
                drawPanel(&w, panel, cell: cell, index: index)
                index += 1
            }
            y += rowHeights[r]
        }
        w.end()
        return w.text
    }

    // MARK: legend

    struct LegendEntry {
        var label: String
        var kind: Kind
        var style: Style
        var marker: Marker = .circle
        enum Kind { case line, area, point }
    }

    func legendEntries() -> [LegendEntry] {
        var out: [LegendEntry] = []
        var seen = Set<String>()
        for mark in panels.flatMap(\.marks) {
            let entry: LegendEntry?
            switch mark {
            case .line(let s, _, _, let style, true): entry = LegendEntry(label: s, kind: .line, style: style)
            case .band(let s, _, _, _, let style, true), .xSpan(let s, _, _, let style, true):
                entry = LegendEntry(label: s, kind: .area, style: style)
            case .points(let s, _, _, _, let marker, let style, true):
                entry = LegendEntry(label: s, kind: .point, style: style, marker: marker)
            case .hRule(let s, _, let style, true), .bars(let s, _, _, let style, true):
                entry = LegendEntry(label: s, kind: .line, style: style)
            default: entry = nil
            }
            if let entry, !seen.contains(entry.label) {
                seen.insert(entry.label)
                out.append(entry)
            }
        }
        return out
    }

    /// Entry positions, wrapped to the figure's width.
    func layoutLegend(_ entries: [LegendEntry]) -> (positions: [(Double, Double)], height: Double) {
        guard !entries.isEmpty else { return ([], 0) }
        var positions: [(Double, Double)] = []
        var x = 12.0, line = 0.0
        for e in entries {
            let w = 30 + Double(e.label.count) * 6.2 + 14
            if x + w > width - 8 && x > 12 {
                x = 12
                line += 1
            }
            positions.append((x, line * 16))
            x += w
        }
        return (positions, (line + 1) * 16 + 4)
    }

    func drawLegend(_ w: inout SVGWriter, _ entries: [LegendEntry], layout: (positions: [(Double, Double)], height: Double), top: Double) {
        guard !entries.isEmpty else { return }
        w.start("g", ["class": "legend"])
        for (e, (x, dy)) in zip(entries, layout.positions) {
            let y = top + dy + 6
            switch e.kind {
            case .line:
                w.empty("line", ["x1": .number(x), "y1": .number(y), "x2": .number(x + 24), "y2": .number(y),
                                 "stroke": .string(e.style.color), "stroke-width": .number(max(e.style.width, 1.5)),
                                 "stroke-opacity": .number(max(e.style.opacity, 0.5)), "stroke-dasharray": .string(e.style.dash ?? "none")])
            case .area:
                w.empty("rect", ["x": .number(x), "y": .number(y - 5), "width": 24, "height": 10,
                                 "fill": .string(e.style.color), "fill-opacity": .number(max(e.style.opacity, 0.25))])
            case .point:
                drawMarker(&w, e.marker, x: x + 12, y: y, style: e.style)
            }
            w.textElement("text", ["x": .number(x + 30), "y": .number(y + 4), "fill": "#222222"], e.label)
        }
        w.end()
    }

    // MARK: panels

    func drawPanel(_ w: inout SVGWriter, _ panel: Panel, cell: (x: Double, y: Double, w: Double, h: Double), index: Int) {
        let m = Self.margin
        let left = cell.x + m.left
        let right = cell.x + cell.w - m.right
        let top = cell.y + m.top + (panel.title == nil ? 0 : m.title)
        let bottom = cell.y + cell.h - m.bottom
        let extents = panel.marks.map(\.extent)
        let xAxis = ResolvedAxis.resolve(panel.x, values: extents.flatMap(\.x))
        let yAxis = ResolvedAxis.resolve(panel.y, values: extents.flatMap(\.y))
        let frame = PlotFrame(left: left, right: right, top: top, bottom: bottom, x: xAxis, y: yAxis)

        w.start("g", [
            "class": "panel", "data-title": .string(panel.title ?? ""),
            "data-x-scale": .string(xAxis.scale.name), "data-x-domain": .string("\(SVGWriter.exact(xAxis.lower)) \(SVGWriter.exact(xAxis.upper))"),
            "data-x-pixels": .string("\(SVGWriter.number(left)) \(SVGWriter.number(right))"),
            "data-y-scale": .string(yAxis.scale.name), "data-y-domain": .string("\(SVGWriter.exact(yAxis.lower)) \(SVGWriter.exact(yAxis.upper))"),
            "data-y-pixels": .string("\(SVGWriter.number(bottom)) \(SVGWriter.number(top))"),
        ])
        if let title = panel.title {
            w.textElement("text", ["x": .number(left), "y": .number(top - 7), "font-size": 12, "font-weight": "bold", "fill": "#222222"], title)
        }
        let xTicks = ticks(for: xAxis, pixels: right - left)
        let yTicks = ticks(for: yAxis, pixels: bottom - top)
        // Grid at labelled ticks, under the data.
        w.start("g", ["class": "grid", "stroke": "#e4e4e4", "stroke-width": 1])
        for t in xTicks where !t.label.isEmpty { if let px = frame.px(t.value) { w.empty("line", ["x1": .number(px), "y1": .number(top), "x2": .number(px), "y2": .number(bottom)]) } }
        for t in yTicks where !t.label.isEmpty { if let py = frame.py(t.value) { w.empty("line", ["x1": .number(left), "y1": .number(py), "x2": .number(right), "y2": .number(py)]) } }
        w.end()

        let clip = "\(id)-clip-\(index)"
        w.element("clipPath", ["id": .string(clip)]) { w in
            w.empty("rect", ["x": .number(left), "y": .number(top), "width": .number(right - left), "height": .number(bottom - top)])
        }
        w.start("g", ["class": "marks", "clip-path": .string("url(#\(clip))")])
        for mark in panel.marks { MarkRenderer.draw(&w, mark, frame: frame) }
        w.end()

        // Frame, ticks, labels.
        w.empty("rect", ["x": .number(left), "y": .number(top), "width": .number(right - left), "height": .number(bottom - top),
                         "fill": "none", "stroke": "#444444", "stroke-width": 1])
        w.start("g", ["class": "x-axis", "fill": "#333333", "text-anchor": "middle"])
        for t in xTicks {
            guard let px = frame.px(t.value) else { continue }
            let length = t.label.isEmpty ? 3.0 : 5.0
            w.empty("line", ["x1": .number(px), "y1": .number(bottom), "x2": .number(px), "y2": .number(bottom + length), "stroke": "#444444"])
            if !t.label.isEmpty { w.textElement("text", ["x": .number(px), "y": .number(bottom + 17)], t.label) }
        }
        w.textElement("text", ["class": "axis-title", "x": .number((left + right) / 2), "y": .number(bottom + 36), "font-size": 12], panel.x.title)
        w.end()
        w.start("g", ["class": "y-axis", "fill": "#333333", "text-anchor": "end"])
        for t in yTicks {
            guard let py = frame.py(t.value) else { continue }
            let length = t.label.isEmpty ? 3.0 : 5.0
            w.empty("line", ["x1": .number(left - length), "y1": .number(py), "x2": .number(left), "y2": .number(py), "stroke": "#444444"])
            if !t.label.isEmpty { w.textElement("text", ["x": .number(left - 8), "y": .number(py + 4)], t.label) }
        }
        let cy = (top + bottom) / 2
        w.textElement("text", ["class": "axis-title", "x": .number(cell.x + 16), "y": .number(cy), "font-size": 12, "text-anchor": "middle",
                               "transform": .string("rotate(-90 \(SVGWriter.number(cell.x + 16)) \(SVGWriter.number(cy)))")], panel.y.title)
        w.end()
        w.end()
    }

    func ticks(for axis: ResolvedAxis, pixels: Double) -> [Ticks.Tick] {
        switch axis.scale {
        case .linear: return Ticks.linear(axis.lower, axis.upper, target: max(5, min(8, Int(pixels / 70))))
        case .log: return Ticks.log(axis.lower, axis.upper, target: max(4, min(8, Int(pixels / 50))))
        case .categorical(let names):
            // Every name while they fit, else every k-th.
            let every = max(1, Int((Double(names.count) * 34 / max(pixels, 1)).rounded(.up)))
            return names.enumerated().compactMap { i, n in i % every == 0 ? Ticks.Tick(value: Double(i), label: n) : nil }
        }
    }
}

/// A panel's plot area and axes: data to pixels.
struct PlotFrame {
    var left, right, top, bottom: Double
    var x: ResolvedAxis
    var y: ResolvedAxis

    func px(_ v: Double) -> Double? { x.fraction(v).map { left + $0 * (right - left) } }
    func py(_ v: Double) -> Double? { y.fraction(v).map { bottom - $0 * (bottom - top) } }
    /// Pixels per categorical slot along x.
    var slotWidth: Double { (right - left) / max(x.upper - x.lower, 1e-9) }
}
