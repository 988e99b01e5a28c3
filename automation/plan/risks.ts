import type { ChangedResource } from "./diff";
import { PlanResource } from "./types";

/**
 * The risks of a change, in the words a reviewer needs: what will happen to data or capacity and
 * why. Each message states the upstream behaviour it relies on; docs/plan-format.md lists them.
 * Topics: Strimzi 1.2.0 topic-operator BatchingTopicController.java deletes a managed topic from Kafka
 * when its KafkaTopic goes (deleteManagedTopics) and refuses fewer partitions with
 * "Decreasing partitions not supported". A changed `spec.replicas` goes through Cruise Control when the
 * Kafka has `spec.cruiseControl` (EntityTopicOperator.java sets STRIMZI_CRUISE_CONTROL_ENABLED from it);
 * without it the controller fails the topic with "Replication factor change not supported, but required
 * for partitions [...]". An unset `spec.replicas` is not compared at all (findDifferentRf).
 */
export const RISKS = [
    "topic-deleted",
    "partitions-decreased",
    "replicas-lowered",
    "min-insync-lowered",
    "broker-pool-removed",
    "broker-pool-shrunk",
    "jbod-volume-removed",
    "volume-shrunk",
    "volume-class-changed",
    "node-group-replaced",
    "subnet-replaced",
    "bucket-replaced",
    "bucket-removed",
    "kms-key-replaced",
    "kms-key-removed",
    "protected-removed",
    "kubernetes-object-replaced",
] as const;
export type RiskKind = (typeof RISKS)[number];
export type RiskSeverity = "critical" | "high";

export interface Risk {
    risk: RiskKind;
    severity: RiskSeverity;
    /** The head URN, or the base URN of a removed resource. */
    urn: string;
    message: string;
}

export interface RiskInput {
    added: PlanResource[];
    removed: PlanResource[];
    pairs: Array<{ before: PlanResource; after: PlanResource }>;
    changed: ChangedResource[];
}

const STRIMZI = "kubernetes:kafka.strimzi.io/v1:";
const TOPIC = `${STRIMZI}KafkaTopic`;
const KAFKA = `${STRIMZI}Kafka`;
const NODE_POOL = `${STRIMZI}KafkaNodePool`;
const NODE_GROUP = "aws:eks/nodeGroup:NodeGroup";
const SUBNET = "aws:ec2/subnet:Subnet";
const BUCKETS = new Set(["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]);
const KMS_KEY = "aws:kms/key:Key";
/** KMS's pending window when a key sets none (the Terraform provider passes none, and KMS defaults to 30 days). */
const KMS_DEFAULT_WINDOW_DAYS = 30;

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
}

function show(v: unknown): string {
    return typeof v === "string" ? v : JSON.stringify(v);
}

function isKubernetes(r: PlanResource): boolean {
    return r.type.startsWith("kubernetes:") && typeof obj(r.inputs.metadata).name === "string";
}

/** What a reviewer calls the cloud resources the risks are about. */
const KINDS: Record<string, string> = {
    [NODE_GROUP]: "EKS node group",
    [SUBNET]: "Subnet",
    "aws:s3/bucket:Bucket": "S3 bucket",
    "aws:s3/bucketV2:BucketV2": "S3 bucket",
    [KMS_KEY]: "KMS key",
};

/** `KafkaTopic kafka/payments.orders`, or `EKS node group cluster-kafka-0` for a cloud resource. */
export function describe(r: PlanResource): string {
    const kind = KINDS[r.type] ?? (r.type.split(":").pop() as string);
    if (isKubernetes(r)) {
        const meta = obj(r.inputs.metadata);
        return `${kind} ${typeof meta.namespace === "string" ? `${meta.namespace}/` : ""}${meta.name}`;
    }
    return `${kind} ${r.name}`;
}

function kubernetesName(r: PlanResource): string {
    const meta = obj(r.inputs.metadata);
    return `${typeof meta.namespace === "string" ? `${meta.namespace}/` : ""}${meta.name}`;
}

function risk(risk: RiskKind, severity: RiskSeverity, r: PlanResource, message: string): Risk {
    return { risk, severity, urn: r.urn, message };
}

function waitsForReady(r: PlanResource): boolean {
    return typeof obj(obj(r.inputs.metadata).annotations)["pulumi.com/waitFor"] === "string";
}

function num(v: unknown): number | undefined {
    if (typeof v === "number" && Number.isFinite(v)) {
        return v;
    }
    if (typeof v === "string" && /^-?\d+(\.\d+)?$/.test(v.trim())) {
        return Number(v);
    }
    return undefined;
}

/** A number lowered, or a number that was set and no longer is (the broker or cluster default then applies). */
function lowered(before: unknown, after: unknown): boolean {
    const b = num(before);
    const a = num(after);
    return b !== undefined && (after === undefined || (a !== undefined && a < b));
}

function arrow(before: unknown, after: unknown, unsetMeans: string): string {
    return `${show(before)} → ${after === undefined ? `(removed: ${unsetMeans})` : show(after)}`;
}

const BINARY = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 } as const;
const DECIMAL = { k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 } as const;

