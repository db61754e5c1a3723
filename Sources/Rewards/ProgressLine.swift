import Foundation

#if canImport(Glibc)
    @preconcurrency import Glibc
#endif

/// A one-line progress display on stderr, redrawn at most ten times a second, and shown only when
/// stderr is a terminal (so logs and pipes stay clean).
public final class ProgressLine: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private let total: Int?
    private let start = Date()
    private var lastDraw = Date.distantPast
    private let lock = NSLock()

    public init(label: String, total: Int? = nil, enabled: Bool = true) {
        self.label = label
        self.total = total
        self.enabled = enabled && StandardError.isTerminal
    }

    /// Redraws the line if enough time has passed since the last draw.
    public func update(count: Int, extra: String = "") {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        draw(count: count, extra: extra, now: now)
    }

    /// Draws the final state and ends the line.
    public func finish(count: Int, extra: String = "") {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        draw(count: count, extra: extra, now: Date())
        StandardError.write("\n")
    }

    private func draw(count: Int, extra: String, now: Date) {
        let elapsed = max(now.timeIntervalSince(start), 1e-9)
        let rate = Double(count) / elapsed
        var text = "\r\(label): \(count)"
        if let total, total > 0 {
            let width = 30
            let filled = min(width, count * width / total)
            text += "/\(total) [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        }
        text += String(format: " %.0f/s %.1fs", rate, elapsed)
        if !extra.isEmpty { text += " " + extra }
        StandardError.write(text + "\u{1B}[K")
    }
}
