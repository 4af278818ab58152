/// Minimal encoder for the Thrift compact protocol: just what Parquet
/// footers and page headers need (structs, i32/i64, binary, bool, lists).
///
/// Fields must be written in increasing id order within a struct, which
/// keeps field headers in their short "delta" form.
struct ThriftCompactWriter {
    /// Compact protocol type codes.
    enum FieldType: UInt8 {
        case boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6
        case double = 7, binary = 8, list = 9, set = 10, map = 11, structure = 12
    }

    /// The encoded bytes so far.
    private(set) var bytes: [UInt8] = []
    /// Id of the last field written in the current struct.
    private var lastFieldId: Int16 = 0
    /// Saved `lastFieldId`s of enclosing structs.
    private var stack: [Int16] = []

    init() { bytes.reserveCapacity(256) }

    // MARK: Primitive encodings

    /// Appends an unsigned LEB128 varint.
    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    /// Zigzag-maps a signed value so small magnitudes become small varints.
    static func zigzag(_ value: Int64) -> UInt64 {
        UInt64(bitPattern: (value << 1) ^ (value >> 63))
    }

    /// Appends a field header; uses the 1-byte delta form when possible.
    mutating func writeFieldHeader(id: Int16, type: FieldType) {
        let delta = Int(id) - Int(lastFieldId)
        if delta > 0 && delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(Self.zigzag(Int64(id)))
        }
        lastFieldId = id
    }

    // MARK: Fields

    /// Writes an `i32` field (also used for Thrift enums).
    mutating func writeI32(_ id: Int16, _ value: Int32) {
        writeFieldHeader(id: id, type: .i32)
        writeVarint(Self.zigzag(Int64(value)))
    }

    /// Writes an `i64` field.
    mutating func writeI64(_ id: Int16, _ value: Int64) {
        writeFieldHeader(id: id, type: .i64)
        writeVarint(Self.zigzag(value))
    }

    /// Writes an `i16` field.
    mutating func writeI16(_ id: Int16, _ value: Int16) {
        writeFieldHeader(id: id, type: .i16)
        writeVarint(Self.zigzag(Int64(value)))
    }

    /// Writes a `bool` field; the value lives in the header's type nibble.
    mutating func writeBool(_ id: Int16, _ value: Bool) {
        writeFieldHeader(id: id, type: value ? .boolTrue : .boolFalse)
    }

    /// Writes a `binary` field.
    mutating func writeBinary(_ id: Int16, _ value: [UInt8]) {
        writeFieldHeader(id: id, type: .binary)
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    /// Writes a `string` field (UTF-8 binary).
    mutating func writeString(_ id: Int16, _ value: String) {
        writeBinary(id, Array(value.utf8))
    }

    /// Writes a struct field whose body is produced by `body`.
    mutating func writeStruct(_ id: Int16, _ body: (inout ThriftCompactWriter) -> Void) {
        writeFieldHeader(id: id, type: .structure)
        beginStruct()
        body(&self)
        endStruct()
    }

    /// Writes a field holding an empty struct (e.g. `StringType {}`).
    mutating func writeEmptyStruct(_ id: Int16) {
        writeStruct(id) { _ in }
    }

    // MARK: Lists

    /// Writes a list header for `count` elements of `elementType`.
    mutating func writeListHeader(count: Int, elementType: FieldType) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    /// Writes a `list<i32>` field (also `list<enum>`).
    mutating func writeI32List(_ id: Int16, _ values: [Int32]) {
        writeFieldHeader(id: id, type: .list)
        writeListHeader(count: values.count, elementType: .i32)
        for v in values { writeVarint(Self.zigzag(Int64(v))) }
    }

    /// Writes a `list<string>` field.
    mutating func writeStringList(_ id: Int16, _ values: [String]) {
        writeFieldHeader(id: id, type: .list)
        writeListHeader(count: values.count, elementType: .binary)
        for v in values {
            let utf8 = Array(v.utf8)
            writeVarint(UInt64(utf8.count))
            bytes.append(contentsOf: utf8)
        }
    }

    /// Writes a `list<struct>` field, calling `body` once per element.
    mutating func writeStructList<T>(_ id: Int16, _ elements: [T],
                                     _ body: (inout ThriftCompactWriter, T) -> Void) {
        writeFieldHeader(id: id, type: .list)
        writeListHeader(count: elements.count, elementType: .structure)
        for element in elements {
            beginStruct()
            body(&self, element)
            endStruct()
        }
    }

    // MARK: Structs

    /// Starts a nested struct body (field ids restart from zero).
    mutating func beginStruct() {
        stack.append(lastFieldId)
        lastFieldId = 0
    }

    /// Ends a struct body with a STOP byte.
    mutating func endStruct() {
        bytes.append(0)
        lastFieldId = stack.popLast() ?? 0
    }

    /// Ends the top-level struct and returns the encoded bytes.
    mutating func finish() -> [UInt8] {
        bytes.append(0)
        return bytes
    }
}
