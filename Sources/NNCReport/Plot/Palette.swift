/// Colours that colour-blind readers tell apart: the Okabe–Ito palette
/// (Okabe & Ito, "Color Universal Design", 2008), and a sequential map for
/// heat maps that runs from light to dark so it also reads in grey.
public enum Palette {
    public static let black = "#000000"
    public static let orange = "#E69F00"
    public static let skyBlue = "#56B4E9"
    public static let green = "#009E73"
    public static let yellow = "#F0E442"
    public static let blue = "#0072B2"
    public static let vermillion = "#D55E00"
    public static let purple = "#CC79A7"
    public static let grey = "#888888"

    /// Series colours in the order they are handed out (yellow last: weak on white).
    public static let series = [blue, vermillion, green, orange, purple, skyBlue, black, yellow]

    public static func series(_ i: Int) -> String { series[((i % series.count) + series.count) % series.count] }

    /// A sequential colour for `t` in [0, 1]: from near-white through sky blue to dark blue.
    public static func sequential(_ t: Double) -> String {
        let stops: [(Double, Double, Double)] = [(247, 251, 255), (198, 219, 239), (107, 174, 214), (33, 113, 181), (8, 48, 107)]
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(stops.count - 1)
        let i = min(Int(x), stops.count - 2)
        let f = x - Double(i)
        let (a, b) = (stops[i], stops[i + 1])
        func channel(_ p: Double, _ q: Double) -> Int { Int((p + (q - p) * f).rounded()) }
        return hex(channel(a.0, b.0), channel(a.1, b.1), channel(a.2, b.2))
    }

    static func hex(_ r: Int, _ g: Int, _ b: Int) -> String {
        let digits = Array("0123456789ABCDEF")
        return "#" + [r, g, b].map { String([digits[$0 / 16], digits[$0 % 16]]) }.joined()
    }
}
