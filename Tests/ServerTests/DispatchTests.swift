import Foundation
import HTTPTypes
import Logistics
import NIOCore
import Server
import Synchronization
import Testing
import TestSupport

@Suite("Dispatch")
struct DispatchTests {
    /// Today in China time, as the plan date.
    var today: String { morning.today }

    @Test("a dispatcher registers vans, asks for a plan, and gets every packed order on a route with an ETA and a map", arguments: TestDatabase.available)
    func planThroughTheAPI(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (token, _) = try await app.customer()
            let orders = try await app.packedOrders(5, customer: token, admin: admin)
            // No van yet: a clear refusal that queues nothing.
            let refused = try await app.call(.post, "/api/v1/admin/dispatch/plans", token: dispatcher, body: #"{"warehouseId":"wh_nanshan","date":"\#(today)"}"#)
            #expect(refused.status == .conflict && refused.errorCode == "no_vehicles", "\(refused.text)")

            let van = #"{"plate":"粤B12345","warehouseId":"wh_nanshan","capacityGrams":800000,"capacityMillilitres":5000000,"skills":["install"],"electric":{"batteryKWh":50,"kWhPerKm":0.2}}"#
            let added = try await app.call(.post, "/api/v1/admin/vehicles", token: dispatcher, body: van)
            #expect(added.status == .created, "\(added.text)")
            #expect(added["skills"] as? [String] == ["install"] && added["shiftStartMinute"] as? Int == 480)
            #expect(try await app.call(.post, "/api/v1/admin/vehicles", token: dispatcher, body: van).errorCode == "plate_taken")
            #expect(try await app.call(.get, "/api/v1/admin/vehicles?warehouseId=wh_nanshan", token: dispatcher).items.count == 1)

            let accepted = try await app.call(.post, "/api/v1/admin/dispatch/plans", token: dispatcher,
                                              body: #"{"warehouseId":"wh_nanshan","date":"\#(today)","seconds":1}"#)
            #expect(accepted.status == .accepted, "\(accepted.text)")
            let id = try #require(accepted["id"] as? String)
            #expect(accepted["status"] as? String == "planning" && accepted.headers[.location] == "/api/v1/admin/dispatch/plans/\(id)")

            var plan = Reply(status: .ok, headers: [:], text: "{}")
            try await waitUntil("the plan is made") {
                plan = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(id)", token: dispatcher)
                return plan["status"] as? String != "planning"
            }
            #expect(plan["status"] as? String == "ready", "\(plan.text)")
            let routes = plan["routes"] as? [[String: Any]] ?? []
            let stops = routes.flatMap { $0["stops"] as? [[String: Any]] ?? [] }
            #expect(Set(stops.compactMap { $0["orderId"] as? String }) == Set(orders))
            #expect(stops.allSatisfy { $0["eta"] != nil && $0["status"] as? String == "pending" })
            #expect((plan["figures"] as? [String: Any])?["stops"] as? Int == 5)
            // The van is electric: each route states its energy, stored and read back, and the day's adds up.
            for route in routes {
                let km = try #require(route["km"] as? Double), kWh = try #require(route["kWh"] as? Double)
                #expect(abs(kWh - km * 0.2) < 1e-6 && km <= 50 * 0.9 / 0.2)
            }
            #expect(abs(((plan["figures"] as? [String: Any])?["kWh"] as? Double ?? -1) - routes.reduce(0) { $0 + ($1["kWh"] as? Double ?? 0) }) < 1e-6)

            let map = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(id)/map.svg", token: dispatcher)
            #expect(map.status == .ok && map.headers[.contentType]?.hasPrefix("image/svg+xml") == true)
            #expect(map.text.hasPrefix("<svg") && map.text.components(separatedBy: "<circle").count - 1 == 5)
        }
    }

    @Test("chargers over the API: registered, listed, refused when wrong, removed; a van short of range charges at one, on the plan and its map",
          arguments: TestDatabase.available)
    func chargingStations(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (token, _) = try await app.customer()
            let stations = "/api/v1/admin/fleet/stations"
            // Where the test customer lives (TestApp's address) and the Nanshan warehouse.
            let home = GeoPoint(latitude: 22.541, longitude: 114.055), warehouse = GeoPoint(latitude: 22.58, longitude: 113.95)
            let midway = GeoPoint(latitude: (home.latitude + warehouse.latitude) / 2, longitude: (home.longitude + warehouse.longitude) / 2)
            for (body, status) in [
                (#"{"name":"Zero","location":{"latitude":22.5,"longitude":114},"powerKW":0}"#, HTTPResponse.Status.badRequest),
                (#"{"name":"   ","location":{"latitude":22.5,"longitude":114},"powerKW":60}"#, .badRequest),
                (#"{"name":"Nowhere","location":{"latitude":95,"longitude":114},"powerKW":60}"#, .badRequest),
                (#"{"name":"Own","location":{"latitude":22.5,"longitude":114},"powerKW":60,"warehouseId":"wh_none"}"#, .notFound),
            ] {
                let reply = try await app.call(.post, stations, token: dispatcher, body: body)
                #expect(reply.status == status, "\(body): \(reply.text)")
            }
            #expect(try await app.call(.post, stations, token: token, body: #"{"name":"Mine","location":{"latitude":22.5,"longitude":114},"powerKW":7}"#).status == .forbidden)
            #expect(try await app.call(.get, stations, token: dispatcher).items.isEmpty, "a refused station is not stored")
            let added = try await app.call(.post, stations, token: dispatcher,
                                           body: #"{"name":"Futian public 60 kW","location":{"latitude":\#(midway.latitude),"longitude":\#(midway.longitude)},"powerKW":60}"#)
            #expect(added.status == .created, "\(added.text)")
            let stationId = try #require(added["id"] as? String)
            #expect(try await app.call(.get, stations, token: dispatcher).items.map { $0["id"] as? String } == [stationId])

            // A van whose battery does 1.7 one-way trips: the round trip needs the charger half-way.
            let oneWayKm = CityTravelTimes().travel(from: warehouse, to: home, departingAt: Date()).metres / 1000
            let van = #"{"plate":"粤B0EV01","warehouseId":"wh_nanshan","capacityGrams":800000,"capacityMillilitres":5000000,"electric":{"batteryKWh":\#(1.7 * oneWayKm * 0.2 / 0.9),"kWhPerKm":0.2}}"#
            #expect(try await app.call(.post, "/api/v1/admin/vehicles", token: dispatcher, body: van).status == .created)
            _ = try await app.packedOrders(1, customer: token, admin: admin)
            let planId = try await app.readyPlan(dispatcher: dispatcher)
            let plan = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)", token: dispatcher)
            let route = try #require((plan["routes"] as? [[String: Any]])?.first, "\(plan.text)")
            let charging = try #require(route["chargingStops"] as? [[String: Any]])
            #expect(charging.count == 1 && charging.first?["stationId"] as? String == stationId, "\(plan.text)")
            let kWh = try #require(charging.first?["kWh"] as? Double), routeKWh = try #require(route["kWh"] as? Double)
            #expect(kWh > 0 && abs(kWh - (routeKWh - 1.7 * oneWayKm * 0.2)) < 1e-6, "what the route needs beyond the usable battery")
            #expect((charging.first?["minutes"] as? Int ?? 0) >= 5)
            let map = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)/map.svg", token: dispatcher)
            #expect(map.text.contains("class=\"charging\"") && map.text.contains("1 charging stop"))

            #expect(try await app.call(.delete, "\(stations)/\(stationId)", token: dispatcher).status == .noContent)
            #expect(try await app.call(.delete, "\(stations)/\(stationId)", token: dispatcher).status == .notFound)
            #expect(try await app.call(.get, stations, token: dispatcher).items.isEmpty)
            // The plan made keeps its charging stop.
            let kept = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)", token: dispatcher)
            #expect(((kept["routes"] as? [[String: Any]])?.first?["chargingStops"] as? [[String: Any]])?.count == 1)
        }
    }

    @Test("a dispatcher moves an order to another van and pins it; the rest is re-optimised around it; unpinning lets it go; a published plan is fixed",
          arguments: TestDatabase.available)
    func pinAndMove(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (token, _) = try await app.customer()
            let orders = try await app.packedOrders(4, customer: token, admin: admin)
            var vans: [String] = []
            for plate in ["粤B10001", "粤B10002"] {
                let van = #"{"plate":"\#(plate)","warehouseId":"wh_nanshan","capacityGrams":800000,"capacityMillilitres":5000000,"districts":["nanshan","futian"]}"#
                let added = try await app.call(.post, "/api/v1/admin/vehicles", token: dispatcher, body: van)
                #expect(added["districts"] as? [String] == ["futian", "nanshan"], "\(added.text)")
                vans.append(try #require(added["id"] as? String))
            }
            let planId = try await app.readyPlan(dispatcher: dispatcher)
            func vanOf(_ order: String, in plan: Reply) -> (van: String, pinned: Bool)? {
                for route in plan["routes"] as? [[String: Any]] ?? [] {
                    if let stop = (route["stops"] as? [[String: Any]] ?? []).first(where: { $0["orderId"] as? String == order }) {
                        return (route["vehicleId"] as? String ?? "", stop["pinned"] as? Bool ?? false)
                    }
                }
                return nil
            }
            let before = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)", token: dispatcher)
            // The same orders from one address: one van takes them all; move one to the other van.
            let current = try #require(vanOf(orders[0], in: before))
            let other = vans.first { $0 != current.van }!
            let moved = try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/pins", token: dispatcher,
                                           body: #"{"orderId":"\#(orders[0])","vehicleId":"\#(other)","seconds":0.5}"#)
            #expect(moved.status == .ok, "\(moved.text)")
            #expect(vanOf(orders[0], in: moved).map { $0.van == other && $0.pinned } == true, "\(moved.text)")
            #expect(orders.allSatisfy { vanOf($0, in: moved) != nil }, "every order still planned")
            #expect(try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)", token: dispatcher).text == moved.text, "stored as answered")
            // Pinning where it is keeps it there; unpinning lets it go.
            let pinnedHere = try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/pins", token: dispatcher,
                                                body: #"{"orderId":"\#(orders[1])","seconds":0.5}"#)
            #expect(vanOf(orders[1], in: pinnedHere)?.pinned == true)
            let unpinned = try await app.call(.delete, "/api/v1/admin/dispatch/plans/\(planId)/pins/\(orders[0])?seconds=0.5", token: dispatcher)
            #expect(unpinned.status == .ok && vanOf(orders[0], in: unpinned)?.pinned == false, "\(unpinned.text)")
            #expect(try await app.call(.delete, "/api/v1/admin/dispatch/plans/\(planId)/pins/\(orders[0])", token: dispatcher).status == .notFound)

            // Refusals: unknown order or van, bad budget, a customer; a published plan is fixed.
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/pins", token: dispatcher,
                                       body: #"{"orderId":"ord_nope"}"#).status == .notFound)
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/pins", token: dispatcher,
                                       body: #"{"orderId":"\#(orders[2])","vehicleId":"veh_nope"}"#).status == .notFound)
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/pins", token: dispatcher,
                                       body: #"{"orderId":"\#(orders[2])","seconds":99}"#).status == .badRequest)
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/pins", token: token,
                                       body: #"{"orderId":"\#(orders[2])"}"#).status == .forbidden)
            let bad = try await app.call(.post, "/api/v1/admin/vehicles", token: dispatcher,
                                         body: #"{"plate":"粤B10003","warehouseId":"wh_nanshan","capacityGrams":1,"capacityMillilitres":1,"districts":["atlantis"]}"#)
            #expect(bad.status == .badRequest, "\(bad.text)")
            let driver = try await DriverTests().signInDriver(app, "li")
            for van in vans {
                #expect(try await app.call(.post, "/api/v1/admin/dispatch/assignments", token: dispatcher,
                                           body: #"{"driverId":"\#(driver.id)","vehicleId":"\#(van)","date":"\#(today)"}"#).status == .created)
            }
            let secondDriver = try await DriverTests().signInDriver(app, "qian")
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/assignments", token: dispatcher,
                                       body: #"{"driverId":"\#(secondDriver.id)","vehicleId":"\#(vans[0])","date":"\#(today)"}"#).status == .created)
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/assignments", token: dispatcher,
                                       body: #"{"driverId":"\#(driver.id)","vehicleId":"\#(vans[1])","date":"\#(today)"}"#).status == .created)
            let published = try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/publish", token: dispatcher)
            #expect(published["status"] as? String == "published", "\(published.text)")
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/pins", token: dispatcher,
                                       body: #"{"orderId":"\#(orders[2])"}"#).errorCode == "plan_state")
        }
    }

    @Test("bad plan and vehicle requests get clear errors and queue nothing; customers and drivers may not plan", arguments: TestDatabase.available)
    func refusals(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.clock = morning.clock }) { app in
            let dispatcher = try await app.staff(.dispatcher), driver = try await app.staff(.driver)
            let (customer, _) = try await app.customer()
            let plan = { (body: String, token: String) in try await app.call(.post, "/api/v1/admin/dispatch/plans", token: token, body: body) }
            #expect(try await plan(#"{"warehouseId":"wh_nowhere","date":"\#(today)"}"#, dispatcher).status == .notFound)
            #expect(try await plan(#"{"warehouseId":"wh_nanshan","date":"2026-02-30"}"#, dispatcher).status == .unprocessableContent)
            #expect(try await plan(#"{"warehouseId":"wh_nanshan","date":"tomorrow"}"#, dispatcher).status == .badRequest)
            #expect(try await plan(#"{"warehouseId":"wh_nanshan","date":"\#(today)","seconds":600}"#, dispatcher).status == .badRequest)
            #expect(try await plan(#"{"warehouseId":"wh_nanshan","date":"\#(today)"}"#, customer).status == .forbidden)
            #expect(try await plan(#"{"warehouseId":"wh_nanshan","date":"\#(today)"}"#, driver).status == .forbidden)
            #expect(try await app.call(.get, "/api/v1/admin/dispatch/plans/pln_missing", token: dispatcher).status == .notFound)
            let vehicle = { (body: String) in try await app.call(.post, "/api/v1/admin/vehicles", token: dispatcher, body: body) }
            #expect(try await vehicle(#"{"plate":"粤B1","warehouseId":"wh_nanshan","capacityGrams":1000,"capacityMillilitres":1000,"shiftStartMinute":900,"shiftEndMinute":600}"#)
                .status == .unprocessableContent)
            #expect(try await vehicle(#"{"plate":"粤B2","warehouseId":"wh_nowhere","capacityGrams":1000,"capacityMillilitres":1000}"#).status == .notFound)
            #expect(try await vehicle(#"{"plate":"粤B3","warehouseId":"wh_nanshan","capacityGrams":0,"capacityMillilitres":1000}"#).status == .badRequest)
            #expect(try await app.call(.get, "/api/v1/admin/vehicles", token: dispatcher).items.isEmpty)
        }
    }

    @Test("two workers racing for one plan request: exactly one makes it", arguments: TestDatabase.available)
    func oneWorkerPerPlan(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.runBackgroundJobs = false }) { app in
            let store = app.fixtures.store
            let planner = DispatchPlanner(travel: CityTravelTimes(), seconds: 1, threads: 1)
            let dispatch = DispatchService(store: store, planner: planner, clock: morning.clock)
            try await store.insertVehicle(DemoDispatchDay.fleet(count: 3)[2], at: Date())
            let dispatcher = app.fixtures.staff(.dispatcher)
            for _ in 0..<3 {
                let request = try await dispatch.requestPlan(warehouseId: "wh_nanshan", date: morning.today, seconds: 1, by: dispatcher)
                async let first = dispatch.runNextPlan(owner: "a")
                async let second = dispatch.runNextPlan(owner: "b")
                let ran = [try await first, try await second]
                #expect(ran.filter { $0 }.count == 1, "both or neither ran \(request.id)")
                #expect(try await store.plan(id: request.id)?.status == .ready)
            }
            #expect(try await dispatch.runNextPlan(owner: "a") == false)
        }
    }

    @Test("the waiting plans of every warehouse are made side by side, each stored under its own request, as they would be one at a time",
          arguments: TestDatabase.available)
    func plansSideBySide(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.runBackgroundJobs = false; $0.clock = morning.clock }) { app in
            let store = app.fixtures.store
            let admin = try await app.staff(.admin)
            let (token, _) = try await app.customer()
            let orders = try await app.packedOrders(6, customer: token, admin: admin)
            for van in DemoDispatchDay.fleet(count: 3) { try await store.insertVehicle(van, at: Date()) }
            var planner = DispatchPlanner(travel: CityTravelTimes(), seconds: 1, threads: 1)
            planner.iterationBudget = 300  // the same problem, the same plan: what is compared below
            let dispatch = DispatchService(store: store, planner: planner, clock: morning.clock)
            let dispatcher = app.fixtures.staff(.dispatcher)
            // Each warehouse's plan as routes of orders in driving order, and every stop id.
            func made(width: Int) async throws -> (routes: [String: [[String]]], stops: [String]) {
                var requests: [PlanRequest] = []
                for warehouse in DemoCatalog.warehouses {
                    requests.append(try await dispatch.requestPlan(warehouseId: warehouse.id, date: morning.today, seconds: 1, by: dispatcher))
                }
                #expect(try await dispatch.runWaitingPlans(owner: "w\(width)", width: width) == requests.count)
                var routes: [String: [[String]]] = [:], stops: [String] = []
                for request in requests {
                    let plan = try #require(try await store.plan(id: request.id))
                    #expect(plan.status == .ready && plan.warehouseId == request.warehouseId, "\(plan.status) \(plan.error ?? "")")
                    routes[plan.warehouseId] = plan.routes.sorted { $0.vehicleId < $1.vehicleId }.map { $0.stops.sorted { $0.sequence < $1.sequence }.map(\.orderId) }
                    stops += plan.routes.flatMap { $0.stops.map(\.id) }
                }
                #expect(try await dispatch.runWaitingPlans(owner: "w\(width)", width: width) == 0, "nothing left waiting")
                return (routes, stops)
            }
            let alone = try await made(width: 1), together = try await made(width: 3)
            #expect(Set(together.routes.values.flatMap { $0.flatMap { $0 } }) == Set(orders), "every packed order on a route")
            #expect(together.routes == alone.routes)
            #expect(Set(together.stops).count == together.stops.count && Set(together.stops).isDisjoint(with: alone.stops), "every stop its own id")
        }
    }
}

