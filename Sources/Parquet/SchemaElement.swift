/// Parquet physical storage types (Thrift `Type`).
enum PhysicalType: Int32 {
    case boolean = 0, int32 = 1, int64 = 2, int96 = 3, float = 4, double = 5
    case byteArray = 6, fixedLenByteArray = 7
}

/// Parquet value/level encodings (Thrift `Encoding`).
enum Encoding: Int32 {
    case plain = 0, plainDictionary = 2, rle = 3, bitPacked = 4, rleDictionary = 8
}

/// One node of the flattened schema tree (Thrift `SchemaElement`).
struct SchemaElement {
    var name: String
    var physicalType: PhysicalType?
    /// 0 = REQUIRED, 1 = OPTIONAL; `nil` for the root.
    var repetition: Int32?
    var numChildren: Int32?
    var convertedType: Int32?
    var scale: Int32?
    var precision: Int32?
    var logicalType: LogicalTypeAnnotation?

    /// The root element of a flat schema with `childCount` leaves.
    static func root(childCount: Int) -> SchemaElement {
        SchemaElement(name: "schema", physicalType: nil, repetition: nil,
                      numChildren: Int32(childCount))
    }

    /// The leaf element describing `type` with the given nullability.
    static func leaf(name: String, type: ParquetType, nullable: Bool) -> SchemaElement {
        var e = SchemaElement(name: name, physicalType: type.physicalType,
                              repetition: nullable ? 1 : 0)
        switch type {
        case .string:
            e.convertedType = 0 // UTF8
            e.logicalType = .string
        case .int32, .int64, .double:
            break
        case .timestampMicros(let utc):
            if utc { e.convertedType = 10 } // TIMESTAMP_MICROS implies UTC
            e.logicalType = .timestampMicros(adjustedToUTC: utc)
        case .decimal(let precision, let scale):
            e.convertedType = 5 // DECIMAL
            e.scale = Int32(scale)
            e.precision = Int32(precision)
            e.logicalType = .decimal(precision: Int32(precision), scale: Int32(scale))
        case .date:
            e.convertedType = 6 // DATE
            e.logicalType = .date
        }
        return e
    }

    /// Encodes the struct body (without the enclosing begin/end).
    func write(to w: inout ThriftCompactWriter) {
        if let physicalType { w.writeI32(1, physicalType.rawValue) }
        if let repetition { w.writeI32(3, repetition) }
        w.writeString(4, name)
        if let numChildren { w.writeI32(5, numChildren) }
        if let convertedType { w.writeI32(6, convertedType) }
        if let scale { w.writeI32(7, scale) }
        if let precision { w.writeI32(8, precision) }
        if let logicalType {
            w.writeStruct(10) { logicalType.write(to: &$0) }
        }
    }
}

/// The subset of the Thrift `LogicalType` union this writer emits.
enum LogicalTypeAnnotation {
    case string
    case decimal(precision: Int32, scale: Int32)
    case date
    case timestampMicros(adjustedToUTC: Bool)

    /// Encodes the union body: exactly one member struct.
    func write(to w: inout ThriftCompactWriter) {
        switch self {
        case .string:
            w.writeEmptyStruct(1)
        case .decimal(let precision, let scale):
            w.writeStruct(5) { d in
                d.writeI32(1, scale)
                d.writeI32(2, precision)
            }
        case .date:
            w.writeEmptyStruct(6)
        case .timestampMicros(let utc):
            w.writeStruct(8) { t in
                t.writeBool(1, utc)
                t.writeStruct(2) { unit in unit.writeEmptyStruct(2) } // MICROS
            }
        }
    }
}

extension ParquetType {
    /// The physical type used to store this logical type.
    var physicalType: PhysicalType {
        switch self {
        case .string: return .byteArray
        case .int32, .date: return .int32
        case .int64, .timestampMicros, .decimal: return .int64
        case .double: return .double
        }
    }
}
