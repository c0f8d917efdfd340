#!/usr/bin/env bash
# Writes every sample workflow as a CloudFormation template (`swift run samples DIR --cloudformation`)
# and checks the templates with cfn-lint (https://github.com/aws-cloudformation/cfn-lint), which
# validates the AWS::StepFunctions::StateMachine resource, its Definition and its substitutions; and
# checks the golden of CloudFormationStackTests (two workflows, one starting the other, with their
# roles, policies, logging and tracing), which that test keeps equal to what CloudFormationStack writes.
#
# Usage: Scripts/cfn-lint-samples.sh [DIR]   (DIR defaults to a temporary directory; needs cfn-lint on PATH)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cfn-lint >/dev/null || { echo "cfn-lint is not installed (pip install cfn-lint)"; exit 2; }
out="${1:-$(mktemp -d)}"
swift run samples "$out" --cloudformation >/dev/null
templates=("$out"/*.cfn.yaml Tests/StepFunctionsTests/Goldens/orders-shipping.stack.yaml)
cfn-lint "${templates[@]}"
echo "cfn-lint: ${#templates[@]} templates, no findings"
