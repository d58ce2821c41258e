import Foundation

extension Figure {
    func drawMarker(_ w: inout SVGWriter, _ marker: Marker, x: Double, y: Double, style: Style) {
        MarkRenderer.marker(&w, marker, x: x, y: y, style: style)
    }
}

/// Draws one mark into a panel's plot area.
enum MarkRenderer {
    static func draw(_ w: inout SVGWriter, _ mark: Mark, frame f: PlotFrame) {
        switch mark {
        case .line(let series, let x, let y, let style, _):
            line(&w, series: series, x: x, y: y, style: style, frame: f)
        case .band(let series, let x, let lower, let upper, let style, _):
            band(&w, series: series, x: x, lower: lower, upper: upper, style: style, frame: f)
        case .points(let series, let x, let y, let e, let marker, let style, _):
            points(&w, series: series, x: x, y: y, yError: e, marker: marker, style: style, frame: f)
        case .xSpan(let series, let a, let b, let style, _):
            guard let pa = f.px(a), let pb = f.px(b) else { return }
            w.empty("rect", ["class": "span", "data-series": .string(series), "x": .number(min(pa, pb)), "y": .number(f.top),
                             "width": .number(max(abs(pb - pa), 1)), "height": .number(f.bottom - f.top),
                             "fill": .string(style.color), "fill-opacity": .number(style.opacity)])
        case .hRule(let series, let y, let style, _):
            guard let py = f.py(y) else { return }
            w.empty("line", ["class": "rule", "data-series": .string(series), "x1": .number(f.left), "y1": .number(py), "x2": .number(f.right), "y2": .number(py),
                             "stroke": .string(style.color), "stroke-width": .number(style.width), "stroke-opacity": .number(style.opacity),
                             "stroke-dasharray": .string(style.dash ?? "none")])
        case .bars(let series, let values, let labels, let style, _):
            w.start("g", ["class": "bars", "data-series": .string(series), "data-points": .number(Double(values.count))])
            let base = f.py(f.y.scale == .log ? f.y.lower : max(f.y.lower, 0)) ?? f.bottom
            for (i, v) in values.enumerated() {
                guard let cx = f.px(Double(i)), let top = f.py(v) else { continue }
                let half = f.slotWidth * 0.35
                w.empty("rect", ["x": .number(cx - half), "y": .number(min(top, base)), "width": .number(2 * half), "height": .number(abs(base - top)),
                                 "fill": .string(style.color), "fill-opacity": .number(style.opacity), "data-value": .string(SVGWriter.exact(v))])
                if let labels, i < labels.count {
                    w.textElement("text", ["x": .number(cx), "y": .number(min(top, base) - 4), "text-anchor": "middle", "font-size": 10, "fill": "#222222"], labels[i])
                }
            }
            w.end()
        case .cells(let series, let values, let text, let maximum):
            w.start("g", ["class": "cells", "data-series": .string(series)])
            for (r, row) in values.enumerated() {
                for (c, v) in row.enumerated() {
                    guard let x0 = f.px(Double(c) - 0.5), let x1 = f.px(Double(c) + 0.5),
                          let y0 = f.py(Double(r) - 0.5), let y1 = f.py(Double(r) + 0.5) else { continue }
                    let t = maximum > 0 ? v / maximum : 0
                    w.empty("rect", ["x": .number(min(x0, x1)), "y": .number(min(y0, y1)), "width": .number(abs(x1 - x0)), "height": .number(abs(y1 - y0)),
                                     "fill": .string(Palette.sequential(t)), "stroke": "#ffffff", "stroke-width": 1,
                                     "data-row": .number(Double(r)), "data-column": .number(Double(c)), "data-value": .string(SVGWriter.exact(v))])
                    let label = r < text.count && c < text[r].count ? text[r][c] : ""
                    if !label.isEmpty {
                        w.textElement("text", ["x": .number((x0 + x1) / 2), "y": .number((y0 + y1) / 2 + 4), "text-anchor": "middle", "font-size": 10,
                                               "fill": t > 0.55 ? "#ffffff" : "#222222"], label)
                    }
                }
            }
            w.end()
        case .violin(let series, let slot, let y, let halfWidth, let median, let values, let style):
            violin(&w, series: series, slot: slot, y: y, halfWidth: halfWidth, median: median, values: values, style: style, frame: f)
        case .note(let series, let x, let y, let text):
            guard let px = f.px(x), let py = f.py(y) else { return }
            w.textElement("text", ["class": "note", "data-series": .string(series), "x": .number(px), "y": .number(py), "fill": "#222222"], text)
        }
    }

