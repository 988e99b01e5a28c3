import { literalRegex, promqlString } from "./alerts";
import { PLATFORM_LABEL } from "./types";

/**
 * The platform's Grafana dashboards, as code: cluster overview, broker resources and disks, one per
 * team (chosen in a variable), and the archive. Each is a ConfigMap carrying the label Grafana's
 * dashboard sidecar watches for. Every panel query reads only exported metrics and parses with
 * Prometheus's grammar (tests/observability/dashboards.spec.ts).
 */

export interface DashboardTargets {
    namespace: string;
    label: { name: string; value: string };
    kafka: { name: string; namespace: string };
    connectName: string;
}

interface Panel {
    id: number;
    type: "timeseries" | "stat" | "table";
    title: string;
    description?: string;
    gridPos: { x: number; y: number; w: number; h: number };
    datasource: { type: "prometheus"; uid: "${datasource}" };
    fieldConfig: { defaults: { unit: string }; overrides: [] };
    targets: { refId: string; expr: string; legendFormat: string; instant?: boolean }[];
}

export interface Dashboard {
    uid: string;
    title: string;
    tags: string[];
    schemaVersion: number;
    timezone: "utc";
    refresh: string;
    time: { from: string; to: string };
    templating: { list: Record<string, unknown>[] };
    panels: Panel[];
}

interface PanelSpec {
    type?: Panel["type"];
    title: string;
    description?: string;
    unit: string;
    queries: [expr: string, legend: string][];
}

const DATASOURCE_VARIABLE = { name: "datasource", label: "Prometheus", type: "datasource", query: "prometheus", current: {}, hide: 0 };

/** Lays panels out two per row (stats four per row). */
function panels(specs: PanelSpec[]): Panel[] {
    let x = 0;
    let y = 0;
    return specs.map((s, i) => {
        const type = s.type ?? "timeseries";
        const w = type === "stat" ? 6 : 12;
        const h = type === "stat" ? 4 : 8;
        if (x + w > 24) {
            x = 0;
            y += h;
        }
        const panel: Panel = {
            id: i + 1,
            type,
            title: s.title,
            ...(s.description ? { description: s.description } : {}),
            gridPos: { x, y, w, h },
            datasource: { type: "prometheus", uid: "${datasource}" },
            fieldConfig: { defaults: { unit: s.unit }, overrides: [] },
            targets: s.queries.map(([expr, legendFormat], q) => ({ refId: String.fromCharCode(65 + q), expr, legendFormat, ...(type === "timeseries" ? {} : { instant: true }) })),
        };
        x += w;
        return panel;
    });
}

function dashboard(uid: string, title: string, specs: PanelSpec[], variables: Record<string, unknown>[] = []): Dashboard {
    return {
        uid,
        title,
        tags: ["kafka-platform"],
        schemaVersion: 39,
        timezone: "utc",
        refresh: "1m",
        time: { from: "now-6h", to: "now" },
        templating: { list: [DATASOURCE_VARIABLE, ...variables] },
        panels: panels(specs),
    };
}

