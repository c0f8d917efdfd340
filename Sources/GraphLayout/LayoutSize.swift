/// A width and a height.
public struct LayoutSize: Sendable, Hashable, CustomStringConvertible {
    /// The horizontal extent.
    public var width: Double
    /// The vertical extent.
    public var height: Double

    /// Creates a size.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// The zero size.
    public static let zero = LayoutSize(width: 0, height: 0)

    /// `"width×height"`.
    public var description: String { "\(width)×\(height)" }
}