    /// Pixel coordinates of (x, y), split where a value cannot be drawn.
    static func segments(x: [Double], y: [Double], frame f: PlotFrame) -> [[(Double, Double)]] {
        var out: [[(Double, Double)]] = []
        var current: [(Double, Double)] = []
        for i in 0..<min(x.count, y.count) {
            if let px = f.px(x[i]), let py = f.py(y[i]) {
                current.append((px, py))
            } else if !current.isEmpty {
                out.append(current)
                current = []
            }
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    static func line(_ w: inout SVGWriter, series: String, x: [Double], y: [Double], style: Style, frame f: PlotFrame) {
        w.start("g", ["class": "line", "data-series": .string(series), "data-points": .number(Double(min(x.count, y.count))),
                      "fill": "none", "stroke": .string(style.color), "stroke-width": .number(style.width),
                      "stroke-opacity": .number(style.opacity), "stroke-linejoin": "round", "stroke-dasharray": .string(style.dash ?? "none")])
        for segment in segments(x: x, y: y, frame: f) {
            let keep = Thinning.keep(pixelX: segment.map(\.0), pixelY: segment.map(\.1))
            if keep.count == 1 {
                let (px, py) = segment[keep[0]]
                w.empty("circle", ["cx": .number(px), "cy": .number(py), "r": .number(style.width), "fill": .string(style.color), "stroke": "none"])
                continue
            }
            let points = keep.map { SVGWriter.vertex(segment[$0].0, segment[$0].1) }.joined(separator: " ")
            w.empty("polyline", ["points": .string(points)])
        }
        w.end()
    }

    static func band(_ w: inout SVGWriter, series: String, x: [Double], lower: [Double], upper: [Double], style: Style, frame f: PlotFrame) {
        // Per pixel column the lowest lower and highest upper value, so the band keeps its full extent.
        var columns: [(x: Double, lo: Double, hi: Double)] = []
        var runs: [[(x: Double, lo: Double, hi: Double)]] = []
        for i in 0..<min(x.count, lower.count, upper.count) {
            guard let px = f.px(x[i]), let pl = f.py(lower[i]), let pu = f.py(upper[i]) else {
                if !columns.isEmpty { runs.append(columns); columns = [] }
                continue
            }
            let lo = max(pl, pu), hi = min(pl, pu)
            if let last = columns.last, last.x.rounded(.down) == px.rounded(.down) {
                columns[columns.count - 1] = (last.x, max(last.lo, lo), min(last.hi, hi))
            } else {
                columns.append((px, lo, hi))
            }
        }
        if !columns.isEmpty { runs.append(columns) }
        w.start("g", ["class": "band", "data-series": .string(series), "data-points": .number(Double(x.count)),
                      "fill": .string(style.color), "fill-opacity": .number(style.opacity), "stroke": "none"])
        for run in runs where run.count > 1 {
            let upperEdge = run.map { SVGWriter.vertex($0.x, $0.hi) }
            let lowerEdge = run.reversed().map { SVGWriter.vertex($0.x, $0.lo) }
            w.empty("polygon", ["points": .string((upperEdge + lowerEdge).joined(separator: " "))])
        }
        w.end()
    }

    static func points(
        _ w: inout SVGWriter, series: String, x: [Double], y: [Double], yError: [Double]?, marker: Marker, style: Style, frame f: PlotFrame
    ) {
        let n = min(x.count, y.count)
        w.start("g", ["class": "points", "data-series": .string(series), "data-points": .number(Double(n))])
        if let yError {
            var d = ""
            for i in 0..<n where i < yError.count {
                guard yError[i].isFinite, yError[i] > 0, let px = f.px(x[i]) else { continue }
                let top = f.py(y[i] + yError[i]) ?? f.top
                let bottom = f.py(y[i] - yError[i]) ?? f.bottom
                d += "M\(SVGWriter.number(px)) \(SVGWriter.number(bottom))V\(SVGWriter.number(top))"
            }
            if !d.isEmpty {
                w.empty("path", ["class": "error-bars", "d": .string(d), "stroke": .string(style.color), "stroke-width": 1,
                                 "stroke-opacity": .number(style.opacity * 0.8), "fill": "none"])
            }
        }
        for i in 0..<n {
            guard let px = f.px(x[i]), let py = f.py(y[i]) else { continue }
            Self.marker(&w, marker, x: px, y: py, style: style)
        }
        w.end()
    }

    static func marker(_ w: inout SVGWriter, _ marker: Marker, x: Double, y: Double, style: Style) {
        let r = max(style.width, 1.5) + 1
        let fill: SVGWriter.Value = .string(style.color)
        let opacity: SVGWriter.Value = .number(style.opacity)
        switch marker {
        case .circle:
            w.empty("circle", ["class": "marker", "cx": .number(x), "cy": .number(y), "r": .number(r), "fill": fill, "fill-opacity": opacity])
        case .square:
            w.empty("rect", ["class": "marker", "x": .number(x - r), "y": .number(y - r), "width": .number(2 * r), "height": .number(2 * r), "fill": fill, "fill-opacity": opacity])
        case .diamond:
            let s = r * 1.3
            w.empty("path", ["class": "marker", "d": .string("M\(SVGWriter.number(x)) \(SVGWriter.number(y - s))L\(SVGWriter.number(x + s)) \(SVGWriter.number(y))L\(SVGWriter.number(x)) \(SVGWriter.number(y + s))L\(SVGWriter.number(x - s)) \(SVGWriter.number(y))Z"), "fill": fill, "fill-opacity": opacity])
        case .triangle:
            let s = r * 1.3
            w.empty("path", ["class": "marker", "d": .string("M\(SVGWriter.number(x)) \(SVGWriter.number(y - s))L\(SVGWriter.number(x + s)) \(SVGWriter.number(y + s * 0.8))L\(SVGWriter.number(x - s)) \(SVGWriter.number(y + s * 0.8))Z"), "fill": fill, "fill-opacity": opacity])
        }
    }

    static func violin(
        _ w: inout SVGWriter, series: String, slot: Int, y: [Double], halfWidth: [Double], median: Double, values: [Double], style: Style, frame f: PlotFrame
    ) {
        guard let cx = f.px(Double(slot)) else { return }
        let scale = f.slotWidth
        w.start("g", ["class": "violin", "data-series": .string(series), "data-slot": .number(Double(slot)), "data-n": .number(Double(values.count))])
        var right: [String] = [], left: [String] = []
        for (v, h) in zip(y, halfWidth) {
            guard let py = f.py(v) else { continue }
            right.append(SVGWriter.vertex(cx + h * scale, py))
            left.append(SVGWriter.vertex(cx - h * scale, py))
        }
        if right.count > 1 {
            w.empty("polygon", ["points": .string((right + left.reversed()).joined(separator: " ")), "fill": .string(style.color),
                                "fill-opacity": .number(style.opacity), "stroke": .string(style.color), "stroke-width": 1])
        }
        // The values as a rug of short ticks, the median as a white dot.
        if values.count <= 500 {
            var d = ""
            for v in values {
                guard let py = f.py(v) else { continue }
                d += "M\(SVGWriter.number(cx - 4)) \(SVGWriter.number(py))H\(SVGWriter.number(cx + 4))"
            }
            w.empty("path", ["class": "rug", "d": .string(d), "stroke": "#222222", "stroke-width": 1, "stroke-opacity": 0.6])
        }
        if let py = f.py(median) {
            w.empty("circle", ["class": "median", "cx": .number(cx), "cy": .number(py), "r": 3.5, "fill": "#ffffff", "stroke": "#222222", "stroke-width": 1.2])
        }
        w.end()
    }
}
