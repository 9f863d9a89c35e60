import ArgumentParser

extension ALBDoctorCommand {
    /// Prints the tool's version.
    struct Version: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print the version of alb-doctor.")

        func run() throws {
            print(ALBDoctorCommand.configuration.version)
        }
    }
}
