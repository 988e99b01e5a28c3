import { evaluateForEnvironment } from "../../automation/policies/runner";
import { CliIo } from "../../automation/plan/cli";
import { ruleInfo } from "../../automation/plan/rules";

/** What a CLI run wrote: its stdout and stderr lines and the files it would have written. */
export interface Captured {
    io: CliIo;
    stdout: string[];
    stderr: string[];
    files: Record<string, string>;
}

export function capture(): Captured {
    const c: Captured = { stdout: [], stderr: [], files: {}, io: undefined as unknown as CliIo };
    c.io = { stdout: (t) => c.stdout.push(t), stderr: (t) => c.stderr.push(t), writeFile: (f, t) => (c.files[f] = t) };
    return c;
}

/** The plan CLIs' real evaluator and rule catalogue, as `npm run plan` wires them. */
export const planDeps = { evaluate: evaluateForEnvironment, rules: ruleInfo() };
