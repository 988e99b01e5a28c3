import { strict as assert } from "assert";
import {
    kafkaDefaultReplicationFactor,
    kafkaInternalTopicReplication,
    kafkaMinBrokers,
    kafkaMinInsyncReplicas,
    kafkaRackAwareness,
    kafkaTopicReplication,
    kafkaUncleanLeaderElection,
} from "../../policies/rules/kafkaReplication";
import { resourceMessages, stackFindings, stackOutcome, StackResource, UNKNOWN_INPUT, unknownReason, unknownStackReason, validateResource } from "../support/policyArgs";
import { brokerPool, controllerPool, kafka, KAFKA, KAFKA_NODE_POOL, KAFKA_TOPIC, Obj, topic, ZONE } from "../support/policyFixtures";

const cfg = (key: string) => `spec.kafka.config["${key}"]`;

function kafkaWith(edit: (k: Obj) => void): Obj {
    const k = kafka();
    edit(k);
    return k;
}

function poolWith(edit: (p: Obj) => void, name = "broker"): Obj {
    const p = brokerPool(name);
    edit(p);
    return p;
}

function topicWith(edit: (t: Obj) => void): Obj {
    const t = topic();
    edit(t);
    return t;
}

describe("policy kafka-min-brokers", () => {
    const cluster = (...pools: Obj[]): StackResource[] => [
        { type: KAFKA, name: "events", props: kafka() },
        ...pools.map((p) => ({ type: KAFKA_NODE_POOL, name: p.metadata.name as string, props: p })),
    ];

    it("passes a cluster with three brokers and a separate controller pool", async () => {
        assert.deepEqual(await stackFindings(kafkaMinBrokers, cluster(brokerPool(), controllerPool())), []);
    });

    it("reports a single broker on the broker pool, with the count per pool", async () => {
        assert.deepEqual(await stackFindings(kafkaMinBrokers, cluster(poolWith((p) => (p.spec.replicas = 1)), controllerPool())), [
            {
                resource: "broker",
                message: "Kafka kafka/events has 1 broker (KafkaNodePool kafka/broker: 1); raise spec.replicas of its broker node pools to at least 3 in total.",
            },
        ]);
    });

    it("sums the brokers of every broker pool, including pools that are also controllers", async () => {
        const one = (name: string, roles = ["broker"]) => poolWith((p) => Object.assign(p.spec, { replicas: 1, roles }), name);
        assert.deepEqual(await stackFindings(kafkaMinBrokers, cluster(one("zone-a"), one("zone-b"), one("zone-c", ["broker", "controller"]))), []);
        assert.deepEqual(await stackFindings(kafkaMinBrokers, cluster(one("zone-a"), one("zone-b"), controllerPool())), [
            {
                resource: "zone-a",
                message:
                    "Kafka kafka/events has 2 brokers (KafkaNodePool kafka/zone-a: 1, KafkaNodePool kafka/zone-b: 1); raise spec.replicas of its broker node pools to at least 3 in total.",
            },
        ]);
    });

    it("reports a cluster with no broker pool on the Kafka resource, and counts no pool of another cluster", async () => {
        const otherCluster = poolWith((p) => (p.metadata.labels["strimzi.io/cluster"] = "other"));
        assert.deepEqual(await stackFindings(kafkaMinBrokers, cluster(controllerPool(), otherCluster)), [
            {
                resource: "events",
                message: "Kafka kafka/events has no broker KafkaNodePool: add a KafkaNodePool labelled strimzi.io/cluster: events with roles [broker] and spec.replicas of at least 3.",
            },
        ]);
    });

    it("takes the minimum from the config", async () => {
        const single = cluster(poolWith((p) => (p.spec.replicas = 1)));
        assert.deepEqual(await stackFindings(kafkaMinBrokers, single, { minBrokers: 1 }), []);
        assert.deepEqual(await stackFindings(kafkaMinBrokers, cluster(brokerPool()), { minBrokers: 6 }), [
            {
                resource: "broker",
                message: "Kafka kafka/events has 3 brokers (KafkaNodePool kafka/broker: 3); raise spec.replicas of its broker node pools to at least 6 in total.",
            },
        ]);
    });

    it("cannot judge a pool whose replicas or roles are unknown during a preview", async () => {
        assert.deepEqual(await stackOutcome(kafkaMinBrokers, cluster(poolWith((p) => (p.spec.replicas = UNKNOWN_INPUT)))), {
            findings: [],
            notApplicable: unknownStackReason("spec.replicas of KafkaNodePool kafka/broker"),
        });
        assert.deepEqual(await stackOutcome(kafkaMinBrokers, cluster(poolWith((p) => (p.spec.roles = UNKNOWN_INPUT)), poolWith((p) => (p.spec.replicas = 1), "zone-b"))), {
            findings: [],
            notApplicable: unknownStackReason("spec.roles of KafkaNodePool kafka/broker"),
        });
        const unlabelled = poolWith((p) => (p.metadata.labels["strimzi.io/cluster"] = UNKNOWN_INPUT), "zone-b");
        assert.deepEqual(await stackOutcome(kafkaMinBrokers, cluster(poolWith((p) => (p.spec.replicas = 1)), unlabelled)), {
            findings: [],
            notApplicable: unknownStackReason("metadata of KafkaNodePool kafka/zone-b"),
        });
    });

    it("judges a cluster whose known brokers already reach the minimum, whatever the unknown pool holds", async () => {
        assert.deepEqual(await stackOutcome(kafkaMinBrokers, cluster(brokerPool(), poolWith((p) => (p.spec.replicas = UNKNOWN_INPUT), "zone-b"))), { findings: [] });
    });
});

