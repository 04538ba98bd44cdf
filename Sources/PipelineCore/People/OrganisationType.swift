/// The kinds of organisation the register knows, with their Dutch labels. The raw values are
/// what the API, the CLI and the database use; the list is the one place that names them.
public enum OrganisationType: String, Sendable, Hashable, Codable, CaseIterable {
    case huisartsenpraktijk
    case hagro
    case zorggroep
    case huisartsenpost
    case gezondheidscentrum
    case ros
    case regionaleWerkgeversorganisatie = "regionale_werkgeversorganisatie"
    case mboOpleiding = "mbo_opleiding"
    case hboOpleiding = "hbo_opleiding"
    case landelijkePartij = "landelijke_partij"
    case overig

    /// The Dutch name people read and use.
    public var label: String {
        switch self {
        case .huisartsenpraktijk: return "Huisartsenpraktijk"
        case .hagro: return "HAGRO"
        case .zorggroep: return "Zorggroep"
        case .huisartsenpost: return "Huisartsenpost"
        case .gezondheidscentrum: return "Gezondheidscentrum"
        case .ros: return "ROS"
        case .regionaleWerkgeversorganisatie: return "Regionale werkgeversorganisatie"
        case .mboOpleiding: return "Mbo-opleiding"
        case .hboOpleiding: return "Hbo-opleiding"
        case .landelijkePartij: return "Landelijke partij"
        case .overig: return "Overig"
        }
    }

    /// Every raw value, comma-separated, for messages.
    public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }
}

/// When a person hears of what concerns them: at once, in a daily digest, or not at all.
public enum NotificationPreference: String, Sendable, Hashable, Codable, CaseIterable {
    case immediate
    case daily
    case off

    public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
