import Foundation

/// The data sets dlstudy can make by itself, with their knobs: what a run spec names under
/// `data`, and what `dlstudy data export NAME` writes.
///
/// JSON: `{"mnist1d": {"seed": 3}}` (missing knobs take their defaults) or just `"mnist1d"`.
public enum BuiltinData: Codable, Hashable, Sendable, CustomStringConvertible {
    case mnist1d(MNIST1DConfig)
    case spirals(SpiralsConfig)
    case moons(MoonsConfig)
    case blobs(BlobsConfig)
    case shapes(ShapesConfig)
    case colorShapes(ColorShapesConfig)

    /// Every name, in the order `dlstudy data list` shows them.
    public static let names = ["mnist1d", "shapes", "spirals", "moons", "blobs", "colorshapes"]

    /// The data set called `name` with default knobs, or nil.
    public static func named(_ name: String) -> BuiltinData? {
        switch name.lowercased() {
        case "mnist1d", "mnist-1d": return .mnist1d(MNIST1DConfig())
        case "spirals": return .spirals(SpiralsConfig())
        case "moons": return .moons(MoonsConfig())
        case "blobs": return .blobs(BlobsConfig())
        case "shapes": return .shapes(ShapesConfig())
        case "colorshapes", "color-shapes": return .colorShapes(ColorShapesConfig())
        default: return nil
        }
    }

    /// An error message for an unknown name, with the closest known name when one is close.
    public static func unknownNameMessage(_ name: String) -> String {
        let hint = Suggestion.closest(to: name, in: names, maxDistance: 2).map { " — did you mean '\($0)'?" } ?? ""
        return "unknown data set '\(name)'\(hint) (choose one of \(names.joined(separator: ", ")))"
    }

    public var name: String {
        switch self {
        case .mnist1d: return "mnist1d"
        case .spirals: return "spirals"
        case .moons: return "moons"
        case .blobs: return "blobs"
        case .shapes: return "shapes"
        case .colorShapes: return "colorshapes"
        }
    }

    /// The shape of one sample.
    public var sampleShape: Shape {
        switch self {
        case .mnist1d(let c): return Shape(c.finalSeqLength)
        case .spirals, .moons, .blobs: return Shape(2)
        case .shapes(let c): return Shape(1, c.size, c.size)
        case .colorShapes(let c): return Shape(3, c.size, c.size)
        }
    }

    public var classes: Int {
        switch self {
        case .mnist1d: return 10
        case .spirals(let c): return c.arms
        case .moons: return 2
        case .blobs(let c): return c.classes
        case .shapes(let c): return c.kinds.count
        case .colorShapes(let c): return c.kinds.count
        }
    }

    /// Throws a `DataError` naming the first knob out of range.
    public func validate() throws {
        switch self {
        case .mnist1d(let c): try c.validate()
        case .spirals(let c): try c.validate()
        case .moons(let c): try c.validate()
        case .blobs(let c): try c.validate()
        case .shapes(let c): try c.validate()
        case .colorShapes(let c): try c.validate()
        }
    }

    /// Generates the data set.
    public func make() throws -> DataSplits {
        switch self {
        case .mnist1d(let c): return try MNIST1D.generate(c)
        case .spirals(let c): return try Toy2D.spirals(c)
        case .moons(let c): return try Toy2D.moons(c)
        case .blobs(let c): return try Toy2D.blobs(c)
        case .shapes(let c): return try Shapes.generate(c)
        case .colorShapes(let c): return try ColorShapes.generate(c)
        }
    }

    public var description: String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        return (try? e.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? name
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(_ s: String) { stringValue = s }
        init?(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public init(from decoder: Decoder) throws {
        if let single = try? decoder.singleValueContainer(),
            let name = try? single.decode(String.self)
        {
            guard let d = BuiltinData.named(name) else {
                throw DecodingError.dataCorrupted(
                    .init(
                        codingPath: decoder.codingPath,
                        debugDescription: BuiltinData.unknownNameMessage(name)))
            }
            self = d
            return
        }
        let c = try decoder.container(keyedBy: Key.self)
        guard c.allKeys.count == 1, let key = c.allKeys.first else {
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath,
                    debugDescription:
                        "a data set is one of \(BuiltinData.names.joined(separator: ", ")) with its knobs, e.g. {\"mnist1d\": {\"seed\": 1}}; got keys \(c.allKeys.map(\.stringValue))"
                ))
        }
        switch key.stringValue {
        case "mnist1d": self = .mnist1d(try c.decode(MNIST1DConfig.self, forKey: key))
        case "spirals": self = .spirals(try c.decode(SpiralsConfig.self, forKey: key))
        case "moons": self = .moons(try c.decode(MoonsConfig.self, forKey: key))
        case "blobs": self = .blobs(try c.decode(BlobsConfig.self, forKey: key))
        case "shapes": self = .shapes(try c.decode(ShapesConfig.self, forKey: key))
        case "colorshapes": self = .colorShapes(try c.decode(ColorShapesConfig.self, forKey: key))
        default:
            throw DecodingError.dataCorrupted(
                .init(
                    codingPath: decoder.codingPath + [key],
                    debugDescription: BuiltinData.unknownNameMessage(key.stringValue)))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: Key.self)
        let key = Key(name)
        switch self {
        case .mnist1d(let v): try c.encode(v, forKey: key)
        case .spirals(let v): try c.encode(v, forKey: key)
        case .moons(let v): try c.encode(v, forKey: key)
        case .blobs(let v): try c.encode(v, forKey: key)
        case .shapes(let v): try c.encode(v, forKey: key)
        case .colorShapes(let v): try c.encode(v, forKey: key)
        }
    }
}
