import Foundation
import StepFunctionsCompiler

/// `sfn template FILE`: a CloudFormation (or SAM) template declaring the definition in FILE.
let templateCommand = Command(
    name: "template",
    summary: "Write a CloudFormation template (YAML or JSON) that deploys a definition",
    help: """
        OVERVIEW: Write a CloudFormation template with one AWS::StepFunctions::StateMachine whose
        Definition is the definition in FILE (validated first, as AWS would).

        Every ${Name} placeholder left in the definition becomes a DefinitionSubstitutions entry filled
        from a template parameter of the same name; the role is a StateMachineRoleArn parameter.

        FILE may itself be a CloudFormation or SAM template (JSON or YAML): the definition of its
        state machine (--state-machine ID when it has several), with its DefinitionSubstitutions
        applied, is written out as a template of its own (its name and type are kept unless given).

        USAGE: sfn template [--name NAME] [--format yaml|json] [--express] [--state-machine ID] FILE

        OPTIONS:
          --name NAME             The workflow's name (default: FILE's name without .asl.json): the
                                  resource's logical id is its PascalCase form.
          --format yaml|json      The template's format (default: yaml).
          --express               An EXPRESS state machine (checked with EXPRESS rules).
        \(definitionOptionsHelp)
          -h, --help              Show this help.
        """,
    run: { arguments, io in
        let usage = "Usage: sfn template [--name NAME] [--format yaml|json] [--express] [--state-machine ID] FILE"
        do throws(UsageError) {
            let args = try ArgumentList(
                arguments, flags: ["--express"], options: ["--name", "--format", "--state-machine"])
            guard args.positionals.count == 1, let file = args.positionals.first else {
                throw UsageError(message: "give exactly one FILE")
            }
            let format: CloudFormationOptions.Format
            switch args.value("--format") ?? "yaml" {
            case "yaml": format = .yaml
            case "json": format = .json
            case let other: throw UsageError(message: "--format is '\(other)'; use yaml or json")
            }
            guard let source = try loadDefinitionReporting(file, stateMachine: args.value("--state-machine"), io: io)
            else {
                return ExitStatus.failure
            }
            let type: StateMachineType = args.has("--express") || source.type == .express ? .express : .standard
            let document = source.document(validation: .init(stateMachineType: type, warnings: true))
            guard let definition = document.definition, !document.hasErrors else {
                for d in document.diagnostics { io.err(d.formatted(file: source.file)) }
                return ExitStatus.failure
            }
            var name =
                args.value("--name") ?? source.name ?? source.logicalId ?? URL(fileURLWithPath: file).lastPathComponent
            for suffix in [".asl.json", ".asl.yaml", ".asl.yml", ".json", ".yaml", ".yml"] where name.hasSuffix(suffix)
            {
                name = String(name.dropLast(suffix.count))
                break
            }
            let compiled = CompiledStateMachine(
                name: name, type: type, definition: definition, options: CompileOptions(),
                warnings: document.diagnostics.filter { $0.severity != .error })
            io.write(compiled.cloudFormationTemplate(CloudFormationOptions(format: format)))
            return ExitStatus.ok
        } catch {
            return error.report(usage: usage, io: io)
        }
    })
