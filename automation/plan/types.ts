import { RecordedResource } from "../harness/recorder";
import { ImplicitAccessEntry } from "../harness/remote";

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

/** A rule that could not judge a resource (or the stack) because a value it guards is unknown. */
export interface NotJudged {
    policy: string;
    urn?: string;
    reason: string;
}

/** The JSON plan (docs/plan-format.md). */
export interface Plan {
    project: string;
    stack: string;
    environment: string;
    /** `update`: a preview of a deployed stack, every output known; `first-preview`: nothing exists yet. */
    mode?: PlanMode;
    resources: PlanResource[];
    violations: Violation[];
    /** What the rules left to `pulumi up` because a value was unknown when the plan ran. */
    notJudged?: NotJudged[];
    /** Access entries EKS creates by itself for the identity that runs `pulumi up`. */
    implicitAccessEntries?: ImplicitAccessEntry[];
    summary: { resources: number; mandatory: number; advisory: number };
}

export type PlanMode = "update" | "first-preview";

export type PlanResource = Pick<
    RecordedResource,
    "urn" | "type" | "name" | "parent" | "custom" | "inputs" | "remoteInputs" | "outputs" | "emulatedFrom" | "dependencies" | "protect" | "retainOnDelete" | "deleteBeforeReplace"
>;

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
