import AWSClients
import Foundation
import TestSupport
import Testing

extension MotoBackedTests {
    /// The emulator helper itself: it answers inside the block and is gone afterwards, also after a throw.
    @Suite struct MotoServerTests {
        struct Boom: Error {}

        static func answers(_ endpoint: String) async -> Bool {
            let core = MotoAWS.core(endpoint: endpoint, maxAttempts: 1)
            return (try? await STSClient(core: core).getCallerIdentity()) != nil
        }

        @Test func serverStopsAfterTheBlockEvenWhenItThrows() async throws {
            let endpoint = try await withMotoServer { endpoint in
                #expect(await Self.answers(endpoint))
                return endpoint
            }
            #expect(await Self.answers(endpoint) == false)

            let box = EndpointBox()
            await #expect(throws: Boom.self) {
                try await withMotoServer { endpoint in
                    box.value = endpoint
                    throw Boom()
                }
            }
            let thrownEndpoint = try #require(box.value)
            #expect(await Self.answers(thrownEndpoint) == false)
        }

        final class EndpointBox: @unchecked Sendable {
            var value: String?
        }
    }
}
