import CYaml  // libyaml, as bundled by Yams: events let a document be refused before it is built

/// Reads YAML text as a stream of libyaml events, one at a time.
///
/// Nothing is composed here, so an alias is seen as an alias (never expanded) and a caller can
/// stop at the first event it refuses. Not thread-safe; one reader per document.
final class YAMLEventReader {
    /// One parse event with the place it starts (1-based line and column).
    enum Event {
        case streamStart, streamEnd, documentStart, documentEnd
        case alias(SourceLocation)
        case scalar(String, SourceLocation, quoted: Bool)
        case sequenceStart(SourceLocation)
        case sequenceEnd
        case mappingStart(SourceLocation)
        case mappingEnd
    }

    /// Why libyaml could not read the text.
    struct Failure: Error {
        var message: String
        var location: SourceLocation
    }

    private var parser = yaml_parser_t()
    private let bytes: UnsafeMutableBufferPointer<UInt8>

    init(_ text: String) {
        let utf8 = Array(text.utf8)
        bytes = .allocate(capacity: max(utf8.count, 1))
        _ = bytes.initialize(from: utf8)
        yaml_parser_initialize(&parser)
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, utf8.count)
    }

    deinit {
        yaml_parser_delete(&parser)
        bytes.deallocate()
    }

    /// The next event; throws at a syntax error.
    func next() throws(Failure) -> Event {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else { throw failure() }
        defer { yaml_event_delete(&event) }
        let start = SourceLocation(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        switch event.type {
        case YAML_STREAM_START_EVENT: return .streamStart
        case YAML_DOCUMENT_START_EVENT: return .documentStart
        case YAML_DOCUMENT_END_EVENT: return .documentEnd
        case YAML_ALIAS_EVENT: return .alias(start)
        case YAML_SCALAR_EVENT:
            let scalar = event.data.scalar
            let buffer = UnsafeBufferPointer(start: scalar.value, count: scalar.length)
            let quoted = scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE || scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE
            return .scalar(String(decoding: buffer, as: UTF8.self), start, quoted: quoted)
        case YAML_SEQUENCE_START_EVENT: return .sequenceStart(start)
        case YAML_SEQUENCE_END_EVENT: return .sequenceEnd
        case YAML_MAPPING_START_EVENT: return .mappingStart(start)
        case YAML_MAPPING_END_EVENT: return .mappingEnd
        default: return .streamEnd
        }
    }

    private func failure() -> Failure {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        if parser.error == YAML_READER_ERROR {
            return Failure(message: "YAML reader: \(problem) at byte \(parser.problem_offset)", location: .start)
        }
        let context = parser.context.map { String(cString: $0) + " " } ?? ""
        let mark = parser.problem_mark
        return Failure(message: "YAML syntax: \(context)\(problem)",
                       location: SourceLocation(line: Int(mark.line) + 1, column: Int(mark.column) + 1))
    }
}
