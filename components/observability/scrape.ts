import { MONITORING_API_VERSION, PLATFORM_LABEL, PodMonitor, RelabelConfig } from "./types";

/**
 * What Prometheus scrapes, as PodMonitors: every Strimzi-managed pod with a metrics port, the
 * cluster operator and the entity operator's two containers. Pod
 * names, ports and labels are Strimzi 1.2.0's (MetricsModel: port `tcp-prometheus` 9404 on Kafka
 * nodes, Cruise Control, Kafka Exporter and Connect; the operator chart's Deployment: label
 * `strimzi.io/kind: cluster-operator`, port `http`; EntityTopicOperator/EntityUserOperator: ports
 * `healthcheck-to` and `healthcheck-uo`).
 */

export interface ScrapeTargets {
    /** Namespace of the PodMonitors. */
    namespace: string;
    /** Labels an existing Prometheus selects PodMonitors by. */
    selectorLabels: Record<string, string>;
    /** Namespace of the Kafka cluster, Kafka Connect and their operands. */
    kafkaNamespace: string;
    /** Namespace of the Strimzi cluster operator. */
    operatorNamespace: string;
}

/** Strimzi labels pods `strimzi.io/<x>`; Prometheus gets them as `strimzi_io_<x>` (cluster, kind, name, pool_name, ...). */
const STRIMZI_LABELS: RelabelConfig = { action: "labelmap", regex: "__meta_kubernetes_pod_label_(strimzi_io_.+)", replacement: "$1" };
const NODE_NAME: RelabelConfig = { action: "replace", sourceLabels: ["__meta_kubernetes_pod_node_name"], targetLabel: "node" };

/** Kinds whose pods expose Strimzi's metrics port: the Kafka nodes and its operands, and Kafka Connect. */
export const SCRAPED_STRIMZI_KINDS = ["Kafka", "KafkaConnect"] as const;

function podMonitor(name: string, t: ScrapeTargets, spec: PodMonitor["spec"]): PodMonitor {
    return {
        apiVersion: MONITORING_API_VERSION,
        kind: "PodMonitor",
        metadata: { name, namespace: t.namespace, labels: { ...t.selectorLabels, [PLATFORM_LABEL]: "scrape" } },
        spec,
    };
}

export function renderPodMonitors(t: ScrapeTargets): PodMonitor[] {
    return [
        podMonitor("kafka-platform-strimzi-operands", t, {
            selector: { matchExpressions: [{ key: "strimzi.io/kind", operator: "In", values: [...SCRAPED_STRIMZI_KINDS] }] },
            namespaceSelector: { matchNames: [t.kafkaNamespace] },
            podMetricsEndpoints: [{ port: "tcp-prometheus", path: "/metrics", relabelings: [STRIMZI_LABELS, NODE_NAME] }],
        }),
        podMonitor("kafka-platform-strimzi-operator", t, {
            selector: { matchLabels: { "strimzi.io/kind": "cluster-operator" } },
            namespaceSelector: { matchNames: [t.operatorNamespace] },
            podMetricsEndpoints: [{ port: "http", path: "/metrics" }],
        }),
        podMonitor("kafka-platform-entity-operator", t, {
            selector: { matchLabels: { "app.kubernetes.io/name": "entity-operator" } },
            namespaceSelector: { matchNames: [t.kafkaNamespace] },
            podMetricsEndpoints: [
                { port: "healthcheck-to", path: "/metrics", relabelings: [STRIMZI_LABELS] },
                { port: "healthcheck-uo", path: "/metrics", relabelings: [STRIMZI_LABELS] },
            ],
        }),
    ];
}
