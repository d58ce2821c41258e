/// Byte counts as people write and read them.
public enum ByteSize {
    /// `1536` → "1.5 KiB"; binary units, one decimal above 1 KiB, e.g. "591 B", "2.3 MiB".
    public static func format(_ bytes: Int) -> String {
        format(Double(bytes))
    }

    public static func format(_ bytes: Double) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"]
        var value = bytes
        var unit = 0
        while value >= 1024 && unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        guard value.isFinite, value < 1024 else { return "more than 1024 EiB" }
        if unit == 0 { return "\(Int(value)) B" }
        let tenths = (value * 10).rounded()
        let whole = Int(tenths) / 10
        let frac = Int(tenths) % 10
        return "\(whole).\(frac) \(units[unit])"
    }

    /// Parses `1000000`, `512MB`, `2GiB`, `1.5 GB`, `64k`: a number and an
    /// optional unit, case-insensitive. `K/KB/M/MB/G/GB/T/TB` are powers of 1000,
    /// `KiB/MiB/GiB/TiB` powers of 1024, `B` or nothing is bytes. Nil when the
    /// text is not a size, is negative, or does not fit in an Int.
    public static func parse(_ text: String) -> Int? {
        let trimmed = text.trimmingWhitespace()
        var numberEnd = trimmed.startIndex
        while numberEnd < trimmed.endIndex, trimmed[numberEnd].isNumber || trimmed[numberEnd] == "." {
            numberEnd = trimmed.index(after: numberEnd)
        }
        guard numberEnd > trimmed.startIndex, let number = Double(trimmed[..<numberEnd]) else { return nil }
        let unit = trimmed[numberEnd...].trimmingWhitespace().lowercased()
        let multipliers: [String: Double] = [
            "": 1, "b": 1,
            "k": 1e3, "kb": 1e3, "m": 1e6, "mb": 1e6, "g": 1e9, "gb": 1e9, "t": 1e12, "tb": 1e12,
            "kib": 1024, "mib": 1_048_576, "gib": 1_073_741_824, "tib": 1_099_511_627_776,
        ]
        guard let multiplier = multipliers[unit] else { return nil }
        let bytes = (number * multiplier).rounded()
        guard bytes.isFinite, bytes >= 0, bytes < 9.2e18 else { return nil }
        return Int(bytes)
    }
}

extension StringProtocol {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let c = s.first, c.isWhitespace { s = s.dropFirst() }
        while let c = s.last, c.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
