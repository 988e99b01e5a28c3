/**
 * How long the platform takes to validate and evaluate a large tenancy: the dev stack with 200 teams
 * of 50 topics and 5 applications each, parsed, checked, rendered and registered by the real program
 * under Pulumi's mock runtime (the same harness the tests and the credential-free plan use). Prints
 * wall times and the process's peak resident memory. Run with `npm run bench:teams [-- <teams> <topics>]`.
 */
import { performance } from "perf_hooks";
import { runProgram } from "../automation/harness/run";
import { readStackConfig } from "../automation/harness/stackFiles";
import { parseConfig } from "../components/config";

const TEAMS = Number(process.argv[2] ?? 200);
const TOPICS = Number(process.argv[3] ?? 50);
const APPLICATIONS = 5;

function team(t: number): Record<string, unknown> {
    const topics = Array.from({ length: TOPICS }, (_, i) => ({
        name: `domain-${i % 10}.events_v${i}`,
        partitions: 6,
        retention: { time: "7d" },
        config: { "compression.type": "zstd" },
        ...(i % 10 === 0 ? { archive: true } : {}),
        ...(i === 0 && t > 0 ? { sharedWith: [`team-${t - 1}`] } : {}),
    }));
    const applications = Array.from({ length: APPLICATIONS }, (_, a) => ({
        name: `app-${a}`,
        authentication: a % 2 === 0 ? "tls" : "scram-sha-512",
        produces: [{ prefix: `domain-${a}.` }],
        consumes: [{ prefix: `domain-${(a + 1) % 10}.` }, ...(a === 0 && t + 1 < TEAMS ? [{ shared: `team-${t + 1}.domain-0.events_v0` }] : [])],
        groups: [{ prefix: `app-${a}-` }],
        transactionalIds: [{ name: `app-${a}` }],
        quotas: { producerByteRate: "5Mi", consumerByteRate: "10Mi", requestPercentage: 20 },
    }));
    return { topics, applications };
}

function mib(bytes: number): string {
    return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

async function main(): Promise<void> {
    const teams = Object.fromEntries(Array.from({ length: TEAMS }, (_, t) => [`team-${t}`, team(t)]));
    const raw = { ...readStackConfig("dev").config, teams };

    const parseStart = performance.now();
    parseConfig(raw, "dev");
    const parseMs = performance.now() - parseStart;

    const runStart = performance.now();
    const run = await runProgram({ stack: "dev", config: raw });
    const runMs = performance.now() - runStart;

    const topics = run.resources.filter((r) => r.type.endsWith(":KafkaTopic")).length;
    const users = run.resources.filter((r) => r.type.endsWith(":KafkaUser")).length;
    console.log(`teams: ${TEAMS}, topics: ${topics}, users: ${users}, resources registered: ${run.resources.length}`);
    console.log(`parse and check the config:       ${(parseMs / 1000).toFixed(2)} s`);
    console.log(`evaluate the program under mocks: ${(runMs / 1000).toFixed(2)} s`);
    console.log(`peak memory (max RSS):            ${mib(process.resourceUsage().maxRSS * 1024)}`);
}

main().catch((e) => {
    console.error(e instanceof Error ? e.message : e);
    process.exit(1);
});
