import { KafkaConfig } from "../config/kafka";
import { GenericKafkaListener, JmxPrometheusExporterMetrics, Kafka, KafkaClusterSpec, KafkaSpec, PodTemplate, STRIMZI_API_VERSION } from "../strimzi/types";
import { ZONE_LABEL } from "../shared/scheduling";
import { CRUISE_CONTROL_EXPORTER_CONFIG, exporterYaml, KAFKA_EXPORTER_CONFIG } from "./metricsRules";
import { systemPodTemplate } from "./placement";

export const KAFKA_METRICS_KEY = "kafka-metrics-config.yml";
export const CRUISE_CONTROL_METRICS_KEY = "cruise-control-metrics-config.yml";

export const RACK_AWARE_REPLICA_SELECTOR = "org.apache.kafka.common.replica.RackAwareReplicaSelector";

/**
 * Annotations that make the cloud provider put the external listener's Services behind an
 * INTERNAL Network Load Balancer. The EKS cloud controller reads `aws-load-balancer-type` and
 * `aws-load-balancer-internal`; the AWS Load Balancer Controller, if one is installed later and
 * takes the Services over, reads `aws-load-balancer-scheme`. Either way the NLB gets no public address.
 */
export const INTERNAL_NLB_ANNOTATIONS: Readonly<Record<string, string>> = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
};

/**
 * A fresh cluster takes longer than Pulumi's default wait (nodes join, volumes attach, every pod
 * rolls once the CA is ready); 30 minutes covers a first install and a rolling upgrade of six pods.
 */
export const KAFKA_READY_TIMEOUT_SECONDS = 1800;

/** Operands outside the node pools; fixed sizes that fit the system nodes of every profile. */
const ENTITY_OPERATOR_RESOURCES = { requests: { cpu: "100m", memory: "384Mi" }, limits: { memory: "384Mi" } };
const CRUISE_CONTROL_RESOURCES = { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } };
const KAFKA_EXPORTER_RESOURCES = { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } };

export function metricsConfigMapName(k: KafkaConfig): string {
    return `${k.name}-metrics`;
}

/** The ConfigMap the Kafka nodes' and Cruise Control's JMX exporters read their rules from. */
export function renderMetricsConfigMap(k: KafkaConfig): { metadata: { name: string; namespace: string }; data: Record<string, string> } {
    return {
        metadata: { name: metricsConfigMapName(k), namespace: k.namespace },
        data: {
            [KAFKA_METRICS_KEY]: exporterYaml(KAFKA_EXPORTER_CONFIG),
            [CRUISE_CONTROL_METRICS_KEY]: exporterYaml(CRUISE_CONTROL_EXPORTER_CONFIG),
        },
    };
}

function metrics(k: KafkaConfig, key: string): JmxPrometheusExporterMetrics {
    return { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: metricsConfigMapName(k), key } } };
}

export function renderListeners(k: KafkaConfig): GenericKafkaListener[] {
    const listeners: GenericKafkaListener[] = [
        { name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } },
        { name: "scram", port: 9094, type: "internal", tls: true, authentication: { type: "scram-sha-512" } },
    ];
    const ext = k.listeners.external;
    if (ext.enabled) {
        listeners.push({
            name: "external",
            port: 9095,
            type: "loadbalancer",
            tls: true,
            authentication: { type: ext.authentication },
            configuration: {
                loadBalancerSourceRanges: ext.allowedCidrs,
                bootstrap: { annotations: { ...INTERNAL_NLB_ANNOTATIONS } },
                perBrokerAnnotationsTemplate: { ...INTERNAL_NLB_ANNOTATIONS },
            },
        });
    }
    return listeners;
}

/**
 * Durability settings: internal topics replicated like user topics, no unclean elections, no
 * topics created by a typo in a client, and consumers reading from a replica in their own zone.
 * User config comes first so it can never override these (the config rules reject such keys anyway).
 */
