import { z } from "zod";
import { brokerNetworkCapacity } from "./capacity";
import { ClusterInput } from "./cluster";
import { AwsEnvironment, Environment, isProductionLike, Report, ZONE_COUNT } from "./environment";
import { DEFAULT_STRIMZI_VERSION, OperatorConfig, strimziRelease } from "./operator";
import { dnsLabel, ipv4Cidr, positiveInt, storageSize } from "./primitives";
import { checkJvm, checkResources, jvmOptions, podResources } from "./resources";

/** KRaft needs a majority of controllers: three survive the loss of one zone. */
export const CONTROLLER_REPLICAS = 3;

/** Pod names are `<kafka>-<pool>-<node id>` and Services `<kafka>-kafka-bootstrap`; both must stay DNS labels. */
const kafkaName = dnsLabel.refine((n) => n.length <= 40, { error: "must be at most 40 characters: Strimzi derives pod and Service names from it" });

/** Principals as Kafka's simple authorizer sees Strimzi users: `CN=<user>` for TLS users, `<user>` for SCRAM users. */
const principal = z.string().regex(/^(CN=)?[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, {
    error: "must be a KafkaUser principal: CN=<user> for a TLS user or <user> for a SCRAM-SHA-512 user",
});

const storageType = z.enum(["persistent-claim", "ephemeral"]);

export const kafkaSchema = z.strictObject({
    /** metadata.name of the Kafka resource. */
    name: kafkaName,
    namespace: dnsLabel,
    version: z.string().regex(/^\d+\.\d+\.\d+$/, { error: "must be a Kafka version such as 4.3.1" }),
    metadataVersion: z.string().regex(/^\d+\.\d+-IV\d+$/, { error: "must be a KRaft metadata version such as 4.3-IV0" }),
    defaultReplicationFactor: positiveInt,
    minInsyncReplicas: positiveInt,
    brokers: z.strictObject({
        replicas: positiveInt,
        resources: podResources,
        jvmOptions,
        /** JBOD: one volume per entry, each of `type`; the first also holds the broker's copy of the metadata log. */
        storage: z.strictObject({
            type: storageType,
            volumes: z.array(z.strictObject({ size: storageSize })).min(1).max(8),
        }),
    }),
    controllers: z.strictObject({
        resources: podResources,
        jvmOptions,
        storage: z.strictObject({ type: storageType, size: storageSize }),
    }),
    listeners: z.strictObject({
        /** A TLS listener behind an internal AWS Network Load Balancer, for clients outside the cluster but inside the VPC. */
        external: z.strictObject({
            enabled: z.boolean(),
            authentication: z.enum(["tls", "scram-sha-512"]),
            allowedCidrs: z.array(ipv4Cidr).max(40),
        }),
    }),
    superUsers: z.array(principal),
    /** Extra broker configuration; keys Strimzi or the platform own are rejected. */
    config: z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()], { error: "must be a string, number or boolean" })),
    cruiseControl: z.strictObject({
        /** Per-broker network capacity; derived from the Kafka node instance type when unset. */
        brokerCapacity: z.strictObject({
            inboundNetwork: z.string().regex(/^[0-9]+([KMG]i?)?B\/s$/, { error: "must be a rate such as 190000KiB/s" }).optional(),
            outboundNetwork: z.string().regex(/^[0-9]+([KMG]i?)?B\/s$/, { error: "must be a rate such as 190000KiB/s" }).optional(),
        }),
    }),
});

export type KafkaInput = z.infer<typeof kafkaSchema>;

/** The keys every environment's Kafka section has; the local stack has no controller pool and no Cruise Control to size. */
export type KafkaCoreInput = Omit<KafkaInput, "controllers" | "cruiseControl">;

/**
 * The Kafka section of a local stack: the same keys as on AWS, without the ones a single-node
 * cluster cannot honour (the local rules in config/local.ts refuse them by name).
 */
export const localKafkaSchema = kafkaSchema.omit({ controllers: true, cruiseControl: true });
export type LocalKafkaInput = z.infer<typeof localKafkaSchema>;

