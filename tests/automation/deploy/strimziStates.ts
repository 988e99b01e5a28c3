import { specialSecretSig, specialSigKey } from "@pulumi/pulumi/runtime/rpc";
import { ExportedResource } from "../../../automation/deploy/strimziStatus";

/**
 * Resources as `pulumi stack export --show-secrets` holds them after a failed `up` of the prod
 * stack: URNs and metadata as the program registers them (npm run plan -- prod), outputs as
 * pulumi-kubernetes checkpoints the live object (provider.go checkpointObject: the object plus
 * `__inputs`), statuses as Strimzi 1.2.0 writes them (sources cited at each one).
 */

const PARENT = "urn:pulumi:prod::kafka-platform::kafka-platform:archive:KafkaConnect$kubernetes:kafka.strimzi.io/v1";

/** A secret as the export holds it with --show-secrets (pulumi sdk/go/common/resource/sig/sig.go; pkg/resource/stack/deployment.go). */
export function secret(value: string): Record<string, string> {
    return { [specialSigKey]: specialSecretSig, plaintext: JSON.stringify(value) };
}

export const SECRET_VALUE = "AKIAEXAMPLE/wJalrXUtnFEMI-not-a-real-key";

/**
 * A KafkaConnect whose Buildah build failed: KafkaConnectAssemblyOperator.createOrUpdate ends with
 * StatusUtils.setStatusConditionAndObservedGeneration(…, cause), which replaces every condition by
 * one `NotReady` with the exception's simple class name as reason; the build's failure is
 * `Future.failedFuture("The Kafka Connect build failed")` (ConnectBuildOperator.java:254), a Vert.x
 * NoStackTraceThrowable (the same reason ConnectorMockTest expects for a failedFuture(String)).
 * ConnectBuilderST asserts the type and message on a real cluster.
 */
export const CONNECT_BUILD_FAILED: ExportedResource = {
    urn: `${PARENT}:KafkaConnect::archive-connect-connect`,
    type: "kubernetes:kafka.strimzi.io/v1:KafkaConnect",
    outputs: {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaConnect",
        metadata: {
            name: "archive",
            namespace: "kafka",
            generation: 2,
            annotations: { "pulumi.com/waitFor": "condition=Ready", "strimzi.io/use-connector-resources": "true" },
        },
        spec: { replicas: 2, bootstrapServers: "events-kafka-bootstrap.kafka.svc:9093" },
        status: {
            conditions: [
                {
                    type: "NotReady",
                    status: "True",
                    lastTransitionTime: "2026-11-29T18:55:02.117Z",
                    reason: "NoStackTraceThrowable",
                    message: "The Kafka Connect build failed",
                },
            ],
            observedGeneration: 2,
            url: "http://archive-connect-api.kafka.svc:8083",
            replicas: 2,
            labelSelector: "strimzi.io/cluster=archive,strimzi.io/name=archive-connect,strimzi.io/kind=KafkaConnect",
        },
        __inputs: { apiVersion: "kafka.strimzi.io/v1", kind: "KafkaConnect" },
    },
};

/** The format of Throwable.printStackTrace, as Connect reports a task's failure; the frames and messages are illustrative. */
const TASK_TRACE = [
    "org.apache.kafka.connect.errors.ConnectException: Exiting WorkerSinkTask due to unrecoverable exception.",
    "\tat org.apache.kafka.connect.runtime.WorkerSinkTask.deliverMessages(WorkerSinkTask.java:636)",
    "\tat org.apache.kafka.connect.runtime.WorkerSinkTask.poll(WorkerSinkTask.java:345)",
    "Caused by: org.apache.kafka.connect.errors.ConnectException: Failed to write records to S3",
    "\tat io.aiven.kafka.connect.s3.S3SinkTask.flush(S3SinkTask.java:172)",
    "\t... 12 more",
    "Caused by: software.amazon.awssdk.services.s3.model.S3Exception: Access Denied (Service: S3, Status Code: 403)",
    "\t... 14 more",
].join("\n");

