import { strict as assert } from "assert";
import { parseConfig } from "../../components/config";
import { failureOf } from "../support/harness";
import { problemsWith, runPatched, stackConfigWith } from "../kafka/support";

const LISTENERS = "listeners are declared in spec.kafka.listeners (stack config kafka.listeners)";
const LISTENER_SECURITY = "TLS and SASL are set per listener in spec.kafka.listeners[].tls and .authentication (stack config kafka.listeners)";
const ROLES = "node ids and roles come from the KafkaNodePool resources (spec.roles; stack config kafka.brokers and kafka.controllers)";
const LOG_DIRS = "log directories are the KafkaNodePool's spec.storage volumes (stack config kafka.brokers.storage and kafka.controllers.storage)";
const AUTHORIZATION = "authorization is spec.kafka.authorization (stack config kafka.superUsers; ACLs come from KafkaUser resources)";
const NO_ZOOKEEPER = "Strimzi 1.x runs KRaft only and has no ZooKeeper to configure";
const CRUISE_CONTROL = "Strimzi configures the Cruise Control metrics reporter itself from spec.cruiseControl";
const QUOTAS = "broker-wide quotas are spec.kafka.quotas";

/** One key under each prefix Strimzi 1.2 forbids in spec.kafka.config, with the field to use instead. */
const FORBIDDEN: [key: string, useInstead: string][] = [
    ["listeners", LISTENERS],
    ["advertised.listeners", LISTENERS],
    ["broker.id", ROLES],
    ["listener.security.protocol.map", LISTENERS],
    ["host.name", LISTENERS],
    ["port", LISTENERS],
    ["inter.broker.listener.name", LISTENERS],
    ["sasl.enabled.mechanisms", LISTENER_SECURITY],
    ["ssl.keystore.location", LISTENER_SECURITY],
    ["security.inter.broker.protocol", LISTENER_SECURITY],
    ["password.encoder.secret", "Strimzi generates and manages the key and trust store passwords itself"],
    ["log.dirs", LOG_DIRS],
    ["zookeeper.connect", NO_ZOOKEEPER],
    ["zookeeper.set.acl", NO_ZOOKEEPER],
    ["zookeeper.ssl.client.enable", NO_ZOOKEEPER],
    ["zookeeper.clientCnxnSocket", NO_ZOOKEEPER],
    ["authorizer.class.name", AUTHORIZATION],
    ["super.users", AUTHORIZATION],
    ["cruise.control.metrics.topic", CRUISE_CONTROL],
    ["cruise.control.metrics.reporter.bootstrap.servers", CRUISE_CONTROL],
    ["node.id", ROLES],
    ["process.roles", ROLES],
    ["controller.quorum.voters", "the KRaft quorum is the controller KafkaNodePool (stack config kafka.controllers)"],
    ["metadata.log.dir", "the metadata log lives on the node pool volume marked kraftMetadata: shared (the first volume)"],
    ["zookeeper.metadata.migration.enable", NO_ZOOKEEPER],
    ["client.quota.callback.static.kafka.admin.bootstrap.servers", QUOTAS],
    ["client.quota.callback.static.produce", QUOTAS],
    ["client.quota.callback.static.fetch", QUOTAS],
    ["client.quota.callback.static.storage.per.volume.limit.min.available.bytes", QUOTAS],
    ["client.quota.callback.static.excluded.principal.name.list", QUOTAS],
    ["prometheus.metrics.reporter.listener", "metrics are spec.kafka.metricsConfig, which the platform sets"],
    ["cordoned.log.dirs", "Strimzi sets it from the KafkaNodePool's cordoned volumes"],
    // Strimzi matches the exceptions case-sensitively, so a differently cased exception is still dropped.
    ["SSL.protocol", LISTENER_SECURITY],
];

