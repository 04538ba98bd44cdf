import Foundation
import Hummingbird
import Logging
import PipelineCore
import PipelineStore
import PipelineWeb
import PipelineWebhooks
import ServiceLifecycle

/// How to run the server.
public struct ServerConfiguration: Sendable {
    /// Networks webhook deliveries may reach although they are private (e.g. `127.0.0.0/8`).
    public var webhookAllowedNetworks: [String] = []
    /// How long a claimed delivery is held before another worker (or this one, after a crash)
    /// takes it again.
    public var webhookLeaseSeconds: Int64 = 30
    /// Delivery loops, each with its own libcurl multi handle: one per core by default.
    public var deliveryLoops = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var host: String
    public var port: Int
    /// Request bodies larger than this are refused with 413.
    public var maximumBodySize: Int
    /// A connection idle this long is closed: slow clients cannot hold the server.
    public var idleTimeoutSeconds: Int64
    /// The labour-market regions the submit page offers; free text when empty.
    public var regions: [String] = []
    /// The language of the pages' chrome: `Labels/<language>.json` of PipelineWeb.
    public var language = "en"

    public init(
        host: String = "127.0.0.1", port: Int = 8080, maximumBodySize: Int = 1 << 20, idleTimeoutSeconds: Int64 = 30
    ) {
        self.host = host
        self.port = port
        self.maximumBodySize = maximumBodySize
        self.idleTimeoutSeconds = idleTimeoutSeconds
    }
}

/// Builds the HTTP application: the routes of the API over a store and a workflow library.
///
/// ```swift
/// let app = PipelineServer.application(store: store, library: library, configuration: .init(port: 8080))
/// try await app.runService()
/// ```
public enum PipelineServer {
    /// Every route the server has, as `METHOD /path`: what the OpenAPI document must describe.
    public static func routes(store: any Store, library: WorkflowLibrary) throws -> [String] {
        try build(
            store: store, library: library, metrics: ServerMetrics(), configuration: ServerConfiguration(),
            didCommit: {}
        ).routes
    }

    public static func router(
        store: any Store, library: WorkflowLibrary, metrics: ServerMetrics, configuration: ServerConfiguration,
        didCommit: @escaping @Sendable () -> Void = {}
    ) throws -> Router<PipelineRequestContext> {
        try build(
            store: store, library: library, metrics: metrics, configuration: configuration, didCommit: didCommit
        ).router
    }

    private static func build(
        store: any Store, library: WorkflowLibrary, metrics: ServerMetrics, configuration: ServerConfiguration,
        didCommit: @escaping @Sendable () -> Void
    ) throws -> (router: Router<PipelineRequestContext>, routes: [String]) {
        let maximumBodySize = configuration.maximumBodySize
        let api = APIContext(
            store: store, handler: CommandHandler(store: store, library: library, didCommit: didCommit),
            metrics: metrics, maximumBodySize: maximumBodySize)
        let router = Router(context: PipelineRequestContext.self)
        router.add(middleware: ProblemMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        let table = RouteTable(router: router)
        SystemRoutes(api: api).register(on: table)
        let tokens = TokenCheck(store: store, cache: TokenCache())
        let v1 = table.group("v1", middleware: AuthMiddleware(tokens: tokens))
        IdeaRoutes(api: api).register(on: v1)
        WorkflowRoutes(api: api).register(on: v1)
        EventTypeRoutes().register(on: v1)
        WebhookRoutes(api: api, policy: try AddressPolicy(allowing: configuration.webhookAllowedNetworks)).register(
            on: v1)
        // The pages live in PipelineWeb, below this module: it knows nothing of the API and gets
        // the token check from here, so pages and API accept the same tokens the same way.
        let pages = try WebPages(
            store: store, handler: api.handler, authentication: tokens.webAuthentication,
            regions: configuration.regions, language: configuration.language, maximumBodySize: maximumBodySize)
        pages.register(on: router)
        return (router, table.entries)
    }

    /// Serves until SIGTERM or SIGINT; then in-flight requests finish and the database closes.
    /// Runs one delivery loop per core, each woken when a command commits.
    public static func run(
        store: any Store, library: WorkflowLibrary, configuration: ServerConfiguration, logger: Logger
    ) async throws {
        var delivery = DeliveryWorker.Configuration()
        delivery.lease = .seconds(configuration.webhookLeaseSeconds)
        let policy = try AddressPolicy(allowing: configuration.webhookAllowedNetworks)
        let workers = (0..<configuration.deliveryLoops).map { _ in
            DeliveryWorker(store: store, policy: policy, configuration: delivery, logger: logger)
        }
        let wake: @Sendable () -> Void = { for worker in workers { worker.wake() } }
        try await application(
            store: store, library: library, configuration: configuration, logger: logger,
            services: workers + [CommitWatcher(store: store, wake: wake)], didCommit: wake
        ).runService()
    }

    public static func application(
        store: any Store, library: WorkflowLibrary, configuration: ServerConfiguration, logger: Logger? = nil,
        services: [any Service] = [], didCommit: @escaping @Sendable () -> Void = {}
    ) throws -> some ApplicationProtocol {
        let metrics = ServerMetrics()
        let router = try router(
            store: store, library: library, metrics: metrics, configuration: configuration, didCommit: didCommit)
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "pipeline"),
            services: services + [StoreCloser(store: store)],
            logger: logger ?? Logger(label: "pipeline"))
    }
}

/// Wakes the delivery loops when another instance commits webhook messages (PostgreSQL's NOTIFY).
struct CommitWatcher: Service {
    let store: any Store
    let wake: @Sendable () -> Void

    func run() async throws {
        // Not awaited at shutdown: a listening connection need not notice cancellation promptly,
        // and closing the store ends it anyway. SQLite cannot watch and returns at once; either
        // way the service lasts until shutdown (a service that ends early stops the whole server).
        let watching = Task { await store.watchCommits(wake) }
        try? await gracefulShutdown()
        watching.cancel()
    }
}

/// Closes the database when the server shuts down gracefully, after in-flight requests finished.
struct StoreCloser: Service {
    let store: any Store

    func run() async throws {
        try? await gracefulShutdown()
        try? await store.close()
    }
}