/**
 * A KafkaConnector whose task failed: Strimzi copies Connect's `/connectors/<name>/status` into
 * `status.connectorStatus` and, when a task's state is FAILED, sets `NotReady` with reason
 * `Throwable` and "The following tasks have failed: <ids>, see connectorStatus for more details."
 * (KafkaConnectAssemblyOperator.maybeUpdateConnectorStatus, AbstractConnectOperator.failedTaskIds;
 * KafkaConnectorIT.assertConnectorTaskIsNotReady asserts exactly this). The task entry is Kafka's
 * ConnectorStateInfo.TaskState: `id` a number, `trace` the Java stack trace; `worker_id` is the
 * pod's `hostname -f` cut to four labels (kafka_connect_run.sh) and the REST port.
 */
export const CONNECTOR_TASK_FAILED: ExportedResource = {
    urn: `${PARENT}:KafkaConnector::archive-connect-archive-jsonl-payments`,
    type: "kubernetes:kafka.strimzi.io/v1:KafkaConnector",
    outputs: {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaConnector",
        metadata: {
            name: "archive-jsonl-payments",
            namespace: "kafka",
            generation: 1,
            labels: { "kafka-platform.io/team": "payments", "strimzi.io/cluster": "archive" },
            annotations: { "pulumi.com/waitFor": '["condition=Ready","jsonpath={.status.connectorStatus.connector.state}=RUNNING"]' },
        },
        spec: { class: "io.aiven.kafka.connect.s3.AivenKafkaConnectS3SinkConnector", tasksMax: 1 },
        status: {
            conditions: [
                {
                    type: "NotReady",
                    status: "True",
                    lastTransitionTime: "2026-11-29T19:01:40.532Z",
                    reason: "Throwable",
                    message: "The following tasks have failed: 0, see connectorStatus for more details.",
                },
            ],
            observedGeneration: 1,
            connectorStatus: {
                name: "archive-jsonl-payments",
                connector: { state: "RUNNING", worker_id: "archive-connect-0.archive-connect.kafka.svc:8083" },
                tasks: [{ id: 0, state: "FAILED", worker_id: "archive-connect-1.archive-connect.kafka.svc:8083", trace: TASK_TRACE }],
                type: "sink",
            },
            tasksMax: 1,
            topics: ["payments.orders"],
        },
    },
};

/** The Kafka, Ready (with a Warning condition a Ready resource may carry: StatusUtils.buildWarningCondition). */
export const KAFKA_READY: ExportedResource = {
    urn: "urn:pulumi:prod::kafka-platform::kafka-platform:kafka:KafkaCluster$kubernetes:kafka.strimzi.io/v1:Kafka::kafka-kafka",
    type: "kubernetes:kafka.strimzi.io/v1:Kafka",
    outputs: {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "Kafka",
        metadata: {
            name: "events",
            namespace: "kafka",
            generation: 4,
            annotations: { "pulumi.com/timeoutSeconds": "1800", "pulumi.com/waitFor": "condition=Ready" },
        },
        status: {
            conditions: [
                { type: "Ready", status: "True", lastTransitionTime: "2026-11-29T18:20:11.001Z" },
                { type: "Warning", status: "True", lastTransitionTime: "2026-11-29T18:20:11.001Z", reason: "UnusedField", message: "an example warning" },
            ],
            observedGeneration: 4,
            kafkaVersion: "4.3.1",
            kafkaMetadataVersion: "4.3-IV0",
            kafkaNodePools: [{ name: "broker" }, { name: "controller" }],
        },
    },
};

/** A node pool: Strimzi gives pools no Ready condition (KafkaPool.generateNodePoolStatus). */
export const NODE_POOL: ExportedResource = {
    urn: "urn:pulumi:prod::kafka-platform::kafka-platform:kafka:KafkaCluster$kubernetes:kafka.strimzi.io/v1:KafkaNodePool::kafka-broker",
    type: "kubernetes:kafka.strimzi.io/v1:KafkaNodePool",
    outputs: {
        metadata: { name: "broker", namespace: "kafka", generation: 1, labels: { "strimzi.io/cluster": "events" } },
        status: { nodeIds: [0, 1, 2], roles: ["broker"], replicas: 3, observedGeneration: 1 },
    },
};

