import Foundation
import Streaming
import Synchronization

/// Local token lookups, remembered for one second: a busy API checks the same few tokens thousands
/// of times a second, and a revocation or expiry still takes effect within a second. Only tokens
/// that exist are remembered, so made-up tokens cannot fill the cache.
final class TokenCache: Sendable {
    let database: StreamDatabase
    let ttl: Int64 = 1_000
    let entries = Mutex<[String: (info: StreamDatabase.TokenInfo?, until: Int64)]>([:])

    init(database: StreamDatabase) {
        self.database = database
    }

    func lookup(_ secret: String) throws -> StreamDatabase.TokenInfo? {
        let now = StreamDatabase.nowMillis()
        if let cached = entries.withLock({ $0[secret] }), cached.until > now { return cached.info }
        let info = try database.token(secret: secret)
        if info != nil {
            entries.withLock { cache in
                if cache.count > 10_000 { cache = cache.filter { $0.value.until > now } }
                cache[secret] = (info, now + ttl)
            }
        }
        return info
    }
}
