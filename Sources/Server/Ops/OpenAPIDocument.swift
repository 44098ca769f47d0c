import Foundation

/// The OpenAPI 3.1 description of the API. A test checks that it lists exactly the router's routes.
enum OpenAPIDocument {
    /// One documented operation.
    struct Operation {
        var method: String
        var path: String
        var summary: String
        var tag: String
        /// Roles that may call it; empty means anyone.
        var roles: [String] = []
        var requestSchema: String? = nil
        var responses: [Int: String]
        var query: [String] = []
        var headers: [String] = []
    }

    static let customer = ["customer"]
    static let staff = ["admin", "warehouse", "dispatcher", "driver", "agent"]
    static let signedIn = customer + staff

    static let operations: [Operation] = [
        .init(method: "get", path: "/health", summary: "Liveness and database health", tag: "ops", responses: [200: "Health", 503: "Health"]),
        .init(method: "get", path: "/metrics", summary: "Prometheus metrics", tag: "ops", responses: [200: "text"]),
        .init(method: "get", path: "/api/v1/openapi.json", summary: "This document", tag: "ops", responses: [200: "object"]),
        .init(method: "post", path: "/api/v1/auth/register", summary: "Create a customer account", tag: "auth", requestSchema: "RegisterRequest", responses: [201: "Session", 400: "Error", 409: "Error", 422: "Error"]),
        .init(method: "post", path: "/api/v1/auth/login", summary: "Sign in (rate-limited)", tag: "auth", requestSchema: "LoginRequest", responses: [200: "Session", 401: "Error", 429: "Error"]),
        .init(method: "post", path: "/api/v1/auth/refresh", summary: "Exchange a refresh token (single use)", tag: "auth", requestSchema: "RefreshRequest", responses: [200: "Session", 401: "Error"]),
        .init(method: "get", path: "/api/v1/products", summary: "The catalogue with availability", tag: "catalogue", responses: [200: "ProductPage"], query: ["limit", "cursor"]),
        .init(method: "get", path: "/api/v1/me/addresses", summary: "Own addresses", tag: "customers", roles: signedIn, responses: [200: "AddressPage", 401: "Error"]),
        .init(method: "post", path: "/api/v1/me/addresses", summary: "Add an address", tag: "customers", roles: customer, requestSchema: "AddressRequest", responses: [201: "Address", 400: "Error", 422: "Error"]),
        .init(method: "post", path: "/api/v1/orders", summary: "Place an order and reserve its stock", tag: "orders", roles: customer, requestSchema: "PlaceOrderRequest", responses: [201: "Order", 400: "Error", 404: "Error", 409: "Error", 422: "Error"], headers: ["Idempotency-Key"]),
        .init(method: "get", path: "/api/v1/orders", summary: "Own orders (staff: all), newest first", tag: "orders", roles: signedIn, responses: [200: "OrderPage", 401: "Error"], query: ["limit", "cursor", "status"]),
        .init(method: "get", path: "/api/v1/orders/{id}", summary: "One order with timeline and ETA", tag: "orders", roles: signedIn, responses: [200: "Order", 404: "Error"]),
        .init(method: "get", path: "/api/v1/orders/{id}/events", summary: "Server-sent events: the timeline, then live events; resumes after Last-Event-ID", tag: "tracking", roles: signedIn, responses: [200: "text", 400: "Error", 401: "Error", 404: "Error"], query: ["access_token", "lastEventId"], headers: ["Last-Event-ID"]),
        .init(method: "post", path: "/api/v1/orders/{id}/cancel", summary: "Cancel and release reserved stock", tag: "orders", roles: customer + ["admin", "agent", "warehouse"], requestSchema: "CancelRequest", responses: [200: "Order", 404: "Error", 409: "Error"]),
        .init(method: "post", path: "/api/v1/payments/callback", summary: "Payment provider callback (HMAC-SHA256 signed, idempotent)", tag: "payments", requestSchema: "PaymentCallback", responses: [200: "Order", 401: "Error", 404: "Error", 409: "Error", 422: "Error"], headers: ["X-Payment-Timestamp", "X-Payment-Signature"]),
        .init(method: "post", path: "/api/v1/carriers/{code}/callback", summary: "Carrier tracking push (HMAC-SHA256 signed, idempotent, out-of-order safe)", tag: "tracking", requestSchema: "CarrierCallback", responses: [200: "CarrierCallbackReply", 401: "Error", 404: "Error", 422: "Error"], headers: ["X-Carrier-Timestamp", "X-Carrier-Signature"]),
        .init(method: "post", path: "/api/v1/admin/orders/{id}/waybill", summary: "Hand a shipment to a carrier under a waybill", tag: "tracking", roles: ["admin", "warehouse", "dispatcher"], requestSchema: "WaybillRequest", responses: [200: "Order", 403: "Error", 404: "Error", 409: "Error", 422: "Error"]),
        .init(method: "get", path: "/api/v1/admin/orders", summary: "Order board", tag: "admin", roles: staff, responses: [200: "OrderPage", 403: "Error"], query: ["limit", "cursor", "status"]),
        .init(method: "post", path: "/api/v1/admin/orders/{id}/transitions", summary: "One status step, checked against the role", tag: "admin", roles: staff, requestSchema: "TransitionRequest", responses: [200: "Order", 403: "Error", 404: "Error", 409: "Error", 422: "Error"]),
        .init(method: "post", path: "/api/v1/admin/products", summary: "Create or update a product", tag: "admin", roles: ["admin"], requestSchema: "Product", responses: [201: "Product", 403: "Error", 422: "Error"]),
        .init(method: "get", path: "/api/v1/admin/warehouses", summary: "Warehouses", tag: "admin", roles: staff, responses: [200: "object"]),
        .init(method: "get", path: "/api/v1/admin/stock", summary: "Stock levels", tag: "stock", roles: staff, responses: [200: "StockPage", 403: "Error"], query: ["sku", "warehouseId"]),
        .init(method: "post", path: "/api/v1/admin/stock/receipts", summary: "Book goods received", tag: "stock", roles: ["admin", "warehouse"], requestSchema: "StockMovementRequest", responses: [201: "StockLevel", 403: "Error", 404: "Error", 422: "Error"]),
        .init(method: "post", path: "/api/v1/admin/stock/adjustments", summary: "Stock-take correction (signed quantity)", tag: "stock", roles: ["admin", "warehouse"], requestSchema: "StockMovementRequest", responses: [201: "StockLevel", 403: "Error", 409: "Error", 422: "Error"]),
        .init(method: "get", path: "/api/v1/admin/stock/movements", summary: "The append-only ledger", tag: "stock", roles: staff, responses: [200: "object"], query: ["limit", "cursor", "sku", "warehouseId"]),
        .init(method: "get", path: "/api/v1/stream", summary: "WebSocket (upgrade): own orders' events (staff: all), replayed after ?since= then live; without an upgrade a JSON error", tag: "tracking", roles: signedIn, responses: [101: "text", 400: "Error", 401: "Error", 426: "Error"], query: ["since", "access_token", "lang"]),
        .init(method: "post", path: "/api/v1/admin/webhooks", summary: "Subscribe a merchant system to every tracking event (the secret is shown once)", tag: "webhooks", roles: ["admin"], requestSchema: "WebhookRequest", responses: [201: "WebhookSubscription", 403: "Error", 422: "Error"]),
        .init(method: "get", path: "/api/v1/admin/webhooks", summary: "Webhook subscriptions (without secrets)", tag: "webhooks", roles: ["admin"], responses: [200: "object", 403: "Error"]),
        .init(method: "delete", path: "/api/v1/admin/webhooks/{id}", summary: "Stop a subscription; its queued deliveries are dropped", tag: "webhooks", roles: ["admin"], responses: [204: "text", 403: "Error", 404: "Error"]),
        .init(method: "get", path: "/api/v1/admin/deliveries", summary: "Webhook and customer-message deliveries, newest first (status=dead: the dead letters)", tag: "webhooks", roles: ["admin"], responses: [200: "DeliveryPage", 400: "Error", 403: "Error"], query: ["status", "target", "orderId", "limit", "cursor"]),
        .init(method: "post", path: "/api/v1/admin/deliveries/{id}/retry", summary: "Send a dead delivery again", tag: "webhooks", roles: ["admin"], responses: [200: "Delivery", 403: "Error", 404: "Error", 409: "Error"]),
        .init(method: "get", path: "/api/v1/admin/alerts", summary: "Alert board: predicted late, stuck, failed delivery, carrier exception", tag: "alerts", roles: staff, responses: [200: "AlertPage", 400: "Error", 403: "Error"], query: ["state", "kind", "orderId", "limit", "cursor"]),
        .init(method: "post", path: "/api/v1/admin/alerts/{id}/acknowledge", summary: "Someone is on it", tag: "alerts", roles: staff, requestSchema: "AlertNote", responses: [200: "Alert", 403: "Error", 404: "Error", 409: "Error"]),
        .init(method: "post", path: "/api/v1/admin/alerts/{id}/resolve", summary: "Close an alert, with a note", tag: "alerts", roles: staff, requestSchema: "AlertNote", responses: [200: "Alert", 403: "Error", 404: "Error", 409: "Error"]),
        .init(method: "get", path: "/api/v1/admin/stock/ledger-check", summary: "Levels that differ from the sum of their movements", tag: "stock", roles: staff, responses: [200: "object"]),
    ]

