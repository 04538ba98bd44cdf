/// "Did you mean …?" for names that are almost right.
enum Suggestion {
    /// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
    static func closest(to name: String, in candidates: some Sequence<String>) -> String? {
        let lowered = name.lowercased()
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if distance < (best?.distance ?? Int.max) { best = (candidate, distance) }
        }
        guard let best else { return nil }
        let allowed = name.count >= 5 ? min(3, name.count / 3 + 1) : 1
        if best.distance <= allowed { return best.candidate }
        // A shortened or lengthened name (`cost`, `costs` for `cost_eur`) is a typo too: a shared
        // start of at least four characters and most of the name.
        let needed = max(4, (lowered.count + 1) / 2)
        return candidates.filter {
            commonPrefixLength(lowered, $0.lowercased()) >= min(needed, lowered.count) && lowered.count >= 3
        }
        .min { $0.count < $1.count }
    }

    /// `did you mean 'stages'?`, or `nil` when nothing is close.
    static func hint(for name: String, in candidates: some Sequence<String>) -> String? {
        closest(to: name, in: candidates).map { "did you mean '\($0)'?" }
    }

    private static func commonPrefixLength(_ a: String, _ b: String) -> Int {
        zip(a, b).prefix { $0 == $1 }.count
    }

    /// Edit distance with swapped neighbours counted as one edit (`lable` is one edit from
    /// `label`), capped so that hostile long names cost little.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.prefix(64))
        let b = Array(b.prefix(64))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                table[i][j] = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    table[i][j] = min(table[i][j], table[i - 2][j - 2] + 1)
                }
            }
        }
        return table[a.count][b.count]
    }
}