/**
 * An AWS cluster, spread over three zones on dedicated nodes: a controller pool (the KRaft quorum), a
 * broker pool, rack awareness and Cruise Control with its broker capacity resolved.
 */
export interface ZonedKafkaConfig extends KafkaCoreInput {
    topology: "zoned";
    controllers: KafkaInput["controllers"];
    cruiseControl: { brokerCapacity: { cpu: string; inboundNetwork: string; outboundNetwork: string } };
}

/**
 * A local cluster on whatever nodes a laptop cluster has (usually one): one node pool holds both the
 * controller and the broker role, with no zones to be aware of and no second broker to rebalance to.
 */
export interface SingleNodeKafkaConfig extends KafkaCoreInput {
    topology: "single-node";
}

/** The Kafka section as components read it. */
export type KafkaConfig = ZonedKafkaConfig | SingleNodeKafkaConfig;

const RELEASE = strimziRelease(DEFAULT_STRIMZI_VERSION);
const DEFAULT_VERSION = RELEASE.defaultKafkaVersion;
const DEFAULT_METADATA = RELEASE.kafkaVersions[DEFAULT_VERSION];

type Sizing = Pick<KafkaInput, "defaultReplicationFactor" | "minInsyncReplicas" | "brokers" | "controllers">;

/** A profile: the operator's default Kafka, no external listener and no extra config, sized per environment. */
function profile(sizing: Sizing): KafkaInput {
    return {
        name: "events",
        namespace: "kafka",
        version: DEFAULT_VERSION,
        metadataVersion: DEFAULT_METADATA,
        listeners: { external: { enabled: false, authentication: "tls", allowedCidrs: [] } },
        superUsers: [],
        config: {},
        cruiseControl: { brokerCapacity: {} },
        ...sizing,
    };
}

export const KAFKA_DEFAULTS: Record<AwsEnvironment, KafkaInput> = {
    dev: profile({
        defaultReplicationFactor: 2,
        minInsyncReplicas: 1,
        brokers: {
            replicas: 3,
            resources: { requests: { cpu: "500m", memory: "4Gi" }, limits: { memory: "4Gi" } },
            jvmOptions: { "-Xms": "2g", "-Xmx": "2g" },
            storage: { type: "persistent-claim", volumes: [{ size: "20Gi" }] },
        },
        controllers: {
            resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } },
            jvmOptions: { "-Xms": "512m", "-Xmx": "512m" },
            storage: { type: "persistent-claim", size: "5Gi" },
        },
    }),
    staging: profile({
        defaultReplicationFactor: 3,
        minInsyncReplicas: 2,
        brokers: {
            replicas: 3,
            resources: { requests: { cpu: "2", memory: "12Gi" }, limits: { memory: "12Gi" } },
            jvmOptions: { "-Xms": "4g", "-Xmx": "4g" },
            storage: { type: "persistent-claim", volumes: [{ size: "200Gi" }] },
        },
        controllers: {
            resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "2Gi" } },
            jvmOptions: { "-Xms": "1g", "-Xmx": "1g" },
            storage: { type: "persistent-claim", size: "20Gi" },
        },
    }),
    prod: profile({
        defaultReplicationFactor: 3,
        minInsyncReplicas: 2,
        brokers: {
            replicas: 3,
            resources: { requests: { cpu: "4", memory: "32Gi" }, limits: { memory: "32Gi" } },
            jvmOptions: { "-Xms": "6g", "-Xmx": "6g" },
            // Two volumes: gp3 throughput and IOPS are per volume, so JBOD doubles what each broker can write.
            storage: { type: "persistent-claim", volumes: [{ size: "500Gi" }, { size: "500Gi" }] },
        },
        controllers: {
            resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { memory: "4Gi" } },
            jvmOptions: { "-Xms": "2g", "-Xmx": "2g" },
            storage: { type: "persistent-claim", size: "50Gi" },
        },
    }),
};

/**
 * The local profile: one node with both roles, RF 1 and min ISR 1 (there is one broker to hold a
 * replica), sized for a laptop. `ephemeral` is local.ephemeralStorage, the one switch for every
 * volume of a local stack.
 */
