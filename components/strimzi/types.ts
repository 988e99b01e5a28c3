/**
 * TypeScript shapes of the Strimzi 1.2 `kafka.strimzi.io/v1` resources this project renders: only
 * fields the v1 CRDs define, so the compiler rejects a misspelt or removed field. Keep in step with
 * Strimzi's documented v1 schema when the Strimzi version changes.
 */

export const STRIMZI_API_VERSION = "kafka.strimzi.io/v1";
/** Label that ties node pools, topics and users to their Kafka, and connectors to their KafkaConnect. */
export const STRIMZI_CLUSTER_LABEL = "strimzi.io/cluster";

export interface ObjectMeta {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
}

/** A rendered custom resource: what the component hands to `k8s.apiextensions.CustomResource`. */
export interface StrimziResource<Kind extends string, Spec> {
    apiVersion: typeof STRIMZI_API_VERSION;
    kind: Kind;
    metadata: ObjectMeta;
    spec: Spec;
}

// ---- Shared building blocks ------------------------------------------------------------------

// ---- Kafka and KafkaNodePool -----------------------------------------------------------------

// ---- KafkaTopic and KafkaUser ----------------------------------------------------------------

export interface KafkaTopicSpec {
    /** The Kafka topic name when it differs from metadata.name (which must be a DNS-1123 name). */
    topicName?: string;
    partitions?: number;
    replicas?: number;
    /** Topic-level Kafka configs; Strimzi passes string, number and boolean values through. */
    config?: Record<string, string | number | boolean>;
}
export type KafkaTopic = StrimziResource<"KafkaTopic", KafkaTopicSpec>;

export type AclOperation =
    | "Read"
    | "Write"
    | "Create"
    | "Delete"
    | "Alter"
    | "Describe"
    | "ClusterAction"
    | "AlterConfigs"
    | "DescribeConfigs"
    | "IdempotentWrite"
    | "All";

export interface AclRule {
    resource: {
        type: "topic" | "group" | "cluster" | "transactionalId";
        /** Omitted only for the cluster resource. */
        name?: string;
        patternType?: "literal" | "prefix";
    };
    type?: "allow" | "deny";
    host?: string;
    operations: AclOperation[];
}

export interface KafkaUserQuotas {
    producerByteRate?: number;
    consumerByteRate?: number;
    requestPercentage?: number;
    controllerMutationRate?: number;
}

export interface KafkaUserSpec {
    authentication?: { type: "tls" | "tls-external" | "scram-sha-512" };
    authorization?: { type: "simple"; acls: AclRule[] };
    quotas?: KafkaUserQuotas;
    template?: { secret?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } } };
}
export type KafkaUser = StrimziResource<"KafkaUser", KafkaUserSpec>;

// ---- KafkaConnect and KafkaConnector ---------------------------------------------------------