/** Keys under a forbidden prefix that Strimzi 1.2 still passes to Kafka. */
const EXCEPTIONS = [
    "zookeeper.connection.timeout.ms",
    "sasl.server.max.receive.size",
    "ssl.cipher.suites",
    "ssl.protocol",
    "ssl.enabled.protocols",
    "ssl.secure.random.implementation",
    "cruise.control.metrics.topic.num.partitions",
    "cruise.control.metrics.topic.replication.factor",
    "cruise.control.metrics.topic.retention.ms",
    "cruise.control.metrics.topic.auto.create.retries",
    "cruise.control.metrics.topic.auto.create.timeout.ms",
    "broker.session.timeout.ms",
    "broker.heartbeat.interval.ms",
    "controller.socket.timeout.ms",
    "controller.quorum.election.backoff.max.ms",
    "controller.quorum.election.timeout.ms",
    "controller.quorum.fetch.timeout.ms",
];

const MANAGED: [key: string, why: string][] = [
    ["default.replication.factor", "set kafka.defaultReplicationFactor instead"],
    ["min.insync.replicas", "set kafka.minInsyncReplicas instead"],
    ["offsets.topic.replication.factor", "it follows kafka.defaultReplicationFactor"],
    ["transaction.state.log.replication.factor", "it follows kafka.defaultReplicationFactor"],
    ["transaction.state.log.min.isr", "it follows kafka.minInsyncReplicas"],
    ["cruise.control.metrics.topic.min.insync.replicas", "it follows kafka.minInsyncReplicas"],
    ["unclean.leader.election.enable", "it is always false: an unclean election loses acknowledged messages"],
    ["auto.create.topics.enable", "it is always false: topics are KafkaTopic resources owned by teams"],
    ["replica.selector.class", "the platform sets the rack-aware replica selector so consumers read from their own zone"],
];

