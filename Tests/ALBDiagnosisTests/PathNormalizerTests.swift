import ALBDiagnosis
import Testing

@Suite struct PathNormalizerTests {
    @Test(arguments: [
        ("GET https://www.example.com:443/api/v1/users/48213?fields=name HTTP/1.1", "/api/v1/users/{id}"),
        ("POST http://h:80/orders/550e8400-e29b-41d4-a716-446655440000/items HTTP/1.1", "/orders/{id}/items"),
        ("GET https://h:443/static/app.3fa9c1d2.js HTTP/2.0", "/static/app.{id}.js"),
        ("GET https://h:443 HTTP/1.1", "/"),
        ("GET https://h:443/?q=1 HTTP/1.1", "/"),
        ("- - -", "-"),
        ("GET /relative/7 HTTP/1.0", "/relative/{id}"),
        ("GET https://h:443/v1/health HTTP/1.1", "/v1/health"),
        ("GET https://h:443/t/abcDEF0123456789xyz HTTP/1.1", "/t/{id}"),
        ("GET https://h:443/a path/with space HTTP/1.1", "/a path/with space"),
    ])
    func normalises(request: String, expected: String) {
        #expect(PathNormalizer.path(ofRequest: request) == expected)
    }
}
