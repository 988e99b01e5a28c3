import { createHash } from "crypto";
import { ArchiveConfig, ArchivePlugin } from "../config";
import { NODE_POOL_LABEL, SYSTEM_POOL, Topology, ZONE_LABEL } from "../shared/scheduling";
import {
    AclRule,
    Affinity,
    ConnectBuild,
    ConnectBuildArtifact,
    ContainerEnvVar,
    KafkaConnect,
    KafkaConnectSpec,
    KafkaUser,
    STRIMZI_API_VERSION,
    STRIMZI_CLUSTER_LABEL,
    USE_CONNECTOR_RESOURCES_ANNOTATION,
    WAIT_FOR_ANNOTATION,
} from "../strimzi/types";
import { ConnectorPlan, KafkaContext } from "./connectors";
import { CONNECT_METRICS_ALLOW_LIST } from "./connectMetrics";

export const IRSA_ROLE_ANNOTATION = "eks.amazonaws.com/role-arn";

/**
 * The Kubernetes provider waits for Strimzi's Ready condition before it reports the KafkaConnect
 * created or updated (pulumi-kubernetes provider/pkg/metadata/overrides.go, ReadyCondition): a build
 * that fails, or workers that do not start, fail `pulumi up` when the wait times out instead of
 * passing unnoticed (the reason is in Strimzi's `NotReady` condition, which the provider does not
 * print: CONNECT_READY_TIMEOUT). Strimzi 1.2.0 sets Ready only at the end of a reconciliation that
 * built the image and rolled every worker onto it (KafkaConnectAssemblyOperator.createOrUpdate; a
 * failing connector does not fail it: reconcileConnectorAndHandleResult). Until then the status
 * keeps the previous generation's `observedGeneration`, which the provider does not accept as Ready
 * (kubectl.go, checkCondition).
 */
export const CONNECT_WAIT_FOR = "condition=Ready";
export const PLUGIN_NAME = "aiven-s3-sink";

/**
 * The Connect container's variables that hold the object store keys of a local stack. Connector
 * configs refer to them as `${strimzienv:...}`, so the keys never appear in a KafkaConnector, the
 * Connect REST API or its logs.
 */
export const S3_KEY_ENV = { accessKeyId: "ARCHIVE_S3_ACCESS_KEY_ID", secretAccessKey: "ARCHIVE_S3_SECRET_ACCESS_KEY" } as const;

/** Keys of the Secret that holds those credentials. */
export const S3_KEY_SECRET_KEYS = { accessKeyId: "access-key-id", secretAccessKey: "secret-access-key" } as const;

/**
 * How Connect gets to S3. `irsa`: the pods' service accounts carry IAM roles, which the AWS SDK's
 * default credential chain picks up. `secret`: an S3-compatible store's keys, mapped from a Secret
 * into the Connect container's environment.
 */
export type ArchiveAccess = { type: "irsa"; connectRoleArn: string } | { type: "secret"; secretName: string };

/** Everything the KafkaConnect renderer needs, resolved to plain values. */
export interface ConnectContext extends KafkaContext {
    /** Bootstrap address of the cluster's mutual-TLS listener. */
    tlsBootstrapServers: string;
    clusterCaCertSecret: string;
    access: ArchiveAccess;
    /** Repository the build pushes to and the pods pull from (ECR, or a local stack's in-cluster registry), without a tag. */
    imageRepositoryUrl: string;
    /** The docker config Secret the build pushes with; unset for a registry that takes pushes without credentials. */
    pushSecret?: string;
    /** Set when that registry takes pushes over plain HTTP. */
    plainHttpRegistry?: boolean;
    topology: Topology;
    /** Kafka version of the cluster; Connect runs the same one. */
    kafkaVersion: string;
    /** Strimzi version of the operator, whose Kafka image the build starts from. */
    operatorVersion: string;
}

/** Names Connect uses in Kafka: its consumer group, internal topics and user, all derived from the Connect name. */
export function connectKafkaNames(connectName: string) {
    return {
        user: `${connectName}-connect-user`,
        groupId: `${connectName}-connect-cluster`,
        configStorageTopic: `${connectName}-connect-configs`,
        offsetStorageTopic: `${connectName}-connect-offsets`,
        statusStorageTopic: `${connectName}-connect-status`,
    };
}

