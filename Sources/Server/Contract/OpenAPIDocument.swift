import Foundation
import Logistics

/// The OpenAPI 3.1 description of the API: the contract. `ContractMiddleware` enforces it on every request
/// (methods, access, parameters, bodies) and, in tests, checks every response against it; a test checks
/// that it lists exactly the router's routes.
enum OpenAPIDocument {
    static let limit = APIOperation.Parameter.query("limit", .integer(min: 1, max: 100), "page size, 20 by default (products: 100)")
    static let cursor = APIOperation.Parameter.query("cursor", .string(min: 1, max: 200), "the previous page's nextCursor")
    static let accessToken = APIOperation.Parameter.query("access_token", .string(min: 1, max: 4096), "for clients that cannot set Authorization")
    static let orderStatus = APIOperation.Parameter.query("status", .oneOf(OrderStatus.self))

    /// Ids and positions that are numbers stay below 2^53, so every JSON client reads them exactly.
    static let maxSafeInteger = 9_007_199_254_740_991

    /// Path parameters by name: ids, and carrier codes (which a carrier's callback URL carries).
    static let pathParameters: [String: Schema] = ["id": .string(min: 1, max: 100), "photoId": .string(min: 1, max: 100), "orderId": .string(min: 1, max: 100), "warehouseId": .string(min: 1, max: 100), "code": APISchemas.code(min: 1, max: 64)]

    static let chatPhotoUpload = APIOperation.Upload(
        mediaTypes: PhotoFormat.allCases.map(\.mediaType), maxBytes: PhotoAttachment.maximumBytes,
        description: "the photo's bytes; JPEG or PNG as the content shows (the Content-Type header is not trusted)")

    static let photoUpload = APIOperation.Upload(
        mediaTypes: PhotoFormat.allCases.map(\.mediaType), maxBytes: DriverService.photoLimitBytes,
        description: "the photo's bytes; JPEG or PNG as the content shows (the Content-Type header is not trusted); at most \(DriverService.photosPerStop) per stop")

