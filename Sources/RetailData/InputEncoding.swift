/// The text encoding asked for when reading a CSV file.
///
/// - `auto`: UTF-8 when the whole file is valid UTF-8, otherwise Latin-1 (so `£` stored as the
///   single byte 0xA3 reads as `£`). The reader validates only records that hold bytes above 0x7F,
///   as it goes, and decides at the end of the file; strings are built from raw bytes only then, so
///   a late invalid byte still turns the whole file into Latin-1. A file that starts with a UTF-8
///   byte-order mark is UTF-8 and is treated as `utf8` below.
/// - `utf8`: records holding invalid UTF-8 are quarantined with reason `invalid_encoding`.
/// - `latin1`: every byte is one character (ISO-8859-1); nothing is invalid.
public enum InputEncoding: String, Sendable, Codable, CaseIterable {
    case auto
    case utf8 = "utf-8"
    case latin1 = "latin-1"
}
