/// Follows a paginated AWS call (`NextToken`, `NextMarker`, `NextContinuationToken`) to the end.
public enum AWSPagination {
    /// Calls `fetch` with `nil`, then with each returned token, until no token comes back; returns all items.
    ///
    /// Throws `AWSClientError.paginationLoop` when a token repeats or more than `maxPages` pages arrive,
    /// so a misbehaving endpoint cannot make us loop forever.
    public static func collect<Item>(
        operation: String,
        maxPages: Int = 10_000,
        _ fetch: (_ token: String?) async throws -> (items: [Item], next: String?)
    ) async throws -> [Item] {
        var items: [Item] = []
        try await forEachPage(operation: operation, maxPages: maxPages, fetch) { items += $0 }
        return items
    }

    /// Like `collect`, but hands each page to `body` instead of accumulating.
    public static func forEachPage<Item>(
        operation: String,
        maxPages: Int = 10_000,
        _ fetch: (_ token: String?) async throws -> (items: [Item], next: String?),
        _ body: ([Item]) async throws -> Void
    ) async throws {
        var token: String?
        var seen: Set<String> = []
        var pages = 0
        repeat {
            let page = try await fetch(token)
            pages += 1
            try await body(page.items)
            token = page.next.flatMap { $0.isEmpty ? nil : $0 }
            if let token {
                guard seen.insert(token).inserted else {
                    throw AWSClientError(
                        .paginationLoop,
                        "\(operation): the service returned the same page token twice"
                    )
                }
                guard pages < maxPages else {
                    throw AWSClientError(.paginationLoop, "\(operation): stopped after \(maxPages) pages")
                }
            }
        } while token != nil
    }
}
