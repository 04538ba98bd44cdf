import Foundation
import Hummingbird
import Logging
import PipelineCore
import PipelineStore
import PipelineWeb
import PipelineWebhooks
import ServiceLifecycle
import UnixSignals

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
    /// The labour-market regions (`config/regions.txt`): ideas are submitted in one of them (the
    /// API and the submit page refuse others), organisations lie in one, facilitators serve some.
    /// Any region is taken when the list is empty.
    public var regions: [String] = []
    /// The language of the pages for people who have not chosen their own (`Labels/<language>.json`
    /// of PipelineWeb): Dutch, the language of everyone who uses the programme, unless told otherwise.
    public var language = WebPages.defaultLanguage
    /// The languages the pages speak: what `language` may be.
    public static var languages: [String] { WebPages.languages }
    /// From SIGTERM to exit at most: what is still running then is cancelled.
    public var shutdownTimeout: Duration = .seconds(4)
    /// At shutdown, how long the delivery loops wait for answers in flight (within `shutdownTimeout`).
    public var deliveryDrainTimeout: Duration = .seconds(2)
    /// The time of day for everything the server does: commands, pages and sessions, token cache,
    /// idempotency records, delivery loops. Tests move a `ManualClock`.
    public var clock: any WallClock = SystemClock()
    /// Reloads the workflow files on SIGHUP and `POST /v1/workflows/reload`; nil for a server
    /// that runs a fixed set (tests, benchmarks): then the route answers 409.
    public var reloader: WorkflowReloader?
    /// How often the timer service looks for due timers.
    public var timerInterval: Duration = .seconds(1)
    /// How long an instance holds the due timers it claimed: one that dies with them leaves
    /// them to the others (or to itself, restarted) after this.
    public var timerLeaseSeconds: TimeInterval = 60
    /// The ideas' answers as JSON, encoded once per state of an idea (see ``IdeaAnswers``).
    public var ideaAnswers = IdeaAnswers()

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
        let clock = configuration.clock
        let maximumBodySize = configuration.maximumBodySize
        let shelf = configuration.reloader?.shelf ?? WorkflowShelf(library)
        var handler = CommandHandler(store: store, shelf: shelf, clock: clock, didCommit: didCommit)
        handler.regions = RegionList(configuration.regions)
        let api = APIContext(
            store: store, handler: handler,
            register: PeopleRegister(store: store, regions: handler.regions, clock: clock),
            metrics: metrics, maximumBodySize: maximumBodySize,
            wording: try GateWording(defaultLanguage: configuration.language), reloader: configuration.reloader,
            answers: configuration.ideaAnswers)
        let router = Router(context: PipelineRequestContext.self)
        // Metrics outermost: they count the answer every request gets, errors turned into
        // problems (401, 404, 409, 412, 5xx) and unmatched routes included.
        router.add(middleware: ClosingRefusalMiddleware())
        router.add(middleware: MetricsMiddleware(metrics: metrics))
        router.add(middleware: ProblemMiddleware())
        let table = RouteTable(router: router)
        SystemRoutes(api: api).register(on: table)
        let tokens = TokenCheck(store: store, cache: TokenCache(clock: clock))
        let v1 = table.group("v1", middleware: AuthMiddleware(tokens: tokens))
        IdeaRoutes(api: api).register(on: v1)
        IdeaRoutes(api: api, records: .implementation).register(on: v1)
        WorkflowRoutes(api: api).register(on: v1)
        RegionRoutes(api: api).register(on: v1)
        EventTypeRoutes().register(on: v1)
        PeopleRoutes(api: api).register(on: v1)
        NotificationRoutes(api: api).register(on: v1)
        WebhookRoutes(api: api, policy: try AddressPolicy(allowing: configuration.webhookAllowedNetworks)).register(
            on: v1)
        // The pages live in PipelineWeb, below this module: it knows nothing of the API and gets
        // the token check from here, so pages and API accept the same tokens the same way.
        let pages = try WebPages(
            store: store, handler: api.handler, authentication: tokens.webAuthentication,
            regions: configuration.regions, language: configuration.language, maximumBodySize: maximumBodySize,
            clock: configuration.clock)
        pages.register(on: router)
        // Last: a middleware added after the routes wraps only what no route matched.
        router.add(middleware: MethodNotAllowedMiddleware(table: table))
        return (router, table.entries)
    }

    /// Serves until SIGTERM or SIGINT, then stops in order within `shutdownTimeout`: the HTTP
    /// server first (requests in flight are answered), then the commit watcher, then the timer
    /// service (a timer it was firing is taken again when its lease ends), then the delivery
    /// loops (they drain, and leave what is still unanswered to its lease), then `services` (the
    /// caller's, last one first: the mail service, then the database pool). Runs one delivery
    /// loop per core, each woken when a command commits here or (on PostgreSQL) on another
    /// instance; `didCommit` is called then too (it wakes the mail service).
    public static func run(
        store: any Store, library: WorkflowLibrary, configuration: ServerConfiguration,
        logger: Logger, services: [any Service] = [], didCommit: @escaping @Sendable () -> Void = {}
    ) async throws {
        let clock = configuration.clock
        var delivery = DeliveryWorker.Configuration()
        delivery.lease = .seconds(configuration.webhookLeaseSeconds)
        delivery.drainTimeout = configuration.deliveryDrainTimeout
        let policy = try AddressPolicy(allowing: configuration.webhookAllowedNetworks)
        let workers = (0..<configuration.deliveryLoops).map { _ in
            DeliveryWorker(store: store, policy: policy, configuration: delivery, clock: clock, logger: logger)
        }
        let wake: @Sendable () -> Void = {
            for worker in workers { worker.wake() }
            didCommit()
        }
        let shelf = configuration.reloader?.shelf ?? WorkflowShelf(library)
        var runner = TimerRunner(handler: CommandHandler(store: store, shelf: shelf, clock: clock, didCommit: wake))
        runner.lease = configuration.timerLeaseSeconds
        let timers = TimerService(runner: runner, clock: clock, interval: configuration.timerInterval, logger: logger)
        let app = try application(
            store: store, library: library, configuration: configuration, logger: logger,
            services: services + workers + [timers, CommitWatcher(store: store, wake: wake)]
                + (configuration.reloader.map { [WorkflowReloadService(reloader: $0, logger: logger)] } ?? []),
            didCommit: wake)
        var group = ServiceGroupConfiguration(
            services: [.init(service: app)], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        group.maximumGracefulShutdownDuration = configuration.shutdownTimeout
        try await ServiceGroup(configuration: group).run()
    }

    /// The application: the router, and `services` run beside the HTTP server in its service group
    /// (started with it, stopped after it, last one first).
    public static func application(
        store: any Store, library: WorkflowLibrary, configuration: ServerConfiguration,
        logger: Logger? = nil, services: [any Service] = [],
        didCommit: @escaping @Sendable () -> Void = {}
    ) throws -> some ApplicationProtocol {
        let metrics = ServerMetrics()
        let router = try router(
            store: store, library: library, metrics: metrics, configuration: configuration, didCommit: didCommit)
        return Application(
            router: router,
            server: .http1(configuration: .init(idleTimeout: .seconds(configuration.idleTimeoutSeconds))),
            configuration: .init(
                address: .hostname(configuration.host, port: configuration.port), serverName: "pipeline"),
            services: services,
            logger: logger ?? Logger(label: "pipeline"))
    }
}

/// Wakes the delivery loops when another instance commits webhook messages (PostgreSQL's NOTIFY),
/// until graceful shutdown.
struct CommitWatcher: Service {
    let store: any OutboxStore
    let wake: @Sendable () -> Void

    func run() async throws {
        await cancelWhenGracefulShutdown { await store.watchCommits(wake) }
        // A store that cannot watch (SQLite) returns at once; the service still lasts until
        // shutdown, because a service that ends early stops the whole group.
        try? await gracefulShutdown()
    }
}
