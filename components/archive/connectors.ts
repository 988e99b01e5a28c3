import { ArchiveConfig } from "../config";
import { ArchivedTopic } from "../kafka/info";
import { KafkaConnector, KafkaTopic, STRIMZI_API_VERSION, STRIMZI_CLUSTER_LABEL, WAIT_FOR_ANNOTATION } from "../strimzi/types";

type ArchiveFormat = ArchivedTopic["format"];

export const AIVEN_S3_SINK_CLASS = "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector";
export const TEAM_LABEL = "kafka-platform.io/team";

/**
 * The config provider Strimzi 1.2 registers on every Connect worker (`config.providers=strimzienv,...`,
 * `config.providers.strimzienv.class=...EnvVarConfigProvider` with an allowlist of `.*`, in
 * KafkaConnectConfigurationBuilder.java of the 1.2.0 tag), so connector configs can read the
 * worker's environment as `${strimzienv:NAME}` without a provider of their own.
 */
export const STRIMZI_ENV_PROVIDER = "strimzienv";

/**
 * What the Kubernetes provider waits for on a KafkaConnector: Strimzi's Ready condition and the
 * connector's own state in `status.connectorStatus` (Connect's REST `/connectors/<name>/status`,
 * copied by Strimzi) being RUNNING, in capitals as Connect writes it. Strimzi 1.2.0 replaces Ready by
 * `NotReady` when Connect rejects the connector, when the connector's state is FAILED ("Connector
 * has failed, see connectorStatus for more details.") and when any task's is ("The following tasks
 * have failed: …"): KafkaConnectAssemblyOperator.maybeUpdateConnectorStatus, asserted by
 * KafkaConnectorIT. Ready alone would still pass a connector that is PAUSED, STOPPED or not yet
 * assigned to a worker, hence the second expression; all expressions of the JSON array must hold
 * (pulumi-kubernetes provider/pkg/metadata/overrides.go, ReadyCondition). A task that fails after
 * `up` finished, at a later write, is not covered: docs/archive.md says where to look.
 */
export const CONNECTOR_WAIT_FOR = JSON.stringify(["condition=Ready", "jsonpath={.status.connectorStatus.connector.state}=RUNNING"]);

/** One KafkaConnector: a team's archived topics that share an output format. */
export interface ConnectorPlan {
    /** KafkaConnector metadata.name and Kafka Connect connector name; its consumer group is `connect-<name>`. */
    name: string;
    team: string;
    format: ArchiveFormat;
    /** Kafka topic names, sorted. */
    topics: string[];
    /** Kafka name (and KafkaTopic metadata.name) of the dead-letter topic, when the dead-letter queue is on. */
    deadLetterTopic?: string;
}

const TEAM = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * Groups archived topics into connectors: one per team and format (a connector writes a single
 * format), named `<connect>-<format>-<team>`. Adding a parquet topic never renames a team's jsonl
 * connector, so its consumer group, and the offsets archived so far, survive. The names contain no
 * `.`: everything dotted belongs to a team (`<team>.<name>`), so neither the connector's consumer
 * group (`connect-<connector>`) nor its dead-letter topic (`<connector>-dlq`) can fall under a
 * team's prefix ACLs, and distinct format words keep the names of different teams apart.
 */
export function planConnectors(connectName: string, topics: ArchivedTopic[], deadLetterQueue: boolean): ConnectorPlan[] {
    const seen = new Set<string>();
    const groups = new Map<string, ConnectorPlan>();
    for (const t of topics) {
        if (!TEAM.test(t.team)) {
            throw new Error(`archived topic ${t.topicName}: team "${t.team}" is not a DNS-1123 label`);
        }
        if (!t.topicName.startsWith(`${t.team}.`)) {
            throw new Error(`archived topic ${t.topicName}: a topic of team ${t.team} must be named ${t.team}.<topic>`);
        }
        if (seen.has(`${t.topicName} ${t.format}`)) {
            throw new Error(`archived topic ${t.topicName} is listed twice as ${t.format}`);
        }
        seen.add(`${t.topicName} ${t.format}`);
        if (t.format === "parquet" && t.recordFormat !== "json-with-schema") {
            throw new Error(`archived topic ${t.topicName}: parquet needs records that carry their schema (recordFormat json-with-schema)`);
        }
        const name = `${connectName}-${t.format}-${t.team}`;
        const plan = groups.get(name) ?? { name, team: t.team, format: t.format, topics: [], ...(deadLetterQueue ? { deadLetterTopic: `${name}-dlq` } : {}) };
        plan.topics.push(t.topicName);
        groups.set(name, plan);
    }
    return [...groups.values()]
        .map((p) => ({ ...p, topics: [...p.topics].sort() }))
        .sort((a, b) => a.name.localeCompare(b.name));
}

const EXTENSIONS: Record<ArchiveConfig["connect"]["output"]["compression"], string> = { gzip: ".gz", snappy: ".snappy", zstd: ".zst", none: "" };

/**
 * Object keys: `<prefix>/<team>/<topic>/year=YYYY/month=MM/day=DD/hour=HH/<partition>-<start offset>.<ext>`.
 * The S3 sink has no file-name prefix setting (that key is not in its ConfigDef), so the constant
 * part starts the template. Hive-style date folders let Athena and Spark prune by date; padded
 * partition and offset numbers sort objects in write order. Parquet compresses inside the file.
 */
