import * as pulumi from "@pulumi/pulumi";
import { PROJECT } from "../../components/config";
import { createMocks, DEFAULT_DEPLOYER, MockWorld } from "./mocks";
import { readableValue, RecordedResource, recordRegistrations } from "./recorder";
import { ImplicitAccessEntry } from "./remote";

export interface RunOptions {
    stack: string;
    /** Stack config values without the project prefix, as they appear under `config:` in Pulumi.<stack>.yaml. */
    config: Record<string, unknown>;
    /** Keys of other namespaces, with their namespace (`aws:region`), as the CLI would pass them. */
    otherConfig?: Record<string, unknown>;
    /** Config keys (without prefix) Pulumi would hold as secrets. */
    secretKeys?: string[];
    world?: Partial<MockWorld>;
    /**
     * Run as a stack's first preview: a dry run in which nothing exists yet, so every output a
     * provider computes is unknown. Off: as a preview of a stack already deployed, every output known.
     */
    firstPreview?: boolean;
    /**
     * Keep capturing stack traces during the run. Off by default: Pulumi's runtime records a stack
     * trace for every promise it tracks and every resource's source position, which is most of its
     * cost per resource under the mock runtime and tells a plan nothing.
     */
    captureStackTraces?: boolean;
    /** The program; defaults to the project's own index.ts. */
    program?: () => Record<string, unknown> | Promise<Record<string, unknown>>;
}

export interface ProgramRun {
    project: string;
    stack: string;
    resources: RecordedResource[];
    /** Stack outputs, secrets shown as "[secret]". */
    outputs: Record<string, unknown>;
    /** Access entries EKS itself creates for the deploying identity, which no resource shows. */
    implicitAccessEntries: ImplicitAccessEntry[];
}

export const STACK_TYPE = "pulumi:pulumi:Stack";

/**
 * A failed program rejects several of the runtime's internal promises with the same error, some
 * after the run has returned. One process-wide handler collects them for the run under way and lets
 * late echoes of an error already reported go, instead of crashing the process.
 */
let currentFailures: unknown[] | undefined;
const reported = new Set<string>();
function describe(reason: unknown): string {
    return reason instanceof Error ? reason.message : String(reason);
}
/** The runtime prefixes an error raised inside an apply with the path of every property it crossed. */
function withoutSerializationPrefix(reason: unknown): unknown {
    if (reason instanceof Error) {
        reason.message = reason.message.replace(/^(error serializing property "[^"]*": )+/, "");
    }
    return reason;
}

function onUnhandledRejection(reason: unknown): void {
    if (currentFailures) {
        currentFailures.push(reason);
    } else if (!reported.has(describe(reason))) {
        throw reason;
    }
}

function configText(value: unknown): string {
    return typeof value === "string" ? value : JSON.stringify(value);
}

function defaultProgram(): Record<string, unknown> {
    // Required lazily: index.ts reads config when called, so one import serves every run.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const program = require("../..") as () => Record<string, unknown>;
    return program();
}

/**
 * Runs a Pulumi program in-process under the mock runtime and returns every resource it registered.
 * Errors thrown by the program, or inside an Output's apply, reject the returned promise.
 */
export async function runProgram(options: RunOptions): Promise<ProgramRun> {
    const project = PROJECT;
    const region = typeof options.config.region === "string" ? options.config.region : "eu-west-1";
    const world: MockWorld = { region, subnets: {}, stackOutputs: {}, deployer: DEFAULT_DEPLOYER, ...options.world };
    const resources: RecordedResource[] = [];
    let stackOutputs: Record<string, unknown> = {};

    const mocks = createMocks(world);
    const implicitAccessEntries: ImplicitAccessEntry[] = [];
    await pulumi.runtime.setMocks(mocks, project, options.stack, options.firstPreview === true);
    recordRegistrations(resources, mocks, { world, firstPreview: options.firstPreview === true, implicitAccessEntries });
    const monitor = pulumi.runtime.getMonitor() as unknown as {
        registerResourceOutputs(req: { getUrn(): string; getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined }, cb: (e: unknown) => void): void;
    };
    const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
    monitor.registerResourceOutputs = (req, cb) => {
        if (req.getUrn().includes(`::${STACK_TYPE}::`)) {
            stackOutputs = readableValue(req.getOutputs()?.toJavaScript() ?? {}) as Record<string, unknown>;
        }
        return registerOutputs(req, cb);
    };

    const config: Record<string, string> = {};
    for (const [key, value] of Object.entries(options.otherConfig ?? {})) {
        config[key] = configText(value);
    }
    for (const [key, value] of Object.entries(options.config)) {
        config[`${project}:${key}`] = configText(value);
    }
    pulumi.runtime.setAllConfig(config, (options.secretKeys ?? []).map((k) => `${project}:${k}`));

    const failures: unknown[] = [];
    currentFailures = failures;
    const { stackTraceLimit, prepareStackTrace } = Error;
    const resourceStatics = pulumi.Resource as unknown as { callsites: () => unknown[] };
    const callsites = resourceStatics.callsites;
    if (!options.captureStackTraces) {
        Error.stackTraceLimit = 0;
        // A source-map-aware formatter (ts-node installs one) is costly even for an empty trace.
        (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
        // Every resource records the source position of its constructor call from a full stack trace
        // (it lifts the limit itself); under mocks that position goes nowhere.
        resourceStatics.callsites = () => [];
    }
    if (!process.listeners("unhandledRejection").includes(onUnhandledRejection)) {
        process.on("unhandledRejection", onUnhandledRejection);
    }
    try {
        await pulumi.runtime.runInPulumiStack(async () => (options.program ?? defaultProgram)());
    } catch (e) {
        failures.unshift(e);
    }
    try {
        // Drain every registration, including those a failed program left in flight, so nothing of
        // this run reaches the next run's monitor.
        await pulumi.runtime.disconnect();
    } catch (e) {
        failures.push(e);
    }
    // Node reports a rejection nobody awaited only after the microtask queue drains; a few turns of
    // the event loop let the runtime's chained rejections surface before the run counts as passed.
    for (let tick = 0; tick < 3; tick++) {
        await new Promise((resolve) => setImmediate(resolve));
    }
    Error.stackTraceLimit = stackTraceLimit;
    Error.prepareStackTrace = prepareStackTrace;
    resourceStatics.callsites = callsites;
    currentFailures = undefined;
    if (failures.length > 0) {
        failures.forEach((f) => reported.add(describe(f)));
        throw withoutSerializationPrefix(failures[0]);
    }
    return { project, stack: options.stack, resources, outputs: stackOutputs, implicitAccessEntries };
}
