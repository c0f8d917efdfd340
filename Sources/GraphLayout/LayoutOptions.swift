/// Which way the layers run.
public enum LayoutDirection: Sendable, Hashable {
    /// Layers stack downwards; edges point down (the console's graph view).
    case topToBottom
    /// Layers stack to the right; edges point right.
    case leftToRight
}

/// Spacing and effort settings of a layout; the defaults suit workflow diagrams.
public struct LayoutOptions: Sendable, Hashable {
    /// Which way the layers run.
    public var direction: LayoutDirection
    /// The gap between two boxes (nodes, clusters, labels) side by side in one layer.
    public var nodeSpacing: Double
    /// The gap between an edge passing by and its neighbours in a layer.
    public var edgeSpacing: Double
    /// The gap between two layers (a labelled layer pair gets the label's height on top).
    public var layerSpacing: Double
    /// The gap between disconnected parts placed side by side.
    public var componentSpacing: Double
    /// The empty border around the whole drawing.
    public var margin: Double
    /// How far a self-loop reaches out of its node's side.
    public var selfLoopSize: Double
    /// The most barycenter sweeps of crossing minimisation per connected part; fewer run on huge parts.
    public var crossingSweeps: Int

    /// Creates options; every parameter has a default that suits workflow diagrams.
    public init(
        direction: LayoutDirection = .topToBottom, nodeSpacing: Double = 40, edgeSpacing: Double = 16,
        layerSpacing: Double = 50, componentSpacing: Double = 60, margin: Double = 0, selfLoopSize: Double = 24,
        crossingSweeps: Int = 8
    ) {
        self.direction = direction
        self.nodeSpacing = nodeSpacing
        self.edgeSpacing = edgeSpacing
        self.layerSpacing = layerSpacing
        self.componentSpacing = componentSpacing
        self.margin = margin
        self.selfLoopSize = selfLoopSize
        self.crossingSweeps = crossingSweeps
    }
}
