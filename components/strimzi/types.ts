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

/** Kubernetes resource requirements, as Strimzi's `resources` fields take them. */
export interface ResourceRequirements {
    requests?: { cpu?: string; memory?: string };
    limits?: { cpu?: string; memory?: string };
}

/** Strimzi's `jvmOptions` (heap sizes in the JVM's own syntax, e.g. `2g`). */
export interface JvmOptions {
    "-Xms"?: string;
    "-Xmx"?: string;
}

export interface ConfigMapKeyRef {
    name: string;
    key: string;
}

/** `metricsConfig` of Kafka and Cruise Control: a Prometheus JMX Exporter configuration in a ConfigMap. */
export interface JmxPrometheusExporterMetrics {
    type: "jmxPrometheusExporter";
    valueFrom: { configMapKeyRef: ConfigMapKeyRef };
}

export interface LabelSelector {
    matchLabels?: Record<string, string>;
    matchExpressions?: NodeSelectorRequirement[];
}

export interface NodeSelectorRequirement {
    key: string;
    operator: "In" | "NotIn" | "Exists" | "DoesNotExist" | "Gt" | "Lt";
    values?: string[];
}

export interface Affinity {
    nodeAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution?: { nodeSelectorTerms: { matchExpressions: NodeSelectorRequirement[] }[] };
    };
    podAntiAffinity?: {
        requiredDuringSchedulingIgnoredDuringExecution?: { labelSelector: LabelSelector; topologyKey: string }[];
    };
}

export interface Toleration {
    key: string;
    operator: "Equal" | "Exists";
    value?: string;
    effect: "NoSchedule" | "PreferNoSchedule" | "NoExecute";
}

export interface TopologySpreadConstraint {
    maxSkew: number;
    minDomains?: number;
    topologyKey: string;
    whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
    labelSelector: LabelSelector;
}

/** The pod part of Strimzi's `template` fields. */
export interface PodTemplate {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
    affinity?: Affinity;
    tolerations?: Toleration[];
    topologySpreadConstraints?: TopologySpreadConstraint[];
    priorityClassName?: string;
}

// ---- Kafka and KafkaNodePool -----------------------------------------------------------------

export interface ListenerAuthentication {
    type: "tls" | "scram-sha-512";
}

export interface ListenerConfiguration {
    /** For `loadbalancer` listeners: client networks the load balancer admits. */
    loadBalancerSourceRanges?: string[];
    bootstrap?: { annotations?: Record<string, string> };
    /** Annotations of each per-broker Service (values may use `{nodeId}` and `{nodePodName}`). */
    perBrokerAnnotationsTemplate?: Record<string, string>;
}

export interface GenericKafkaListener {
    /** `^[a-z0-9]{1,11}$` */
    name: string;
    /** >= 9092, not 9404 or 9999 (Strimzi's own ports). */
    port: number;
    type: "internal" | "route" | "tlsroute" | "loadbalancer" | "nodeport" | "ingress" | "cluster-ip";
    tls: boolean;
    authentication?: ListenerAuthentication;
    configuration?: ListenerConfiguration;
}

export interface KafkaAuthorizationSimple {
    type: "simple";
    superUsers?: string[];
}

export interface KafkaClusterSpec {
    version?: string;
    metadataVersion?: string;
    listeners: GenericKafkaListener[];
    config?: Record<string, string | number | boolean>;
    authorization?: KafkaAuthorizationSimple;
    rack?: { topologyKey: string };
    metricsConfig?: JmxPrometheusExporterMetrics;
    /** `pod` is what every node pool without a `template.pod` of its own inherits (KafkaPool.java). */
    template?: {
        pod?: PodTemplate;
        podDisruptionBudget?: { maxUnavailable: number };
        /** The Secret `<cluster>-cluster-ca-cert` holding the CA certificate clients trust. */
        clusterCaCert?: { metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> } };
    };
}

export interface EntityOperatorSpec {
    topicOperator?: { resources?: ResourceRequirements };
    userOperator?: { resources?: ResourceRequirements };
    template?: { pod?: PodTemplate };
}

export interface CruiseControlSpec {
    resources?: ResourceRequirements;
    /** Per-broker capacity; `cpu` in cores, network rates as `<n>KiB/s`. */
    brokerCapacity?: { cpu?: string; inboundNetwork?: string; outboundNetwork?: string };
    metricsConfig?: JmxPrometheusExporterMetrics;
    template?: { pod?: PodTemplate };
}

export interface KafkaExporterSpec {
    topicRegex?: string;
    groupRegex?: string;
    resources?: ResourceRequirements;
    template?: { pod?: PodTemplate };
}

