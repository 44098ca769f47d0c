import Logistics

/// The named schemas of the OpenAPI document: request bodies with every limit the server enforces, and
/// responses as the server writes them. Limits here are enforced by `ContractMiddleware` before a handler
/// runs; the domain keeps its own checks (no looser than these) for callers that are not HTTP.
enum APISchemas {
    /// 6 to 20 digits, optionally with a leading + and - or space separators.
    static let phone = Schema.string(min: 6, max: 24, pattern: "^[+]?[ -]*([0-9][ -]*){6,20}$").described("6 to 20 digits, optionally with +, - or spaces")
    /// Letters, digits, '-' and '_': SKUs, carrier codes, waybills.
    static func code(min: Int, max: Int) -> Schema {
        Schema.string(min: min, max: max, pattern: "^[A-Za-z0-9_-]+$").described("\(min) to \(max) letters, digits, '-' or '_'")
    }
    /// Text that is not only spaces. U+0085 counts as space too: ECMA-262 (which clients read the pattern by)
    /// says it is not, Foundation's trimming (which the domain uses) says it is.
    static func text(max: Int) -> Schema { Schema.string(min: 1, max: max, pattern: "[^\\s\\u0085]").described("1 to \(max) characters, not only spaces") }
    static let identifier = Schema.string(min: 1, max: 100)
    /// RFC 3339, or Kuaidi100's `yyyy-MM-dd HH:mm:ss`; a time without a zone is China time (UTC+8).
    static let carrierTime = Schema.string(
        min: 19, max: 40,
        pattern: "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])[Tt ]([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\\.[0-9]+)?([Zz]|[+-]([01][0-9]|2[0-3]):[0-5][0-9])?$"
    ).described("RFC 3339, or yyyy-MM-dd HH:mm:ss in China time")
    static let note = Schema.string(max: 500)
    /// An absolute http(s) URL of plain RFC 3986 characters (no percent-escapes or brackets to get wrong).
    static let webhookURL = Schema.string(
        min: 8, max: 500,
        pattern: "^[Hh][Tt][Tt][Pp][Ss]?://[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*(:([0-9]{1,4}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]))?([/?][A-Za-z0-9._~!$&'()*+,;=:@/?-]*)?(#[A-Za-z0-9._~!$&'()*+,;=:@/?-]*)?$"
    ).described("an absolute http or https URL")

    static let planDate = Schema.string(min: 10, max: 10, pattern: "^[0-9]{4}-[0-9]{2}-[0-9]{2}$").described("YYYY-MM-DD, China time")

    static func page(of item: String) -> Schema {
        .object(["items": .array(.ref(item)), "nextCursor": Schema.string().orNull], required: ["items", "nextCursor"])
    }

    static let all: [String: Schema] = requests.merging(responses) { first, _ in first }.merging(inventory) { first, _ in first }

    static let quantity = Schema.integer(min: 1, max: PurchasingService.maximumQuantity)
    static let sku = code(min: 2, max: 40)
    static let poLine = Schema.object(["sku": sku, "warehouseId": identifier, "quantity": quantity], required: ["sku", "warehouseId", "quantity"])
    static let finiteNumber = Schema.number()