describe("policy kafka-default-replication-factor", () => {
    const check = (k: Obj, config?: Record<string, unknown>) => resourceMessages(kafkaDefaultReplicationFactor, KAFKA, k, { config });

    it("passes 3, written as a number or a string", async () => {
        assert.deepEqual(await check(kafka()), []);
        assert.deepEqual(await check(kafkaWith((k) => (k.spec.kafka.config["default.replication.factor"] = "3"))), []);
    });

    it("reports a missing key (Kafka's default is 1), a low value and a value that is not a number", async () => {
        assert.deepEqual(await check(kafkaWith((k) => delete k.spec.kafka.config["default.replication.factor"])), [
            `${cfg("default.replication.factor")} is not set, so topics created without their own replication factor get Kafka's default of 1; set it to at least 3.`,
        ]);
        assert.deepEqual(await check(kafkaWith((k) => (k.spec.kafka.config["default.replication.factor"] = 2))), [`${cfg("default.replication.factor")} is 2; set it to at least 3.`]);
        assert.deepEqual(await check(kafkaWith((k) => (k.spec.kafka.config["default.replication.factor"] = "three"))), [
            `${cfg("default.replication.factor")} is "three", not an integer; set it to at least 3.`,
        ]);
    });

    it("takes the minimum from the config", async () => {
        assert.deepEqual(await check(kafkaWith((k) => delete k.spec.kafka.config["default.replication.factor"]), { minReplicationFactor: 1 }), []);
        assert.deepEqual(await check(kafka(), { minReplicationFactor: 4 }), [`${cfg("default.replication.factor")} is 3; set it to at least 4.`]);
    });

    it("cannot judge an unknown value, and ignores other resources", async () => {
        assert.deepEqual(await validateResource(kafkaDefaultReplicationFactor, KAFKA, kafkaWith((k) => (k.spec.kafka.config = UNKNOWN_INPUT))), {
            messages: [],
            notApplicable: unknownReason(cfg("default.replication.factor")),
        });
        assert.deepEqual(await resourceMessages(kafkaDefaultReplicationFactor, KAFKA_TOPIC, topic()), []);
    });
});