    static let operations: [APIOperation] = [
        .init(.get, "/health", "Liveness and database health", tag: "ops", success: [200: .json(.ref("Health")), 503: .json(.ref("Health"))]),
        .init(.get, "/metrics", "Prometheus metrics", tag: "ops", success: [200: .other(mediaTypes: ["text/plain"], "Prometheus text format 0.0.4")]),
        .init(.get, "/api/v1/openapi.json", "This document", tag: "ops", success: [200: .json(.anyObject)]),
        .init(.get, "/api/v1/admin/users", "Everyone with an account, newest first (role= filters)", tag: "auth", access: .roles(.admins),
              parameters: [.query("role", .oneOf(Role.self)), limit, cursor], success: [200: .json(.ref("UserPage"))]),
        .init(.post, "/api/v1/admin/users", "Add a member of staff with their role (customers sign up themselves)", tag: "auth", access: .roles(.admins),
              body: "StaffRequest", success: [201: .json(.ref("User"))], errors: [409, 422]),
        .init(.put, "/api/v1/admin/users/{id}/role", "Give a member of staff another role (from their next token refresh; not one's own: 409 own_role; not a customer: 409 customer_role)", tag: "auth",
              access: .roles(.admins), body: "RoleRequest", success: [200: .json(.ref("User"))], errors: [409]),
        .init(.get, "/api/v1/admin/audit", "Who changed what: every successful change by staff, newest first (actor= a user id, target= part of the path, such as an order id)",
              tag: "auth", access: .roles(.admins),
              parameters: [.query("actor", .string(min: 1, max: 200)), .query("target", .string(min: 1, max: 200)), limit, cursor],
              success: [200: .json(.ref("AuditPage"))]),
        .init(.post, "/api/v1/auth/register", "Create a customer account", tag: "auth", body: "RegisterRequest", success: [201: .json(.ref("Session"))], errors: [409]),
        .init(.post, "/api/v1/auth/login", "Sign in (rate-limited per address and account)", tag: "auth", body: "LoginRequest", success: [200: .json(.ref("Session"))],
              errors: [401, 429]),
        .init(.post, "/api/v1/auth/refresh", "Exchange a refresh token (single use)", tag: "auth", body: "RefreshRequest", success: [200: .json(.ref("Session"))], errors: [401]),
        .init(.post, "/api/v1/auth/logout", "Sign out: the refresh token stops working (204 whether or not it was still valid)", tag: "auth",
              body: "RefreshRequest", success: [204: .empty]),
        .init(.post, "/api/v1/auth/logout-all", "Sign out everywhere: every refresh token of the signed-in user stops working", tag: "auth",
              access: .roles(.everyone), success: [200: .json(.ref("SignedOut"))]),
        .init(.get, "/api/v1/products", "The catalogue with availability, by SKU", tag: "catalogue", parameters: [limit, cursor], success: [200: .json(.ref("ProductPage"))]),
        .init(.get, "/api/v1/me/addresses", "Own addresses", tag: "customers", access: .roles(.everyone), success: [200: .json(.ref("AddressPage"))]),
        .init(.post, "/api/v1/me/addresses", "Add an address", tag: "customers", access: .roles(.customers), body: "AddressRequest", success: [201: .json(.ref("Address"))],
              errors: [409]),
        .init(.post, "/api/v1/orders", "Place an order and reserve its stock (a retry with the same Idempotency-Key returns the first result)", tag: "orders",
              access: .roles(.customers), parameters: [.header("Idempotency-Key", .string(min: 1, max: 200))], body: "PlaceOrderRequest",
              success: [201: .json(.ref("Order"))], errors: [404, 409, 422]),
        .init(.get, "/api/v1/orders", "Own orders (staff: all), newest first", tag: "orders", access: .roles(.everyone), parameters: [limit, cursor, orderStatus],
              success: [200: .json(.ref("OrderPage"))]),
        .init(.get, "/api/v1/orders/{id}", "One order with its timeline and ETA", tag: "orders", access: .roles(.everyone), success: [200: .json(.ref("Order"))]),
        .init(.post, "/api/v1/conversations", "Ask customer service, about an order (your own) or not; the assistant answers \"where is my order\" at once",
              tag: "service", access: .roles(.customers), body: "ConversationRequest", success: [201: .json(.ref("Conversation"))], errors: [404, 422]),
        .init(.get, "/api/v1/conversations", "Your conversations, newest first (without messages)", tag: "service", access: .roles(.customers),
              parameters: [limit, cursor], success: [200: .json(.ref("ConversationPage"))]),
        .init(.get, "/api/v1/conversations/{id}", "A conversation with its messages (customers do not see agents' internal notes)", tag: "service",
              access: .roles(.everyone), success: [200: .json(.ref("Conversation"))]),
        .init(.post, "/api/v1/conversations/{id}/messages", "Write in a conversation (agents: internal=true for a note only agents see); the answer lists the message and any reply of the assistant",
              tag: "service", access: .roles(.everyone), body: "MessageRequest", success: [201: .json(.ref("MessagePage"))], errors: [409, 422]),
        .init(.post, "/api/v1/conversations/{id}/attachments", "Send a photo in a conversation (a message of its own; the answer lists it)", tag: "service",
              access: .roles(.everyone), upload: chatPhotoUpload, success: [201: .json(.ref("MessagePage"))], errors: [409]),
        .init(.get, "/api/v1/conversations/{id}/attachments/{attachmentId}", "A photo of the conversation (its customer, or agents)", tag: "service",
              access: .roles(.everyone), success: [200: .other(mediaTypes: PhotoFormat.allCases.map(\.mediaType), "the photo")]),
        .init(.post, "/api/v1/conversations/{id}/rating", "Rate a solved conversation, 1 to 5 (this closes it)", tag: "service", access: .roles(.customers),
              body: "RatingRequest", success: [200: .json(.ref("Conversation"))], errors: [409]),
        .init(.get, "/api/v1/admin/conversations", "The agents' inbox: conversations by state, queue (category) and assignee, newest first", tag: "service",
              access: .roles(.agents),
              parameters: [.query("state", .oneOf(ConversationState.self)), .query("category", .oneOf(ConversationCategory.self)),
                           .query("assigneeId", .string(min: 1, max: 100)), limit, cursor],
              success: [200: .json(.ref("ConversationPage"))]),
        .init(.post, "/api/v1/admin/conversations/{id}/assign", "Take a conversation, or give it to an agent (body optional)", tag: "service", access: .roles(.agents),
              body: "AssignRequest", bodyRequired: false, success: [200: .json(.ref("Conversation"))], errors: [422]),
        .init(.post, "/api/v1/admin/conversations/{id}/solve", "Mark an open or pending conversation solved", tag: "service", access: .roles(.agents),
              success: [200: .json(.ref("Conversation"))], errors: [409]),
        .init(.get, "/api/v1/admin/service/metrics", "Customer service over a period (the last 30 days by default): first response and resolution minutes (median, p90), self-service share, satisfaction, conversations per 100 orders",
              tag: "service", access: .roles(.agents),
              parameters: [.query("from", APISchemas.planDate, "first day (China time)"), .query("to", APISchemas.planDate, "last day, today by default")],
              success: [200: .json(.ref("ServiceMetrics"))]),
        .init(.get, "/api/v1/orders/{id}/refunds", "An order's refunds: recorded when a paid order is cancelled, paid through the payment provider, then `succeeded`",
              tag: "orders", access: .roles(.everyone), success: [200: .json(.ref("RefundPage"))]),
        .init(.get, "/api/v1/admin/refunds", "Every refund, newest first (status=failed: the provider kept refusing; the money is still owed)", tag: "orders",
              access: .roles(RefundService.readers), parameters: [.query("status", .oneOf(RefundStatus.self)), limit, cursor],
              success: [200: .json(.ref("RefundPage"))]),
        .init(.get, "/api/v1/admin/service/levels", "Each queue's service targets (first response, resolution; business minutes) and the desk's hours",
              tag: "service", access: .roles(.agents), success: [200: .json(.ref("ServiceLevels"))]),
        .init(.put, "/api/v1/admin/service/levels/{category}", "Set a queue's targets (admin); open conversations are measured by them from now on",
              tag: "service", access: .roles(.admins), body: "ServiceLevelRequest", success: [200: .json(.ref("ServiceLevel"))], errors: [422]),
        .init(.get, "/api/v1/admin/service/replies", "Canned replies, with placeholders {status} {eta} {delayReason} {carrier} {waybill} {orderNumber}",
              tag: "service", access: .roles(.agents), success: [200: .json(.ref("CannedReplyPage"))]),
        .init(.post, "/api/v1/admin/service/replies", "Add a canned reply (an unknown placeholder is refused)", tag: "service", access: .roles(.agents),
              body: "CannedReplyRequest", success: [201: .json(.ref("CannedReply"))], errors: [422]),
        .init(.delete, "/api/v1/admin/service/replies/{id}", "Remove a canned reply", tag: "service", access: .roles(.agents), success: [204: .empty]),
        .init(.get, "/api/v1/admin/conversations/{id}/replies", "Every canned reply as it reads in this conversation, filled from its order's live data (its queue's first)",
              tag: "service", access: .roles(.agents), success: [200: .json(.ref("FilledReplyPage"))]),
        .init(.get, "/api/v1/orders/{id}/explanation", "Where is my order: status, ETA window, stops before yours, the reason for any delay and what happens next (Accept-Language: zh-CN or en)",
              tag: "orders", access: .roles(.everyone), success: [200: .json(.ref("OrderExplanation"))]),
        .init(.get, "/api/v1/orders/{id}/proof", "Proof of delivery: each attempt at the door (received by, or why it failed) and its photos",
              tag: "orders", access: .roles(.everyone), success: [200: .json(.ref("ProofOfDelivery"))]),
        .init(.get, "/api/v1/orders/{id}/proof/photos/{photoId}", "A proof-of-delivery photo's bytes", tag: "orders", access: .roles(.everyone),
              success: [200: .other(mediaTypes: PhotoFormat.allCases.map(\.mediaType), "the photo")]),
        .init(.get, "/api/v1/orders/{id}/events", "Server-sent events: the timeline, then live events; resumes after Last-Event-ID", tag: "tracking",
              access: .roles(.everyone),
              parameters: [accessToken, .query("lastEventId", .string(max: 100)), .header("Last-Event-ID", .string(max: 100))],
              success: [200: .eventStream(.ref("TrackingServerEvent"), "one event per tracking event, `id:` its id; an unknown Last-Event-ID replays from the start")]),
        .init(.post, "/api/v1/orders/{id}/cancel", "Cancel and release reserved stock (body optional)", tag: "orders",
              access: .roles([.customer, .admin, .agent, .warehouse]), body: "CancelRequest", bodyRequired: false, success: [200: .json(.ref("Order"))], errors: [409]),
        .init(.post, "/api/v1/orders/{id}/address-change", "Deliver the order to another of its customer's saved addresses: at once before packing; packed or on the van, within the same district (the plan or route re-arranged); out for delivery, within 2 km if no stop turns late. Otherwise 409 address_change_needs_agent with the reason and the conversation (details.conversationId) in which an agent takes it on; a finished order 409 address_change_closed. Agents may change any unfinished order",
              tag: "orders", access: .roles(Set([.customer]).union(AddressChangeService.agents)), body: "AddressChangeRequest", success: [200: .json(.ref("Order"))],
              errors: [409]),
        .init(.get, "/api/v1/orders/{id}/installation-slots", "The installer crews' two-hour slots of the next 14 days for an order with installation, with the crews still free in each (409 appointment_refused without installation)",
              tag: "orders", access: .roles(.everyone), success: [200: .json(.ref("InstallationSlotPage"))], errors: [409]),
        .init(.put, "/api/v1/orders/{id}/installation", "Book or move the installation slot (start: 09:00, 11:00, 14:00 or 16:00 China time, at least 2 h ahead, until the van leaves); it becomes the order's delivery window and a ready plan is re-made. 409 appointment_refused with details.reason: slotFull, tooSoon, tooLate, tooFar, notASlot, noCrew, noInstallation",
              tag: "orders", access: .roles(Set([.customer]).union(AddressChangeService.agents)), body: "InstallationRequest", success: [200: .json(.ref("Order"))],
              errors: [409]),
        .init(.post, "/api/v1/orders/{id}/returns", "Ask to return or exchange some of a delivered order: a no-reason return within 7 days (unused: true) is approved by rule, a defect claim within 15 days goes to an agent; an installed wall box gets a technician (409 return_refused with details.conversationId); others 409 return_refused with details.reason",
              tag: "returns", access: .roles(.customers), body: "ReturnCreate", success: [201: .json(.ref("Return"))], errors: [409, 422]),
        .init(.get, "/api/v1/orders/{id}/returns", "An order's returns and exchanges", tag: "returns", access: .roles(.everyone),
              success: [200: .json(.ref("ReturnPage"))]),
        .init(.get, "/api/v1/returns/{id}", "One return or exchange (the customer's own, or staff)", tag: "returns", access: .roles(.everyone),
              success: [200: .json(.ref("Return"))]),
        .init(.post, "/api/v1/returns/{id}/photos", "Add a photo to one's own return or exchange (until the goods are received; at most \(ReturnRequest.maximumPhotos)); the answer is the RMA",
              tag: "returns", access: .roles(.customers), upload: chatPhotoUpload, success: [201: .json(.ref("Return"))], errors: [409]),
        .init(.get, "/api/v1/returns/{id}/photos/{photoId}", "A photo of a return (its customer, or staff)", tag: "returns",
              access: .roles(.everyone), success: [200: .other(mediaTypes: PhotoFormat.allCases.map(\.mediaType), "the photo")]),
        .init(.post, "/api/v1/returns/{id}/waybill", "The goods of an approved return go back by carrier: the customer (own) or staff record the waybill and the return is pickedUp (the same waybill again changes nothing)",
              tag: "returns", access: .roles(ReturnService.waybillRecorders), body: "ReturnWaybill", success: [200: .json(.ref("Return"))], errors: [409, 422]),
        .init(.get, "/api/v1/admin/returns", "Returns and exchanges, newest first (status=requested: the agents' queue; approved: goods to receive)", tag: "returns",
              access: .roles(ReturnService.agents.union(ReturnService.receivers)), parameters: [.query("status", .oneOf(ReturnStatus.self)), limit, cursor],
              success: [200: .json(.ref("ReturnPage"))]),
        .init(.post, "/api/v1/admin/returns/{id}/approve", "Approve a defect claim (body optional)", tag: "returns", access: .roles(ReturnService.agents),
              body: "ReturnDecision", bodyRequired: false, success: [200: .json(.ref("Return"))], errors: [409]),
        .init(.post, "/api/v1/admin/returns/{id}/reject", "Reject a defect claim (body optional)", tag: "returns", access: .roles(ReturnService.agents),
              body: "ReturnDecision", bodyRequired: false, success: [200: .json(.ref("Return"))], errors: [409]),
        .init(.post, "/api/v1/admin/returns/{id}/receive", "The goods came back: restock (a ledger return) or scrap; a return's refund is recorded, an exchange's replacement placed. Repeating it with the same outcome changes nothing",
              tag: "returns", access: .roles(ReturnService.receivers), body: "ReturnReceipt", success: [200: .json(.ref("Return"))], errors: [409]),
        .init(.post, "/api/v1/payments/callback", "Payment provider callback (HMAC-SHA256 signed, idempotent)", tag: "payments", access: .signature,
              parameters: [.header("X-Payment-Timestamp", .string(max: 20), required: true, "Unix seconds"),
                           .header("X-Payment-Signature", .string(max: 200), required: true, "hex HMAC-SHA256 of \"<timestamp>.<body>\"")],
              body: "PaymentCallback", success: [200: .json(.ref("Order"))], errors: [404, 409, 422]),
        .init(.post, "/api/v1/carriers/{code}/callback", "Carrier tracking push (HMAC-SHA256 signed, idempotent, out-of-order safe); 422 for an impossible date",
              tag: "tracking",
              access: .signature,
              parameters: [.header("X-Carrier-Timestamp", .string(max: 20), required: true, "Unix seconds"),
                           .header("X-Carrier-Signature", .string(max: 200), required: true, "hex HMAC-SHA256 of \"<timestamp>.<body>\"")],
              body: "CarrierCallback", success: [200: .json(.ref("CarrierCallbackReply"))], errors: [409, 422]),
        .init(.post, "/api/v1/admin/orders/{id}/waybill", "Hand a shipment to a carrier under a waybill", tag: "tracking",
              access: .roles([.admin, .warehouse, .dispatcher]), body: "WaybillRequest", success: [200: .json(.ref("Order"))], errors: [409, 422]),
        .init(.get, "/api/v1/admin/orders", "Order board", tag: "admin", access: .roles(.staff), parameters: [limit, cursor, orderStatus],
              success: [200: .json(.ref("OrderPage"))]),
        .init(.post, "/api/v1/admin/orders/{id}/transitions", "One status step, checked against the status machine and the role", tag: "admin",
              access: .roles(.staff), body: "TransitionRequest", success: [200: .json(.ref("Order"))], errors: [409]),
        .init(.post, "/api/v1/admin/products", "Create or update a product", tag: "admin", access: .roles(.admins), body: "ProductRequest",
              success: [201: .json(.ref("Product"))]),
        .init(.get, "/api/v1/admin/warehouses", "Warehouses", tag: "admin", access: .roles(.staff), success: [200: .json(.ref("WarehousePage"))]),
        .init(.get, "/api/v1/admin/stock", "Stock levels", tag: "stock", access: .roles(.staff),
              parameters: [.query("sku", .string(min: 1, max: 40)), .query("warehouseId", .string(min: 1, max: 100))], success: [200: .json(.ref("StockPage"))]),
        .init(.post, "/api/v1/admin/stock/receipts", "Book goods received", tag: "stock", access: .roles(.stockKeepers), body: "ReceiptRequest",
              success: [201: .json(.ref("StockLevel"))], errors: [404]),
        .init(.post, "/api/v1/admin/stock/adjustments", "Stock-take correction (signed quantity, never below what is reserved)", tag: "stock",
              access: .roles(.stockKeepers), body: "AdjustmentRequest", success: [201: .json(.ref("StockLevel"))], errors: [404, 409]),
        .init(.get, "/api/v1/admin/stock/movements", "The append-only ledger, oldest first", tag: "stock", access: .roles(.staff),
              parameters: [limit, .query("cursor", .integer(min: 0, max: maxSafeInteger), "the last movement id seen"),
                           .query("sku", .string(min: 1, max: 40)), .query("warehouseId", .string(min: 1, max: 100))],
              success: [200: .json(.ref("StockMovementPage"))]),
        .init(.get, "/api/v1/admin/stock/ledger-check", "Levels that differ from the sum of their movements", tag: "stock", access: .roles(.staff),
              success: [200: .json(.ref("LedgerCheck"))]),
        .init(.get, "/api/v1/admin/vehicles", "The fleet, optionally of one warehouse", tag: "dispatch", access: .roles(.staff),
              parameters: [.query("warehouseId", .string(min: 1, max: 100))], success: [200: .json(.ref("VehiclePage"))]),
        .init(.post, "/api/v1/admin/vehicles", "Register a vehicle", tag: "dispatch", access: .roles(.planners), body: "VehicleRequest",
              success: [201: .json(.ref("Vehicle"))], errors: [404, 409, 422]),
        .init(.get, "/api/v1/admin/fleet/stations", "The chargers electric vans may stop at during the day: warehouses' own and public",
              tag: "dispatch", access: .roles(.staff), success: [200: .json(.ref("ChargingStationPage"))]),
        .init(.post, "/api/v1/admin/fleet/stations", "Register a charger; plans made from now on may send electric vans there",
              tag: "dispatch", access: .roles(.planners), body: "ChargingStationRequest", success: [201: .json(.ref("ChargingStation"))], errors: [404, 422]),
        .init(.delete, "/api/v1/admin/fleet/stations/{id}", "Remove a charger from future plans (plans made keep their charging stops)",
              tag: "dispatch", access: .roles(.planners), success: [204: .empty], errors: [404]),
        .init(.post, "/api/v1/admin/dispatch/plans", "Ask for a delivery plan of a warehouse's day; it is made in the background (poll its Location)",
              tag: "dispatch", access: .roles(.planners), body: "PlanRequest", success: [202: .json(.ref("PlanAccepted"))], errors: [404, 409, 422]),
        .init(.get, "/api/v1/admin/dispatch/plans/{id}", "A plan: routes, stops with ETAs, figures, orders left out and why", tag: "dispatch",
              access: .roles(.planners), success: [200: .json(.ref("DispatchPlan"))]),
        .init(.get, "/api/v1/admin/dispatch/plans/{id}/map.svg", "A plan drawn: routes in colours, numbered stops, the warehouse", tag: "dispatch",
              access: .roles(.planners), success: [200: .other(mediaTypes: ["image/svg+xml"], "an SVG map")]),
        .init(.post, "/api/v1/admin/dispatch/plans/{id}/publish", "Publish a ready plan: its routes go to their vehicles' drivers of the day",
              tag: "dispatch", access: .roles(.planners), success: [200: .json(.ref("DispatchPlan"))], errors: [409]),
        .init(.post, "/api/v1/admin/dispatch/plans/{id}/pins", "Keep an order on a van (its current one, or another: a move) and re-optimise the rest of the ready plan",
              tag: "dispatch", access: .roles(.planners), body: "PinRequest", success: [200: .json(.ref("DispatchPlan"))], errors: [409, 422]),
        .init(.delete, "/api/v1/admin/dispatch/plans/{id}/pins/{orderId}", "Let a pinned order go and re-optimise the ready plan", tag: "dispatch",
              access: .roles(.planners), parameters: [.query("seconds", .number(min: 0.1, max: 30), "the re-optimisation's budget, 2 by default")],
              success: [200: .json(.ref("DispatchPlan"))], errors: [409, 422]),
        .init(.get, "/api/v1/admin/dispatch/cutoffs", "Warehouses' cut-off times: when each plans by itself, and the next one", tag: "dispatch",
              access: .roles(.planners), success: [200: .json(.ref("CutoffPage"))]),
        .init(.put, "/api/v1/admin/dispatch/cutoffs/{warehouseId}", "Set a warehouse's cut-offs (HH:MM, China time): at each, one plan of the day's orders, made by one instance",
              tag: "dispatch", access: .roles(.planners), body: "CutoffRequest", success: [200: .json(.ref("CutoffSchedule"))], errors: [422]),
        .init(.post, "/api/v1/admin/dispatch/assignments", "Who drives a vehicle on a day (replaces the vehicle's regular driver that day)",
              tag: "dispatch", access: .roles(.planners), body: "AssignmentRequest", success: [201: .json(.ref("Assignment"))], errors: [404, 422]),
        .init(.post, "/api/v1/admin/traffic", "A traffic change: live routes re-timed from where each van is, moved routes re-sequenced when better, customers whose ETA moved told once",
              tag: "dispatch", access: .roles(.planners), body: "TrafficRequest", success: [201: .json(.ref("TrafficOutcome"))], errors: [422]),
        .init(.get, "/api/v1/admin/traffic", "Traffic slowdowns in force now or later, oldest first", tag: "dispatch", access: .roles(.planners),
              success: [200: .json(.ref("TrafficIncidentPage"))]),
        .init(.get, "/api/v1/admin/fleet/positions", "Where each driver was last seen today (China time), one position per driver", tag: "dispatch",
              access: .roles(.planners), success: [200: .json(.ref("FleetPositionPage"))]),
        .init(.get, "/api/v1/driver/routes/today", "The caller's route of today on a published plan", tag: "driver", access: .roles(.drivers),
              success: [200: .json(.ref("DriverRoute"))], errors: [404]),
        .init(.post, "/api/v1/driver/routes/{id}/start", "Start the route: its orders go out for delivery (again: no change)", tag: "driver",
              access: .roles(.drivers), success: [200: .json(.ref("DriverRoute"))], errors: [409]),
        .init(.post, "/api/v1/driver/stops/{id}/arrive", "At the door: the customer is told", tag: "driver", access: .roles(.drivers),
              success: [200: .json(.ref("PlannedStop"))], errors: [409]),
        .init(.post, "/api/v1/driver/stops/{id}/deliver", "Handed over (arrival implied; again: no change)", tag: "driver", access: .roles(.drivers),
              body: "DeliverRequest", success: [200: .json(.ref("PlannedStop"))], errors: [409, 422]),
        .init(.post, "/api/v1/driver/stops/{id}/fail", "Not delivered: tried again with the next plan, or returned after two failed attempts",
              tag: "driver", access: .roles(.drivers), body: "FailRequest", success: [200: .json(.ref("PlannedStop"))], errors: [409, 422]),
        .init(.post, "/api/v1/driver/stops/{id}/photos", "A proof-of-delivery photo of a stop on a started route (the same photo again: 200, nothing added)",
              tag: "driver", access: .roles(.drivers), upload: photoUpload,
              success: [201: .json(.ref("DeliveryPhoto")), 200: .json(.ref("DeliveryPhoto"))], errors: [409]),
        .init(.post, "/api/v1/driver/positions", "A batch of GPS pings (at most 5 minutes ahead of the server's clock, at most a day old)",
              tag: "driver", access: .roles(.drivers), body: "PositionsRequest", success: [202: .json(.ref("PositionsAccepted"))], errors: [422]),
        .init(.get, "/api/v1/stream", "WebSocket (upgrade): own orders' events (staff: all) and own conversations' messages (agents: all), replayed after ?since= and ?chatSince= then live; without an upgrade a JSON error",
              tag: "tracking", access: .roles(.everyone),
              parameters: [.query("since", .integer(min: 0, max: maxSafeInteger), "the last feed position seen"),
                           .query("chatSince", .integer(min: 0, max: maxSafeInteger), "the last chat position seen"),
                           accessToken, .query("lang", .oneOf(["zh-CN", "en"]))],
              success: [101: .empty], errors: [426]),
        .init(.post, "/api/v1/admin/webhooks", "Subscribe a merchant system to tracking events and stock alerts, or the topics chosen (the secret is shown once)", tag: "webhooks",
              access: .roles(.admins), body: "WebhookRequest", success: [201: .json(.ref("WebhookSubscription"))]),
        .init(.get, "/api/v1/admin/webhooks", "Webhook subscriptions (without secrets)", tag: "webhooks", access: .roles(.admins),
              success: [200: .json(.ref("WebhookPage"))]),
        .init(.delete, "/api/v1/admin/webhooks/{id}", "Stop a subscription; its queued deliveries are dropped", tag: "webhooks", access: .roles(.admins),
              success: [204: .empty]),
        .init(.get, "/api/v1/admin/deliveries", "Webhook and customer-message deliveries, newest first (status=dead: the dead letters)", tag: "webhooks",
              access: .roles(.admins),
              parameters: [.query("status", .oneOf(DeliveryStatus.self)), .query("topic", .oneOf(WebhookTopic.self)), .query("target", .string(min: 1, max: 200)), .query("orderId", .string(min: 1, max: 100)),
                           limit, .query("cursor", .integer(min: 0, max: maxSafeInteger), "the last delivery id seen")],
              success: [200: .json(.ref("DeliveryPage"))]),
        .init(.post, "/api/v1/admin/deliveries/{id}/retry", "Send a dead delivery again", tag: "webhooks", access: .roles(.admins),
              success: [200: .json(.ref("Delivery"))], errors: [409]),
        .init(.get, "/api/v1/admin/overview", "The dashboard's figures: orders today, open orders by status, open alerts by kind, on-time share of the last 7 days",
              tag: "alerts", access: .roles(.staff), success: [200: .json(.ref("Overview"))]),
        .init(.get, "/api/v1/admin/alerts", "Alert board: predicted late, stuck, failed delivery, carrier exception", tag: "alerts", access: .roles(.staff),
              parameters: [.query("state", .oneOf(AlertState.self)), .query("kind", .oneOf(AlertKind.self)), .query("orderId", .string(min: 1, max: 100)), limit, cursor],
              success: [200: .json(.ref("AlertPage"))]),
        .init(.post, "/api/v1/admin/alerts/{id}/acknowledge", "Someone is on it (body optional)", tag: "alerts", access: .roles(.staff), body: "AlertNote",
              bodyRequired: false, success: [200: .json(.ref("Alert"))], errors: [409]),
        .init(.post, "/api/v1/admin/alerts/{id}/resolve", "Close an alert, with a note (body optional)", tag: "alerts", access: .roles(.staff), body: "AlertNote",
              bodyRequired: false, success: [200: .json(.ref("Alert"))], errors: [409]),
    ] + inventoryOperations

