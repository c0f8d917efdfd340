"""Writes the nested definitions of NestingHistoryTests (python3 generate.py 30 ok|fail > FILE).

Levels alternate Parallel states (a nested branch beside a one-state branch) and, every third level,
an inline Map over `$.items` (two items at the top, one below), 30 deep; `fail` makes the innermost
branch fail after a 1-second Wait (the siblings wait 10 seconds and are aborted) and level 2 catch it.
The *.history.txt goldens are `sfn run FILE --input '{"items":[0,1]}' --json` of main at a0060ca
(before the event log kept nested logs as segments), one event a line: id, previousEventId, type,
the state name of its details if any, timestamp.
"""
import json, sys
def level(k, depth, fail):
    """States for level k (a branch whose first state is a Pass, then the level's compound state)."""
    name = f"L{k}"
    if k > depth:
        inner = {"StartAt": f"In{k}", "States": {}}
        if fail:
            inner["States"][f"In{k}"] = {"Type": "Wait", "Seconds": 1, "Next": "Boom"}
            inner["States"]["Boom"] = {"Type": "Fail", "Error": "Deep.Failure", "Cause": "innermost"}
        else:
            inner["States"][f"In{k}"] = {"Type": "Pass", "Result": {"depth": k}, "End": True}
        return inner
    sub = level(k + 1, depth, fail)
    states = {f"P{k}": {"Type": "Pass", "Next": name}}
    if k % 3 == 0:
        st = {"Type": "Map", "ItemsPath": "$.items", "ItemSelector": {"items": [0], "v.$": "$$.Map.Item.Value"},
              "ItemProcessor": {"ProcessorConfig": {"Mode": "INLINE"}, **sub}, "End": True}
    else:
        side = {"StartAt": f"S{k}", "States": {f"S{k}": ({"Type": "Wait", "Seconds": 10, "End": True} if fail else {"Type": "Pass", "End": True})}}
        st = {"Type": "Parallel", "Branches": [sub, side], "End": True}
        if fail and k == 2:
            st["Catch"] = [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Caught"}]
            states["Caught"] = {"Type": "Pass", "End": True}
    states[name] = st
    return {"StartAt": f"P{k}", "States": states}
depth = int(sys.argv[1]); fail = sys.argv[2] == "fail"
d = level(1, depth, fail)
d["Comment"] = f"{depth} levels of Parallel and Map nested" + (", failing innermost" if fail else "")
print(json.dumps(d, separators=(",", ":")))