export function localKafkaDefaults(ephemeral: boolean): LocalKafkaInput {
    return {
        name: "events",
        namespace: "kafka",
        version: DEFAULT_VERSION,
        metadataVersion: DEFAULT_METADATA,
        defaultReplicationFactor: 1,
        minInsyncReplicas: 1,
        brokers: {
            replicas: 1,
            resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } },
            jvmOptions: { "-Xms": "512m", "-Xmx": "512m" },
            storage: { type: ephemeral ? "ephemeral" : "persistent-claim", volumes: [{ size: "10Gi" }] },
        },
        listeners: { external: { enabled: false, authentication: "tls", allowedCidrs: [] } },
        superUsers: [],
        config: {},
    };
}

/**
 * Broker config keys Strimzi forbids in spec.kafka.config (it drops them with only a warning in the
 * operator log), by lower-cased prefix, with the Strimzi field (and stack config key) that sets
 * the same thing. From Strimzi 1.2's KafkaClusterSpec.FORBIDDEN_PREFIXES.
 */
const LISTENERS = "listeners are declared in spec.kafka.listeners (stack config kafka.listeners)";
const LISTENER_SECURITY = "TLS and SASL are set per listener in spec.kafka.listeners[].tls and .authentication (stack config kafka.listeners)";
const ROLES = "node ids and roles come from the KafkaNodePool resources (spec.roles; stack config kafka.brokers and kafka.controllers)";
const LOG_DIRS = "log directories are the KafkaNodePool's spec.storage volumes (stack config kafka.brokers.storage and kafka.controllers.storage)";
const AUTHORIZATION = "authorization is spec.kafka.authorization (stack config kafka.superUsers; ACLs come from KafkaUser resources)";
const NO_ZOOKEEPER = "Strimzi 1.x runs KRaft only and has no ZooKeeper to configure";
const CRUISE_CONTROL = "Strimzi configures the Cruise Control metrics reporter itself from spec.cruiseControl";
const QUOTAS = "broker-wide quotas are spec.kafka.quotas";

export const FORBIDDEN_KAFKA_CONFIG: ReadonlyArray<readonly [prefix: string, useInstead: string]> = [
    ["listeners", LISTENERS],
    ["advertised.", LISTENERS],
    ["broker.", ROLES],
    ["listener.", LISTENERS],
    ["host.name", LISTENERS],
    ["port", LISTENERS],
    ["inter.broker.listener.name", LISTENERS],
    ["sasl.", LISTENER_SECURITY],
    ["ssl.", LISTENER_SECURITY],
    ["security.", LISTENER_SECURITY],
    ["password.", "Strimzi generates and manages the key and trust store passwords itself"],
    ["log.dir", LOG_DIRS],
    ["zookeeper.connect", NO_ZOOKEEPER],
    ["zookeeper.set.acl", NO_ZOOKEEPER],
    ["zookeeper.ssl", NO_ZOOKEEPER],
    ["zookeeper.clientcnxnsocket", NO_ZOOKEEPER],
    ["authorizer.", AUTHORIZATION],
    ["super.user", AUTHORIZATION],
    ["cruise.control.metrics.topic", CRUISE_CONTROL],
    ["cruise.control.metrics.reporter.bootstrap.servers", CRUISE_CONTROL],
    ["node.id", ROLES],
    ["process.roles", ROLES],
    ["controller.", "the KRaft quorum is the controller KafkaNodePool (stack config kafka.controllers)"],
    ["metadata.log.dir", "the metadata log lives on the node pool volume marked kraftMetadata: shared (the first volume)"],
    ["zookeeper.metadata.migration.enable", NO_ZOOKEEPER],
    ["client.quota.callback.static.kafka.admin.", QUOTAS],
    ["client.quota.callback.static.produce", QUOTAS],
    ["client.quota.callback.static.fetch", QUOTAS],
    ["client.quota.callback.static.storage.per.volume.limit.min.available.", QUOTAS],
    ["client.quota.callback.static.excluded.principal.name.list", QUOTAS],
    ["prometheus.metrics.reporter.", "metrics are spec.kafka.metricsConfig, which the platform sets"],
    ["cordoned.log.dirs", "Strimzi sets it from the KafkaNodePool's cordoned volumes"],
];

