import { strict as assert } from "assert";
import { AlertTargets, renderAlertRules } from "../../components/observability/alerts";
import { validateMonitoringObject } from "./models";
import { metricNamesIn, parseErrors } from "./promqlNames";
import { EXPORTED_METRICS } from "../../components/observability/exportedMetrics";
import { firingAlerts, Labels, Series, series } from "./promql";

const TARGETS: AlertTargets = {
    namespace: "monitoring",
    selectorLabels: {},
    kafka: { name: "events", namespace: "kafka", brokerReplicas: 3 },
    operatorNamespace: "strimzi",
    connectName: "archive",
    consumerLagRecords: 1000,
    drainCleanerNamespace: "strimzi-drain-cleaner",
};
const rules = renderAlertRules(TARGETS);
const all = rules.spec.groups.flatMap((g) => g.rules);
const byName = (alert: string) => {
    const r = all.find((x) => x.alert === alert);
    if (!r) throw new Error(`no alert ${alert}`);
    return r;
};

/** Evaluation time: 200 one-minute steps after the first sample. */
const T = 200 * 60;
const GIB = 2 ** 30;
const broker = (pod: string) => ({ namespace: "kafka", strimzi_io_cluster: "events", pod });
const B0 = broker("events-broker-0");
const C0 = broker("events-controller-3");

interface Case {
    fires: Series[];
    expect: Labels[];
    quiet: Series[];
}

