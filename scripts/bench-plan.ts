/**
 * The plan's cost at scale (`npm run bench`): the dev stack with 1,000 and 10,000 topics, planned and
 * policy-checked exactly as `npm run plan` does, against Pulumi's mock runtime registering the same
 * resources bare (same types, names and inputs; no components, no config, no recording, no policies).
 * Each measurement runs in a child process of its own, so its peak memory is its own.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { performance } from "perf_hooks";
import * as pulumi from "@pulumi/pulumi";
import { evaluateForEnvironment } from "../automation/policies/runner";
import { renderJson } from "../automation/plan/format";
import { toPlanResource } from "../automation/plan/plan";
import { summarise } from "../automation/plan/types";
import { runProgram } from "../automation/harness/run";
import { readStackConfig } from "../automation/harness/stackFiles";

const TOPICS_PER_TEAM = 50;
const APPLICATIONS_PER_TEAM = 2;

/** A realistic tenancy of `topics` topics: teams of 50 topics and two applications each. */
export function benchTeams(topics: number): Record<string, unknown> {
    const teams: Record<string, unknown> = {};
    for (let t = 0; t * TOPICS_PER_TEAM < topics; t++) {
        const count = Math.min(TOPICS_PER_TEAM, topics - t * TOPICS_PER_TEAM);
        teams[`team-${t}`] = {
            topics: Array.from({ length: count }, (_, i) => ({
                name: `domain-${i % 5}.events-v${i}`,
                partitions: 6,
                retention: { time: "3d" },
            })),
            applications: Array.from({ length: APPLICATIONS_PER_TEAM }, (_, a) => ({
                name: `app-${a}`,
                authentication: a === 0 ? "tls" : "scram-sha-512",
                produces: [{ prefix: `domain-${a}.` }],
                consumes: [{ prefix: `domain-${a + 1}.` }],
                groups: [{ prefix: `app-${a}` }],
            })),
        };
    }
    return teams;
}

interface Measurement {
    mode: "plan" | "bare";
    topics: number;
    resources: number;
    wallMs: number;
    peakRssMiB: number;
}

function peakRssMiB(): number {
    return process.resourceUsage().maxRSS / 1024;
}

/** The plan as `npm run plan -- dev --format json` computes it, timed from config to rendered JSON. */
async function measurePlan(topics: number, dumpTo: string): Promise<Measurement> {
    const dev = readStackConfig("dev").config;
    const config = { ...dev, teams: benchTeams(topics) };
    // One warm-up plan of the bare dev stack loads and JIT-compiles the program, so the clock measures
    // the cost of the resources, as the bare run's own warm-up does for the runtime.
    const warmup = await runProgram({ stack: "warmup", config: dev });
    await evaluateForEnvironment(warmup.resources, "dev");
    const start = performance.now();
    const run = await runProgram({ stack: "dev", config });
    const violations = await evaluateForEnvironment(run.resources, "dev");
    const resources = run.resources.map(toPlanResource);
    const json = renderJson({ project: run.project, stack: "dev", environment: "dev", resources, violations, summary: summarise(resources, violations) });
    const wallMs = performance.now() - start;
    fs.writeFileSync(dumpTo, JSON.stringify(run.resources.map((r) => ({ type: r.type, name: r.name, custom: r.custom, inputs: r.inputs }))));
    if (json.length === 0) {
        throw new Error("the plan rendered nothing");
    }
    return { mode: "plan", topics, resources: run.resources.length, wallMs, peakRssMiB: peakRssMiB() };
}

class BareResource extends pulumi.CustomResource {
    constructor(type: string, name: string, inputs: Record<string, unknown>) {
        super(type, name, inputs);
    }
}

/** About what the bare dev stack registers: enough to load and JIT-compile the runtime's paths. */
const WARMUP_RESOURCES = 100;

