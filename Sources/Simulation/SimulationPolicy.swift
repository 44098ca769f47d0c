import Foundation

/// Who runs the simulated mall.
/// - `baseline`: what a small mall does, as the issue puts it: orders dispatched in arrival order with
///   nearest-neighbour routes. Each van starts with the oldest order it can take and then always takes the
///   one it can reach soonest (`BaselineDispatcher.soonestNext`, which so gathers an area's orders; the
///   cruder `arrivalOrder`, areas mixed, fell further behind each day in a first trial); no re-planning on
///   traffic; stock reordered by a static rule: when what is on hand and on order falls to two weeks of the
///   average sales (of the two weeks before the first day), order up to six weeks'.
/// - `ours`: the product. Plans by the routing engine at each cut-off; traffic incidents reported to it as they
///   start, so it re-times and re-plans the unvisited stops and tells customers; the nightly replenishment
///   run (forecasts, reorder points by service level) and its purchase suggestions drafted as purchase orders.
public enum SimulationPolicy: String, Codable, Sendable, CaseIterable {
    case baseline, ours
}