    /// Inventory operations (issue 12): requests and responses.
    static let inventory: [String: Schema] = [
        "InventorySettings": .object([
            "serviceTargets": Schema.object(["A": .number(min: 0.5, max: 0.999), "B": .number(min: 0.5, max: 0.999), "C": .number(min: 0.5, max: 0.999)],
                                            required: ["A", "B", "C"]).described("fill-rate target per ABC class"),
            "reviewDays": .integer(min: 1, max: 56), "receiptTolerance": Schema.number(min: 0, max: 0.5).described("a receipt may exceed the ordered quantity by this share"),
            "slowCoverDays": .number(min: 7, max: 3650), "deadAfterDays": .integer(min: 7, max: 3650),
            "nightlyAt": Schema.string(min: 5, max: 5, pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$").described("HH:MM, China time"),
        ], required: ["serviceTargets", "reviewDays", "receiptTolerance", "slowCoverDays", "deadAfterDays", "nightlyAt"]),
        "SupplierRequest": .object([
            "name": text(max: 200), "leadTimeDays": .number(min: 0, max: 365), "leadTimeSpreadDays": .number(min: 0, max: 365),
            "items": .array(.object(["sku": sku, "unitCostCents": .integer(min: 0, max: 1_000_000_000), "packSize": .integer(min: 1, max: 100_000),
                                     "minimumOrder": .integer(min: 0, max: 1_000_000)], required: ["sku", "unitCostCents"]), max: 10_000),
        ], required: ["name", "leadTimeDays", "items"]),
        "Supplier": .object([
            "id": .string(), "name": .string(), "leadTimeDays": .number(min: 0), "leadTimeSpreadDays": .number(min: 0),
            "items": .array(.object(["sku": .string(), "unitCostCents": .integer(min: 0), "packSize": .integer(min: 1), "minimumOrder": .integer(min: 0)],
                                    required: ["sku", "unitCostCents", "packSize", "minimumOrder"])),
        ], required: ["id", "name", "leadTimeDays", "leadTimeSpreadDays", "items"]),
        "SupplierPage": page(of: "Supplier"),
        "PromotionRequest": .object([
            "name": text(max: 100), "kind": .oneOf(PromotionKind.self), "startDate": planDate, "endDate": planDate,
            "uplift": Schema.number(min: 0.01, max: 50).described("expected demand in its weeks over an ordinary week; learnt from history when there is some"),
            "skus": .array(sku, max: 1000), "warehouseId": Schema.string(min: 1, max: 100).described("where its buyers are (a flash sale's audience)"),
        ], required: ["name", "kind", "startDate", "endDate"]),
        "Promotion": .object([
            "id": .string(), "name": .string(), "kind": .oneOf(PromotionKind.self), "startDate": .string(), "endDate": .string(), "uplift": .number(),
            "skus": .array(.string()), "warehouseId": .string(),
        ], required: ["id", "name", "kind", "startDate", "endDate", "skus"]),
        "PromotionPage": page(of: "Promotion"),
        "PlanningRunAccepted": .object(["id": .string(), "status": .oneOf(PlanningRunStatus.self)], required: ["id", "status"]),
        "PlanningRun": .object([
            "id": .string(), "status": .oneOf(PlanningRunStatus.self), "trigger": .oneOf(PlanningRunTrigger.self), "requestedBy": .string(),
            "createdAt": .time, "startedAt": .time, "finishedAt": .time, "error": .string(),
            "figures": .object([
                "series": .integer(min: 0), "purchaseSuggestions": .integer(min: 0), "transferSuggestions": .integer(min: 0), "alertsRaised": .integer(min: 0),
                "alertsByKind": .map(of: .integer(min: 0)), "models": .map(of: .integer(min: 0)), "seconds": .number(min: 0),
            ], required: ["series", "purchaseSuggestions", "transferSuggestions", "alertsRaised", "alertsByKind", "models", "seconds"]),
        ], required: ["id", "status", "trigger", "createdAt"]),
        "SKUForecast": .object([
            "sku": .string(), "warehouseId": .string(), "runId": .string(), "model": .string(), "granularity": .oneOf(["week"]),
            "yearlySeasonality": .boolean, "uplifts": .map(of: .number(min: 0)), "createdAt": .time,
            "history": .array(.object(["date": .string(), "value": .number(min: 0), "lost": .number(min: 0), "event": .string()], required: ["date", "value", "lost"])),
            "forecast": .array(.object([
                "date": .string(), "mean": .number(min: 0), "lo80": .number(min: 0), "hi80": .number(min: 0), "lo95": .number(min: 0), "hi95": .number(min: 0),
                "event": .string(),
            ], required: ["date", "mean", "lo80", "hi80", "lo95", "hi95"])),
            "policy": .object([
                "abcClass": .oneOf(ABCClass.self), "serviceTarget": .number(min: 0, max: 1), "leadTimeDays": .number(min: 0), "leadTimeSpreadDays": .number(min: 0),
                "reviewDays": .integer(min: 1), "reorderPoint": finiteNumber, "orderUpTo": finiteNumber, "safetyStock": finiteNumber, "dailyRate": .number(min: 0),
            ], required: ["abcClass", "serviceTarget", "leadTimeDays", "leadTimeSpreadDays", "reviewDays", "reorderPoint", "orderUpTo", "safetyStock", "dailyRate"]),
        ], required: ["sku", "warehouseId", "runId", "model", "granularity", "yearlySeasonality", "uplifts", "createdAt", "history", "forecast", "policy"]),
        "Suggestion": .object([
            "id": .string(), "runId": .string(), "kind": .oneOf(SuggestionKind.self), "sku": .string(), "warehouseId": .string(), "fromWarehouseId": .string(),
            "supplierId": .string(), "quantity": .integer(min: 1), "reason": .string(), "stockoutDate": .string(), "daysOfCover": .number(),
            "inventoryPosition": .integer(), "reorderPoint": finiteNumber, "orderUpTo": finiteNumber, "abcClass": .oneOf(ABCClass.self),
            "state": .oneOf(SuggestionState.self), "purchaseOrderId": .string(), "transferId": .string(), "createdAt": .time,
        ], required: ["id", "runId", "kind", "sku", "warehouseId", "quantity", "reason", "inventoryPosition", "reorderPoint", "orderUpTo", "abcClass", "state", "createdAt"]),
        "SuggestionPage": page(of: "Suggestion"),
        "PurchaseOrderRequest": Schema.object([
            "suggestionIds": .array(identifier, min: 1, max: PurchasingService.maximumLines), "supplierId": identifier,
            "lines": .array(poLine, min: 1, max: PurchasingService.maximumLines), "note": note,
        ]).described("either suggestionIds, or supplierId with lines (422 otherwise)"),
        "ReceiptLinesRequest": .object(["lines": .array(poLine, min: 1, max: PurchasingService.maximumLines)], required: ["lines"]),
        "PurchaseOrder": .object([
            "id": .string(), "supplierId": .string(), "status": .oneOf(PurchaseOrderStatus.self),
            "lines": .array(.object(["sku": .string(), "warehouseId": .string(), "quantity": .integer(min: 1), "received": .integer(min: 0), "unitCostCents": .integer(min: 0)],
                                    required: ["sku", "warehouseId", "quantity", "received", "unitCostCents"])),
            "createdBy": .string(), "createdAt": .time, "updatedAt": .time, "approvedBy": .string(), "approvedAt": .time, "sentAt": .time, "closedAt": .time,
            "expectedDate": .string(), "note": .string(),
        ], required: ["id", "supplierId", "status", "lines", "createdBy", "createdAt", "updatedAt"]),
        "PurchaseOrderPage": page(of: "PurchaseOrder"),
        "PurchaseOrderBatch": page(of: "PurchaseOrder"),
        "Receipt": .object([
            "id": .string(), "purchaseOrderId": .string(), "receivedBy": .string(), "receivedAt": .time,
            "lines": .array(.object(["sku": .string(), "warehouseId": .string(), "quantity": .integer(min: 1)], required: ["sku", "warehouseId", "quantity"])),
        ], required: ["id", "purchaseOrderId", "receivedBy", "receivedAt", "lines"]),
        "ReceiptPage": page(of: "Receipt"),
        "TransferRequest": Schema.object([
            "suggestionIds": .array(identifier, min: 1, max: PurchasingService.maximumLines), "fromWarehouseId": identifier, "toWarehouseId": identifier,
            "lines": .array(.object(["sku": sku, "quantity": quantity], required: ["sku", "quantity"]), min: 1, max: PurchasingService.maximumLines),
            "reason": note,
        ]).described("either suggestionIds, or fromWarehouseId, toWarehouseId and lines (422 otherwise)"),
        "Transfer": .object([
            "id": .string(), "fromWarehouseId": .string(), "toWarehouseId": .string(), "status": .oneOf(TransferStatus.self),
            "lines": .array(.object(["sku": .string(), "quantity": .integer(min: 1)], required: ["sku", "quantity"])), "reason": .string(),
            "createdBy": .string(), "createdAt": .time, "shippedAt": .time, "receivedAt": .time,
        ], required: ["id", "fromWarehouseId", "toWarehouseId", "status", "lines", "createdBy", "createdAt"]),
        "TransferPage": page(of: "Transfer"),
        "TransferBatch": page(of: "Transfer"),
        "StockAlert": .object([
            "id": .string(), "warehouseId": .string(), "sku": .string(), "kind": .oneOf(StockAlertKind.self), "state": .oneOf(AlertState.self),
            "detail": .string(), "advice": .string(), "raisedAt": .time, "acknowledgedBy": .string(), "acknowledgedAt": .time, "resolvedBy": .string(),
            "resolvedAt": .time, "resolution": .string(),
        ], required: ["id", "warehouseId", "sku", "kind", "state", "detail", "advice", "raisedAt"]),
        "StockAlertPage": page(of: "StockAlert"),
        "InventoryKPI": .object([
            "key": .string(), "servedUnits": .integer(min: 0), "lostSales": .integer(min: 0), "lostSalesCents": .integer(min: 0), "cogsCents": .integer(min: 0),
            "averageInventoryValueCents": .integer(min: 0), "turnover": .number(min: 0), "turnoverPerYear": .number(min: 0), "daysOfCover": .number(min: 0),
            "fillRate": .number(min: 0, max: 1), "stockoutDays": .integer(min: 0), "inventoryValueCents": .integer(min: 0),
        ], required: ["key", "servedUnits", "lostSales", "lostSalesCents", "cogsCents", "averageInventoryValueCents", "turnover", "turnoverPerYear",
                      "stockoutDays", "inventoryValueCents"]),
        "InventoryKPIReport": .object([
            "from": .string(), "to": .string(), "groupBy": .oneOf(KPIGrouping.self), "total": .ref("InventoryKPI"), "items": .array(.ref("InventoryKPI")),
        ], required: ["from", "to", "groupBy", "total", "items"]),
    ]

    static let requests: [String: Schema] = [
        "RegisterRequest": .object([
            "email": .string(min: 3, max: 254, pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$").described("an e-mail address"),
            "password": .string(min: 8, max: 128), "name": text(max: 60), "phone": phone,
        ], required: ["email", "password", "name", "phone"]),
        "StaffRequest": .object([
            "email": .string(min: 3, max: 254, pattern: "^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$").described("an e-mail address"),
            "password": .string(min: 8, max: 128), "name": text(max: 60), "phone": phone, "role": .oneOf(Role.allCases.filter(\.isStaff).map(\.rawValue)),
        ], required: ["email", "password", "name", "phone", "role"]),
        "ChargingStationRequest": .object([
            "name": text(max: 60),
            "location": .object(["latitude": .number(min: -90, max: 90), "longitude": .number(min: -180, max: 180)], required: ["latitude", "longitude"]),
            "powerKW": Schema.number(min: 1, max: 600).described("what the charger delivers to one van"),
            "warehouseId": Schema.string(min: 1, max: 100).described("for a warehouse's own charger"),
        ], required: ["name", "location", "powerKW"]),
        "RoleRequest": .object(["role": .oneOf(Role.allCases.filter(\.isStaff).map(\.rawValue))], required: ["role"]),
        "UserPage": page(of: "User"),
        "LoginRequest": .object(["email": .string(max: 254), "password": .string(max: 128)], required: ["email", "password"]),
        "RefreshRequest": .object(["refreshToken": .string(max: 200)], required: ["refreshToken"]),
        "ConversationRequest": .object([
            "orderId": identifier, "category": .oneOf(ConversationCategory.self), "text": text(max: ConversationRules.maximumText),
        ], required: ["category", "text"]),
        "MessageRequest": .object(["text": text(max: ConversationRules.maximumText), "internal": .boolean], required: ["text"]),
        "RatingRequest": .object(["score": .integer(min: 1, max: 5), "comment": note], required: ["score"]),
        "AssignRequest": .object(["agentId": identifier]),
        "AddressChangeRequest": .object(["addressId": identifier], required: ["addressId"]),
        "ReturnCreate": .object([
            "kind": .oneOf(ReturnKind.self), "reason": .oneOf(ReturnReason.self), "detail": text(max: ConversationRules.maximumText), "unused": .boolean,
            "lines": .array(.object(["sku": .string(min: 1, max: 40), "quantity": .integer(min: 1, max: 1000)], required: ["sku", "quantity"]), min: 1, max: 50),
        ], required: ["kind", "lines", "reason"]),
        "ReturnDecision": .object(["note": note]),
        "InstallationRequest": .object(["start": .time], required: ["start"]),
        "ReturnReceipt": .object(["outcome": .oneOf(InspectionOutcome.self), "note": note], required: ["outcome"]),

        "ServiceLevelRequest": .object([
            "firstResponseMinutes": .integer(min: ServiceLevel.limits.lowerBound, max: ServiceLevel.limits.upperBound),
            "resolutionMinutes": .integer(min: ServiceLevel.limits.lowerBound, max: ServiceLevel.limits.upperBound),
        ], required: ["firstResponseMinutes", "resolutionMinutes"]),
        "CannedReplyRequest": .object([
            "title": text(max: CannedReplyRules.maximumTitle), "text": text(max: ConversationRules.maximumText), "category": .oneOf(ConversationCategory.self),
        ], required: ["title", "text"]),
        "AddressRequest": .object([
            "recipient": text(max: 60), "phone": phone, "region": text(max: 60), "detail": text(max: 200),
            "latitude": .number(min: -90, max: 90), "longitude": .number(min: -180, max: 180),
        ], required: ["recipient", "phone", "region", "detail", "latitude", "longitude"]),
        "PlaceOrderRequest": .object([
            "lines": .array(.object(["sku": code(min: 2, max: 40), "quantity": .integer(min: 1, max: OrderSettings().maxQuantityPerLine)], required: ["sku", "quantity"]),
                            min: 1, max: OrderSettings().maxLinesPerOrder),
            "addressId": identifier,
            "deliveryWindow": .ref("DeliveryWindow"),
        ], required: ["lines", "addressId"]),
        "CancelRequest": .object(["reason": note]),
        "PaymentCallback": .object(["orderId": identifier, "amountCents": .integer(min: 0, max: 1_000_000_000_000), "providerRef": .string(min: 1, max: 200)],
                                   required: ["orderId", "amountCents", "providerRef"]),
        "TransitionRequest": .object(["to": .oneOf(OrderStatus.self), "note": note], required: ["to"]),
        "ProductRequest": .object([
            "sku": code(min: 2, max: 40), "name": text(max: 200), "category": .oneOf(ProductCategory.self),
            "weightGrams": .integer(min: 0, max: 10_000_000), "volumeMillilitres": .integer(min: 0, max: 100_000_000),
            "needsInstallation": .boolean, "serialTracked": .boolean, "priceCents": .integer(min: 0, max: 1_000_000_000), "active": .boolean,
        ], required: ["sku", "name", "category", "weightGrams", "volumeMillilitres", "needsInstallation", "priceCents"]),
        "ReceiptRequest": .object(["warehouseId": identifier, "sku": code(min: 2, max: 40), "quantity": .integer(min: 1, max: StockService.maximumMovement), "note": note],
                                  required: ["warehouseId", "sku", "quantity"]),
        "AdjustmentRequest": .object([
            "warehouseId": identifier, "sku": code(min: 2, max: 40),
            "quantity": Schema.integer(min: -StockService.maximumMovement, max: StockService.maximumMovement).excluding(0).described("signed, not zero"),
            "note": note,
        ], required: ["warehouseId", "sku", "quantity"]),
        "CarrierCallback": .object([
            "waybill": code(min: 1, max: 64), "status": .oneOf(TrackingTag.carrierStatuses),
            "time": carrierTime,
            "place": .string(max: 200), "description": .string(max: 500),
        ], required: ["waybill", "status", "time"]),
        "WaybillRequest": .object(["shipmentId": identifier, "carrierCode": code(min: 1, max: 64), "waybillNumber": code(min: 1, max: 64)],
                                  required: ["carrierCode", "waybillNumber"]),
        "WebhookRequest": .object(["name": text(max: 100), "url": webhookURL,
                                   "topics": Schema.array(.oneOf(WebhookTopic.self), min: 1, max: 10).described("what to receive; all topics when left out")],
                                  required: ["name", "url"]),
        "AlertNote": .object(["note": note]),
        "DeliveryWindow": .object(["start": .time, "end": .time], required: ["start", "end"]),
        "VehicleRequest": .object([
            "plate": text(max: 20), "warehouseId": identifier,
            "capacityGrams": .integer(min: 1, max: 50_000_000), "capacityMillilitres": .integer(min: 1, max: 100_000_000),
            "skills": .array(.oneOf(VehicleSkill.self), max: 10),
            "shiftStartMinute": .integer(min: 0, max: 1439), "shiftEndMinute": .integer(min: 1, max: 1440),
            "costPerKmCents": .integer(min: 0, max: 100_000), "costPerHourCents": .integer(min: 0, max: 1_000_000),
            "electric": .ref("ElectricSpec"), "driverId": identifier,
            "districts": Schema.array(.oneOf(District.codes), max: 10).described("the districts it keeps to under the zone rule; none: anywhere"),
        ], required: ["plate", "warehouseId", "capacityGrams", "capacityMillilitres"]),
        "AssignmentRequest": .object(["driverId": identifier, "vehicleId": identifier, "date": planDate], required: ["driverId", "vehicleId", "date"]),
        "TrafficRequest": Schema.object([
            "center": .object(["latitude": .number(min: -90, max: 90), "longitude": .number(min: -180, max: 180)], required: ["latitude", "longitude"]),
            "radiusKm": .number(min: 0.05, max: 100),
            "corridor": Schema.object([
                "points": .array(.object(["latitude": .number(min: -90, max: 90), "longitude": .number(min: -180, max: 180)], required: ["latitude", "longitude"]),
                                 min: 2, max: 50),
                "widthKm": .number(min: 0.1, max: 20),
            ], required: ["points", "widthKm"]).described("a road: the polyline and the width of the slowed band around it"),
            "factor": .number(min: 1, max: 10), "from": .time, "to": .time, "reason": text(max: 200),
        ], required: ["factor", "from", "to", "reason"]).described("a zone (center and radiusKm) or a road (corridor), one of the two (422 otherwise)"),
        "DeliverRequest": .object(["recipientName": text(max: 60), "note": note], required: ["recipientName"]),
        "FailRequest": .object(["reason": text(max: 300)], required: ["reason"]),
        "PositionsRequest": .object([
            "points": .array(.object(["latitude": .number(min: -90, max: 90), "longitude": .number(min: -180, max: 180), "at": .time],
                                     required: ["latitude", "longitude", "at"]), min: 1, max: 500),
        ], required: ["points"]),
        "ElectricSpec": .object(["batteryKWh": .number(min: 0.1, max: 1_000), "kWhPerKm": .number(min: 0.01, max: 5)], required: ["batteryKWh", "kWhPerKm"]),
        "CutoffRequest": .object([
            "times": Schema.array(.string(min: 5, max: 5, pattern: "^([01][0-9]|2[0-3]):[0-5][0-9]$"), max: 12)
                .described("HH:MM, China time: at each, the orders so far are planned for the day; none: plan only on request"),
            "seconds": Schema.number(min: 1, max: 120).described("the solver's budget per plan, 30 by default"),
            "autoPublish": Schema.boolean.described("publish each plan as soon as it is made (default: it waits, ready, for a dispatcher)"),
        ], required: ["times"]),
        "PinRequest": .object([
            "orderId": identifier, "vehicleId": Schema.string(min: 1, max: 100).described("the van to keep it on; its current one when left out"),
            "seconds": Schema.number(min: 0.1, max: 30).described("the re-optimisation's budget, 2 by default"),
        ], required: ["orderId"]),
        "PlanRequest": .object([
            "warehouseId": identifier,
            "date": planDate, "seconds": .number(min: 1, max: 120),
        ], required: ["warehouseId", "date"]),
    ]

    static let responses: [String: Schema] = [
        "Error": .object(["error": .object(["code": .string(), "message": .string(), "details": .map(of: .string())], required: ["code", "message", "details"])],
                         required: ["error"]),
        "Health": .object(["status": .oneOf(["ok", "unavailable"]), "database": .string(), "schemaVersion": .integer()], required: ["status", "database", "schemaVersion"]),
        "User": .object(["id": .string(), "email": .string(), "name": .string(), "phone": .string(), "role": .oneOf(Role.self), "createdAt": .time],
                        required: ["id", "email", "name", "role", "createdAt"]),
        "Session": .object(["user": .ref("User"), "accessToken": .string(), "refreshToken": .string(), "expiresIn": .integer()],
                           required: ["user", "accessToken", "refreshToken", "expiresIn"]),
        "SignedOut": .object(["sessionsEnded": .integer(min: 0)], required: ["sessionsEnded"]),
        "AuditEntry": .object([
            "id": .string(), "at": .time, "actorId": .string(), "actorRole": .oneOf(Role.self), "method": .string(), "path": .string(),
            "route": .string(), "action": .string(), "status": .integer(), "detail": .string(),
        ], required: ["id", "at", "actorId", "actorRole", "method", "path", "route", "action", "status"]),
        "AuditPage": page(of: "AuditEntry"),
        "ProductView": .object([
            "sku": .string(), "name": .string(), "category": .oneOf(ProductCategory.self), "priceCents": .integer(), "available": .integer(min: 0),
            "weightGrams": .integer(), "volumeMillilitres": .integer(), "needsInstallation": .boolean,
        ], required: ["sku", "name", "category", "priceCents", "available", "weightGrams", "volumeMillilitres", "needsInstallation"]),
        "ProductPage": page(of: "ProductView"),
        "Product": .object([
            "sku": .string(), "name": .string(), "category": .oneOf(ProductCategory.self), "weightGrams": .integer(), "volumeMillilitres": .integer(),
            "needsInstallation": .boolean, "serialTracked": .boolean, "priceCents": .integer(), "active": .boolean,
        ], required: ["sku", "name", "category", "weightGrams", "volumeMillilitres", "needsInstallation", "serialTracked", "priceCents", "active"]),
        "Address": .object([
            "id": .string(), "customerId": .string(), "recipient": .string(), "phone": .string(), "region": .string(), "detail": .string(),
            "latitude": .number(), "longitude": .number(),
        ], required: ["id", "customerId", "recipient", "phone", "region", "detail", "latitude", "longitude"]),
        "AddressPage": page(of: "Address"),
        "AddressSnapshot": .object([
            "recipient": .string(), "phone": .string(), "region": .string(), "detail": .string(), "latitude": .number(), "longitude": .number(),
        ], required: ["recipient", "phone", "region", "detail", "latitude", "longitude"]),
        "TrackingEvent": .object([
            "id": .string(), "orderId": .string(), "status": .oneOf(OrderStatus.self), "message": .string(), "actor": .string(),
            "source": .oneOf(EventSource.self), "occurredAt": .time, "place": .string(), "note": .string(), "tag": .oneOf(TrackingTag.self),
            "sequence": .integer(),
        ], required: ["id", "orderId", "status", "message", "actor", "source", "occurredAt", "sequence"]),
        "DeliveryEstimate": .object(["expectedAt": .time, "earliest": .time, "latest": .time, "basis": .oneOf(["backlog+travel", "route"]), "late": .boolean,
                                     "stopsBefore": Schema.integer(min: 0).described("on a route: stops the van makes before this one")],
                                    required: ["expectedAt", "earliest", "latest", "basis", "late"]),
        "Order": .object([
            "id": .string(), "number": .string(), "customerId": .string(), "status": .oneOf(OrderStatus.self), "totalCents": .integer(),
            "lines": .array(.object(["sku": .string(), "name": .string(), "quantity": .integer(), "unitPriceCents": .integer(), "warehouseId": .string()],
                                    required: ["sku", "name", "quantity", "unitPriceCents", "warehouseId"])),
            "shipments": .array(.object(["id": .string(), "warehouseId": .string(), "carrierCode": .string(), "waybillNumber": .string(),
                                         "deliveredAt": Schema.time.described("a split order's parcel delivered; the order is delivered with its last")],
                                        required: ["id", "warehouseId"])),
            "address": .ref("AddressSnapshot"), "deliveryWindow": .ref("DeliveryWindow"), "promisedDate": .time, "reservationExpiresAt": .time,
            "paymentReference": .string(), "createdAt": .time, "updatedAt": .time, "timeline": .array(.ref("TrackingEvent")),
            "eta": Schema.ref("DeliveryEstimate").described("absent once the order is closed"),
        ], required: ["id", "number", "customerId", "status", "totalCents", "lines", "shipments", "address", "createdAt", "updatedAt", "timeline"]),
        "OrderPage": page(of: "Order"),
        "StockLevel": .object(["warehouseId": .string(), "sku": .string(), "onHand": .integer(), "reserved": .integer(), "available": .integer(), "reorderPoint": .integer()],
                              required: ["warehouseId", "sku", "onHand", "reserved", "available", "reorderPoint"]),
        "StockPage": page(of: "StockLevel"),
        "StockMovement": .object([
            "id": .integer(), "warehouseId": .string(), "sku": .string(), "kind": .oneOf(StockMovementKind.self), "quantity": .integer(),
            "onHandDelta": .integer(), "reservedDelta": .integer(), "orderId": .string(), "note": .string(), "createdAt": .time,
        ], required: ["id", "warehouseId", "sku", "kind", "onHandDelta", "reservedDelta", "createdAt"]),
        "StockMovementPage": page(of: "StockMovement"),
        "LedgerCheck": .object([
            "consistent": .boolean,
            "discrepancies": .array(.object([
                "warehouseId": .string(), "sku": .string(), "storedOnHand": .integer(), "ledgerOnHand": .integer(),
                "storedReserved": .integer(), "ledgerReserved": .integer(),
            ], required: ["warehouseId", "sku", "storedOnHand", "ledgerOnHand", "storedReserved", "ledgerReserved"])),
        ], required: ["consistent", "discrepancies"]),
        "Warehouse": .object([
            "id": .string(), "code": .string(), "name": .string(), "address": .string(),
            "location": .object(["latitude": .number(), "longitude": .number()], required: ["latitude", "longitude"]),
        ], required: ["id", "code", "name", "address", "location"]),
        "WarehousePage": page(of: "Warehouse"),
        "CarrierCallbackReply": .object(["orderId": .string(), "status": .oneOf(OrderStatus.self), "duplicate": .boolean], required: ["orderId", "status", "duplicate"]),
        "WebhookSubscription": .object([
            "id": .string(), "name": .string(), "url": .string(), "active": .boolean, "createdAt": .time, "topics": .array(.oneOf(WebhookTopic.self)),
            "secret": Schema.string().described("shown once, when the subscription is created"),
        ], required: ["id", "name", "url", "active", "createdAt", "topics"]),
        "WebhookPage": page(of: "WebhookSubscription"),
        "ChatMessage": .object([
            "id": .string(), "conversationId": .string(), "author": .oneOf(MessageAuthor.self), "authorId": .string(), "text": .string(),
            "internal": .boolean, "createdAt": .time, "sequence": .integer(min: 1),
            "attachment": .object(["id": .string(), "format": .oneOf(PhotoFormat.self), "bytes": .integer(min: 1)], required: ["id", "format", "bytes"]),
        ], required: ["id", "conversationId", "author", "text", "internal", "createdAt", "sequence"]),
        "MessagePage": page(of: "ChatMessage"),
        "Conversation": .object([
            "id": .string(), "customerId": .string(), "orderId": .string(), "category": .oneOf(ConversationCategory.self),
            "state": .oneOf(ConversationState.self), "assigneeId": .string(), "handedOver": .boolean, "createdAt": .time, "updatedAt": .time,
            "firstResponseAt": .time, "solvedAt": .time, "rating": .integer(min: 1, max: 5), "ratingComment": .string(),
            "messages": .array(.ref("ChatMessage")), "serviceLevel": .ref("ConversationServiceLevel"),
        ], required: ["id", "customerId", "category", "state", "handedOver", "createdAt", "updatedAt", "messages"]),
        "ConversationPage": page(of: "Conversation"),
        "Refund": .object([
            "id": .string(), "orderId": .string(), "customerId": .string(), "amountCents": .integer(min: 0), "reason": .string(),
            "status": .oneOf(RefundStatus.self), "attempts": .integer(min: 0), "paymentReference": .string(), "providerReference": .string(),
            "lastError": .string(), "createdAt": .time, "completedAt": .time,
        ], required: ["id", "orderId", "customerId", "amountCents", "reason", "status", "attempts", "paymentReference", "createdAt"]),
        "RefundPage": page(of: "Refund"),
        "Return": .object([
            "id": .string(), "orderId": .string(), "customerId": .string(), "kind": .oneOf(ReturnKind.self), "reason": .oneOf(ReturnReason.self),
            "detail": .string(), "lines": .array(.object(["sku": .string(), "quantity": .integer(min: 1)], required: ["sku", "quantity"])),
            "status": .oneOf(ReturnStatus.self), "decidedBy": .string(), "decisionNote": .string(), "pickup": .oneOf(ReturnRequest.PickupMethod.self),
            "returnWaybill": .ref("ReturnWaybill"),
            "photos": .array(.object(["id": .string(), "format": .oneOf(PhotoFormat.self), "bytes": .integer(min: 1)], required: ["id", "format", "bytes"])),
            "inspection": .oneOf(InspectionOutcome.self), "inspectionNote": .string(), "refundId": .string(), "refundCents": .integer(min: 0),
            "replacementOrderId": .string(), "createdAt": .time, "updatedAt": .time,
        ], required: ["id", "orderId", "customerId", "kind", "reason", "lines", "status", "pickup", "photos", "refundCents", "createdAt", "updatedAt"]),
        "ReturnPage": page(of: "Return"),
        "ReturnWaybill": .object([
            "carrierCode": .string(pattern: "^[A-Za-z0-9-]{2,20}$"), "waybillNumber": .string(pattern: "^[A-Za-z0-9-]{6,40}$"),
        ], required: ["carrierCode", "waybillNumber"]),
        "InstallationSlot": .object(["start": .time, "end": .time, "available": .integer(min: 0)], required: ["start", "end", "available"]),
        "InstallationSlotPage": page(of: "InstallationSlot"),
        "ServiceClock": .object([
            "dueAt": .time, "state": .oneOf(ServiceClockState.self), "minutesLeft": .number(),
        ], required: ["dueAt", "state"]),
        "ConversationServiceLevel": .object(["firstResponse": .ref("ServiceClock"), "resolution": .ref("ServiceClock")], required: ["firstResponse", "resolution"]),
        "ServiceLevel": .object([
            "category": .oneOf(ConversationCategory.self), "firstResponseMinutes": .integer(min: 1), "resolutionMinutes": .integer(min: 1),
        ], required: ["category", "firstResponseMinutes", "resolutionMinutes"]),
        "ServiceLevels": .object(["businessHours": .string(), "items": .array(.ref("ServiceLevel"))], required: ["businessHours", "items"]),
        "CannedReply": .object([
            "id": .string(), "title": .string(), "text": .string(), "category": .oneOf(ConversationCategory.self), "createdBy": .string(), "createdAt": .time,
        ], required: ["id", "title", "text", "createdBy", "createdAt"]),
        "CannedReplyPage": page(of: "CannedReply"),
        "FilledReply": .object(["id": .string(), "title": .string(), "text": .string(), "missing": .array(.string())], required: ["id", "title", "text", "missing"]),
        "FilledReplyPage": page(of: "FilledReply"),
        "ServiceMetrics": .object([
            "from": .string(), "to": .string(), "conversations": .integer(min: 0), "ordersPlaced": .integer(min: 0),
            "conversationsPer100Orders": .number(min: 0), "firstResponseMinutesMedian": .number(), "firstResponseMinutesP90": .number(),
            "resolutionMinutesMedian": .number(), "resolutionMinutesP90": .number(), "selfServiceShare": .number(min: 0, max: 1),
            "rated": .integer(min: 0), "satisfactionMean": .number(min: 1, max: 5),
        ], required: ["from", "to", "conversations", "ordersPlaced", "rated"]),
        "OrderExplanation": .object([
            "orderId": .string(), "status": .oneOf(OrderStatus.self), "eta": .ref("DeliveryEstimate"), "stopsBefore": .integer(min: 0),
            "delayReason": .oneOf(DelayCause.self), "next": .string(), "text": .string(), "language": .oneOf(["zh-CN", "en"]),
        ], required: ["orderId", "status", "next", "text", "language"]),
        "TrafficIncident": .object([
            "id": .string(), "center": .object(["latitude": .number(), "longitude": .number()], required: ["latitude", "longitude"]),
            "radiusKm": .number(min: 0), "factor": .number(min: 1), "from": .time, "to": .time,
            "corridor": .array(.object(["latitude": .number(), "longitude": .number()], required: ["latitude", "longitude"])),
            "reason": .string(), "createdAt": .time,
        ], required: ["id", "center", "radiusKm", "factor", "from", "to", "corridor", "reason", "createdAt"]),
        "TrafficIncidentPage": page(of: "TrafficIncident"),
        "FleetPosition": .object([
            "driverId": .string(), "routeId": .string(), "latitude": .number(), "longitude": .number(), "at": .time,
        ], required: ["driverId", "latitude", "longitude", "at"]),
        "FleetPositionPage": page(of: "FleetPosition"),
        "Overview": .object([
            "day": .string(), "onTimeShareLast7Days": .number(min: 0, max: 1),
            "counts": .object([
                "ordersToday": .integer(min: 0), "openByStatus": .map(of: .integer(min: 0)), "openAlerts": .map(of: .integer(min: 0)),
                "openStockAlerts": .map(of: .integer(min: 0)), "deliveredLast7Days": .integer(min: 0), "deliveredOnTimeLast7Days": .integer(min: 0),
            ], required: ["ordersToday", "openByStatus", "openAlerts", "openStockAlerts", "deliveredLast7Days", "deliveredOnTimeLast7Days"]),
        ], required: ["day", "counts"]),
        "Delivery": .object([
            "id": .integer(), "channel": .oneOf(DeliveryChannel.self), "topic": .oneOf(WebhookTopic.self), "target": .string(),
            "orderId": Schema.string().described("absent for a stock alert"), "customerId": Schema.string().described("absent for a stock alert"),
            "eventId": Schema.string().described("the tracking event's id, or the stock alert's"),
            "position": Schema.integer().described("the feed position; 0 for a stock alert"), "status": .oneOf(DeliveryStatus.self), "attempts": .integer(),
            "nextAttemptAt": .time, "lastError": .string(), "deliveredAt": .time, "createdAt": .time,
        ], required: ["id", "channel", "topic", "target", "eventId", "position", "status", "attempts", "nextAttemptAt", "createdAt"]),
        "DeliveryPage": page(of: "Delivery"),
        "Alert": .object([
            "id": .string(), "orderId": .string(), "kind": .oneOf(AlertKind.self), "state": .oneOf(AlertState.self), "reason": .oneOf(DelayReason.self),
            "detail": .string(), "raisedAt": .time, "acknowledgedBy": .string(), "acknowledgedAt": .time, "resolvedBy": .string(),
            "resolvedAt": .time, "resolution": .string(),
        ], required: ["id", "orderId", "kind", "state", "reason", "detail", "raisedAt"]),
        "AlertPage": page(of: "Alert"),
        "Vehicle": .object([
            "id": .string(), "plate": .string(), "warehouseId": .string(), "capacityGrams": .integer(), "capacityMillilitres": .integer(),
            "skills": .array(.oneOf(VehicleSkill.self)), "shiftStartMinute": .integer(), "shiftEndMinute": .integer(),
            "costPerKmCents": .integer(), "costPerHourCents": .integer(), "electric": .ref("ElectricSpec"), "active": .boolean,
            "driverId": .string(), "districts": .array(.oneOf(District.codes)),
        ], required: ["id", "plate", "warehouseId", "capacityGrams", "capacityMillilitres", "skills", "shiftStartMinute", "shiftEndMinute",
                      "costPerKmCents", "costPerHourCents", "active", "districts"]),
        "VehiclePage": page(of: "Vehicle"),
        "CutoffSchedule": .object([
            "warehouseId": .string(), "times": .array(.string()), "seconds": .number(min: 1), "autoPublish": .boolean, "nextRunAt": .time,
        ], required: ["warehouseId", "times", "seconds", "autoPublish"]),
        "CutoffPage": page(of: "CutoffSchedule"),
        "PlanAccepted": .object(["id": .string(), "status": .oneOf(PlanStatus.self)], required: ["id", "status"]),
        "PlannedStop": .object([
            "id": .string(), "orderId": .string(), "location": .object(["latitude": .number(), "longitude": .number()], required: ["latitude", "longitude"]),
            "kind": Schema.oneOf(StopKind.self).described("delivery: hand the order over; pickup: collect the goods of its approved returns (deliver = collected)"),
            "sequence": .integer(min: 1), "plannedArrival": .time, "eta": .time, "serviceMinutes": .integer(min: 0), "dueBy": .time, "windowStart": .time,
            "status": .oneOf(StopStatus.self), "pinned": Schema.boolean.described("kept on its route by a dispatcher when the plan is re-optimised"),
        ], required: ["id", "orderId", "kind", "location", "sequence", "plannedArrival", "eta", "serviceMinutes", "status", "pinned"]),
        "DispatchPlan": .object([
            "id": .string(), "status": .oneOf(PlanStatus.self), "warehouseId": .string(), "date": .string(),
            "figures": .object([
                "km": .number(min: 0), "vehicleHours": .number(min: 0), "vehicles": .integer(min: 0), "stops": .integer(min: 0),
                "onTimeShare": .number(min: 0, max: 1), "costCents": .integer(min: 0), "kWh": .number(min: 0),
                "energyCostCents": Schema.integer(min: 0)
                    .described("what the kWh cost (part of costCents): charged on the way at the hour's tariff, the rest at the overnight price"),
                "zoneRule": Schema.object(["kmWithoutRule": .number(min: 0), "extraKm": .number(), "onTimeShareWithoutRule": .number(min: 0, max: 1)],
                                          required: ["kmWithoutRule", "extraKm", "onTimeShareWithoutRule"])
                    .described("when some van keeps to its districts: the same orders planned freely, and the km the rule costs"),
            ], required: ["km", "vehicleHours", "vehicles", "stops", "onTimeShare", "costCents"]),
            "routes": .array(.object([
                "id": .string(), "vehicleId": .string(), "driverId": .string(), "departure": .time, "returnAt": .time, "km": .number(min: 0),
                "status": .oneOf(RouteStatus.self), "stops": .array(.ref("PlannedStop")),
                "kWh": Schema.number(min: 0).described("energy the route needs, for an electric van"),
                "chargingStops": Schema.array(.ref("ChargingStop"))
                    .described("where an electric van charges on the way, in driving order; between two charging points it stays within its battery less a 10 % reserve"),
            ], required: ["id", "vehicleId", "departure", "returnAt", "km", "status", "stops", "chargingStops"])),
            "unassigned": .array(.object(["orderId": .string(), "reason": .oneOf(UnassignedReason.self), "action": .oneOf(UnassignedAction.self)],
                                         required: ["orderId", "reason", "action"])),
            "error": Schema.string().described("why planning failed"),
            "trigger": Schema.oneOf(PlanTrigger.self).described("a dispatcher's request or the warehouse's cut-off"),
        ], required: ["id", "status", "warehouseId", "date", "figures", "routes", "unassigned"]),
        "DriverRoute": .object([
            "id": .string(), "planId": .string(), "warehouseId": .string(), "date": .string(), "vehicleId": .string(), "driverId": .string(),
            "status": .oneOf(RouteStatus.self), "departure": .time, "returnAt": .time, "km": .number(min: 0), "stops": .array(.ref("PlannedStop")),
            "chargingStops": .array(.ref("ChargingStop")),
        ], required: ["id", "planId", "warehouseId", "date", "vehicleId", "status", "departure", "returnAt", "km", "stops", "chargingStops"]),
        "ChargingStop": .object([
            "stationId": .string(), "name": .string(), "location": .object(["latitude": .number(), "longitude": .number()], required: ["latitude", "longitude"]),
            "afterStop": Schema.integer(min: 0).described("the sequence of the stop it follows; 0 on the way to the first"),
            "arrival": .time, "minutes": Schema.integer(min: 0).described("charging time at the station's power"),
            "kWh": Schema.number(min: 0).described("to full at every station but the route's last; there, just enough to come home with the reserve"),
        ], required: ["stationId", "name", "location", "afterStop", "arrival", "minutes", "kWh"]),
        "ChargingStation": .object([
            "id": .string(), "name": .string(), "location": .object(["latitude": .number(), "longitude": .number()], required: ["latitude", "longitude"]),
            "powerKW": .number(min: 1), "warehouseId": Schema.string().described("the warehouse that owns it; absent for a public station"),
        ], required: ["id", "name", "location", "powerKW"]),
        "ChargingStationPage": page(of: "ChargingStation"),
        "Assignment": .object(["driverId": .string(), "vehicleId": .string(), "date": .string()], required: ["driverId", "vehicleId", "date"]),
        "TrafficOutcome": .object(["id": .string(), "routes": .integer(min: 0), "stopsRetimed": .integer(min: 0), "routesResequenced": .integer(min: 0),
                                   "customersTold": .integer(min: 0)], required: ["id", "routes", "stopsRetimed", "routesResequenced", "customersTold"]),
        "DeliveryPhoto": .object([
            "id": .string(), "stopId": .string(), "orderId": .string(), "mediaType": .oneOf(PhotoFormat.allCases.map(\.mediaType)),
            "bytes": .integer(min: 1), "takenAt": .time, "url": Schema.string().described("where the photo's bytes are, for the order's customer and staff"),
        ], required: ["id", "stopId", "orderId", "mediaType", "bytes", "takenAt", "url"]),
        "ProofOfDelivery": .object([
            "orderId": .string(), "delivered": .boolean,
            "attempts": .array(.object([
                "stopId": .string(), "routeId": .string(), "status": .oneOf(StopStatus.self), "arrivedAt": .time, "completedAt": .time,
                "recipientName": .string(), "note": .string(), "failureReason": .string(), "photos": .array(.ref("DeliveryPhoto")),
            ], required: ["stopId", "routeId", "status", "photos"])),
        ], required: ["orderId", "delivered", "attempts"]),
        "PositionsAccepted": .object(["accepted": .integer(min: 0)], required: ["accepted"]),
        "TrackingServerEvent": Schema.object([
            "id": .string(), "event": .oneOf(["tracking"]), "data": Schema.string().described("a TrackingEvent as JSON"), "retry": .integer(min: 0),
        ]).described("one server-sent event"),
    ]
}