/** A Kubernetes quantity (`500Gi`, `1T`, `1e9`) in bytes; undefined when it is not one. */
export function quantityBytes(q: unknown): number | undefined {
    if (typeof q === "number") {
        return q;
    }
    const m = typeof q === "string" ? /^(\d+(?:\.\d+)?(?:e\d+)?)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(q.trim()) : null;
    if (!m) {
        return undefined;
    }
    const unit = m[2] as keyof typeof BINARY | keyof typeof DECIMAL | undefined;
    const factor = unit === undefined ? 1 : unit in BINARY ? BINARY[unit as keyof typeof BINARY] : DECIMAL[unit as keyof typeof DECIMAL];
    return Number(m[1]) * factor;
}

/** The names of the head plan's Kafka clusters that run Cruise Control. */
function withCruiseControl(input: RiskInput): Set<string> {
    return new Set(
        [...input.pairs.map((p) => p.after), ...input.added]
            // `cruiseControl: {}` deploys it with defaults, so presence is what counts.
            .filter((r) => r.type === KAFKA && typeof obj(r.inputs.spec).cruiseControl === "object" && obj(r.inputs.spec).cruiseControl !== null)
            .map((r) => String(obj(r.inputs.metadata).name)),
    );
}

function replicasRisk(before: PlanResource, after: PlanResource, cruiseControl: Set<string>): Risk | undefined {
    const b = num(obj(before.inputs.spec).replicas);
    const a = num(obj(after.inputs.spec).replicas);
    if (b === undefined || a === undefined || a >= b) {
        return undefined;
    }
    const what = describe(after);
    const cluster = obj(obj(after.inputs.metadata).labels)["strimzi.io/cluster"];
    if (typeof cluster === "string" && cruiseControl.has(cluster)) {
        return risk(
            "replicas-lowered",
            "high",
            after,
            `${what}: replicas ${b} → ${a}. The Topic Operator has Cruise Control remove the extra copies, so every partition keeps fewer copies and fewer broker or zone failures lose records.`,
        );
    }
    return risk(
        "replicas-lowered",
        "high",
        after,
        `${what}: replicas ${b} → ${a}. Without Cruise Control in Kafka ${show(cluster)} the Topic Operator refuses the change ("Replication factor change not supported"), the topic keeps ${b} copies of each partition and the KafkaTopic stays NotReady${waitsForReady(after) ? ", so \`pulumi up\` fails waiting for it" : ""}.`,
    );
}

function topicRisks(before: PlanResource, after: PlanResource, cruiseControl: Set<string>): Risk[] {
    const b = obj(before.inputs.spec);
    const a = obj(after.inputs.spec);
    const what = describe(after);
    const out: Risk[] = [];
    const bp = num(b.partitions);
    const ap = num(a.partitions);
    if (bp !== undefined && ap !== undefined && ap < bp) {
        out.push(
            risk(
                "partitions-decreased",
                "high",
                after,
                `${what}: partitions ${bp} → ${ap}. Kafka cannot remove partitions: the Topic Operator refuses the change ("Decreasing partitions not supported"), the topic keeps ${bp} partitions and the KafkaTopic stays NotReady${waitsForReady(after) ? ", so `pulumi up` fails waiting for it" : ""}. For fewer partitions, create a new topic and move the consumers over.`,
            ),
        );
    }
    const replicas = replicasRisk(before, after, cruiseControl);
    if (replicas) {
        out.push(replicas);
    }
    const bm = obj(b.config)["min.insync.replicas"];
    const am = obj(a.config)["min.insync.replicas"];
    if (lowered(bm, am)) {
        out.push(
            risk(
                "min-insync-lowered",
                "high",
                after,
                `${what}: min.insync.replicas ${arrow(bm, am, "the broker's min.insync.replicas applies")}. Producers with acks=all are acknowledged once fewer copies are written, so losing fewer brokers loses acknowledged records.`,
            ),
        );
    }
    return out;
}

