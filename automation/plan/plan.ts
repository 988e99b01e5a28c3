import { runProgram } from "../harness/run";
import { RecordedResource } from "../harness/recorder";
import { ConfigError } from "../../components/config";
import { listStacks, PROJECT_ROOT, readStackConfig } from "../harness/stackFiles";
import { NotJudged, Plan, PlanResource, summarise, Violation } from "./types";

/** Evaluates the policy pack, with the environment's pack config, on recorded resources. */
export type PolicyEvaluator = (resources: RecordedResource[], environment: string, notJudged?: NotJudged[]) => Violation[] | Promise<Violation[]>;

export interface PlanOptions {
    projectDir?: string;
    evaluate: PolicyEvaluator;
    /** Plan as the stack's first preview (nothing deployed yet) instead of a preview of a deployed stack. */
    firstPreview?: boolean;
    /** The caller ARN the plan deploys as (sts:GetCallerIdentity's answer); a mock role by default. */
    deployer?: string;
}

/** The outputs that differ from the inputs: what the provider adds or changes, kept apart so plans stay small. */
export function outputsBeyondInputs(r: RecordedResource): Record<string, unknown> | undefined {
    if (!r.outputs || r.outputs === r.inputs) {
        return undefined;
    }
    const beyond: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(r.outputs)) {
        if (!(key in r.inputs) || (value !== r.inputs[key] && JSON.stringify(value) !== JSON.stringify(r.inputs[key]))) {
            beyond[key] = value;
        }
    }
    return Object.keys(beyond).length > 0 ? beyond : undefined;
}

export function toPlanResource(r: RecordedResource): PlanResource {
    const outputs = outputsBeyondInputs(r);
    return {
        urn: r.urn,
        type: r.type,
        name: r.name,
        parent: r.parent,
        custom: r.custom,
        inputs: r.inputs,
        ...(r.remoteInputs ? { remoteInputs: r.remoteInputs } : {}),
        ...(outputs ? { outputs } : {}),
        ...(r.emulatedFrom ? { emulatedFrom: r.emulatedFrom } : {}),
        dependencies: r.dependencies,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        deleteBeforeReplace: r.deleteBeforeReplace,
    };
}

/** `org/project/stack` or `stack`: the name of the stack file a platform stack reference points at. */
export function stackFileNameOf(reference: string): string {
    return reference.split("/").pop() as string;
}

/**
 * Runs a stack's program in-process under the mock runtime, with the mocks answering for the cloud
 * (so every output is known, unlike in a first `pulumi preview`), and evaluates the policy pack on
 * what it registered. A team (tenant) stack
 * reads the outputs of its platform stack, which is planned first from its own stack file.
 */
export async function planStack(stack: string, options: PlanOptions): Promise<Plan> {
    const projectDir = options.projectDir ?? PROJECT_ROOT;
    const file = readStackConfig(stack, projectDir);
    const stackOutputs: Record<string, Record<string, unknown>> = {};
    const reference = file.config.platformStack;
    if (typeof reference === "string") {
        const platformStack = stackFileNameOf(reference);
        if (!listStacks(projectDir).includes(platformStack)) {
            throw new ConfigError([
                {
                    path: "platformStack",
                    message: `names a stack with no Pulumi.${platformStack}.yaml here to plan it from; stacks here: ${listStacks(projectDir).join(", ")}`,
                    value: reference,
                },
            ]);
        }
        const platform = readStackConfig(platformStack, projectDir);
        const platformRun = await runProgram({ stack: platform.stack, config: platform.config, secretKeys: platform.secretKeys, otherConfig: platform.otherConfig });
        stackOutputs[reference] = platformRun.outputs;
    }
    const run = await runProgram({
        stack,
        config: file.config,
        secretKeys: file.secretKeys,
        otherConfig: file.otherConfig,
        firstPreview: options.firstPreview,
        world: { stackOutputs, ...(options.deployer ? { deployer: options.deployer } : {}) },
    });
    const environment = String(file.config.environment);
    const notJudged: NotJudged[] = [];
    const violations = await options.evaluate(run.resources, environment, notJudged);
    const resources = run.resources.map(toPlanResource);
    return {
        project: run.project,
        stack,
        environment,
        mode: options.firstPreview ? "first-preview" : "update",
        resources,
        violations,
        notJudged,
        implicitAccessEntries: run.implicitAccessEntries,
        summary: summarise(resources, violations),
    };
}
