#!/usr/bin/env bash
# Compares every sample golden (the DSL's compiled output, Samples/*/Goldens) with the seed ASL it
# reproduces, in $SFN_SHARED/seeds/asl (default: ../shared), using `sfn diff`.
#
# A golden must equal its seed structurally (key order and 2 vs 2.0 do not matter), except for the
# documented fixes listed below: `sfn diff` must print exactly those lines, no more, no fewer.
# Whole state machines are compared whole; each fragment (fragment-*.state.json) is compared with
# the state of the sample it was folded into (`--second-at`). Samples/README.md explains each fix.
#
# Usage: Scripts/check-seed-goldens.sh   (builds sfn first when .build/debug/sfn is missing)
set -euo pipefail
cd "$(dirname "$0")/.."
SHARED="${SFN_SHARED:-$(cd .. && pwd)/shared}"
SEEDS="$SHARED/seeds/asl"
[ -d "$SEEDS" ] || { echo "no seeds at $SEEDS (set SFN_SHARED)"; exit 2; }
SFN=.build/debug/sfn
[ -x "$SFN" ] || swift build --product sfn >/dev/null

failures=0
# check SEED GOLDEN [PATH-IN-GOLDEN] <<< "allowed diff lines"
check() {
    local seed="$1" golden="$2" at="${3:-}" allowed actual
    allowed="$(cat)"
    if [ -n "$at" ]; then
        actual="$("$SFN" diff "$SEEDS/$seed" "$golden" --second-at "$at" || true)"
    else
        actual="$("$SFN" diff "$SEEDS/$seed" "$golden" || true)"
    fi
    if [ "$actual" == "$allowed" ]; then
        echo "ok   $seed ${at:+(at $at in $(basename "$golden"))}"
    else
        echo "FAIL $seed vs $golden ${at:+at $at}"
        diff <(echo "$allowed") <(echo "$actual") | grep -E '^[<>] .' \
            | sed 's/^</  allowed but not found:/; s/^>/  not allowed:/' || true
        failures=$((failures + 1))
    fi
}

# --- Whole state machines -------------------------------------------------------------------
check payment-processing.asl.json Samples/Payment/Goldens/payment-processing.asl.json <<< ""
check durable-order.asl.json Samples/DurableOrder/Goldens/durable-order.asl.json <<< ""
check order-processing.asl.json Samples/OrderProcessing/Goldens/order-processing.asl.json <<< ""
# Fix: the Catch of ChargePayment goes to RefundAndNotify, which the seed never defines.
check ecommerce-order.asl.json Samples/ECommerce/Goldens/ecommerce-order.asl.json <<'ALLOWED'
+ States.RefundAndNotify: {"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123:function:refund-and-notify","End":true}
ALLOWED
# Fix: the Parallel's output (an array) replaced the input SendNotification reads $.userResult from.
check microservices-orchestration.asl.json Samples/Microservices/Goldens/microservices-orchestration.asl.json <<'ALLOWED'
+ States.ProcessOrderAndPayment.ResultPath: "$.results"
~ States.SendNotification.Parameters.Payload["orderData.$"]: "$[0].Payload" -> "$.results[0].Payload"
~ States.SendNotification.Parameters.Payload["paymentData.$"]: "$[1].Payload" -> "$.results[1].Payload"
ALLOWED

# --- Fragments, folded into samples ---------------------------------------------------------
# The fragment is printed without a transition; in the sample it goes on to SaveOrder.
check fragment-call-external-api.state.json Samples/Payment/Goldens/payment-integrations.asl.json \
    States.CallExternalAPI <<'ALLOWED'
+ Next: "SaveOrder"
ALLOWED
check fragment-dynamodb-put-item.state.json Samples/Payment/Goldens/payment-integrations.asl.json \
    States.SaveOrder <<< ""
check fragment-nested-express.state.json Samples/Payment/Goldens/payment-integrations.asl.json \
    States.ProcessLineItems <<< ""
# Fix: the callback's output replaced the order; the sample keeps the order and puts the answer at $.approval.
check fragment-wait-for-approval.state.json Samples/ECommerce/Goldens/ecommerce-approval.asl.json \
    States.WaitForApproval <<'ALLOWED'
+ ResultPath: "$.approval"
ALLOWED
check fragment-process-line-items.state.json Samples/OrderProcessing/Goldens/order-processing-line-items.asl.json \
    States.ProcessLineItems <<< ""

# Every seed file must be covered above.
for f in "$SEEDS"/*.json; do
    grep -q "$(basename "$f")" "$0" || { echo "FAIL $(basename "$f") is not checked by this script"; failures=$((failures + 1)); }
done

if [ "$failures" -gt 0 ]; then echo "$failures seed comparison(s) failed"; exit 1; fi
echo "all seed goldens match (with the documented fixes)"
