import Testing
@testable import ObjectStorage

@Test func placeholderObjectStorage() { #expect(Bool(true)) }
