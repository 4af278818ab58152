import OrchestratorCore

/// The keys every stream task type takes.
enum StreamTaskKeys {
    static let common: [TaskTypeDescriptor.Key] = [
        .init("stream", summary: "the stream (default transactions)"),
        .init("database", summary: "the streaming database (default STATE/streams.sqlite, serving tables beside it)"),
    ]
}
