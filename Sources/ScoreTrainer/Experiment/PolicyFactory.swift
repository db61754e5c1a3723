/// Makes and loads the policies an experiment trains (the TinyLM transformer, or a test double).
public protocol PolicyFactory: Sendable {
    associatedtype Model: Policy
    /// The token codec every policy of this factory uses.
    var codec: Model.Codec { get }
    /// A freshly initialised model.
    func makePolicy(seed: UInt64) throws -> Model
    /// A model saved by `Policy.save`.
    func loadPolicy(from path: String) throws -> Model
}
