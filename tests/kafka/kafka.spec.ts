import { strict as assert } from "assert";
import { parse } from "yaml";
import { resource } from "../support/harness";
import { CONFIG_MAP_TYPE, inputsOf, KAFKA_TYPE, runPatched, stackRuns } from "./support";

const onSystemNodes = {
    pod: {
        affinity: {
            nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                    nodeSelectorTerms: [{ matchExpressions: [{ key: "kafka-platform.io/node-pool", operator: "In", values: ["system"] }] }],
                },
            },
        },
    },
};

const internalListeners = [
    { name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } },
    { name: "scram", port: 9094, type: "internal", tls: true, authentication: { type: "scram-sha-512" } },
];

const internalNlb = {
    "service.beta.kubernetes.io/aws-load-balancer-type": "nlb",
    "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
    "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
};

function metricsFrom(key: string) {
    return { type: "jmxPrometheusExporter", valueFrom: { configMapKeyRef: { name: "events-metrics", key } } };
}

function operands(brokerCapacity: Record<string, string>) {
    return {
        entityOperator: {
            topicOperator: { resources: { requests: { cpu: "100m", memory: "384Mi" }, limits: { memory: "384Mi" } } },
            userOperator: { resources: { requests: { cpu: "100m", memory: "384Mi" }, limits: { memory: "384Mi" } } },
            template: onSystemNodes,
        },
        cruiseControl: {
            resources: { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } },
            brokerCapacity,
            metricsConfig: metricsFrom("cruise-control-metrics-config.yml"),
            template: onSystemNodes,
        },
        kafkaExporter: {
            topicRegex: ".*",
            groupRegex: ".*",
            resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
            template: onSystemNodes,
        },
    };
}

const metadata = {
    name: "events",
    namespace: "kafka",
    annotations: { "pulumi.com/waitFor": "condition=Ready", "pulumi.com/timeoutSeconds": "1800" },
};

