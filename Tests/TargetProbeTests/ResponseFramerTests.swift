import Testing

@testable import TargetProbe

@Suite struct ResponseFramerTests {
    static let chunked = Array(
        "HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n"
            .utf8
    )

    /// Feeding in pieces of every size gives the same result as feeding at once.
    @Test(arguments: [1, 2, 3, 7, 16, 1000])
    func chunkedAcrossBoundaries(pieceSize: Int) {
        var framer = ResponseFramer()
        var index = 0
        var state = ResponseFramer.State.needMoreHead
        while index < Self.chunked.count {
            let end = min(index + pieceSize, Self.chunked.count)
            state = framer.feed(Self.chunked[index..<end])
            index = end
        }
        #expect(state == .complete)
        #expect(framer.framing == .chunked)
        #expect(framer.head?.statusCode == 200)
        #expect(framer.bodyBytes == "5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n".utf8.count)
    }

    @Test func contentLengthStopsAtTheEnd() {
        var framer = ResponseFramer()
        let state = framer.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc".utf8))
        #expect(state == .complete)
        #expect(framer.headLength == 38)
        #expect(framer.bodyBytes == 3)
    }

    @Test func shortBodyWaitsThenEndsIncomplete() {
        var framer = ResponseFramer()
        #expect(framer.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc".utf8)) == .needMoreBody)
        #expect(framer.connectionEnded() == .needMoreBody)
    }

    @Test func conflictingLengthsAreUnframeable() {
        var framer = ResponseFramer()
        let state = framer.feed(Array("HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabc".utf8))
        #expect(state == .unframeable)
        #expect(framer.framing == .ambiguous)
    }

    @Test func closeDelimitedCompletesOnClose() {
        var framer = ResponseFramer()
        #expect(framer.feed(Array("HTTP/1.0 200 ok\r\nContent-type: text/html\r\n\r\n<HTML>".utf8)) == .needMoreBody)
        #expect(framer.connectionEnded() == .complete)
        #expect(framer.head?.closesConnection == true)
    }

    @Test func headLimit() {
        var framer = ResponseFramer(headLimit: 100)
        let state = framer.feed(Array(("HTTP/1.1 200 OK\r\nX: " + String(repeating: "a", count: 200)).utf8))
        #expect(state == .headTooLarge)
    }

    @Test func keepAliveHeaderIsRead() {
        var framer = ResponseFramer()
        framer.feed(
            Array("HTTP/1.1 204 No Content\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5, max=100\r\n\r\n".utf8)
        )
        #expect(framer.state == .complete)
        #expect(framer.head?.advertisedKeepAliveTimeout == 5)
        #expect(framer.head?.closesConnection == false)
    }
}