/** Label Strimzi puts on a KafkaConnect's pods, used to spread them over zones. */
export function connectPodSelector(connectName: string): Record<string, string> {
    return { "strimzi.io/name": `${connectName}-connect` };
}

export function systemNodeAffinity(): Affinity {
    return {
        nodeAffinity: {
            requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [{ matchExpressions: [{ key: NODE_POOL_LABEL, operator: "In", values: [SYSTEM_POOL] }] }],
            },
        },
    };
}

export function pluginArtifact(p: ArchivePlugin): ConnectBuildArtifact {
    if (p.type === "zip") {
        if (p.sha512sum === undefined) {
            throw new Error("a zip connector artifact needs its sha512sum, or null to download it unchecked");
        }
        return { type: "zip", url: p.url, ...(p.sha512sum !== null ? { sha512sum: p.sha512sum } : {}) };
    }
    return {
        type: "maven",
        group: p.group,
        artifact: p.artifact,
        version: p.version,
        ...(p.repository !== null ? { repository: p.repository } : {}),
        ...(p.mirror !== null ? { mirrors: [{ url: p.mirror }] } : {}),
    };
}

/** An ECR wildcard filter that matches every tag connectImageTag makes. */
export const CONNECT_IMAGE_TAGS = "*-kafka-*";

/**
 * The tag names the operator version, the Kafka version and the plugin list, so each new operator
 * release, Kafka upgrade or connector version pushes a tag of its own and older images stay
 * addressable until the lifecycle policy expires them.
 */
export function connectImageTag(plugins: ConnectBuild["plugins"], kafkaVersion: string, operatorVersion: string): string {
    const digest = createHash("sha256").update(JSON.stringify(plugins)).digest("hex").slice(0, 12);
    return `${operatorVersion}-kafka-${kafkaVersion}-${digest}`;
}

/** The Connect settings the build and the workers read; a local stack has no image repository settings. */
export type ConnectSettings = Omit<ArchiveConfig["connect"], "imageRepository">;

export function renderConnectBuild(connect: ConnectSettings, ctx: ConnectContext): ConnectBuild {
    const plugins = [{ name: PLUGIN_NAME, artifacts: [pluginArtifact(connect.plugin)] }];
    return {
        output: {
            type: "docker",
            image: `${ctx.imageRepositoryUrl}:${connectImageTag(plugins, ctx.kafkaVersion, ctx.operatorVersion)}`,
            ...(ctx.pushSecret !== undefined ? { pushSecret: ctx.pushSecret } : {}),
            // Buildah, Strimzi's builder, checks the registry's TLS on push unless told otherwise.
            ...(ctx.plainHttpRegistry ? { additionalPushOptions: ["--tls-verify=false"] } : {}),
        },
        plugins,
        resources: connect.buildResources,
    };
}

/** Key material in the environment, which the connectors read through Strimzi's own `strimzienv` provider. */
function accessEnv(access: ArchiveAccess): ContainerEnvVar[] {
    if (access.type === "irsa") {
        return [];
    }
    const fromSecret = (name: string, key: string): ContainerEnvVar => ({ name, valueFrom: { secretKeyRef: { name: access.secretName, key } } });
    return [fromSecret(S3_KEY_ENV.accessKeyId, S3_KEY_SECRET_KEYS.accessKeyId), fromSecret(S3_KEY_ENV.secretAccessKey, S3_KEY_SECRET_KEYS.secretAccessKey)];
}

/**
 * Pod placement and identity. Zoned: on the system nodes, spread over zones, and the workers' IRSA
 * role on their service account (the build pushes with the push secret, not a role). Single-node:
 * no placement; with secret access the keys come in as container environment.
 */
function connectTemplate(connectName: string, ctx: ConnectContext, env: ContainerEnvVar[]): NonNullable<KafkaConnectSpec["template"]> {
    const zoned = ctx.topology === "zoned";
    const irsa = ctx.access.type === "irsa" ? ctx.access : undefined;
    return {
        ...(zoned
            ? {
                  pod: {
                      affinity: systemNodeAffinity(),
                      topologySpreadConstraints: [
                          { maxSkew: 1, topologyKey: ZONE_LABEL, whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: connectPodSelector(connectName) } },
                      ],
                  },
              }
            : {}),
        ...(env.length > 0 ? { connectContainer: { env } } : {}),
        podDisruptionBudget: { maxUnavailable: 1 },
        ...(irsa ? { serviceAccount: { metadata: { annotations: { [IRSA_ROLE_ANNOTATION]: irsa.connectRoleArn } } } } : {}),
        ...(zoned ? { buildPod: { affinity: systemNodeAffinity() } } : {}),
    };
}

