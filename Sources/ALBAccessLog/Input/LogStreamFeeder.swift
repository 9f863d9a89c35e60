/// Push-based reading of one stream of log bytes arriving in chunks (an S3 object being downloaded), whatever
/// the log type: ``AccessLogFeeder``, ``HealthCheckLogFeeder`` and ``ConnectionLogFeeder``. Lets a reader of
/// object stores stream every type through one code path.
public protocol LogStreamFeeder: AnyObject, SendableMetatype {
    /// What the feeder's lines are handed to.
    associatedtype Consumer: Sendable

    /// Feeds the next chunk of the stream.
    func feed(_ chunk: UnsafeRawBufferPointer)

    /// Ends the stream and returns the consumer and statistics. Further feeds are ignored.
    func finish() -> ScanResult<Consumer>
}
