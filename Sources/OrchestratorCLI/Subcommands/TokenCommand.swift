import ArgumentParser
import Foundation
import OrchestratorCore
import OrchestratorStore
import Streaming

extension Orchestrator {
    struct TokenCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token",
            abstract: "Create, list and revoke the API's bearer tokens.",
            discussion: """
                Tokens are kept in STATE/streams.sqlite as SHA-256 hashes; a token is printed once, when it is made.
                Scopes: records:write (POST records), transactions:read (GET transactions, invoices, customers),
                runs:read (workflows, runs, logs, events and the web UI), runs:write (trigger, retry, cancel, pause),
                metrics:read (GET /metrics under 'serve --metrics-auth'), admin (everything, and GET /api/v1/streams/{stream}).

                Example: orchestrator token create --name producer --scopes records:write --expires 30d
                """,
            subcommands: [Create.self, List.self, Revoke.self])

        struct Create: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "create", abstract: "Make a token and print it (only this once).")

            @Option(help: "A unique name for the token (used to list and revoke it).") var name: String
            @Option(help: ArgumentHelp("Comma-separated scopes: records:write, transactions:read, runs:read, runs:write, metrics:read, admin.", valueName: "scopes"))
            var scopes: String
            @Option(parsing: .unconditional, help: ArgumentHelp("Lifetime, e.g. 30d or 12h, at most 3650d; no expiry when left out.", valueName: "duration"))
            var expires: String?
            @OptionGroup var stateOptions: StateOptions
            @OptionGroup var output: JSONOption

            func validate() throws {
                guard !name.isEmpty, name.count <= 64 else { throw ValidationError("--name must be 1-64 characters") }
                do { _ = try Scope.parseList(scopes) } catch { throw ValidationError("--scopes: \(error)") }
                if let expires { _ = try OptionValue.duration(expires, option: "--expires", positive: true) }
            }

            func run() async throws {
                let parsed = try Scope.parseList(scopes)
                let database = try await userInput { try StreamDatabase(stateRoot: stateOptions.directory.root) }
                let expiresAt = try expires.map { StreamDatabase.nowMillis() + (try OptionValue.duration($0, option: "--expires", positive: true)).milliseconds }
                let secret = try await userInput { try database.createToken(name: name, scopes: parsed, expiresAt: expiresAt) }
                if output.json {
                    try Console.json(TokenJSON(name: name, token: secret, scopes: parsed.map(\.rawValue).sorted(),
                                               expiresAt: expiresAt.map(Timestamps.iso8601)))
                } else {
                    Console.out(secret)
                    Console.progress("token '\(name)' created with \(parsed.map(\.rawValue).sorted().joined(separator: ", "))"
                                     + (expiresAt.map { "; expires \(Timestamps.iso8601($0))" } ?? "") + ". It is not shown again.")
                }
            }
        }

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "list", abstract: "List tokens (names, scopes, expiry; never the secrets).")
            @OptionGroup var stateOptions: StateOptions
            @OptionGroup var output: JSONOption

            func run() async throws {
                let database = try await userInput { try StreamDatabase(stateRoot: stateOptions.directory.root) }
                let tokens = try database.tokens()
                let now = StreamDatabase.nowMillis()
                let rows = tokens.map { token in
                    TokenJSON(name: token.name, token: nil, scopes: token.scopes.map(\.rawValue).sorted(),
                              expiresAt: token.expiresAt.map(Timestamps.iso8601), createdAt: Timestamps.iso8601(token.createdAt),
                              status: token.revokedAt != nil ? "revoked" : token.isUsable(now: now) ? "active" : "expired")
                }
                if output.json { return try Console.json(rows) }
                var table = TextTable(["NAME", "SCOPES", "STATUS", "CREATED", "EXPIRES"])
                for row in rows {
                    table.append([row.name, row.scopes.joined(separator: ","), row.status ?? "", row.createdAt ?? "", row.expiresAt ?? "never"])
                }
                Console.out(table.render())
            }
        }

        struct Revoke: AsyncParsableCommand {
            static let configuration = CommandConfiguration(commandName: "revoke", abstract: "Revoke a token by name; within a second, requests with it get 401.")
            @Argument(help: "The token's name.") var name: String
            @OptionGroup var stateOptions: StateOptions

            func run() async throws {
                let database = try await userInput { try StreamDatabase(stateRoot: stateOptions.directory.root) }
                guard try database.revokeToken(name: name) else {
                    throw CLIError("error: no active token named '\(name)' (see 'orchestrator token list')")
                }
                Console.out("revoked token '\(name)'")
            }
        }
    }
}
