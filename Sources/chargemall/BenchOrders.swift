import ArgumentParser
struct BenchOrders: AsyncParsableCommand { static let configuration = CommandConfiguration(commandName: "orders"); func run() async throws {} }
