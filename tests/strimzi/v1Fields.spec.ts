import { strict as assert } from "assert";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { ProgramRun, runStack } from "../support/harness";
import { runPatched, stackRuns } from "../kafka/support";
import { fieldsOutside, V1_FIELDS_BY_KIND } from "./strimziV1Fields";

const STRIMZI_PREFIX = "kubernetes:kafka.strimzi.io/v1:";

function strimziManifests(run: ProgramRun): { kind: string; name: string; manifest: Record<string, unknown> }[] {
    return run.resources
        .filter((r) => r.type.startsWith(STRIMZI_PREFIX))
        .map((r) => ({ kind: r.type.slice(STRIMZI_PREFIX.length), name: r.name, manifest: r.inputs }));
}

describe("rendered Strimzi resources use only v1 fields", () => {
    const runs = stackRuns(["dev", "staging", "prod"]);

    it("the allow-lists catch fields v1 removed and misspelt fields", () => {
        const stale = { apiVersion: "kafka.strimzi.io/v1", kind: "Kafka", metadata: { name: "x" }, spec: { kafka: { replicas: 3, storage: { type: "ephemeral" }, listeners: [{ name: "tls", port: 9093, type: "internal", tls: true, authentification: { type: "tls" } }] } } };
        assert.deepEqual(fieldsOutside(stale, V1_FIELDS_BY_KIND.Kafka), [
            "spec.kafka.replicas",
            "spec.kafka.storage.type",
            "spec.kafka.listeners[].authentification.type",
        ]);
        const staleUser = { apiVersion: "kafka.strimzi.io/v1", kind: "KafkaUser", metadata: { name: "u" }, spec: { authorization: { type: "simple", acls: [{ resource: { type: "topic", name: "t" }, operation: "Read" }] } } };
        assert.deepEqual(fieldsOutside(staleUser, V1_FIELDS_BY_KIND.KafkaUser), ["spec.authorization.acls[].operation"]);
        const staleConnect = { apiVersion: "kafka.strimzi.io/v1", kind: "KafkaConnect", metadata: { name: "c" }, spec: { replicas: 1, externalConfiguration: { env: [{ name: "X" }] }, build: { output: { type: "docker", image: "i" }, plugins: [{ name: "p", artifacts: [{ type: "jar", url: "u", sha512: "x" }] }] } } };
        assert.deepEqual(fieldsOutside(staleConnect, V1_FIELDS_BY_KIND.KafkaConnect), ["spec.externalConfiguration.env[].name", "spec.build.plugins[].artifacts[].sha512"]);
        const staleConnector = { apiVersion: "kafka.strimzi.io/v1", kind: "KafkaConnector", metadata: { name: "k" }, spec: { class: "C", tasksMax: 1, pause: true, config: { "any.key": 1 } } };
        assert.deepEqual(fieldsOutside(staleConnector, V1_FIELDS_BY_KIND.KafkaConnector), ["spec.pause"]);
    });

    // The cluster, with the KafkaUser of the one configured super-user (CN=platform-admin).
    const CLUSTER = ["Kafka/kafka-kafka", "KafkaNodePool/kafka-broker", "KafkaNodePool/kafka-controller", "KafkaUser/kafka-super-user-platform-admin"];
    const CONNECT = ["KafkaConnect/archive-connect-connect", "KafkaUser/archive-connect-user"];
    // Only dev runs the demo pipeline: its topic and producer, archived in both formats by connectors with dead-letter topics.
    const DEMO = [
        "KafkaConnector/archive-connect-archive-jsonl-demo",
        "KafkaConnector/archive-connect-archive-parquet-demo",
        "KafkaTopic/archive-connect-archive-jsonl-demo-dlq",
        "KafkaTopic/archive-connect-archive-parquet-demo-dlq",
        "KafkaTopic/archive-demo-topic",
        "KafkaUser/archive-demo-user",
    ];
    // Prod's two teams: their topics and users, and a connector (with its dead-letter topic) per archive format of payments.
    const PROD_TEAMS = [
        "KafkaConnector/archive-connect-archive-jsonl-payments",
        "KafkaConnector/archive-connect-archive-parquet-payments",
        "KafkaTopic/archive-connect-archive-jsonl-payments-dlq",
        "KafkaTopic/archive-connect-archive-parquet-payments-dlq",
        "KafkaTopic/payments.ledger",
        "KafkaTopic/payments.orders",
        "KafkaTopic/payments.payment-events",
        "KafkaTopic/risk.scores",
        "KafkaUser/payments.checkout",
        "KafkaUser/payments.ledger-writer",
        "KafkaUser/risk.scoring",
    ];
    const EXPECTED: Record<string, string[]> = {
        dev: [...CLUSTER, ...CONNECT, ...DEMO],
        staging: [...CLUSTER, ...CONNECT],
        prod: [...CLUSTER, ...CONNECT, ...PROD_TEAMS],
    };

    function assertInsideAllowList(manifests: ReturnType<typeof strimziManifests>): void {
        for (const m of manifests) {
            assert.equal(m.manifest.apiVersion, "kafka.strimzi.io/v1");
            assert.ok(V1_FIELDS_BY_KIND[m.kind], `no v1 allow-list for kind ${m.kind}`);
            assert.deepEqual(fieldsOutside(m.manifest, V1_FIELDS_BY_KIND[m.kind]), [], `${m.kind}/${m.name}`);
        }
    }

    for (const stack of ["dev", "staging", "prod"]) {
        it(`${stack}: the cluster, Connect and its user${stack === "dev" ? ", the demo pipeline" : ""}, every field in the v1 allow-list`, () => {
            const manifests = strimziManifests(runs[stack]);
            assert.deepEqual(manifests.map((m) => `${m.kind}/${m.name}`).sort(), [...EXPECTED[stack]].sort());
            assertInsideAllowList(manifests);
        });
    }

    it("payments-dev (a team stack): its topics and users, every field in the v1 allow-list", async () => {
        const run = await runStack("payments-dev", { world: { stackOutputs: { [readStackConfig("payments-dev").config.platformStack as string]: runs.dev.outputs } } });
        const manifests = strimziManifests(run);
        assert.deepEqual(manifests.map((m) => `${m.kind}/${m.name}`).sort(), [
            "KafkaTopic/payments.ledger",
            "KafkaTopic/payments.orders",
            "KafkaTopic/payments.payment-events",
            "KafkaUser/payments.checkout",
            "KafkaUser/payments.ledger-writer",
            "KafkaUser/payments.reporting",
        ]);
        assertInsideAllowList(manifests);
    });

    it("variants (ephemeral dev storage, SCRAM external listener, CPU limits) stay inside the allow-list", async () => {
        const run = await runPatched("dev", {
            kafka: {
                brokers: { storage: { type: "ephemeral" }, resources: { limits: { cpu: "2" } } },
                controllers: { storage: { type: "ephemeral" } },
                listeners: { external: { enabled: true, authentication: "scram-sha-512", allowedCidrs: ["10.40.0.0/16"] } },
            },
        });
        assertInsideAllowList(strimziManifests(run));
    });
});
