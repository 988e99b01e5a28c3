import { strict as assert } from "assert";
import { CONNECT_METRICS_ALLOW_LIST } from "../../components/archive/connectMetrics";
import { EXPORTED_METRICS, jmxExporterNames, KAFKA_CONNECT_METRICS, KAFKA_JMX_METRICS } from "../../components/observability/exportedMetrics";
import { metricNamesIn } from "./promqlNames";

describe("exported metric names", () => {
    it("are, for the brokers and controllers, exactly what our JMX Exporter rules produce", () => {
        assert.deepEqual([...KAFKA_JMX_METRICS].sort(), [
            "kafka_controller_controllerstats_leaderelectionrateandtimems_total",
            "kafka_controller_controllerstats_uncleanleaderelectionspersec_total",
            "kafka_controller_kafkacontroller_activebrokercount",
            "kafka_controller_kafkacontroller_activecontrollercount",
            "kafka_controller_kafkacontroller_fencedbrokercount",
            "kafka_controller_kafkacontroller_globalpartitioncount",
            "kafka_controller_kafkacontroller_globaltopiccount",
            "kafka_controller_kafkacontroller_offlinepartitionscount",
            "kafka_controller_kafkacontroller_preferredreplicaimbalancecount",
            "kafka_log_log_size_bytes",
            "kafka_log_logflushstats_logflushes_total",
            "kafka_log_logmanager_offlinelogdirectorycount",
            "kafka_network_requestmetrics_requests_total",
            "kafka_network_requestmetrics_totaltimems",
            "kafka_network_socketserver_networkprocessoravgidlepercent",
            "kafka_server_brokertopicmetrics_bytesinpersec_total",
            "kafka_server_brokertopicmetrics_bytesoutpersec_total",
            "kafka_server_brokertopicmetrics_bytesrejectedpersec_total",
            "kafka_server_brokertopicmetrics_failedfetchrequestspersec_total",
            "kafka_server_brokertopicmetrics_failedproducerequestspersec_total",
            "kafka_server_brokertopicmetrics_messagesinpersec_total",
            "kafka_server_brokertopicmetrics_replicationbytesinpersec_total",
            "kafka_server_brokertopicmetrics_replicationbytesoutpersec_total",
            "kafka_server_brokertopicmetrics_totalfetchrequestspersec_total",
            "kafka_server_brokertopicmetrics_totalproducerequestspersec_total",
            "kafka_server_kafkarequesthandlerpool_requesthandleravgidlepercent",
            "kafka_server_kafkaserver_brokerstate",
            "kafka_server_quota_byte_rate",
            "kafka_server_quota_throttle_time",
            "kafka_server_raftmetrics_commit_latency_avg",
            "kafka_server_raftmetrics_commit_latency_max",
            "kafka_server_raftmetrics_current_epoch",
            "kafka_server_raftmetrics_current_leader",
            "kafka_server_raftmetrics_high_watermark",
            "kafka_server_raftmetrics_log_end_offset",
            "kafka_server_raftmetrics_number_unknown_voter_connections",
            "kafka_server_replicafetchermanager_maxlag",
            "kafka_server_replicamanager_atminisrpartitioncount",
            "kafka_server_replicamanager_isrexpandspersec_total",
            "kafka_server_replicamanager_isrshrinkspersec_total",
            "kafka_server_replicamanager_leadercount",
            "kafka_server_replicamanager_offlinereplicacount",
            "kafka_server_replicamanager_partitioncount",
            "kafka_server_replicamanager_underminisrpartitioncount",
            "kafka_server_replicamanager_underreplicatedpartitions",
            "kafka_server_socketservermetrics_connection_count",
        ]);
    });

    it("expand a rule's literal alternatives and leave out names from open patterns", () => {
        assert.deepEqual(
            jmxExporterNames({
                lowercaseOutputName: true,
                rules: [
                    { pattern: "a<type=(?:X|Y), name=(One|Two-Three)><>Value", name: "kafka_a_$1" },
                    { pattern: "b<name=(.+)><>Value", name: "kafka_b_$1" },
                ],
            }),
            ["kafka_a_one", "kafka_a_two_three"],
        );
    });

    it("for Kafka Connect, are inside the allow list its metrics reporter is given", () => {
        const allowed = (name: string) => CONNECT_METRICS_ALLOW_LIST.some((re) => new RegExp(`^(?:${re})$`).test(name.replace(/_info$/, "")));
        assert.deepEqual(KAFKA_CONNECT_METRICS.filter((n) => !allowed(n)), []);
        assert.equal(allowed("kafka_connect_sink_task_metrics_sink_record_read_total"), true);
        assert.equal(allowed("kafka_connect_source_task_metrics_source_record_poll_total"), false);
    });

    it("catch a misspelt metric name in an expression", () => {
        const typo = "sum(kafka_server_replicamanager_underreplicatedpartition) > 0";
        assert.deepEqual(metricNamesIn(typo).filter((n) => !EXPORTED_METRICS.has(n)), ["kafka_server_replicamanager_underreplicatedpartition"]);
    });
});
