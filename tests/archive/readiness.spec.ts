import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROJECT_ROOT } from "../../automation/harness/stackFiles";
import { KAFKA_EXPORTER_METRICS } from "../../components/observability/exportedMetrics";
import { metricNamesIn, parseErrors } from "../observability/promqlNames";
import { ArchiveRun, manifest, runArchive, STRIMZI, TEAM_TOPICS } from "./fixture";
import { RecordedResource, resource } from "../support/harness";
import { CONNECT_IMAGE_TAGS, connectImageTag } from "../../components/archive/connectManifests";
import { CONNECT_BUILD_TIMEOUT_MS } from "../../components/strimzi/chartValues";
import { CONNECT_BUILD_FAILED, CONNECTOR_TASK_FAILED } from "../automation/deploy/strimziStates";

/** The annotation the Kubernetes provider reads to know what to wait for. */
function waitFor(r: RecordedResource): string {
    return String((manifest(r).metadata.annotations as Record<string, string>)["pulumi.com/waitFor"]);
}

/**
 * Whether an object satisfies a `pulumi.com/waitFor` value, for the two forms used here, as
 * pulumi-kubernetes evaluates them: `condition=T` holds when a condition of type T (case-insensitive)
 * has status True and its generation is current (await/condition/kubectl.go, checkCondition);
 * `jsonpath={.a.b}=V` when the path's value printed is exactly V (jsonpath/jsonpath.go, Matches).
 * A JSON array must hold in full (metadata/overrides.go, ReadyCondition).
 */
function satisfies(waitFor: string, obj: Record<string, unknown>): boolean {
    const expressions: string[] = waitFor.startsWith("[") ? JSON.parse(waitFor) : [waitFor];
    const status = (obj.status ?? {}) as { conditions?: Array<Record<string, string>>; observedGeneration?: number };
    const generation = (obj.metadata as { generation?: number }).generation;
    const current = generation === undefined || status.observedGeneration === undefined || status.observedGeneration >= generation;
    return expressions.every((e) => {
        const condition = /^condition=(\w+)$/.exec(e);
        if (condition) {
            const found = (status.conditions ?? []).find((c) => c.type.toLowerCase() === condition[1].toLowerCase());
            return current && found !== undefined && found.status.toLowerCase() === "true";
        }
        const jsonpath = /^jsonpath=\{\.([\w.]+)\}=(.+)$/.exec(e);
        assert.ok(jsonpath, `an expression this helper does not read: ${e}`);
        const value = jsonpath[1].split(".").reduce<unknown>((v, key) => (v as Record<string, unknown> | undefined)?.[key], obj);
        return current && value !== undefined && String(value) === jsonpath[2];
    });
}

/** Go's time.ParseDuration for the units customTimeouts take here, in milliseconds. */
function durationMs(d: string): number {
    const m = /^(\d+)(s|m|h)$/.exec(d);
    assert.ok(m, `not a duration: ${d}`);
    return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000 }[m[2] as "s" | "m" | "h"];
}