/** Keys under a forbidden prefix that Strimzi still passes to Kafka; matched exactly, as Strimzi does. */
export const ALLOWED_KAFKA_CONFIG_EXCEPTIONS: readonly string[] = [
    "zookeeper.connection.timeout.ms",
    "sasl.server.max.receive.size",
    "ssl.cipher.suites",
    "ssl.protocol",
    "ssl.enabled.protocols",
    "ssl.secure.random.implementation",
    "cruise.control.metrics.topic.num.partitions",
    "cruise.control.metrics.topic.replication.factor",
    "cruise.control.metrics.topic.retention.ms",
    "cruise.control.metrics.topic.auto.create.retries",
    "cruise.control.metrics.topic.auto.create.timeout.ms",
    "cruise.control.metrics.topic.min.insync.replicas",
    "broker.session.timeout.ms",
    "broker.heartbeat.interval.ms",
    "controller.socket.timeout.ms",
    "controller.quorum.election.backoff.max.ms",
    "controller.quorum.election.timeout.ms",
    "controller.quorum.fetch.timeout.ms",
];

/** Per-listener settings Strimzi allows as `listener.name.<name>-<port>.<setting>`. */
const PER_LISTENER_SETTINGS = ["connections.max.reauth.ms", "max.connections", "max.connection.creation.rate"];

/** Broker config the platform sets from other keys; a second source for them would be ambiguous. */
export const MANAGED_KAFKA_CONFIG: Readonly<Record<string, string>> = {
    "default.replication.factor": "set kafka.defaultReplicationFactor instead",
    "min.insync.replicas": "set kafka.minInsyncReplicas instead",
    "offsets.topic.replication.factor": "it follows kafka.defaultReplicationFactor",
    "transaction.state.log.replication.factor": "it follows kafka.defaultReplicationFactor",
    "transaction.state.log.min.isr": "it follows kafka.minInsyncReplicas",
    "cruise.control.metrics.topic.min.insync.replicas": "it follows kafka.minInsyncReplicas",
    "unclean.leader.election.enable": "it is always false: an unclean election loses acknowledged messages",
    "auto.create.topics.enable": "it is always false: topics are KafkaTopic resources owned by teams",
    "replica.selector.class": "the platform sets the rack-aware replica selector so consumers read from their own zone",
};

/** The listener names and ports the platform renders (used by per-listener config keys). */
export function listenerIdentifiers(external: boolean): string[] {
    return ["tls-9093", "scram-9094", ...(external ? ["external-9095"] : [])];
}

/** Why a `kafka.config` key cannot be used, or undefined when Strimzi passes it to Kafka. */
export function rejectedConfigKey(key: string, listeners: readonly string[]): string | undefined {
    const managed = MANAGED_KAFKA_CONFIG[key.toLowerCase()];
    if (managed) {
        return `is managed by the platform: ${managed}`;
    }
    if (ALLOWED_KAFKA_CONFIG_EXCEPTIONS.includes(key)) {
        return undefined;
    }
    if (listeners.some((l) => PER_LISTENER_SETTINGS.some((s) => key === `listener.name.${l}.${s}`))) {
        return undefined;
    }
    const forbidden = FORBIDDEN_KAFKA_CONFIG.find(([prefix]) => key.toLowerCase().startsWith(prefix));
    return forbidden ? `is forbidden by Strimzi, which would silently drop it: ${forbidden[1]}` : undefined;
}

function compareVersions(a: string, b: string): number {
    const pa = a.split(/[.-]/).map((p) => Number(p.replace(/^IV/, "")));
    const pb = b.split(/[.-]/).map((p) => Number(p.replace(/^IV/, "")));
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0) {
            return d;
        }
    }
    return 0;
}

/** Metadata versions a cluster on `version` may run: those of the release's Kafka versions up to it. */
export function allowedMetadataVersions(versions: Readonly<Record<string, string>>, version: string): string[] {
    const found = Object.entries(versions)
        .filter(([v]) => compareVersions(v, version) <= 0)
        .map(([, m]) => m);
    return [...new Set(found)];
}

