/// A stretch of an existing route, named by search-node ids (see `LocalSearch`): the building block of
/// a move's proposed route. Every move, within one route or between two, is a few pieces joined end to
/// end, so one function prices them all from the routes' caches.
struct Piece {
    enum Kind: UInt8 {
        /// From the route's start depot up to and including `a`.
        case head
        /// From `a` to the route's end depot.
        case tail
        /// From `a` to `b` in route order (`a` no later than `b`).
        case stretch
        /// From `b` back to `a` (`a` no later than `b` in the route), as 2-opt drives it.
        case reversed
        /// The one client `a`, routed or not.
        case single
    }

    var kind: Kind
    var a: Int
    var b: Int

    @inline(__always) static func head(_ x: Int) -> Piece { Piece(kind: .head, a: x, b: x) }
    @inline(__always) static func tail(_ x: Int) -> Piece { Piece(kind: .tail, a: x, b: x) }
    @inline(__always) static func stretch(_ a: Int, _ b: Int) -> Piece { Piece(kind: a == b ? .single : .stretch, a: a, b: b) }
    @inline(__always) static func reversed(_ a: Int, _ b: Int) -> Piece { Piece(kind: a == b ? .single : .reversed, a: a, b: b) }
    @inline(__always) static func single(_ x: Int) -> Piece { Piece(kind: .single, a: x, b: x) }
}

/// A proposed route: two to five pieces, head first and tail last, kept inline so pricing a move
/// allocates nothing.
struct Proposal {
    private var p0: Piece, p1: Piece, p2: Piece, p3: Piece, p4: Piece
    let count: Int

    @inline(__always)
    init(_ a: Piece, _ b: Piece, _ c: Piece? = nil, _ d: Piece? = nil, _ e: Piece? = nil) {
        p0 = a; p1 = b
        p2 = c ?? a; p3 = d ?? a; p4 = e ?? a
        count = e != nil ? 5 : d != nil ? 4 : c != nil ? 3 : 2
    }

    @inline(__always)
    subscript(i: Int) -> Piece {
        switch i {
        case 0: p0
        case 1: p1
        case 2: p2
        case 3: p3
        default: p4
        }
    }
}