/** For each alert: series that fire it (with the exact alert labels) and series that must not. */
const CASES: Record<string, Case> = {
    KafkaOfflinePartitions: {
        fires: [series("kafka_controller_kafkacontroller_offlinepartitionscount", C0, "0x10 2x190")],
        expect: [{ namespace: "kafka", strimzi_io_cluster: "events" }],
        quiet: [series("kafka_controller_kafkacontroller_offlinepartitionscount", C0, "0x200")],
    },
    KafkaUnderMinIsrPartitions: {
        fires: [series("kafka_server_replicamanager_underminisrpartitioncount", B0, "1x200"), series("kafka_server_replicamanager_underminisrpartitioncount", broker("events-broker-1"), "0x200")],
        expect: [{ namespace: "kafka", strimzi_io_cluster: "events" }],
        quiet: [series("kafka_server_replicamanager_underminisrpartitioncount", B0, "0x200")],
    },
    KafkaUnderReplicatedPartitions: {
        fires: [series("kafka_server_replicamanager_underreplicatedpartitions", B0, "0x100 3x100")],
        expect: [{ namespace: "kafka", strimzi_io_cluster: "events" }],
        // Nine minutes of under-replication (a broker restarting) stay below the 10-minute hold.
        quiet: [series("kafka_server_replicamanager_underreplicatedpartitions", B0, "0x190 3x9")],
    },
    KafkaActiveControllerCount: {
        fires: [series("kafka_controller_kafkacontroller_activecontrollercount", C0, "1x200"), series("kafka_controller_kafkacontroller_activecontrollercount", broker("events-controller-4"), "1x200")],
        expect: [{ namespace: "kafka", strimzi_io_cluster: "events" }],
        quiet: [series("kafka_controller_kafkacontroller_activecontrollercount", C0, "1x200"), series("kafka_controller_kafkacontroller_activecontrollercount", broker("events-controller-4"), "0x200")],
    },
    KafkaControllersUnreachable: {
        fires: [series("kafka_controller_kafkacontroller_activecontrollercount", { ...C0, strimzi_io_cluster: "other" }, "1x200")],
        expect: [{ namespace: "kafka", strimzi_io_cluster: "events" }],
        quiet: [series("kafka_controller_kafkacontroller_activecontrollercount", C0, "1x200")],
    },
    KafkaQuorumLeaderUnknown: {
        fires: [series("kafka_server_raftmetrics_current_leader", B0, "3x100 -1x100")],
        expect: [{ ...B0 }],
        quiet: [series("kafka_server_raftmetrics_current_leader", B0, "3x200")],
    },
    KafkaQuorumVoterUnreachable: {
        fires: [series("kafka_server_raftmetrics_number_unknown_voter_connections", C0, "1x200")],
        expect: [{ ...C0 }],
        quiet: [series("kafka_server_raftmetrics_number_unknown_voter_connections", C0, "0x200")],
    },
    KafkaBrokerDown: {
        fires: [series("kafka_controller_kafkacontroller_activebrokercount", C0, "3x100 2x100")],
        expect: [{ namespace: "kafka", strimzi_io_cluster: "events" }],
        quiet: [series("kafka_controller_kafkacontroller_activebrokercount", C0, "3x200")],
    },
    KafkaOfflineLogDirectory: {
        fires: [series("kafka_log_logmanager_offlinelogdirectorycount", B0, "0x100 1x100")],
        expect: [{ ...B0 }],
        quiet: [series("kafka_log_logmanager_offlinelogdirectorycount", B0, "0x200")],
    },
    KafkaVolumeAlmostFull: {
        fires: [
            series("kubelet_volume_stats_available_bytes", { namespace: "kafka", persistentvolumeclaim: "data-0-events-broker-0" }, `${10 * GIB}x200`),
            series("kubelet_volume_stats_capacity_bytes", { namespace: "kafka", persistentvolumeclaim: "data-0-events-broker-0" }, `${100 * GIB}x200`),
        ],
        expect: [{ namespace: "kafka", persistentvolumeclaim: "data-0-events-broker-0" }],
        quiet: [
            series("kubelet_volume_stats_available_bytes", { namespace: "kafka", persistentvolumeclaim: "data-0-events-broker-0" }, `${50 * GIB}x200`),
            series("kubelet_volume_stats_capacity_bytes", { namespace: "kafka", persistentvolumeclaim: "data-0-events-broker-0" }, `${100 * GIB}x200`),
            // Not a volume of this Kafka cluster.
            series("kubelet_volume_stats_available_bytes", { namespace: "kafka", persistentvolumeclaim: "data-object-store-0" }, `${1 * GIB}x200`),
            series("kubelet_volume_stats_capacity_bytes", { namespace: "kafka", persistentvolumeclaim: "data-object-store-0" }, `${100 * GIB}x200`),
        ],
    },
    KafkaVolumeFullIn24Hours: {
        // 500 GiB free, losing 0.5 GiB a minute (720 a day); then 0.1 GiB a minute (144 a day).
        fires: [series("kubelet_volume_stats_available_bytes", { namespace: "kafka", persistentvolumeclaim: "data-events-controller-3" }, `${500 * GIB}-${GIB / 2}x200`)],
        expect: [{ namespace: "kafka", persistentvolumeclaim: "data-events-controller-3" }],
        quiet: [series("kubelet_volume_stats_available_bytes", { namespace: "kafka", persistentvolumeclaim: "data-events-controller-3" }, `${500 * GIB}-${GIB / 10}x200`)],
    },
    KafkaProduceLatencyHigh: {
        fires: [series("kafka_network_requestmetrics_totaltimems", { ...B0, request: "Produce", quantile: "0.99" }, "1500x200")],
        expect: [{ ...B0 }],
        quiet: [
            series("kafka_network_requestmetrics_totaltimems", { ...B0, request: "Produce", quantile: "0.99" }, "200x200"),
            // Consumer fetches wait up to fetch.max.wait.ms by design.
            series("kafka_network_requestmetrics_totaltimems", { ...B0, request: "FetchConsumer", quantile: "0.99" }, "1500x200"),
        ],
    },
    KafkaRequestHandlersSaturated: {
        fires: [series("kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent", B0, "0.1x200")],
        expect: [{ ...B0 }],
        quiet: [series("kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent", B0, "0.5x200")],
    },
    KafkaNetworkProcessorsSaturated: {
        fires: [series("kafka_network_socketserver_networkprocessoravgidlepercent", B0, "0.1x200")],
        expect: [{ ...B0 }],
        quiet: [series("kafka_network_socketserver_networkprocessoravgidlepercent", B0, "0.5x200")],
    },
    StrimziReconciliationFailing: {
        fires: [series("strimzi_reconciliations_failed_total", { namespace: "strimzi", kind: "Kafka" }, "0+1x200")],
        expect: [{ namespace: "strimzi", kind: "Kafka" }],
        // Failures long ago, none in the last 15 minutes.
        quiet: [series("strimzi_reconciliations_failed_total", { namespace: "strimzi", kind: "Kafka" }, "0+1x50 50x150")],
    },
    StrimziCertificateExpiring: {
        fires: [series("strimzi_certificate_expiration_timestamp_ms", { namespace: "strimzi", cluster: "events", type: "cluster-ca", resource_namespace: "kafka" }, `${(T + 10 * 86400) * 1000}x200`)],
        expect: [{ cluster: "events", type: "cluster-ca", resource_namespace: "kafka" }],
        quiet: [series("strimzi_certificate_expiration_timestamp_ms", { namespace: "strimzi", cluster: "events", type: "cluster-ca", resource_namespace: "kafka" }, `${(T + 60 * 86400) * 1000}x200`)],
    },
    StrimziDrainCleanerUnavailable: {
        fires: [series("kube_deployment_status_replicas_available", { namespace: "strimzi-drain-cleaner", deployment: "strimzi-drain-cleaner" }, "1x100 0x100")],
        expect: [{ namespace: "strimzi-drain-cleaner", deployment: "strimzi-drain-cleaner" }],
        quiet: [series("kube_deployment_status_replicas_available", { namespace: "strimzi-drain-cleaner", deployment: "strimzi-drain-cleaner" }, "1x200")],
    },
    KafkaConsumerLagGrowing: {
        fires: [
            series("kafka_consumergroup_lag_sum", { namespace: "kafka", consumergroup: "payments.ledger-writer", topic: "payments.orders" }, "0+50x200"),
            series("kafka_consumergroup_lag_sum", { namespace: "kafka", consumergroup: "connect-archive-parquet-payments", topic: "payments.orders" }, "0+20x200"),
        ],
        expect: [
            { namespace: "kafka", consumergroup: "payments.ledger-writer", topic: "payments.orders", team: "payments" },
            { namespace: "kafka", consumergroup: "connect-archive-parquet-payments", topic: "payments.orders", team: "payments" },
        ],
        quiet: [
            // High but steady: the group keeps up.
            series("kafka_consumergroup_lag_sum", { namespace: "kafka", consumergroup: "risk.scoring-1", topic: "payments.orders" }, "5000x200"),
            // Growing but small.
            series("kafka_consumergroup_lag_sum", { namespace: "kafka", consumergroup: "risk.scoring-2", topic: "payments.orders" }, "0+1x200"),
        ],
    },
    KafkaDeadLetterRecords: {
        fires: [series("kafka_topic_partition_current_offset", { namespace: "kafka", topic: "archive-jsonl-payments-dlq", partition: "0" }, "0x190 1+1x9")],
        expect: [{ namespace: "kafka", topic: "archive-jsonl-payments-dlq", team: "payments" }],
        quiet: [
            series("kafka_topic_partition_current_offset", { namespace: "kafka", topic: "archive-jsonl-payments-dlq", partition: "0" }, "7x200"),
            // An ordinary topic receiving records is not a dead-letter topic.
            series("kafka_topic_partition_current_offset", { namespace: "kafka", topic: "payments.orders", partition: "0" }, "0+100x200"),
        ],
    },
    KafkaConnectorNotRunning: {
        fires: [series("kafka_connect_connector_metrics_status_info", { namespace: "kafka", connector: "archive-jsonl-payments", status: "failed" }, "1x200")],
        expect: [{ namespace: "kafka", connector: "archive-jsonl-payments", status: "failed", team: "payments" }],
        quiet: [series("kafka_connect_connector_metrics_status_info", { namespace: "kafka", connector: "archive-jsonl-payments", status: "running" }, "1x200")],
    },
    KafkaConnectorTaskNotRunning: {
        fires: [series("kafka_connect_connector_task_metrics_status_info", { namespace: "kafka", connector: "archive-parquet-risk", task: "0", status: "failed" }, "1x200")],
        expect: [{ namespace: "kafka", connector: "archive-parquet-risk", task: "0", status: "failed", team: "risk" }],
        quiet: [series("kafka_connect_connector_task_metrics_status_info", { namespace: "kafka", connector: "archive-parquet-risk", task: "0", status: "running" }, "1x200")],
    },
    KafkaQuotaThrottling: {
        fires: [series("kafka_server_quota_throttle_time", { ...B0, quota: "Produce", user: "CN%3Dpayments.checkout" }, "250x200")],
        expect: [{ namespace: "kafka", quota: "Produce", user: "CN%3Dpayments.checkout", team: "payments" }],
        quiet: [series("kafka_server_quota_throttle_time", { ...B0, quota: "Produce", user: "CN%3Dpayments.checkout" }, "0x200")],
    },
};

