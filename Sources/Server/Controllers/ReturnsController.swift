import Foundation
import Hummingbird
import Logistics

/// Returns and exchanges over HTTP: the customer's request, the agents' decision, the warehouse's receipt.
struct ReturnsController {
    let returns: ReturnService

    struct RequestBody: Decodable {
        var kind: ReturnKind
        var lines: [ReturnLine]
        var reason: ReturnReason
        var detail: String?
        /// The customer declares the goods unused and not installed (a no-reason return needs it).
        var unused: Bool?
    }

    struct DecisionBody: Decodable {
        var note: String?
    }

    struct WaybillBody: Decodable {
        var carrierCode: String
        var waybillNumber: String
    }

    struct ReceiveBody: Decodable {
        var outcome: InspectionOutcome
        var note: String?
    }

    func register(to api: RouterGroup<AppRequestContext>) {
        api.post("orders/{id}/returns") { [returns] request, context -> Response in
            let body = try await JSONCoding.decode(RequestBody.self, from: request, context: context)
            let rma = try await returns.request(orderId: try context.parameters.require("id"), kind: body.kind, lines: body.lines, reason: body.reason,
                                                detail: body.detail, unused: body.unused ?? false, by: try context.requireUser(), language: request.timelineLanguage)
            var response = try JSONCoding.response(rma, status: .created)
            response.headers[.location] = "/api/v1/returns/\(rma.id)"
            return response
        }
        api.get("orders/{id}/returns") { [returns] _, context in
            try JSONCoding.response(Page(items: try await returns.returns(orderId: try context.parameters.require("id"), for: try context.requireUser()),
                                         nextCursor: nil))
        }
        api.get("returns/{id}") { [returns] _, context in
            try JSONCoding.response(try await returns.returnRequest(id: try context.parameters.require("id"), for: try context.requireUser()))
        }
        api.post("returns/{id}/photos") { [returns] request, context -> Response in
            let user = try context.requireUser()
            let data = try await PhotoBody.read(request, limit: PhotoAttachment.maximumBytes)
            return try JSONCoding.response(try await returns.addPhoto(id: try context.parameters.require("id"), data: data, by: user), status: .created)
        }
        api.get("returns/{id}/photos/{photoId}") { [returns] _, context -> Response in
            let (photo, data) = try await returns.photo(id: try context.parameters.require("photoId"), returnId: try context.parameters.require("id"),
                                                        for: try context.requireUser())
            return PhotoBody.response(id: photo.id, format: photo.format, data: data)
        }
        api.post("returns/{id}/waybill") { [returns] request, context in
            let body = try await JSONCoding.decode(WaybillBody.self, from: request, context: context)
            return try JSONCoding.response(try await returns.recordWaybill(id: try context.parameters.require("id"), carrierCode: body.carrierCode,
                                                                           waybillNumber: body.waybillNumber, by: try context.requireUser()))
        }
        api.get("admin/returns") { [returns] request, context in
            let limit = try request.pageLimit()
            let rows = try await returns.returns(status: try request.queryEnum("status", as: ReturnStatus.self),
                                                 beforeId: request.uri.queryParameters["cursor"].map(String.init), limit: limit + 1, by: try context.requireUser())
            return try JSONCoding.response(Page(rows: rows, limit: limit, cursor: \.id))
        }
        for (path, approve) in [("approve", true), ("reject", false)] {
            api.post("admin/returns/{id}/\(path)") { [returns] request, context in
                let body = request.headers[.contentType] == nil ? DecisionBody() : try await JSONCoding.decode(DecisionBody.self, from: request, context: context)
                return try JSONCoding.response(try await returns.decide(id: try context.parameters.require("id"), approve: approve, note: body.note,
                                                                        by: try context.requireUser()))
            }
        }
        api.post("admin/returns/{id}/receive") { [returns] request, context in
            let body = try await JSONCoding.decode(ReceiveBody.self, from: request, context: context)
            return try JSONCoding.response(try await returns.receive(id: try context.parameters.require("id"), outcome: body.outcome, note: body.note,
                                                                     by: try context.requireUser()))
        }
    }
}