describe("policy kafka-min-insync-replicas", () => {
    const check = (k: Obj, config?: Record<string, unknown>) => resourceMessages(kafkaMinInsyncReplicas, KAFKA, k, { config });
    const isr = cfg("min.insync.replicas");
    const rf = cfg("default.replication.factor");

    it("passes min ISR 2 with RF 3", async () => {
        assert.deepEqual(await check(kafka()), []);
    });

    it("reports a missing or low min.insync.replicas", async () => {
        assert.deepEqual(await check(kafkaWith((k) => delete k.spec.kafka.config["min.insync.replicas"])), [
            `${isr} is not set, so Kafka's default of 1 acknowledges an acks=all write held by a single replica; set it to at least 2.`,
        ]);
        assert.deepEqual(await check(kafkaWith((k) => (k.spec.kafka.config["min.insync.replicas"] = 1))), [
            `${isr} is 1; set it to at least 2 so an acknowledged write survives the loss of a broker.`,
        ]);
    });

    it("reports a min.insync.replicas equal to or above the replication factor", async () => {
        assert.deepEqual(await check(kafkaWith((k) => (k.spec.kafka.config["min.insync.replicas"] = 3))), [
            `${isr} (3) equals ${rf} (3), so one broker down blocks every acks=all write; lower ${isr} to 2 or raise ${rf} to 4.`,
        ]);
        assert.deepEqual(await check(kafkaWith((k) => delete k.spec.kafka.config["default.replication.factor"])), [
            `${isr} (2) is above Kafka's default replication factor of 1 (${rf} is not set), so every acks=all write would fail; lower ${isr} below ${rf} or raise ${rf} above it.`,
        ]);
    });

    it("takes the minimum from the config: dev's RF 1 / min ISR 1 passes", async () => {
        const single = kafkaWith((k) => Object.assign(k.spec.kafka.config, { "default.replication.factor": 1, "min.insync.replicas": 1 }));
        assert.deepEqual(await check(single, { minInsyncReplicas: 1 }), []);
        assert.deepEqual(await check(single), [`${isr} is 1; set it to at least 2 so an acknowledged write survives the loss of a broker.`]);
    });

    it("cannot judge an unknown value", async () => {
        const outcome = (k: Obj) => validateResource(kafkaMinInsyncReplicas, KAFKA, k);
        assert.deepEqual(await outcome(kafkaWith((k) => (k.spec.kafka.config["min.insync.replicas"] = UNKNOWN_INPUT))), { messages: [], notApplicable: unknownReason(isr) });
        assert.deepEqual(await outcome(kafkaWith((k) => Object.assign(k.spec.kafka.config, { "min.insync.replicas": 1, "default.replication.factor": UNKNOWN_INPUT }))), {
            messages: [`${isr} is 1; set it to at least 2 so an acknowledged write survives the loss of a broker.`],
            notApplicable: unknownReason(rf),
        });
    });
});

