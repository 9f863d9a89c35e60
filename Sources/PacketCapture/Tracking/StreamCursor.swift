/// Sequence-number bookkeeping of one direction of a TCP connection.
///
/// Decides which part of a segment's payload is new. Retransmitted bytes are dropped; a jump forward
/// is a gap (bytes missing from the capture) after which the consumer must resynchronise.
struct StreamCursor {
    enum Delivery {
        /// New bytes starting at `skip` in the payload; `gapBefore` when bytes were missing before them.
        case deliver(skip: Int, gapBefore: Bool)
        /// Nothing new (retransmission).
        case duplicate
    }

    var next: UInt32 = 0
    var initialized = false

    mutating func syn(_ sequence: UInt32) {
        next = sequence &+ 1
        initialized = true
    }

    /// Accounts for a segment of `wireLength` payload bytes at `sequence`.
    mutating func accept(sequence: UInt32, wireLength: Int) -> Delivery {
        guard initialized else {
            initialized = true
            next = sequence &+ UInt32(truncatingIfNeeded: wireLength)
            return .deliver(skip: 0, gapBefore: false)
        }
        let difference = Int32(bitPattern: sequence &- next)
        if difference == 0 {
            next = sequence &+ UInt32(truncatingIfNeeded: wireLength)
            return .deliver(skip: 0, gapBefore: false)
        }
        if difference < 0 {
            let overlap = Int(-Int64(difference))
            if overlap >= wireLength { return .duplicate }
            next = sequence &+ UInt32(truncatingIfNeeded: wireLength)
            return .deliver(skip: overlap, gapBefore: false)
        }
        next = sequence &+ UInt32(truncatingIfNeeded: wireLength)
        return .deliver(skip: 0, gapBefore: true)
    }
}
