import { AlertRule, MONITORING_API_VERSION, PLATFORM_LABEL, PrometheusRule } from "./types";

/**
 * The platform's alerts, as one PrometheusRule. Metric names are those of exportedMetrics.ts;
 * thresholds and `for` durations are chosen so that a rolling restart or a rebalance does not page
 * anyone while a real failure does within minutes. docs/observability.md has a runbook section per
 * alert (anchor = the alert name in lower case).
 *
 * Alerts that belong to a team carry a `team` label derived from the series itself, so one rule
 * covers every team, including those with a stack of their own: team names are DNS labels and
 * everything a team owns in Kafka starts with `<team>.` (components/teams/names.ts), and the
 * archive's connectors and dead-letter topics are `<connect>-<format>-<team>` and `...-dlq`
 * (components/archive/connectors.ts).
 */

export interface AlertTargets {
    /** Namespace and labels of the PrometheusRule. */
    namespace: string;
    selectorLabels: Record<string, string>;
    kafka: { name: string; namespace: string; brokerReplicas: number };
    operatorNamespace: string;
    /** Name of the archive's KafkaConnect, whose connectors are named after it. */
    connectName: string;
    consumerLagRecords: number;
    /** Namespace of Strimzi Drain Cleaner, where the stack runs it. */
    drainCleanerNamespace?: string;
}

export const ALERT_RULE_NAME = "kafka-platform-alerts";
export const RUNBOOK = "docs/observability.md";

/** A PromQL double-quoted string literal; JSON's escapes are a subset of PromQL's. */
export function promqlString(s: string): string {
    return JSON.stringify(s);
}

