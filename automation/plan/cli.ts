import * as fs from "fs";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "../../components/config";
import { listStacks, PROJECT_ROOT } from "../harness/stackFiles";
import { FORMATS, Format, renderJson, renderMarkdown, renderSarif, renderTable, RuleInfo } from "./format";
import { diffPlans, PlanDiff } from "./diff";
import { renderDiffJson, renderDiffMarkdown, renderDiffTable } from "./diffFormat";
import { planStack, PolicyEvaluator } from "./plan";
import { readPlanFile } from "./planFile";
import { exitCodeOf, Plan } from "./types";

export interface OutputArgs {
    format: Format;
    out?: string;
}

export class UsageError extends Error {}

/** Splits `--format X`/`--format=X` and `--out F` from the positional arguments. */
export function parseOutputArgs(argv: string[], usage: string, extra: string[] = []): { positional: string[]; options: OutputArgs; values: Record<string, string> } {
    const positional: string[] = [];
    const values: Record<string, string> = {};
    const known = ["format", "out", ...extra];
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (!arg.startsWith("--")) {
            positional.push(arg);
            continue;
        }
        const [flag, inline] = arg.slice(2).split(/=(.*)/s, 2);
        if (!known.includes(flag)) {
            throw new UsageError(`unknown option --${flag}\n${usage}`);
        }
        const value = inline ?? argv[++i];
        if (value === undefined || value.startsWith("--")) {
            throw new UsageError(`--${flag} needs a value\n${usage}`);
        }
        values[flag] = value;
    }
    const format = (values.format ?? "table") as Format;
    if (!FORMATS.includes(format)) {
        throw new UsageError(`--format must be one of ${FORMATS.join(", ")} (got ${values.format})\n${usage}`);
    }
    return { positional, options: { format, out: values.out }, values };
}

export function render(plan: Plan, format: Format, rules: RuleInfo[], stackFile: string, stackText?: string): string {
    switch (format) {
        case "json":
            return renderJson(plan);
        case "markdown":
            return renderMarkdown(plan);
        case "sarif":
            return renderSarif(plan, rules, stackFile, stackText);
        case "table":
            return renderTable(plan);
    }
}

export interface CliIo {
    stdout(text: string): void;
    stderr(text: string): void;
    writeFile(file: string, text: string): void;
}

export const processIo: CliIo = {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    writeFile: (f, t) => fs.writeFileSync(f, t),
};

export function emit(text: string, options: OutputArgs, io: CliIo): void {
    if (options.out) {
        io.writeFile(options.out, text);
    } else {
        io.stdout(text);
    }
}

/** Config mistakes and errors the program raises on purpose are the user's to fix: exit 2 with the message alone. */
export function isUserError(e: unknown): boolean {
    return ConfigError.isConfigError(e) || pulumi.RunError.isInstance(e);
}

export const PLAN_USAGE = `usage: npm run plan -- <stack> [--first-preview] [--deployer <caller ARN>] [--format ${FORMATS.join("|")}] [--out FILE] [--diff-against BASE_PLAN.json]`;

/** The flag that plans a stack as its first preview sees it (nothing deployed yet). */
export const FIRST_PREVIEW_FLAG = "--first-preview";

/** The formats a diff is written in: SARIF carries policy findings, which belong to a plan, not to a change. */
export const DIFF_FORMATS: Format[] = ["table", "json", "markdown"];

export function renderDiff(diff: PlanDiff, format: Format): string {
    switch (format) {
        case "json":
            return renderDiffJson(diff);
        case "markdown":
            return renderDiffMarkdown(diff);
        default:
            return renderDiffTable(diff);
    }
}

/** The text of `Pulumi.<stack>.yaml`, for locating findings in it; undefined when there is no such file. */
export function readStackText(projectDir: string, stack: string): string | undefined {
    const file = path.join(projectDir, `Pulumi.${stack}.yaml`);
    return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
}

export interface PlanCliDeps {
    evaluate: PolicyEvaluator;
    rules: RuleInfo[];
    projectDir?: string;
}

export async function planCli(argv: string[], deps: PlanCliDeps, io: CliIo = processIo): Promise<number> {
    let stack: string;
    let options: OutputArgs;
    let base: Plan | undefined;
    let firstPreview = false;
    let deployer: string | undefined;
    try {
        const parsed = parseOutputArgs(
            argv.filter((a) => a !== FIRST_PREVIEW_FLAG),
            PLAN_USAGE,
            ["diff-against", "deployer"],
        );
        firstPreview = argv.includes(FIRST_PREVIEW_FLAG);
        deployer = parsed.values.deployer;
        if (deployer !== undefined && !/^arn:aws[a-z-]*:(sts|iam)::\d{12}:/.test(deployer)) {
            throw new UsageError(`--deployer must be the ARN aws sts get-caller-identity prints (got ${deployer})\n${PLAN_USAGE}`);
        }
        if (parsed.positional.length !== 1) {
            throw new UsageError(`name one stack (${listStacks(deps.projectDir ?? PROJECT_ROOT).join(", ")})\n${PLAN_USAGE}`);
        }
        stack = parsed.positional[0];
        options = parsed.options;
        const baseFile = parsed.values["diff-against"];
        if (baseFile !== undefined) {
            if (!DIFF_FORMATS.includes(options.format)) {
                throw new UsageError(`--diff-against writes ${DIFF_FORMATS.join(", ")} (got --format ${options.format})\n${PLAN_USAGE}`);
            }
            base = readPlanFile(baseFile);
        }
    } catch (e) {
        io.stderr(`${(e as Error).message}\n`);
        return 2;
    }
    if (!listStacks(deps.projectDir ?? PROJECT_ROOT).includes(stack)) {
        io.stderr(`no stack file Pulumi.${stack}.yaml; stacks here: ${listStacks(deps.projectDir ?? PROJECT_ROOT).join(", ")}\n`);
        return 2;
    }
    let plan: Plan;
    try {
        plan = await planStack(stack, { evaluate: deps.evaluate, projectDir: deps.projectDir, firstPreview, deployer });
    } catch (e) {
        if (isUserError(e)) {
            io.stderr(`${(e as Error).message}\n`);
            return 2;
        }
        throw e;
    }
    const projectDir = deps.projectDir ?? PROJECT_ROOT;
    const text = base ? renderDiff(diffPlans(base, plan), options.format) : render(plan, options.format, deps.rules, `Pulumi.${stack}.yaml`, readStackText(projectDir, stack));
    emit(text, options, io);
    return exitCodeOf(plan);
}
