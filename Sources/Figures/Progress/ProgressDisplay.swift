import NumberText

/// A live progress report of a running solve, rendered for a notebook cell (`html`, `plain`) and for a
/// terminal (`terminalLine`). The kernel updates one display with these as the solver reports progress.
public struct ProgressDisplay: Sendable, Equatable {
    /// Done fraction, clamped to [0, 1] (NaN counts as 0).
    public let fraction: Double
    /// Best energy seen so far, if any.
    public let bestEnergy: Double?
    /// Seconds since the solve started.
    public let elapsed: Double
    /// What is running, e.g. "sa" or "cim job 3f2a"; may be empty.
    public let label: String

    public init(fraction: Double, bestEnergy: Double? = nil, elapsed: Double, label: String = "") {
        self.fraction = fraction.isNaN ? 0 : min(max(fraction, 0), 1)
        self.bestEnergy = bestEnergy.flatMap { $0.isNaN ? nil : $0 }
        self.elapsed = elapsed.isFinite ? max(elapsed, 0) : 0
        self.label = label
    }

    /// Whole percent, rounded down so "100%" appears only when the work is done.
    public var percent: Int { Int((fraction * 100).rounded(.down)) }

    /// Seconds still to go at the rate so far, as tqdm estimates it (elapsed × (1 − f) / f); nil until 1 % of
    /// the work and half a second have passed (earlier the rate says little), and once the work is done.
    public var remaining: Double? {
        guard fraction >= 0.01, fraction < 1, elapsed >= 0.5 else { return nil }
        return elapsed * (1 - fraction) / fraction
    }

    /// "1.2 s", or "1.2 s, 3.4 s left" while an estimate exists.
    private var time: String {
        remaining.map { "\(ProgressDisplay.duration(elapsed)), \(ProgressDisplay.duration($0)) left" } ?? ProgressDisplay.duration(elapsed)
    }

    /// `[######----] 60%  best -123.5  1.2 s`, prefixed by the label when there is one.
    public var plain: String {
        let prefix = label.isEmpty ? "" : label + "  "
        return prefix + "[" + bar(width: 10) + "] " + stats
    }

    /// A small bar with the percentage, best energy and elapsed time. Text inherits the page's colour and the
    /// bar uses a translucent grey track, so it reads on light and dark themes alike.
    public var html: String {
        let percentText = "\(percent)%"
        var out = "<div class=\"qf-progress\" style=\"display:flex;align-items:center;gap:10px;font-family:monospace;font-size:12px;line-height:18px\">"
        if !label.isEmpty { out += "<span>\(XMLText.escape(label))</span>" }
        out += "<div role=\"progressbar\" aria-valuemin=\"0\" aria-valuemax=\"100\" aria-valuenow=\"\(percent)\" style=\"width:220px;height:10px;border-radius:5px;background:rgba(128,128,128,0.3);overflow:hidden\">"
        out += "<div style=\"width:\(NumberFormat.fixed(fraction * 100, decimals: 1))%;height:100%;background:#3a87c8\"></div></div>"
        out += "<span>\(percentText)</span>"
        if let bestEnergy { out += "<span>best \(XMLText.escape(ProgressDisplay.energy(bestEnergy)))</span>" }
        out += "<span>\(time)</span></div>"
        return out
    }

    /// What a notebook's progress display shows (`update_display_data` with the same display id each time).
    public var mimeBundle: [String: String] { ["text/html": html, "text/plain": plain] }

    /// One terminal line starting with a carriage return and padded to `width - 1` columns (so it never
    /// wraps), which overwrites the previous line in place. The bar takes whatever width is left.
    public func terminalLine(width: Int = 80) -> String {
        let columns = max(width - 1, 10)
        let prefix = label.isEmpty ? "" : label + " "
        let fixed = prefix.count + 3 + stats.count
        var line = prefix + "[" + bar(width: max(columns - fixed, 5)) + "] " + stats
        if line.count > columns { line = String(line.prefix(columns)) }
        return "\r" + line + String(repeating: " ", count: columns - line.count)
    }

    private var stats: String {
        var parts = ["\(percent)%"]
        if let bestEnergy { parts.append("best \(ProgressDisplay.energy(bestEnergy))") }
        parts.append(time)
        return parts.joined(separator: "  ")
    }

    private func bar(width: Int) -> String {
        let filled = min(width, Int((fraction * Double(width)).rounded(.down)))
        return String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
    }

    static func energy(_ e: Double) -> String { NumberFormat.significant(e, digits: 6) }

    /// "1.2 s" under a minute, "2 min 5 s" under an hour, "1 h 3 min" beyond; "over 999 h" past that (an
    /// estimate from a tiny fraction can be any size, and must never reach a trapping conversion).
    static func duration(_ seconds: Double) -> String {
        guard seconds < 999 * 3600 else { return "over 999 h" }
        let tenths = Int((seconds * 10).rounded(.toNearestOrAwayFromZero))
        if tenths < 600 { return "\(tenths / 10).\(tenths % 10) s" }
        let whole = Int(seconds.rounded(.down))
        if whole < 3600 { return "\(whole / 60) min \(whole % 60) s" }
        return "\(whole / 3600) h \((whole % 3600) / 60) min"
    }
}
