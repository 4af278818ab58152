import Streaming

/// The input is an ingest body: the JSON parser, then the record validator on every record.
/// Invariants: a syntax error points inside the input (offset, line and column), and every refused
/// record says why with a message.
nonisolated(unsafe) let validator = RecordValidator()  // libFuzzer calls from one thread

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzJSON(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let value: JSONValue
    do {
        value = try JSONParser.parse(bytes)
    } catch {
        guard error.offset >= 0, error.offset <= size, error.line >= 1, error.column >= 1, !error.message.isEmpty else {
            fatalError("syntax error without a place: \(error)")
        }
        return 0
    }
    let records: [JSONValue]
    if case .array(let items) = value { records = items } else { records = [value] }
    for record in records {
        if case .failure(let refusal) = validator.validate(record), refusal.message.isEmpty {
            fatalError("record refused without a message: \(refusal.code)")
        }
    }
    return 0
}
