/// An access key pair and, for temporary credentials, a session token.
///
/// The secret and the token never leave through `description`, `debugDescription` or
/// reflection in logs: both print as redacted, with the access key's last four characters only.
public struct S3Credentials: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let accessKeyID: String
    public let secretAccessKey: String
    public let sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and `AWS_SESSION_TOKEN` from `environment`.
    public static func fromEnvironment(_ environment: [String: String]) throws(S3ConfigurationError) -> S3Credentials {
        guard let key = environment["AWS_ACCESS_KEY_ID"], !key.isEmpty else { throw .missingVariable("AWS_ACCESS_KEY_ID") }
        guard let secret = environment["AWS_SECRET_ACCESS_KEY"], !secret.isEmpty else { throw .missingVariable("AWS_SECRET_ACCESS_KEY") }
        return S3Credentials(accessKeyID: key, secretAccessKey: secret, sessionToken: environment["AWS_SESSION_TOKEN"])
    }

    public var description: String {
        "S3Credentials(access key ...\(accessKeyID.suffix(4)), secret <redacted>\(sessionToken == nil ? "" : ", session token <redacted>"))"
    }

    public var debugDescription: String { description }

    /// What `dump` and `Mirror` see: the redacted description only.
    public var customMirror: Mirror { Mirror(self, children: ["redacted": description]) }
}
