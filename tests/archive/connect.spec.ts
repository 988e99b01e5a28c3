import { strict as assert } from "assert";
import { createHash } from "crypto";
import { ArchiveRun, KAFKA, manifest, runArchive, STRIMZI, TEAM_TOPICS } from "./fixture";
import { failureOf, resource } from "../support/harness";
import { connectAcls, connectImageTag } from "../../components/archive/connectManifests";
import { planConnectors } from "../../components/archive/connectors";
import { CONNECT_METRICS_ALLOW_LIST } from "../../components/archive/connectMetrics";

const SYSTEM_AFFINITY = {
    nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
            nodeSelectorTerms: [{ matchExpressions: [{ key: "kafka-platform.io/node-pool", operator: "In", values: ["system"] }] }],
        },
    },
};
const TEST_SHA512 = createHash("sha512").update("kafka-platform test fixture, not a release").digest("hex");

describe("Kafka Connect", () => {
    let dev: ArchiveRun;
    let prod: ArchiveRun;
    before(async () => {
        dev = await runArchive({ stack: "dev", topics: TEAM_TOPICS });
        prod = await runArchive({ stack: "prod", topics: TEAM_TOPICS });
    });
    const connectOf = (run: ArchiveRun) => manifest(resource(run, STRIMZI("KafkaConnect"), "archive-connect-connect"));

    it("is a v1 KafkaConnect that manages its connectors through KafkaConnector resources", () => {
        const c = connectOf(prod);
        assert.equal(c.apiVersion, "kafka.strimzi.io/v1");
        assert.deepEqual(c.metadata, { name: "archive", namespace: "kafka", annotations: { "strimzi.io/use-connector-resources": "true", "pulumi.com/waitFor": "condition=Ready" } });
    });

    it("connects through the mutual-TLS listener as its own user, trusting the cluster CA", () => {
        const spec = connectOf(prod).spec;
        assert.equal(spec.bootstrapServers, KAFKA.tlsBootstrapServers);
        assert.deepEqual(spec.tls, { trustedCertificates: [{ secretName: "events-cluster-ca-cert", certificate: "ca.crt" }] });
        assert.deepEqual(spec.authentication, { type: "tls", certificateAndKey: { secretName: "archive-connect-user", certificate: "user.crt", key: "user.key" } });
    });

    it("runs the configured replicas and the cluster's Kafka version, with internal topics at the cluster's replication factor", () => {
        const spec = connectOf(prod).spec;
        assert.equal(spec.replicas, 3);
        assert.equal(spec.version, "4.3.1");
        assert.equal(spec.groupId, "archive-connect-cluster");
        assert.equal(spec.configStorageTopic, "archive-connect-configs");
        assert.equal(spec.offsetStorageTopic, "archive-connect-offsets");
        assert.equal(spec.statusStorageTopic, "archive-connect-status");
        assert.deepEqual(spec.config, {
            "key.converter": "org.apache.kafka.connect.storage.StringConverter",
            "value.converter": "org.apache.kafka.connect.json.JsonConverter",
            "value.converter.schemas.enable": false,
            "config.storage.replication.factor": 3,
            "offset.storage.replication.factor": 3,
            "status.storage.replication.factor": 3,
            "offset.flush.interval.ms": 300000,
        });
        assert.deepEqual(spec.resources, { requests: { cpu: "1", memory: "4Gi" }, limits: { memory: "4Gi" } });
    });

    it("is rack aware, exports metrics and runs on the system nodes, spread over zones", () => {
        const spec = connectOf(prod).spec;
        assert.deepEqual(spec.rack, { type: "topology-label", topologyKey: "topology.kubernetes.io/zone" });
        assert.deepEqual(spec.metricsConfig, { type: "strimziMetricsReporter", values: { allowList: [...CONNECT_METRICS_ALLOW_LIST] } });
        const template = spec.template as Record<string, Record<string, unknown>>;
        assert.deepEqual(template.pod, {
            affinity: SYSTEM_AFFINITY,
            topologySpreadConstraints: [
                { maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: { "strimzi.io/name": "archive-connect" } } },
            ],
        });
        assert.deepEqual(template.podDisruptionBudget, { maxUnavailable: 1 });
        assert.deepEqual(template.buildPod, { affinity: SYSTEM_AFFINITY });
    });

    it("annotates the workers' service account with their IRSA role, and leaves the build pod's without one: it pushes with the push secret", () => {
        const template = connectOf(prod).spec.template as Record<string, unknown>;
        assert.deepEqual(template.serviceAccount, { metadata: { annotations: { "eks.amazonaws.com/role-arn": prod.outputs.connectRoleArn } } });
        assert.ok(!("buildServiceAccount" in template));
        assert.match(String(prod.outputs.connectRoleArn), /^arn:aws:iam::123456789012:role\/archive-roles-connect-/);
        assert.match(String(prod.outputs.buildRoleArn), /^arn:aws:iam::123456789012:role\/archive-roles-build-/);
    });

    it("builds the Aiven S3 sink from its release zip into the ECR repository, under a tag that names what is in it", () => {
        const build = connectOf(prod).spec.build as { output: { type: string; image: string }; plugins: unknown[]; resources: unknown };
        const plugins = [
            {
                name: "aiven-s3-sink",
                artifacts: [{ type: "zip", url: "https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka/releases/download/v3.4.2/s3-sink-connector-for-apache-kafka-3.4.2.zip" }],
            },
        ];
        assert.deepEqual(build.plugins, plugins);
        assert.deepEqual(build.output, {
            type: "docker",
            image: `123456789012.dkr.ecr.eu-central-1.amazonaws.com/kafka-platform-prod/kafka-connect:${connectImageTag(plugins as never, "4.3.1", "1.2.0")}`,
            pushSecret: "archive-push-credentials",
        });
        assert.match(build.output.image, /:1\.2\.0-kafka-4\.3\.1-[0-9a-f]{12}$/);
        assert.deepEqual(build.resources, { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } });
    });

    it("tags a different connector version, Kafka version or operator version differently", () => {
        const plugins = [{ name: "aiven-s3-sink", artifacts: [{ type: "maven" as const, group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2" }] }];
        const other = [{ ...plugins[0], artifacts: [{ ...plugins[0].artifacts[0], version: "3.4.1" }] }];
        const tags = new Set([
            connectImageTag(plugins, "4.3.1", "1.2.0"),
            connectImageTag(other, "4.3.1", "1.2.0"),
            connectImageTag(plugins, "4.2.1", "1.2.0"),
            connectImageTag(plugins, "4.3.1", "1.3.0"),
        ]);
        assert.equal(tags.size, 4);
        assert.equal(connectImageTag(plugins, "4.3.1", "1.2.0"), connectImageTag(structuredClone(plugins), "4.3.1", "1.2.0"));
    });

    it("renders a zip artifact with the user's checksum, and a Maven mirror, when configured", async () => {
        const zip = await runArchive({
            stack: "staging",
            archive: { connect: { plugin: { type: "zip", url: "https://artifacts.example.com/s3-sink-connector-for-apache-kafka-3.4.2.zip", sha512sum: TEST_SHA512 } } },
        });
        const build = connectOf(zip).spec.build as { output: Record<string, unknown>; plugins: unknown[] };
        assert.deepEqual(build.plugins, [
            { name: "aiven-s3-sink", artifacts: [{ type: "zip", url: "https://artifacts.example.com/s3-sink-connector-for-apache-kafka-3.4.2.zip", sha512sum: TEST_SHA512 }] },
        ]);
        assert.equal(build.output.pushSecret, "archive-push-credentials");

        const mirrored = await runArchive({
            archive: { connect: { plugin: { type: "maven", group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2", repository: null, mirror: "https://nexus.example.com/repository/maven-all/" } } },
        });
        assert.deepEqual((connectOf(mirrored).spec.build as { plugins: unknown[] }).plugins, [
            {
                name: "aiven-s3-sink",
                artifacts: [
                    {
                        type: "maven",
                        group: "io.aiven",
                        artifact: "s3-sink-connector-for-apache-kafka",
                        version: "3.4.2",
                        mirrors: [{ url: "https://nexus.example.com/repository/maven-all/" }],
                    },
                ],
            },
        ]);
    });

    it("gives its user ACLs for exactly its group, internal topics, archived topics, connector groups and dead-letter topics", () => {
        const user = manifest(resource(prod, STRIMZI("KafkaUser"), "archive-connect-user"));
        assert.deepEqual(user.metadata, { name: "archive-connect-user", namespace: "kafka", labels: { "strimzi.io/cluster": "events" } });
        const topic = (name: string, operations: string[]) => ({ resource: { type: "topic", name, patternType: "literal" }, operations });
        const group = (name: string) => ({ resource: { type: "group", name, patternType: "literal" }, operations: ["Read", "Describe"] });
        const internal = ["Create", "Describe", "DescribeConfigs", "Read", "Write"];
        assert.deepEqual(user.spec, {
            authentication: { type: "tls" },
            authorization: {
                type: "simple",
                acls: [
                    group("archive-connect-cluster"),
                    topic("archive-connect-configs", internal),
                    topic("archive-connect-offsets", internal),
                    topic("archive-connect-status", internal),
                    group("connect-archive-jsonl-payments"),
                    group("connect-archive-jsonl-search"),
                    group("connect-archive-parquet-payments"),
                    topic("payments.refunds", ["Read", "Describe"]),
                    topic("payments.transactions", ["Read", "Describe"]),
                    topic("search.queries", ["Read", "Describe"]),
                    topic("payments.ledger", ["Read", "Describe"]),
                    topic("archive-jsonl-payments-dlq", ["Write", "Describe"]),
                    topic("archive-jsonl-search-dlq", ["Write", "Describe"]),
                    topic("archive-parquet-payments-dlq", ["Write", "Describe"]),
                ],
            },
        });
    });

    it("grants nothing by prefix and nothing on the cluster", () => {
        const acls = connectAcls("archive", planConnectors("archive", TEAM_TOPICS, true));
        assert.ok(acls.every((a) => a.resource.patternType === "literal" && a.resource.type !== "cluster"));
    });

    it("adds the demo topic to what Connect may read when the demo is on (dev)", () => {
        const acls = (manifest(resource(dev, STRIMZI("KafkaUser"), "archive-connect-user")).spec.authorization as { acls: { resource: { name: string } }[] }).acls;
        assert.ok(acls.some((a) => a.resource.name === "demo.web-activity"));
        assert.ok(acls.some((a) => a.resource.name === "connect-archive-jsonl-demo"));
    });

    it("waits for the Kafka cluster and its user before it starts", () => {
        const kafka = resource(prod, STRIMZI("Kafka"), "kafka");
        const user = resource(prod, STRIMZI("KafkaUser"), "archive-connect-user");
        const connect = resource(prod, STRIMZI("KafkaConnect"), "archive-connect-connect");
        assert.ok(connect.dependencies.includes(kafka.urn));
        assert.ok(connect.dependencies.includes(user.urn));
        assert.ok(user.dependencies.includes(kafka.urn));
    });

    it("refuses a Kafka cluster in another namespace than the one the IAM roles trust", async () => {
        assert.equal(
            await failureOf(runArchive({ kafkaNamespace: "streaming" })),
            "the archive's IAM roles trust service accounts in namespace streaming, but Kafka cluster events is in kafka: pass the Kafka namespace to both",
        );
    });
});
