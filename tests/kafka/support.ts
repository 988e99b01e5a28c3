import { readStackConfig } from "../../automation/harness/stackFiles";
import { mergeDefaults, parseConfig } from "../../components/config";
import { ConfigError, formatProblem } from "../../components/config/errors";
import { ProgramRun, resource, runStack } from "../support/harness";

export const KAFKA_TYPE = "kubernetes:kafka.strimzi.io/v1:Kafka";
export const NODE_POOL_TYPE = "kubernetes:kafka.strimzi.io/v1:KafkaNodePool";
export const CHART_TYPE = "kubernetes:helm.sh/v4:Chart";
export const NAMESPACE_TYPE = "kubernetes:core/v1:Namespace";
export const CONFIG_MAP_TYPE = "kubernetes:core/v1:ConfigMap";

/** A shipped stack's config with `patch` merged over it key by key (arrays and scalars replace). */
export function stackConfigWith(stack: string, patch: Record<string, unknown> = {}): Record<string, unknown> {
    return mergeDefaults(readStackConfig(stack).config, patch) as Record<string, unknown>;
}

/** Runs a shipped stack with `patch` merged over its config. */
export function runPatched(stack: string, patch: Record<string, unknown>): Promise<ProgramRun> {
    return runStack(stack, { config: stackConfigWith(stack, patch) });
}

/** The problem lines parseConfig reports for a shipped stack with `patch` applied; [] when it parses. */
export function problemsWith(stack: string, patch: Record<string, unknown>): string[] {
    try {
        parseConfig(stackConfigWith(stack, patch), stack);
        return [];
    } catch (e) {
        if (ConfigError.isConfigError(e)) {
            return e.problems.map(formatProblem);
        }
        throw e;
    }
}

export function inputsOf(run: ProgramRun, type: string, name: string): Record<string, unknown> {
    return resource(run, type, name).inputs;
}

/** Runs each shipped stack once and keeps the result for every test of a file. */
export function stackRuns(stacks: readonly string[]): Record<string, ProgramRun> {
    const runs: Record<string, ProgramRun> = {};
    before(async () => {
        for (const stack of stacks) {
            runs[stack] = await runStack(stack);
        }
    });
    return runs;
}