const CLUSTER_REPLICATION = ["default.replication.factor", "offsets.topic.replication.factor", "transaction.state.log.replication.factor"];
const CLUSTER_MIN_ISR = ["min.insync.replicas", "transaction.state.log.min.isr"];

function kafkaRisks(before: PlanResource, after: PlanResource): Risk[] {
    const b = obj(obj(obj(before.inputs.spec).kafka).config);
    const a = obj(obj(obj(after.inputs.spec).kafka).config);
    const what = describe(after);
    const out: Risk[] = [];
    for (const key of CLUSTER_REPLICATION) {
        if (lowered(b[key], a[key])) {
            out.push(
                risk(
                    "replicas-lowered",
                    "high",
                    after,
                    `${what}: spec.kafka.config["${key}"] ${arrow(b[key], a[key], "Kafka's default applies")}. Topics created from now on keep fewer copies of each partition, so fewer broker or zone failures lose records.`,
                ),
            );
        }
    }
    for (const key of CLUSTER_MIN_ISR) {
        if (lowered(b[key], a[key])) {
            out.push(
                risk(
                    "min-insync-lowered",
                    "high",
                    after,
                    `${what}: spec.kafka.config["${key}"] ${arrow(b[key], a[key], "Kafka's default of 1 applies")}. Producers with acks=all are acknowledged once fewer copies are written, so losing fewer brokers loses acknowledged records.`,
                ),
            );
        }
    }
    return out;
}

function isBrokerPool(r: PlanResource): boolean {
    const roles = obj(r.inputs.spec).roles;
    return Array.isArray(roles) && roles.includes("broker");
}

/*
 * Strimzi 1.2.0, cluster-operator KafkaClusterCreator.java: before brokers go, its scale-down check
 * asks Kafka which brokers hold partition replicas. A shrunk pool that still has them is reverted
 * (a ScaleDownPreventionCheck warning); a removed pool cannot be, so every reconciliation of the
 * Kafka cluster fails. The annotation strimzi.io/skip-broker-scaledown-check turns the check off.
 */
const MOVE_FIRST =
    "Move their partition replicas off first with a KafkaRebalance in mode remove-brokers; with the check skipped (strimzi.io/skip-broker-scaledown-check), the copies on them are lost.";

interface Volume {
    label: string;
    type?: string;
    size?: unknown;
    class?: unknown;
}

/** The volumes of a node pool's storage, by JBOD id (a single-volume storage is one volume). */
function volumes(storage: Obj): Map<string, Volume> {
    if (storage.type === "jbod" && Array.isArray(storage.volumes)) {
        return new Map(
            storage.volumes.map((v) => {
                const o = obj(v);
                return [String(o.id), { label: `JBOD volume ${String(o.id)}`, type: o.type as string | undefined, size: o.size, class: o.class }];
            }),
        );
    }
    return new Map([["single", { label: "the volume", type: storage.type as string | undefined, size: storage.size, class: storage.class }]]);
}

/* Strimzi 1.2.0, cluster-operator KafkaPool.java and StorageDiff.java: only growing a volume, deleteClaim, kraftMetadata and adding or removing JBOD volumes are allowed. */
const STORAGE_IGNORED = `Strimzi ignores every storage change of the pool when one is not allowed (a "contains changes which are not allowed" warning in its status)`;

function nodePoolRisks(before: PlanResource, after: PlanResource): Risk[] {
    const what = describe(after);
    const out: Risk[] = [];
    const br = num(obj(before.inputs.spec).replicas);
    const ar = num(obj(after.inputs.spec).replicas);
    if (isBrokerPool(before) && br !== undefined && ar !== undefined && ar < br) {
        out.push(
            risk(
                "broker-pool-shrunk",
                "high",
                after,
                `${what}: brokers ${br} → ${ar}. While the brokers to remove hold partition replicas, Strimzi's scale-down check puts the pool back to ${br} brokers (a ScaleDownPreventionCheck warning) and removes none. ${MOVE_FIRST}`,
            ),
        );
    }
    const bv = volumes(obj(obj(before.inputs.spec).storage));
    const av = volumes(obj(obj(after.inputs.spec).storage));
    for (const [id, old] of bv) {
        const now = av.get(id);
        if (!now) {
            out.push(
                risk(
                    "jbod-volume-removed",
                    "critical",
                    after,
                    `${what}: ${old.label} is removed. Strimzi allows it without checking: the partition replicas stored on it, on every broker of the pool, are lost unless moved off first with a KafkaRebalance in mode remove-disks.`,
                ),
            );
            continue;
        }
        const ob = quantityBytes(old.size);
        const nb = quantityBytes(now.size);
        if (ob !== undefined && nb !== undefined && nb < ob) {
            out.push(
                risk(
                    "volume-shrunk",
                    "high",
                    after,
                    `${what}: ${old.label} size ${show(old.size)} → ${show(now.size)}. Volumes cannot shrink: ${STORAGE_IGNORED}, and the volumes keep ${show(old.size)}.`,
                ),
            );
        }
        if (old.type !== now.type) {
            out.push(
                risk(
                    "volume-class-changed",
                    "high",
                    after,
                    `${what}: ${old.label} type ${show(old.type)} → ${show(now.type)}. A volume's type cannot change: ${STORAGE_IGNORED}, and the brokers keep their ${show(old.type)} volumes.`,
                ),
            );
        } else if (old.class !== now.class && !(old.class === undefined && now.class === undefined)) {
            out.push(
                risk(
                    "volume-class-changed",
                    "high",
                    after,
                    `${what}: ${old.label} class ${show(old.class ?? "(default)")} → ${show(now.class ?? "(default)")}. A volume's storage class cannot change: ${STORAGE_IGNORED}, and the volumes stay on ${show(old.class ?? "the default class")}.`,
                ),
            );
        }
    }
    return out;
}