    static let stockKeepers = APIOperation.Access.roles(.stockKeepers)
    static let skuQuery = APIOperation.Parameter.query("sku", APISchemas.code(min: 2, max: 40))
    static let warehouseQuery = APIOperation.Parameter.query("warehouseId", .string(min: 1, max: 100))

    /// Inventory operations (issue 12): planning runs, forecasts, suggestions, purchasing, transfers, stock alerts, KPIs.
    static let inventoryOperations: [APIOperation] = [
        .init(.post, "/api/v1/admin/inventory/planning-runs", "Forecast every stocked SKU × warehouse and suggest purchases and transfers, in the background (poll its Location); a run already queued or running is returned instead",
              tag: "inventory", access: stockKeepers, success: [202: .json(.ref("PlanningRunAccepted"))]),
        .init(.get, "/api/v1/admin/inventory/planning-runs/{id}", "A planning run: status, and what it did when done", tag: "inventory", access: stockKeepers,
              success: [200: .json(.ref("PlanningRun"))]),
        .init(.get, "/api/v1/admin/inventory/forecasts", "The latest forecast of a SKU at a warehouse: weekly history (served + lost), forecast with 80 % and 95 % intervals, the policy",
              tag: "inventory", access: stockKeepers,
              parameters: [APIOperation.Parameter(name: "sku", location: .query, required: true, schema: APISchemas.code(min: 2, max: 40)),
                           APIOperation.Parameter(name: "warehouseId", location: .query, required: true, schema: .string(min: 1, max: 100))],
              success: [200: .json(.ref("SKUForecast"))], errors: [404]),
        .init(.get, "/api/v1/admin/inventory/suggestions", "Purchase and transfer suggestions, newest first", tag: "inventory", access: stockKeepers,
              parameters: [warehouseQuery, .query("kind", .oneOf(SuggestionKind.self)), .query("state", .oneOf(SuggestionState.self)), limit, cursor],
              success: [200: .json(.ref("SuggestionPage"))]),
        .init(.post, "/api/v1/admin/inventory/suggestions/{id}/dismiss", "Set an open suggestion aside", tag: "inventory", access: stockKeepers,
              success: [200: .json(.ref("Suggestion"))], errors: [409]),
        .init(.get, "/api/v1/admin/inventory/settings", "Service targets by ABC class, review period, receipt tolerance, slow-mover limits, nightly time",
              tag: "inventory", access: stockKeepers, success: [200: .json(.ref("InventorySettings"))]),
        .init(.put, "/api/v1/admin/inventory/settings", "Set them (admin)", tag: "inventory", access: .roles(.admins), body: "InventorySettings",
              success: [200: .json(.ref("InventorySettings"))], errors: [422]),
        .init(.get, "/api/v1/admin/inventory/promotions", "The event calendar: promotions, festivals, flash sales", tag: "inventory", access: stockKeepers,
              success: [200: .json(.ref("PromotionPage"))]),
        .init(.post, "/api/v1/admin/inventory/promotions", "Declare an event; forecasts learn its uplift from past occurrences, else use the declared one",
              tag: "inventory", access: stockKeepers, body: "PromotionRequest", success: [201: .json(.ref("Promotion"))], errors: [404, 422]),
        .init(.delete, "/api/v1/admin/inventory/promotions/{id}", "Remove an event", tag: "inventory", access: stockKeepers, success: [204: .empty]),
        .init(.get, "/api/v1/admin/inventory/alerts", "Stock alert board: low stock, sales surge, slow mover, overstock; each says why in numbers and what to do",
              tag: "inventory", access: .roles(.staff),
              parameters: [.query("state", .oneOf(AlertState.self)), .query("kind", .oneOf(StockAlertKind.self)), warehouseQuery, skuQuery, limit, cursor],
              success: [200: .json(.ref("StockAlertPage"))]),
        .init(.post, "/api/v1/admin/inventory/alerts/{id}/acknowledge", "Someone is on it (body optional)", tag: "inventory", access: stockKeepers,
              body: "AlertNote", bodyRequired: false, success: [200: .json(.ref("StockAlert"))], errors: [409]),
        .init(.post, "/api/v1/admin/inventory/alerts/{id}/resolve", "Close a stock alert (body optional)", tag: "inventory", access: stockKeepers,
              body: "AlertNote", bodyRequired: false, success: [200: .json(.ref("StockAlert"))], errors: [409]),
        .init(.get, "/api/v1/admin/inventory/kpis", "Turnover, days of cover, fill rate, stock-out days, lost sales, stock value over a period (default: the last 30 days), per group",
              tag: "inventory", access: stockKeepers,
              parameters: [.query("from", APISchemas.planDate, "first day; a day past a month's end runs on into the next month; more than 731 days before `to` is cut to 731"),
                           .query("to", APISchemas.planDate, "last day, yesterday by default; after today is cut to today; before `from`: an empty period"),
                           .query("groupBy", .oneOf(KPIGrouping.self))],
              success: [200: .json(.ref("InventoryKPIReport"))]),
        .init(.get, "/api/v1/admin/suppliers", "Suppliers with lead times and the SKUs they sell", tag: "inventory", access: stockKeepers,
              success: [200: .json(.ref("SupplierPage"))]),
        .init(.put, "/api/v1/admin/suppliers/{id}", "Create or replace a supplier and its items (a SKU listed here leaves its previous supplier)",
              tag: "inventory", access: stockKeepers, body: "SupplierRequest", success: [200: .json(.ref("Supplier"))], errors: [422]),
        .init(.post, "/api/v1/admin/purchase-orders", "Draft purchase orders: from open purchase suggestions (one per supplier), or typed in", tag: "purchasing",
              access: stockKeepers, body: "PurchaseOrderRequest", success: [201: .json(.ref("PurchaseOrderBatch"))], errors: [404, 409, 422]),
        .init(.get, "/api/v1/admin/purchase-orders", "Purchase orders, newest first", tag: "purchasing", access: stockKeepers,
              parameters: [.query("status", .oneOf(PurchaseOrderStatus.self)), .query("supplierId", .string(min: 1, max: 100)), limit, cursor],
              success: [200: .json(.ref("PurchaseOrderPage"))]),
        .init(.get, "/api/v1/admin/purchase-orders/{id}", "A purchase order with its lines and what has been received", tag: "purchasing", access: stockKeepers,
              success: [200: .json(.ref("PurchaseOrder"))]),
        .init(.post, "/api/v1/admin/purchase-orders/{id}/approve", "draft → approved", tag: "purchasing", access: stockKeepers,
              success: [200: .json(.ref("PurchaseOrder"))], errors: [409]),
        .init(.post, "/api/v1/admin/purchase-orders/{id}/send", "approved → sent to the supplier", tag: "purchasing", access: stockKeepers,
              success: [200: .json(.ref("PurchaseOrder"))], errors: [409]),
        .init(.post, "/api/v1/admin/purchase-orders/{id}/close", "Close a received (or partly received: short) order", tag: "purchasing", access: stockKeepers,
              success: [200: .json(.ref("PurchaseOrder"))], errors: [409]),
        .init(.post, "/api/v1/admin/purchase-orders/{id}/cancel", "Cancel a draft or approved order", tag: "purchasing", access: stockKeepers,
              success: [200: .json(.ref("PurchaseOrder"))], errors: [409]),
        .init(.post, "/api/v1/admin/purchase-orders/{id}/receipts", "Book goods received against the order's lines: ledger receipts; over the tolerance is refused; the same Idempotency-Key again returns the first result (200)",
              tag: "purchasing", access: stockKeepers, parameters: [.header("Idempotency-Key", .string(min: 1, max: 200))], body: "ReceiptLinesRequest",
              success: [201: .json(.ref("PurchaseOrder")), 200: .json(.ref("PurchaseOrder"))], errors: [409, 422]),
        .init(.get, "/api/v1/admin/purchase-orders/{id}/receipts", "The order's receipts, oldest first", tag: "purchasing", access: stockKeepers,
              success: [200: .json(.ref("ReceiptPage"))]),
        .init(.post, "/api/v1/admin/transfers", "Request transfers: from open transfer suggestions (one per pair of warehouses), or typed in; the source must have the stock free",
              tag: "purchasing", access: stockKeepers, body: "TransferRequest", success: [201: .json(.ref("TransferBatch"))], errors: [404, 409, 422]),
        .init(.get, "/api/v1/admin/transfers", "Transfers, newest first", tag: "purchasing", access: stockKeepers,
              parameters: [.query("status", .oneOf(TransferStatus.self)), warehouseQuery, limit, cursor], success: [200: .json(.ref("TransferPage"))]),
        .init(.get, "/api/v1/admin/transfers/{id}", "A transfer", tag: "purchasing", access: stockKeepers, success: [200: .json(.ref("Transfer"))]),
        .init(.post, "/api/v1/admin/transfers/{id}/ship", "requested → in transit: ledger transferOut at the source", tag: "purchasing", access: stockKeepers,
              success: [200: .json(.ref("Transfer"))], errors: [409]),
        .init(.post, "/api/v1/admin/transfers/{id}/receive", "in transit → received: ledger transferIn at the destination", tag: "purchasing", access: stockKeepers,
              success: [200: .json(.ref("Transfer"))], errors: [409]),
        .init(.post, "/api/v1/admin/transfers/{id}/cancel", "Cancel a transfer not yet shipped", tag: "purchasing", access: stockKeepers,
              success: [200: .json(.ref("Transfer"))], errors: [409]),
    ]

