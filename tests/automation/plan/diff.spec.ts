import { strict as assert } from "assert";
import { diffPlans, inputChanges, PlanDiff } from "../../../automation/plan/diff";
import { renderDiffMarkdown, renderDiffTable } from "../../../automation/plan/diffFormat";
import { forceNewInputs, replacementPaths } from "../../../automation/plan/replacement";
import { quantityBytes, Risk, RISKS } from "../../../automation/plan/risks";
import { Plan, PlanResource, summarise } from "../../../automation/plan/types";

/*
 * Hand-made base/head plan pairs, one per risk the diff names, and a harmless change. URNs are in
 * the engine's format; one case uses the mock runtime's format on one side to show the pairing
 * does not depend on it.
 */

const STACK_URN = "urn:pulumi:prod::kafka-platform::pulumi:pulumi:Stack::kafka-platform-prod";
const TENANT = "kafka-platform:tenancy:TeamTenant";
const KAFKA_COMPONENT = "kafka-platform:kafka:KafkaCluster";
const CLUSTER = "kafka-platform:cluster:EksCluster";
const NETWORK = "kafka-platform:network:Network";
const ARCHIVE = "kafka-platform:archive:ArchiveBucket";
const TOPIC = "kubernetes:kafka.strimzi.io/v1:KafkaTopic";
const POOL = "kubernetes:kafka.strimzi.io/v1:KafkaNodePool";
const KAFKA = "kubernetes:kafka.strimzi.io/v1:Kafka";

function component(type: string, name: string): PlanResource {
    return { urn: `urn:pulumi:prod::kafka-platform::${type}::${name}`, type, name, parent: STACK_URN, custom: false, inputs: {}, dependencies: [], protect: false, retainOnDelete: false, deleteBeforeReplace: false };
}

const stackResource: PlanResource = { urn: STACK_URN, type: "pulumi:pulumi:Stack", name: "kafka-platform-prod", custom: false, inputs: {}, dependencies: [], protect: false, retainOnDelete: false, deleteBeforeReplace: false };

function child(parent: PlanResource, type: string, name: string, inputs: Record<string, unknown>, protect = false): PlanResource {
    const chain = parent.urn.split("::")[2];
    return { urn: `urn:pulumi:prod::kafka-platform::${chain}$${type}::${name}`, type, name, parent: parent.urn, custom: true, inputs, dependencies: [], protect, retainOnDelete: false, deleteBeforeReplace: false };
}

function plan(...resources: PlanResource[]): Plan {
    const all = [stackResource, ...new Set(resources.flatMap((r) => [...parentsOf(r), r]))];
    return { project: "kafka-platform", stack: "prod", environment: "prod", resources: all, violations: [], summary: summarise(all, []) };
}

const components = new Map<string, PlanResource>();
function comp(type: string, name: string): PlanResource {
    const key = `${type}::${name}`;
    if (!components.has(key)) {
        components.set(key, component(type, name));
    }
    return components.get(key)!;
}
function parentsOf(r: PlanResource): PlanResource[] {
    return [...components.values()].filter((c) => c.urn === r.parent);
}

const payments = comp(TENANT, "payments");
const kafka = comp(KAFKA_COMPONENT, "kafka");
const cluster = comp(CLUSTER, "cluster");
const network = comp(NETWORK, "network");
const archive = comp(ARCHIVE, "archive-bucket");

function topic(opts: { partitions?: number; replicas?: number; config?: Record<string, unknown>; name?: string; waitFor?: boolean; protect?: boolean } = {}): PlanResource {
    const name = opts.name ?? "payments.orders";
    return child(
        payments,
        TOPIC,
        name,
        {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaTopic",
            metadata: {
                name,
                namespace: "kafka",
                labels: { "kafka-platform.io/team": "payments", "strimzi.io/cluster": "events" },
                ...(opts.waitFor === false ? {} : { annotations: { "pulumi.com/waitFor": "condition=Ready" } }),
            },
            spec: { topicName: name, partitions: opts.partitions ?? 12, replicas: opts.replicas ?? 3, config: opts.config ?? { "min.insync.replicas": 2, "retention.ms": 604800000 } },
        },
        opts.protect ?? true,
    );
}

