import { stringify } from "yaml";

/**
 * Prometheus JMX Exporter configurations for the Kafka nodes and Cruise Control. The rules export
 * what the platform's dashboards and alerts read (partition health, controller state, throughput,
 * request latency, handler saturation, log size) rather than every MBean: a broker has thousands
 * of MBeans and exporting them all multiplies scrape time and series count for nothing.
 *
 * Each pattern is matched against `domain<key=value, ...><>attribute`; the first matching rule wins.
 * Counters end in `_total` so the exposition format does not rename them.
 */

interface Rule {
    pattern: string;
    name: string;
    type: "GAUGE" | "COUNTER";
    labels?: Record<string, string>;
}

interface ExporterConfig {
    lowercaseOutputName: boolean;
    lowercaseOutputLabelNames: boolean;
    rules: Rule[];
}

const PARTITION_HEALTH = "UnderReplicatedPartitions|UnderMinIsrPartitionCount|AtMinIsrPartitionCount|OfflineReplicaCount|PartitionCount|LeaderCount";
const TOPIC_RATES =
    "MessagesInPerSec|BytesInPerSec|BytesOutPerSec|BytesRejectedPerSec|FailedProduceRequestsPerSec|FailedFetchRequestsPerSec|TotalProduceRequestsPerSec|TotalFetchRequestsPerSec";
const CONTROLLER_GAUGES =
    "ActiveControllerCount|OfflinePartitionsCount|GlobalPartitionCount|GlobalTopicCount|ActiveBrokerCount|FencedBrokerCount|PreferredReplicaImbalanceCount";
const RAFT_GAUGES = "current-leader|current-epoch|high-watermark|log-end-offset|commit-latency-avg|commit-latency-max|number-unknown-voter-connections";

export const KAFKA_EXPORTER_CONFIG: ExporterConfig = {
    lowercaseOutputName: true,
    lowercaseOutputLabelNames: true,
    rules: [
        { pattern: `kafka.server<type=ReplicaManager, name=(${PARTITION_HEALTH})><>Value`, name: "kafka_server_replicamanager_$1", type: "GAUGE" },
        { pattern: "kafka.server<type=ReplicaManager, name=(IsrShrinksPerSec|IsrExpandsPerSec)><>Count", name: "kafka_server_replicamanager_$1_total", type: "COUNTER" },
        { pattern: "kafka.server<type=KafkaServer, name=BrokerState><>Value", name: "kafka_server_kafkaserver_brokerstate", type: "GAUGE" },
        {
            pattern: "kafka.server<type=ReplicaFetcherManager, name=MaxLag, clientId=(.+)><>Value",
            name: "kafka_server_replicafetchermanager_maxlag",
            type: "GAUGE",
            labels: { clientId: "$1" },
        },
        {
            pattern: `kafka.server<type=BrokerTopicMetrics, name=(${TOPIC_RATES}), topic=(.+)><>Count`,
            name: "kafka_server_brokertopicmetrics_$1_total",
            type: "COUNTER",
            labels: { topic: "$2" },
        },
        {
            pattern: `kafka.server<type=BrokerTopicMetrics, name=(${TOPIC_RATES}|ReplicationBytesInPerSec|ReplicationBytesOutPerSec)><>Count`,
            name: "kafka_server_brokertopicmetrics_$1_total",
            type: "COUNTER",
        },
        {
            pattern: "kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate",
            name: "kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent",
            type: "GAUGE",
        },
        {
            pattern: "kafka.server<type=socket-server-metrics, listener=(.+), networkProcessor=(.+)><>connection-count",
            name: "kafka_server_socketservermetrics_connection_count",
            type: "GAUGE",
            labels: { listener: "$1", networkProcessor: "$2" },
        },
        { pattern: `kafka.server<type=raft-metrics><>(${RAFT_GAUGES})`, name: "kafka_server_raftmetrics_$1", type: "GAUGE" },
        { pattern: "kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value", name: "kafka_network_socketserver_networkprocessoravgidlepercent", type: "GAUGE" },
        {
            pattern: "kafka.network<type=RequestMetrics, name=RequestsPerSec, request=(.+), version=(.+)><>Count",
            name: "kafka_network_requestmetrics_requests_total",
            type: "COUNTER",
            labels: { request: "$1", version: "$2" },
        },
        {
            pattern: "kafka.network<type=RequestMetrics, name=TotalTimeMs, request=(Produce|FetchConsumer|FetchFollower)><>(50|99|999)thPercentile",
            name: "kafka_network_requestmetrics_totaltimems",
            type: "GAUGE",
            labels: { request: "$1", quantile: "0.$2" },
        },
        { pattern: `kafka.controller<type=KafkaController, name=(${CONTROLLER_GAUGES})><>Value`, name: "kafka_controller_kafkacontroller_$1", type: "GAUGE" },
        {
            pattern: "kafka.controller<type=ControllerStats, name=(UncleanLeaderElectionsPerSec|LeaderElectionRateAndTimeMs)><>Count",
            name: "kafka_controller_controllerstats_$1_total",
            type: "COUNTER",
        },
        {
            pattern: "kafka.log<type=Log, name=Size, topic=(.+), partition=(.+)><>Value",
            name: "kafka_log_log_size_bytes",
            type: "GAUGE",
            labels: { topic: "$1", partition: "$2" },
        },
        { pattern: "kafka.log<type=LogFlushStats, name=LogFlushRateAndTimeMs><>Count", name: "kafka_log_logflushstats_logflushes_total", type: "COUNTER" },
        // A JBOD volume that failed: the broker keeps running without the partitions on it.
        { pattern: "kafka.log<type=LogManager, name=OfflineLogDirectoryCount><>Value", name: "kafka_log_logmanager_offlinelogdirectorycount", type: "GAUGE" },
        // Quota beans carry `user` alone for the per-user quotas KafkaUsers set, with `client-id` only for client-level quotas.
        {
            pattern: "kafka.server<type=(Produce|Fetch|Request), user=([^,>]+)(?:, client-id=[^,>]+)?><>throttle-time",
            name: "kafka_server_quota_throttle_time",
            type: "GAUGE",
            labels: { quota: "$1", user: "$2" },
        },
        {
            pattern: "kafka.server<type=(Produce|Fetch), user=([^,>]+)(?:, client-id=[^,>]+)?><>byte-rate",
            name: "kafka_server_quota_byte_rate",
            type: "GAUGE",
            labels: { quota: "$1", user: "$2" },
        },
    ],
};

export const CRUISE_CONTROL_EXPORTER_CONFIG: ExporterConfig = {
    lowercaseOutputName: true,
    lowercaseOutputLabelNames: true,
    rules: [
        { pattern: "kafka.cruisecontrol<name=(.+)><>Value", name: "kafka_cruisecontrol_$1", type: "GAUGE" },
        { pattern: "kafka.cruisecontrol<name=(.+)><>Count", name: "kafka_cruisecontrol_$1_total", type: "COUNTER" },
    ],
};

export function exporterYaml(config: ExporterConfig): string {
    return stringify(config, { lineWidth: 0 });
}