@Suite("Dispatch waves and cut-offs")
struct CutoffTests {
    @Test("two instances watching one cut-off queue one plan; it is made once, publishes itself when asked, and the cut-off moves on",
          arguments: TestDatabase.available)
    func oneCutoffOnePlan(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.runBackgroundJobs = false }) { app in
            let store = app.fixtures.store
            var van = DemoDispatchDay.fleet(count: 3)[2]
            let driver = User(id: "usr_cutoff_driver", email: "cutoff@drivers.test", name: "Cutoff", phone: "0", role: .driver, createdAt: Date())
            try await store.insertUser(driver, passwordHash: "x")
            van.driverId = driver.id
            try await store.insertVehicle(van, at: Date())
            // Two instances, each with its own service, on one database at 07:00:30 of the day; the 07:00 cut-off is due.
            let day = PlanningDay(containing: morning.now())
            let clock: @Sendable () -> Date = { day.at(minute: 7 * 60).addingTimeInterval(30) }
            let planner = DispatchPlanner(travel: CityTravelTimes(), seconds: 1, threads: 1)
            let a = DispatchService(store: store, planner: planner, clock: clock), b = DispatchService(store: store, planner: planner, clock: clock)
            let schedule = CutoffSchedule(warehouseId: "wh_nanshan", minutes: [13 * 60, 7 * 60], seconds: 1, autoPublish: true)
            try await store.setCutoffSchedule(schedule, nextRunAt: day.at(minute: 7 * 60))
            for _ in 0..<3 {
                async let first = a.runDueCutoffs()
                async let second = b.runDueCutoffs()
                let queued = try await first + second
                #expect(queued.count <= 1)
            }
            let schedules = try await store.cutoffSchedules()
            #expect(schedules.first?.nextRunAt == day.at(minute: 13 * 60), "moved on to the 13:00 cut-off")
            async let first = a.runNextPlan(owner: "a")
            async let second = b.runNextPlan(owner: "b")
            #expect([try await first, try await second].filter { $0 }.count == 1)
            let plans = try await app.database.read { db in
                try await db.raw("SELECT id, status, trigger FROM dispatch_plans WHERE warehouse_id = 'wh_nanshan'").all()
            }
            #expect(plans.count == 1, "one plan for one cut-off")
            #expect(try plans.first?.decode(column: "trigger", as: String.self) == "cutoff")
            #expect(try plans.first?.decode(column: "status", as: String.self) == "published", "auto-published: the van has a driver")
            #expect(try await a.runDueCutoffs().isEmpty, "nothing due until 13:00")
        }
    }

    @Test("an order cancelled or delivered after planning: its stop is skipped when the route starts, the rest go out", arguments: TestDatabase.available)
    func cancelledStop(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (_, driver) = try await app.vanWithDriver("skip", plate: "粤B88888", dispatcher: dispatcher)
            let (customer, _) = try await app.customer()
            let orders = try await app.packedOrders(3, customer: customer, admin: admin)
            let plan = try await app.readyPlan(dispatcher: dispatcher)
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(plan)/publish", token: dispatcher)["status"] as? String == "published")
            #expect(try await app.call(.post, "/api/v1/orders/\(orders[0])/cancel", token: admin, body: #"{"reason":"customer called"}"#).status == .ok)
            // Delivered by other hands before the van leaves (the other van of a split order, a carrier).
            for step in ["shipped", "outForDelivery", "delivered"] {
                let reply = try await app.call(.post, "/api/v1/admin/orders/\(orders[2])/transitions", token: admin, body: #"{"to":"\#(step)"}"#)
                #expect(reply.status == .ok, "\(step): \(reply.text)")
            }
            let routeId = try #require(try await app.call(.get, "/api/v1/driver/routes/today", token: driver)["id"] as? String)
            let started = try await app.call(.post, "/api/v1/driver/routes/\(routeId)/start", token: driver)
            #expect(started.status == .ok, "\(started.text)")
            let statuses = Dictionary(uniqueKeysWithValues: (started["stops"] as? [[String: Any]] ?? []).map { ($0["orderId"] as? String ?? "", $0["status"] as? String ?? "") })
            #expect(statuses == [orders[0]: "cancelled", orders[1]: "pending", orders[2]: "cancelled"])
            #expect(try await app.call(.get, "/api/v1/orders/\(orders[2])", token: customer)["status"] as? String == "delivered")
            #expect(try await app.call(.get, "/api/v1/orders/\(orders[1])", token: customer)["status"] as? String == "outForDelivery")
            #expect(try await app.call(.get, "/api/v1/orders/\(orders[0])", token: customer)["status"] as? String == "cancelled")
        }
    }

    @Test("cut-offs over the API: set, listed with the next run; bad times, unknown warehouses and customers refused", arguments: TestDatabase.available)
    func cutoffAPI(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.clock = morning.clock }) { app in
            let dispatcher = try await app.staff(.dispatcher)
            let (customer, _) = try await app.customer()
            let set = try await app.call(.put, "/api/v1/admin/dispatch/cutoffs/wh_nanshan", token: dispatcher,
                                         body: #"{"times":["13:30","07:00"],"seconds":20}"#)
            #expect(set.status == .ok && set["times"] as? [String] == ["07:00", "13:30"], "\(set.text)")
            // At 07:00 and a little, the next cut-off is 13:30 today.
            let wire = ISO8601DateFormatter()
            wire.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let next = try #require((set["nextRunAt"] as? String).flatMap { wire.date(from: $0) }, "\(set.text)")
            #expect(next == PlanningDay(containing: morning.now()).at(minute: 13 * 60 + 30))
            #expect(try await app.call(.get, "/api/v1/admin/dispatch/cutoffs", token: dispatcher).items.count == 1)
            #expect(try await app.call(.put, "/api/v1/admin/dispatch/cutoffs/wh_nanshan", token: dispatcher, body: #"{"times":["25:00"]}"#).status == .badRequest)
            #expect(try await app.call(.put, "/api/v1/admin/dispatch/cutoffs/wh_atlantis", token: dispatcher, body: #"{"times":["07:00"]}"#).status == .notFound)
            #expect(try await app.call(.put, "/api/v1/admin/dispatch/cutoffs/wh_nanshan", token: customer, body: #"{"times":["07:00"]}"#).status == .forbidden)
            let off = try await app.call(.put, "/api/v1/admin/dispatch/cutoffs/wh_nanshan", token: dispatcher, body: #"{"times":[]}"#)
            #expect(off.status == .ok && off["nextRunAt"] == nil, "\(off.text)")
        }
    }

    @Test("a second wave: planned while the first is on the road, it leaves out the orders under way, waits for the busy van, and publishing it keeps the started route",
          arguments: TestDatabase.available)
    func secondWave(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (_, driver) = try await app.vanWithDriver("wave", plate: "粤B77777", dispatcher: dispatcher)
            let (customer, _) = try await app.customer()
            let morningOrders = try await app.packedOrders(2, customer: customer, admin: admin)
            let first = try await app.readyPlan(dispatcher: dispatcher)
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(first)/publish", token: dispatcher)["status"] as? String == "published")
            let firstRoute = try #require(try await app.call(.get, "/api/v1/driver/routes/today", token: driver)["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/driver/routes/\(firstRoute)/start", token: driver)["status"] as? String == "started")

            let laterOrders = try await app.packedOrders(2, customer: customer, admin: admin)
            let second = try await app.readyPlan(dispatcher: dispatcher)
            let plan = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(second)", token: dispatcher)
            let routes = plan["routes"] as? [[String: Any]] ?? []
            let planned = routes.flatMap { ($0["stops"] as? [[String: Any]] ?? []).compactMap { $0["orderId"] as? String } }
            #expect(Set(planned) == Set(laterOrders), "the orders under way stay with the first wave: \(plan.text)")
            let firstReturn = try #require(try await app.call(.get, "/api/v1/admin/dispatch/plans/\(first)", token: dispatcher)["routes"] as? [[String: Any]])
                .first?["returnAt"] as? String
            let secondDeparture = routes.first?["departure"] as? String
            #expect(secondDeparture != nil && firstReturn != nil && secondDeparture! > firstReturn!, "the van leaves again after it is back")

            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(second)/publish", token: dispatcher)["status"] as? String == "published")
            #expect(try await app.call(.get, "/api/v1/admin/dispatch/plans/\(first)", token: dispatcher)["status"] as? String == "published",
                    "a plan with a route on the road stays published")
            // The driver works the route under way first; the next wave comes after it.
            #expect(try await app.call(.get, "/api/v1/driver/routes/today", token: driver)["id"] as? String == firstRoute)
            let stops = try #require(try await app.call(.get, "/api/v1/driver/routes/today", token: driver)["stops"] as? [[String: Any]])
            for stop in stops {
                let id = try #require(stop["id"] as? String)
                #expect(try await app.call(.post, "/api/v1/driver/stops/\(id)/deliver", token: driver, body: #"{"recipientName":"张三"}"#).status == .ok)
            }
            let next = try await app.call(.get, "/api/v1/driver/routes/today", token: driver)
            #expect(next["id"] as? String != firstRoute && next["status"] as? String == "planned", "\(next.text)")
            #expect(Set((next["stops"] as? [[String: Any]] ?? []).compactMap { $0["orderId"] as? String }) == Set(laterOrders))
            for id in morningOrders {
                #expect(try await app.call(.get, "/api/v1/orders/\(id)", token: customer)["status"] as? String == "delivered")
            }
        }
    }
}

