import Logistics
import Testing

@Suite("parcels of a split order")
struct ParcelTests {
    let nanshan = "wh_nanshan", baoan = "wh_baoan"

    @Test("one parcel: delivered, or failed and tried again, or back after the last attempt (the steps an order always took)")
    func oneParcel() {
        let out = [Parcel(warehouseId: nanshan, onTheRoad: true)]
        #expect(out.orderSteps(afterAttemptAt: nanshan, delivered: true, maxAttempts: 2) == [.delivered])
        #expect(out.orderSteps(afterAttemptAt: nanshan, delivered: false, maxAttempts: 2) == [.deliveryFailed])
        let second = [Parcel(warehouseId: nanshan, onTheRoad: true, failedAttempts: 1, lastAttemptFailed: true)]
        #expect(second.orderSteps(afterAttemptAt: nanshan, delivered: false, maxAttempts: 2) == [.deliveryFailed, .returned])
        #expect(second.orderSteps(afterAttemptAt: nanshan, delivered: true, maxAttempts: 2) == [.delivered])
    }

    @Test("two parcels: the order is delivered with the last; while the other is on the road or still to come it stays out; a failed one fails it once nothing is on the road")
    func twoParcels() {
        let bothOut = [Parcel(warehouseId: baoan, onTheRoad: true), Parcel(warehouseId: nanshan, onTheRoad: true)]
        #expect(bothOut.orderSteps(afterAttemptAt: nanshan, delivered: true, maxAttempts: 2) == [], "Bao'an's van is still out")
        #expect(bothOut.orderSteps(afterAttemptAt: nanshan, delivered: false, maxAttempts: 2) == [], "Bao'an's van decides next")

        let otherDelivered = [Parcel(warehouseId: baoan, delivered: true), Parcel(warehouseId: nanshan, onTheRoad: true)]
        #expect(otherDelivered.orderSteps(afterAttemptAt: nanshan, delivered: true, maxAttempts: 2) == [.delivered])
        #expect(otherDelivered.orderSteps(afterAttemptAt: nanshan, delivered: false, maxAttempts: 2) == [.deliveryFailed])

        let otherWaiting = [Parcel(warehouseId: baoan), Parcel(warehouseId: nanshan, onTheRoad: true)]
        #expect(otherWaiting.orderSteps(afterAttemptAt: nanshan, delivered: true, maxAttempts: 2) == [], "Bao'an's parcel follows with its next van")

        let otherFailed = [Parcel(warehouseId: baoan, failedAttempts: 1, lastAttemptFailed: true), Parcel(warehouseId: nanshan, onTheRoad: true)]
        #expect(otherFailed.orderSteps(afterAttemptAt: nanshan, delivered: true, maxAttempts: 2) == [.deliveryFailed],
                "Bao'an's attempt failed while Nanshan's van was out: the order's delivery failed once that van is done")
        let otherFailedTwice = [Parcel(warehouseId: baoan, failedAttempts: 2, lastAttemptFailed: true), Parcel(warehouseId: nanshan, onTheRoad: true)]
        #expect(otherFailedTwice.orderSteps(afterAttemptAt: nanshan, delivered: true, maxAttempts: 2) == [.deliveryFailed, .returned])

        let carrier = [Parcel(warehouseId: baoan, byCarrier: true), Parcel(warehouseId: nanshan, onTheRoad: true)]
        #expect(carrier.orderSteps(afterAttemptAt: nanshan, delivered: true, maxAttempts: 2) == [], "the carrier's parcel is still owed")
    }
}