function checkNamespace(k: KafkaCoreInput, o: OperatorConfig, report: Report): void {
    if (k.namespace === o.namespace) {
        report(["kafka", "namespace"], `must differ from operator.namespace (${o.namespace}): the operator and the Kafka cluster each get a namespace of their own`);
    }
}

function checkVersions(k: KafkaCoreInput, o: OperatorConfig, report: Report): void {
    const release = strimziRelease(o.chartVersion);
    const supported = Object.keys(release.kafkaVersions);
    if (!supported.includes(k.version)) {
        report(["kafka", "version"], `must be a Kafka version Strimzi ${o.chartVersion} supports: ${supported.join(", ")}`);
        return;
    }
    const metadata = allowedMetadataVersions(release.kafkaVersions, k.version);
    if (!metadata.includes(k.metadataVersion)) {
        report(
            ["kafka", "metadataVersion"],
            `must be one of ${metadata.join(", ")} with Kafka ${k.version} on Strimzi ${o.chartVersion} (raise it only after the brokers run the new version; it cannot be lowered)`,
        );
    }
}

function checkDurability(k: KafkaCoreInput, env: Environment, report: Report): void {
    const brokers = k.brokers.replicas;
    const rf = k.defaultReplicationFactor;
    if (rf > brokers) {
        report(["kafka", "defaultReplicationFactor"], `must be <= kafka.brokers.replicas (${brokers}): every replica of a partition needs a broker of its own`);
    }
    if (rf === 1 && k.minInsyncReplicas !== 1) {
        report(["kafka", "minInsyncReplicas"], "must be 1 when kafka.defaultReplicationFactor is 1: a partition with one replica never has more in sync");
    } else if (rf > 1 && k.minInsyncReplicas >= rf) {
        report(["kafka", "minInsyncReplicas"], `must be < kafka.defaultReplicationFactor (${rf}): otherwise one broker restart blocks every producer using acks=all`);
    }
    if (env === "prod") {
        if (rf < 3) {
            report(["kafka", "defaultReplicationFactor"], "must be >= 3 in prod: one replica per zone, so losing a zone loses no data");
        }
        if (k.minInsyncReplicas < 2) {
            report(["kafka", "minInsyncReplicas"], "must be >= 2 in prod: with 1, an acknowledged write can live on a single broker and be lost with it");
        }
        if (brokers < 3) {
            report(["kafka", "brokers", "replicas"], "must be >= 3 in prod: at least one broker per zone");
        } else if (brokers % ZONE_COUNT !== 0) {
            report(["kafka", "brokers", "replicas"], `must be a multiple of ${ZONE_COUNT} in prod: the same number of brokers in each zone, so rack-aware placement can put one replica in every zone`);
        }
    }
}

function checkStorage(k: KafkaInput, env: Environment, report: Report): void {
    if (!isProductionLike(env)) {
        return;
    }
    if (k.brokers.storage.type !== "persistent-claim") {
        report(["kafka", "brokers", "storage", "type"], `must be "persistent-claim" in ${env}: ephemeral storage loses the broker's messages whenever its pod restarts`);
    }
    if (k.controllers.storage.type !== "persistent-claim") {
        report(["kafka", "controllers", "storage", "type"], `must be "persistent-claim" in ${env}: ephemeral storage loses the controller's copy of the cluster metadata whenever its pod restarts`);
    }
}

function checkListeners(k: KafkaCoreInput, env: Environment, report: Report): void {
    const ext = k.listeners.external;
    const at = ["kafka", "listeners", "external", "allowedCidrs"];
    if (ext.enabled && ext.allowedCidrs.length === 0) {
        report(at, "must list the CIDRs allowed to reach the external listener when kafka.listeners.external.enabled is true");
    }
    if (!ext.enabled && ext.allowedCidrs.length > 0) {
        report(at, "has no effect unless kafka.listeners.external.enabled is true; enable the listener or remove the CIDRs");
    }
    const open = ext.allowedCidrs.indexOf("0.0.0.0/0");
    if (open >= 0 && env !== "dev") {
        report([...at, open], `must not be 0.0.0.0/0 in ${env}: list the client networks`);
    }
}

