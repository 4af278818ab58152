import Testing
@testable import PlatformTasks

@Test func placeholderPlatformTasks() { #expect(Bool(true)) }
