import Foundation
import Hummingbird
import PipelineStore

extension WebPages {
    /// The CSV dialect of a page's download: for a Dutch Excel (`;`, a decimal comma, UTF-8 with a
    /// byte order mark) unless `?format=rfc4180` asks for what programs read (the API's CSV).
    func csvDialect(_ request: Request) throws -> CSV.Dialect {
        guard let name = queryValue(request, "format") else { return .dutchExcel }
        guard let dialect = CSV.Dialect(named: name) else {
            throw PageError(
                .notFound,
                labels.format("csv_unknown_format", ["formats": CSV.Dialect.all.map(\.name).joined(separator: ", ")]))
        }
        return dialect
    }
}
