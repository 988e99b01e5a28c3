import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as readline from "readline";
import { Deployment, EngineEvent, LocalWorkspace, LocalWorkspaceOptions, PulumiCommand } from "@pulumi/pulumi/automation";
import { PROJECT_ROOT, readStackConfig } from "../harness/stackFiles";
import { notReadyStrimziResources, renderNotReady } from "./strimziStatus";

export const ACTIONS = ["preview", "up", "destroy", "refresh"] as const;
export type Action = (typeof ACTIONS)[number];

export interface DeployArgs {
    stack: string;
    action: Action;
    yes: boolean;
    /**
     * `--up` only: constrain the update to the plan its preview saved (default). `--no-update-plan`
     * updates without one, for when Pulumi's update plans (a public-preview feature) refuse a change
     * the preview showed; the update still runs the policy pack.
     */
    updatePlan: boolean;
}

export const USAGE = "usage: npm run deploy -- <stack> [--preview|--up [--no-update-plan]|--destroy|--refresh] [--yes]";

export class UsageError extends Error {}

export function parseDeployArgs(argv: string[]): DeployArgs {
    const stacks = argv.filter((a) => !a.startsWith("-"));
    const flags = argv.filter((a) => a.startsWith("-"));
    const unknown = flags.filter((f) => f !== "--yes" && f !== "--no-update-plan" && !ACTIONS.some((a) => f === `--${a}`));
    if (unknown.length > 0) {
        throw new UsageError(`unknown option ${unknown.join(", ")}\n${USAGE}`);
    }
    if (stacks.length !== 1) {
        throw new UsageError(`${stacks.length === 0 ? "name the stack" : "name one stack"} to deploy\n${USAGE}`);
    }
    const actions = ACTIONS.filter((a) => flags.includes(`--${a}`));
    if (actions.length > 1) {
        throw new UsageError(`choose one of --${actions.join(", --")}\n${USAGE}`);
    }
    const action = actions[0] ?? "preview";
    const updatePlan = !flags.includes("--no-update-plan");
    if (!updatePlan && action !== "up") {
        throw new UsageError(`--no-update-plan only goes with --up\n${USAGE}`);
    }
    return { stack: stacks[0], action, yes: flags.includes("--yes"), updatePlan };
}

/** What the command needs from the outside world; tests replace it. */
export interface StackOperations {
    preview(opts: object): Promise<unknown>;
    up(opts: object): Promise<unknown>;
    destroy(opts: object): Promise<unknown>;
    refresh(opts: object): Promise<unknown>;
    /** The stack's state, as `pulumi stack export --show-secrets` prints it (@pulumi/pulumi 3.270 automation/localWorkspace.js). */
    exportStack(): Promise<Deployment>;
}

export interface DeployDeps {
    findPulumi(): Promise<PulumiCommand>;
    selectStack(stackName: string, workDir: string, options: LocalWorkspaceOptions): Promise<StackOperations>;
    /** Whether the user has chosen a backend (pulumi login, or PULUMI_BACKEND_URL). */
    hasBackend(): boolean;
    confirm(question: string): Promise<boolean>;
    interactive: boolean;
    /** Where `--up` keeps the update plan between its preview and its update. */
    planFile(stack: string): string;
    out(text: string): void;
    err(text: string): void;
    projectDir: string;
}

/** Where state goes when the user has not logged in anywhere: a folder of the project, git-ignored. */
export function localBackendUrl(projectDir: string): string {
    return `file://${path.join(projectDir, ".pulumi")}`;
}

export function hasPulumiBackend(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir()): boolean {
    if (env.PULUMI_BACKEND_URL || env.PULUMI_ACCESS_TOKEN) {
        return true;
    }
    const credentials = path.join(env.PULUMI_HOME ?? path.join(home, ".pulumi"), "credentials.json");
    try {
        const current = (JSON.parse(fs.readFileSync(credentials, "utf8")) as { current?: string }).current;
        return typeof current === "string" && current.length > 0;
    } catch {
        return false;
    }
}

