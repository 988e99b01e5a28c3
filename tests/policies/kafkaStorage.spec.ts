import { strict as assert } from "assert";
import {
    kafkaNoEphemeralStorage,
    kafkaRetentionFitsStorage,
    kafkaStorageClass,
    kafkaStorageDeleteClaim,
    kafkaStorageMinSize,
} from "../../policies/rules/kafkaStorage";
import { resourceMessages, stackFindings, stackOutcome, StackResource, UNKNOWN_INPUT, unknownReason, unknownStackReason, validateResource } from "../support/policyArgs";
import { brokerPool, controllerPool, kafka, KAFKA, KAFKA_NODE_POOL, KAFKA_TOPIC, Obj, STORAGE_CLASS, storageClass, topic } from "../support/policyFixtures";

const GIB = 2 ** 30;

function edited<T extends Obj>(value: T, edit: (v: T) => void): T {
    edit(value);
    return value;
}

const pool = (edit: (p: Obj) => void) => edited(brokerPool(), edit);

describe("policy kafka-no-ephemeral-storage", () => {
    const check = (p: Obj) => resourceMessages(kafkaNoEphemeralStorage, KAFKA_NODE_POOL, p);

    it("passes persistent broker and controller pools", async () => {
        assert.deepEqual(await check(brokerPool()), []);
        assert.deepEqual(await check(controllerPool()), []);
    });

    it("reports ephemeral storage, whole or as one JBOD volume", async () => {
        assert.deepEqual(await check(pool((p) => (p.spec.storage = { type: "ephemeral", sizeLimit: "10Gi" }))), [
            "KafkaNodePool kafka/broker: spec.storage.type is ephemeral, so a restarted or rescheduled pod loses its data; use type persistent-claim with a size and an encrypted gp3 class.",
        ]);
        assert.deepEqual(await check(pool((p) => p.spec.storage.volumes.push({ id: 1, type: "ephemeral" }))), [
            "KafkaNodePool kafka/broker: spec.storage.volumes[1].type is ephemeral, so a restarted or rescheduled pod loses its data; use type persistent-claim with a size and an encrypted gp3 class.",
        ]);
    });

    it("says it cannot judge unknown storage", async () => {
        const outcome = (p: Obj) => validateResource(kafkaNoEphemeralStorage, KAFKA_NODE_POOL, p);
        assert.deepEqual(await outcome(pool((p) => (p.spec.storage = UNKNOWN_INPUT))), { messages: [], notApplicable: unknownReason("spec.storage") });
        assert.deepEqual(await outcome(pool((p) => p.spec.storage.volumes.push({ id: 1, type: UNKNOWN_INPUT }))), { messages: [], notApplicable: unknownReason("spec.storage.volumes[1].type") });
    });
});

describe("policy kafka-storage-delete-claim", () => {
    const check = (p: Obj) => resourceMessages(kafkaStorageDeleteClaim, KAFKA_NODE_POOL, p);

    it("passes volumes that keep their claims, explicitly or by Strimzi's default", async () => {
        assert.deepEqual(await check(brokerPool()), []);
        assert.deepEqual(await check(pool((p) => delete p.spec.storage.volumes[0].deleteClaim)), []);
    });

    it("reports deleteClaim: true on a JBOD volume or on a single volume", async () => {
        assert.deepEqual(await check(pool((p) => (p.spec.storage.volumes[0].deleteClaim = true))), [
            "KafkaNodePool kafka/broker: spec.storage.volumes[0].deleteClaim is true, so scaling the pool down or deleting it deletes the volume and its data; set it to false.",
        ]);
        assert.deepEqual(await check(edited(controllerPool(), (p) => (p.spec.storage.deleteClaim = true))), [
            "KafkaNodePool kafka/controller: spec.storage.deleteClaim is true, so scaling the pool down or deleting it deletes the volume and its data; set it to false.",
        ]);
    });

    it("says it cannot judge unknown storage or an unknown deleteClaim", async () => {
        const outcome = (p: Obj) => validateResource(kafkaStorageDeleteClaim, KAFKA_NODE_POOL, p);
        assert.deepEqual(await outcome(pool((p) => (p.spec.storage = UNKNOWN_INPUT))), { messages: [], notApplicable: unknownReason("spec.storage") });
        assert.deepEqual(await outcome(pool((p) => (p.spec.storage.volumes[0].deleteClaim = UNKNOWN_INPUT))), {
            messages: [],
            notApplicable: unknownReason("spec.storage.volumes[0].deleteClaim"),
        });
    });
});

