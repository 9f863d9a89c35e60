import ALBDoctor
import ArgumentParser

extension ALBDoctorCommand {
    /// `alb-doctor iam-policy`: prints the least-privilege IAM policy the tool needs.
    struct IAMPolicyCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "iam-policy",
            abstract:
                "Print the least-privilege IAM policy alb-doctor needs (replace the REPLACE-WITH-… bucket names)."
        )

        func run() {
            print(IAMPolicy.document, terminator: "")
        }
    }
}