export const MISSING_CLI =
    "The Pulumi CLI was not found on PATH. Install it (https://www.pulumi.com/docs/install/, e.g. `curl -fsSL https://get.pulumi.com | sh`), open a new shell, and run this command again. `npm run plan` needs no CLI if you only want to check a change.";

/** The mandatory policy violations a preview's engine events report. */
export function mandatoryViolations(events: EngineEvent[]): string[] {
    return events
        .map((e) => e.policyEvent)
        .filter((p): p is NonNullable<EngineEvent["policyEvent"]> => p !== undefined && p.enforcementLevel === "mandatory")
        .map((p) => `${p.policyName}${p.resourceUrn ? ` (${p.resourceUrn})` : ""}: ${p.message.trim()}`);
}

function firstLine(e: unknown): string {
    return e instanceof Error ? e.message.split("\n")[0] : String(e);
}

/** The one line that closes a failed command; the CLI has already streamed the engine's own account. */
export function failureLine(args: DeployArgs, e: unknown): string {
    return `${args.action} of ${args.stack} failed: ${firstLine(e)}`;
}

/**
 * Prints, from the stack's state, the Strimzi resources that are not Ready and Strimzi's reasons:
 * the Kubernetes provider cannot print them itself (automation/deploy/strimziStatus.ts says why).
 * The state holds each resource as its last operation left it, so after an update it is live only
 * for the resources the update touched; a refresh re-reads them all.
 */
async function reportNotReady(args: DeployArgs, deps: DeployDeps, stack: StackOperations): Promise<void> {
    let resources;
    try {
        resources = notReadyStrimziResources(await stack.exportStack());
    } catch (e) {
        deps.err(`could not read the state of ${args.stack} to report Strimzi's conditions: ${firstLine(e)}`);
        return;
    }
    if (resources.length === 0) {
        return;
    }
    const source =
        args.action === "refresh"
            ? "as this refresh read them"
            : `in the stack's state (live for what this update changed; \`npm run deploy -- ${args.stack} --refresh\` re-reads the rest)`;
    deps.err([`Strimzi resources that are not Ready, ${source}:`, ...renderNotReady(resources).map((l) => `  ${l}`)].join("\n"));
}

/** Runs an update or a refresh, then reports what Strimzi says is not Ready; 1 when the command failed. */
async function runAndReport(args: DeployArgs, deps: DeployDeps, stack: StackOperations, run: () => Promise<unknown>): Promise<number> {
    const failure = await run().then(
        () => undefined,
        (e: unknown) => ({ e }),
    );
    if (failure !== undefined) {
        deps.err(failureLine(args, failure.e));
    }
    await reportNotReady(args, deps, stack);
    return failure === undefined ? 0 : 1;
}

/**
 * Runs preview, up, destroy or refresh of one stack through the Automation API on this project
 * directory, with the policy pack and the environment's pack config on preview and up. The
 * Automation API's `up` runs `pulumi up --yes --skip-preview` (@pulumi/pulumi 3.270
 * automation/stack.js), which would apply before any policy judged the change, so `--up` previews
 * first with the pack, saving the preview as an update plan (`PreviewOptions.plan`, the CLI's
 * `--save-plan`), stops on a mandatory violation, and only then updates constrained to that plan
 * (`UpOptions.plan`, `--plan`): the update can do nothing the checked preview did not show.
 * Update plans are a Pulumi "public preview" feature; an update that would leave the plan stops
 * with a constraint error and changes nothing further. After an update or a refresh, failed or not,
 * it prints the Strimzi resources the stack's state shows not Ready, with Strimzi's conditions.
 */