    static let validator = SchemaValidator(components: APISchemas.all)

    static func document() -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            paths[operation.path, default: [:]][operation.method.rawValue.lowercased()] = item(operation)
        }
        return [
            "openapi": "3.1.0",
            "info": [
                "title": "ChargeMall Logistics API", "version": "1.0.0",
                "description": """
                    Orders, stock and tracking for an EV-charging-equipment mall. Errors: {"error": {code, message, details}} with \
                    details.field naming the offending field. Times ISO 8601 UTC; money integer cents; lists {items, nextCursor} with \
                    nextCursor null on the last page. A method a path does not list gets 405 with Allow.
                    """,
            ],
            "paths": paths,
            "components": [
                "schemas": APISchemas.all.mapValues(\.json),
                "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]],
            ],
        ]
    }

    private static func item(_ operation: APIOperation) -> [String: Any] {
        var item: [String: Any] = [
            "summary": operation.summary, "tags": [operation.tag],
            "operationId": operation.method.rawValue.lowercased() + operation.path.replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: ""),
        ]
        var parameters: [[String: Any]] = operation.pathParameters.map {
            ["name": $0, "in": "path", "required": true, "schema": (pathParameters[$0] ?? .string()).json]
        }
        for parameter in operation.parameters {
            var entry: [String: Any] = ["name": parameter.name, "in": parameter.location.rawValue, "required": parameter.required, "schema": parameter.schema.json]
            if let description = parameter.description { entry["description"] = description }
            parameters.append(entry)
        }
        if !parameters.isEmpty { item["parameters"] = parameters }
        if let body = operation.body {
            item["requestBody"] = ["required": operation.bodyRequired, "content": ["application/json": ["schema": Schema.ref(body).json]]]
        }
        if let upload = operation.upload {
            let binary: [String: Any] = ["schema": ["type": "string", "format": "binary", "maxLength": upload.maxBytes]]
            item["requestBody"] = ["required": true, "description": upload.description,
                                   "content": Dictionary(uniqueKeysWithValues: upload.mediaTypes.map { ($0, binary) })]
        }
        if case .roles(let roles) = operation.access {
            item["security"] = [["bearer": [String]()]]
            item["x-roles"] = roles.map(\.rawValue).sorted()
        }
        var responses: [String: Any] = [:]
        for (status, content) in operation.success {
            switch content {
            case .json(let schema): responses[String(status)] = ["description": "success", "content": ["application/json": ["schema": schema.json]]]
            case .other(let mediaTypes, let text):
                responses[String(status)] = ["description": text, "content": Dictionary(uniqueKeysWithValues: mediaTypes.map { ($0, ["schema": ["type": "string"]]) })]
            case .eventStream(let event, let text): responses[String(status)] = ["description": text, "content": ["text/event-stream": ["schema": event.json]]]
            case .empty: responses[String(status)] = ["description": status == 101 ? "switching to WebSocket" : "no content"]
            }
        }
        for status in operation.errorStatuses {
            responses[String(status)] = ["description": reason(status), "content": ["application/json": ["schema": Schema.ref("Error").json]]]
        }
        item["responses"] = responses
        return item
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 400: "the request breaks this document (error.details.field names where)"
        case 401: "not signed in, or a bad signature"
        case 403: "the caller's role may not do this"
        case 404: "no such resource, or not the caller's"
        case 409: "conflicts with the current state (error.code says which rule)"
        case 413: "the body is larger than its limit (1 MiB for JSON; an upload states its own)"
        case 415: "the body's content is not of a type this operation takes"
        case 422: "well-formed but refused by a business rule (error.code says which)"
        case 426: "a WebSocket endpoint: connect with Upgrade: websocket"
        case 429: "too many attempts; Retry-After says when to try again"
        case 503: "the database is unreachable, its disk full or failing (error.code database_unavailable, storage_full or storage_failed): nothing was changed; or it went away while committing (outcome_unknown): the same request sent again, with its Idempotency-Key where it takes one, says whether it was made; Retry-After says when to try again"
        default: "error"
        }
    }

    static let json: [UInt8] = {
        let data = (try? JSONSerialization.data(withJSONObject: document(), options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }()
}
