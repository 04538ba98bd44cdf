import Foundation
import PipelineStore
import PostgresNIO

/// Reads `postgres://user[:password]@host[:port]/database[?sslmode=disable|prefer|require]` into a
/// client configuration. Errors never repeat the URL: it may carry a password.
enum PostgresURL {
    static func configuration(_ text: String) throws(StoreError) -> PostgresClient.Configuration {
        let usage = "expected postgres://user[:password]@host[:port]/database"
        guard let components = URLComponents(string: text),
            let scheme = components.scheme, ["postgres", "postgresql"].contains(scheme.lowercased()),
            let host = components.host, !host.isEmpty
        else { throw .unavailable("not a PostgreSQL URL: \(usage)") }
        guard let user = components.user, !user.isEmpty else {
            throw .unavailable("the PostgreSQL URL names no user: \(usage)")
        }
        let database = String(components.path.drop(while: { $0 == "/" }))
        let tls: PostgresClient.Configuration.TLS
        switch components.queryItems?.first(where: { $0.name == "sslmode" })?.value ?? "prefer" {
        case "disable": tls = .disable
        case "prefer", "allow": tls = .prefer(.makeClientConfiguration())
        case "require", "verify-ca", "verify-full": tls = .require(.makeClientConfiguration())
        default: throw .unavailable("unknown sslmode in the PostgreSQL URL: use disable, prefer or require")
        }
        return PostgresClient.Configuration(
            host: host, port: components.port ?? 5432, username: user, password: components.password,
            database: database.isEmpty ? nil : database, tls: tls)
    }
}
