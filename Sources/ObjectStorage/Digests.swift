import Crypto
import Foundation

/// SHA-256 and MD5 of bytes and files, in the encodings S3 uses (hex, base64).
public enum Digests {
    public static func sha256Hex(_ data: Data) -> String { SigV4Signer.hex(SHA256.hash(data: data)) }

    public static func md5Base64(_ data: Data) -> String { Data(Insecure.MD5.hash(data: data)).base64EncodedString() }

    /// Hex SHA-256 as base64 (the form of `x-amz-checksum-sha256`).
    public static func base64(fromHex hex: String) -> String? {
        var bytes = [UInt8]()
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2, limitedBy: hex.endIndex) ?? hex.endIndex
            guard let byte = UInt8(hex[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return Data(bytes).base64EncodedString()
    }

    /// Base64 as hex; nil when not base64.
    public static func hex(fromBase64 text: String) -> String? {
        Data(base64Encoded: text).map { SigV4Signer.hex($0) }
    }

    /// The hex SHA-256 and MD5 of the file at `path`, read once in 1 MiB chunks.
    public static func file(_ path: String) throws -> (sha256: String, md5: String, size: Int64) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw S3Error.localFile(path: path, detail: "cannot open it") }
        defer { try? handle.close() }
        var sha = SHA256()
        var md5 = Insecure.MD5()
        var size: Int64 = 0
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw S3Error.localFile(path: path, detail: "\(error)")
            }
            if chunk.isEmpty { break }
            sha.update(data: chunk)
            md5.update(data: chunk)
            size += Int64(chunk.count)
        }
        return (SigV4Signer.hex(sha.finalize()), SigV4Signer.hex(md5.finalize()), size)
    }
}
