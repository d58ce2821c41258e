import Foundation

/// A one-line description of the machine a run trains on, for `summary.json`
/// and the report: CPU model, cores, memory, architecture and system.
public enum Machine {
    public static var description: String {
        var parts: [String] = []
        if let cpu = cpuModel { parts.append(cpu) }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        parts.append("\(cores) core" + (cores == 1 ? "" : "s"))
        parts.append(String(format: "%.1f GiB", Double(ProcessInfo.processInfo.physicalMemory) / 1_073_741_824))
        #if arch(x86_64)
        parts.append("x86_64")
        #elseif arch(arm64)
        parts.append("arm64")
        #endif
        #if os(Linux)
        parts.append("Linux " + ProcessInfo.processInfo.operatingSystemVersionString)
        #elseif os(macOS)
        parts.append("macOS " + ProcessInfo.processInfo.operatingSystemVersionString)
        #endif
        return parts.joined(separator: ", ")
    }

    /// The CPU's model name from /proc/cpuinfo (Linux); nil elsewhere.
    static var cpuModel: String? {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("model name") {
            if let colon = line.firstIndex(of: ":") {
                return line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
        }
        return nil
    }
}