@Suite("Traffic feed")
struct TrafficFeedTests {
    @Test("the demo feed replays its updates in order, waiting the feed's gaps at the chosen speed; a broken feed is refused whole",
          arguments: TestDatabase.available)
    func replay(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.clock = morning.clock }) { app in
            let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("demo/traffic/shenzhen-evening.json")
            let feed = try TrafficFeed.decode(try Data(contentsOf: file))
            let traffic = TrafficService(store: app.fixtures.store, clock: morning.clock)
            let waits = Mutex<[Double]>([])
            var reasons: [String] = []
            try await feed.replay(through: traffic, speed: 60, clock: morning.clock, sleep: { seconds in waits.withLock { $0.append(seconds) } }) { update, _ in
                reasons.append(update.reason)
            }
            #expect(waits.withLock { $0 } == [20, 15, 25], "feed minutes at 60×: a second each")
            #expect(reasons == feed.updates.map(\.reason))
            let stored = try await app.fixtures.store.trafficUpdates(endingAfter: morning.now())
            #expect(stored.count == 4 && stored.allSatisfy { $0.createdBy == "traffic-feed" })
            #expect(throws: LogisticsError.self) { try TrafficFeed.decode(Data(#"{"name":"x","updates":[{"afterMinutes":-1,"center":{"latitude":22,"longitude":114},"radiusKm":1,"factor":2,"minutes":5,"reason":"x"}]}"#.utf8)) }
            #expect(throws: LogisticsError.self) { try TrafficFeed.decode(Data("not json".utf8)) }
        }
    }
}

