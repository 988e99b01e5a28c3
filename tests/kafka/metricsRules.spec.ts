import { strict as assert } from "assert";
import { parse } from "yaml";
import { CRUISE_CONTROL_EXPORTER_CONFIG, exporterYaml, KAFKA_EXPORTER_CONFIG } from "../../components/kafka/metricsRules";

interface Rule {
    pattern: string;
    name: string;
    type: string;
    labels?: Record<string, string>;
}

/**
 * What the Prometheus JMX Exporter does with one MBean attribute: it wraps each pattern as
 * `^.*(?:pattern).*$`, takes the first rule that matches, substitutes the groups, lower-cases the
 * name and label names, and turns each run of characters Prometheus does not allow in a name into
 * one `_`. Reads the YAML the ConfigMap carries, not the TypeScript objects.
 */
function exported(yamlText: string, bean: string): { name: string; type: string; labels: Record<string, string> } | undefined {
    const config = parse(yamlText) as { lowercaseOutputName: boolean; lowercaseOutputLabelNames: boolean; rules: Rule[] };
    for (const rule of config.rules) {
        const m = new RegExp(`^.*(?:${rule.pattern}).*$`).exec(bean);
        if (m) {
            const fill = (s: string) => s.replace(/\$(\d)/g, (_, i: string) => m[Number(i)]);
            const name = fill(rule.name);
            const labels = Object.fromEntries(Object.entries(rule.labels ?? {}).map(([k, v]) => [config.lowercaseOutputLabelNames ? k.toLowerCase() : k, fill(v)]));
            const safe = (config.lowercaseOutputName ? name.toLowerCase() : name).replace(/[^a-zA-Z0-9:_]+/g, "_").replace(/_+/g, "_");
            return { name: safe, type: rule.type, labels };
        }
    }
    return undefined;
}

const kafka = exporterYaml(KAFKA_EXPORTER_CONFIG);
const cruiseControl = exporterYaml(CRUISE_CONTROL_EXPORTER_CONFIG);

