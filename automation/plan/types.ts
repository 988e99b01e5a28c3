import { RecordedResource } from "../harness/recorder";

export type EnforcementLevel = "mandatory" | "advisory";
export type Severity = "critical" | "high" | "medium" | "low";

/** One policy finding, as the plan and `policies check` report it. */
export interface Violation {
    policy: string;
    enforcementLevel: EnforcementLevel;
    severity: Severity;
    /** The resource the finding is about; absent for a finding about the stack as a whole. */
    urn?: string;
    message: string;
}

/** The JSON plan (docs/plan-format.md). */
export interface Plan {
    project: string;
    stack: string;
    environment: string;
    resources: PlanResource[];
    violations: Violation[];
    summary: { resources: number; mandatory: number; advisory: number };
}

export type PlanResource = Pick<RecordedResource, "urn" | "type" | "name" | "parent" | "custom" | "inputs" | "dependencies" | "protect" | "retainOnDelete" | "deleteBeforeReplace">;

export function summarise(resources: PlanResource[], violations: Violation[]): Plan["summary"] {
    return {
        resources: resources.length,
        mandatory: violations.filter((v) => v.enforcementLevel === "mandatory").length,
        advisory: violations.filter((v) => v.enforcementLevel === "advisory").length,
    };
}

/** 0 clean or advisory only, 1 a mandatory violation. Bad config or arguments exit 2 before a plan exists. */
export function exitCodeOf(plan: Plan): 0 | 1 {
    return plan.summary.mandatory > 0 ? 1 : 0;
}