describe("policy kafka-internal-topic-replication", () => {
    const check = (k: Obj, config?: Record<string, unknown>) => resourceMessages(kafkaInternalTopicReplication, KAFKA, k, { config });

    it("passes internal topics at RF 3 / min ISR 2, set or left at Kafka's defaults", async () => {
        assert.deepEqual(await check(kafka()), []);
        const defaults = kafkaWith((k) => {
            for (const key of ["offsets.topic.replication.factor", "transaction.state.log.replication.factor", "transaction.state.log.min.isr"]) {
                delete k.spec.kafka.config[key];
            }
        });
        assert.deepEqual(await check(defaults), []);
    });

    it("reports internal topics replicated less than the environment minimum", async () => {
        const low = kafkaWith((k) => Object.assign(k.spec.kafka.config, { "offsets.topic.replication.factor": 1, "transaction.state.log.replication.factor": 2 }));
        assert.deepEqual(await check(low), [
            `${cfg("offsets.topic.replication.factor")} is 1, which holds the consumer group offsets; set it to at least 3, the minimum replication factor for this environment.`,
            `${cfg("transaction.state.log.replication.factor")} is 2, which holds the transaction state; set it to at least 3, the minimum replication factor for this environment.`,
            `${cfg("transaction.state.log.min.isr")} (2) equals ${cfg("transaction.state.log.replication.factor")} (2), so one broker down blocks every acks=all write; lower ${cfg("transaction.state.log.min.isr")} to 1 or raise ${cfg("transaction.state.log.replication.factor")} to 3.`,
        ]);
    });

    it("requires internal topics to be replicated like data topics when those are replicated more", async () => {
        const rf4 = kafkaWith((k) => (k.spec.kafka.config["default.replication.factor"] = 4));
        assert.deepEqual(await check(rf4), [
            `${cfg("offsets.topic.replication.factor")} is 3, which holds the consumer group offsets; set it to at least 4, like data topics (default.replication.factor).`,
            `${cfg("transaction.state.log.replication.factor")} is 3, which holds the transaction state; set it to at least 4, like data topics (default.replication.factor).`,
        ]);
    });

    it("reports a low transaction-state min ISR, and names Kafka's default when a key is not set", async () => {
        assert.deepEqual(await check(kafkaWith((k) => (k.spec.kafka.config["transaction.state.log.min.isr"] = 1))), [`${cfg("transaction.state.log.min.isr")} is 1; set it to at least 2.`]);
        const unset = kafkaWith((k) => delete k.spec.kafka.config["offsets.topic.replication.factor"]);
        assert.deepEqual(await check(unset, { minReplicationFactor: 4 }), [
            `${cfg("offsets.topic.replication.factor")} is not set (Kafka's default 3), which holds the consumer group offsets; set it to at least 4, the minimum replication factor for this environment.`,
            `${cfg("transaction.state.log.replication.factor")} is 3, which holds the transaction state; set it to at least 4, the minimum replication factor for this environment.`,
        ]);
    });

    it("takes the minimums from the config: dev's single replica passes", async () => {
        const single = kafkaWith((k) =>
            Object.assign(k.spec.kafka.config, {
                "default.replication.factor": 1,
                "offsets.topic.replication.factor": 1,
                "transaction.state.log.replication.factor": 1,
                "transaction.state.log.min.isr": 1,
            }),
        );
        assert.deepEqual(await check(single, { minReplicationFactor: 1, minInsyncReplicas: 1 }), []);
    });
});

describe("policy kafka-internal-topic-replication, unknown values", () => {
    it("says what it cannot judge, after reporting what it can", async () => {
        const edited = kafkaWith((k) =>
            Object.assign(k.spec.kafka.config, {
                "default.replication.factor": UNKNOWN_INPUT,
                "offsets.topic.replication.factor": 1,
                "transaction.state.log.min.isr": UNKNOWN_INPUT,
            }),
        );
        assert.deepEqual(await validateResource(kafkaInternalTopicReplication, KAFKA, edited), {
            messages: [`${cfg("offsets.topic.replication.factor")} is 1, which holds the consumer group offsets; set it to at least 3, the minimum replication factor for this environment.`],
            notApplicable: `cannot judge during preview: ${cfg("default.replication.factor")} and ${cfg("transaction.state.log.min.isr")} are unknown until the update; pulumi up judges them before applying`,
        });
        assert.deepEqual(await validateResource(kafkaInternalTopicReplication, KAFKA, kafkaWith((k) => (k.spec.kafka.config["transaction.state.log.replication.factor"] = UNKNOWN_INPUT))), {
            messages: [],
            notApplicable: unknownReason(cfg("transaction.state.log.replication.factor")),
        });
    });
});

describe("policy kafka-unclean-leader-election", () => {
    it("passes a cluster and a topic that leave it off", async () => {
        assert.deepEqual(await resourceMessages(kafkaUncleanLeaderElection, KAFKA, kafka()), []);
        assert.deepEqual(await resourceMessages(kafkaUncleanLeaderElection, KAFKA_TOPIC, topic()), []);
    });

    it("reports it turned on for the cluster or for one topic, as a boolean or a string", async () => {
        assert.deepEqual(await resourceMessages(kafkaUncleanLeaderElection, KAFKA, kafkaWith((k) => (k.spec.kafka.config["unclean.leader.election.enable"] = true))), [
            `${cfg("unclean.leader.election.enable")} is true; set it to false (or remove it): an out-of-sync replica elected leader silently drops acknowledged writes.`,
        ]);
        assert.deepEqual(await resourceMessages(kafkaUncleanLeaderElection, KAFKA_TOPIC, topicWith((t) => (t.spec.config["unclean.leader.election.enable"] = "true"))), [
            'KafkaTopic kafka/payments-orders (topic payments.orders): spec.config["unclean.leader.election.enable"] is true; set it to false (or remove it): an out-of-sync replica elected leader silently drops acknowledged writes.',
        ]);
    });

    it("says it cannot judge an unknown setting", async () => {
        const key = "unclean.leader.election.enable";
        assert.deepEqual(await validateResource(kafkaUncleanLeaderElection, KAFKA, kafkaWith((k) => (k.spec.kafka.config[key] = UNKNOWN_INPUT))), {
            messages: [],
            notApplicable: unknownReason(cfg(key)),
        });
        assert.deepEqual(await validateResource(kafkaUncleanLeaderElection, KAFKA_TOPIC, topicWith((t) => (t.spec.config = UNKNOWN_INPUT))), {
            messages: [],
            notApplicable: unknownReason(`spec.config["${key}"]`),
        });
    });
});

