import JSONCore

/// CloudFormation's short-form intrinsic functions: `!Ref X` is `{"Ref": "X"}`, `!GetAtt A.B` is
/// `{"Fn::GetAtt": ["A", "B"]}`, `!Condition C` is `{"Condition": "C"}`, and any other `!Name v`
/// is `{"Fn::Name": v}` (`!Sub`, `!Join`, `!If`, `!FindInMap`, `!ToJsonString`, `!Length`, ...).
enum CloudFormationTags {
    /// Whether `tag` is a local tag (`!Name`), the form short-form functions take.
    static func isShortForm(_ tag: String?) -> Bool {
        guard let tag else { return false }
        return tag.utf8.count > 1 && tag.utf8.first == UInt8(ascii: "!")
    }

    /// The long-form key for a local tag.
    static func functionKey(_ tag: String) -> String {
        let name = String(tag.dropFirst())
        return name == "Ref" || name == "Condition" ? name : "Fn::" + name
    }

    /// `{key: value}` for `tag` applied to `value`, the key placed where the tag is written.
    /// For a scalar `!GetAtt`, `attributePosition` maps a byte offset into the scalar to a position (or `nil`).
    static func wrap(
        _ value: YAMLNode, tag: String, tagPosition: SourcePosition,
        attributePosition: (Int) -> SourcePosition?
    ) throws(YAMLError) -> YAMLNode {
        var value = value
        if tag == "!GetAtt", case .scalar(let scalar) = value.content {
            // `!GetAtt Resource.Attribute.Path` names resource `Resource`, attribute `Attribute.Path`.
            let text = scalar.text
            guard let dot = text.firstIndex(of: "."), dot != text.startIndex, text.index(after: dot) != text.endIndex
            else {
                throw YAMLError(
                    .invalidValue, "!GetAtt needs 'LogicalName.AttributeName', found \(YAMLError.quote(text))",
                    at: value.position)
            }
            let resource = String(text[..<dot])
            let attribute = String(text[text.index(after: dot)...])
            let attributeAt = attributePosition(resource.utf8.count + 1) ?? value.position
            value.content = .sequence([
                YAMLNode(
                    .scalar(YAMLScalar(text: resource, style: scalar.style, value: .string(resource))),
                    position: value.position),
                YAMLNode(
                    .scalar(YAMLScalar(text: attribute, style: scalar.style, value: .string(attribute))),
                    position: attributeAt),
            ])
        }
        let entry = YAMLMappingEntry(key: functionKey(tag), keyPosition: tagPosition, value: value)
        return YAMLNode(.mapping([entry]), position: tagPosition, tag: tag)
    }
}