function forcedBy(change: ChangedResource): string {
    return change.changes
        .filter((c) => c.replaces)
        .map((c) => c.path)
        .join(", ");
}

function bucketLoss(r: PlanResource): string {
    const name = typeof r.inputs.bucket === "string" ? ` "${r.inputs.bucket}"` : "";
    if (r.retainOnDelete === true) {
        return `the old bucket${name} stays in AWS with the archive (retainOnDelete), no longer managed by the stack`;
    }
    return r.inputs.forceDestroy === true
        ? `deleting the old bucket${name} deletes every archived object in it (forceDestroy is true)`
        : `deleting the old bucket${name} fails while it holds objects (forceDestroy is false), and \`pulumi up\` stops there`;
}

function keyLoss(r: PlanResource): string {
    if (r.retainOnDelete === true) {
        return "the old key stays in AWS (retainOnDelete), no longer managed by the stack, and what it encrypted stays readable only while nobody deletes it";
    }
    const days = num(r.inputs.deletionWindowInDays) ?? KMS_DEFAULT_WINDOW_DAYS;
    return `the old key is scheduled for deletion after ${days} days (deletionWindowInDays), and whatever was encrypted with it (the EKS cluster's secrets, the archive's objects) can no longer be decrypted once it is deleted`;
}

function replacementRisks(change: ChangedResource, before: PlanResource, after: PlanResource): Risk[] {
    const what = describe(after);
    const by = forcedBy(change);
    if (after.type === NODE_GROUP) {
        return [
            risk(
                "node-group-replaced",
                "high",
                after,
                `${what} is replaced (${by} cannot change in place): AWS gets a new node group and the old one is deleted, which drains every pod on its nodes, Kafka brokers included. Replace one node group at a time, after the brokers on it can move.`,
            ),
        ];
    }
    if (after.type === SUBNET) {
        return [
            risk(
                "subnet-replaced",
                "high",
                after,
                `${what} is replaced (${by} cannot change in place): the node groups in it are replaced too, and deleting the old subnet fails while network interfaces (nodes, NAT gateways, load balancers) remain in it.`,
            ),
        ];
    }
    if (BUCKETS.has(after.type)) {
        return [risk("bucket-replaced", "critical", after, `${what} is replaced (${by} cannot change in place): a new, empty bucket is created and ${bucketLoss(before)}.`)];
    }
    if (after.type === KMS_KEY) {
        return [risk("kms-key-replaced", "critical", after, `${what} is replaced (${by} cannot change in place): a new key is created, ${keyLoss(before)}.`)];
    }
    if (isKubernetes(after)) {
        const renamed = kubernetesName(before) !== kubernetesName(after);
        const how = renamed
            ? `${what.split(" ")[0]} ${kubernetesName(before)} → ${kubernetesName(after)} is replaced: Kubernetes cannot rename an object, so Pulumi deletes ${kubernetesName(before)} and creates ${kubernetesName(after)}`
            : `${what} is replaced (${by} cannot change in place): pulumi-kubernetes deletes the object and creates it again`;
        return [risk("kubernetes-object-replaced", "high", after, `${how}.${after.type === TOPIC ? " For a KafkaTopic the Topic Operator deletes the Kafka topic with its records when the old object goes." : ""}`)];
    }
    return [];
}

