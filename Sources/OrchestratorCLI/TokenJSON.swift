/// A token as printed by `token create --json` and `token list --json`.
struct TokenJSON: Encodable {
    var name: String
    var token: String?
    var scopes: [String]
    var expiresAt: String?
    var createdAt: String?
    var status: String?

    enum CodingKeys: String, CodingKey {
        case name, token, scopes, expiresAt = "expires_at", createdAt = "created_at", status
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encodeIfPresent(token, forKey: .token)
        try container.encode(scopes, forKey: .scopes)
        try container.encode(expiresAt, forKey: .expiresAt)
        try container.encodeIfPresent(createdAt, forKey: .createdAt)
        try container.encodeIfPresent(status, forKey: .status)
    }
}
