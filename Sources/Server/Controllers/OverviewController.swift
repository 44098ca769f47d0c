import Foundation
import Hummingbird
import Logistics

/// The staff dashboard's figures in one small answer.
struct OverviewController {
    let overview: OverviewService

    func register(to api: RouterGroup<AppRequestContext>) {
        api.get("admin/overview") { request, context in
            try JSONCoding.response(try await overview.overview(by: try context.requireUser()))
        }
    }
}