export function renderKafkaConnect(connect: ConnectSettings, ctx: ConnectContext): KafkaConnect {
    const names = connectKafkaNames(connect.name);
    const env = accessEnv(ctx.access);
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaConnect",
        metadata: {
            name: connect.name,
            namespace: ctx.namespace,
            annotations: { [USE_CONNECTOR_RESOURCES_ANNOTATION]: "true", [WAIT_FOR_ANNOTATION]: CONNECT_WAIT_FOR },
        },
        spec: {
            version: ctx.kafkaVersion,
            replicas: connect.replicas,
            bootstrapServers: ctx.tlsBootstrapServers,
            groupId: names.groupId,
            configStorageTopic: names.configStorageTopic,
            offsetStorageTopic: names.offsetStorageTopic,
            statusStorageTopic: names.statusStorageTopic,
            tls: { trustedCertificates: [{ secretName: ctx.clusterCaCertSecret, certificate: "ca.crt" }] },
            authentication: { type: "tls", certificateAndKey: { secretName: names.user, certificate: "user.crt", key: "user.key" } },
            config: {
                // Keys are often plain strings, which the JSON converter would reject record by record.
                "key.converter": "org.apache.kafka.connect.storage.StringConverter",
                "value.converter": "org.apache.kafka.connect.json.JsonConverter",
                "value.converter.schemas.enable": false,
                "config.storage.replication.factor": ctx.replicationFactor,
                "offset.storage.replication.factor": ctx.replicationFactor,
                "status.storage.replication.factor": ctx.replicationFactor,
                "offset.flush.interval.ms": connect.flush.intervalMs,
            },
            resources: connect.resources,
            ...(ctx.topology === "zoned" ? { rack: { type: "topology-label" as const, topologyKey: ZONE_LABEL } } : {}),
            metricsConfig: { type: "strimziMetricsReporter", values: { allowList: [...CONNECT_METRICS_ALLOW_LIST] } },
            template: connectTemplate(connect.name, ctx, env),
            build: renderConnectBuild(connect, ctx),
        },
    };
}

const literal = (type: "topic" | "group", name: string, operations: AclRule["operations"]): AclRule => ({
    resource: { type, name, patternType: "literal" },
    operations,
});

/**
 * Connect's own identity: its group and internal topics (which it creates and checks are
 * compacted), read on exactly the archived topics with one consumer group per connector, and
 * write on the dead-letter topics. Nothing by prefix, so a new team topic is not readable until
 * it is archived.
 */
export function connectAcls(connectName: string, plans: ConnectorPlan[]): AclRule[] {
    const names = connectKafkaNames(connectName);
    return [
        literal("group", names.groupId, ["Read", "Describe"]),
        ...[names.configStorageTopic, names.offsetStorageTopic, names.statusStorageTopic].map((t) =>
            literal("topic", t, ["Create", "Describe", "DescribeConfigs", "Read", "Write"]),
        ),
        ...plans.map((p) => literal("group", `connect-${p.name}`, ["Read", "Describe"])),
        ...plans.flatMap((p) => p.topics.map((t) => literal("topic", t, ["Read", "Describe"]))),
        ...plans.flatMap((p) => (p.deadLetterTopic ? [literal("topic", p.deadLetterTopic, ["Write", "Describe"])] : [])),
    ];
}

export function renderConnectUser(connectName: string, plans: ConnectorPlan[], ctx: KafkaContext): KafkaUser {
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaUser",
        metadata: {
            name: connectKafkaNames(connectName).user,
            namespace: ctx.namespace,
            labels: { [STRIMZI_CLUSTER_LABEL]: ctx.kafkaClusterName },
        },
        spec: {
            authentication: { type: "tls" },
            authorization: { type: "simple", acls: connectAcls(connectName, plans) },
        },
    };
}