/** ECR's WILDCARD tag filter: `*` stands for any run of characters, everything else is literal. */
function matchesWildcard(filter: string, tag: string): boolean {
    const pattern = filter.split("*").map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${pattern}$`).test(tag);
}

describe("archive readiness and rebuilds", () => {
    let prod: ArchiveRun;
    before(async () => {
        prod = await runArchive({ stack: "prod", topics: TEAM_TOPICS });
    });

    it("makes pulumi up wait for the KafkaConnect's Ready condition longer than the operator lets a build run", () => {
        const connect = resource(prod, STRIMZI("KafkaConnect"), "archive-connect-connect");
        assert.equal(waitFor(connect), "condition=Ready");
        assert.deepEqual(connect.customTimeouts, { create: "25m", update: "25m" });
        assert.ok(durationMs("25m") > CONNECT_BUILD_TIMEOUT_MS, "the wait must outlast a build the operator gives up on");
    });

    it("makes pulumi up wait for each KafkaConnector to be Ready and RUNNING, with the same bound", () => {
        const names = ["archive-jsonl-payments", "archive-jsonl-search", "archive-parquet-payments"];
        for (const name of names) {
            const connector = resource(prod, STRIMZI("KafkaConnector"), `archive-connect-${name}`);
            assert.deepEqual(JSON.parse(waitFor(connector)), [
                "condition=Ready",
                "jsonpath={.status.connectorStatus.connector.state}=RUNNING",
            ]);
            assert.deepEqual(connector.customTimeouts, { create: "25m", update: "25m" });
        }
    });

    it("waits for statuses Strimzi 1.2.0 writes: satisfied by a Ready, RUNNING connector, not by a failed build or task", () => {
        const connectWait = waitFor(resource(prod, STRIMZI("KafkaConnect"), "archive-connect-connect"));
        const connectorWait = waitFor(resource(prod, STRIMZI("KafkaConnector"), "archive-connect-archive-jsonl-payments"));
        const failedConnect = CONNECT_BUILD_FAILED.outputs as Record<string, unknown>;
        const failedConnector = CONNECTOR_TASK_FAILED.outputs as { metadata: object; status: { connectorStatus: { connector: object; tasks: object[] } } };
        const readyStatus = {
            conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-11-29T19:10:00.000Z" }],
            observedGeneration: 1,
            connectorStatus: { ...failedConnector.status.connectorStatus, tasks: [{ id: 0, state: "RUNNING", worker_id: "archive-connect-1.archive-connect.kafka.svc:8083" }] },
        };
        const ready = { ...failedConnector, status: readyStatus };
        const paused = { ...ready, status: { ...readyStatus, connectorStatus: { ...readyStatus.connectorStatus, connector: { state: "PAUSED", worker_id: "w:8083" } } } };
        const newerSpec = { ...ready, metadata: { ...failedConnector.metadata, generation: 2 } };

        assert.equal(satisfies(connectorWait, ready), true);
        assert.equal(satisfies(connectorWait, failedConnector as unknown as Record<string, unknown>), false, "a FAILED task makes Strimzi replace Ready by NotReady");
        assert.equal(satisfies(connectorWait, paused), false, "Ready alone would pass a paused connector");
        assert.equal(satisfies(connectorWait, newerSpec), false, "a Ready of the previous generation does not count");
        assert.equal(satisfies(connectWait, failedConnect), false);
        assert.equal(satisfies(connectWait, { ...failedConnect, status: readyStatus, metadata: { generation: 1 } }), true);
    });

    it("registers no config provider of its own: connectors use the strimzienv provider Strimzi adds to every worker", () => {
        const config = manifest(resource(prod, STRIMZI("KafkaConnect"), "archive-connect-connect")).spec.config as Record<string, unknown>;
        assert.deepEqual(Object.keys(config).filter((k) => k.startsWith("config.providers")), []);
    });

    it("lets the build push its tag again (force-rebuild, a recreated KafkaConnect) and keeps every other tag immutable", () => {
        const repository = resource(prod, "aws:ecr/repository:Repository", "archive-images").inputs;
        assert.equal(repository.imageTagMutability, "IMMUTABLE_WITH_EXCLUSION");
        assert.deepEqual(repository.imageTagMutabilityExclusionFilters, [{ filter: CONNECT_IMAGE_TAGS, filterType: "WILDCARD" }]);
        const build = manifest(resource(prod, STRIMZI("KafkaConnect"), "archive-connect-connect")).spec.build as { output: { image: string } };
        const image = build.output.image;
        const tag = image.slice(image.lastIndexOf(":") + 1);
        assert.ok(matchesWildcard(CONNECT_IMAGE_TAGS, tag), `${tag} must be mutable`);
        assert.ok(matchesWildcard(CONNECT_IMAGE_TAGS, connectImageTag([], "4.2.0", "1.3.0")));
        for (const other of ["latest", "v1", "release-2026-03"]) {
            assert.ok(!matchesWildcard(CONNECT_IMAGE_TAGS, other), `${other} stays immutable`);
        }
    });
});

describe("the dead-letter growth metric docs/archive.md gives operators", () => {
    const doc = fs.readFileSync(path.join(PROJECT_ROOT, "docs/archive.md"), "utf8");
    const query = /```promql\n([\s\S]*?)\n```/.exec(doc)?.[1] ?? "";

    it("is a query Prometheus's grammar parses, on a metric Kafka Exporter exports", () => {
        assert.notEqual(query, "");
        assert.deepEqual(parseErrors(query), []);
        assert.deepEqual(metricNamesIn(query), ["kafka_topic_partition_current_offset"]);
        assert.ok(KAFKA_EXPORTER_METRICS.includes("kafka_topic_partition_current_offset"));
    });

    it("selects the dead-letter topics the archive renders, and no team topic", async () => {
        const run = await runArchive({ stack: "dev", topics: TEAM_TOPICS });
        const dlqs = run.resources
            .filter((r) => r.type === STRIMZI("KafkaTopic") && r.name.startsWith("archive-connect-"))
            .map((r) => String((manifest(r).spec as { topicName: string }).topicName));
        assert.deepEqual(dlqs.sort(), ["archive-jsonl-demo-dlq", "archive-jsonl-payments-dlq", "archive-jsonl-search-dlq", "archive-parquet-demo-dlq", "archive-parquet-payments-dlq"]);
        const regex = new RegExp(`^${/topic=~"([^"]+)"/.exec(query)?.[1]}$`);
        assert.ok(dlqs.every((t) => regex.test(t)));
        for (const topic of [...TEAM_TOPICS.map((t) => t.topicName), "demo.web-activity", "archive-connect-configs"]) {
            assert.ok(!regex.test(topic), topic);
        }
    });
});
