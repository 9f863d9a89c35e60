import ALBAccessLog

/// Health-check and connection logs in S3: the same listing, streaming and ordered merge as access logs, with
/// their own feeders and consumers (list them with a source whose ``S3LogSource/logType`` is that type).
extension S3LogSource {
    /// Streams health-check log `objects` `concurrency` at a time into consumers made by `makeConsumer`, merged
    /// in the order given (see ``scan(objects:window:configuration:makeConsumer:objectDone:)``).
    public func scanHealthCheckLogs<C: HealthCheckLogConsumer>(
        objects: [S3Object],
        window: TimeWindow? = nil,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration(),
        makeConsumer: @escaping @Sendable () -> C,
        objectDone: (@Sendable (S3Object) -> Void)? = nil
    ) async -> ObjectsOutcome<C> {
        await scanObjects(
            objects,
            maximumErrors: configuration.maximumErrors,
            makeConsumer: makeConsumer,
            makeFeeder: { source, consumer in
                HealthCheckLogFeeder(source: source, window: window, consumer: consumer, configuration: configuration)
            },
            merge: { $0.merge($1) },
            objectDone: objectDone
        )
    }

    /// Streams connection log `objects` `concurrency` at a time into consumers made by `makeConsumer`, merged
    /// in the order given (see ``scan(objects:window:configuration:makeConsumer:objectDone:)``).
    public func scanConnectionLogs<C: ConnectionLogConsumer>(
        objects: [S3Object],
        window: TimeWindow? = nil,
        configuration: AccessLogScanner.Configuration = AccessLogScanner.Configuration(),
        makeConsumer: @escaping @Sendable () -> C,
        objectDone: (@Sendable (S3Object) -> Void)? = nil
    ) async -> ObjectsOutcome<C> {
        await scanObjects(
            objects,
            maximumErrors: configuration.maximumErrors,
            makeConsumer: makeConsumer,
            makeFeeder: { source, consumer in
                ConnectionLogFeeder(source: source, window: window, consumer: consumer, configuration: configuration)
            },
            merge: { $0.merge($1) },
            objectDone: objectDone
        )
    }
}
