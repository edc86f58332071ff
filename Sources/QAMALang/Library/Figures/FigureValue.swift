import Figures
import IsingCore
import Foundation
import JupyterKernel

/// A Figure value: shows as `image/svg+xml` with the figure's description as `text/plain`;
/// `save(fig, "file.svg")` writes the SVG.
struct FigureValue: LibraryValue, Savable {
    let svg: String
    let description: String

    init(_ figure: any Figure) {
        svg = figure.svg
        description = figure.description
    }

    var typeName: String { "Figure" }
    var plainText: String { description }
    var mimeBundle: MimeBundle { ["image/svg+xml": svg, "text/plain": description] }
    var memberNames: [String] { ["svg", "description"] }

    func member(_ name: String, session: Session) throws -> Value? {
        switch name {
        case "svg": return .string(svg)
        case "description": return .string(description)
        default: return nil
        }
    }

    func save(to path: String, session: Session) throws {
        guard path.lowercased().hasSuffix(".svg") else {
            throw LanguageError.value("a figure saves as SVG: give a path ending in .svg, not \"\(path)\"")
        }
        do { try TextFile.write(svg, to: path) } catch { throw LanguageError.value(error.message) }
    }

    /// Runs a Figures initialiser (a `FigureError` is a ValueError, see UserFacingErrors.swift).
    static func make(_ build: () throws -> any Figure) throws -> Value {
        .library(FigureValue(try build()))
    }
}
