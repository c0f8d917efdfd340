import JSONCore

/// Reads YAML 1.2 text, as CloudFormation and SAM templates use it, into ``YAMLNode`` trees or JSON.
///
/// Block and flow collections, all scalar styles, comments, anchors, aliases and merge keys,
/// the core schema's types, standard `!!` tags and CloudFormation's short-form intrinsic
/// functions are supported. Parsing never recurses on the input's nesting: depth and alias
/// expansion are bounded by ``Options``, so hostile text fails with a ``YAMLError`` instead of
/// crashing or hanging.
public struct YAMLParser: Sendable {
    /// Limits and behaviour.
    public struct Options: Sendable {
        /// The deepest nesting of collections accepted (a short-form tag's wrapper counts as one level).
        public var maxDepth: Int
        /// How many nodes all aliases together may expand to.
        public var maxAliasExpansion: Int
        /// Whether local tags (`!Ref`, `!Sub`, ...) become CloudFormation's long JSON form; when off
        /// they are kept in ``YAMLNode/tag`` and tagged scalars read as strings.
        public var cloudFormationTags: Bool

        /// Creates options.
        public init(maxDepth: Int = 512, maxAliasExpansion: Int = 1_000_000, cloudFormationTags: Bool = true) {
            self.maxDepth = maxDepth
            self.maxAliasExpansion = maxAliasExpansion
            self.cloudFormationTags = cloudFormationTags
        }
    }

    /// The options in use.
    public var options: Options

    /// Creates a parser.
    public init(options: Options = Options()) { self.options = options }

    /// Parses text holding one document (an empty text is a null scalar); a second document is an error.
    public func parse(_ text: String) throws(YAMLError) -> YAMLNode {
        var composer = try YAMLComposer(text: text, options: options)
        guard try composer.beginDocument() != nil else {
            let start = composer.source.bodyStart
            return YAMLNode(
                .scalar(YAMLScalar(text: "", style: .plain, value: .null)),
                position: SourcePosition(line: 1, column: 1, offset: start))
        }
        let root = try composer.composeDocument()
        if let second = try composer.beginDocument() {
            throw YAMLError(
                .multipleDocuments, "a second document starts here; the text must hold a single document", at: second)
        }
        return root
    }

    /// Parses every document of a stream (`---` separated), in order.
    public func parseDocuments(_ text: String) throws(YAMLError) -> [YAMLNode] {
        var composer = try YAMLComposer(text: text, options: options)
        var documents: [YAMLNode] = []
        while try composer.beginDocument() != nil {
            documents.append(try composer.composeDocument())
        }
        return documents
    }

    /// Parses text holding one document with the given options.
    public static func parse(_ text: String, options: Options = Options()) throws(YAMLError) -> YAMLNode {
        try YAMLParser(options: options).parse(text)
    }

    /// Parses text holding one document and returns it as JSON.
    public static func parseJSON(_ text: String, options: Options = Options()) throws(YAMLError) -> JSONValue {
        try YAMLParser(options: options).parse(text).jsonValue()
    }
}
