import OrchestratorCLI

await Orchestrator.start()
