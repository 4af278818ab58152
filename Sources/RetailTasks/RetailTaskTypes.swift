import OrchestratorEngine

extension TaskRegistry {
    /// The built-in types plus the e-commerce batch types: datagen, ingest, clean, partition,
    /// aggregate and export.
    public static var withRetailTypes: TaskRegistry {
        var registry = TaskRegistry.builtIn
        for type: any TaskType in [DatagenTask(), IngestTask(), CleanTask(), PartitionTask(), AggregateTask(), ExportTask()] {
            registry.register(type)
        }
        return registry
    }
}