describe("JMX exporter rules", () => {
    const cases: [bean: string, name: string, type: string, labels: Record<string, string>][] = [
        ["kafka.server<type=ReplicaManager, name=UnderReplicatedPartitions><>Value", "kafka_server_replicamanager_underreplicatedpartitions", "GAUGE", {}],
        ["kafka.server<type=ReplicaManager, name=UnderMinIsrPartitionCount><>Value", "kafka_server_replicamanager_underminisrpartitioncount", "GAUGE", {}],
        ["kafka.server<type=ReplicaManager, name=IsrShrinksPerSec><>Count", "kafka_server_replicamanager_isrshrinkspersec_total", "COUNTER", {}],
        ["kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec, topic=payments.orders><>Count", "kafka_server_brokertopicmetrics_bytesinpersec_total", "COUNTER", { topic: "payments.orders" }],
        ["kafka.server<type=BrokerTopicMetrics, name=BytesInPerSec><>Count", "kafka_server_brokertopicmetrics_bytesinpersec_total", "COUNTER", {}],
        ["kafka.server<type=BrokerTopicMetrics, name=ReplicationBytesInPerSec><>Count", "kafka_server_brokertopicmetrics_replicationbytesinpersec_total", "COUNTER", {}],
        ["kafka.server<type=ReplicaFetcherManager, name=MaxLag, clientId=Replica><>Value", "kafka_server_replicafetchermanager_maxlag", "GAUGE", { clientid: "Replica" }],
        ["kafka.server<type=socket-server-metrics, listener=TLS-9093, networkProcessor=3><>connection-count", "kafka_server_socketservermetrics_connection_count", "GAUGE", { listener: "TLS-9093", networkprocessor: "3" }],
        ["kafka.server<type=raft-metrics><>high-watermark", "kafka_server_raftmetrics_high_watermark", "GAUGE", {}],
        ["kafka.controller<type=KafkaController, name=ActiveControllerCount><>Value", "kafka_controller_kafkacontroller_activecontrollercount", "GAUGE", {}],
        ["kafka.controller<type=KafkaController, name=OfflinePartitionsCount><>Value", "kafka_controller_kafkacontroller_offlinepartitionscount", "GAUGE", {}],
        ["kafka.controller<type=ControllerStats, name=UncleanLeaderElectionsPerSec><>Count", "kafka_controller_controllerstats_uncleanleaderelectionspersec_total", "COUNTER", {}],
        ["kafka.network<type=RequestMetrics, name=TotalTimeMs, request=Produce><>99thPercentile", "kafka_network_requestmetrics_totaltimems", "GAUGE", { request: "Produce", quantile: "0.99" }],
        ["kafka.network<type=RequestMetrics, name=TotalTimeMs, request=FetchConsumer><>999thPercentile", "kafka_network_requestmetrics_totaltimems", "GAUGE", { request: "FetchConsumer", quantile: "0.999" }],
        ["kafka.network<type=RequestMetrics, name=RequestsPerSec, request=Metadata, version=12><>Count", "kafka_network_requestmetrics_requests_total", "COUNTER", { request: "Metadata", version: "12" }],
        ["kafka.network<type=SocketServer, name=NetworkProcessorAvgIdlePercent><>Value", "kafka_network_socketserver_networkprocessoravgidlepercent", "GAUGE", {}],
        ["kafka.server<type=KafkaRequestHandlerPool, name=RequestHandlerAvgIdlePercent><>OneMinuteRate", "kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent", "GAUGE", {}],
        ["kafka.log<type=Log, name=Size, topic=payments.orders, partition=7><>Value", "kafka_log_log_size_bytes", "GAUGE", { topic: "payments.orders", partition: "7" }],
        ["kafka.log<type=LogManager, name=OfflineLogDirectoryCount><>Value", "kafka_log_logmanager_offlinelogdirectorycount", "GAUGE", {}],
        ["kafka.server<type=raft-metrics><>number-unknown-voter-connections", "kafka_server_raftmetrics_number_unknown_voter_connections", "GAUGE", {}],
        ["kafka.server<type=Produce, user=CN%3Dpayments.checkout><>throttle-time", "kafka_server_quota_throttle_time", "GAUGE", { quota: "Produce", user: "CN%3Dpayments.checkout" }],
        ["kafka.server<type=Fetch, user=risk.scoring, client-id=scorer-1><>throttle-time", "kafka_server_quota_throttle_time", "GAUGE", { quota: "Fetch", user: "risk.scoring" }],
        ["kafka.server<type=Request, user=risk.scoring><>throttle-time", "kafka_server_quota_throttle_time", "GAUGE", { quota: "Request", user: "risk.scoring" }],
        ["kafka.server<type=Produce, user=CN%3Dpayments.checkout><>byte-rate", "kafka_server_quota_byte_rate", "GAUGE", { quota: "Produce", user: "CN%3Dpayments.checkout" }],
    ];
    for (const [bean, name, type, labels] of cases) {
        it(`exports ${bean}`, () => {
            assert.deepEqual(exported(kafka, bean), { name, type, labels });
        });
    }

    it("leaves MBeans the dashboards do not read unexported", () => {
        assert.equal(exported(kafka, "kafka.server<type=FetcherStats, name=BytesPerSec, clientId=ReplicaFetcherThread-0-1, brokerId=1><>Count"), undefined);
        assert.equal(exported(kafka, "kafka.network<type=RequestMetrics, name=TotalTimeMs, request=Metadata><>99thPercentile"), undefined);
        assert.equal(exported(kafka, "kafka.network<type=RequestMetrics, name=TotalTimeMs, request=Produce><>75thPercentile"), undefined);
    });

    it("exports Cruise Control's gauges and counters", () => {
        assert.deepEqual(exported(cruiseControl, "kafka.cruisecontrol<name=AnomalyDetector.balancedness-score><>Value"), {
            name: "kafka_cruisecontrol_anomalydetector_balancedness_score",
            type: "GAUGE",
            labels: {},
        });
        assert.deepEqual(exported(cruiseControl, "kafka.cruisecontrol<name=KafkaCruiseControlServlet.rebalance-request-rate><>Count"), {
            name: "kafka_cruisecontrol_kafkacruisecontrolservlet_rebalance_request_rate_total",
            type: "COUNTER",
            labels: {},
        });
    });
});
