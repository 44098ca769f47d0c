import Foundation

/// Returns and exchanges (RMAs). Each step is conditional on the status it leaves, so a retried or racing
/// step happens once; receiving moves the stock and records the refund in the step's own transaction.
public protocol ReturnStore: Sendable {
    /// Inserts the RMA with its customer event.
    func insertReturn(_ rma: ReturnRequest, event: TrackingEvent) async throws
    func returnRequest(id: String) async throws -> ReturnRequest?
    func returns(orderId: String) async throws -> [ReturnRequest]
    /// Newest first; `beforeId` pages.
    func returns(status: ReturnStatus?, beforeId: String?, limit: Int) async throws -> [ReturnRequest]
    /// Units of each SKU of the order in RMAs that are not rejected.
    func returningQuantities(orderId: String) async throws -> [String: Int]
    /// Saves `rma` (its new status and fields) if its stored status is still `from`, with `event`; on
    /// receipt also the ledger `return` movements of `restock` (lines at their order line's warehouse) and
    /// `refund`. False when the status had moved (nothing written).
    func advanceReturn(_ rma: ReturnRequest, from: ReturnStatus, event: TrackingEvent, restock: [ReturnLine], refund: Refund?) async throws -> Bool
    /// Keeps a photo of RMA `returnId` while it is in one of `statuses`: false when it is not (nothing kept);
    /// a `photoLimit` conflict when it holds `maxPhotos` already.
    func addReturnPhoto(_ photo: PhotoAttachment, data: Data, returnId: String, statuses: Set<ReturnStatus>, maxPhotos: Int, uploadedBy: String,
                        at time: Date) async throws -> Bool
    func returnPhoto(id: String, returnId: String) async throws -> (photo: PhotoAttachment, data: Data)?
}
