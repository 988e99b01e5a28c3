import { strict as assert } from "assert";
import { ProgramRun } from "../support/harness";
import { CHART, inputsOf, KAFKA, NAMESPACE, NODE_POOL, runLocal } from "./support";

const DUAL_ROLE_SPEC = {
    replicas: 1,
    roles: ["controller", "broker"],
    storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "10Gi", deleteClaim: true, kraftMetadata: "shared" }] },
    resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } },
    jvmOptions: { "-Xms": "512m", "-Xmx": "512m" },
};

/** Every key anywhere below `value` that places a pod on particular nodes. */
function schedulingKeys(value: unknown, path = ""): string[] {
    if (Array.isArray(value)) {
        return value.flatMap((v, i) => schedulingKeys(v, `${path}[${i}]`));
    }
    if (value === null || typeof value !== "object") {
        return [];
    }
    return Object.entries(value).flatMap(([k, v]) => [
        ...(["nodeSelector", "affinity", "tolerations", "topologySpreadConstraints", "rack"].includes(k) ? [`${path}.${k}`] : []),
        ...schedulingKeys(v, `${path}.${k}`),
    ]);
}

describe("the local Kafka cluster", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runLocal();
    });

    it("is one dual-role node pool of one node on the cluster's default StorageClass (no class), deleted with the stack", () => {
        assert.deepEqual(inputsOf(run, NODE_POOL, "kafka-dual-role"), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaNodePool",
            metadata: { name: "dual-role", namespace: "kafka", labels: { "strimzi.io/cluster": "events" } },
            spec: DUAL_ROLE_SPEC,
        });
    });

    it("has RF 1 and min ISR 1 everywhere, no rack awareness, no Cruise Control, and the entity operator and exporter without placement", () => {
        const kafka = inputsOf(run, KAFKA, "kafka-kafka");
        assert.deepEqual(kafka.spec.kafka.config, {
            "default.replication.factor": 1,
            "min.insync.replicas": 1,
            "offsets.topic.replication.factor": 1,
            "transaction.state.log.replication.factor": 1,
            "transaction.state.log.min.isr": 1,
            "unclean.leader.election.enable": false,
            "auto.create.topics.enable": false,
        });
        assert.deepEqual(Object.keys(kafka.spec).sort(), ["entityOperator", "kafka", "kafkaExporter"]);
        assert.deepEqual(Object.keys(kafka.spec.kafka).sort(), ["authorization", "config", "listeners", "metadataVersion", "metricsConfig", "version"]);
        assert.deepEqual(kafka.spec.entityOperator, {
            topicOperator: { resources: { requests: { cpu: "100m", memory: "384Mi" }, limits: { memory: "384Mi" } } },
            userOperator: { resources: { requests: { cpu: "100m", memory: "384Mi" }, limits: { memory: "384Mi" } } },
        });
        assert.deepEqual(kafka.spec.kafkaExporter, {
            topicRegex: ".*",
            groupRegex: ".*",
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        });
    });

    it("keeps the same two mutual-TLS and SCRAM listeners as on AWS, and no external one", () => {
        assert.deepEqual(inputsOf(run, KAFKA, "kafka-kafka").spec.kafka.listeners, [
            { name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } },
            { name: "scram", port: 9094, type: "internal", tls: true, authentication: { type: "scram-sha-512" } },
        ]);
    });

    it("installs Strimzi from the same chart with one replica, no PDB and no node selection", () => {
        assert.deepEqual(inputsOf(run, CHART, "strimzi-chart"), {
            chart: "oci://quay.io/strimzi-helm/strimzi-kafka-operator",
            version: "1.2.0",
            name: "strimzi",
            namespace: "strimzi",
            values: {
                replicas: 1,
                watchNamespaces: ["kafka"],
                watchAnyNamespace: false,
                leaderElection: { enable: true },
                podDisruptionBudget: { enabled: false },
                resources: { requests: { cpu: "200m", memory: "384Mi" }, limits: { cpu: "1", memory: "384Mi" } },
                featureGates: "",
                connectBuildTimeoutMs: 900000,
            },
        });
    });

    it("places no pod on particular nodes anywhere in the stack: a laptop cluster's node has no platform labels or taints", () => {
        assert.deepEqual(
            run.resources.flatMap((r) => schedulingKeys(r.inputs).map((k) => `${r.name}${k}`)),
            [],
        );
    });

    it("creates the operator's namespace and the Kafka namespace with the same Pod Security labels as on AWS", () => {
        assert.deepEqual(inputsOf(run, NAMESPACE, "strimzi-watched-kafka").metadata, {
            name: "kafka",
            labels: { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" },
        });
        assert.deepEqual(inputsOf(run, NAMESPACE, "strimzi-ns").metadata, { name: "strimzi", labels: { "pod-security.kubernetes.io/enforce": "restricted" } });
    });

    it("uses local.storageClass when it is set", async () => {
        const other = await runLocal({ local: { storageClass: "standard" } });
        assert.deepEqual(inputsOf(other, NODE_POOL, "kafka-dual-role").spec.storage.volumes, [
            { id: 0, type: "persistent-claim", size: "10Gi", class: "standard", deleteClaim: true, kraftMetadata: "shared" },
        ]);
    });

    it("is ephemeral with local.ephemeralStorage, the volume's size its limit", async () => {
        const other = await runLocal({ local: { ephemeralStorage: true } });
        assert.deepEqual(inputsOf(other, NODE_POOL, "kafka-dual-role").spec.storage, {
            type: "jbod",
            volumes: [{ id: 0, type: "ephemeral", sizeLimit: "10Gi", kraftMetadata: "shared" }],
        });
    });

    it("grows to three dual-role nodes with RF 3 and min ISR 2 when configured", async () => {
        const other = await runLocal({ kafka: { brokers: { replicas: 3 }, defaultReplicationFactor: 3, minInsyncReplicas: 2 } });
        assert.equal(inputsOf(other, NODE_POOL, "kafka-dual-role").spec.replicas, 3);
        const config = inputsOf(other, KAFKA, "kafka-kafka").spec.kafka.config;
        assert.deepEqual([config["default.replication.factor"], config["min.insync.replicas"]], [3, 2]);
    });
});
