/// One plot: two axes, the marks drawn in them, an optional title.
public struct Panel: Sendable {
    public var title: String?
    public var x: Axis
    public var y: Axis
    public var marks: [Mark]
    /// Relative height within its row of a figure (a pull panel under a fit is small).
    public var height: Double

    public init(title: String? = nil, x: Axis, y: Axis, marks: [Mark] = [], height: Double = 1) {
        self.title = title
        self.x = x
        self.y = y
        self.marks = marks
        self.height = height
    }

    public mutating func add(_ mark: Mark) { marks.append(mark) }
}

/// A figure: panels in rows (each row's panels side by side, its height the
/// largest of theirs), a title, and a legend built from the marks. It renders
/// to one standalone SVG document (`svg()`), which the HTML page inlines.
public struct Figure: Sendable {
    /// A short identifier: the SVG file's name (`<id>.svg`) and the prefix of
    /// every id inside, so several figures can share one HTML page.
    public var id: String
    public var title: String
    public var caption: String
    public var rows: [[Panel]]
    public var width: Double
    /// The height of a row of relative height 1.
    public var rowHeight: Double

    public init(id: String, title: String, caption: String = "", rows: [[Panel]], width: Double = 760, rowHeight: Double = 320) {
        self.id = id
        self.title = title
        self.caption = caption
        self.rows = rows
        self.width = width
        self.rowHeight = rowHeight
    }

    /// The panels in reading order.
    public var panels: [Panel] { rows.flatMap { $0 } }
}