/** A dead-letter topic Pulumi does not wait for, recorded as the API server returned it: no status yet. */
export const DLQ_TOPIC_UNWAITED: ExportedResource = {
    urn: `${PARENT}:KafkaTopic::archive-connect-archive-jsonl-payments-dlq`,
    type: "kubernetes:kafka.strimzi.io/v1:KafkaTopic",
    outputs: { metadata: { name: "archive-jsonl-payments-dlq", namespace: "kafka", generation: 1 } },
};

/** A team topic the Topic Operator refused: `Ready` with status False (BatchingTopicController.updateStatusForException). */
export const TOPIC_REFUSED: ExportedResource = {
    urn: "urn:pulumi:prod::kafka-platform::kafka-platform:tenancy:TeamTenant$kubernetes:kafka.strimzi.io/v1:KafkaTopic::payments.orders",
    type: "kubernetes:kafka.strimzi.io/v1:KafkaTopic",
    outputs: {
        metadata: { name: "payments.orders", namespace: "kafka", generation: 3, annotations: { "pulumi.com/waitFor": "condition=Ready" } },
        status: {
            conditions: [{ type: "Ready", status: "False", lastTransitionTime: "2026-11-29T19:05:00.000Z", reason: "NotSupported", message: "Decreasing partitions not supported" }],
            observedGeneration: 3,
            topicName: "payments.orders",
        },
    },
};

/** A KafkaUser whose Ready status is for an earlier generation: the provider does not accept it (kubectl.go checkCondition). */
export const USER_STALE: ExportedResource = {
    urn: "urn:pulumi:prod::kafka-platform::kafka-platform:tenancy:TeamTenant$kubernetes:kafka.strimzi.io/v1:KafkaUser::payments.checkout",
    type: "kubernetes:kafka.strimzi.io/v1:KafkaUser",
    outputs: {
        metadata: { name: "payments.checkout", namespace: "kafka", generation: 5, annotations: { "pulumi.com/waitFor": "condition=Ready" } },
        status: { conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2026-11-28T10:00:00.000Z" }], observedGeneration: 4, username: "payments.checkout" },
    },
};

/** A KafkaConnect the operator never reported on (the operator is down): Pulumi waited, no status came. */
export const CONNECT_NO_STATUS: ExportedResource = {
    urn: `${PARENT}:KafkaConnect::archive-connect-connect`,
    type: "kubernetes:kafka.strimzi.io/v1:KafkaConnect",
    outputs: { metadata: { name: "archive", namespace: "kafka", generation: 1, annotations: { "pulumi.com/waitFor": "condition=Ready" } } },
};

/** Secrets where an export may hold them: a spec value from a secret input, `__inputs`, and a whole status. */
export const WITH_SECRETS: ExportedResource[] = [
    {
        urn: `${PARENT}:KafkaConnector::archive-connect-archive-parquet-payments`,
        type: "kubernetes:kafka.strimzi.io/v1:KafkaConnector",
        outputs: {
            metadata: { name: "archive-parquet-payments", namespace: "kafka", generation: 1, annotations: { "pulumi.com/waitFor": "condition=Ready" } },
            spec: { config: { "aws.secret.access.key": secret(SECRET_VALUE) } },
            status: {
                conditions: [{ type: "NotReady", status: "True", reason: "ConnectRestException", message: secret(SECRET_VALUE) }],
                connectorStatus: { connector: { state: "FAILED", worker_id: "archive-connect-0.archive-connect.kafka.svc:8083", trace: secret(SECRET_VALUE) }, tasks: [] },
            },
            __inputs: secret(SECRET_VALUE),
        },
    },
    {
        urn: "urn:pulumi:prod::kafka-platform::kafka-platform:kafka:KafkaCluster$kubernetes:kafka.strimzi.io/v1:KafkaUser::kafka-super-user-platform-admin",
        type: "kubernetes:kafka.strimzi.io/v1:KafkaUser",
        outputs: { metadata: { name: "platform-admin", namespace: "kafka", generation: 1 }, status: secret(SECRET_VALUE) },
    },
];

export function exported(resources: ExportedResource[]): { version: number; deployment: { resources: ExportedResource[] } } {
    return { version: 3, deployment: { resources } };
}