    static func ref(_ name: String) -> [String: Any] {
        switch name {
        case "object": ["type": "object"]
        case "text": ["type": "string"]
        default: ["$ref": "#/components/schemas/\(name)"]
        }
    }

    static func object(_ properties: [String: Any], required: [String]) -> [String: Any] {
        ["type": "object", "properties": properties, "required": required]
    }

    static var string: [String: Any] { ["type": "string"] }
    static var integer: [String: Any] { ["type": "integer"] }
    static var number: [String: Any] { ["type": "number"] }
    static var boolean: [String: Any] { ["type": "boolean"] }
    static var time: [String: Any] { ["type": "string", "format": "date-time"] }
    static func array(_ item: [String: Any]) -> [String: Any] { ["type": "array", "items": item] }
    static func page(_ item: String) -> [String: Any] {
        object(["items": array(ref(item)), "nextCursor": ["type": ["string", "null"]]], required: ["items", "nextCursor"])
    }

    static var schemas: [String: Any] { [
        "Error": object(["error": object(["code": string, "message": string, "details": ["type": "object", "additionalProperties": string]], required: ["code", "message", "details"])], required: ["error"]),
        "Health": object(["status": string, "database": string, "schemaVersion": integer], required: ["status"]),
        "RegisterRequest": object(["email": string, "password": string, "name": string, "phone": string], required: ["email", "password", "name", "phone"]),
        "LoginRequest": object(["email": string, "password": string], required: ["email", "password"]),
        "RefreshRequest": object(["refreshToken": string], required: ["refreshToken"]),
        "User": object(["id": string, "email": string, "name": string, "phone": string, "role": ["type": "string", "enum": ["customer", "admin", "warehouse", "dispatcher", "driver", "agent"]], "createdAt": time], required: ["id", "email", "role"]),
        "Session": object(["user": ref("User"), "accessToken": string, "refreshToken": string, "expiresIn": integer], required: ["user", "accessToken", "refreshToken"]),
        "ProductView": object(["sku": string, "name": string, "category": string, "priceCents": integer, "available": integer, "weightGrams": integer, "volumeMillilitres": integer, "needsInstallation": boolean], required: ["sku", "name", "priceCents", "available"]),
        "ProductPage": page("ProductView"),
        "Product": object(["sku": string, "name": string, "category": string, "weightGrams": integer, "volumeMillilitres": integer, "needsInstallation": boolean, "serialTracked": boolean, "priceCents": integer, "active": boolean], required: ["sku", "name", "category", "weightGrams", "volumeMillilitres", "needsInstallation", "priceCents"]),
        "AddressRequest": object(["recipient": string, "phone": string, "region": string, "detail": string, "latitude": number, "longitude": number], required: ["recipient", "phone", "region", "detail", "latitude", "longitude"]),
        "Address": object(["id": string, "customerId": string, "recipient": string, "phone": string, "region": string, "detail": string, "latitude": number, "longitude": number], required: ["id"]),
        "AddressPage": page("Address"),
        "PlaceOrderRequest": object(["lines": array(object(["sku": string, "quantity": ["type": "integer", "minimum": 1]], required: ["sku", "quantity"])), "addressId": string, "deliveryWindow": object(["start": time, "end": time], required: ["start", "end"])], required: ["lines", "addressId"]),
        "TrackingEvent": object(["id": string, "orderId": string, "status": string, "message": string, "actor": string, "source": string, "occurredAt": time, "place": string, "note": string, "tag": string], required: ["id", "status", "occurredAt"]),
        "Order": object([
            "id": string, "number": string, "customerId": string, "status": string, "totalCents": integer,
            "lines": array(object(["sku": string, "name": string, "quantity": integer, "unitPriceCents": integer, "warehouseId": string], required: ["sku", "quantity"])),
            "shipments": array(object(["id": string, "warehouseId": string, "carrierCode": string, "waybillNumber": string], required: ["id", "warehouseId"])),
            "address": ref("AddressRequest"), "promisedDate": time, "reservationExpiresAt": time, "createdAt": time, "updatedAt": time,
            "timeline": array(ref("TrackingEvent")), "eta": object(["expectedAt": time, "earliest": time, "latest": time, "basis": string, "late": boolean], required: ["expectedAt", "earliest", "latest", "basis", "late"]),
        ], required: ["id", "number", "status", "lines", "timeline", "totalCents"]),
        "OrderPage": page("Order"),
        "CancelRequest": object(["reason": string], required: []),
        "PaymentCallback": object(["orderId": string, "amountCents": integer, "providerRef": string], required: ["orderId", "amountCents", "providerRef"]),
        "TransitionRequest": object(["to": string, "note": string], required: ["to"]),
        "StockMovementRequest": object(["warehouseId": string, "sku": string, "quantity": integer, "note": string], required: ["warehouseId", "sku", "quantity"]),
        "StockLevel": object(["warehouseId": string, "sku": string, "onHand": integer, "reserved": integer, "available": integer, "reorderPoint": integer], required: ["warehouseId", "sku", "onHand", "reserved", "available"]),
        "StockPage": page("StockLevel"),
        "CarrierCallback": object(["waybill": string, "status": string, "time": string, "place": string, "description": string], required: ["waybill", "status", "time"]),
        "CarrierCallbackReply": object(["orderId": string, "status": string, "duplicate": boolean], required: ["orderId", "status", "duplicate"]),
        "WebhookRequest": object(["name": string, "url": string], required: ["name", "url"]),
        "WebhookSubscription": object(["id": string, "name": string, "url": string, "active": boolean, "createdAt": time, "secret": string], required: ["id", "name", "url", "active"]),
        "Delivery": object(["id": integer, "channel": ["type": "string", "enum": ["webhook", "customerMessage"]], "target": string, "orderId": string, "customerId": string, "eventId": string, "position": integer, "status": ["type": "string", "enum": ["pending", "delivered", "dead"]], "attempts": integer, "nextAttemptAt": time, "lastError": string, "deliveredAt": time, "createdAt": time], required: ["id", "channel", "target", "status", "attempts"]),
        "DeliveryPage": page("Delivery"),
        "Alert": object(["id": string, "orderId": string, "kind": ["type": "string", "enum": ["predictedLate", "stuck", "deliveryFailed", "carrierException"]], "state": ["type": "string", "enum": ["open", "acknowledged", "resolved"]], "reason": string, "detail": string, "raisedAt": time, "acknowledgedBy": string, "acknowledgedAt": time, "resolvedBy": string, "resolvedAt": time, "resolution": string], required: ["id", "orderId", "kind", "state", "reason", "raisedAt"]),
        "AlertPage": page("Alert"),
        "AlertNote": object(["note": string], required: []),
        "WaybillRequest": object(["shipmentId": string, "carrierCode": string, "waybillNumber": string], required: ["carrierCode", "waybillNumber"]),
    ] }

