import { CRUISE_CONTROL_EXPORTER_CONFIG, KAFKA_EXPORTER_CONFIG } from "../kafka/metricsRules";

/**
 * Every metric name the platform's Prometheus can see, by source. Alerts and dashboards may read
 * only these: tests/observability parse every expression and fail on a name outside this list, so
 * a typo, or a rule that stops exporting a name, fails a test instead of a silent empty panel.
 */

/**
 * Names our JMX Exporter rules produce, expanded from the rules themselves: a `$n` in a rule's name
 * whose group is a list of literal alternatives (`(A|B)`) yields one name per alternative, lower-cased
 * and sanitised as the exporter does. Rules whose names depend on an open pattern (Cruise Control's
 * `(.+)`) have no closed set and are left out, so nothing may read them.
 */
export function jmxExporterNames(config: { lowercaseOutputName: boolean; rules: { pattern: string; name: string }[] }): string[] {
    const names = new Set<string>();
    for (const rule of config.rules) {
        const groups = capturingGroups(rule.pattern);
        let expanded = [rule.name];
        let closed = true;
        for (const ref of rule.name.match(/\$\d/g) ?? []) {
            const group = groups[Number(ref.slice(1)) - 1];
            const alternatives = group !== undefined && /^[\w-]+(\|[\w-]+)*$/.test(group) ? group.split("|") : undefined;
            if (!alternatives) {
                closed = false;
                break;
            }
            expanded = expanded.flatMap((n) => alternatives.map((a) => n.replace(ref, a)));
        }
        if (!closed) continue;
        for (const n of expanded) {
            names.add((config.lowercaseOutputName ? n.toLowerCase() : n).replace(/[^a-zA-Z0-9:_]+/g, "_").replace(/_+/g, "_"));
        }
    }
    return [...names].sort();
}

/** The text of each capturing group of a regex, in order of its opening parenthesis (`(?:` skipped). */
function capturingGroups(pattern: string): string[] {
    const groups: string[] = [];
    const open: { start: number; index?: number }[] = [];
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "\\") {
            i++;
        } else if (c === "(") {
            const capturing = pattern[i + 1] !== "?";
            open.push({ start: i + 1, ...(capturing ? { index: groups.push("") - 1 } : {}) });
        } else if (c === ")") {
            const group = open.pop();
            if (group?.index !== undefined) groups[group.index] = pattern.slice(group.start, i);
        }
    }
    return groups;
}

export const KAFKA_JMX_METRICS: readonly string[] = [...jmxExporterNames(KAFKA_EXPORTER_CONFIG), ...jmxExporterNames(CRUISE_CONTROL_EXPORTER_CONFIG)];

/** Kafka Exporter 1.9.0, the version Strimzi 1.2.0's Kafka image ships (kafka_exporter.go, namespace `kafka`). */
export const KAFKA_EXPORTER_METRICS: readonly string[] = [
    "kafka_brokers",
    "kafka_broker_info",
    "kafka_topic_partitions",
    "kafka_topic_partition_current_offset",
    "kafka_topic_partition_oldest_offset",
    "kafka_topic_partition_leader",
    "kafka_topic_partition_replicas",
    "kafka_topic_partition_in_sync_replica",
    "kafka_topic_partition_leader_is_preferred",
    "kafka_topic_partition_under_replicated_partition",
    "kafka_consumergroup_current_offset",
    "kafka_consumergroup_current_offset_sum",
    "kafka_consumergroup_lag",
    "kafka_consumergroup_lag_sum",
    "kafka_consumergroup_members",
];

/**
 * Strimzi 1.2.0's operators (operator-common MetricsHolder, KafkaAssemblyOperatorMetricsHolder),
 * through Micrometer's Prometheus naming: counters end in `_total`, timers in `_seconds_*`.
 */
export const STRIMZI_OPERATOR_METRICS: readonly string[] = [
    "strimzi_reconciliations_total",
    "strimzi_reconciliations_successful_total",
    "strimzi_reconciliations_failed_total",
    "strimzi_reconciliations_periodical_total",
    "strimzi_reconciliations_locked_total",
    "strimzi_reconciliations_duration_seconds_count",
    "strimzi_reconciliations_duration_seconds_sum",
    "strimzi_reconciliations_duration_seconds_max",
    "strimzi_resources",
    "strimzi_certificate_expiration_timestamp_ms",
];

/**
 * Kafka Connect through the Strimzi Metrics Reporter (`metricsConfig.type: strimziMetricsReporter`):
 * `kafka_connect_<group>_<name>` (KafkaMetricWrapper.prometheusName), string values as `_info`
 * series with the value as a label. Each name matches the allow list the platform's Connect sets
 * (components/archive/connectMetrics.ts); tests/observability check that.
 */
export const KAFKA_CONNECT_METRICS: readonly string[] = [
    "kafka_connect_connector_metrics_status_info",
    "kafka_connect_connector_task_metrics_status_info",
    "kafka_connect_connect_worker_metrics_connector_count",
    "kafka_connect_connect_worker_metrics_task_count",
    "kafka_connect_connect_worker_metrics_connector_running_task_count",
    "kafka_connect_connect_worker_metrics_connector_failed_task_count",
    "kafka_connect_task_error_metrics_total_record_failures",
    "kafka_connect_task_error_metrics_deadletterqueue_produce_requests",
    "kafka_connect_sink_task_metrics_sink_record_read_total",
    "kafka_connect_sink_task_metrics_offset_commit_completion_total",
];

/** kube-state-metrics (the chart's subchart 8.4.0). */
export const KUBE_STATE_METRICS: readonly string[] = [
    "kube_pod_container_status_restarts_total",
    "kube_pod_status_ready",
    "kube_persistentvolumeclaim_resource_requests_storage_bytes",
    "kube_deployment_status_replicas_available",
];

/** The kubelet's volume statistics and cAdvisor's container metrics, scraped by the chart's kubelet ServiceMonitor. */
export const KUBELET_METRICS: readonly string[] = [
    "kubelet_volume_stats_available_bytes",
    "kubelet_volume_stats_capacity_bytes",
    "kubelet_volume_stats_used_bytes",
    "container_cpu_usage_seconds_total",
    "container_memory_working_set_bytes",
];

/** node-exporter (the chart's subchart prometheus-node-exporter 4.56.1). */
export const NODE_EXPORTER_METRICS: readonly string[] = [
    "node_cpu_seconds_total",
    "node_memory_MemAvailable_bytes",
    "node_memory_MemTotal_bytes",
    "node_network_receive_bytes_total",
    "node_network_transmit_bytes_total",
];

export const EXPORTED_METRICS: ReadonlySet<string> = new Set([
    ...KAFKA_JMX_METRICS,
    ...KAFKA_EXPORTER_METRICS,
    ...STRIMZI_OPERATOR_METRICS,
    ...KAFKA_CONNECT_METRICS,
    ...KUBE_STATE_METRICS,
    ...KUBELET_METRICS,
    ...NODE_EXPORTER_METRICS,
]);