export async function deploy(args: DeployArgs, deps: DeployDeps): Promise<number> {
    let environment: string;
    try {
        environment = String(readStackConfig(args.stack, deps.projectDir).config.environment);
    } catch (e) {
        deps.err(e instanceof Error ? e.message : String(e));
        return 2;
    }
    let pulumi: PulumiCommand;
    try {
        pulumi = await deps.findPulumi();
    } catch {
        deps.err(MISSING_CLI);
        return 2;
    }
    const mustConfirm = (args.action === "up" || args.action === "destroy") && environment === "prod" && !args.yes;
    if (mustConfirm && !deps.interactive) {
        deps.err(`refusing to --${args.action} the prod stack "${args.stack}" without --yes: there is no terminal to confirm on`);
        return 2;
    }
    const confirmed = async () => {
        if (mustConfirm && !(await deps.confirm(`--${args.action} the prod stack "${args.stack}"? Type yes to continue: `))) {
            deps.err("cancelled");
            return false;
        }
        return true;
    };
    if (args.action === "destroy" && !(await confirmed())) {
        return 1;
    }
    const envVars: Record<string, string> = {};
    if (!deps.hasBackend()) {
        envVars.PULUMI_BACKEND_URL = localBackendUrl(deps.projectDir);
        deps.out(`Not logged in to any Pulumi backend: keeping state in ${envVars.PULUMI_BACKEND_URL} (run \`pulumi login\` to choose another).\n`);
    }
    const stack = await deps.selectStack(args.stack, deps.projectDir, { pulumiCommand: pulumi, envVars });
    const policy = {
        policyPacks: [path.join(deps.projectDir, "policies")],
        policyPackConfigs: [path.join(deps.projectDir, "policies", "config", `${environment}.json`)],
    };
    const stream = { onOutput: deps.out, onError: deps.err, color: "auto" as const };
    switch (args.action) {
        case "preview":
            await stack.preview({ ...stream, ...policy });
            break;
        case "up": {
            const plan = args.updatePlan ? { plan: deps.planFile(args.stack) } : {};
            const events: EngineEvent[] = [];
            let previewError: unknown;
            // The CLI fails a preview with a mandatory violation; the events say which.
            await stack.preview({ ...stream, ...policy, ...plan, onEvent: (e: EngineEvent) => events.push(e) }).catch((e: unknown) => (previewError = e));
            const violations = mandatoryViolations(events);
            if (violations.length > 0) {
                deps.err(`not updating ${args.stack}: the preview has ${violations.length} mandatory policy violation(s):\n${violations.map((v) => `  - ${v}`).join("\n")}`);
                return 1;
            }
            if (previewError !== undefined) {
                throw previewError;
            }
            if (!(await confirmed())) {
                return 1;
            }
            return runAndReport(args, deps, stack, () => stack.up({ ...stream, ...policy, ...plan }));
        }
        case "destroy":
            await stack.destroy(stream);
            break;
        case "refresh":
            return runAndReport(args, deps, stack, () => stack.refresh(stream));
    }
    return 0;
}

function ask(question: string): Promise<boolean> {
    const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
    return new Promise((resolve) =>
        rl.question(question, (answer) => {
            rl.close();
            resolve(answer.trim().toLowerCase() === "yes");
        }),
    );
}

export const realDeps: DeployDeps = {
    findPulumi: () => PulumiCommand.get(),
    selectStack: (stackName, workDir, options) => LocalWorkspace.createOrSelectStack({ stackName, workDir }, options),
    hasBackend: () => hasPulumiBackend(),
    confirm: ask,
    interactive: Boolean(process.stdin.isTTY),
    planFile: (stack) => path.join(fs.mkdtempSync(path.join(os.tmpdir(), "kafka-platform-")), `${stack}.plan.json`),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text.endsWith("\n") ? text : `${text}\n`),
    projectDir: PROJECT_ROOT,
};

async function main(): Promise<number> {
    let args: DeployArgs;
    try {
        args = parseDeployArgs(process.argv.slice(2));
    } catch (e) {
        process.stderr.write(`${(e as Error).message}\n`);
        return 2;
    }
    try {
        return await deploy(args, realDeps);
    } catch (e) {
        process.stderr.write(`${failureLine(args, e)}\n`);
        return 1;
    }
}

if (require.main === module) {
    main().then((code) => process.exit(code));
}
