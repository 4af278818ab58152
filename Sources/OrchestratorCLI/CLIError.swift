import Foundation
import OrchestratorCore

/// A problem with the user's input: printed as one line per problem, exit code 2.
struct CLIError: Error {
    var message: String

    init(_ message: String) { self.message = message }

    /// Wraps any error thrown while handling user input, keeping its description.
    init(_ error: any Error) {
        if let diagnostics = error as? DiagnosticsError {
            message = diagnostics.description
        } else if let localized = error as? LocalizedError, let description = localized.errorDescription {
            message = "error: " + description
        } else {
            message = "error: \(error)"
        }
    }
}

/// Runs `body`, turning whatever it throws into a `CLIError`.
func userInput<T>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as CLIError {
        throw error
    } catch {
        throw CLIError(error)
    }
}