export function renderBrokerConfig(k: KafkaConfig): Record<string, string | number | boolean> {
    // Cruise Control and rack awareness run on the zoned topology only (see zonedParts).
    const zonedOnly: Record<string, string | number> =
        k.topology === "zoned"
            ? { "cruise.control.metrics.topic.min.insync.replicas": k.minInsyncReplicas, "replica.selector.class": RACK_AWARE_REPLICA_SELECTOR }
            : {};
    return {
        ...k.config,
        "default.replication.factor": k.defaultReplicationFactor,
        "min.insync.replicas": k.minInsyncReplicas,
        "offsets.topic.replication.factor": k.defaultReplicationFactor,
        "transaction.state.log.replication.factor": k.defaultReplicationFactor,
        "transaction.state.log.min.isr": k.minInsyncReplicas,
        "unclean.leader.election.enable": false,
        "auto.create.topics.enable": false,
        ...zonedOnly,
    };
}

/** The operands beside the brokers; on the zoned topology they run on the system nodes, away from the brokers. */
function operandTemplate(k: KafkaConfig): { template?: { pod: PodTemplate } } {
    return k.topology === "zoned" ? { template: { pod: systemPodTemplate() } } : {};
}

/**
 * The zoned cluster's nodes are drained by EKS node group updates; Strimzi Drain Cleaner (legacy
 * mode) marks each Kafka pod whose eviction is asked for, and this PodDisruptionBudget refuses the
 * eviction itself, so the operator rolls the pod when its partitions stay in sync (Strimzi 1.2.0,
 * documentation/modules/drain-cleaner/proc-drain-cleaner-deploying.adoc). One PDB covers every node
 * pool's pods, controllers included.
 */
export const DRAINS_LEFT_TO_THE_OPERATOR = { maxUnavailable: 0 } as const;

/**
 * Cruise Control, rack awareness and the drain-safe PDB exist for the zoned topology: a single-node
 * cluster has no zones to spread replicas over, no other broker to move partitions to and no Drain
 * Cleaner (a PDB of 0 there would only block draining the laptop's node).
 */
function zonedParts(k: KafkaConfig): Pick<KafkaSpec, "cruiseControl"> & Pick<KafkaClusterSpec, "rack" | "template"> {
    if (k.topology !== "zoned") {
        return {};
    }
    return {
        rack: { topologyKey: ZONE_LABEL },
        template: { podDisruptionBudget: DRAINS_LEFT_TO_THE_OPERATOR },
        cruiseControl: {
            resources: CRUISE_CONTROL_RESOURCES,
            brokerCapacity: k.cruiseControl.brokerCapacity,
            metricsConfig: metrics(k, CRUISE_CONTROL_METRICS_KEY),
            ...operandTemplate(k),
        },
    };
}

/**
 * The Kafka resource. `clusterCaCertAnnotations` go on the cluster CA certificate's Secret, so a
 * copier such as Reflector can hand the (public) CA to applications in other namespaces.
 */
export function renderKafka(k: KafkaConfig, clusterCaCertAnnotations?: Record<string, string>): Kafka {
    const { rack, template: zonedTemplate, cruiseControl } = zonedParts(k);
    const template = clusterCaCertAnnotations ? { ...zonedTemplate, clusterCaCert: { metadata: { annotations: clusterCaCertAnnotations } } } : zonedTemplate;
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "Kafka",
        metadata: {
            name: k.name,
            namespace: k.namespace,
            annotations: {
                "pulumi.com/waitFor": "condition=Ready",
                "pulumi.com/timeoutSeconds": String(KAFKA_READY_TIMEOUT_SECONDS),
            },
        },
        spec: {
            kafka: {
                version: k.version,
                metadataVersion: k.metadataVersion,
                listeners: renderListeners(k),
                authorization: { type: "simple", superUsers: k.superUsers },
                ...(rack ? { rack } : {}),
                ...(template ? { template } : {}),
                config: renderBrokerConfig(k),
                metricsConfig: metrics(k, KAFKA_METRICS_KEY),
            },
            entityOperator: {
                topicOperator: { resources: ENTITY_OPERATOR_RESOURCES },
                userOperator: { resources: ENTITY_OPERATOR_RESOURCES },
                ...operandTemplate(k),
            },
            ...(cruiseControl ? { cruiseControl } : {}),
            kafkaExporter: {
                topicRegex: ".*",
                groupRegex: ".*",
                resources: KAFKA_EXPORTER_RESOURCES,
                ...operandTemplate(k),
            },
        },
    };
}