const sortLabels = (ls: Labels[]) => ls.map((l) => JSON.stringify(Object.fromEntries(Object.entries(l).sort()))).sort();

describe("alert rules", () => {
    it("watch Drain Cleaner only where the stack runs it", () => {
        const { drainCleanerNamespace: _none, ...local } = TARGETS;
        const names = renderAlertRules(local).spec.groups.flatMap((g) => g.rules.map((r) => r.alert));
        assert.equal(names.includes("StrimziDrainCleanerUnavailable"), false);
        assert.equal(names.length, all.length - 1);
    });

    it("are one PrometheusRule that validates against prometheus-operator's schema", async () => {
        await validateMonitoringObject(rules);
    });

    it("parse with Prometheus's own PromQL grammar", () => {
        for (const r of all) {
            assert.deepEqual(parseErrors(r.expr), [], r.alert);
        }
    });

    it("read only metrics the platform exports", () => {
        for (const r of all) {
            const names = metricNamesIn(r.expr);
            assert.ok(names.length > 0, r.alert);
            assert.deepEqual(names.filter((n) => !EXPORTED_METRICS.has(n)), [], r.alert);
        }
    });

    it("each have a severity, a summary, a description and a runbook section", () => {
        for (const r of all) {
            assert.ok(["critical", "warning"].includes(r.labels.severity), r.alert);
            assert.ok(r.annotations.summary && r.annotations.description, r.alert);
            assert.equal(r.annotations.runbook_url, `docs/observability.md#${r.alert.toLowerCase()}`);
        }
    });

    it("each have a firing and a quiet case below", () => {
        assert.deepEqual(all.map((r) => r.alert).sort(), Object.keys(CASES).sort());
    });

    for (const [alert, c] of Object.entries(CASES)) {
        describe(alert, () => {
            it("fires on its series, with exactly these labels", () => {
                assert.deepEqual(sortLabels(firingAlerts(byName(alert), c.fires, T)), sortLabels(c.expect));
            });
            it("stays quiet on the other series", () => {
                assert.deepEqual(firingAlerts(byName(alert), c.quiet, T), []);
            });
        });
    }
});
