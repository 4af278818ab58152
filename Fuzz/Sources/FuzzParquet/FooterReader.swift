/// Reads a Parquet file's frame and footer back: the `PAR1` magic at both ends, the footer length,
/// and the footer's Thrift compact structure, walked field by field. Written from the Parquet
/// format's `parquet.thrift` and the Thrift compact protocol description.
struct FooterReader {
    struct Malformed: Error, CustomStringConvertible {
        var description: String
    }

    /// What the checks need of `FileMetaData`.
    struct Summary {
        var numRows: Int64?
        var schemaElements: Int?
        var rowGroups: Int?
    }

    private let bytes: [UInt8]
    private var position: Int
    private let end: Int

    /// Checks the frame of `file` and reads its footer's top-level fields.
    static func read(_ file: [UInt8]) throws(Malformed) -> Summary {
        let magic = Array("PAR1".utf8)
        guard file.count >= 12, Array(file[0..<4]) == magic, Array(file[(file.count - 4)...]) == magic else {
            throw Malformed(description: "missing PAR1 magic (\(file.count) bytes)")
        }
        let lengthStart = file.count - 8
        let length = (0..<4).reduce(0) { $0 | Int(file[lengthStart + $1]) << (8 * $1) }
        guard length > 0, length <= lengthStart - 4 else { throw Malformed(description: "footer length \(length) does not fit") }
        var reader = FooterReader(bytes: file, position: lengthStart - length, end: lengthStart)
        let summary = try reader.fileMetaData()
        guard reader.position == lengthStart else { throw Malformed(description: "footer ends at \(reader.position), not \(lengthStart)") }
        return summary
    }

    private init(bytes: [UInt8], position: Int, end: Int) {
        self.bytes = bytes
        self.position = position
        self.end = end
    }

    private mutating func fileMetaData() throws(Malformed) -> Summary {
        var summary = Summary()
        var fieldID = 0
        while true {
            let header = try byte()
            if header == 0 { return summary }
            let type = header & 0x0F
            let delta = Int(header >> 4)
            fieldID = delta == 0 ? Int(try zigzag()) : fieldID + delta
            switch (fieldID, type) {
            case (2, 9): summary.schemaElements = try skipList()
            case (3, 6): summary.numRows = try zigzag()
            case (4, 9): summary.rowGroups = try skipList()
            default: try skip(type: type, depth: 0)
            }
        }
    }

    private mutating func byte() throws(Malformed) -> UInt8 {
        guard position < end else { throw Malformed(description: "footer truncated at byte \(position)") }
        defer { position += 1 }
        return bytes[position]
    }

    private mutating func varint() throws(Malformed) -> UInt64 {
        var value: UInt64 = 0
        for shift in stride(from: 0, to: 70, by: 7) {
            let next = try byte()
            guard shift < 64 else { throw Malformed(description: "varint too long at byte \(position)") }
            value |= UInt64(next & 0x7F) << UInt64(shift)
            if next & 0x80 == 0 { return value }
        }
        throw Malformed(description: "varint too long at byte \(position)")
    }

    private mutating func zigzag() throws(Malformed) -> Int64 {
        let raw = try varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    /// Skips a list or set and returns its element count.
    private mutating func skipList(depth: Int = 0) throws(Malformed) -> Int {
        let header = try byte()
        var count = Int(header >> 4)
        if count == 15 { count = Int(try varint()) }
        guard count <= end - position else { throw Malformed(description: "list of \(count) items cannot fit") }
        let type = header & 0x0F
        for _ in 0..<count {
            // In a list a boolean takes a byte of its own.
            if type == 1 || type == 2 { _ = try byte() } else { try skip(type: type, depth: depth + 1) }
        }
        return count
    }

    private mutating func skip(type: UInt8, depth: Int) throws(Malformed) {
        guard depth < 64 else { throw Malformed(description: "footer nested too deeply") }
        switch type {
        case 1, 2: return  // booleans as field types carry their value in the type
        case 3: _ = try byte()
        case 4, 5, 6: _ = try varint()
        case 7: for _ in 0..<8 { _ = try byte() }
        case 8:
            let length = Int(try varint())
            guard length <= end - position else { throw Malformed(description: "binary of \(length) bytes cannot fit") }
            position += length
        case 9, 10: _ = try skipList(depth: depth)
        case 11:
            let count = Int(try varint())
            guard count > 0 else { return }
            let types = try byte()
            guard count <= end - position else { throw Malformed(description: "map of \(count) entries cannot fit") }
            for _ in 0..<count {
                try skip(type: types >> 4, depth: depth + 1)
                try skip(type: types & 0x0F, depth: depth + 1)
            }
        case 12:
            while true {
                let header = try byte()
                if header == 0 { return }
                if header >> 4 == 0 { _ = try zigzag() }
                try skip(type: header & 0x0F, depth: depth + 1)
            }
        default: throw Malformed(description: "unknown Thrift type \(type) at byte \(position)")
        }
    }
}
