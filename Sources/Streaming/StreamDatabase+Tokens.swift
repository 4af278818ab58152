import Crypto
import Foundation
import GRDB

/// Local API tokens. Only a SHA-256 hash of each token is stored; the token itself is shown once.
extension StreamDatabase {
    /// A stored token, without its secret.
    public struct TokenInfo: Sendable, Equatable {
        public var name: String
        public var scopes: Set<Scope>
        public var createdAt: Int64
        public var expiresAt: Int64?
        public var revokedAt: Int64?

        /// True when the token is neither revoked nor expired at `now`.
        public func isUsable(now: Int64) -> Bool { revokedAt == nil && (expiresAt.map { now < $0 } ?? true) }
    }

    /// Creates a token and returns its secret, which is not stored. Throws when the name is taken.
    public func createToken(name: String, scopes: Set<Scope>, expiresAt: Int64?, now: Int64 = StreamDatabase.nowMillis()) throws -> String {
        var bytes = [UInt8](repeating: 0, count: 32)
        var generator = SystemRandomNumberGenerator()
        for index in bytes.indices { bytes[index] = generator.next() }
        let secret = "orc_" + Base64URL.encode(bytes)
        try write { db in
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM api_tokens WHERE name = ?", arguments: [name]) == true {
                throw StreamError.storage("a token named '\(name)' exists; revoke it or pick another name")
            }
            try db.execute(sql: "INSERT INTO api_tokens (name, hash, scopes, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                           arguments: [name, Self.hash(secret), scopes.map(\.rawValue).sorted().joined(separator: ","), now, expiresAt])
        }
        return secret
    }

    /// The token whose secret is `secret`, if one was created (it may be revoked or expired).
    public func token(secret: String) throws -> TokenInfo? {
        try read { db in
            try Row.fetchOne(db.cachedStatement(sql: "SELECT name, scopes, created_at, expires_at, revoked_at FROM api_tokens WHERE hash = ?"),
                             arguments: [Self.hash(secret)]).map(Self.tokenInfo)
        }
    }

    public func tokens() throws -> [TokenInfo] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT name, scopes, created_at, expires_at, revoked_at FROM api_tokens ORDER BY name").map(Self.tokenInfo)
        }
    }

    /// Revokes the named token; false when there is no such token or it was already revoked.
    public func revokeToken(name: String, now: Int64 = StreamDatabase.nowMillis()) throws -> Bool {
        try write { db in
            try db.execute(sql: "UPDATE api_tokens SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL", arguments: [now, name])
            return db.changesCount > 0
        }
    }

    static func tokenInfo(_ row: Row) -> TokenInfo {
        let scopes = (row[1] as String).split(separator: ",").compactMap { Scope(rawValue: String($0)) }
        return TokenInfo(name: row[0], scopes: Set(scopes), createdAt: row[2], expiresAt: row[3], revokedAt: row[4])
    }

    static func hash(_ secret: String) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        for byte in SHA256.hash(data: Data(secret.utf8)) {
            hex.append(digits[Int(byte >> 4)])
            hex.append(digits[Int(byte & 15)])
        }
        return String(decoding: hex, as: UTF8.self)
    }
}
