/// Finds the first byte that breaks UTF-8, so an invalid file is reported at
/// the exact line and column instead of being silently repaired with U+FFFD.
enum UTF8Validator {
    /// The offset of the first byte of the first invalid UTF-8 sequence
    /// (stray continuation bytes, cut-short sequences, overlong forms,
    /// surrogates and code points above U+10FFFF), or nil when all of
    /// `bytes` is valid.
    static func firstInvalidByte(_ bytes: [UInt8]) -> Int? {
        var i = 0
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            if b < 0x80 {
                i += 1
                continue
            }
            let length: Int
            // The allowed range of the second byte tightens for the lead
            // bytes that would otherwise admit overlongs or surrogates.
            var low: UInt8 = 0x80
            var high: UInt8 = 0xBF
            switch b {
            case 0xC2...0xDF: length = 2
            case 0xE0: length = 3; low = 0xA0
            case 0xE1...0xEC, 0xEE...0xEF: length = 3
            case 0xED: length = 3; high = 0x9F
            case 0xF0: length = 4; low = 0x90
            case 0xF1...0xF3: length = 4
            case 0xF4: length = 4; high = 0x8F
            default: return i
            }
            // A sequence that is cut short or malformed is reported at its lead byte.
            for k in 1..<length {
                guard i + k < n else { return i }
                let c = bytes[i + k]
                let lo: UInt8 = k == 1 ? low : 0x80
                let hi: UInt8 = k == 1 ? high : 0xBF
                if c < lo || c > hi { return i }
            }
            i += length
        }
        return nil
    }
}
