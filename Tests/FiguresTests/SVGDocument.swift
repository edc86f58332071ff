// Test support: parses a figure's SVG with an XML parser (so well-formedness is checked by a real parser)
// and answers structural questions about it.
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing

struct SVGElement {
    var name: String
    var attributes: [String: String]
    var text: String
    var depth: Int

    var classes: [String] { (attributes["class"] ?? "").split(separator: " ").map(String.init) }
}

struct SVGDocument {
    /// Every element in document order; the first is the root.
    let elements: [SVGElement]

    var root: SVGElement { elements[0] }

    init(_ svg: String) throws {
        let collector = ElementCollector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.shouldProcessNamespaces = false
        parser.delegate = collector
        guard parser.parse() else {
            throw ParseFailure(message: parser.parserError.map { "\($0)" } ?? "unknown XML error")
        }
        elements = collector.finished
    }

    func elements(withClass c: String) -> [SVGElement] { elements.filter { $0.classes.contains(c) } }

    func count(_ name: String, withClass c: String) -> Int { elements.filter { $0.name == name && $0.classes.contains(c) }.count }

    /// Text of the direct children of the root named `name` (title, desc).
    func rootChildText(_ name: String) -> String? { elements.first { $0.depth == 1 && $0.name == name }?.text }

    /// The texts drawn with a given class (tick labels, axis labels, titles).
    func texts(withClass c: String) -> [String] { elements(withClass: c).filter { $0.name == "text" }.map(\.text) }

    struct ParseFailure: Error { let message: String }
}

private final class ElementCollector: NSObject, XMLParserDelegate {
    var finished: [SVGElement] = []
    private var stack: [Int] = []

    func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        finished.append(SVGElement(name: elementName, attributes: attributes, text: "", depth: stack.count))
        stack.append(finished.count - 1)
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if let i = stack.last { finished[i].text += string }
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        stack.removeLast()
    }
}

/// The contract every figure meets: a standalone SVG root with xmlns, a viewBox matching its pixel size,
/// `<title>` and `<desc>` as its first children (desc = the text/plain description), and its own
/// background card.
@discardableResult
func expectStandaloneFigure(_ svg: String, title: String, description: String,
                            sourceLocation: SourceLocation = #_sourceLocation) throws -> SVGDocument {
    let doc = try SVGDocument(svg)
    #expect(doc.root.name == "svg", sourceLocation: sourceLocation)
    #expect(doc.root.attributes["xmlns"] == "http://www.w3.org/2000/svg", sourceLocation: sourceLocation)
    let box = (doc.root.attributes["viewBox"] ?? "").split(separator: " ").compactMap { Double($0) }
    #expect(box.count == 4, sourceLocation: sourceLocation)
    if box.count == 4 {
        #expect(box[0] == 0 && box[1] == 0 && box[2] > 0 && box[3] > 0, sourceLocation: sourceLocation)
        #expect(Double(doc.root.attributes["width"] ?? "") == box[2], sourceLocation: sourceLocation)
        #expect(Double(doc.root.attributes["height"] ?? "") == box[3], sourceLocation: sourceLocation)
        #expect(box[2] <= 800, "legible at notebook width without scaling", sourceLocation: sourceLocation)
    }
    #expect(doc.elements[1].name == "title" && doc.elements[2].name == "desc", sourceLocation: sourceLocation)
    #expect(doc.rootChildText("title") == title, sourceLocation: sourceLocation)
    #expect(doc.rootChildText("desc") == description, sourceLocation: sourceLocation)
    #expect(doc.count("rect", withClass: "qf-background") == 1, sourceLocation: sourceLocation)
    #expect(svg.hasSuffix("</svg>\n"), sourceLocation: sourceLocation)
    return doc
}
