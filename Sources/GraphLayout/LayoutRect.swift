/// An axis-aligned rectangle given by its top-left corner and its size.
public struct LayoutRect: Sendable, Hashable, CustomStringConvertible {
    /// The left edge.
    public var x: Double
    /// The top edge.
    public var y: Double
    /// The horizontal extent.
    public var width: Double
    /// The vertical extent.
    public var height: Double

    /// Creates a rectangle from its top-left corner and size.
    public init(x: Double, y: Double, width: Double, height: Double) {
        self.x = x
        self.y = y
        self.width = width
        self.height = height
    }

    /// Creates a rectangle of `size` centred on `center`.
    public init(center: LayoutPoint, size: LayoutSize) {
        self.init(
            x: center.x - size.width / 2, y: center.y - size.height / 2, width: size.width, height: size.height)
    }

    /// The right edge.
    public var maxX: Double { x + width }
    /// The bottom edge.
    public var maxY: Double { y + height }
    /// The centre point.
    public var center: LayoutPoint { LayoutPoint(x: x + width / 2, y: y + height / 2) }
    /// The size.
    public var size: LayoutSize { LayoutSize(width: width, height: height) }

    /// Whether the interiors of the two rectangles share any area (touching edges do not count).
    public func overlaps(_ other: LayoutRect) -> Bool {
        x < other.maxX && other.x < maxX && y < other.maxY && other.y < maxY
    }

    /// Whether `other` lies entirely inside this rectangle (edges may touch).
    public func contains(_ other: LayoutRect) -> Bool {
        other.x >= x && other.y >= y && other.maxX <= maxX && other.maxY <= maxY
    }

    /// `"[x, y, width×height]"`.
    public var description: String { "[\(x), \(y), \(width)×\(height)]" }
}