export function renderDashboards(t: DashboardTargets): Dashboard[] {
    const ns = `namespace=${promqlString(t.kafka.namespace)}`;
    const sel = `${ns}, strimzi_io_cluster=${promqlString(t.kafka.name)}`;
    const pvc = `${ns}, persistentvolumeclaim=~${promqlString(`data(?:-[0-9]+)?-${literalRegex(t.kafka.name)}-.+`)}`;
    const pods = `${ns}, pod=~${promqlString(`${literalRegex(t.kafka.name)}-.+`)}, container="kafka"`;
    const team = (prefix = "") => promqlString(`${prefix}$team\\..+`);
    const connect = literalRegex(t.connectName);
    const connectors = `${ns}, connector=~${promqlString(`${connect}-[a-z]+-.+`)}`;

    const cluster = dashboard("kafka-platform-cluster", `Kafka ${t.kafka.name}: cluster overview`, [
        { type: "stat", title: "Active brokers", unit: "none", queries: [[`max(kafka_controller_kafkacontroller_activebrokercount{${sel}})`, "brokers"]] },
        { type: "stat", title: "Fenced brokers", unit: "none", queries: [[`max(kafka_controller_kafkacontroller_fencedbrokercount{${sel}})`, "fenced"]] },
        {
            type: "stat",
            title: "Topics and partitions",
            unit: "none",
            queries: [
                [`max(kafka_controller_kafkacontroller_globaltopiccount{${sel}})`, "topics"],
                [`max(kafka_controller_kafkacontroller_globalpartitioncount{${sel}})`, "partitions"],
            ],
        },
        { type: "stat", title: "Leaders not on their preferred replica", unit: "none", queries: [[`max(kafka_controller_kafkacontroller_preferredreplicaimbalancecount{${sel}})`, "imbalance"]] },
        { type: "stat", title: "Active controllers", unit: "none", queries: [[`sum(kafka_controller_kafkacontroller_activecontrollercount{${sel}})`, "controllers"]] },
        { type: "stat", title: "Offline partitions", unit: "none", queries: [[`max(kafka_controller_kafkacontroller_offlinepartitionscount{${sel}})`, "offline"]] },
        {
            type: "stat",
            title: "Under-replicated / under min ISR",
            unit: "none",
            queries: [
                [`sum(kafka_server_replicamanager_underreplicatedpartitions{${sel}})`, "under-replicated"],
                [`sum(kafka_server_replicamanager_underminisrpartitioncount{${sel}})`, "under min ISR"],
            ],
        },
        { title: "Messages in per second", unit: "short", queries: [[`sum by (pod) (rate(kafka_server_brokertopicmetrics_messagesinpersec_total{${sel}, topic=""}[5m]))`, "{{pod}}"]] },
        {
            title: "Bytes in and out per second",
            unit: "Bps",
            queries: [
                [`sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesinpersec_total{${sel}, topic=""}[5m]))`, "in {{pod}}"],
                [`sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesoutpersec_total{${sel}, topic=""}[5m]))`, "out {{pod}}"],
            ],
        },
        { title: "Produce time, 99th percentile", unit: "ms", queries: [[`max by (pod) (kafka_network_requestmetrics_totaltimems{${sel}, request="Produce", quantile="0.99"})`, "{{pod}}"]] },
        {
            title: "Request handler and network thread idle",
            unit: "percentunit",
            queries: [
                [`min by (pod) (kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent{${sel}})`, "handlers {{pod}}"],
                [`min by (pod) (kafka_network_socketserver_networkprocessoravgidlepercent{${sel}})`, "network {{pod}}"],
            ],
        },
        {
            title: "Partitions and leaders per broker",
            unit: "none",
            queries: [
                [`sum by (pod) (kafka_server_replicamanager_partitioncount{${sel}})`, "partitions {{pod}}"],
                [`sum by (pod) (kafka_server_replicamanager_leadercount{${sel}})`, "leaders {{pod}}"],
            ],
        },
        {
            title: "Partitions at min ISR and offline replicas",
            description: "At min ISR: one more replica lost and acks=all producers are refused.",
            unit: "none",
            queries: [
                [`sum by (pod) (kafka_server_replicamanager_atminisrpartitioncount{${sel}})`, "at min ISR {{pod}}"],
                [`sum by (pod) (kafka_server_replicamanager_offlinereplicacount{${sel}})`, "offline replicas {{pod}}"],
            ],
        },
        {
            title: "Failed and rejected requests per second",
            unit: "short",
            queries: [
                [`sum by (pod) (rate(kafka_server_brokertopicmetrics_failedproducerequestspersec_total{${sel}, topic=""}[5m]))`, "failed produce {{pod}}"],
                [`sum by (pod) (rate(kafka_server_brokertopicmetrics_failedfetchrequestspersec_total{${sel}, topic=""}[5m]))`, "failed fetch {{pod}}"],
                [`sum by (pod) (rate(kafka_server_brokertopicmetrics_bytesrejectedpersec_total{${sel}, topic=""}[5m]))`, "bytes rejected {{pod}}"],
            ],
        },
        {
            title: "Produce and fetch requests per second",
            unit: "reqps",
            queries: [
                [`sum by (pod) (rate(kafka_server_brokertopicmetrics_totalproducerequestspersec_total{${sel}, topic=""}[5m]))`, "produce {{pod}}"],
                [`sum by (pod) (rate(kafka_server_brokertopicmetrics_totalfetchrequestspersec_total{${sel}, topic=""}[5m]))`, "fetch {{pod}}"],
                [`sum by (request) (rate(kafka_network_requestmetrics_requests_total{${sel}}[5m]))`, "{{request}}"],
            ],
        },
        {
            title: "Replication bytes per second and follower lag",
            unit: "Bps",
            queries: [
                [`sum by (pod) (rate(kafka_server_brokertopicmetrics_replicationbytesinpersec_total{${sel}}[5m]))`, "in {{pod}}"],
                [`sum by (pod) (rate(kafka_server_brokertopicmetrics_replicationbytesoutpersec_total{${sel}}[5m]))`, "out {{pod}}"],
                [`max by (pod) (kafka_server_replicafetchermanager_maxlag{${sel}})`, "max lag (messages) {{pod}}"],
            ],
        },
        { title: "Connections per listener", unit: "none", queries: [[`sum by (listener) (kafka_server_socketservermetrics_connection_count{${sel}})`, "{{listener}}"]] },
        {
            title: "Leader elections per second (unclean should stay 0)",
            unit: "short",
            queries: [
                [`sum(rate(kafka_controller_controllerstats_leaderelectionrateandtimems_total{${sel}}[5m]))`, "elections"],
                [`sum(rate(kafka_controller_controllerstats_uncleanleaderelectionspersec_total{${sel}}[5m]))`, "unclean"],
            ],
        },
        {
            title: "ISR shrinks and expands per second",
            unit: "short",
            queries: [
                [`sum by (pod) (rate(kafka_server_replicamanager_isrshrinkspersec_total{${sel}}[5m]))`, "shrinks {{pod}}"],
                [`sum by (pod) (rate(kafka_server_replicamanager_isrexpandspersec_total{${sel}}[5m]))`, "expands {{pod}}"],
            ],
        },
    ]);

    const brokers = dashboard("kafka-platform-brokers", `Kafka ${t.kafka.name}: broker resources and disks`, [
        { title: "CPU per Kafka pod", unit: "short", queries: [[`sum by (pod) (rate(container_cpu_usage_seconds_total{${pods}}[5m]))`, "{{pod}}"]] },
        { title: "Memory per Kafka pod", unit: "bytes", queries: [[`sum by (pod) (container_memory_working_set_bytes{${pods}})`, "{{pod}}"]] },
        { title: "Volume use", unit: "percentunit", queries: [[`kubelet_volume_stats_used_bytes{${pvc}} / kubelet_volume_stats_capacity_bytes{${pvc}}`, "{{persistentvolumeclaim}}"]] },
        {
            title: "Free space in 24 hours at the last 6 hours' rate",
            description: "Below zero: the volume fills up within a day (alert KafkaVolumeFullIn24Hours).",
            unit: "bytes",
            queries: [[`predict_linear(kubelet_volume_stats_available_bytes{${pvc}}[6h], 86400)`, "{{persistentvolumeclaim}}"]],
        },
        { title: "Offline log directories", unit: "none", queries: [[`max by (pod) (kafka_log_logmanager_offlinelogdirectorycount{${sel}})`, "{{pod}}"]] },
        { title: "Largest topics on disk (all replicas)", unit: "bytes", queries: [[`topk(10, sum by (topic) (kafka_log_log_size_bytes{${sel}}))`, "{{topic}}"]] },
        {
            title: "Node network",
            unit: "Bps",
            queries: [
                [`sum by (instance) (rate(node_network_receive_bytes_total{device!="lo"}[5m]))`, "in {{instance}}"],
                [`sum by (instance) (rate(node_network_transmit_bytes_total{device!="lo"}[5m]))`, "out {{instance}}"],
            ],
        },
        {
            title: "KRaft commit latency",
            unit: "ms",
            queries: [
                [`max by (pod) (kafka_server_raftmetrics_commit_latency_avg{${sel}})`, "avg {{pod}}"],
                [`max by (pod) (kafka_server_raftmetrics_commit_latency_max{${sel}})`, "max {{pod}}"],
            ],
        },
        {
            title: "KRaft metadata log: high watermark and end offset per node",
            description: "A node whose end offset stops following the others has fallen behind the metadata quorum.",
            unit: "short",
            queries: [
                [`max by (pod) (kafka_server_raftmetrics_high_watermark{${sel}})`, "high watermark {{pod}}"],
                [`max by (pod) (kafka_server_raftmetrics_log_end_offset{${sel}})`, "end offset {{pod}}"],
            ],
        },
        {
            title: "KRaft epoch and broker state",
            description: "The epoch rises with each controller election; broker state 3 is running.",
            unit: "none",
            queries: [
                [`max by (pod) (kafka_server_raftmetrics_current_epoch{${sel}})`, "epoch {{pod}}"],
                [`max by (pod) (kafka_server_kafkaserver_brokerstate{${sel}})`, "state {{pod}}"],
            ],
        },
        { title: "Log flushes per second", unit: "short", queries: [[`sum by (pod) (rate(kafka_log_logflushstats_logflushes_total{${sel}}[5m]))`, "{{pod}}"]] },
    ]);

    const teamVariable = {
        name: "team",
        label: "Team",
        type: "query",
        datasource: { type: "prometheus", uid: "${datasource}" },
        query: { query: `label_values(kafka_topic_partitions{${ns}}, topic)`, refId: "team" },
        regex: "/^([a-z0-9-]+)\\..+$/",
        refresh: 2,
        sort: 1,
        current: {},
        hide: 0,
    };
    const teams = dashboard(
        "kafka-platform-team",
        `Kafka ${t.kafka.name}: team $team`,
        [
            { title: "Bytes in per topic", unit: "Bps", queries: [[`sum by (topic) (rate(kafka_server_brokertopicmetrics_bytesinpersec_total{${sel}, topic=~${team()}}[5m]))`, "{{topic}}"]] },
            { title: "Bytes out per topic", unit: "Bps", queries: [[`sum by (topic) (rate(kafka_server_brokertopicmetrics_bytesoutpersec_total{${sel}, topic=~${team()}}[5m]))`, "{{topic}}"]] },
            { title: "Messages in per topic", unit: "short", queries: [[`sum by (topic) (rate(kafka_server_brokertopicmetrics_messagesinpersec_total{${sel}, topic=~${team()}}[5m]))`, "{{topic}}"]] },
            { title: "Topic size (all replicas)", unit: "bytes", queries: [[`sum by (topic) (kafka_log_log_size_bytes{${sel}, topic=~${team()}})`, "{{topic}}"]] },
            { title: "Consumer lag of the team's groups", unit: "short", queries: [[`sum by (consumergroup, topic) (kafka_consumergroup_lag_sum{${ns}, consumergroup=~${team()}})`, "{{consumergroup}} on {{topic}}"]] },
            { title: "Members per consumer group", unit: "none", queries: [[`sum by (consumergroup) (kafka_consumergroup_members{${ns}, consumergroup=~${team()}})`, "{{consumergroup}}"]] },
            { title: "Quota use: bytes per second per application", unit: "Bps", queries: [[`sum by (user, quota) (kafka_server_quota_byte_rate{${sel}, user=~${team("(?:CN%3D)?")}})`, "{{user}} {{quota}}"]] },
            { title: "Quota throttling per application", unit: "ms", queries: [[`max by (user, quota) (kafka_server_quota_throttle_time{${sel}, user=~${team("(?:CN%3D)?")}})`, "{{user}} {{quota}}"]] },
        ],
        [teamVariable],
    );

    const archive = dashboard("kafka-platform-archive", `Kafka ${t.kafka.name}: archive to S3`, [
        { title: "Records read by the S3 sink per connector", unit: "short", queries: [[`sum by (connector) (rate(kafka_connect_sink_task_metrics_sink_record_read_total{${connectors}}[5m]))`, "{{connector}}"]] },
        {
            title: "Flushes to S3 per connector, per hour",
            description: "Completed offset commits: each flush first writes one object per partition that received records since the previous one.",
            unit: "short",
            queries: [[`sum by (connector) (increase(kafka_connect_sink_task_metrics_offset_commit_completion_total{${connectors}}[1h]))`, "{{connector}}"]],
        },
        { title: "Lag of the sink's consumer groups", unit: "short", queries: [[`sum by (consumergroup, topic) (kafka_consumergroup_lag_sum{${ns}, consumergroup=~${promqlString(`connect-${connect}-[a-z]+-.+`)}})`, "{{consumergroup}} on {{topic}}"]] },
        {
            title: "Records sent to dead-letter topics, per hour",
            unit: "short",
            queries: [[`sum by (topic) (delta(kafka_topic_partition_current_offset{${ns}, topic=~${promqlString(`${connect}-[a-z]+-.+-dlq`)}}[1h]))`, "{{topic}}"]],
        },
        { type: "table", title: "Connector status", unit: "none", queries: [[`max by (connector, status) (kafka_connect_connector_metrics_status_info{${connectors}})`, "{{connector}} {{status}}"]] },
        {
            title: "Failed records and running tasks",
            unit: "short",
            queries: [
                [`sum by (connector) (kafka_connect_task_error_metrics_total_record_failures{${connectors}})`, "failures {{connector}}"],
                [`sum by (connector) (kafka_connect_connect_worker_metrics_connector_running_task_count{${connectors}})`, "running tasks {{connector}}"],
            ],
        },
    ]);
    return [cluster, brokers, teams, archive];
}

export interface DashboardConfigMap {
    metadata: { name: string; namespace: string; labels: Record<string, string> };
    data: Record<string, string>;
}

export function renderDashboardConfigMaps(t: DashboardTargets): DashboardConfigMap[] {
    return renderDashboards(t).map((d) => ({
        metadata: { name: d.uid, namespace: t.namespace, labels: { [t.label.name]: t.label.value, [PLATFORM_LABEL]: "dashboard" } },
        data: { [`${d.uid}.json`]: JSON.stringify(d, null, 1) },
    }));
}
