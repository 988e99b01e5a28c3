import { POLICIES } from "../../policies/catalog";
import { RuleInfo } from "./format";
import { Severity } from "./types";

/** What the SARIF output says of each rule: its description and how to fix what it finds. */
export function ruleInfo(): RuleInfo[] {
    return POLICIES.map((p) => ({
        name: p.name,
        description: p.description,
        severity: (p.severity ?? "medium") as Severity,
        remediation: p.remediationSteps ?? p.description,
    }));
}