describe("policy kafka-rack-awareness", () => {
    const messages = async (resources: StackResource[], config?: Record<string, unknown>) => (await stackFindings(kafkaRackAwareness, resources, config)).map((f) => f.message);
    const checkKafka = (k: Obj, config?: Record<string, unknown>) => messages([{ type: KAFKA, name: "kafka", props: k }], config);
    // The pool beside a Kafka whose own spec.kafka.template.pod spreads nothing, so only the pool's template counts.
    const checkPool = (p: Obj, config?: Record<string, unknown>) => messages([{ type: KAFKA, name: "kafka", props: kafka() }, { type: KAFKA_NODE_POOL, name: "pool", props: p }], config);
    const spreadAdvice = `add to spec.template.pod.topologySpreadConstraints an entry with topologyKey "${ZONE}", maxSkew 1 and whenUnsatisfiable DoNotSchedule (Strimzi's rack setting no longer spreads pods by itself).`;

    it("passes a cluster with the zone as its rack and a broker pool spread over the zones", async () => {
        assert.deepEqual(await checkKafka(kafka()), []);
        assert.deepEqual(await checkPool(brokerPool()), []);
    });

    it("reports a cluster without rack awareness, with another topology key or with an environment-variable rack", async () => {
        assert.deepEqual(await checkKafka(kafkaWith((k) => delete k.spec.kafka.rack)), [
            `spec.kafka.rack is not set; set spec.kafka.rack.topologyKey to "${ZONE}" so Kafka puts the replicas of each partition in different zones.`,
        ]);
        assert.deepEqual(await checkKafka(kafkaWith((k) => (k.spec.kafka.rack.topologyKey = "kubernetes.io/hostname"))), [
            `spec.kafka.rack.topologyKey is "kubernetes.io/hostname"; set it to "${ZONE}" so Kafka puts the replicas of each partition in different zones.`,
        ]);
        assert.deepEqual(await checkKafka(kafkaWith((k) => (k.spec.kafka.rack = { type: "environment-variable", envVarName: "RACK" }))), [
            `spec.kafka.rack.type is "environment-variable", which cannot be checked against the zones; use type "topology-label" (the default) with topologyKey "${ZONE}".`,
        ]);
        assert.deepEqual(await checkKafka(kafkaWith((k) => (k.spec.kafka.rack.type = "topology-label"))), []);
    });

    it("reports a broker pool that does not spread, or only tries to", async () => {
        assert.deepEqual(await checkPool(poolWith((p) => (p.spec.template.pod = {}))), [`KafkaNodePool kafka/broker runs 3 brokers but does not spread its brokers over "${ZONE}": ${spreadAdvice}`]);
        assert.deepEqual(await checkPool(poolWith((p) => (p.spec.template.pod.topologySpreadConstraints[0].whenUnsatisfiable = "ScheduleAnyway"))), [
            `KafkaNodePool kafka/broker runs 3 brokers but has a spec.template.pod.topologySpreadConstraints entry on "${ZONE}" with whenUnsatisfiable ScheduleAnyway, which still lets several brokers land in one zone; set whenUnsatisfiable to DoNotSchedule.`,
        ]);
    });

    it("passes a pool pinned to one zone, a single-broker pool and a controller pool", async () => {
        const pinned = poolWith((p) => {
            p.spec.template.pod = {
                affinity: {
                    nodeAffinity: {
                        requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: ZONE, operator: "In", values: ["eu-central-1a"] }] }] },
                    },
                },
            };
        });
        assert.deepEqual(await checkPool(pinned), []);
        assert.deepEqual(await checkPool(poolWith((p) => Object.assign(p.spec, { replicas: 1, template: undefined }))), []);
        assert.deepEqual(await checkPool(controllerPool()), []);
    });

    it("takes the topology key and whether pools must spread from the config", async () => {
        assert.deepEqual(await checkPool(poolWith((p) => delete p.spec.template), { requirePoolSpread: false }), []);
        assert.deepEqual(await checkKafka(kafka(), { topologyKey: "example.com/rack" }), [
            'spec.kafka.rack.topologyKey is "topology.kubernetes.io/zone"; set it to "example.com/rack" so Kafka puts the replicas of each partition in different zones.',
        ]);
    });

    it("judges a pool without a pod template of its own on the Kafka's spec.kafka.template.pod, which Strimzi gives it", async () => {
        const spreadTemplate = brokerPool().spec.template.pod;
        const inheriting = poolWith((p) => delete p.spec.template);
        const spreadCluster = kafkaWith((k) => (k.spec.kafka.template.pod = spreadTemplate));
        assert.deepEqual(await messages([{ type: KAFKA, name: "kafka", props: spreadCluster }, { type: KAFKA_NODE_POOL, name: "pool", props: inheriting }]), []);
        assert.deepEqual(await messages([{ type: KAFKA, name: "kafka", props: kafka() }, { type: KAFKA_NODE_POOL, name: "pool", props: inheriting }]), [
            `KafkaNodePool kafka/broker runs 3 brokers with the pod template it inherits from Kafka kafka/events (spec.kafka.template.pod; the pool sets no spec.template.pod) but does not spread its brokers over "${ZONE}": ${spreadAdvice}`,
        ]);
        // A pool's own template replaces the Kafka's whole template: the cluster's spread does not rescue it.
        const ownUnspread = poolWith((p) => (p.spec.template.pod = { tolerations: [] }));
        assert.deepEqual(await messages([{ type: KAFKA, name: "kafka", props: spreadCluster }, { type: KAFKA_NODE_POOL, name: "pool", props: ownUnspread }]), [
            `KafkaNodePool kafka/broker runs 3 brokers but does not spread its brokers over "${ZONE}": ${spreadAdvice}`,
        ]);
    });

    it("says what it cannot judge, after reporting what it can", async () => {
        const outcome = (k: Obj, p?: Obj) => stackOutcome(kafkaRackAwareness, [{ type: KAFKA, name: "kafka", props: k }, ...(p ? [{ type: KAFKA_NODE_POOL, name: "pool", props: p }] : [])]);
        const pool = "KafkaNodePool kafka/broker";
        assert.deepEqual(await outcome(kafkaWith((k) => (k.spec.kafka.rack = UNKNOWN_INPUT))), { findings: [], notApplicable: unknownStackReason("spec.kafka.rack of Kafka kafka/events") });
        assert.deepEqual(await outcome(kafkaWith((k) => (k.spec.kafka.rack.topologyKey = UNKNOWN_INPUT))), {
            findings: [],
            notApplicable: unknownStackReason("spec.kafka.rack.topologyKey of Kafka kafka/events"),
        });
        assert.deepEqual(await outcome(kafka(), poolWith((p) => (p.spec.template.pod.topologySpreadConstraints = UNKNOWN_INPUT))), {
            findings: [],
            notApplicable: unknownStackReason(`spec.template.pod.topologySpreadConstraints of ${pool}`),
        });
        assert.deepEqual(await outcome(kafkaWith((k) => delete k.spec.kafka.rack), poolWith((p) => (p.spec.template.pod.topologySpreadConstraints[0].whenUnsatisfiable = UNKNOWN_INPUT))), {
            findings: [{ resource: "kafka", message: `spec.kafka.rack is not set; set spec.kafka.rack.topologyKey to "${ZONE}" so Kafka puts the replicas of each partition in different zones.` }],
            notApplicable: unknownStackReason(`spec.template.pod.topologySpreadConstraints[0] of ${pool}`),
        });
        // Without a template of its own the pool inherits the Kafka's, which spreads nothing: only its unknown size keeps it from a finding.
        assert.deepEqual(await outcome(kafka(), poolWith((p) => Object.assign(p.spec, { replicas: UNKNOWN_INPUT, template: {} }))), {
            findings: [],
            notApplicable: unknownStackReason(`spec.replicas of ${pool}`),
        });
        assert.deepEqual(await outcome(kafkaWith((k) => (k.spec.kafka.template.pod = UNKNOWN_INPUT)), poolWith((p) => (p.spec.template = {}))), {
            findings: [],
            notApplicable: unknownStackReason("spec.kafka.template.pod of Kafka kafka/events"),
        });
        assert.deepEqual(await outcome(kafka(), poolWith((p) => (p.spec.replicas = UNKNOWN_INPUT))), { findings: [] }, "a pool that spreads passes whatever its size");
    });
});

