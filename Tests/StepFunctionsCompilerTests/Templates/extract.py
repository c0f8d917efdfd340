#!/usr/bin/env python3
"""Writes expected/: the ASL each fixture template declares, extracted independently of the package.

The extraction follows the real-world corpus's (its README, "How the files were made"): a template is
read with PyYAML (CloudFormation's short-form tags as their long form, YAML 1.2 core-schema booleans) or
json; a `Definition` object has its intrinsic functions turned into the placeholders AWS would fill
(`!Ref X` -> "${X}", `!GetAtt X.Arn` -> "${X.Arn}", `!Sub s` -> s, `!Join` -> the joined text, `!If` ->
its first branch, `!FindInMap` -> the mapped value, `!Select` of a literal list -> the element, `Ref
AWS::NoValue` -> removed); a `DefinitionString` is rendered the same way and parsed as JSON; SAM's
`DefinitionUri` names a JSON or YAML file beside the template. `DefinitionSubstitutions` are not applied.
Terraform templatefile sources (terraform/*.asl.json) are their own expectation.

Run from this directory: python3 extract.py
"""
import glob
import json
import os
import re
import sys

import yaml


class CfnLoader(yaml.SafeLoader):
    pass


# YAML 1.2 core schema booleans only (PyYAML's 1.1 resolver also takes yes/no/on/off), no timestamps.
CfnLoader.yaml_implicit_resolvers = {
    k: [(tag, rx) for tag, rx in v if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")]
    for k, v in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
CfnLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF"))


def _cfn_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    if suffix == "GetAtt" and isinstance(value, str):
        value = value.split(".", 1)
    key = suffix if suffix in ("Ref", "Condition") else "Fn::" + suffix
    return {key: value}


CfnLoader.add_multi_constructor("!", _cfn_tag)

DROP = object()


class Extractor:
    def __init__(self, template):
        self.template = template

    def text(self, v):
        if isinstance(v, str):
            return v
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, (int, float)):
            return json.dumps(v)
        if isinstance(v, dict) and len(v) == 1:
            (k, a), = v.items()
            if k == "Ref":
                return "" if a == "AWS::NoValue" else "${%s}" % a
            if k == "Fn::GetAtt":
                return "${%s.%s}" % (a[0], self.text(a[1]))
            if k == "Fn::Sub":
                s, variables = (a, {}) if isinstance(a, str) else (a[0], a[1])

                def fill(m):
                    name = m.group(1)
                    if name.startswith("!"):
                        return "${" + name[1:] + "}"
                    if name in variables:
                        return self.text(variables[name])
                    return m.group(0)
                return re.sub(r"\$\{([^{}]+)\}", fill, s)
            if k == "Fn::Join":
                return self.text(a[0]).join(self.text(p) for p in a[1])
            if k == "Fn::If":
                return self.text(a[1])
            if k == "Fn::Select":
                return self.text(a[1][int(a[0])])
            if k == "Fn::FindInMap":
                return self.text(self.template["Mappings"][a[0]][a[1]][a[2]])
        raise ValueError(f"cannot render {v!r} as text")

    def value(self, v):
        if isinstance(v, dict):
            if len(v) == 1:
                (k, a), = v.items()
                if k == "Ref" and a == "AWS::NoValue":
                    return DROP
                if k == "Fn::If":
                    return self.value(a[1])
                if k == "Fn::Select":
                    return self.value(a[1][int(a[0])])
                if k == "Fn::FindInMap":
                    return self.value(self.template["Mappings"][a[0]][a[1]][a[2]])
                if k == "Ref" or k.startswith("Fn::"):
                    return self.text(v)
            out = {}
            for key, item in v.items():
                item = self.value(item)
                if item is not DROP:
                    out[key] = item
            return out
        if isinstance(v, list):
            return [x for x in (self.value(i) for i in v) if x is not DROP]
        return v


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.lstrip().startswith("{"):
        return json.loads(text)
    return yaml.load(text, Loader=CfnLoader)


def machines(path):
    template = load(path)
    ex = Extractor(template)
    for logical_id, resource in template.get("Resources", {}).items():
        kind = resource.get("Type")
        if kind not in ("AWS::StepFunctions::StateMachine", "AWS::Serverless::StateMachine"):
            continue
        props = resource.get("Properties", {})
        if "Definition" in props:
            yield logical_id, ex.value(props["Definition"])
        elif "DefinitionString" in props:
            yield logical_id, json.loads(ex.text(props["DefinitionString"]))
        elif "DefinitionUri" in props:
            yield logical_id, load(os.path.join(os.path.dirname(path), props["DefinitionUri"]))
        else:
            print(f"  {path}: {logical_id} is not read from the template ({', '.join(props)})")


def main():
    os.chdir(os.path.dirname(os.path.abspath(__file__)))
    os.makedirs("expected", exist_ok=True)
    for old in glob.glob("expected/*.asl.json"):
        os.remove(old)
    count = 0
    sources = sorted(glob.glob("*.yaml") + glob.glob("*.yml") + glob.glob("*.json") + glob.glob("cdk.out/*.template.json"))
    for path in sources:
        for logical_id, definition in machines(path):
            name = path.replace("/", "__") + "." + logical_id + ".asl.json"
            with open(os.path.join("expected", name), "w", encoding="utf-8") as f:
                json.dump(definition, f, indent=2, ensure_ascii=False)
                f.write("\n")
            count += 1
    for path in sorted(glob.glob("terraform/*.asl.json")):
        definition = load(path)
        with open(os.path.join("expected", path.replace("/", "__")), "w", encoding="utf-8") as f:
            json.dump(definition, f, indent=2, ensure_ascii=False)
            f.write("\n")
        count += 1
    print(f"{count} definitions from {len(sources)} templates and the Terraform sources written to expected/")


if __name__ == "__main__":
    sys.exit(main())