/** A regex (RE2 and JavaScript agree on this subset) matching `s` literally. */
export function literalRegex(s: string): string {
    return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

const TEAM = "[a-z0-9](?:[-a-z0-9]*[a-z0-9])?";

function rule(alert: string, expr: string, hold: string, severity: "critical" | "warning", summary: string, description: string): AlertRule {
    return {
        alert,
        expr,
        for: hold,
        labels: { severity },
        annotations: { summary, description, runbook_url: `${RUNBOOK}#${alert.toLowerCase()}` },
    };
}

export function clusterAlerts(t: AlertTargets): AlertRule[] {
    const sel = `namespace=${promqlString(t.kafka.namespace)}, strimzi_io_cluster=${promqlString(t.kafka.name)}`;
    const by = "namespace, strimzi_io_cluster";
    const pvc = `namespace=${promqlString(t.kafka.namespace)}, persistentvolumeclaim=~${promqlString(`data(?:-[0-9]+)?-${literalRegex(t.kafka.name)}-.+`)}`;
    return [
        rule(
            "KafkaOfflinePartitions",
            `max by (${by}) (kafka_controller_kafkacontroller_offlinepartitionscount{${sel}}) > 0`,
            "1m",
            "critical",
            "Partitions without a leader",
            "{{ $value }} partition(s) of Kafka {{ $labels.strimzi_io_cluster }} have no leader: producers and consumers of them fail.",
        ),
        rule(
            "KafkaUnderMinIsrPartitions",
            `sum by (${by}) (kafka_server_replicamanager_underminisrpartitioncount{${sel}}) > 0`,
            "1m",
            "critical",
            "Partitions below min.insync.replicas",
            "{{ $value }} partition(s) of Kafka {{ $labels.strimzi_io_cluster }} have fewer in-sync replicas than min.insync.replicas: acks=all producers are refused.",
        ),
        rule(
            "KafkaUnderReplicatedPartitions",
            `sum by (${by}) (kafka_server_replicamanager_underreplicatedpartitions{${sel}}) > 0`,
            "10m",
            "warning",
            "Under-replicated partitions",
            "{{ $value }} partition(s) of Kafka {{ $labels.strimzi_io_cluster }} have been under-replicated for 10 minutes.",
        ),
        rule(
            "KafkaActiveControllerCount",
            `sum by (${by}) (kafka_controller_kafkacontroller_activecontrollercount{${sel}}) != 1`,
            "2m",
            "critical",
            "Not exactly one active KRaft controller",
            "Kafka {{ $labels.strimzi_io_cluster }} has {{ $value }} active controllers; it needs exactly one.",
        ),
        rule(
            "KafkaControllersUnreachable",
            `absent(kafka_controller_kafkacontroller_activecontrollercount{${sel}})`,
            "5m",
            "critical",
            "No KRaft controller reports metrics",
            `Prometheus has no controller metrics of Kafka ${t.kafka.name} in ${t.kafka.namespace}: the controllers are down or not scraped.`,
        ),
        rule(
            "KafkaQuorumLeaderUnknown",
            `max by (${by}, pod) (kafka_server_raftmetrics_current_leader{${sel}}) == -1`,
            "1m",
            "critical",
            "A Kafka node knows no KRaft leader",
            "{{ $labels.pod }} has known no metadata quorum leader for a minute: it cannot learn metadata changes.",
        ),
        rule(
            "KafkaQuorumVoterUnreachable",
            `max by (${by}, pod) (kafka_server_raftmetrics_number_unknown_voter_connections{${sel}}) > 0`,
            "5m",
            "warning",
            "A KRaft voter is unreachable",
            "{{ $labels.pod }} cannot reach {{ $value }} controller(s) of the quorum: one more failure may lose the majority.",
        ),
        rule(
            "KafkaBrokerDown",
            `max by (${by}) (kafka_controller_kafkacontroller_activebrokercount{${sel}}) < ${t.kafka.brokerReplicas}`,
            "2m",
            "critical",
            "A broker is not registered with the controller",
            `Only {{ $value }} of ${t.kafka.brokerReplicas} brokers of Kafka {{ $labels.strimzi_io_cluster }} are active.`,
        ),
        rule(
            "KafkaOfflineLogDirectory",
            `max by (${by}, pod) (kafka_log_logmanager_offlinelogdirectorycount{${sel}}) > 0`,
            "1m",
            "critical",
            "A broker lost a log directory (JBOD volume)",
            "{{ $labels.pod }} has {{ $value }} offline log director(ies): the partitions on that volume are offline on this broker.",
        ),
        rule(
            "KafkaVolumeAlmostFull",
            `kubelet_volume_stats_available_bytes{${pvc}} / kubelet_volume_stats_capacity_bytes{${pvc}} < 0.15`,
            "5m",
            "critical",
            "A Kafka volume is more than 85% full",
            "{{ $labels.persistentvolumeclaim }} has {{ $value | humanizePercentage }} free.",
        ),
        rule(
            "KafkaVolumeFullIn24Hours",
            `predict_linear(kubelet_volume_stats_available_bytes{${pvc}}[6h], 86400) < 0`,
            "30m",
            "warning",
            "A Kafka volume fills up within a day at the current rate",
            "{{ $labels.persistentvolumeclaim }} runs out of space within 24 hours at the rate of the last 6 hours.",
        ),
        rule(
            "KafkaProduceLatencyHigh",
            `max by (${by}, pod) (kafka_network_requestmetrics_totaltimems{${sel}, request="Produce", quantile="0.99"}) > 1000`,
            "10m",
            "warning",
            "Produce requests take more than a second",
            "The 99th percentile of produce request time on {{ $labels.pod }} is {{ $value }} ms.",
        ),
        rule(
            "KafkaRequestHandlersSaturated",
            `min by (${by}, pod) (kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent{${sel}}) < 0.2`,
            "10m",
            "warning",
            "Request handler threads are busy over 80% of the time",
            "Request handlers on {{ $labels.pod }} are idle only {{ $value | humanizePercentage }} of the time.",
        ),
        rule(
            "KafkaNetworkProcessorsSaturated",
            `min by (${by}, pod) (kafka_network_socketserver_networkprocessoravgidlepercent{${sel}}) < 0.2`,
            "10m",
            "warning",
            "Network threads are busy over 80% of the time",
            "Network processors on {{ $labels.pod }} are idle only {{ $value | humanizePercentage }} of the time.",
        ),
    ];
}

export function operatorAlerts(t: AlertTargets): AlertRule[] {
    const namespaces = promqlString(`${literalRegex(t.operatorNamespace)}|${literalRegex(t.kafka.namespace)}`);
    return [
        rule(
            "StrimziReconciliationFailing",
            `sum by (namespace, kind) (increase(strimzi_reconciliations_failed_total{namespace=~${namespaces}}[15m])) > 0`,
            "15m",
            "warning",
            "Strimzi keeps failing to reconcile resources",
            "Reconciliations of {{ $labels.kind }} have kept failing for 15 minutes: changes to those resources are not applied.",
        ),
        rule(
            // Strimzi renews its CA and component certificates 30 days before they expire by default
            // (Strimzi 1.2.0 CertificateAuthority renewalDays); under 21 days left, renewal did not happen.
            "StrimziCertificateExpiring",
            `min by (cluster, type, resource_namespace) (strimzi_certificate_expiration_timestamp_ms{namespace=${promqlString(t.operatorNamespace)}}) / 1000 - time() < 21 * 86400`,
            "1h",
            "warning",
            "A Strimzi certificate expires within 21 days",
            "The {{ $labels.type }} certificate of Kafka {{ $labels.cluster }} expires in {{ $value | humanizeDuration }} and was not renewed.",
        ),
    ];
}

/**
 * Drain Cleaner 1.6.0 exports no metrics (its pom has no metrics extension), so its health comes
 * from kube-state-metrics: without it, node drains wait on the Kafka PodDisruptionBudget instead
 * of the operator rolling the broker away.
 */
export function drainCleanerAlerts(t: AlertTargets): AlertRule[] {
    if (t.drainCleanerNamespace === undefined) return [];
    return [
        rule(
            "StrimziDrainCleanerUnavailable",
            `max by (namespace, deployment) (kube_deployment_status_replicas_available{namespace=${promqlString(t.drainCleanerNamespace)}, deployment="strimzi-drain-cleaner"}) < 1`,
            "10m",
            "warning",
            "Strimzi Drain Cleaner is not running",
            "No Drain Cleaner replica has been available for 10 minutes: node drains now stall on the Kafka PodDisruptionBudget.",
        ),
    ];
}

export function teamAlerts(t: AlertTargets): AlertRule[] {
    const ns = `namespace=${promqlString(t.kafka.namespace)}`;
    const connect = literalRegex(t.connectName);
    const groupTeam = `(?:connect-${connect}-[a-z]+-)?(${TEAM})(?:\\..+)?`;
    const lag = `kafka_consumergroup_lag_sum{${ns}, consumergroup=~${promqlString(`${TEAM}\\..+|connect-${connect}-[a-z]+-${TEAM}`)}}`;
    const withTeam = (expr: string, label: string, regex: string) => `label_replace(${expr}, "team", "$1", ${promqlString(label)}, ${promqlString(regex)})`;
    const connector = promqlString(`${connect}-[a-z]+-${TEAM}`);
    const connectorTeam = `${connect}-[a-z]+-(${TEAM})`;
    return [
        rule(
            "KafkaConsumerLagGrowing",
            withTeam(`(${lag} > ${t.consumerLagRecords}) and (deriv(${lag}[15m]) > 0)`, "consumergroup", groupTeam),
            "15m",
            "warning",
            "A consumer group falls further behind",
            `Consumer group {{ $labels.consumergroup }} is {{ $value }} records behind on {{ $labels.topic }} (over ${t.consumerLagRecords}) and has kept falling behind for 15 minutes.`,
        ),
        rule(
            "KafkaDeadLetterRecords",
            withTeam(`sum by (namespace, topic) (delta(kafka_topic_partition_current_offset{${ns}, topic=~${promqlString(`${connect}-[a-z]+-${TEAM}-dlq`)}}[10m])) > 0`, "topic", `${connectorTeam}-dlq`),
            "0m",
            "warning",
            "Records reached a dead-letter topic",
            "{{ $value }} record(s) the archive could not write went to {{ $labels.topic }} in the last 10 minutes.",
        ),
        rule(
            "KafkaConnectorNotRunning",
            withTeam(`max by (namespace, connector, status) (kafka_connect_connector_metrics_status_info{${ns}, connector=~${connector}, status!="running"}) > 0`, "connector", connectorTeam),
            "5m",
            "warning",
            "An archive connector is not running",
            "Connector {{ $labels.connector }} has been {{ $labels.status }} for 5 minutes: its topics are not archived.",
        ),
        rule(
            "KafkaConnectorTaskNotRunning",
            withTeam(`max by (namespace, connector, task, status) (kafka_connect_connector_task_metrics_status_info{${ns}, connector=~${connector}, status!="running"}) > 0`, "connector", connectorTeam),
            "5m",
            "warning",
            "An archive connector task is not running",
            "Task {{ $labels.task }} of connector {{ $labels.connector }} has been {{ $labels.status }} for 5 minutes.",
        ),
        rule(
            "KafkaQuotaThrottling",
            withTeam(
                `max by (namespace, quota, user) (kafka_server_quota_throttle_time{${ns}, strimzi_io_cluster=${promqlString(t.kafka.name)}, user=~${promqlString(`(?:CN%3D)?${TEAM}\\..+`)}}) > 0`,
                "user",
                `(?:CN%3D)?(${TEAM})\\..+`,
            ),
            "15m",
            "warning",
            "An application is held back by its quota",
            "{{ $labels.user }} has been throttled by its {{ $labels.quota }} quota for 15 minutes (last {{ $value }} ms per request): raise the quota or slow the client down.",
        ),
    ];
}

export function renderAlertRules(t: AlertTargets): PrometheusRule {
    return {
        apiVersion: MONITORING_API_VERSION,
        kind: "PrometheusRule",
        metadata: { name: ALERT_RULE_NAME, namespace: t.namespace, labels: { ...t.selectorLabels, [PLATFORM_LABEL]: "alerts" } },
        spec: {
            groups: [
                { name: "kafka-platform.cluster", rules: clusterAlerts(t) },
                { name: "kafka-platform.operator", rules: [...operatorAlerts(t), ...drainCleanerAlerts(t)] },
                { name: "kafka-platform.teams", rules: teamAlerts(t) },
            ],
        },
    };
}
