/// What `alb-doctor --version` and `alb-doctor version` print.
///
/// A build from source says `0.0.0-dev`. `Scripts/package.sh` builds the release with `-DALB_DOCTOR_RELEASE` and
/// writes `ReleaseVersion.generated.swift` beside this file (ignored by git, deleted again when the script ends)
/// holding the version it takes from `git describe --tags --always --dirty`.
enum BuildVersion {
    #if ALB_DOCTOR_RELEASE
        static let current = releaseVersion
    #else
        static let current = "0.0.0-dev"
    #endif
}
