import { strict as assert } from "assert";
import { ArchiveRun, manifest, runArchive, STRIMZI, TEAM_TOPICS } from "./fixture";
import { ofType, resource } from "../support/harness";
import { fileNameTemplate, planConnectors } from "../../components/archive/connectors";

const FORBIDDEN = ["name", "connector.class", "tasks.max", "connector.plugin.version", "file.name.prefix", "aws.s3.prefix", "aws.access.key.id", "aws.secret.access.key"];

describe("archive connectors", () => {
    let prod: ArchiveRun;
    before(async () => {
        prod = await runArchive({ stack: "prod", topics: TEAM_TOPICS });
    });
    const connector = (run: ArchiveRun, name: string) => manifest(resource(run, STRIMZI("KafkaConnector"), `archive-connect-${name}`));

    it("are one per team and format", () => {
        assert.deepEqual(prod.outputs.connectors, ["archive-jsonl-payments", "archive-jsonl-search", "archive-parquet-payments"]);
        assert.deepEqual(
            ofType(prod, STRIMZI("KafkaConnector")).map((r) => manifest(r).metadata.name).sort(),
            ["archive-jsonl-payments", "archive-jsonl-search", "archive-parquet-payments"],
        );
    });

    it("never put a connector, its consumer group or its dead-letter topic under a team's dotted names", () => {
        const topics = [{ team: "parquet-payments", topicName: "parquet-payments.x", format: "jsonl" as const, recordFormat: "json" as const }, TEAM_TOPICS[2]];
        const plans = planConnectors("archive", topics, true);
        assert.deepEqual(plans.map((p) => [p.name, p.deadLetterTopic]), [
            ["archive-jsonl-parquet-payments", "archive-jsonl-parquet-payments-dlq"],
            ["archive-parquet-payments", "archive-parquet-payments-dlq"],
        ]);
        assert.ok(plans.every((p) => !p.name.includes(".") && !String(p.deadLetterTopic).includes(".")));
    });

    it("write a team's JSON topics as gzipped JSON lines under its prefix, partitioned by date and hour", () => {
        const bucket = String(prod.outputs.bucketName);
        assert.deepEqual(connector(prod, "archive-jsonl-payments"), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaConnector",
            metadata: {
                name: "archive-jsonl-payments",
                namespace: "kafka",
                labels: { "strimzi.io/cluster": "archive", "kafka-platform.io/team": "payments" },
                annotations: { "pulumi.com/waitFor": '["condition=Ready","jsonpath={.status.connectorStatus.connector.state}=RUNNING"]' },
            },
            spec: {
                class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector",
                tasksMax: 3,
                autoRestart: { enabled: true },
                config: {
                    topics: "payments.refunds,payments.transactions",
                    "aws.s3.bucket.name": bucket,
                    "aws.s3.region": "eu-central-1",
                    "file.name.template":
                        "kafka/payments/{{topic}}/year={{timestamp:unit=yyyy}}/month={{timestamp:unit=MM}}/day={{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{partition:padding=true}}-{{start_offset:padding=true}}.jsonl.gz",
                    "file.name.timestamp.timezone": "UTC",
                    "file.name.timestamp.source": "wallclock",
                    "file.compression.type": "gzip",
                    "file.max.records": 50000,
                    "format.output.type": "jsonl",
                    "format.output.fields": "value",
                    "format.output.fields.value.encoding": "none",
                    "format.output.envelope": false,
                    "errors.tolerance": "all",
                    "errors.log.enable": true,
                    "errors.log.include.messages": false,
                    "errors.deadletterqueue.topic.name": "archive-jsonl-payments-dlq",
                    "errors.deadletterqueue.topic.replication.factor": 3,
                    "errors.deadletterqueue.context.headers.enable": true,
                },
            },
        });
    });

    it("write parquet topics with schema-carrying JSON values, compressed inside the file", () => {
        const config = connector(prod, "archive-parquet-payments").spec.config as Record<string, unknown>;
        assert.equal(config.topics, "payments.ledger");
        assert.equal(config["format.output.type"], "parquet");
        assert.equal(config["value.converter"], "org.apache.kafka.connect.json.JsonConverter");
        assert.equal(config["value.converter.schemas.enable"], true);
        assert.equal(
            config["file.name.template"],
            "kafka/payments/{{topic}}/year={{timestamp:unit=yyyy}}/month={{timestamp:unit=MM}}/day={{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/{{partition:padding=true}}-{{start_offset:padding=true}}.parquet",
        );
        assert.equal(config["errors.deadletterqueue.topic.name"], "archive-parquet-payments-dlq");
    });

    it("give each team its own prefix", () => {
        const config = connector(prod, "archive-jsonl-search").spec.config as Record<string, string>;
        assert.equal(config.topics, "search.queries");
        assert.ok(config["file.name.template"].startsWith("kafka/search/{{topic}}/"));
    });

    it("set none of the keys Strimzi forbids or the S3 sink ignores, and no static credentials", () => {
        for (const r of ofType(prod, STRIMZI("KafkaConnector"))) {
            const config = manifest(r).spec.config as Record<string, unknown>;
            for (const key of FORBIDDEN) {
                assert.equal(config[key], undefined, `${r.name}: ${key}`);
            }
        }
    });

    it("create each dead-letter topic before its connector, at the cluster's durability", () => {
        const topic = resource(prod, STRIMZI("KafkaTopic"), "archive-connect-archive-jsonl-payments-dlq");
        assert.deepEqual(manifest(topic), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaTopic",
            metadata: { name: "archive-jsonl-payments-dlq", namespace: "kafka", labels: { "strimzi.io/cluster": "events", "kafka-platform.io/team": "payments" } },
            spec: {
                topicName: "archive-jsonl-payments-dlq",
                partitions: 3,
                replicas: 3,
                config: { "cleanup.policy": "delete", "retention.ms": 1209600000, "min.insync.replicas": 2 },
            },
        });
        const payments = resource(prod, STRIMZI("KafkaConnector"), "archive-connect-archive-jsonl-payments");
        assert.ok(payments.dependencies.includes(topic.urn));
        assert.ok(payments.dependencies.includes(resource(prod, STRIMZI("KafkaConnect"), "archive-connect-connect").urn));
        assert.ok(topic.dependencies.includes(resource(prod, STRIMZI("Kafka"), "kafka").urn));
    });

    it("protect the dead-letter topics outside dev, where they hold the only copy of the records the archive could not write", async () => {
        assert.deepEqual(ofType(prod, STRIMZI("KafkaTopic")).map((t) => [t.name, t.protect]), [
            ["archive-connect-archive-jsonl-payments-dlq", true],
            ["archive-connect-archive-jsonl-search-dlq", true],
            ["archive-connect-archive-parquet-payments-dlq", true],
        ]);
        const dev = await runArchive({ topics: TEAM_TOPICS.slice(0, 1), archive: { demo: { enabled: false } } });
        assert.deepEqual(ofType(dev, STRIMZI("KafkaTopic")).map((t) => [t.name, t.protect]), [["archive-connect-archive-jsonl-payments-dlq", false]]);
    });

    it("follow the output, flush, restart and error settings of the config", async () => {
        const run = await runArchive({
            topics: TEAM_TOPICS.slice(0, 1),
            archive: {
                prefix: "archive/v1",
                connect: {
                    tasksMax: 4,
                    output: { compression: "zstd", fields: ["value", "key", "timestamp"], timestampSource: "event" },
                    flush: { maxRecordsPerFile: 0 },
                    autoRestart: { maxRestarts: 5 },
                    errors: { deadLetterQueue: { enabled: false } },
                },
                demo: { enabled: false },
            },
        });
        const spec = connector(run, "archive-jsonl-payments").spec as { tasksMax: number; autoRestart: unknown; config: Record<string, unknown> };
        assert.equal(spec.tasksMax, 4);
        assert.deepEqual(spec.autoRestart, { enabled: true, maxRestarts: 5 });
        assert.equal(spec.config["file.compression.type"], "zstd");
        assert.equal(spec.config["file.max.records"], 0);
        assert.equal(spec.config["file.name.timestamp.source"], "event");
        assert.equal(spec.config["format.output.fields"], "value,key,timestamp");
        assert.equal(spec.config["format.output.envelope"], true);
        assert.match(String(spec.config["file.name.template"]), /^archive\/v1\/payments\/\{\{topic\}\}\/.*\.jsonl\.zst$/);
        assert.equal(spec.config["errors.deadletterqueue.topic.name"], undefined);
        assert.equal(ofType(run, STRIMZI("KafkaTopic")).length, 0);
    });

    it("name files by compression, and parquet files as parquet whatever the codec", () => {
        assert.match(fileNameTemplate("kafka", "t", "jsonl", "none"), /-\{\{start_offset:padding=true\}\}\.jsonl$/);
        assert.match(fileNameTemplate("kafka", "t", "jsonl", "snappy"), /\.jsonl\.snappy$/);
        assert.match(fileNameTemplate("kafka", "t", "parquet", "gzip"), /\.parquet$/);
    });

    it("refuse archived topics that break the team conventions", () => {
        assert.throws(() => planConnectors("archive", [{ team: "payments", topicName: "billing.invoices", format: "jsonl", recordFormat: "json" }], true), {
            message: "archived topic billing.invoices: a topic of team payments must be named payments.<topic>",
        });
        assert.throws(() => planConnectors("archive", [TEAM_TOPICS[0], TEAM_TOPICS[0]], true), { message: "archived topic payments.transactions is listed twice as jsonl" });
        assert.throws(() => planConnectors("archive", [{ team: "Payments", topicName: "Payments.x", format: "jsonl", recordFormat: "json" }], true), {
            message: 'archived topic Payments.x: team "Payments" is not a DNS-1123 label',
        });
    });

    it("keep the JSON connector's name when a team adds a parquet topic, so its offsets survive", () => {
        const before = planConnectors("archive", [TEAM_TOPICS[0]], true).map((p) => p.name);
        const after = planConnectors("archive", [TEAM_TOPICS[0], TEAM_TOPICS[2]], true).map((p) => p.name);
        assert.deepEqual(before, ["archive-jsonl-payments"]);
        assert.deepEqual(after, ["archive-jsonl-payments", "archive-parquet-payments"]);
    });

    it("run a Connect cluster without connectors when nothing is archived yet", async () => {
        const run = await runArchive({ topics: [], archive: { demo: { enabled: false } } });
        assert.equal(ofType(run, STRIMZI("KafkaConnector")).length, 0);
        assert.equal(ofType(run, STRIMZI("KafkaConnect")).length, 1);
    });
});
