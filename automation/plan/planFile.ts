import * as fs from "fs";
import * as path from "path";
import { Plan, summarise } from "./types";

/** A JSON plan that cannot be read: the message names the file and what is wrong with it. */
export class PlanFileError extends Error {}

/** Reads a JSON plan, checking only what the policy pack needs from each resource. */
export function readPlanFile(file: string): Plan {
    let data: unknown;
    try {
        data = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        throw new PlanFileError(`${file}: not a readable JSON plan (${(e as Error).message})`);
    }
    const plan = data as Partial<Plan>;
    if (typeof data !== "object" || data === null || !Array.isArray(plan.resources)) {
        throw new PlanFileError(`${file}: a plan is an object with a "resources" list (docs/plan-format.md)`);
    }
    plan.resources.forEach((r, i) => {
        for (const key of ["urn", "type", "name"] as const) {
            if (typeof r?.[key] !== "string") {
                throw new PlanFileError(`${file}: resources[${i}].${key} must be a string`);
            }
        }
        if (typeof r.inputs !== "object" || r.inputs === null) {
            throw new PlanFileError(`${file}: resources[${i}].inputs must be an object`);
        }
    });
    return {
        project: String(plan.project ?? "kafka-platform"),
        stack: String(plan.stack ?? path.basename(file, ".json")),
        environment: String(plan.environment ?? ""),
        mode: plan.mode === "first-preview" ? "first-preview" : "update",
        resources: plan.resources,
        violations: [],
        notJudged: [],
        implicitAccessEntries: Array.isArray(plan.implicitAccessEntries) ? plan.implicitAccessEntries : [],
        summary: summarise(plan.resources, []),
    };
}