describe("Kafka resource", () => {
    const runs = stackRuns(["dev", "prod"]);

    it("dev: Kafka 4.3.1 with RF 2 / min ISR 1, internal listeners only, a day of retention", () => {
        assert.deepEqual(inputsOf(runs.dev, KAFKA_TYPE, "kafka-kafka"), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "Kafka",
            metadata,
            spec: {
                kafka: {
                    version: "4.3.1",
                    metadataVersion: "4.3-IV0",
                    listeners: internalListeners,
                    authorization: { type: "simple", superUsers: ["CN=platform-admin"] },
                    rack: { topologyKey: "topology.kubernetes.io/zone" },
                    // dev's self-service team (tenants.payments) gets the cluster CA copied into its namespace.
                    template: {
                        podDisruptionBudget: { maxUnavailable: 0 },
                        clusterCaCert: {
                            metadata: {
                                annotations: {
                                    "reflector.v1.k8s.emberstack.com/reflection-allowed": "true",
                                    "reflector.v1.k8s.emberstack.com/reflection-allowed-namespaces": "payments",
                                    "reflector.v1.k8s.emberstack.com/reflection-auto-enabled": "true",
                                    "reflector.v1.k8s.emberstack.com/reflection-auto-namespaces": "payments",
                                },
                            },
                        },
                    },
                    config: {
                        "log.retention.hours": 24,
                        "default.replication.factor": 2,
                        "min.insync.replicas": 1,
                        "offsets.topic.replication.factor": 2,
                        "transaction.state.log.replication.factor": 2,
                        "transaction.state.log.min.isr": 1,
                        "cruise.control.metrics.topic.min.insync.replicas": 1,
                        "unclean.leader.election.enable": false,
                        "auto.create.topics.enable": false,
                        "replica.selector.class": "org.apache.kafka.common.replica.RackAwareReplicaSelector",
                    },
                    metricsConfig: metricsFrom("kafka-metrics-config.yml"),
                },
                // r6i.large: 781 Mbit/s baseline = 95336 KiB/s; CPU is the broker's request.
                ...operands({ cpu: "500m", inboundNetwork: "95336KiB/s", outboundNetwork: "95336KiB/s" }),
            },
        });
    });

    it("prod: RF 3 / min ISR 2 and an external TLS listener behind an internal NLB", () => {
        assert.deepEqual(inputsOf(runs.prod, KAFKA_TYPE, "kafka-kafka"), {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "Kafka",
            metadata,
            spec: {
                kafka: {
                    version: "4.3.1",
                    metadataVersion: "4.3-IV0",
                    listeners: [
                        ...internalListeners,
                        {
                            name: "external",
                            port: 9095,
                            type: "loadbalancer",
                            tls: true,
                            authentication: { type: "tls" },
                            configuration: {
                                loadBalancerSourceRanges: ["10.60.0.0/16", "198.51.100.16/28"],
                                bootstrap: { annotations: internalNlb },
                                perBrokerAnnotationsTemplate: internalNlb,
                            },
                        },
                    ],
                    authorization: { type: "simple", superUsers: ["CN=platform-admin"] },
                    rack: { topologyKey: "topology.kubernetes.io/zone" },
                    template: { podDisruptionBudget: { maxUnavailable: 0 } },
                    config: {
                        "default.replication.factor": 3,
                        "min.insync.replicas": 2,
                        "offsets.topic.replication.factor": 3,
                        "transaction.state.log.replication.factor": 3,
                        "transaction.state.log.min.isr": 2,
                        "cruise.control.metrics.topic.min.insync.replicas": 2,
                        "unclean.leader.election.enable": false,
                        "auto.create.topics.enable": false,
                        "replica.selector.class": "org.apache.kafka.common.replica.RackAwareReplicaSelector",
                    },
                    metricsConfig: metricsFrom("kafka-metrics-config.yml"),
                },
                // r6i.2xlarge: 3125 Mbit/s baseline = 381469 KiB/s.
                ...operands({ cpu: "4", inboundNetwork: "381469KiB/s", outboundNetwork: "381469KiB/s" }),
            },
        });
    });

    it("is protected in prod and not in dev", () => {
        assert.equal(resource(runs.prod, KAFKA_TYPE, "kafka-kafka").protect, true);
        assert.equal(resource(runs.dev, KAFKA_TYPE, "kafka-kafka").protect, false);
    });

    it("waits for the operator chart, the namespace, the metrics ConfigMap and both node pools", () => {
        assert.deepEqual(resource(runs.prod, KAFKA_TYPE, "kafka-kafka").dependencies, [
            "urn:pulumi:prod::kafka-platform::kafka-platform:kafka:KafkaCluster$kubernetes:core/v1:ConfigMap::kafka-metrics",
            "urn:pulumi:prod::kafka-platform::kafka-platform:kafka:KafkaCluster$kubernetes:kafka.strimzi.io/v1:KafkaNodePool::kafka-broker",
            "urn:pulumi:prod::kafka-platform::kafka-platform:kafka:KafkaCluster$kubernetes:kafka.strimzi.io/v1:KafkaNodePool::kafka-controller",
            "urn:pulumi:prod::kafka-platform::kafka-platform:strimzi:StrimziOperator$kubernetes:core/v1:Namespace::strimzi-watched-kafka",
            "urn:pulumi:prod::kafka-platform::kafka-platform:strimzi:StrimziOperator$kubernetes:helm.sh/v4:Chart::strimzi-chart",
        ]);
    });

    it("is a child of the KafkaCluster component, which the platform creates at the top level", () => {
        const kafka = resource(runs.prod, KAFKA_TYPE, "kafka-kafka");
        const component = resource(runs.prod, "kafka-platform:kafka:KafkaCluster", "kafka");
        assert.equal(kafka.parent, component.urn);
        assert.equal(component.parent, "urn:pulumi:prod::kafka-platform::pulumi:pulumi:Stack::kafka-platform-prod");
    });

    it("reads its JMX exporter rules from the metrics ConfigMap in the Kafka namespace", () => {
        const cm = inputsOf(runs.prod, CONFIG_MAP_TYPE, "kafka-metrics");
        assert.deepEqual(cm.metadata, { name: "events-metrics", namespace: "kafka" });
        const data = cm.data as Record<string, string>;
        assert.deepEqual(Object.keys(data).sort(), ["cruise-control-metrics-config.yml", "kafka-metrics-config.yml"]);
        assert.equal(parse(data["kafka-metrics-config.yml"]).lowercaseOutputName, true);
        assert.equal(parse(data["cruise-control-metrics-config.yml"]).rules.length, 2);
    });

    it("lets the external listener use SCRAM-SHA-512 instead of mutual TLS", async () => {
        const run = await runPatched("staging", { kafka: { listeners: { external: { authentication: "scram-sha-512" } } } });
        const listeners = ((inputsOf(run, KAFKA_TYPE, "kafka-kafka").spec as { kafka: { listeners: { name: string; authentication: unknown }[] } }).kafka.listeners);
        assert.deepEqual(listeners.map((l) => [l.name, l.authentication]), [
            ["tls", { type: "tls" }],
            ["scram", { type: "scram-sha-512" }],
            ["external", { type: "scram-sha-512" }],
        ]);
    });

    it("takes Cruise Control's network capacity from config when the node type is not in the table", async () => {
        const run = await runPatched("dev", {
            cluster: { nodeGroups: { kafka: { instanceTypes: ["i4i.xlarge"] } } },
            kafka: { cruiseControl: { brokerCapacity: { inboundNetwork: "228000KiB/s", outboundNetwork: "228000KiB/s" } } },
        });
        const spec = inputsOf(run, KAFKA_TYPE, "kafka-kafka").spec as { cruiseControl: { brokerCapacity: unknown } };
        assert.deepEqual(spec.cruiseControl.brokerCapacity, { cpu: "500m", inboundNetwork: "228000KiB/s", outboundNetwork: "228000KiB/s" });
    });

    it("plans Cruise Control for the slowest instance type the Kafka node group may launch", async () => {
        const run = await runPatched("dev", { cluster: { nodeGroups: { kafka: { instanceTypes: ["r7g.xlarge", "r6i.xlarge"] } } } });
        const spec = inputsOf(run, KAFKA_TYPE, "kafka-kafka").spec as { cruiseControl: { brokerCapacity: unknown } };
        // r6i.xlarge: 1562 Mbit/s (r7g.xlarge has 1876).
        assert.deepEqual(spec.cruiseControl.brokerCapacity, { cpu: "500m", inboundNetwork: "190673KiB/s", outboundNetwork: "190673KiB/s" });
    });
});
