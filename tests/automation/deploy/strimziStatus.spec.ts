import { strict as assert } from "assert";
import { notReadyStrimziResources, renderNotReady } from "../../../automation/deploy/strimziStatus";
import {
    CONNECT_BUILD_FAILED,
    CONNECT_NO_STATUS,
    CONNECTOR_TASK_FAILED,
    DLQ_TOPIC_UNWAITED,
    exported,
    KAFKA_READY,
    NODE_POOL,
    SECRET_VALUE,
    TOPIC_REFUSED,
    USER_STALE,
    WITH_SECRETS,
} from "./strimziStates";

function report(...resources: Parameters<typeof exported>[0]): string[] {
    return renderNotReady(notReadyStrimziResources(exported(resources)));
}

describe("the Strimzi status report of a stack's state", () => {
    it("names a KafkaConnect whose image build failed, with Strimzi's NotReady condition", () => {
        assert.deepEqual(report(CONNECT_BUILD_FAILED), [
            "KafkaConnect kafka/archive",
            "  NotReady (NoStackTraceThrowable, 2026-11-29T18:55:02.117Z): The Kafka Connect build failed",
        ]);
    });

    it("names a KafkaConnector whose task failed, with Connect's state and the trace's first and Caused by lines", () => {
        assert.deepEqual(report(CONNECTOR_TASK_FAILED), [
            "KafkaConnector kafka/archive-jsonl-payments",
            "  NotReady (Throwable, 2026-11-29T19:01:40.532Z): The following tasks have failed: 0, see connectorStatus for more details.",
            "  connector RUNNING on archive-connect-0.archive-connect.kafka.svc:8083",
            "  task 0 FAILED on archive-connect-1.archive-connect.kafka.svc:8083",
            "    org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.",
            "    Caused by: org.apache.kafka.connect.errors.ConnectException: Failed to write records to S3",
            "    Caused by: software.amazon.awssdk.services.s3.model.S3Exception: Access Denied (Service: S3, Status Code: 403)",
        ]);
    });

    it("leaves out what is Ready and what the state says nothing about: a Ready Kafka with a warning, node pools, an unwaited topic without status", () => {
        assert.deepEqual(report(KAFKA_READY, NODE_POOL, DLQ_TOPIC_UNWAITED), []);
        assert.deepEqual(
            report(KAFKA_READY, CONNECT_BUILD_FAILED, NODE_POOL, CONNECTOR_TASK_FAILED).filter((l) => !l.startsWith(" ")),
            ["KafkaConnect kafka/archive", "KafkaConnector kafka/archive-jsonl-payments"],
            "in the state's order, one heading per resource",
        );
    });

    it("reports a Topic Operator refusal, a Ready status of an earlier generation, and a waited-for resource without status", () => {
        assert.deepEqual(report(TOPIC_REFUSED, USER_STALE, CONNECT_NO_STATUS), [
            "KafkaTopic kafka/payments.orders",
            "  Ready=False (NotSupported, 2026-11-29T19:05:00.000Z): Decreasing partitions not supported",
            "KafkaUser kafka/payments.checkout",
            "  Ready, but for generation 4: the operator has not finished generation 5",
            "KafkaConnect kafka/archive",
            "  no status: the operator has not reported on it",
        ]);
    });

    it("marks a NotReady status of an earlier generation as such", () => {
        const outputs = CONNECT_BUILD_FAILED.outputs as { metadata: object; status: object };
        const older = { ...CONNECT_BUILD_FAILED, outputs: { ...outputs, metadata: { ...outputs.metadata, generation: 3 } } };
        assert.deepEqual(report(older), [
            "KafkaConnect kafka/archive",
            "  NotReady (NoStackTraceThrowable, 2026-11-29T18:55:02.117Z): The Kafka Connect build failed",
            "  (this status is for generation 2; the resource is at generation 3)",
        ]);
    });

    it("never prints a secret: secret fields read as [secret], a secret status is not shown, other outputs are not read", () => {
        const lines = report(...WITH_SECRETS);
        assert.deepEqual(lines, [
            "KafkaConnector kafka/archive-parquet-payments",
            "  NotReady (ConnectRestException): [secret]",
            "  connector FAILED on archive-connect-0.archive-connect.kafka.svc:8083",
            "    [secret]",
            "KafkaUser kafka/platform-admin",
            "  status is secret in the stack's state: not shown",
        ]);
        assert.ok(!lines.join("\n").includes(SECRET_VALUE.slice(0, 10)));
    });

    it("indents a multi-line condition message under its condition, and cuts an overlong trace line", () => {
        const outputs = CONNECTOR_TASK_FAILED.outputs as { metadata: object; status: { connectorStatus: object } };
        const connector = {
            ...CONNECTOR_TASK_FAILED,
            outputs: {
                ...outputs,
                status: {
                    // ConnectRestException (KafkaConnectApi.java): "<method> <path> returned <code> (<code>): " and Connect's error message.
                    conditions: [{ type: "NotReady", status: "True", reason: "ConnectRestException", message: "PUT /connectors/archive-jsonl-payments/config returned 400 (400): Connector configuration is invalid and contains the following 1 error(s):\nInvalid value foo for configuration format.output.type" }],
                    observedGeneration: 1,
                    connectorStatus: { connector: { state: "FAILED", worker_id: "w:8083", trace: `java.lang.IllegalStateException: ${"x".repeat(600)}` }, tasks: [] },
                },
            },
        };
        const lines = report(connector);
        assert.deepEqual(lines.slice(0, 4), [
            "KafkaConnector kafka/archive-jsonl-payments",
            "  NotReady (ConnectRestException): PUT /connectors/archive-jsonl-payments/config returned 400 (400): Connector configuration is invalid and contains the following 1 error(s):",
            "    Invalid value foo for configuration format.output.type",
            "  connector FAILED on w:8083",
        ]);
        assert.equal(lines[4], `    java.lang.IllegalStateException: ${"x".repeat(500 - "java.lang.IllegalStateException: ".length)}…`);
        assert.equal(lines.length, 5);
    });

    it("reads Strimzi resources only, and skips old copies waiting for deletion", () => {
        const notStrimzi = { ...CONNECT_BUILD_FAILED, type: "kafka-platform:archive:KafkaConnect", urn: "urn:pulumi:prod::kafka-platform::kafka-platform:archive:KafkaConnect::archive-connect" };
        assert.deepEqual(report(notStrimzi, { ...CONNECT_BUILD_FAILED, delete: true }), []);
        assert.deepEqual(notReadyStrimziResources({}), []);
    });
});
