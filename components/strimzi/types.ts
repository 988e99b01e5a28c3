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

// ---- KafkaConnect and KafkaConnector ---------------------------------------------------------
