/// Short ids that people can type: 10 lower-case letters and digits, without look-alikes
/// (no 0/o, 1/l). Made at the edges (CLI, API), never inside the engine.
public enum ShortID {
    public static func generate() -> String {
        let alphabet = Array("abcdefghijkmnpqrstuvwxyz23456789")
        return String((0..<10).map { _ in alphabet.randomElement()! })
    }
}
