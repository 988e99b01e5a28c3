/**
 * What Kafka Connect's Strimzi Metrics Reporter exports. A configured allow list replaces Strimzi's
 * default rather than adding to it (Strimzi 1.2.0 StrimziMetricsReporterModel), so this is that
 * default (KafkaConnectCluster DEFAULT_METRICS_ALLOW_LIST) plus the sink tasks' metrics, which the
 * archive dashboard reads for records read and flushes.
 */
export const CONNECT_METRICS_ALLOW_LIST: readonly string[] = [
    "kafka_admin_client_admin_client_metrics_connection_count",
    "kafka_connect_connect_coordinator_metrics.*",
    "kafka_connect_connector_metrics.*",
    "kafka_connect_connector_task_metrics.*",
    "kafka_connect_connect_worker_metrics_.*",
    "kafka_connect_connect_worker_rebalance.*",
    "kafka_connect_task_error_metrics.*",
    "kafka_consumer_consumer_coordinator_metrics.*",
    "kafka_consumer_consumer_fetch_manager_metrics.*",
    "kafka_consumer_consumer_metrics.*",
    "kafka_producer_producer_metrics.*",
    "kafka_producer_producer_node_metrics_incoming_byte",
    "kafka_producer_producer_topic.*",
    "kafka_connect_sink_task_metrics.*",
];
