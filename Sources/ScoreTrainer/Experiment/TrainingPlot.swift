import Foundation

/// Training curves as a hand-written SVG: reward of each attempt, delta, and KL to the base model,
/// over RL steps (Stage I then Stage II), averaged over seeds.
public enum TrainingPlot {
    static let colors = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]

    /// The three-panel plot for one method, or nil when there is no RL curve.
    public static func svg(title: String, curves: [[CurvePoint]], attempts: Int) -> String? {
        let curves = curves.map { $0.filter { !$0.rewards.isEmpty } }.filter { !$0.isEmpty }
        guard let longest = curves.map(\.count).max(), longest > 0 else { return nil }
        // Mean over seeds at each global step index.
        func mean(_ value: (CurvePoint) -> Double?) -> [(Double, Double)] {
            (0..<longest).compactMap { i in
                let values = curves.compactMap { i < $0.count ? value($0[i]) : nil }
                return values.isEmpty ? nil : (Double(i + 1), values.reduce(0, +) / Double(values.count))
            }
        }
        let rewardSeries = (0..<attempts).map { t in
            Series(name: "attempt \(t + 1)", color: colors[t % colors.count], points: mean { t < $0.rewards.count ? $0.rewards[t] : nil })
        }
        let deltaSeries = [Series(name: "r\(attempts) - r1", color: colors[2], points: mean { $0.delta })]
        let klSeries = (0..<attempts).map { t in
            Series(name: "attempt \(t + 1)", color: colors[t % colors.count], points: mean { p in p.kl.flatMap { t < $0.count ? $0[t] : nil } })
        }
        let stageOneEnd = curves.first?.lastIndex { $0.phase == "stage1" }.map { Double($0 + 1) + 0.5 }
        let width = 720.0
        let panelHeight = 200.0
        var body = ""
        body += panel(y: 30, width: width, height: panelHeight, title: "training reward (mean over samples)", series: rewardSeries, marker: stageOneEnd)
        body += panel(y: 30 + (panelHeight + 50), width: width, height: panelHeight, title: "delta: last minus first attempt", series: deltaSeries, marker: stageOneEnd)
        body += panel(y: 30 + 2 * (panelHeight + 50), width: width, height: panelHeight, title: "KL to the base model (nats per attempt)", series: klSeries, marker: stageOneEnd)
        let height = 30 + 3 * (panelHeight + 50)
        return """
            <svg xmlns="http://www.w3.org/2000/svg" width="\(Int(width))" height="\(Int(height))" font-family="sans-serif" font-size="11">
            <rect width="100%" height="100%" fill="white"/>
            <text x="\(Int(width / 2))" y="18" text-anchor="middle" font-size="14">\(escape(title)), mean of \(curves.count) seed(s)</text>
            \(body)</svg>

            """
    }

    struct Series {
        var name: String
        var color: String
        var points: [(Double, Double)]
    }

    static func panel(y top: Double, width: Double, height: Double, title: String, series: [Series], marker: Double?) -> String {
        let left = 60.0
        let right = width - 130
        let bottom = top + height
        let all = series.flatMap(\.points)
        guard !all.isEmpty else {
            return "<text x=\"\(left)\" y=\"\(top + 20)\">\(escape(title)): not measured</text>\n"
        }
        let xMax = max(all.map(\.0).max() ?? 1, 2)
        var yMin = min(all.map(\.1).min() ?? 0, 0)
        var yMax = max(all.map(\.1).max() ?? 1, 0)
        if yMax - yMin < 1e-9 { yMax += 0.5; yMin -= 0.5 }
        let pad = (yMax - yMin) * 0.05
        yMin -= pad
        yMax += pad
        func px(_ x: Double) -> Double { left + (x - 1) / (xMax - 1) * (right - left) }
        func py(_ v: Double) -> Double { bottom - (v - yMin) / (yMax - yMin) * height }
        var s = "<text x=\"\(left)\" y=\"\(top - 6)\" font-size=\"12\">\(escape(title))</text>\n"
        s += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(right - left)\" height=\"\(height)\" fill=\"none\" stroke=\"#888\"/>\n"
        for k in 0...4 {
            let v = yMin + (yMax - yMin) * Double(k) / 4
            s += "<line x1=\"\(left)\" y1=\"\(fmt(py(v)))\" x2=\"\(right)\" y2=\"\(fmt(py(v)))\" stroke=\"#eee\"/>"
            s += "<text x=\"\(left - 4)\" y=\"\(fmt(py(v) + 4))\" text-anchor=\"end\">\(String(format: "%.3g", v))</text>\n"
        }
        if yMin < 0 && yMax > 0 {
            s += "<line x1=\"\(left)\" y1=\"\(fmt(py(0)))\" x2=\"\(right)\" y2=\"\(fmt(py(0)))\" stroke=\"#999\" stroke-dasharray=\"2,2\"/>\n"
        }
        for k in 0...4 {
            let x = 1 + (xMax - 1) * Double(k) / 4
            s += "<text x=\"\(fmt(px(x)))\" y=\"\(fmt(bottom + 14))\" text-anchor=\"middle\">\(Int(x.rounded()))</text>"
        }
        s += "<text x=\"\(fmt((left + right) / 2))\" y=\"\(fmt(bottom + 28))\" text-anchor=\"middle\">RL step</text>\n"
        if let marker, marker > 1, marker < xMax {
            s += "<line x1=\"\(fmt(px(marker)))\" y1=\"\(top)\" x2=\"\(fmt(px(marker)))\" y2=\"\(bottom)\" stroke=\"#555\" stroke-dasharray=\"4,3\"/>"
            s += "<text x=\"\(fmt(px(marker) + 3))\" y=\"\(top + 12)\">Stage II</text>\n"
        }
        for (k, serie) in series.enumerated() where !serie.points.isEmpty {
            let path = serie.points.map { "\(fmt(px($0.0))),\(fmt(py($0.1)))" }.joined(separator: " ")
            s += "<polyline fill=\"none\" stroke=\"\(serie.color)\" stroke-width=\"1.5\" points=\"\(path)\"/>\n"
            let ly = top + 14 + Double(k) * 16
            s += "<line x1=\"\(right + 10)\" y1=\"\(fmt(ly - 4))\" x2=\"\(right + 30)\" y2=\"\(fmt(ly - 4))\" stroke=\"\(serie.color)\" stroke-width=\"2\"/>"
            s += "<text x=\"\(right + 34)\" y=\"\(fmt(ly))\">\(escape(serie.name))</text>\n"
        }
        return s
    }

    static func fmt(_ x: Double) -> String { String(format: "%.1f", x) }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