export function fileNameTemplate(prefix: string, team: string, format: ArchiveFormat, compression: ArchiveConfig["connect"]["output"]["compression"]): string {
    const extension = format === "parquet" ? ".parquet" : `.jsonl${EXTENSIONS[compression]}`;
    return (
        `${prefix}/${team}/{{topic}}/` +
        "year={{timestamp:unit=yyyy}}/month={{timestamp:unit=MM}}/day={{timestamp:unit=dd}}/hour={{timestamp:unit=HH}}/" +
        `{{partition:padding=true}}-{{start_offset:padding=true}}${extension}`
    );
}

/** What the Kafka-side resources (users, topics) need from the cluster. */
export interface KafkaContext {
    /** metadata.name of the Kafka resource. */
    kafkaClusterName: string;
    namespace: string;
    replicationFactor: number;
    minInsyncReplicas: number;
}

export interface ConnectorContext extends KafkaContext {
    connectName: string;
    bucketName: string;
    region: string;
    /** `archive.prefix`. */
    prefix: string;
    /**
     * An S3-compatible store other than AWS S3 (a local stack's MinIO): its URL, and the names of the
     * Connect container's variables that hold its keys. Unset: AWS S3 with the default credential chain (IRSA).
     */
    s3Compatible?: { endpoint: string; keyEnv: { accessKeyId: string; secretAccessKey: string } };
}

type ConnectorSettings = Pick<ArchiveConfig["connect"], "tasksMax" | "autoRestart" | "output" | "flush" | "errors">;

/** The endpoint, and the keys as `${strimzienv:...}` placeholders the worker resolves when a task starts. */
function storeConfig(ctx: ConnectorContext): Record<string, string> {
    const s = ctx.s3Compatible;
    if (!s) {
        return {};
    }
    return {
        "aws.s3.endpoint": s.endpoint,
        "aws.access.key.id": `\${${STRIMZI_ENV_PROVIDER}:${s.keyEnv.accessKeyId}}`,
        "aws.secret.access.key": `\${${STRIMZI_ENV_PROVIDER}:${s.keyEnv.secretAccessKey}}`,
    };
}

/** Connector settings whose values the output format decides. */
function formatConfig(plan: ConnectorPlan, output: ArchiveConfig["connect"]["output"]): Record<string, string | boolean> {
    const single = output.fields.length === 1;
    const common = {
        "format.output.type": plan.format,
        "format.output.fields": output.fields.join(","),
        "format.output.fields.value.encoding": "none",
        // With one field the record's own JSON is the line; with several, each line is an object of them.
        "format.output.envelope": !single,
    };
    if (plan.format === "parquet") {
        // Every topic of a parquet connector is json-with-schema (planConnectors, and the teams config before it).
        return { ...common, "value.converter": "org.apache.kafka.connect.json.JsonConverter", "value.converter.schemas.enable": true };
    }
    return common;
}

export function renderConnector(plan: ConnectorPlan, connect: ConnectorSettings, ctx: ConnectorContext): KafkaConnector {
    const errors: Record<string, string | number | boolean> = {
        "errors.tolerance": connect.errors.tolerance,
        "errors.log.enable": true,
        // Record contents stay out of the Connect logs; the dead-letter topic keeps them under ACLs.
        "errors.log.include.messages": false,
    };
    if (plan.deadLetterTopic) {
        errors["errors.deadletterqueue.topic.name"] = plan.deadLetterTopic;
        errors["errors.deadletterqueue.topic.replication.factor"] = ctx.replicationFactor;
        errors["errors.deadletterqueue.context.headers.enable"] = true;
    }
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaConnector",
        metadata: {
            name: plan.name,
            namespace: ctx.namespace,
            labels: { [STRIMZI_CLUSTER_LABEL]: ctx.connectName, [TEAM_LABEL]: plan.team },
            annotations: { [WAIT_FOR_ANNOTATION]: CONNECTOR_WAIT_FOR },
        },
        spec: {
            class: AIVEN_S3_SINK_CLASS,
            tasksMax: connect.tasksMax,
            autoRestart: { enabled: connect.autoRestart.enabled, ...(connect.autoRestart.maxRestarts !== null ? { maxRestarts: connect.autoRestart.maxRestarts } : {}) },
            config: {
                topics: plan.topics.join(","),
                "aws.s3.bucket.name": ctx.bucketName,
                "aws.s3.region": ctx.region,
                ...storeConfig(ctx),
                "file.name.template": fileNameTemplate(ctx.prefix, plan.team, plan.format, connect.output.compression),
                "file.name.timestamp.timezone": "UTC",
                "file.name.timestamp.source": connect.output.timestampSource,
                "file.compression.type": connect.output.compression,
                "file.max.records": connect.flush.maxRecordsPerFile,
                ...formatConfig(plan, connect.output),
                ...errors,
            },
        },
    };
}

/** The dead-letter topic exists before its connector starts, at the cluster's durability settings. */
export function renderDeadLetterTopic(plan: ConnectorPlan, connect: Pick<ArchiveConfig["connect"], "errors">, ctx: KafkaContext): KafkaTopic {
    if (!plan.deadLetterTopic) {
        throw new Error(`connector ${plan.name} has no dead-letter topic`);
    }
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaTopic",
        metadata: {
            name: plan.deadLetterTopic,
            namespace: ctx.namespace,
            labels: { [STRIMZI_CLUSTER_LABEL]: ctx.kafkaClusterName, [TEAM_LABEL]: plan.team },
        },
        spec: {
            topicName: plan.deadLetterTopic,
            partitions: connect.errors.deadLetterQueue.partitions,
            replicas: ctx.replicationFactor,
            config: {
                "cleanup.policy": "delete",
                "retention.ms": connect.errors.deadLetterQueue.retentionMs,
                "min.insync.replicas": ctx.minInsyncReplicas,
            },
        },
    };
}