describe("policy kafka-storage-min-size", () => {
    const check = (p: Obj, config?: Record<string, unknown>) => resourceMessages(kafkaStorageMinSize, KAFKA_NODE_POOL, p, { config });
    const sized = (size: unknown) => pool((p) => (p.spec.storage.volumes[0].size = size));

    it("passes volumes of at least the minimum for their role, in any quantity unit", async () => {
        assert.deepEqual(await check(brokerPool()), []);
        assert.deepEqual(await check(controllerPool()), []);
        assert.deepEqual(await check(sized("0.1Ti")), []);
        assert.deepEqual(await check(sized("107374182400")), []);
    });

    it("reports a small broker volume, counting decimal units as such", async () => {
        assert.deepEqual(await check(sized("50Gi")), ["KafkaNodePool kafka/broker: spec.storage.volumes[0].size is 50Gi; set it to at least 100Gi (the minimum for a broker volume)."]);
        assert.deepEqual(await check(sized("100G")), ["KafkaNodePool kafka/broker: spec.storage.volumes[0].size is 100G; set it to at least 100Gi (the minimum for a broker volume)."]);
    });

    it("reports a small controller volume against the controller minimum", async () => {
        assert.deepEqual(await check(edited(controllerPool(), (p) => (p.spec.storage.size = "5Gi"))), [
            "KafkaNodePool kafka/controller: spec.storage.size is 5Gi; set it to at least 10Gi (the minimum for a controller volume).",
        ]);
    });

    it("reports a missing size and one that is not a quantity", async () => {
        assert.deepEqual(await check(sized(undefined)), ["KafkaNodePool kafka/broker: spec.storage.volumes[0] has no size; set size to at least 100Gi."]);
        assert.deepEqual(await check(sized("lots")), ['KafkaNodePool kafka/broker: spec.storage.volumes[0].size "lots" is not a Kubernetes quantity; set it to at least 100Gi.']);
    });

    it("takes the minimums from the config", async () => {
        assert.deepEqual(await check(sized("50Gi"), { minBrokerVolumeGi: 10 }), []);
        assert.deepEqual(await check(brokerPool(), { minBrokerVolumeGi: 1000 }), [
            "KafkaNodePool kafka/broker: spec.storage.volumes[0].size is 500Gi; set it to at least 1000Gi (the minimum for a broker volume).",
        ]);
    });

    it("says it cannot judge unknown roles or sizes", async () => {
        const outcome = (p: Obj) => validateResource(kafkaStorageMinSize, KAFKA_NODE_POOL, p);
        assert.deepEqual(await outcome(pool((p) => Object.assign(p.spec, { roles: UNKNOWN_INPUT, storage: { type: "persistent-claim", size: "1Gi" } }))), {
            messages: [],
            notApplicable: unknownReason("spec.roles"),
        });
        assert.deepEqual(await outcome(sized(UNKNOWN_INPUT)), { messages: [], notApplicable: unknownReason("spec.storage.volumes[0].size") });
    });
});