describe("policy kafka-topic-replication", () => {
    const check = (t: Obj, config?: Record<string, unknown>) => resourceMessages(kafkaTopicReplication, KAFKA_TOPIC, t, { config });
    const label = "KafkaTopic kafka/payments-orders (topic payments.orders)";
    const isr = 'spec.config["min.insync.replicas"]';

    it("passes RF 3 / min ISR 2, and a topic that inherits the cluster's settings", async () => {
        assert.deepEqual(await check(topic()), []);
        assert.deepEqual(await check(topicWith((t) => Object.assign(t.spec, { replicas: undefined, config: {} }))), []);
    });

    it("reports a topic replicated less than the minimum", async () => {
        assert.deepEqual(await check(topicWith((t) => Object.assign(t.spec, { replicas: 1, config: {} }))), [
            `${label}: spec.replicas is 1; set it to at least 3, or remove it to use the cluster's default.replication.factor.`,
        ]);
    });

    it("reports its own min.insync.replicas when low, equal to or above its replicas", async () => {
        assert.deepEqual(await check(topicWith((t) => (t.spec.config["min.insync.replicas"] = 1))), [
            `${label}: ${isr} is 1; set it to at least 2, or remove it to use the cluster's min.insync.replicas.`,
        ]);
        assert.deepEqual(await check(topicWith((t) => (t.spec.config["min.insync.replicas"] = "3"))), [
            `${label}: ${isr} (3) equals spec.replicas (3), so one broker down blocks every acks=all write; lower ${isr} to 2 or raise spec.replicas to 4.`,
        ]);
        assert.deepEqual(await check(topicWith((t) => (t.spec.config["min.insync.replicas"] = 4))), [
            `${label}: ${isr} (4) is above spec.replicas (3), so every acks=all write would fail; lower ${isr} below spec.replicas or raise spec.replicas above it.`,
        ]);
    });

    it("takes the minimums from the config", async () => {
        const single = topicWith((t) => Object.assign(t.spec, { replicas: 1, config: { "min.insync.replicas": 1 } }));
        assert.deepEqual(await check(single, { minReplicationFactor: 1, minInsyncReplicas: 1 }), []);
    });

    it("cannot judge unknown values", async () => {
        const outcome = (t: Obj) => validateResource(kafkaTopicReplication, KAFKA_TOPIC, t);
        assert.deepEqual(await outcome(topicWith((t) => Object.assign(t.spec, { replicas: UNKNOWN_INPUT, config: UNKNOWN_INPUT }))), {
            messages: [],
            notApplicable: `cannot judge during preview: spec.replicas and ${isr} are unknown until the update; pulumi up judges them before applying`,
        });
        assert.deepEqual(await outcome(topicWith((t) => Object.assign(t.spec, { replicas: 1, config: { "min.insync.replicas": UNKNOWN_INPUT } }))), {
            messages: [`${label}: spec.replicas is 1; set it to at least 3, or remove it to use the cluster's default.replication.factor.`],
            notApplicable: unknownReason(isr),
        });
    });
});