@Suite("Driver")
struct DriverTests {
    /// A driver account with a known id, signed in through the API.
    func signInDriver(_ app: Harness, _ name: String) async throws -> (id: String, token: String) {
        let id = "usr_test_\(name)_\(UUID().uuidString.prefix(6))"
        let email = "\(name)-\(UUID().uuidString.prefix(6))@drivers.test".lowercased()
        try await app.fixtures.store.insertUser(User(id: id, email: email, name: name, phone: "0", role: .driver, createdAt: Date()),
                                                passwordHash: try await PasswordHasher(cost: 4).hash("driver-password"))
        let reply = try await app.call(.post, "/api/v1/auth/login", body: #"{"email":"\#(email)","password":"driver-password"}"#)
        return (id, reply["accessToken"] as? String ?? "")
    }

    @Test("a driver's day over real HTTP: start, arrive, deliver with photos (twice), deliver without arriving, fail; timelines, pushes, proof and refusals",
          arguments: TestDatabase.available)
    func day(_ database: TestDatabase) async throws {
        try await withApp(database, setup: .live, configure: { $0.planPollSeconds = 0.05; $0.pushPollSeconds = 0.2; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (driverId, driver) = try await signInDriver(app, "wang")
            let (_, stranger) = try await signInDriver(app, "zhao")
            let (customer, _) = try await app.customer()
            let (otherCustomer, _) = try await app.customer("other")
            let orders = try await app.packedOrders(3, customer: customer, admin: admin)
            let stream = try await StreamClient.open(port: try #require(app.client.port), token: customer)
            defer { stream.close() }
            let van = #"{"plate":"粤B54321","warehouseId":"wh_nanshan","capacityGrams":800000,"capacityMillilitres":5000000,"driverId":"\#(driverId)"}"#
            #expect(try await app.call(.post, "/api/v1/admin/vehicles", token: dispatcher, body: van).status == .created)
            #expect(try await app.call(.get, "/api/v1/driver/routes/today", token: driver).status == .notFound)

            let planId = try await app.readyPlan(dispatcher: dispatcher)
            let published = try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/publish", token: dispatcher)
            #expect(published["status"] as? String == "published", "\(published.text)")
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/publish", token: dispatcher).errorCode == "plan_state")

            let route = try await app.call(.get, "/api/v1/driver/routes/today", token: driver)
            #expect(route.status == .ok, "\(route.text)")
            let routeId = try #require(route["id"] as? String)
            let stops = (route["stops"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            let stopOrders = (route["stops"] as? [[String: Any]] ?? []).compactMap { $0["orderId"] as? String }
            try #require(stops.count == 3 && Set(stopOrders) == Set(orders))
            #expect(try await app.call(.get, "/api/v1/driver/routes/today", token: stranger).status == .notFound)

            // Stops wait for the route to start; nobody else may touch them.
            #expect(try await app.call(.post, "/api/v1/driver/stops/\(stops[0])/arrive", token: driver).errorCode == "stop_state")
            #expect(try await app.call(.post, "/api/v1/driver/routes/\(routeId)/start", token: stranger).status == .notFound)
            let started = try await app.call(.post, "/api/v1/driver/routes/\(routeId)/start", token: driver)
            #expect(started["status"] as? String == "started", "\(started.text)")
            #expect(try await app.call(.post, "/api/v1/driver/routes/\(routeId)/start", token: driver)["status"] as? String == "started")
            for id in orders {
                #expect(try await app.call(.get, "/api/v1/orders/\(id)", token: customer)["status"] as? String == "outForDelivery")
            }
            #expect(try await app.call(.post, "/api/v1/driver/stops/\(stops[0])/arrive", token: stranger).status == .notFound)

            // On a published route the customer sees the route's ETA and how many stops come first.
            var eta: [String: Any] = [:]
            try await waitUntil("route-based ETAs") {
                eta = (try await app.call(.get, "/api/v1/orders/\(stopOrders[1])", token: customer)["eta"] as? [String: Any]) ?? [:]
                return eta["basis"] as? String == "route"
            }
            #expect(eta["stopsBefore"] as? Int == 1)

            let arrived = try await app.call(.post, "/api/v1/driver/stops/\(stops[0])/arrive", token: driver)
            #expect(arrived["status"] as? String == "arrived", "\(arrived.text)")
            let delivered = try await app.call(.post, "/api/v1/driver/stops/\(stops[0])/deliver", token: driver, body: #"{"recipientName":"李雷"}"#)
            #expect(delivered["status"] as? String == "delivered", "\(delivered.text)")
            let first = try await app.call(.get, "/api/v1/orders/\(stopOrders[0])", token: customer, headers: [.acceptLanguage: "en"])
            let timeline = first["timeline"] as? [[String: Any]] ?? []
            #expect(timeline.suffix(4).map { $0["status"] as? String ?? "" } == ["shipped", "outForDelivery", "outForDelivery", "delivered"])
            #expect(timeline.suffix(2).first?["message"] as? String == "The driver is at your door")
            // The customer was pushed each step of the first order as it happened.
            try await stream.waitFor { messages in
                messages.contains { ($0["orderId"] as? String) == stopOrders[0] && ($0["event"] as? [String: Any])?["status"] as? String == "delivered" }
            }
            let pushed = stream.tracking.filter { $0["orderId"] as? String == stopOrders[0] }.compactMap { ($0["event"] as? [String: Any])?["status"] as? String }
            #expect(pushed.suffix(4) == ["shipped", "outForDelivery", "outForDelivery", "delivered"], "\(pushed)")

            // Proof of delivery: photos checked by content, kept once, shown to the customer and staff only.
            let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10] + Array("JFIF".utf8) + [0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xFF, 0xD9]
            let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D] + Array("IHDR".utf8) + [UInt8](repeating: 1, count: 17)
            let photoURI = "/api/v1/driver/stops/\(stops[0])/photos"
            let photo = try await app.upload(photoURI, token: driver, bytes: jpeg, contentType: "image/png")
            #expect(photo.status == .created && photo["mediaType"] as? String == "image/jpeg", "\(photo.text)")
            #expect(try await app.upload(photoURI, token: driver, bytes: jpeg, contentType: "image/jpeg").status == .ok, "the same photo again adds nothing")
            #expect(try await app.upload(photoURI, token: driver, bytes: png, contentType: "image/png").status == .created)
            let notImage = try await app.upload(photoURI, token: driver, bytes: Array("%PDF-1.7 not a photo".utf8), contentType: "image/jpeg")
            #expect(notImage.status == .unsupportedMediaType && notImage.errorCode == "unsupported_media_type", "\(notImage.text)")
            let huge = try await app.upload(photoURI, token: driver, bytes: jpeg + [UInt8](repeating: 0, count: DriverService.photoLimitBytes), contentType: "image/jpeg")
            #expect(huge.status == .contentTooLarge && huge.errorCode == "payload_too_large", "\(huge.text)")
            #expect(try await app.upload(photoURI, token: stranger, bytes: jpeg, contentType: "image/jpeg").status == .notFound)
            #expect(try await app.upload("/api/v1/driver/stops/\(stops[1])/photos", token: customer, bytes: jpeg, contentType: "image/jpeg").status == .forbidden)
            let proof = try await app.call(.get, "/api/v1/orders/\(stopOrders[0])/proof", token: customer)
            let attempt = (proof["attempts"] as? [[String: Any]])?.first ?? [:]
            #expect(proof["delivered"] as? Bool == true && attempt["recipientName"] as? String == "李雷", "\(proof.text)")
            let photos = attempt["photos"] as? [[String: Any]] ?? []
            #expect(photos.map { $0["mediaType"] as? String ?? "" } == ["image/jpeg", "image/png"])
            let url = try #require(photos.first?["url"] as? String)
            let bytes = try await app.call(.get, url, token: customer)
            #expect(bytes.status == .ok && bytes.headers[.contentType] == "image/jpeg" && Array(bytes.text.utf8.prefix(2)) != [], "\(bytes.status)")
            #expect(try await app.call(.get, url, token: admin).status == .ok)
            #expect(try await app.call(.get, url, token: otherCustomer).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/orders/\(stopOrders[0])/proof", token: otherCustomer).status == .notFound)
            #expect(try await app.call(.get, "/api/v1/orders/\(stopOrders[1])/proof", token: customer)["attempts"] as? [Any] != nil)

            // Delivering again is idempotent: same answer, no new event.
            #expect(try await app.call(.post, "/api/v1/driver/stops/\(stops[0])/deliver", token: driver, body: #"{"recipientName":"李雷"}"#)["status"] as? String == "delivered")
            #expect((try await app.call(.get, "/api/v1/orders/\(stopOrders[0])", token: customer)["timeline"] as? [[String: Any]])?.count == timeline.count)

            // Arrival is implied by delivery.
            #expect(try await app.call(.post, "/api/v1/driver/stops/\(stops[1])/deliver", token: driver, body: #"{"recipientName":"Han Meimei"}"#)["status"] as? String == "delivered")
            #expect(try await app.call(.post, "/api/v1/driver/stops/\(stops[1])/fail", token: driver, body: #"{"reason":"changed my mind"}"#).errorCode == "stop_state")
            let failed = try await app.call(.post, "/api/v1/driver/stops/\(stops[2])/fail", token: driver, body: #"{"reason":"nobody home"}"#)
            #expect(failed["status"] as? String == "failed", "\(failed.text)")
            #expect(try await app.call(.get, "/api/v1/orders/\(stopOrders[2])", token: customer)["status"] as? String == "deliveryFailed")
            #expect(try await app.call(.get, "/api/v1/driver/routes/today", token: driver)["status"] as? String == "finished")

            // Pings: a batch is kept; one from the future or off the planet is refused whole.
            let now = ISO8601DateFormatter().string(from: morning.now())
            let later = ISO8601DateFormatter().string(from: morning.now().addingTimeInterval(3_600))
            let ok = try await app.call(.post, "/api/v1/driver/positions", token: driver,
                                        body: #"{"points":[{"latitude":22.55,"longitude":114.05,"at":"\#(now)"},{"latitude":22.56,"longitude":114.06,"at":"\#(now)"}]}"#)
            #expect(ok.status == .accepted && ok["accepted"] as? Int == 2, "\(ok.text)")
            #expect(try await app.call(.post, "/api/v1/driver/positions", token: driver,
                                       body: #"{"points":[{"latitude":22.55,"longitude":114.05,"at":"\#(later)"}]}"#).status == .unprocessableContent)
            #expect(try await app.call(.post, "/api/v1/driver/positions", token: driver,
                                       body: #"{"points":[{"latitude":122.55,"longitude":114.05,"at":"\#(now)"}]}"#).status == .badRequest)
            #expect(try await app.call(.post, "/api/v1/driver/positions", token: customer,
                                       body: #"{"points":[{"latitude":22.55,"longitude":114.05,"at":"\#(now)"}]}"#).status == .forbidden)
        }
    }

    @Test("a traffic change re-times the live route from where the van is and tells each customer whose ETA moved, once; so do a late van's pings",
          arguments: TestDatabase.available)
    func traffic(_ database: TestDatabase) async throws {
        try await withApp(database, configure: { $0.planPollSeconds = 0.05; $0.clock = morning.clock }) { app in
            let admin = try await app.staff(.admin), dispatcher = try await app.staff(.dispatcher)
            let (driverId, driver) = try await signInDriver(app, "liu")
            let (customer, _) = try await app.customer()
            _ = try await app.packedOrders(3, customer: customer, admin: admin)
            let van = #"{"plate":"粤B77777","warehouseId":"wh_nanshan","capacityGrams":800000,"capacityMillilitres":5000000,"driverId":"\#(driverId)"}"#
            #expect(try await app.call(.post, "/api/v1/admin/vehicles", token: dispatcher, body: van).status == .created)
            let planId = try await app.readyPlan(dispatcher: dispatcher)
            #expect(try await app.call(.post, "/api/v1/admin/dispatch/plans/\(planId)/publish", token: dispatcher)["status"] as? String == "published")
            let routeId = try #require(try await app.call(.get, "/api/v1/driver/routes/today", token: driver)["id"] as? String)
            #expect(try await app.call(.post, "/api/v1/driver/routes/\(routeId)/start", token: driver)["status"] as? String == "started")
            let now = ISO8601DateFormatter().string(from: morning.now())
            #expect(try await app.call(.post, "/api/v1/driver/positions", token: driver,
                                       body: #"{"points":[{"latitude":22.575,"longitude":113.96,"at":"\#(now)"}]}"#).status == .accepted)

            func etas() async throws -> [String: (order: String, eta: Date)] {
                let plan = try await app.call(.get, "/api/v1/admin/dispatch/plans/\(planId)", token: dispatcher)
                let stops = (plan["routes"] as? [[String: Any]] ?? []).flatMap { $0["stops"] as? [[String: Any]] ?? [] }
                var result: [String: (String, Date)] = [:]
                for stop in stops {
                    let text = stop["eta"] as? String ?? ""
                    let fractional = ISO8601DateFormatter()
                    fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
                    result[stop["id"] as? String ?? ""] = (stop["orderId"] as? String ?? "",
                                                          fractional.date(from: text) ?? ISO8601DateFormatter().date(from: text) ?? .distantPast)
                }
                return result
            }
            func rescheduled(_ order: String) async throws -> Int {
                let reply = try await app.call(.get, "/api/v1/orders/\(order)", token: customer)
                return (reply["timeline"] as? [[String: Any]] ?? []).filter { $0["tag"] as? String == "rescheduled" }.count
            }
            let before = try await etas()
            let from = ISO8601DateFormatter().string(from: morning.now().addingTimeInterval(-3_600))
            let to = ISO8601DateFormatter().string(from: morning.now().addingTimeInterval(6 * 3_600))
            let jam = #"{"center":{"latitude":22.541,"longitude":114.055},"radiusKm":3,"factor":4,"from":"\#(from)","to":"\#(to)","reason":"accident on Shennan Blvd"}"#
            let reply = try await app.call(.post, "/api/v1/admin/traffic", token: dispatcher, body: jam)
            #expect(reply.status == .created, "\(reply.text)")
            #expect(reply["routes"] as? Int == 1 && reply["stopsRetimed"] as? Int == 3)
            let after = try await etas()
            var told = 0
            for (stop, was) in before {
                let moved = abs((after[stop]?.eta ?? .distantPast).timeIntervalSince(was.eta)) > 15 * 60
                told += moved ? 1 : 0
                #expect(try await rescheduled(was.order) == (moved ? 1 : 0), "stop \(stop) moved \(moved)")
            }
            #expect(reply["customersTold"] as? Int == told)
            if let movedOrder = before.first(where: { abs((after[$0.key]?.eta ?? .distantPast).timeIntervalSince($0.value.eta)) > 15 * 60 })?.value.order {
                let timeline = try await app.call(.get, "/api/v1/orders/\(movedOrder)", token: customer)["timeline"] as? [[String: Any]] ?? []
                let message = timeline.first { $0["tag"] as? String == "rescheduled" }?["message"] as? String ?? ""
                #expect(message.hasPrefix("因交通拥堵，预计送达时间调整为 "), "\(message)")
            }
            // The legs into the jam are four times slower than the plan assumed: the ETAs moved.
            #expect(after.values.map(\.eta) != before.values.map(\.eta))

            // A change far away moves nothing by more than the margin: nobody is told twice.
            let elsewhere = #"{"center":{"latitude":22.59,"longitude":114.47},"radiusKm":1,"factor":2,"from":"\#(from)","to":"\#(to)","reason":"road works in Dapeng"}"#
            let second = try await app.call(.post, "/api/v1/admin/traffic", token: dispatcher, body: elsewhere)
            #expect(second["customersTold"] as? Int == 0, "\(second.text)")
            for (_, was) in before { #expect(try await rescheduled(was.order) <= 1) }

            // A van whose pings put it far from where its plan has it is late: the pings alone re-time its route.
            let onTime = try await etas()
            let stillOnTime = try await app.call(.post, "/api/v1/driver/positions", token: driver,
                                                 body: #"{"points":[{"latitude":22.575,"longitude":113.96,"at":"\#(ISO8601DateFormatter().string(from: morning.now()))"}]}"#)
            #expect(stillOnTime.status == .accepted)
            #expect(try await etas().mapValues(\.eta) == onTime.mapValues(\.eta), "a van where it should be moves nothing")
            let farAway = try await app.call(.post, "/api/v1/driver/positions", token: driver,
                                             body: #"{"points":[{"latitude":22.59,"longitude":114.47,"at":"\#(ISO8601DateFormatter().string(from: morning.now()))"}]}"#)
            #expect(farAway.status == .accepted)
            let late = try await etas()
            #expect(late.values.map(\.eta).min()! > onTime.values.map(\.eta).min()!.addingTimeInterval(30 * 60), "an hour's drive away: the next stop is later")

            // A road instead of a zone: a corridor along Shennan Boulevard; a body with both, or neither, is refused.
            let road = #"{"corridor":{"points":[{"latitude":22.540,"longitude":114.00},{"latitude":22.541,"longitude":114.06}],"widthKm":1},"factor":2,"from":"\#(from)","to":"\#(to)","reason":"深南大道拥堵"}"#
            let corridor = try await app.call(.post, "/api/v1/admin/traffic", token: dispatcher, body: road)
            #expect(corridor.status == .created && corridor["routes"] as? Int == 1, "\(corridor.text)")
            let both = #"{"center":{"latitude":22.54,"longitude":114.05},"radiusKm":1,"corridor":{"points":[{"latitude":22.54,"longitude":114.0},{"latitude":22.54,"longitude":114.1}],"widthKm":1},"factor":2,"from":"\#(from)","to":"\#(to)","reason":"x"}"#
            #expect(try await app.call(.post, "/api/v1/admin/traffic", token: dispatcher, body: both).status == .unprocessableContent)
            let neither = #"{"factor":2,"from":"\#(from)","to":"\#(to)","reason":"x"}"#
            #expect(try await app.call(.post, "/api/v1/admin/traffic", token: dispatcher, body: neither).status == .unprocessableContent)

            // What the dispatch map shows: the three slowdowns in force, the corridor's road, and the van where it last reported.
            let incidents = try await app.call(.get, "/api/v1/admin/traffic", token: dispatcher).items
            #expect(incidents.map { $0["reason"] as? String } == ["accident on Shennan Blvd", "road works in Dapeng", "深南大道拥堵"])
            #expect((incidents.last?["corridor"] as? [[String: Any]])?.count == 2 && incidents.first?["radiusKm"] as? Double == 3)
            let vans = try await app.call(.get, "/api/v1/admin/fleet/positions", token: dispatcher).items
            #expect(vans.count == 1 && vans.first?["latitude"] as? Double == 22.59 && vans.first?["longitude"] as? Double == 114.47, "the last ping, once")
            #expect(vans.first?["routeId"] as? String != nil)
            #expect(try await app.call(.get, "/api/v1/admin/fleet/positions", token: customer).status == .forbidden)

            // Refusals.
            let backwards = #"{"center":{"latitude":22.54,"longitude":114.05},"radiusKm":1,"factor":2,"from":"\#(to)","to":"\#(from)","reason":"x"}"#
            #expect(try await app.call(.post, "/api/v1/admin/traffic", token: dispatcher, body: backwards).status == .unprocessableContent)
            let tooSlow = #"{"center":{"latitude":22.54,"longitude":114.05},"radiusKm":1,"factor":50,"from":"\#(from)","to":"\#(to)","reason":"x"}"#
            #expect(try await app.call(.post, "/api/v1/admin/traffic", token: dispatcher, body: tooSlow).status == .badRequest)
            #expect(try await app.call(.post, "/api/v1/admin/traffic", token: customer, body: jam).status == .forbidden)
        }
    }
}

extension Harness {
    /// A van at the Nanshan warehouse driven by a new driver account, signed in: the driver's id and token.
    func vanWithDriver(_ name: String, plate: String, dispatcher: String, warehouseId: String = "wh_nanshan") async throws -> (id: String, token: String) {
        let driver = try await DriverTests().signInDriver(self, name)
        let van = #"{"plate":"\#(plate)","warehouseId":"\#(warehouseId)","capacityGrams":800000,"capacityMillilitres":5000000,"driverId":"\#(driver.id)"}"#
        let added = try await call(.post, "/api/v1/admin/vehicles", token: dispatcher, body: van)
        #expect(added.status == .created, "\(added.text)")
        return driver
    }

    /// Sends raw bytes (a photo) as the body.
    func upload(_ uri: String, token: String, bytes: [UInt8], contentType: String) async throws -> Reply {
        let headers: HTTPFields = [.authorization: "Bearer \(token)", .contentType: contentType]
        return try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: bytes)) { response in
            Reply(status: response.status, headers: response.headers, text: String(decoding: response.body.readableBytesView, as: UTF8.self))
        }
    }

    /// `count` orders of one cable each from the customer's new Futian address, moved to packed by `admin`.
    func packedOrders(_ count: Int, customer token: String, admin: String) async throws -> [String] {
        let addressId = try await self.address(token: token)
        var orders: [String] = []
        for _ in 0..<count {
            let id = try #require(try await placeOrder(token: token, addressId: addressId, sku: "CB-GBT-5M")["id"] as? String)
            for step in ["paid", "allocated", "picking", "packed"] {
                let reply = try await call(.post, "/api/v1/admin/orders/\(id)/transitions", token: admin, body: #"{"to":"\#(step)"}"#)
                #expect(reply.status == .ok, "\(step): \(reply.text)")
            }
            orders.append(id)
        }
        return orders
    }

    /// Today's plan for a warehouse (Nanshan unless named), asked for with a one-second budget and waited for until ready.
    func readyPlan(dispatcher: String, warehouseId: String = "wh_nanshan") async throws -> String {
        let today = morning.today
        let planId = try #require(try await call(.post, "/api/v1/admin/dispatch/plans", token: dispatcher,
                                                 body: #"{"warehouseId":"\#(warehouseId)","date":"\#(today)","seconds":1}"#)["id"] as? String)
        try await waitUntil("the plan is ready") {
            try await call(.get, "/api/v1/admin/dispatch/plans/\(planId)", token: dispatcher)["status"] as? String == "ready"
        }
        return planId
    }
}
