import { ProgramRun, runProgram, RunOptions } from "../../automation/harness/run";
import { RecordedResource } from "../../automation/harness/recorder";
import { readStackConfig } from "../../automation/harness/stackFiles";

export type { ProgramRun, RecordedResource };

/** Runs the program under mocks for one of the shipped Pulumi.<stack>.yaml files. */
export function runStack(stack: string, overrides: Partial<RunOptions> = {}): Promise<ProgramRun> {
    const file = readStackConfig(stack);
    return runProgram({ stack, config: file.config, secretKeys: file.secretKeys, otherConfig: file.otherConfig, ...overrides });
}

/** Runs the program with a config written in the test, Pulumi.yaml defaults applied first. */
export function runConfig(stack: string, config: Record<string, unknown>, overrides: Partial<RunOptions> = {}): Promise<ProgramRun> {
    return runProgram({ stack, config: { region: "eu-west-1", ...config }, ...overrides });
}

export function ofType(run: ProgramRun, type: string): RecordedResource[] {
    return run.resources.filter((r) => r.type === type);
}

/** The one resource of that type and name; fails the test if there is none or more than one. */
export function resource(run: ProgramRun, type: string, name: string): RecordedResource {
    const found = run.resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
        const names = ofType(run, type).map((r) => r.name);
        throw new Error(`expected one ${type} named ${name}, found ${found.length} (names of that type: ${names.join(", ") || "none"})`);
    }
    return found[0];
}

export function countByType(run: ProgramRun): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of run.resources) {
        counts[r.type] = (counts[r.type] ?? 0) + 1;
    }
    return counts;
}

/** Runs a promise expected to fail and returns its error message. */
export async function failureOf(promise: Promise<unknown>): Promise<string> {
    try {
        await promise;
    } catch (e) {
        return e instanceof Error ? e.message : String(e);
    }
    throw new Error("expected the run to fail, but it succeeded");
}