function removalRisks(r: PlanResource): Risk[] {
    const what = describe(r);
    const out: Risk[] = [];
    if (r.retainOnDelete === true) {
        // Pulumi only forgets a retained resource: nothing is deleted in the cloud or the cluster.
        return out;
    }
    if (r.type === TOPIC) {
        const topicName = obj(r.inputs.spec).topicName ?? obj(r.inputs.metadata).name;
        out.push(risk("topic-deleted", "critical", r, `${what} is deleted: the Topic Operator deletes topic "${show(topicName)}" from Kafka, and every record in it is lost.`));
    }
    if (r.type === NODE_POOL && isBrokerPool(r)) {
        const replicas = num(obj(r.inputs.spec).replicas);
        out.push(
            risk(
                "broker-pool-removed",
                "critical",
                r,
                `${what}${replicas !== undefined ? ` (${replicas} brokers)` : ""} is removed. While its brokers hold partition replicas, Strimzi's scale-down check fails every reconciliation of the Kafka cluster ("Cannot scale-down Kafka brokers … because they have assigned partition-replicas"). ${MOVE_FIRST}`,
            ),
        );
    }
    if (BUCKETS.has(r.type)) {
        out.push(risk("bucket-removed", "critical", r, `${what} is deleted: ${bucketLoss(r).replace(/^deleting the old bucket/, "deleting the bucket")}.`));
    }
    if (r.type === KMS_KEY) {
        out.push(risk("kms-key-removed", "critical", r, `${what} is deleted: ${keyLoss(r).replace(/^the old key/, "the key")}.`));
    }
    return out;
}

function protectedRisk(r: PlanResource, action: "delete" | "replace"): Risk {
    return risk(
        "protected-removed",
        "critical",
        r,
        `${describe(r)} is protected, so \`pulumi up\` fails when it tries to ${action} it. Unprotect it first in a change of its own (protect: false, or \`pulumi state unprotect '${r.urn}'\`), once losing it is intended.`,
    );
}

/** Removed and added Kubernetes objects of one type, namespace and parent: one of each is a rename. */
function renames(removed: PlanResource[], added: PlanResource[]): Array<{ before: PlanResource; after: PlanResource }> {
    const group = (r: PlanResource) => `${r.type}|${String(obj(r.inputs.metadata).namespace ?? "")}|${(r.parent ?? "").split("::").pop()}`;
    const gone = new Map<string, PlanResource[]>();
    for (const r of removed.filter(isKubernetes)) {
        gone.set(group(r), [...(gone.get(group(r)) ?? []), r]);
    }
    const come = new Map<string, PlanResource[]>();
    for (const r of added.filter(isKubernetes)) {
        come.set(group(r), [...(come.get(group(r)) ?? []), r]);
    }
    return [...gone]
        .filter(([key, rs]) => rs.length === 1 && come.get(key)?.length === 1)
        .map(([key, rs]) => ({ before: rs[0], after: (come.get(key) as PlanResource[])[0] }));
}

/** Every risk of going from the base to the head plan, most severe first. */
export function risksOf(input: RiskInput): Risk[] {
    const out: Risk[] = [];
    const changeOf = new Map(input.changed.map((c) => [c.urn, c]));
    const cruiseControl = withCruiseControl(input);
    for (const { before, after } of input.pairs) {
        const change = changeOf.get(after.urn);
        if (!change) {
            continue;
        }
        if (after.type === TOPIC) {
            out.push(...topicRisks(before, after, cruiseControl));
        } else if (after.type === KAFKA) {
            out.push(...kafkaRisks(before, after));
        } else if (after.type === NODE_POOL) {
            out.push(...nodePoolRisks(before, after));
        }
        if (change.replace) {
            out.push(...replacementRisks(change, before, after));
            if (before.protect) {
                out.push(protectedRisk(after, "replace"));
            }
        }
    }
    for (const r of input.removed) {
        out.push(...removalRisks(r));
        if (r.protect) {
            out.push(protectedRisk(r, "delete"));
        }
    }
    for (const { before, after } of renames(input.removed, input.added)) {
        out.push(
            risk(
                "kubernetes-object-replaced",
                "high",
                after,
                `${describe(before)} is renamed to ${kubernetesName(after)}: Kubernetes cannot rename an object, so Pulumi creates ${kubernetesName(after)} and deletes ${kubernetesName(before)}.`,
            ),
        );
    }
    const rank = (r: Risk) => (r.severity === "critical" ? 0 : 1);
    return out.sort((a, b) => rank(a) - rank(b) || RISKS.indexOf(a.risk) - RISKS.indexOf(b.risk) || a.urn.localeCompare(b.urn));
}
