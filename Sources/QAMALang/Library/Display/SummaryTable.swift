/// A small table rendered both as aligned `text/plain` and as an HTML `<table>`: what Model, Result, Sweep
/// and `ising(m)`/`qubo(m)` show. Cells are already formatted strings.
struct SummaryTable: Sendable, Equatable {
    var caption: String?
    var header: [String]
    var rows: [[String]]

    init(caption: String? = nil, header: [String], rows: [[String]]) {
        self.caption = caption
        self.header = header
        self.rows = rows
    }

    /// A two-column key/value table without a header row.
    init(caption: String? = nil, pairs: [(String, String)]) {
        self.init(caption: caption, header: [], rows: pairs.map { [$0.0, $0.1] })
    }

    var plainText: String {
        let all = (header.isEmpty ? [] : [header]) + rows
        let columns = all.map(\.count).max() ?? 0
        var width = [Int](repeating: 0, count: columns)
        for row in all { for (c, cell) in row.enumerated() { width[c] = max(width[c], cell.count) } }
        func line(_ row: [String]) -> String {
            var out = ""
            for (c, cell) in row.enumerated() {
                let last = c == row.count - 1
                out += last ? cell : cell + String(repeating: " ", count: width[c] - cell.count + 2)
            }
            while out.last == " " { out.removeLast() }
            return out
        }
        var lines: [String] = []
        if let caption { lines.append(caption) }
        if !header.isEmpty {
            lines.append(line(header))
            lines.append(width.map { String(repeating: "─", count: $0) }.joined(separator: "  "))
        }
        lines += rows.map(line)
        return lines.joined(separator: "\n")
    }

    var html: String {
        // JupyterLab lays rendered tables out with a fixed width and lets cells break anywhere; an automatic
        // layout with breaks at spaces only keeps words (energies, solver settings) whole.
        var out = "<table style=\"table-layout:auto;word-break:normal;overflow-wrap:normal\">"
        if let caption { out += "<caption>" + HTML.escape(caption) + "</caption>" }
        if !header.isEmpty {
            out += "<thead><tr>" + header.map { "<th>" + HTML.escape($0) + "</th>" }.joined() + "</tr></thead>"
        }
        out += "<tbody>"
        for row in rows {
            out += "<tr>"
            for (c, cell) in row.enumerated() {
                // Key/value tables: the key column reads as a header cell.
                out += header.isEmpty && c == 0
                    ? "<th style=\"text-align:left\">" + HTML.escape(cell) + "</th>"
                    : "<td>" + HTML.escape(cell) + "</td>"
            }
            out += "</tr>"
        }
        return out + "</tbody></table>"
    }
}

enum HTML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(ch)
            }
        }
        return out
    }
}
