/// Character-level tokenizer over a fixed alphabet plus special tokens.
///
/// Ids 0...4 are the specials (`pad`, `bos`, `endOfAttempt`, `turnSeparator`, `unknown`); the
/// alphabet's characters follow in order of first appearance.
///
///     let tok = Tokenizer(alphabet: "0123456789+=")
///     tok.decode(tok.encode("1+1=2"))   // "1+1=2"
public struct Tokenizer: Sendable {
    /// Padding (never a target with non-zero weight).
    public let pad: Int32 = 0
    /// Beginning of a sequence.
    public let bos: Int32 = 1
    /// Ends one attempt at an answer.
    public let endOfAttempt: Int32 = 2
    /// Separates the turns of a multi-turn episode.
    public let turnSeparator: Int32 = 3
    /// Stands for any character outside the alphabet.
    public let unknown: Int32 = 4

    /// Visible markers for the specials, in id order.
    public static let specialMarkers = ["<pad>", "<bos>", "<eoa>", "<sep>", "<unk>"]

    private let characters: [Character]
    private let ids: [Character: Int32]

    /// Builds a tokenizer from every character the task uses; duplicates are ignored.
    public init(alphabet: String) {
        var characters: [Character] = []
        var ids: [Character: Int32] = [:]
        for c in alphabet where ids[c] == nil {
            ids[c] = Int32(Tokenizer.specialMarkers.count + characters.count)
            characters.append(c)
        }
        self.characters = characters
        self.ids = ids
    }

    /// Number of token ids (specials plus alphabet).
    public var vocabSize: Int { Tokenizer.specialMarkers.count + characters.count }

    /// The alphabet in id order.
    public var alphabet: String { String(characters) }

    /// Token ids of `text`; characters outside the alphabet map to `unknown`.
    public func encode(_ text: String) -> [Int32] {
        text.map { ids[$0] ?? unknown }
    }

    /// The text of `tokens`. Specials render as nothing, or as `<pad>`, `<bos>`, `<eoa>`, `<sep>`,
    /// `<unk>` when `showSpecials` is true; ids outside the vocabulary render like `unknown`.
    public func decode(_ tokens: [Int32], showSpecials: Bool = false) -> String {
        var out = ""
        let specials = Int32(Tokenizer.specialMarkers.count)
        for t in tokens {
            if t >= specials, Int(t) < vocabSize {
                out.append(characters[Int(t - specials)])
            } else if showSpecials {
                out += (t >= 0 && t < specials) ? Tokenizer.specialMarkers[Int(t)] : "<unk>"
            }
        }
        return out
    }
}
