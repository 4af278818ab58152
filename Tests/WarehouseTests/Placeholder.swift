import Testing
@testable import Warehouse

@Test func placeholderWarehouse() { #expect(Bool(true)) }
