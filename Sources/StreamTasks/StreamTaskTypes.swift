import OrchestratorEngine
import RetailTasks

extension TaskRegistry {
    /// The built-in, retail batch and streaming task types.
    public static var withStreamTypes: TaskRegistry {
        var registry = TaskRegistry.withRetailTypes
        for type: any TaskType in [StreamReadTask(), StreamCleanTask(), StreamLakeSinkTask(), StreamServingSinkTask(),
                                   StreamCommitTask(), StreamLandingTask()] {
            registry.register(type)
        }
        return registry
    }
}