describe("policy kafka-storage-class", () => {
    const stack = (pools: Obj[], classes: Obj[] = [storageClass()]): StackResource[] => [
        ...classes.map((c) => ({ type: STORAGE_CLASS, name: `sc-${c.metadata.name}`, props: c })),
        { type: KAFKA, name: "events", props: kafka() },
        ...pools.map((p) => ({ type: KAFKA_NODE_POOL, name: p.metadata.name as string, props: p })),
    ];
    const notDefault = (c: Obj) => edited(c, (x) => delete x.metadata.annotations);

    it("passes pools on an encrypted, retained gp3 class of the stack, named or as the default", async () => {
        assert.deepEqual(await stackFindings(kafkaStorageClass, stack([brokerPool(), controllerPool()])), []);
        assert.deepEqual(await stackFindings(kafkaStorageClass, stack([pool((p) => delete p.spec.storage.volumes[0].class)])), []);
    });

    it("reports a class this stack does not define, suggesting one it does", async () => {
        assert.deepEqual(await stackFindings(kafkaStorageClass, stack([pool((p) => (p.spec.storage.volumes[0].class = "gp2"))])), [
            {
                resource: "broker",
                message:
                    'KafkaNodePool kafka/broker: spec.storage.volumes[0] uses StorageClass "gp2", which is not defined in this stack, so its encryption cannot be checked; use an encrypted gp3 StorageClass of this stack such as "gp3".',
            },
        ]);
    });

    it("reports a volume without a class when the stack has no default class", async () => {
        assert.deepEqual(await stackFindings(kafkaStorageClass, stack([pool((p) => delete p.spec.storage.volumes[0].class)], [notDefault(storageClass())])), [
            {
                resource: "broker",
                message: 'KafkaNodePool kafka/broker: spec.storage.volumes[0] sets no class and this stack has no default StorageClass; set class to an encrypted gp3 StorageClass of this stack such as "gp3".',
            },
        ]);
    });

    it("reports every problem of the class a volume uses: provisioner, type, encryption and reclaim policy", async () => {
        const legacy = edited(notDefault(storageClass("legacy")), (c) => {
            c.provisioner = "kubernetes.io/aws-ebs";
            c.parameters = { type: "gp2" };
            delete c.reclaimPolicy;
        });
        const findings = await stackFindings(kafkaStorageClass, stack([pool((p) => (p.spec.storage.volumes[0].class = "legacy"))], [storageClass(), legacy]));
        assert.deepEqual(findings, [
            {
                resource: "broker",
                message:
                    'KafkaNodePool kafka/broker: spec.storage.volumes[0] uses StorageClass "legacy", but its provisioner is "kubernetes.io/aws-ebs"; use "ebs.csi.aws.com"; its parameters.type is "gp2"; set it to "gp3"; it does not set parameters.encrypted: "true", so its volumes are unencrypted unless the account encrypts EBS by default; set it; its reclaimPolicy is Delete (the default), so deleting a claim deletes the broker\'s data; set reclaimPolicy: Retain.',
            },
        ]);
    });

    it("names the default class when an unnamed volume falls to it", async () => {
        const plain = edited(storageClass(), (c) => (c.parameters.encrypted = "false"));
        assert.deepEqual(await stackFindings(kafkaStorageClass, stack([pool((p) => delete p.spec.storage.volumes[0].class)], [plain])), [
            {
                resource: "broker",
                message:
                    'KafkaNodePool kafka/broker: spec.storage.volumes[0] uses the stack\'s default StorageClass "gp3", but it does not set parameters.encrypted: "true", so its volumes are unencrypted unless the account encrypts EBS by default; set it.',
            },
        ]);
    });

    it("takes the reclaim requirement from the config: dev accepts Delete", async () => {
        const deleting = edited(storageClass(), (c) => (c.reclaimPolicy = "Delete"));
        assert.deepEqual(await stackFindings(kafkaStorageClass, stack([brokerPool()], [deleting]), { requireRetain: false }), []);
        assert.equal((await stackFindings(kafkaStorageClass, stack([brokerPool()], [deleting]))).length, 1);
    });

    it("cannot judge an unknown class, and leaves ephemeral volumes to kafka-no-ephemeral-storage", async () => {
        assert.deepEqual(await stackOutcome(kafkaStorageClass, stack([pool((p) => (p.spec.storage.volumes[0].class = UNKNOWN_INPUT))])), {
            findings: [],
            notApplicable: unknownStackReason("spec.storage.volumes[0].class of KafkaNodePool kafka/broker"),
        });
        assert.deepEqual(await stackFindings(kafkaStorageClass, stack([pool((p) => (p.spec.storage = { type: "ephemeral" }))], [])), []);
    });

    it("says it cannot judge a class whose settings or name are unknown, after reporting what it can", async () => {
        const unknownParameters = edited(storageClass(), (c) => (c.parameters = UNKNOWN_INPUT));
        assert.deepEqual(await stackOutcome(kafkaStorageClass, stack([brokerPool()], [unknownParameters])), {
            findings: [],
            notApplicable: unknownStackReason('the provisioner, parameters or reclaimPolicy of StorageClass "gp3"'),
        });
        const unnamed = { type: STORAGE_CLASS, name: "sc-other", props: edited(storageClass("other"), (c) => (c.metadata.name = UNKNOWN_INPUT)) };
        const elsewhere = edited(brokerPool("zone-b"), (p) => (p.spec.storage.volumes[0].class = "gp2"));
        assert.deepEqual(await stackOutcome(kafkaStorageClass, [unnamed, ...stack([brokerPool(), elsewhere])]), {
            findings: [],
            notApplicable: unknownStackReason("metadata.name of StorageClass sc-other"),
        });
    });
});

