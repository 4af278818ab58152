/// A small, strict Snappy block decompressor used only to verify the compressor.
enum SnappyTestDecompressor {
    /// Why a block could not be decoded.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Decodes one raw Snappy block.
    static func decompress(_ input: [UInt8]) throws -> [UInt8] {
        var ip = 0
        func byte() throws -> UInt8 {
            guard ip < input.count else { throw Failure(description: "truncated at \(ip)") }
            defer { ip += 1 }
            return input[ip]
        }
        var expected = 0
        var shift = 0
        while true {
            let b = try byte()
            expected |= Int(b & 0x7F) << shift
            if b < 0x80 { break }
            shift += 7
            guard shift < 35 else { throw Failure(description: "length varint too long") }
        }
        var out: [UInt8] = []
        out.reserveCapacity(expected)
        while ip < input.count {
            let tag = try byte()
            switch tag & 3 {
            case 0:
                var length = Int(tag >> 2) + 1
                if length > 60 {
                    let extra = length - 60
                    length = 0
                    for k in 0..<extra { length |= Int(try byte()) << (8 * k) }
                    length += 1
                }
                guard ip + length <= input.count else { throw Failure(description: "literal overruns input") }
                out.append(contentsOf: input[ip..<(ip + length)])
                ip += length
            default:
                let length: Int
                var offset: Int
                switch tag & 3 {
                case 1:
                    length = Int((tag >> 2) & 7) + 4
                    offset = Int(tag >> 5) << 8 | Int(try byte())
                case 2:
                    length = Int(tag >> 2) + 1
                    offset = Int(try byte())
                    offset |= Int(try byte()) << 8
                default:
                    length = Int(tag >> 2) + 1
                    offset = 0
                    for k in 0..<4 { offset |= Int(try byte()) << (8 * k) }
                }
                guard offset > 0 && offset <= out.count else {
                    throw Failure(description: "bad copy offset \(offset) at output \(out.count)")
                }
                let from = out.count - offset
                for k in 0..<length { out.append(out[from + k]) }
            }
        }
        guard out.count == expected else {
            throw Failure(description: "decoded \(out.count) bytes, header says \(expected)")
        }
        return out
    }
}