    static func document() -> [String: Any] {
        var paths: [String: [String: Any]] = [:]
        for operation in operations {
            var item: [String: Any] = [
                "summary": operation.summary, "tags": [operation.tag], "operationId": operation.method + operation.path.replacingOccurrences(of: "/", with: "_"),
            ]
            var parameters: [[String: Any]] = []
            for segment in operation.path.split(separator: "/") where segment.hasPrefix("{") {
                parameters.append(["name": String(segment.dropFirst().dropLast()), "in": "path", "required": true, "schema": string])
            }
            for name in operation.query { parameters.append(["name": name, "in": "query", "required": false, "schema": string]) }
            for name in operation.headers { parameters.append(["name": name, "in": "header", "required": name.hasPrefix("X-"), "schema": string]) }
            if !parameters.isEmpty { item["parameters"] = parameters }
            if let schema = operation.requestSchema {
                item["requestBody"] = ["required": operation.requestSchema != "CancelRequest", "content": ["application/json": ["schema": ref(schema)]]]
            }
            if !operation.roles.isEmpty {
                item["security"] = [["bearer": [String]()]]
                item["x-roles"] = operation.roles
            }
            var responses: [String: Any] = [:]
            for (code, schema) in operation.responses {
                let type = schema == "text" ? "text/plain" : "application/json"
                responses[String(code)] = ["description": code < 400 ? "success" : "error", "content": [type: ["schema": ref(schema)]]]
            }
            item["responses"] = responses
            paths[operation.path, default: [:]][operation.method] = item
        }
        return [
            "openapi": "3.1.0",
            "info": ["title": "ChargeMall Logistics API", "version": "1.0.0",
                     "description": "Orders, stock and tracking for an EV-charging-equipment mall. Errors: {\"error\": {code, message, details}}. Times ISO 8601 UTC; money integer cents."],
            "paths": paths,
            "components": ["schemas": schemas, "securitySchemes": ["bearer": ["type": "http", "scheme": "bearer", "bearerFormat": "JWT"]]],
        ]
    }

    static let json: [UInt8] = {
        let data = (try? JSONSerialization.data(withJSONObject: document(), options: [.sortedKeys])) ?? Data("{}".utf8)
        return Array(data)
    }()
}