function pool(name: string, roles: string[], replicas: number, storage: Record<string, unknown>): PlanResource {
    return child(kafka, POOL, `kafka-${name}`, {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaNodePool",
        metadata: { name, namespace: "kafka", labels: { "strimzi.io/cluster": "events" } },
        spec: { replicas, roles, storage },
    });
}

const jbod = (...volumes: Array<{ id: number; size: string; class?: string; type?: string }>) => ({
    type: "jbod",
    volumes: volumes.map((v) => ({ type: v.type ?? "persistent-claim", deleteClaim: false, class: v.class ?? "gp3", ...v })),
});

function kafkaCr(config: Record<string, unknown>, cruiseControl?: Record<string, unknown>): PlanResource {
    return child(kafka, KAFKA, "kafka-kafka", {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "Kafka",
        metadata: { name: "events", namespace: "kafka" },
        spec: { kafka: { config }, ...(cruiseControl ? { cruiseControl } : {}) },
    });
}

function nodeGroup(inputs: Record<string, unknown> = {}): PlanResource {
    return child(cluster, "aws:eks/nodeGroup:NodeGroup", "cluster-kafka-0", {
        clusterName: "kafka-platform-prod",
        instanceTypes: ["r6i.2xlarge"],
        nodeGroupNamePrefix: "kafka-0-",
        scalingConfig: { desiredSize: 1, maxSize: 2, minSize: 1 },
        subnetIds: ["subnet-0a"],
        labels: { "kafka-platform.io/node-pool": "kafka" },
        ...inputs,
    });
}

function subnet(cidrBlock: string): PlanResource {
    return child(network, "aws:ec2/subnet:Subnet", "network-private-0", { availabilityZone: "eu-central-1a", cidrBlock, vpcId: "vpc-1" });
}

function bucket(name: string, forceDestroy = false): PlanResource {
    return child(archive, "aws:s3/bucket:Bucket", "archive-bucket", { bucket: name, forceDestroy }, true);
}

function kmsKey(inputs: Record<string, unknown> = {}, protect = false): PlanResource {
    return child(cluster, "aws:kms/key:Key", "cluster-secrets", { deletionWindowInDays: 30, enableKeyRotation: true, ...inputs }, protect);
}

function risksOf(base: Plan, head: Plan): Array<Pick<Risk, "risk" | "message">> {
    return diffPlans(base, head).risks.map((r) => ({ risk: r.risk, message: r.message }));
}

