import { strict as assert } from "assert";
import { createHash } from "crypto";
import { ArchiveRun, KAFKA, manifest, runArchive, STRIMZI } from "./fixture";
import { ofType, resource } from "../support/harness";
import { DEMO_RECORD_COUNT, demoProducerScript, demoRecords, generateWebActivityEvents, WEB_ACTIVITY_SCHEMA } from "../../components/archive/demoManifests";
import { archiveSchema } from "../../components/config/archive";

const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
const CONFIG_MAP = "kubernetes:core/v1:ConfigMap";

interface Container {
    name: string;
    image: string;
    command: string[];
    env: { name: string; value?: string; valueFrom?: unknown }[];
    volumeMounts: unknown[];
    resources: unknown;
    securityContext: unknown;
}

describe("demo pipeline", () => {
    let dev: ArchiveRun;
    before(async () => {
        dev = await runArchive({ stack: "dev", topics: [] });
    });

    it("creates the demo topic at the cluster's durability", () => {
        assert.deepEqual(manifest(resource(dev, STRIMZI("KafkaTopic"), "archive-demo-topic")), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaTopic",
            metadata: { name: "demo.web-activity", namespace: "kafka", labels: { "strimzi.io/cluster": "events", "kafka-platform.io/team": "demo" } },
            spec: {
                topicName: "demo.web-activity",
                partitions: 3,
                replicas: 3,
                config: { "cleanup.policy": "delete", "retention.ms": 86400000, "min.insync.replicas": 2 },
            },
        });
    });

    it("gives the producer a mutual-TLS user, named like a team application, that may write the demo topic and nothing else", () => {
        assert.deepEqual(manifest(resource(dev, STRIMZI("KafkaUser"), "archive-demo-user")), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaUser",
            metadata: { name: "demo.web-activity-producer", namespace: "kafka", labels: { "strimzi.io/cluster": "events", "kafka-platform.io/team": "demo" } },
            spec: {
                authentication: { type: "tls" },
                authorization: {
                    type: "simple",
                    acls: [{ resource: { type: "topic", name: "demo.web-activity", patternType: "literal" }, operations: ["Write", "Describe"] }],
                },
            },
        });
    });

    it("archives the demo topic like a team topic, under kafka/demo/, in both formats the platform writes", () => {
        assert.equal(dev.outputs.demoTopic, "demo.web-activity");
        const config = (name: string) => manifest(resource(dev, STRIMZI("KafkaConnector"), `archive-connect-${name}`)).spec.config as Record<string, string | boolean>;
        const jsonl = config("archive-jsonl-demo");
        assert.equal(jsonl.topics, "demo.web-activity");
        assert.ok(String(jsonl["file.name.template"]).startsWith("kafka/demo/{{topic}}/year="));
        assert.equal(jsonl["format.output.type"], "jsonl");
        assert.ok(!("value.converter" in jsonl), "JSON lines write each record as produced, envelope included");
        const parquet = config("archive-parquet-demo");
        assert.equal(parquet.topics, "demo.web-activity");
        assert.equal(parquet["format.output.type"], "parquet");
        assert.ok(String(parquet["file.name.template"]).endsWith(".parquet"));
        assert.equal(parquet["value.converter"], "org.apache.kafka.connect.json.JsonConverter");
        assert.equal(parquet["value.converter.schemas.enable"], true);
    });

    it("generates realistic web-activity events, the same on every run", () => {
        const events = generateWebActivityEvents(500);
        assert.equal(events.length, 500);
        assert.deepEqual(generateWebActivityEvents(500), events);
        const parsed = events.map((e) => JSON.parse(e) as Record<string, unknown>);
        const types = new Set(parsed.map((e) => e.event_type));
        assert.deepEqual([...types].sort(), ["click", "page_view", "session_end", "session_start"]);
        for (const e of parsed) {
            assert.match(String(e.event_id), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
            assert.match(String(e.occurred_at), /^2026-03-0\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
            assert.equal(typeof e.session_id, "string");
        }
        const first = parsed[0];
        assert.equal(first.event_type, "session_start");
        assert.ok(parsed.filter((e) => e.session_id === first.session_id).every((e, i, all) => i === 0 || String(e.occurred_at) >= String(all[i - 1].occurred_at)));
        const views = parsed.filter((e) => e.event_type === "page_view") as { page: { path: string; title: string } }[];
        assert.ok(views.every((v) => v.page.path.startsWith("/") && v.page.title.length > 0));
        assert.ok(events.every((e) => !e.includes("\n")));
    });

    it("wraps every event in Kafka Connect's JSON envelope with one schema that holds every field it has, as JsonConverter reads it", () => {
        type Field = { field: string; type: string; optional: boolean; fields?: Field[] };
        /** JsonConverter (schemas.enable=true) reads a struct field by field: a missing non-optional field fails the record, a key not in the schema is dropped. */
        const problems = (fields: Field[], value: Record<string, unknown>, at: string): string[] => [
            ...Object.keys(value).filter((k) => !fields.some((f) => f.field === k)).map((k) => `${at}${k}: not in the schema, would be dropped`),
            ...fields.flatMap((f) => {
                const v = value[f.field];
                if (v === undefined || v === null) return f.optional ? [] : [`${at}${f.field}: missing but not optional`];
                if (f.type === "struct") return typeof v === "object" ? problems(f.fields ?? [], v as Record<string, unknown>, `${at}${f.field}.`) : [`${at}${f.field}: not an object`];
                if (f.type === "int32") return Number.isInteger(v) && Math.abs(v as number) < 2 ** 31 ? [] : [`${at}${f.field}: not an int32`];
                return typeof v === "string" ? [] : [`${at}${f.field}: not a string`];
            }),
        ];
        const records = demoRecords(500).map((line) => JSON.parse(line) as { schema: typeof WEB_ACTIVITY_SCHEMA; payload: Record<string, unknown> });
        assert.ok(records.every((r) => JSON.stringify(r.schema) === JSON.stringify(WEB_ACTIVITY_SCHEMA)), "one schema for every record: Parquet files take the first record's");
        assert.equal(WEB_ACTIVITY_SCHEMA.type, "struct");
        assert.deepEqual(records.flatMap((r) => problems(WEB_ACTIVITY_SCHEMA.fields as Field[], r.payload, "")), []);
        assert.deepEqual(records.map((r) => JSON.stringify(r.payload)), generateWebActivityEvents(500));
    });

    it("keeps the largest payload file allowed within a ConfigMap's 1 MiB", () => {
        assert.equal(archiveSchema.shape.demo.shape.payloadEvents.maxValue, 500);
        assert.ok(Buffer.byteLength(`${demoRecords(500).join("\n")}\n`) < 1024 * 1024 - 4096);
    });

    it("ships the payload file in a ConfigMap", () => {
        const cm = resource(dev, CONFIG_MAP, "archive-demo-payload").inputs as { metadata: { name: string }; data: Record<string, string> };
        assert.equal(cm.metadata.name, "demo-web-activity-producer-payload");
        assert.equal(cm.data["web-activity.jsonl"], `${demoRecords(500).join("\n")}\n`);
    });

    it("runs Kafka's perf-test tool from the public Strimzi image, on the system nodes, with the passwords only in its environment", () => {
        const d = resource(dev, DEPLOYMENT, "archive-demo-producer");
        const spec = (d.inputs as { spec: Record<string, unknown> }).spec as {
            replicas: number;
            template: { metadata: { annotations: Record<string, string> }; spec: Record<string, unknown> };
        };
        assert.equal(spec.replicas, 1);
        const pod = spec.template.spec as { containers: Container[]; volumes: unknown[]; nodeSelector: unknown; automountServiceAccountToken: boolean; securityContext: unknown };
        assert.deepEqual(pod.nodeSelector, { "kafka-platform.io/node-pool": "system" });
        assert.equal(pod.automountServiceAccountToken, false);
        assert.deepEqual(pod.securityContext, { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } });
        const [c] = pod.containers;
        assert.equal(c.image, "quay.io/strimzi/kafka:1.2.0-kafka-4.3.1");
        assert.deepEqual(c.command, ["/bin/bash", "-ec", demoProducerScript()]);
        assert.deepEqual(c.env, [
            { name: "BOOTSTRAP_SERVERS", value: KAFKA.tlsBootstrapServers },
            { name: "TOPIC", value: "demo.web-activity" },
            { name: "EVENTS_PER_SECOND", value: "5" },
            { name: "CA_PASSWORD", valueFrom: { secretKeyRef: { name: "events-cluster-ca-cert", key: "ca.password" } } },
            { name: "USER_PASSWORD", valueFrom: { secretKeyRef: { name: "demo.web-activity-producer", key: "user.password" } } },
            { name: "KAFKA_HEAP_OPTS", value: "-Xms64m -Xmx192m" },
            { name: "LOG_DIR", value: "/tmp/logs" },
        ]);
        assert.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } });
        assert.deepEqual(pod.volumes, [
            { name: "cluster-ca", secret: { secretName: "events-cluster-ca-cert", items: [{ key: "ca.p12", path: "ca.p12" }] } },
            { name: "user", secret: { secretName: "demo.web-activity-producer", items: [{ key: "user.p12", path: "user.p12" }] } },
            { name: "payload", configMap: { name: "demo-web-activity-producer-payload" } },
            { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
        ]);
        const payload = `${demoRecords(500).join("\n")}\n`;
        assert.equal(spec.template.metadata.annotations["kafka-platform.io/payload-sha256"], createHash("sha256").update(payload).digest("hex"));
    });

    it("writes over mutual TLS with Kafka 4.2+ flags, idempotently, at the configured rate", () => {
        const script = demoProducerScript();
        for (const line of [
            "security.protocol=SSL",
            "ssl.keystore.location=/etc/kafka/user/user.p12",
            "ssl.keystore.password=${USER_PASSWORD}",
            "ssl.truststore.location=/etc/kafka/cluster-ca/ca.p12",
            "acks=all",
            "enable.idempotence=true",
        ]) {
            assert.ok(script.split("\n").includes(line), line);
        }
        assert.ok(
            script.includes(
                `--bootstrap-server "\${BOOTSTRAP_SERVERS}" --topic "\${TOPIC}" --num-records ${DEMO_RECORD_COUNT} --throughput "\${EVENTS_PER_SECOND}" --payload-file /etc/demo/web-activity.jsonl --command-config /tmp/producer.properties`,
            ),
        );
        assert.ok(DEMO_RECORD_COUNT / 500_000 < 2 ** 31);
    });

    it("starts the producer after its topic, user and payload exist", () => {
        const d = resource(dev, DEPLOYMENT, "archive-demo-producer");
        for (const [type, name] of [
            [STRIMZI("KafkaTopic"), "archive-demo-topic"],
            [STRIMZI("KafkaUser"), "archive-demo-user"],
            [CONFIG_MAP, "archive-demo-payload"],
        ]) {
            assert.ok(d.dependencies.includes(resource(dev, type, name).urn), name);
        }
    });

    it("is off outside dev unless enabled, and follows its settings when on", async () => {
        const staging = await runArchive({ stack: "staging", topics: [] });
        assert.equal(ofType(staging, DEPLOYMENT).length, 0);
        assert.equal(staging.outputs.demoTopic, undefined);
        const on = await runArchive({ stack: "staging", topics: [], archive: { demo: { enabled: true, topic: "clickstream", eventsPerSecond: 20, payloadEvents: 50 } } });
        assert.equal(manifest(resource(on, STRIMZI("KafkaTopic"), "archive-demo-topic")).metadata.name, "demo.clickstream");
        const env = ((resource(on, DEPLOYMENT, "archive-demo-producer").inputs as { spec: { template: { spec: { containers: Container[] } } } }).spec.template.spec.containers[0].env);
        assert.deepEqual(env.find((e) => e.name === "EVENTS_PER_SECOND"), { name: "EVENTS_PER_SECOND", value: "20" });
        const data = (resource(on, CONFIG_MAP, "archive-demo-payload").inputs as { data: Record<string, string> }).data["web-activity.jsonl"];
        assert.equal(data.trimEnd().split("\n").length, 50);
    });
});
