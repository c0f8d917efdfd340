/// How ``CompiledStateMachine/cloudFormationTemplate(_:)`` writes a CloudFormation (or SAM) template
/// with one `AWS::StepFunctions::StateMachine` resource whose `Definition` is the workflow.
///
/// Every `${Name}` placeholder left in the definition is filled by `DefinitionSubstitutions`: from
/// ``substitutions`` when given there (a literal or an intrinsic such as `{"Fn::GetAtt": [...]}`),
/// otherwise from a template parameter of the same name (letters and digits only) that the template declares.
public struct CloudFormationOptions: Sendable {
    /// JSON or YAML text.
    public enum Format: Sendable, Hashable {
        /// A JSON template.
        case json
        /// A YAML template (block style, double-quoted strings).
        case yaml
    }

    /// JSON or YAML.
    public var format: Format
    /// The resource's logical ID; derived from the workflow's name when `nil` (`payment-processing`
    /// gives `PaymentProcessing`).
    public var logicalID: String?
    /// `StateMachineName`; CloudFormation generates one when `nil`.
    public var stateMachineName: String?
    /// `RoleArn`: a string or an intrinsic; when `nil` the template declares a `StateMachineRoleArn` parameter.
    public var roleArn: JSONValue?
    /// Values of `DefinitionSubstitutions`, by placeholder name.
    public var substitutions: [String: JSONValue]

    /// Creates options.
    public init(
        format: Format = .yaml, logicalID: String? = nil, stateMachineName: String? = nil, roleArn: JSONValue? = nil,
        substitutions: [String: JSONValue] = [:]
    ) {
        self.format = format
        self.logicalID = logicalID
        self.stateMachineName = stateMachineName
        self.roleArn = roleArn
        self.substitutions = substitutions
    }
}

/// A CloudFormation parameter's logical ID for `base` (its ASCII letters and digits, not starting
/// with a digit), numbered from 2 when `used` already has it; the ID is added to `used`.
func cloudFormationParameterID(_ base: String, used: inout Set<String>) -> String {
    var id = String(base.filter { $0.isASCII && ($0.isLetter || $0.isNumber) })
    if id.isEmpty || id.first?.isNumber == true { id = "P" + id }
    var candidate = id
    var n = 2
    while used.contains(candidate) {
        candidate = id + String(n)
        n += 1
    }
    used.insert(candidate)
    return candidate
}

extension CompiledStateMachine {
    /// A CloudFormation template declaring this workflow as an `AWS::StepFunctions::StateMachine`
    /// (SAM templates accept the same resource), with the definition inline under `Definition`.
    ///
    /// ```swift
    /// let yaml = try orders.compile().cloudFormationTemplate(CloudFormationOptions(
    ///     roleArn: ["Fn::GetAtt": ["OrdersRole", "Arn"]],
    ///     substitutions: ["ValidateOrderFunctionArn": ["Fn::GetAtt": ["ValidateOrder", "Arn"]]]))
    /// ```
    public func cloudFormationTemplate(_ options: CloudFormationOptions = CloudFormationOptions()) -> String {
        let template = cloudFormationValue(options)
        switch options.format {
        case .json: return JSONWriter.pretty.string(template) + "\n"
        case .yaml: return YAMLWriter().string(template)
        }
    }

    /// The template as a JSON value.
    func cloudFormationValue(_ options: CloudFormationOptions) -> JSONValue {
        var parameters = JSONObject()
        var usedIDs: Set<String> = []
        func parameterID(_ base: String) -> String { cloudFormationParameterID(base, used: &usedIDs) }
        let logicalID = options.logicalID ?? Self.pascalCase(name)
        usedIDs.insert(logicalID)

        var properties = JSONObject()
        if let stateMachineName = options.stateMachineName {
            properties["StateMachineName"] = .string(stateMachineName)
        }
        properties["StateMachineType"] = .string(type.rawValue)
        if let role = options.roleArn {
            properties["RoleArn"] = role
        } else {
            let id = parameterID("StateMachineRoleArn")
            parameters[id] = [
                "Type": "String", "Description": "The ARN of the IAM role the state machine assumes",
            ]
            properties["RoleArn"] = ["Ref": .string(id)]
        }
        properties["Definition"] = value
        if !placeholders.isEmpty {
            var substitutions = JSONObject()
            for placeholder in placeholders {
                if let value = options.substitutions[placeholder] {
                    substitutions[placeholder] = value
                } else {
                    let id = parameterID(placeholder)
                    parameters[id] = [
                        "Type": "String",
                        "Description": .string("The value of the \(placeholder) placeholder of the definition"),
                    ]
                    substitutions[placeholder] = ["Ref": .string(id)]
                }
            }
            properties["DefinitionSubstitutions"] = .object(substitutions)
        }

        var template = JSONObject()
        template["AWSTemplateFormatVersion"] = "2010-09-09"
        template["Description"] = .string(definition.comment ?? "The \(name) state machine")
        if !parameters.isEmpty { template["Parameters"] = .object(parameters) }
        var resource = JSONObject()
        resource["Type"] = "AWS::StepFunctions::StateMachine"
        resource["Properties"] = .object(properties)
        var resources = JSONObject()
        resources[logicalID] = .object(resource)
        template["Resources"] = .object(resources)
        var outputs = JSONObject()
        outputs[logicalID + "Arn"] = ["Description": "The state machine's ARN", "Value": ["Ref": .string(logicalID)]]
        template["Outputs"] = .object(outputs)
        return .object(template)
    }

    /// `payment-processing` → `PaymentProcessing`.
    static func pascalCase(_ name: String) -> String {
        var out = ""
        var upper = true
        for c in name {
            if c.isASCII && (c.isLetter || c.isNumber) {
                out += upper ? c.uppercased() : String(c)
                upper = false
            } else {
                upper = true
            }
        }
        if out.isEmpty || out.first?.isNumber == true { out = "StateMachine" + out }
        return out
    }
}
