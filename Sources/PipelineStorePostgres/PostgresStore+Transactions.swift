import PipelineStore
import PostgresNIO

extension PostgresStore {
    /// Runs one statement on a pooled connection, outside a transaction, and decodes its rows.
    func rows<T>(
        _ query: PostgresQuery, _ decode: (PostgresRow) throws -> T
    ) async throws(StoreError) -> [T] {
        guard !isClosed else { throw .unavailable("the store is closed") }
        do {
            return try await client.query(query, logger: logger).collect().map(decode)
        } catch {
            throw PostgresStore.storeError(error)
        }
    }

    /// Runs one statement whose rows, if any, are not needed.
    func execute(_ query: PostgresQuery) async throws(StoreError) {
        _ = try await rows(query) { _ in () }
    }

    /// Runs one statement that returns a row for each row it changed (`RETURNING`), and counts them.
    func changes(_ query: PostgresQuery) async throws(StoreError) -> Int {
        try await rows(query) { _ in () }.count
    }

    /// Runs `body` in one transaction (READ COMMITTED). When PostgreSQL aborts it with a
    /// serialization failure or a deadlock, the WHOLE transaction runs again, a few times at most;
    /// every other failure rolls back and ends as a `StoreError`.
    func transaction<T: Sendable>(
        _ body: (PostgresConnection) async throws -> T
    ) async throws(StoreError) -> T {
        guard !isClosed else { throw .unavailable("the store is closed") }
        var attempt = 0
        while true {
            attempt += 1
            do {
                return try await client.withConnection { connection in
                    try await connection.query("BEGIN", logger: logger)
                    do {
                        let value = try await body(connection)
                        try await connection.query("COMMIT", logger: logger)
                        return value
                    } catch {
                        // An aborted transaction must end before the connection goes back to the pool.
                        _ = try? await connection.query("ROLLBACK", logger: logger)
                        throw error
                    }
                }
            } catch {
                if attempt <= options.serializationRetries, PostgresStore.mayRunAgain(error) { continue }
                throw PostgresStore.storeError(error)
            }
        }
    }

    /// 40001 serialization_failure, 40P01 deadlock_detected: PostgreSQL rolled the transaction
    /// back whole and asks for it again.
    static func mayRunAgain(_ error: any Error) -> Bool {
        ["40001", "40P01"].contains(sqlState(error))
    }

    static func sqlState(_ error: any Error) -> String? {
        (error as? PSQLError)?.serverInfo?[.sqlState]
    }

    static func storeError(_ error: any Error) -> StoreError {
        if let error = error as? StoreError { return error }
        if error is PostgresDecodingError { return .corrupt("a stored value does not decode") }
        if let error = error as? PSQLError, error.serverInfo?[.sqlState] == "23505",
            error.serverInfo?[.constraintName] == "ideas_one_adoption_per_region"
        {
            return .duplicate(.adoption)
        }
        return .unavailable(reason(error))
    }

    /// What went wrong, without SQL or values (they may hold personal data): PSQLError's own
    /// description is redacted on purpose, its SQLSTATE is enough to look it up.
    static func reason(_ error: any Error) -> String {
        if let error = error as? PSQLError {
            if let state = error.serverInfo?[.sqlState] { return "PostgreSQL error \(state)" }
            return "PostgreSQL \(error.code)"
        }
        return String(describing: type(of: error))
    }
}

extension PostgresConnection {
    /// Runs one statement inside the caller's transaction and decodes its rows.
    func rows<T>(
        _ query: PostgresQuery, logger: Logger, _ decode: (PostgresRow) throws -> T
    ) async throws -> [T] {
        try await self.query(query, logger: logger).collect().map(decode)
    }

    /// Runs one statement that returns a row for each row it changed (`RETURNING`), and counts them.
    func changes(_ query: PostgresQuery, logger: Logger) async throws -> Int {
        try await rows(query, logger: logger) { _ in () }.count
    }
}
