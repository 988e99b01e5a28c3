import * as fs from "fs";
import * as path from "path";
import { RecordedResource } from "../harness/recorder";
import { CliIo, emit, parseOutputArgs, processIo, readStackText, render, UsageError } from "../plan/cli";
import { RuleInfo } from "../plan/format";
import { PolicyEvaluator } from "../plan/plan";
import { readPlanFile } from "../plan/planFile";
import { exitCodeOf, NotJudged, Plan, summarise } from "../plan/types";
import { PROJECT_ROOT } from "../harness/stackFiles";

export const CHECK_USAGE = "usage: npm run policies -- check <plan.json> --env <environment> [--format table|json|markdown|sarif] [--out FILE]";

/** The environments that have a pack config in policies/config/. */
export function packEnvironments(projectDir: string = PROJECT_ROOT): string[] {
    return fs
        .readdirSync(path.join(projectDir, "policies", "config"))
        .filter((f) => f.endsWith(".json"))
        .map((f) => f.slice(0, -".json".length))
        .sort();
}

export function toRecorded(plan: Plan): RecordedResource[] {
    return plan.resources.map((r) => ({
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        custom: r.custom !== false,
        inputs: r.inputs,
        ...(r.remoteInputs ? { remoteInputs: r.remoteInputs } : {}),
        // The plan keeps only what the provider adds to the inputs; stack policies read the whole state.
        ...(r.outputs ? { outputs: { ...r.inputs, ...r.outputs } } : {}),
        ...(r.emulatedFrom ? { emulatedFrom: r.emulatedFrom } : {}),
        dependencies: Array.isArray(r.dependencies) ? r.dependencies : [],
        protect: r.protect === true,
        retainOnDelete: r.retainOnDelete === true,
        deleteBeforeReplace: r.deleteBeforeReplace === true,
        ignoreChanges: [],
    }));
}

export interface CheckDeps {
    evaluate: PolicyEvaluator;
    rules: RuleInfo[];
    projectDir?: string;
}

/** `policies check`: the plan's policy evaluation, on resources recorded in (or edited into) a JSON plan. */
export async function policiesCli(argv: string[], deps: CheckDeps, io: CliIo = processIo): Promise<number> {
    let plan: Plan;
    let parsed: ReturnType<typeof parseOutputArgs>;
    try {
        parsed = parseOutputArgs(argv, CHECK_USAGE, ["env"]);
        const [command, file, ...rest] = parsed.positional;
        if (command !== "check" || file === undefined || rest.length > 0) {
            throw new UsageError(CHECK_USAGE);
        }
        const environments = packEnvironments(deps.projectDir);
        const env = parsed.values.env;
        if (env === undefined || !environments.includes(env)) {
            throw new UsageError(`--env must be one of ${environments.join(", ")} (got ${env ?? "nothing"})\n${CHECK_USAGE}`);
        }
        plan = { ...readPlanFile(file), environment: env };
    } catch (e) {
        io.stderr(`${(e as Error).message}\n`);
        return 2;
    }
    const notJudged: NotJudged[] = [];
    const violations = await deps.evaluate(toRecorded(plan), plan.environment, notJudged);
    const checked: Plan = { ...plan, violations, notJudged, summary: summarise(plan.resources, violations) };
    const stackFile = `Pulumi.${plan.stack}.yaml`;
    emit(render(checked, parsed.options.format, deps.rules, stackFile, readStackText(deps.projectDir ?? PROJECT_ROOT, plan.stack)), parsed.options, io);
    return exitCodeOf(checked);
}