async function registerBare(resources: Array<{ type: string; name: string; custom: boolean; inputs: Record<string, unknown> }>, stack: string): Promise<void> {
    await pulumi.runtime.setMocks(
        { newResource: (a) => ({ id: a.custom ? `${a.name}-id` : undefined, state: a.inputs }), call: (a) => a.inputs },
        "kafka-platform",
        stack,
        false,
    );
    await pulumi.runtime.runInPulumiStack(async () => {
        for (const r of resources) {
            if (r.custom) {
                new BareResource(r.type, `${r.type}::${r.name}`, r.inputs);
            } else {
                new pulumi.ComponentResource(r.type, `${r.type}::${r.name}`, r.inputs);
            }
        }
        return {};
    });
    await pulumi.runtime.disconnect();
}

/** Pulumi's mock runtime alone, registering the recorded resources with their inputs. */
async function measureBare(topics: number, dumpFrom: string): Promise<Measurement> {
    const recorded = JSON.parse(fs.readFileSync(dumpFrom, "utf8")) as Array<{ type: string; name: string; custom: boolean; inputs: Record<string, unknown> }>;
    const bare = recorded.filter((r) => r.type !== "pulumi:pulumi:Stack");
    // The same runtime settings the harness uses (see RunOptions.captureStackTraces), so the ratio
    // measures what the plan adds, not how expensive stack traces are.
    Error.stackTraceLimit = 0;
    (Error as { prepareStackTrace?: unknown }).prepareStackTrace = undefined;
    (pulumi.Resource as unknown as { callsites: () => unknown[] }).callsites = () => [];
    await registerBare(bare.slice(0, WARMUP_RESOURCES), "warmup");
    const start = performance.now();
    await registerBare(bare, "dev");
    const wallMs = performance.now() - start;
    return { mode: "bare", topics, resources: recorded.length, wallMs, peakRssMiB: peakRssMiB() };
}

function child(mode: string, topics: number, dump: string): Measurement {
    const out = execFileSync(process.execPath, [...process.execArgv, __filename, "--child", mode, String(topics), dump], {
        encoding: "utf8",
        maxBuffer: 1 << 26,
    });
    return JSON.parse(out.trim().split("\n").pop() as string) as Measurement;
}

const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/** The run with the median wall time of `RUNS` child processes, so one noisy run does not decide. */
function median(mode: string, topics: number, dump: string): Measurement {
    const runs = Array.from({ length: RUNS }, () => child(mode, topics, dump)).sort((a, b) => a.wallMs - b.wallMs);
    return runs[Math.floor(runs.length / 2)];
}

function main(): void {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-platform-bench-"));
    const rows: string[] = [];
    console.log(`node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB; median of ${RUNS} runs each`);
    for (const topics of (process.env.BENCH_TOPICS ?? "1000,10000").split(",").map(Number)) {
        const dump = path.join(dir, `resources-${topics}.json`);
        // The first plan writes the resources the bare runs register.
        child("plan", topics, dump);
        const plan = median("plan", topics, dump);
        const bare = median("bare", topics, dump);
        const ratio = plan.wallMs / plan.resources / (bare.wallMs / bare.resources);
        rows.push(
            [
                `${topics} topics`,
                `${plan.resources} resources`,
                `plan ${(plan.wallMs / 1000).toFixed(2)} s, peak ${plan.peakRssMiB.toFixed(0)} MiB`,
                `bare registration ${(bare.wallMs / 1000).toFixed(2)} s, peak ${bare.peakRssMiB.toFixed(0)} MiB`,
                `cost per resource: plan ${((plan.wallMs / plan.resources) * 1000).toFixed(0)} µs, bare ${((bare.wallMs / bare.resources) * 1000).toFixed(0)} µs, ratio ${ratio.toFixed(2)}x`,
            ].join(" | "),
        );
        console.log(rows[rows.length - 1]);
    }
    fs.rmSync(dir, { recursive: true, force: true });
    console.log("targets: 10,000 topics under 10 s and 1.5 GiB; plan cost per resource at most 1.3x bare registration");
}

if (process.argv[2] === "--child") {
    const [mode, topics, dump] = process.argv.slice(3);
    const run = mode === "plan" ? measurePlan(Number(topics), dump) : measureBare(Number(topics), dump);
    run.then(
        (m) => console.log(JSON.stringify(m)),
        (e) => {
            console.error(e instanceof Error ? e.message : e);
            process.exit(1);
        },
    );
} else if (require.main === module) {
    main();
}