describe("kafka and operator config", () => {
    describe("shipped stacks and profiles", () => {
        for (const stack of ["dev", "staging", "prod"]) {
            it(`${stack} parses`, () => {
                assert.deepEqual(problemsWith(stack, {}), []);
            });
        }

        it("defaults Kafka to the operator's default version and metadata version", () => {
            const config = parseConfig({ ...stackConfigWith("staging"), kafka: { superUsers: [] } }, "staging");
            assert.equal(config.kafka.version, "4.3.1");
            assert.equal(config.kafka.metadataVersion, "4.3-IV0");
            assert.equal(config.operator.chartVersion, "1.2.0");
        });

        it("accepts ephemeral storage in dev", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { brokers: { storage: { type: "ephemeral" } }, controllers: { storage: { type: "ephemeral" } } } }), []);
        });

        it("accepts an older supported Kafka with its own metadata version, and an upgraded Kafka on the old metadata", () => {
            assert.deepEqual(problemsWith("prod", { kafka: { version: "4.2.1", metadataVersion: "4.2-IV1" } }), []);
            assert.deepEqual(problemsWith("prod", { kafka: { version: "4.3.1", metadataVersion: "4.2-IV1" } }), []);
        });
    });

    describe("durability", () => {
        it("rejects a replication factor above the broker count", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { defaultReplicationFactor: 4 } }), [
                "kafka-platform:kafka.defaultReplicationFactor: must be <= kafka.brokers.replicas (3): every replica of a partition needs a broker of its own (got 4)",
            ]);
        });

        it("rejects min.insync.replicas equal to the replication factor", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { minInsyncReplicas: 2 } }), [
                "kafka-platform:kafka.minInsyncReplicas: must be < kafka.defaultReplicationFactor (2): otherwise one broker restart blocks every producer using acks=all (got 2)",
            ]);
        });

        it("rejects min.insync.replicas below 1", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { minInsyncReplicas: 0 } }), [
                "kafka-platform:kafka.minInsyncReplicas: must be an integer >= 1 (got 0)",
            ]);
        });

        it("refuses RF 2 / min ISR 1 in prod", () => {
            assert.deepEqual(problemsWith("prod", { kafka: { defaultReplicationFactor: 2, minInsyncReplicas: 1 } }), [
                "kafka-platform:kafka.defaultReplicationFactor: must be >= 3 in prod: one replica per zone, so losing a zone loses no data (got 2)",
                "kafka-platform:kafka.minInsyncReplicas: must be >= 2 in prod: with 1, an acknowledged write can live on a single broker and be lost with it (got 1)",
            ]);
        });

        it("refuses fewer than three brokers in prod", () => {
            assert.deepEqual(problemsWith("prod", { kafka: { brokers: { replicas: 2 } } }), [
                "kafka-platform:kafka.defaultReplicationFactor: must be <= kafka.brokers.replicas (2): every replica of a partition needs a broker of its own (got 3)",
                "kafka-platform:kafka.brokers.replicas: must be >= 3 in prod: at least one broker per zone (got 2)",
            ]);
        });

        it("refuses a broker count that is not a multiple of the zone count in prod", () => {
            assert.deepEqual(problemsWith("prod", { cluster: { nodeGroups: { kafka: { desiredSize: 2 } } }, kafka: { brokers: { replicas: 4 } } }), [
                "kafka-platform:kafka.brokers.replicas: must be a multiple of 3 in prod: the same number of brokers in each zone, so rack-aware placement can put one replica in every zone (got 4)",
            ]);
        });

        it("rejects more brokers per zone than the Kafka node group has nodes", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { brokers: { replicas: 6 } } }), [
                "kafka-platform:kafka.brokers.replicas: needs 2 Kafka nodes per zone (each broker gets a node of its own) but cluster.nodeGroups.kafka.desiredSize is 1; raise it (and maxSize) first (got 6)",
            ]);
        });
    });

    describe("storage", () => {
        it("refuses ephemeral broker and controller storage in staging", () => {
            assert.deepEqual(problemsWith("staging", { kafka: { brokers: { storage: { type: "ephemeral" } }, controllers: { storage: { type: "ephemeral" } } } }), [
                'kafka-platform:kafka.brokers.storage.type: must be "persistent-claim" in staging: ephemeral storage loses the broker\'s messages whenever its pod restarts (got "ephemeral")',
                'kafka-platform:kafka.controllers.storage.type: must be "persistent-claim" in staging: ephemeral storage loses the controller\'s copy of the cluster metadata whenever its pod restarts (got "ephemeral")',
            ]);
        });

        it("refuses ephemeral broker storage in prod", () => {
            assert.deepEqual(problemsWith("prod", { kafka: { brokers: { storage: { type: "ephemeral" } } } }), [
                'kafka-platform:kafka.brokers.storage.type: must be "persistent-claim" in prod: ephemeral storage loses the broker\'s messages whenever its pod restarts (got "ephemeral")',
            ]);
        });

        it("rejects sizes that are not Kubernetes quantities, or below 1Gi", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { brokers: { storage: { volumes: [{ size: "100GB" }, { size: "500Mi" }] } }, controllers: { storage: { size: "ten" } } } }), [
                'kafka-platform:kafka.brokers.storage.volumes.0.size: must be a Kubernetes quantity such as 100Gi, 512Mi or 500m (got "100GB")',
                'kafka-platform:kafka.brokers.storage.volumes.1.size: must be a storage size of at least 1Gi, such as 100Gi (got "500Mi")',
                'kafka-platform:kafka.controllers.storage.size: must be a Kubernetes quantity such as 100Gi, 512Mi or 500m (got "ten")',
            ]);
        });

        it("rejects an unknown storage type and an empty volume list", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { brokers: { storage: { type: "jbod", volumes: [] } } } }), [
                'kafka-platform:kafka.brokers.storage.type: must be one of: "persistent-claim", "ephemeral" (got "jbod")',
                "kafka-platform:kafka.brokers.storage.volumes: must have at least 1 item(s) (got [])",
            ]);
        });
    });

    describe("kafka.config", () => {
        for (const [key, useInstead] of FORBIDDEN) {
            it(`rejects ${key}, naming the Strimzi field to use`, () => {
                assert.deepEqual(problemsWith("dev", { kafka: { config: { [key]: "x" } } }), [
                    `kafka-platform:kafka.config.${key}: is forbidden by Strimzi, which would silently drop it: ${useInstead} (got "x")`,
                ]);
            });
        }

        it("accepts the keys Strimzi lets through despite their prefix", () => {
            const config = Object.fromEntries(EXCEPTIONS.map((k) => [k, "1"]));
            assert.deepEqual(problemsWith("dev", { kafka: { config } }), []);
        });

        it("accepts per-listener connection limits of the listeners that exist", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { config: { "listener.name.tls-9093.max.connections": 500, "listener.name.scram-9094.connections.max.reauth.ms": 3600000 } } }), []);
            assert.deepEqual(problemsWith("staging", { kafka: { config: { "listener.name.external-9095.max.connection.creation.rate": 50 } } }), []);
        });

        it("rejects per-listener settings of a listener that is not rendered", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { config: { "listener.name.external-9095.max.connections": 500 } } }), [
                `kafka-platform:kafka.config.listener.name.external-9095.max.connections: is forbidden by Strimzi, which would silently drop it: ${LISTENERS} (got 500)`,
            ]);
        });

        for (const [key, why] of MANAGED) {
            it(`rejects ${key}, which the platform sets`, () => {
                assert.deepEqual(problemsWith("dev", { kafka: { config: { [key]: 1 } } }), [`kafka-platform:kafka.config.${key}: is managed by the platform: ${why} (got 1)`]);
            });
        }

        it("rejects values that are not strings, numbers or booleans", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { config: { "log.retention.hours": [24] } } }), [
                "kafka-platform:kafka.config.log.retention.hours: must be a string, number or boolean (got [24])",
            ]);
        });
    });

    describe("versions", () => {
        it("rejects a Kafka version the Strimzi release does not support", () => {
            assert.deepEqual(problemsWith("prod", { kafka: { version: "4.1.1" } }), [
                'kafka-platform:kafka.version: must be a Kafka version Strimzi 1.2.0 supports: 4.2.0, 4.2.1, 4.3.0, 4.3.1 (got "4.1.1")',
            ]);
        });

        it("rejects a metadata version newer than the Kafka version", () => {
            assert.deepEqual(problemsWith("prod", { kafka: { version: "4.2.1", metadataVersion: "4.3-IV0" } }), [
                'kafka-platform:kafka.metadataVersion: must be one of 4.2-IV1 with Kafka 4.2.1 on Strimzi 1.2.0 (raise it only after the brokers run the new version; it cannot be lowered) (got "4.3-IV0")',
            ]);
        });

        it("rejects malformed versions", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { version: "4.3", metadataVersion: "4.3" } }), [
                'kafka-platform:kafka.version: must be a Kafka version such as 4.3.1 (got "4.3")',
                'kafka-platform:kafka.metadataVersion: must be a KRaft metadata version such as 4.3-IV0 (got "4.3")',
            ]);
        });

        it("rejects a chart version the platform is not tested with", () => {
            assert.deepEqual(problemsWith("prod", { operator: { chartVersion: "1.1.0" } }), ['kafka-platform:operator.chartVersion: must be one of: "1.2.0" (got "1.1.0")']);
        });
    });

    describe("listeners and authorization", () => {
        it("requires client CIDRs for the external listener", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { listeners: { external: { enabled: true } } } }), [
                "kafka-platform:kafka.listeners.external.allowedCidrs: must list the CIDRs allowed to reach the external listener when kafka.listeners.external.enabled is true (got [])",
            ]);
        });

        it("rejects CIDRs for a disabled external listener instead of ignoring them", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { listeners: { external: { allowedCidrs: ["10.0.0.0/8"] } } } }), [
                'kafka-platform:kafka.listeners.external.allowedCidrs: has no effect unless kafka.listeners.external.enabled is true; enable the listener or remove the CIDRs (got ["10.0.0.0/8"])',
            ]);
        });

        it("refuses 0.0.0.0/0 on the external listener in prod", () => {
            assert.deepEqual(problemsWith("prod", { kafka: { listeners: { external: { allowedCidrs: ["10.60.0.0/16", "0.0.0.0/0"] } } } }), [
                'kafka-platform:kafka.listeners.external.allowedCidrs.1: must not be 0.0.0.0/0 in prod: list the client networks (got "0.0.0.0/0")',
            ]);
        });

        it("rejects an unknown external authentication", () => {
            assert.deepEqual(problemsWith("staging", { kafka: { listeners: { external: { authentication: "plain" } } } }), [
                'kafka-platform:kafka.listeners.external.authentication: must be one of: "tls", "scram-sha-512" (got "plain")',
            ]);
        });

        it("rejects super users that are not KafkaUser principals, and repeats", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { superUsers: ["User:admin"] } }), [
                'kafka-platform:kafka.superUsers.0: must be a KafkaUser principal: CN=<user> for a TLS user or <user> for a SCRAM-SHA-512 user (got "User:admin")',
            ]);
            assert.deepEqual(problemsWith("dev", { kafka: { superUsers: ["CN=ops", "CN=ops"] } }), [
                'kafka-platform:kafka.superUsers: must not repeat a principal (got ["CN=ops","CN=ops"])',
            ]);
        });
    });

    describe("resources and JVM", () => {
        it("rejects a heap above 75% of the memory limit and -Xms above -Xmx", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { brokers: { jvmOptions: { "-Xms": "4g", "-Xmx": "3500m" } } } }), [
                'kafka-platform:kafka.brokers.jvmOptions.-Xms: must be <= kafka.brokers.jvmOptions.-Xmx (3500m) (got "4g")',
                'kafka-platform:kafka.brokers.jvmOptions.-Xmx: must be at most 75% of kafka.brokers.resources.limits.memory (4Gi, so at most 3072m): the JVM needs memory outside the heap and Kafka relies on the page cache (got "3500m")',
            ]);
        });

        it("rejects heap sizes in another syntax than the JVM's", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { controllers: { jvmOptions: { "-Xmx": "512Mi" } } } }), [
                'kafka-platform:kafka.controllers.jvmOptions.-Xmx: must be a JVM heap size such as 512m or 2g (got "512Mi")',
            ]);
        });

        it("rejects malformed CPU and memory quantities", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { controllers: { resources: { requests: { cpu: "1Gi", memory: "512m" } } } } }), [
                'kafka-platform:kafka.controllers.resources.requests.cpu: must be a CPU quantity such as 500m, 1 or 1.5 (got "1Gi")',
                'kafka-platform:kafka.controllers.resources.requests.memory: must be a memory size of at least 1Mi, such as 512Mi or 4Gi (got "512m")',
            ]);
        });

        it("rejects requests above limits", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { brokers: { resources: { requests: { memory: "8Gi", cpu: "2" }, limits: { cpu: "1" } } } } }), [
                'kafka-platform:kafka.brokers.resources.requests.memory: must be <= kafka.brokers.resources.limits.memory (4Gi) (got "8Gi")',
                'kafka-platform:kafka.brokers.resources.requests.cpu: must be <= kafka.brokers.resources.limits.cpu (1) (got "2")',
            ]);
        });

        it("rejects an operator request above its limit", () => {
            assert.deepEqual(problemsWith("dev", { operator: { resources: { requests: { cpu: "2" } } } }), [
                'kafka-platform:operator.resources.requests.cpu: must be <= operator.resources.limits.cpu (1) (got "2")',
            ]);
        });
    });

    describe("operator", () => {
        it("refuses a single operator replica outside dev", () => {
            assert.deepEqual(problemsWith("staging", { operator: { replicas: 1 } }), [
                "kafka-platform:operator.replicas: must be >= 2 in staging: a standby replica (leader election) keeps Kafka reconciled while a node is drained (got 1)",
            ]);
        });

        it("rejects feature gates the Strimzi release does not have", () => {
            assert.deepEqual(problemsWith("dev", { operator: { featureGates: { KafkaNodePools: true } } }), [
                "kafka-platform:operator.featureGates.KafkaNodePools: is not a feature gate of Strimzi 1.2.0 (the operator would refuse to start); known gates: UseConnectBuildWithBuildah, UseBackgroundPodDeletion (got true)",
            ]);
        });

        it("refuses the Connect builder gate either way: the platform builds with Buildah and the gate goes GA in 1.3", () => {
            const message =
                "is decided by the platform: Connect images are built with Buildah, Strimzi's default, which pushes with the registry Secret the platform keeps fresh; Kaniko (false) is archived upstream, and naming the gate at all stops the operator once it goes GA (planned for Strimzi 1.3); remove the key";
            for (const [env, on] of [["dev", false], ["prod", true]] as const) {
                assert.deepEqual(problemsWith(env, { operator: { featureGates: { UseConnectBuildWithBuildah: on } } }), [
                    `kafka-platform:operator.featureGates.UseConnectBuildWithBuildah: ${message} (got ${on})`,
                ]);
            }
        });

        it("accepts a gate a stack may set", () => {
            assert.deepEqual(problemsWith("prod", { operator: { featureGates: { UseBackgroundPodDeletion: true } } }), []);
        });
    });

    describe("names and unknown keys", () => {
        it("rejects a Kafka name Strimzi cannot derive resource names from", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { name: "a".repeat(41) } }), [
                `kafka-platform:kafka.name: must be at most 40 characters: Strimzi derives pod and Service names from it (got "${"a".repeat(41)}")`,
            ]);
        });

        it("rejects running Kafka in the operator's namespace", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { namespace: "strimzi" } }), [
                'kafka-platform:kafka.namespace: must differ from operator.namespace (strimzi): the operator and the Kafka cluster each get a namespace of their own (got "strimzi")',
            ]);
        });

        it("suggests the nearest key for a typo", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { brokers: { replica: 3 } } }), ['kafka-platform:kafka.brokers.replica: unknown key; did you mean "replicas"? (got 3)']);
        });
    });

    describe("Cruise Control capacity", () => {
        it("requires the network capacity when the Kafka node type is not in the table", () => {
            assert.deepEqual(problemsWith("dev", { cluster: { nodeGroups: { kafka: { instanceTypes: ["i4i.xlarge"] } } } }), [
                "kafka-platform:kafka.cruiseControl.brokerCapacity.inboundNetwork: is required: the baseline network bandwidth of i4i.xlarge is not in the platform's table (components/config/capacity.ts); set it to the node's baseline bandwidth in KiB/s (got nothing)",
                "kafka-platform:kafka.cruiseControl.brokerCapacity.outboundNetwork: is required: the baseline network bandwidth of i4i.xlarge is not in the platform's table (components/config/capacity.ts); set it to the node's baseline bandwidth in KiB/s (got nothing)",
            ]);
        });

        it("rejects a capacity that is not a rate", () => {
            assert.deepEqual(problemsWith("dev", { kafka: { cruiseControl: { brokerCapacity: { inboundNetwork: "1Gbps" } } } }), [
                'kafka-platform:kafka.cruiseControl.brokerCapacity.inboundNetwork: must be a rate such as 190000KiB/s (got "1Gbps")',
            ]);
        });
    });

    it("stops the program with every problem before anything is created", async () => {
        const message = await failureOf(runPatched("prod", { kafka: { minInsyncReplicas: 3, config: { "log.dirs": "/data" } } }));
        assert.equal(
            message,
            [
                "invalid stack config (2 problems):",
                "  - kafka-platform:kafka.minInsyncReplicas: must be < kafka.defaultReplicationFactor (3): otherwise one broker restart blocks every producer using acks=all (got 3)",
                `  - kafka-platform:kafka.config.log.dirs: is forbidden by Strimzi, which would silently drop it: ${LOG_DIRS} (got "/data")`,
            ].join("\n"),
        );
    });
});
