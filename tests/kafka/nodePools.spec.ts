import { strict as assert } from "assert";
import { resource } from "../support/harness";
import { inputsOf, NODE_POOL_TYPE, runPatched, stackRuns } from "./support";

const onKafkaNodes = {
    requiredDuringSchedulingIgnoredDuringExecution: {
        nodeSelectorTerms: [{ matchExpressions: [{ key: "kafka-platform.io/node-pool", operator: "In", values: ["kafka"] }] }],
    },
};
const kafkaToleration = { key: "dedicated", operator: "Equal", value: "kafka", effect: "NoSchedule" };

function poolSelector(pool: string) {
    return { matchLabels: { "strimzi.io/cluster": "events", "strimzi.io/pool-name": pool } };
}

function oneZoneEach(pool: string) {
    return [{ maxSkew: 1, minDomains: 3, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "DoNotSchedule", labelSelector: poolSelector(pool) }];
}

const controllerTemplate = {
    pod: { affinity: { nodeAffinity: onKafkaNodes }, tolerations: [kafkaToleration], topologySpreadConstraints: oneZoneEach("controller") },
};
const brokerTemplate = {
    pod: {
        affinity: {
            nodeAffinity: onKafkaNodes,
            podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: poolSelector("broker"), topologyKey: "kubernetes.io/hostname" }] },
        },
        tolerations: [kafkaToleration],
        topologySpreadConstraints: oneZoneEach("broker"),
    },
};

function metadata(pool: string) {
    return { name: pool, namespace: "kafka", labels: { "strimzi.io/cluster": "events" } };
}

describe("Kafka node pools", () => {
    const runs = stackRuns(["dev", "prod"]);

    it("dev: three controllers on small persistent volumes that are deleted with the pool", () => {
        assert.deepEqual(inputsOf(runs.dev, NODE_POOL_TYPE, "kafka-controller"), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaNodePool",
            metadata: metadata("controller"),
            spec: {
                replicas: 3,
                roles: ["controller"],
                storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "5Gi", class: "gp3-baseline", deleteClaim: true, kraftMetadata: "shared" }] },
                resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } },
                jvmOptions: { "-Xms": "512m", "-Xmx": "512m" },
                template: controllerTemplate,
            },
        });
    });

    it("dev: three brokers with one 20Gi volume each, holding the metadata log", () => {
        assert.deepEqual(inputsOf(runs.dev, NODE_POOL_TYPE, "kafka-broker"), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaNodePool",
            metadata: metadata("broker"),
            spec: {
                replicas: 3,
                roles: ["broker"],
                storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "20Gi", class: "gp3", deleteClaim: true, kraftMetadata: "shared" }] },
                resources: { requests: { cpu: "500m", memory: "4Gi" }, limits: { memory: "4Gi" } },
                jvmOptions: { "-Xms": "2g", "-Xmx": "2g" },
                template: brokerTemplate,
            },
        });
    });

    it("prod: three controllers whose volumes outlive the pool", () => {
        assert.deepEqual(inputsOf(runs.prod, NODE_POOL_TYPE, "kafka-controller"), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaNodePool",
            metadata: metadata("controller"),
            spec: {
                replicas: 3,
                roles: ["controller"],
                storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "50Gi", class: "gp3-baseline", deleteClaim: false, kraftMetadata: "shared" }] },
                resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { memory: "4Gi" } },
                jvmOptions: { "-Xms": "2g", "-Xmx": "2g" },
                template: controllerTemplate,
            },
        });
    });

    it("prod: three brokers with two JBOD volumes; only the first holds the metadata log", () => {
        assert.deepEqual(inputsOf(runs.prod, NODE_POOL_TYPE, "kafka-broker"), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaNodePool",
            metadata: metadata("broker"),
            spec: {
                replicas: 3,
                roles: ["broker"],
                storage: {
                    type: "jbod",
                    volumes: [
                        { id: 0, type: "persistent-claim", size: "500Gi", class: "gp3", deleteClaim: false, kraftMetadata: "shared" },
                        { id: 1, type: "persistent-claim", size: "500Gi", class: "gp3", deleteClaim: false },
                    ],
                },
                resources: { requests: { cpu: "4", memory: "32Gi" }, limits: { memory: "32Gi" } },
                jvmOptions: { "-Xms": "6g", "-Xmx": "6g" },
                template: brokerTemplate,
            },
        });
    });

    it("are protected from deletion in prod but not in dev", () => {
        for (const pool of ["kafka-controller", "kafka-broker"]) {
            assert.equal(resource(runs.prod, NODE_POOL_TYPE, pool).protect, true, pool);
            assert.equal(resource(runs.dev, NODE_POOL_TYPE, pool).protect, false, pool);
        }
    });

    it("wait for the operator chart (its CRDs), the Kafka namespace and both gp3 StorageClasses", () => {
        for (const pool of ["kafka-controller", "kafka-broker"]) {
            assert.deepEqual(resource(runs.prod, NODE_POOL_TYPE, pool).dependencies, [
                "urn:pulumi:prod::kafka-platform::kafka-platform:cluster:EksCluster$kubernetes:storage.k8s.io/v1:StorageClass::cluster-gp3",
                "urn:pulumi:prod::kafka-platform::kafka-platform:cluster:EksCluster$kubernetes:storage.k8s.io/v1:StorageClass::cluster-gp3-baseline",
                "urn:pulumi:prod::kafka-platform::kafka-platform:strimzi:StrimziOperator$kubernetes:core/v1:Namespace::strimzi-watched-kafka",
                "urn:pulumi:prod::kafka-platform::kafka-platform:strimzi:StrimziOperator$kubernetes:helm.sh/v4:Chart::strimzi-chart",
            ]);
        }
    });

    it("use the StorageClass named in cluster.storageClass.name and scale brokers from config", async () => {
        const run = await runPatched("dev", {
            cluster: { storageClass: { name: "kafka-gp3" }, nodeGroups: { kafka: { desiredSize: 2, maxSize: 2 } } },
            kafka: { brokers: { replicas: 6, storage: { volumes: [{ size: "50Gi" }, { size: "80Gi" }] } } },
        });
        const spec = inputsOf(run, NODE_POOL_TYPE, "kafka-broker").spec as Record<string, unknown>;
        assert.equal(spec.replicas, 6);
        assert.deepEqual(spec.storage, {
            type: "jbod",
            volumes: [
                { id: 0, type: "persistent-claim", size: "50Gi", class: "kafka-gp3", deleteClaim: true, kraftMetadata: "shared" },
                { id: 1, type: "persistent-claim", size: "80Gi", class: "kafka-gp3", deleteClaim: true },
            ],
        });
    });

    it("dev may run on ephemeral volumes sized by their limit", async () => {
        const run = await runPatched("dev", {
            kafka: { brokers: { storage: { type: "ephemeral" } }, controllers: { storage: { type: "ephemeral" } } },
        });
        assert.deepEqual((inputsOf(run, NODE_POOL_TYPE, "kafka-broker").spec as Record<string, unknown>).storage, {
            type: "jbod",
            volumes: [{ id: 0, type: "ephemeral", sizeLimit: "20Gi", kraftMetadata: "shared" }],
        });
        assert.deepEqual((inputsOf(run, NODE_POOL_TYPE, "kafka-controller").spec as Record<string, unknown>).storage, {
            type: "jbod",
            volumes: [{ id: 0, type: "ephemeral", sizeLimit: "5Gi", kraftMetadata: "shared" }],
        });
    });
});