describe("policy kafka-retention-fits-storage", () => {
    /** A cluster of three brokers with one 500 GiB volume each: 1500 GiB, 1200 GiB usable at 20% headroom. */
    const stack = (topics: Obj[], edit: (k: Obj) => void = () => undefined): StackResource[] => [
        { type: KAFKA, name: "events", props: edited(kafka(), edit) },
        { type: KAFKA_NODE_POOL, name: "broker", props: brokerPool() },
        { type: KAFKA_NODE_POOL, name: "controller", props: controllerPool() },
        ...topics.map((t, i) => ({ type: KAFKA_TOPIC, name: `topic-${i}`, props: t })),
    ];
    const sizedTopic = (name: string, retentionGiB: number, partitions: number, edit: (t: Obj) => void = () => undefined) =>
        edited(topic(name.replace(/\./g, "-"), name), (t) => {
            t.spec.partitions = partitions;
            t.spec.config["retention.bytes"] = retentionGiB * GIB;
            edit(t);
        });

    it("passes topics whose retained data fits with headroom", async () => {
        assert.deepEqual(await stackFindings(kafkaRetentionFitsStorage, stack([topic()])), []);
    });

    it("reports retention beyond the brokers' volumes, on the Kafka resource, naming the largest topics", async () => {
        const topics = [sizedTopic("payments.orders", 99, 10), sizedTopic("payments.refunds", 9, 2), sizedTopic("audit.log", 1, 1)];
        assert.deepEqual(await stackFindings(kafkaRetentionFitsStorage, stack(topics)), [
            {
                resource: "events",
                message:
                    "Kafka kafka/events: its topics may retain 2.99 TiB ((retention.bytes + segment.bytes) x partitions x replicas, over 3 topics), more than the 1.17 TiB usable of its brokers' 1.46 TiB of volumes with 20% headroom; grow the broker volumes or add brokers, or lower retention.bytes. Largest: payments.orders 2.93 TiB, payments.refunds 60 GiB, audit.log 6 GiB.",
            },
        ]);
    });

    it("counts one active segment per partition unless told not to, and takes the headroom from the config", async () => {
        // 39 GiB x 10 partitions x 3 replicas = 1170 GiB of retention, 1200 GiB with the active segments.
        const tight = [sizedTopic("payments.orders", 39, 10)];
        assert.deepEqual(await stackFindings(kafkaRetentionFitsStorage, stack(tight)), []);
        assert.equal((await stackFindings(kafkaRetentionFitsStorage, stack(tight), { headroomPercent: 25 })).length, 1);
        const over = [sizedTopic("payments.orders", 39.5, 10)];
        assert.equal((await stackFindings(kafkaRetentionFitsStorage, stack(over))).length, 1);
        assert.deepEqual(await stackFindings(kafkaRetentionFitsStorage, stack(over), { includeActiveSegment: false }), []);
    });

    it("fills what a topic leaves out from the cluster: log.retention.bytes, segment size, partitions and replicas", async () => {
        const bare = edited(topic(), (t) => {
            t.spec = { topicName: "payments.orders" };
        });
        const clusterDefaults = (k: Obj) =>
            Object.assign(k.spec.kafka.config, { "log.retention.bytes": 100 * GIB, "log.segment.bytes": GIB / 2, "num.partitions": 4, "default.replication.factor": 3 });
        assert.deepEqual(await stackFindings(kafkaRetentionFitsStorage, stack([bare], clusterDefaults)), [
            {
                resource: "events",
                message:
                    "Kafka kafka/events: its topics may retain 1.18 TiB ((retention.bytes + segment.bytes) x partitions x replicas, over 1 topic), more than the 1.17 TiB usable of its brokers' 1.46 TiB of volumes with 20% headroom; grow the broker volumes or add brokers, or lower retention.bytes. Largest: payments.orders 1.18 TiB.",
            },
        ]);
    });

    it("leaves out topics without a size bound, or reports them when the config requires retention.bytes", async () => {
        const unbounded = edited(topic(), (t) => delete t.spec.config["retention.bytes"]);
        const compacted = sizedTopic("payments.accounts", 900, 10, (t) => (t.spec.config["cleanup.policy"] = "compact"));
        assert.deepEqual(await stackFindings(kafkaRetentionFitsStorage, stack([unbounded, compacted])), []);
        assert.deepEqual(await stackFindings(kafkaRetentionFitsStorage, stack([unbounded, compacted]), { requireRetentionBytes: true }), [
            {
                resource: "topic-0",
                message:
                    'KafkaTopic kafka/payments-orders (topic payments.orders) has no size bound (no retention.bytes, no cluster log.retention.bytes, or compact-only cleanup), so its disk use cannot be planned; set spec.config["retention.bytes"].',
            },
            {
                resource: "topic-1",
                message:
                    'KafkaTopic kafka/payments-accounts (topic payments.accounts) has no size bound (no retention.bytes, no cluster log.retention.bytes, or compact-only cleanup), so its disk use cannot be planned; set spec.config["retention.bytes"].',
            },
        ]);
    });

    it("counts only the local part of a tiered topic", async () => {
        const tiered = sizedTopic("audit.log", 10000, 10, (t) => Object.assign(t.spec.config, { "remote.storage.enable": "true", "local.retention.bytes": GIB }));
        assert.deepEqual(await stackFindings(kafkaRetentionFitsStorage, stack([tiered])), []);
    });

    it("cannot judge unknown volume sizes, and still reports known topics that alone overflow", async () => {
        const unknownSize = stack([sizedTopic("payments.orders", 99, 10)]);
        unknownSize[1].props = edited(brokerPool(), (p) => (p.spec.storage.volumes[0].size = UNKNOWN_INPUT));
        assert.deepEqual(await stackOutcome(kafkaRetentionFitsStorage, unknownSize), {
            findings: [],
            notApplicable: unknownStackReason("the roles, replicas or volume sizes of KafkaNodePool kafka/broker"),
        });
        const withUnknownTopic = stack([sizedTopic("payments.orders", 99, 10), edited(topic("other", "other"), (t) => (t.spec.partitions = UNKNOWN_INPUT))]);
        const outcome = await stackOutcome(kafkaRetentionFitsStorage, withUnknownTopic);
        assert.equal(outcome.findings.length, 1);
        assert.equal(outcome.notApplicable, undefined, "the known topics alone overflow: nothing is left to judge");
        const fitting = stack([sizedTopic("payments.orders", 1, 10), edited(topic("other", "other"), (t) => (t.spec.partitions = UNKNOWN_INPUT))]);
        assert.deepEqual(await stackOutcome(kafkaRetentionFitsStorage, fitting), {
            findings: [],
            notApplicable: unknownStackReason("the size settings of KafkaTopic kafka/other (topic other)"),
        });
    });
});