describe("plan diff", () => {
    describe("a harmless change", () => {
        let diff: PlanDiff;
        before(() => {
            const base = plan(topic(), pool("broker", ["broker"], 3, jbod({ id: 0, size: "500Gi" })), nodeGroup(), subnet("10.60.0.0/18"), bucket("archive-1"), kmsKey());
            const head = plan(
                topic({ partitions: 24, config: { "min.insync.replicas": 2, "retention.ms": 1209600000 } }),
                topic({ name: "payments.refunds" }),
                pool("broker", ["broker"], 6, jbod({ id: 0, size: "1Ti" }, { id: 1, size: "500Gi" })),
                nodeGroup({ scalingConfig: { desiredSize: 2, maxSize: 4, minSize: 1 } }),
                subnet("10.60.0.0/18"),
                bucket("archive-1"),
                kmsKey({ description: "rotated" }),
            );
            diff = diffPlans(base, head);
        });

        it("has no risk", () => {
            assert.deepEqual(diff.risks, []);
        });

        it("lists what was added and every changed input with its old and new value", () => {
            assert.deepEqual(
                diff.added.map((r) => r.name),
                ["payments.refunds"],
            );
            assert.deepEqual(diff.removed, []);
            const changes = Object.fromEntries(diff.changed.map((c) => [c.name, c.changes.map((ch) => [ch.path, ch.old, ch.new, ch.replaces])]));
            assert.deepEqual(changes, {
                "payments.orders": [
                    ["spec.config[\"retention.ms\"]", 604800000, 1209600000, false],
                    ["spec.partitions", 12, 24, false],
                ],
                "kafka-broker": [
                    ["spec.replicas", 3, 6, false],
                    ["spec.storage.volumes[0].size", "500Gi", "1Ti", false],
                    ["spec.storage.volumes[1]", undefined, { type: "persistent-claim", deleteClaim: false, class: "gp3", id: 1, size: "500Gi" }, false],
                ],
                "cluster-kafka-0": [
                    ["scalingConfig.desiredSize", 1, 2, false],
                    ["scalingConfig.maxSize", 2, 4, false],
                ],
                "cluster-secrets": [["description", undefined, "rotated", false]],
            });
            assert.deepEqual(diff.summary, { added: 1, removed: 0, changed: 4, replaced: 0, unchanged: 8, risks: 0, mandatory: 0, advisory: 0 });
        });

        it("prints a table with a verdict and a Markdown section with a check mark", () => {
            const table = renderDiffTable(diff);
            assert.match(table, /^Diff of kafka-platform\/prod \(environment prod\) against the base plan: 1 added, 0 removed, 4 changed \(0 replaced\), 8 unchanged\n\nRisks: none\n/);
            assert.match(table, /\n {6}spec\.partitions: 12 → 24\n/);
            assert.match(table, /\nPASS: 0 mandatory, 0 advisory violations\n$/);
            const md = renderDiffMarkdown(diff);
            assert.match(md, /^### :white_check_mark: `prod` \(prod\): 0 risks; 1 added/);
            assert.match(md, /\| ~ `KafkaTopic payments.orders` \| `spec.config\["retention.ms"\]` \| `604800000` \| `1209600000` \|\n\| {2}\| `spec.partitions` \| `12` \| `24` \|\n/);
        });
    });

    const cases: Array<{ risk: Risk["risk"]; base: () => Plan; head: () => Plan; message: string }> = [
        {
            risk: "topic-deleted",
            base: () => plan(topic({ protect: false })),
            head: () => plan(),
            message: 'KafkaTopic kafka/payments.orders is deleted: the Topic Operator deletes topic "payments.orders" from Kafka, and every record in it is lost.',
        },
        {
            risk: "partitions-decreased",
            base: () => plan(topic({ partitions: 24 })),
            head: () => plan(topic({ partitions: 12 })),
            message:
                'KafkaTopic kafka/payments.orders: partitions 24 → 12. Kafka cannot remove partitions: the Topic Operator refuses the change ("Decreasing partitions not supported"), the topic keeps 24 partitions and the KafkaTopic stays NotReady, so `pulumi up` fails waiting for it. For fewer partitions, create a new topic and move the consumers over.',
        },
        {
            risk: "replicas-lowered",
            base: () => plan(topic({ replicas: 3 })),
            head: () => plan(topic({ replicas: 2 })),
            message:
                'KafkaTopic kafka/payments.orders: replicas 3 → 2. Without Cruise Control in Kafka events the Topic Operator refuses the change ("Replication factor change not supported"), the topic keeps 3 copies of each partition and the KafkaTopic stays NotReady, so `pulumi up` fails waiting for it.',
        },
        {
            risk: "replicas-lowered",
            base: () => plan(kafkaCr({}, {}), topic({ replicas: 3 })),
            head: () => plan(kafkaCr({}, {}), topic({ replicas: 2 })),
            message:
                "KafkaTopic kafka/payments.orders: replicas 3 → 2. The Topic Operator has Cruise Control remove the extra copies, so every partition keeps fewer copies and fewer broker or zone failures lose records.",
        },
        {
            risk: "replicas-lowered",
            base: () => plan(kafkaCr({ "default.replication.factor": 3 })),
            head: () => plan(kafkaCr({ "default.replication.factor": 2 })),
            message:
                'Kafka kafka/events: spec.kafka.config["default.replication.factor"] 3 → 2. Topics created from now on keep fewer copies of each partition, so fewer broker or zone failures lose records.',
        },
        {
            risk: "min-insync-lowered",
            base: () => plan(topic()),
            head: () => plan(topic({ config: { "min.insync.replicas": 1, "retention.ms": 604800000 } })),
            message:
                "KafkaTopic kafka/payments.orders: min.insync.replicas 2 → 1. Producers with acks=all are acknowledged once fewer copies are written, so losing fewer brokers loses acknowledged records.",
        },
        {
            risk: "min-insync-lowered",
            base: () => plan(topic()),
            head: () => plan(topic({ config: { "retention.ms": 604800000 } })),
            message:
                "KafkaTopic kafka/payments.orders: min.insync.replicas 2 → (removed: the broker's min.insync.replicas applies). Producers with acks=all are acknowledged once fewer copies are written, so losing fewer brokers loses acknowledged records.",
        },
        {
            risk: "min-insync-lowered",
            base: () => plan(kafkaCr({ "min.insync.replicas": 2 })),
            head: () => plan(kafkaCr({ "min.insync.replicas": 1 })),
            message:
                'Kafka kafka/events: spec.kafka.config["min.insync.replicas"] 2 → 1. Producers with acks=all are acknowledged once fewer copies are written, so losing fewer brokers loses acknowledged records.',
        },
        {
            risk: "broker-pool-removed",
            base: () => plan(pool("broker", ["broker"], 3, jbod({ id: 0, size: "500Gi" })), pool("controller", ["controller"], 3, jbod({ id: 0, size: "50Gi" }))),
            head: () => plan(pool("controller", ["controller"], 3, jbod({ id: 0, size: "50Gi" }))),
            message:
                'KafkaNodePool kafka/broker (3 brokers) is removed. While its brokers hold partition replicas, Strimzi\'s scale-down check fails every reconciliation of the Kafka cluster ("Cannot scale-down Kafka brokers … because they have assigned partition-replicas"). Move their partition replicas off first with a KafkaRebalance in mode remove-brokers; with the check skipped (strimzi.io/skip-broker-scaledown-check), the copies on them are lost.',
        },
        {
            risk: "broker-pool-shrunk",
            base: () => plan(pool("broker", ["broker"], 6, jbod({ id: 0, size: "500Gi" }))),
            head: () => plan(pool("broker", ["broker"], 3, jbod({ id: 0, size: "500Gi" }))),
            message:
                "KafkaNodePool kafka/broker: brokers 6 → 3. While the brokers to remove hold partition replicas, Strimzi's scale-down check puts the pool back to 6 brokers (a ScaleDownPreventionCheck warning) and removes none. Move their partition replicas off first with a KafkaRebalance in mode remove-brokers; with the check skipped (strimzi.io/skip-broker-scaledown-check), the copies on them are lost.",
        },
        {
            risk: "jbod-volume-removed",
            base: () => plan(pool("broker", ["broker"], 3, jbod({ id: 0, size: "500Gi" }, { id: 1, size: "500Gi" }))),
            head: () => plan(pool("broker", ["broker"], 3, jbod({ id: 0, size: "500Gi" }))),
            message:
                "KafkaNodePool kafka/broker: JBOD volume 1 is removed. Strimzi allows it without checking: the partition replicas stored on it, on every broker of the pool, are lost unless moved off first with a KafkaRebalance in mode remove-disks.",
        },
        {
            risk: "volume-shrunk",
            base: () => plan(pool("broker", ["broker"], 3, jbod({ id: 0, size: "1Ti" }))),
            head: () => plan(pool("broker", ["broker"], 3, jbod({ id: 0, size: "500Gi" }))),
            message:
                'KafkaNodePool kafka/broker: JBOD volume 0 size 1Ti → 500Gi. Volumes cannot shrink: Strimzi ignores every storage change of the pool when one is not allowed (a "contains changes which are not allowed" warning in its status), and the volumes keep 1Ti.',
        },
        {
            risk: "volume-class-changed",
            base: () => plan(pool("broker", ["broker"], 3, jbod({ id: 0, size: "500Gi", class: "gp3" }))),
            head: () => plan(pool("broker", ["broker"], 3, jbod({ id: 0, size: "500Gi", class: "io2" }))),
            message:
                'KafkaNodePool kafka/broker: JBOD volume 0 class gp3 → io2. A volume\'s storage class cannot change: Strimzi ignores every storage change of the pool when one is not allowed (a "contains changes which are not allowed" warning in its status), and the volumes stay on gp3.',
        },
        {
            risk: "volume-class-changed",
            base: () => plan(pool("broker", ["broker"], 1, { type: "persistent-claim", size: "100Gi", class: "gp3" })),
            head: () => plan(pool("broker", ["broker"], 1, { type: "ephemeral" })),
            message:
                'KafkaNodePool kafka/broker: the volume type persistent-claim → ephemeral. A volume\'s type cannot change: Strimzi ignores every storage change of the pool when one is not allowed (a "contains changes which are not allowed" warning in its status), and the brokers keep their persistent-claim volumes.',
        },
        {
            risk: "node-group-replaced",
            base: () => plan(nodeGroup()),
            head: () => plan(nodeGroup({ subnetIds: ["subnet-0a", "subnet-0b"] })),
            message:
                "EKS node group cluster-kafka-0 is replaced (subnetIds cannot change in place): AWS gets a new node group and the old one is deleted, which drains every pod on its nodes, Kafka brokers included. Replace one node group at a time, after the brokers on it can move.",
        },
        {
            risk: "subnet-replaced",
            base: () => plan(subnet("10.60.0.0/18")),
            head: () => plan(subnet("10.60.0.0/17")),
            message:
                "Subnet network-private-0 is replaced (cidrBlock cannot change in place): the node groups in it are replaced too, and deleting the old subnet fails while network interfaces (nodes, NAT gateways, load balancers) remain in it.",
        },
        {
            risk: "bucket-replaced",
            base: () => plan(bucket("archive-1")),
            head: () => plan({ ...bucket("archive-2"), protect: false }),
            message:
                'S3 bucket archive-bucket is replaced (bucket cannot change in place): a new, empty bucket is created and deleting the old bucket "archive-1" fails while it holds objects (forceDestroy is false), and `pulumi up` stops there.',
        },
        {
            risk: "bucket-removed",
            base: () => plan({ ...bucket("archive-1", true), protect: false }),
            head: () => plan(),
            message: 'S3 bucket archive-bucket is deleted: deleting the bucket "archive-1" deletes every archived object in it (forceDestroy is true).',
        },
        {
            risk: "kms-key-replaced",
            base: () => plan(kmsKey()),
            head: () => plan(kmsKey({ keyUsage: "SIGN_VERIFY" })),
            message:
                "KMS key cluster-secrets is replaced (keyUsage cannot change in place): a new key is created, the old key is scheduled for deletion after 30 days (deletionWindowInDays), and whatever was encrypted with it (the EKS cluster's secrets, the archive's objects) can no longer be decrypted once it is deleted.",
        },
        {
            risk: "kms-key-removed",
            base: () => plan(kmsKey({ deletionWindowInDays: 7 })),
            head: () => plan(),
            message:
                "KMS key cluster-secrets is deleted: the key is scheduled for deletion after 7 days (deletionWindowInDays), and whatever was encrypted with it (the EKS cluster's secrets, the archive's objects) can no longer be decrypted once it is deleted.",
        },
        {
            risk: "protected-removed",
            base: () => plan(kmsKey({}, true)),
            head: () => plan(),
            message:
                "KMS key cluster-secrets is protected, so `pulumi up` fails when it tries to delete it. Unprotect it first in a change of its own (protect: false, or `pulumi state unprotect 'urn:pulumi:prod::kafka-platform::kafka-platform:cluster:EksCluster$aws:kms/key:Key::cluster-secrets'`), once losing it is intended.",
        },
        {
            risk: "protected-removed",
            base: () => plan(bucket("archive-1")),
            head: () => plan(bucket("archive-2")),
            message:
                "S3 bucket archive-bucket is protected, so `pulumi up` fails when it tries to replace it. Unprotect it first in a change of its own (protect: false, or `pulumi state unprotect 'urn:pulumi:prod::kafka-platform::kafka-platform:archive:ArchiveBucket$aws:s3/bucket:Bucket::archive-bucket'`), once losing it is intended.",
        },
        {
            risk: "kubernetes-object-replaced",
            base: () => plan(topic({ protect: false })),
            head: () => {
                const t = topic({ protect: false });
                (t.inputs.metadata as { name: string }).name = "payments.orders-v2";
                return plan(t);
            },
            message:
                "KafkaTopic kafka/payments.orders → kafka/payments.orders-v2 is replaced: Kubernetes cannot rename an object, so Pulumi deletes kafka/payments.orders and creates kafka/payments.orders-v2. For a KafkaTopic the Topic Operator deletes the Kafka topic with its records when the old object goes.",
        },
        {
            risk: "kubernetes-object-replaced",
            base: () => plan(topic({ protect: false, name: "payments.orders" })),
            head: () => plan(topic({ protect: false, name: "payments.orders-v2" })),
            message:
                "KafkaTopic kafka/payments.orders is renamed to kafka/payments.orders-v2: Kubernetes cannot rename an object, so Pulumi creates kafka/payments.orders-v2 and deletes kafka/payments.orders.",
        },
    ];

    for (const c of cases) {
        it(`names ${c.risk}: "${c.message.slice(0, 70)}…"`, () => {
            const found = risksOf(c.base(), c.head());
            assert.ok(
                found.some((r) => r.risk === c.risk && r.message === c.message),
                `expected ${c.risk} with its message; got:\n${found.map((r) => `${r.risk}: ${r.message}`).join("\n")}`,
            );
        });
    }

    it("names no risk when a topic's replicas are unset: the Topic Operator then leaves the replication factor alone", () => {
        const unset = topic();
        delete (unset.inputs.spec as Record<string, unknown>).replicas;
        assert.deepEqual(risksOf(plan(topic({ replicas: 3 })), plan(unset)), []);
    });

    it("names every kind of risk in at least one case", () => {
        assert.deepEqual([...new Set(cases.map((c) => c.risk))].sort(), [...RISKS].sort());
    });

    it("puts the critical risks first", () => {
        const risks = diffPlans(plan(topic({ partitions: 24, protect: true, name: "payments.a" }), topic({ protect: false })), plan(topic({ partitions: 12, name: "payments.a" }))).risks;
        assert.deepEqual(
            risks.map((r) => `${r.severity} ${r.risk}`),
            ["critical topic-deleted", "high partitions-decreased"],
        );
    });

    it("does not call a shrink or a rename what is not one", () => {
        assert.deepEqual(risksOf(plan(pool("controller", ["controller"], 5, jbod({ id: 0, size: "50Gi" }))), plan(pool("controller", ["controller"], 3, jbod({ id: 0, size: "50Gi" })))), []);
        assert.deepEqual(risksOf(plan(topic({ partitions: 6 })), plan(topic({ partitions: 6, waitFor: false }))), []);
        // Two topics removed and two added under one team: which became which is unknown, so no rename is claimed.
        const twoRenames = risksOf(plan(topic({ name: "payments.a", protect: false }), topic({ name: "payments.b", protect: false })), plan(topic({ name: "payments.c" }), topic({ name: "payments.d" })));
        assert.deepEqual(
            twoRenames.map((r) => r.risk),
            ["topic-deleted", "topic-deleted"],
        );
    });

    it("names no deletion risk for a resource Pulumi only forgets (retainOnDelete), but still the protection", () => {
        const retained = { ...topic(), retainOnDelete: true };
        assert.deepEqual(
            risksOf(plan(retained), plan()).map((r) => r.risk),
            ["protected-removed"],
        );
        const retainedBucket = { ...bucket("archive-1"), protect: false, retainOnDelete: true };
        assert.deepEqual(risksOf(plan(retainedBucket), plan({ ...bucket("archive-2"), protect: false })), [
            {
                risk: "bucket-replaced",
                message:
                    'S3 bucket archive-bucket is replaced (bucket cannot change in place): a new, empty bucket is created and the old bucket "archive-1" stays in AWS with the archive (retainOnDelete), no longer managed by the stack.',
            },
        ]);
    });

    it("pairs resources across URN formats by their parent chain and name", () => {
        const engineTopic = topic();
        const mockFormatTopic: PlanResource = {
            ...engineTopic,
            urn: `urn:pulumi:prod::kafka-platform::pulumi:pulumi:Stack$${TENANT}$${TOPIC}::payments.orders`,
        };
        const base = plan(mockFormatTopic);
        const head = plan(topic({ partitions: 24 }));
        const diff = diffPlans(base, head);
        assert.deepEqual(diff.added, []);
        assert.deepEqual(diff.removed, []);
        assert.deepEqual(
            diff.changed.map((c) => [c.urn, c.changes.map((ch) => ch.path)]),
            [[engineTopic.urn, ["spec.partitions"]]],
        );
    });

    it("never prints a secret, whatever the base plan holds", () => {
        const secret = (data: Record<string, string>, extra: Record<string, unknown> = {}) =>
            child(payments, "kubernetes:core/v1:Secret", "payments-creds", { metadata: { name: "creds", namespace: "kafka" }, data, ...extra });
        const diff = diffPlans(plan(secret({ password: "aGVsbG8=" }, { stringData: { token: "t0" } })), plan(secret({ password: "d29ybGQ=" }, { stringData: { token: "t1" } })));
        assert.deepEqual(
            diff.changed[0].changes.map((c) => [c.path, c.old, c.new, c.replaces]),
            [
                ["data.password", "[secret]", "[secret]", true],
                ["stringData.token", "[secret]", "[secret]", true],
            ],
        );
        const config = (value: string) => child(cluster, "pulumi:providers:kubernetes", "k8s", { clientSecret: value, kubeconfig: "[secret]" });
        assert.deepEqual(diffPlans(plan(config("a")), plan(config("b"))).changed[0].changes, [{ path: "clientSecret", old: "[secret]", new: "[secret]", replaces: false }]);
        assert.doesNotMatch(renderDiffTable(diff), /aGVsbG8|d29ybGQ|t0|t1/);
    });

    it("compares arrays of scalars as one value and arrays of objects element by element", () => {
        assert.deepEqual(inputChanges({ a: ["x", "y"] }, { a: ["y", "x"] }), [{ path: "a", old: ["x", "y"], new: ["y", "x"] }]);
        assert.deepEqual(inputChanges({ a: [{ b: 1 }] }, { a: [{ b: 2 }, { b: 3 }] }), [
            { path: "a[0].b", old: 1, new: 2 },
            { path: "a[1]", new: { b: 3 } },
        ]);
        assert.deepEqual(inputChanges({ "x-y": { z: 1 } }, {}), [{ path: '["x-y"]', old: { z: 1 } }]);
    });

    it("reads Kubernetes quantities in bytes", () => {
        assert.equal(quantityBytes("500Gi"), 500 * 2 ** 30);
        assert.equal(quantityBytes("1Ti"), 2 ** 40);
        assert.equal(quantityBytes("1T"), 1e12);
        assert.equal(quantityBytes("100"), 100);
        assert.equal(quantityBytes("lots"), undefined);
    });

    it("replaces on the provider's replace-on-change inputs only", () => {
        assert.deepEqual([...replacementPaths("aws:eks/nodeGroup:NodeGroup", ["scalingConfig.desiredSize", "launchTemplate.version", "launchTemplate.id", "instanceTypes"])], ["launchTemplate.id", "instanceTypes"]);
        assert.deepEqual([...replacementPaths("aws:eks/nodeGroup:NodeGroup", ["launchTemplate"])], ["launchTemplate"]);
        assert.deepEqual([...replacementPaths("kubernetes:kafka.strimzi.io/v1:KafkaTopic", ["spec.partitions", "metadata.name"])], ["metadata.name"]);
        assert.deepEqual([...replacementPaths("kubernetes:storage.k8s.io/v1:StorageClass", ["parameters.type", "allowVolumeExpansion"])], ["parameters.type"]);
        assert.deepEqual([...replacementPaths("aws:ecr/repository:Repository", ["encryptionConfigurations[0].encryptionType", "imageTagMutability"])], ["encryptionConfigurations[0].encryptionType"]);
        assert.deepEqual([...replacementPaths("aws:eks/addon:Addon", ["addonVersion", "serviceAccountRoleArn"])], []);
        assert.deepEqual([...replacementPaths("aws:iam/role:Role", ["assumeRolePolicy", "name"])], ["name"]);
        assert.deepEqual([...replacementPaths("aws:ec2/natGateway:NatGateway", ["subnetId", "tags.Name"])], ["subnetId"]);
        assert.deepEqual(forceNewInputs("kubernetes:helm.sh/v4:Chart"), []);
    });
});
