import { at, integer, items, text, Unknown, UNKNOWN } from "./values";

/** Pulumi type tokens of the Strimzi 1.2 custom resources (`kubernetes:<apiVersion>:<kind>`). */
export const KAFKA = "kubernetes:kafka.strimzi.io/v1:Kafka";
export const KAFKA_NODE_POOL = "kubernetes:kafka.strimzi.io/v1:KafkaNodePool";
export const KAFKA_TOPIC = "kubernetes:kafka.strimzi.io/v1:KafkaTopic";
export const KAFKA_USER = "kubernetes:kafka.strimzi.io/v1:KafkaUser";

export const CLUSTER_LABEL = "strimzi.io/cluster";

/**
 * Kafka's own defaults for the broker settings the rules read: what a cluster gets when
 * `spec.kafka.config` does not set the key (Strimzi passes the config through unchanged).
 */
export const KAFKA_DEFAULTS = {
    "default.replication.factor": 1,
    "min.insync.replicas": 1,
    "offsets.topic.replication.factor": 3,
    "transaction.state.log.replication.factor": 3,
    "transaction.state.log.min.isr": 2,
    "num.partitions": 1,
    "log.retention.bytes": -1,
    "log.segment.bytes": 1073741824,
} as const;

/** `Kind namespace/name` of a Kubernetes object, falling back to the Pulumi resource name. */
export function objectName(kind: string, props: unknown, resourceName: string): string {
    const name = text(at(props, "metadata", "name"));
    const namespace = text(at(props, "metadata", "namespace"));
    const shown = typeof name === "string" ? name : resourceName;
    return typeof namespace === "string" ? `${kind} ${namespace}/${shown}` : `${kind} ${shown}`;
}

/** The Kafka cluster a node pool, topic or user belongs to, keyed by namespace and name. */
export interface ClusterRef {
    key: string;
    name: string;
    namespace?: string;
}

export function clusterRefOf(props: unknown): ClusterRef | Unknown | undefined {
    const name = text(at(props, "metadata", "labels", CLUSTER_LABEL));
    const namespace = text(at(props, "metadata", "namespace"));
    if (name === UNKNOWN || namespace === UNKNOWN) {
        return UNKNOWN;
    }
    return name === undefined ? undefined : { key: `${namespace ?? ""}/${name}`, name, namespace };
}

/** The ref a Kafka resource is known by: its own namespace and name. */
export function kafkaRefOf(props: unknown): ClusterRef | Unknown | undefined {
    const name = text(at(props, "metadata", "name"));
    const namespace = text(at(props, "metadata", "namespace"));
    if (name === UNKNOWN || namespace === UNKNOWN) {
        return UNKNOWN;
    }
    return name === undefined ? undefined : { key: `${namespace ?? ""}/${name}`, name, namespace };
}

/**
 * A member belongs to a cluster when the names match and so do the namespaces; a member without a
 * namespace is created in its provider's default namespace, which a policy cannot see, so only the
 * name is compared then.
 */
export function belongsTo(member: ClusterRef, cluster: ClusterRef): boolean {
    return member.name === cluster.name && (member.namespace === undefined || cluster.namespace === undefined || member.namespace === cluster.namespace);
}

export function hasRole(props: unknown, role: "broker" | "controller"): boolean | Unknown {
    const roles = items(at(props, "spec", "roles"));
    if (roles === UNKNOWN) {
        return UNKNOWN;
    }
    if (roles.includes(role)) {
        return true;
    }
    return roles.includes(UNKNOWN) ? UNKNOWN : false;
}

/** One storage volume of a node pool, with the path that users edit to change it. */
export interface Volume {
    path: string;
    value: unknown;
}

/** The volumes of a node pool: `spec.storage` itself, or each of its JBOD volumes. */
export function volumesOf(props: unknown): Volume[] | Unknown {
    const storage = at(props, "spec", "storage");
    const type = text(at(storage, "type"));
    if (storage === UNKNOWN || type === UNKNOWN) {
        return UNKNOWN;
    }
    if (type !== "jbod") {
        return storage === undefined ? [] : [{ path: "spec.storage", value: storage }];
    }
    const volumes = items(at(storage, "volumes"));
    if (volumes === UNKNOWN) {
        return UNKNOWN;
    }
    return volumes.map((value, i) => ({ path: `spec.storage.volumes[${i}]`, value }));
}

/** A broker setting from `spec.kafka.config`, or Kafka's default when the key is absent. */
export function brokerSetting(kafkaProps: unknown, key: keyof typeof KAFKA_DEFAULTS): { value: number | Unknown; set: boolean; raw: unknown } {
    const raw = at(kafkaProps, "spec", "kafka", "config", key);
    const value = integer(raw);
    return value === undefined ? { value: KAFKA_DEFAULTS[key], set: false, raw } : { value, set: true, raw };
}

/** `KafkaTopic namespace/name (topic <Kafka topic name>)` */
export function topicLabel(props: unknown, resourceName: string): string {
    const topicName = text(at(props, "spec", "topicName"));
    const label = objectName("KafkaTopic", props, resourceName);
    return typeof topicName === "string" ? `${label} (topic ${topicName})` : label;
}