function checkPlacement(k: KafkaInput, cluster: ClusterInput, report: Report): void {
    const perZone = Math.ceil(k.brokers.replicas / ZONE_COUNT);
    const nodes = cluster.nodeGroups.kafka.desiredSize;
    if (perZone > nodes) {
        report(
            ["kafka", "brokers", "replicas"],
            `needs ${perZone} Kafka nodes per zone (each broker gets a node of its own) but cluster.nodeGroups.kafka.desiredSize is ${nodes}; raise it (and maxSize) first`,
        );
    }
}

function checkCapacity(k: KafkaInput, cluster: ClusterInput, report: Report): void {
    const derived = brokerNetworkCapacity(cluster.nodeGroups.kafka.instanceTypes);
    if (derived !== undefined) {
        return;
    }
    const types = cluster.nodeGroups.kafka.instanceTypes.join(", ");
    for (const key of ["inboundNetwork", "outboundNetwork"] as const) {
        if (k.cruiseControl.brokerCapacity[key] === undefined) {
            report(
                ["kafka", "cruiseControl", "brokerCapacity", key],
                `is required: the baseline network bandwidth of ${types} is not in the platform's table (components/config/capacity.ts); set it to the node's baseline bandwidth in KiB/s`,
            );
        }
    }
}

/** Rules of the kafka section; it reads the operator (supported versions) and cluster (nodes) sections. */
export function checkKafka(k: KafkaInput, o: OperatorConfig, cluster: ClusterInput, env: Environment, report: Report): void {
    checkNamespace(k, o, report);
    checkVersions(k, o, report);
    checkDurability(k, env, report);
    checkStorage(k, env, report);
    checkListeners(k, env, report);
    checkPlacement(k, cluster, report);
    checkCapacity(k, cluster, report);
    for (const pool of ["brokers", "controllers"] as const) {
        checkResources(k[pool].resources, ["kafka", pool, "resources"], report);
        checkJvm(k[pool].jvmOptions, k[pool].resources, ["kafka", pool], report);
    }
    checkConfigAndPrincipals(k, report);
}

/** Rules of the keys every environment's kafka section has; a local stack runs these and its own (config/local.ts). */
export function checkKafkaCore(k: KafkaCoreInput, o: OperatorConfig, env: Environment, report: Report): void {
    checkNamespace(k, o, report);
    checkVersions(k, o, report);
    checkDurability(k, env, report);
    checkListeners(k, env, report);
    checkResources(k.brokers.resources, ["kafka", "brokers", "resources"], report);
    checkJvm(k.brokers.jvmOptions, k.brokers.resources, ["kafka", "brokers"], report);
    checkConfigAndPrincipals(k, report);
}

function checkConfigAndPrincipals(k: KafkaCoreInput, report: Report): void {
    const listeners = listenerIdentifiers(k.listeners.external.enabled);
    for (const key of Object.keys(k.config)) {
        const why = rejectedConfigKey(key, listeners);
        if (why) {
            report(["kafka", "config", key], why);
        }
    }
    if (new Set(k.superUsers).size !== k.superUsers.length) {
        report(["kafka", "superUsers"], "must not repeat a principal");
    }
}

export function toLocalKafkaConfig(k: LocalKafkaInput): SingleNodeKafkaConfig {
    return { ...k, topology: "single-node" };
}

export function toKafkaConfig(k: KafkaInput, cluster: ClusterInput): ZonedKafkaConfig {
    const derived = brokerNetworkCapacity(cluster.nodeGroups.kafka.instanceTypes);
    const { inboundNetwork, outboundNetwork } = k.cruiseControl.brokerCapacity;
    return {
        ...k,
        topology: "zoned",
        cruiseControl: {
            brokerCapacity: {
                cpu: k.brokers.resources.requests.cpu,
                inboundNetwork: (inboundNetwork ?? derived) as string,
                outboundNetwork: (outboundNetwork ?? derived) as string,
            },
        },
    };
}