export interface KafkaSpec {
    kafka: KafkaClusterSpec;
    entityOperator?: EntityOperatorSpec;
    cruiseControl?: CruiseControlSpec;
    kafkaExporter?: KafkaExporterSpec;
}
export type Kafka = StrimziResource<"Kafka", KafkaSpec>;

/** One volume of a node pool; `kraftMetadata: shared` marks the volume holding the KRaft metadata log. */
export type SingleVolumeStorage =
    | { id: number; type: "persistent-claim"; size: string; class?: string; deleteClaim?: boolean; kraftMetadata?: "shared" }
    | { id: number; type: "ephemeral"; sizeLimit?: string; kraftMetadata?: "shared" };

export interface JbodStorage {
    type: "jbod";
    volumes: SingleVolumeStorage[];
}

export interface KafkaNodePoolSpec {
    replicas: number;
    roles: ("controller" | "broker")[];
    storage: JbodStorage;
    resources?: ResourceRequirements;
    jvmOptions?: JvmOptions;
    template?: { pod?: PodTemplate };
}
export type KafkaNodePool = StrimziResource<"KafkaNodePool", KafkaNodePoolSpec>;

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

/** The Kubernetes provider's annotation naming what it waits for after a create or update (one expression or a JSON array of them). */
export const WAIT_FOR_ANNOTATION = "pulumi.com/waitFor";

/** The annotation that lets KafkaConnector resources manage a KafkaConnect's connectors. */
export const USE_CONNECTOR_RESOURCES_ANNOTATION = "strimzi.io/use-connector-resources";

/** An environment variable of a Strimzi-managed container: a value, or a key of a Secret or ConfigMap. */
export type ContainerEnvVar =
    | { name: string; value: string }
    | { name: string; valueFrom: { secretKeyRef: { name: string; key: string } } | { configMapKeyRef: { name: string; key: string } } };

export interface MetadataTemplate {
    metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
}

/** One downloadable piece of a connector plugin; `maven` is resolved (with its dependencies) by Maven. */
export type ConnectBuildArtifact =
    | {
          type: "maven";
          group: string;
          artifact: string;
          version: string;
          /** Defaults to Maven Central. */
          repository?: string;
          mirrors?: { url: string }[];
      }
    | { type: "jar" | "tgz" | "zip" | "other"; url: string; sha512sum?: string; fileName?: string };

export interface ConnectBuild {
    output: {
        type: "docker";
        image: string;
        pushSecret?: string;
        /** Extra options of Kaniko's or Buildah's build command (Strimzi allows a fixed list, e.g. Kaniko's --insecure). */
        additionalBuildOptions?: string[];
        /** Extra options of Buildah's push command (e.g. --tls-verify=false). */
        additionalPushOptions?: string[];
    };
    plugins: { name: string; artifacts: ConnectBuildArtifact[] }[];
    resources?: ResourceRequirements;
}

export interface KafkaConnectSpec {
    /** Kafka version of the Connect image; the operator's default when omitted. */
    version?: string;
    replicas: number;
    bootstrapServers: string;
    groupId: string;
    configStorageTopic: string;
    offsetStorageTopic: string;
    statusStorageTopic: string;
    tls?: { trustedCertificates: ({ secretName: string; certificate: string } | { secretName: string; pattern: string })[] };
    authentication?: { type: "tls"; certificateAndKey: { secretName: string; certificate: string; key: string } };
    /** Worker configuration; Strimzi rejects the keys it manages itself (group.id, *.storage.topic, ssl.*, ...). */
    config?: Record<string, string | number | boolean>;
    resources?: ResourceRequirements;
    rack?: { type?: "topology-label"; topologyKey: string };
    metricsConfig?: { type: "strimziMetricsReporter"; values?: { allowList: string[] } };
    template?: {
        pod?: PodTemplate;
        /** Environment of the Connect container; names must not start with KAFKA_ or STRIMZI_. */
        connectContainer?: { env?: ContainerEnvVar[] };
        podDisruptionBudget?: { maxUnavailable?: number };
        serviceAccount?: MetadataTemplate;
        buildPod?: PodTemplate;
        buildServiceAccount?: MetadataTemplate;
    };
    build?: ConnectBuild;
}
export type KafkaConnect = StrimziResource<"KafkaConnect", KafkaConnectSpec>;

export interface KafkaConnectorSpec {
    class: string;
    tasksMax: number;
    /** Connector configuration; Strimzi rejects `name`, `connector.class`, `tasks.max` and `connector.plugin.version`. */
    config: Record<string, string | number | boolean>;
    state?: "running" | "paused" | "stopped";
    autoRestart?: { enabled: boolean; maxRestarts?: number };
}
export type KafkaConnector = StrimziResource<"KafkaConnector", KafkaConnectorSpec>;
