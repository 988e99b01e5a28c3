import { PolicyConfigSchema, PolicyResource, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { ebsParameter, STORAGE_CLASS } from "./storageClasses";
import {
    belongsTo,
    brokerSetting,
    ClusterRef,
    clusterRefOf,
    hasRole,
    KAFKA,
    KAFKA_NODE_POOL,
    KAFKA_TOPIC,
    kafkaRefOf,
    objectName,
    topicLabel,
    Volume,
    volumesOf,
} from "./strimzi";
import { at, cannotJudge, cannotJudgeStack, flag, formatBytes, gibToBytes, integer, isUnknown, listing, quantityBytes, settings, text, Unknown, UNKNOWN } from "./values";

function poolLabel(r: { props: unknown; name: string }): string {
    return objectName("KafkaNodePool", r.props, r.name);
}

function volumeType(v: Volume): string | Unknown | undefined {
    return text(at(v.value, "type"));
}

// ---- kafka-no-ephemeral-storage ---------------------------------------------------------------

export const kafkaNoEphemeralStorage: ResourceValidationPolicy = {
    name: "kafka-no-ephemeral-storage",
    description: "Kafka node pools keep their data on persistent volumes, never on ephemeral (emptyDir) storage.",
    severity: "critical",
    remediationSteps:
        "Give the KafkaNodePool spec.storage of type persistent-claim (or jbod with persistent-claim volumes) with a size and an encrypted gp3 class. Changing the storage type of an existing pool is not possible in place: add a new pool with persistent storage, let Cruise Control move the partitions, then remove the old pool.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== KAFKA_NODE_POOL) {
            return;
        }
        const volumes = volumesOf(args.props);
        if (isUnknown(volumes)) {
            cannotJudge(args.notApplicable, ["spec.storage"]);
        }
        const unjudged: string[] = [];
        for (const v of volumes) {
            const type = volumeType(v);
            if (isUnknown(type)) {
                unjudged.push(`${v.path}.type`);
            } else if (type === "ephemeral") {
                report(`${poolLabel(args)}: ${v.path}.type is ephemeral, so a restarted or rescheduled pod loses its data; use type persistent-claim with a size and an encrypted gp3 class.`);
            }
        }
        if (unjudged.length > 0) {
            cannotJudge(args.notApplicable, unjudged);
        }
    },
};

// ---- kafka-storage-delete-claim ---------------------------------------------------------------

export const kafkaStorageDeleteClaim: ResourceValidationPolicy = {
    name: "kafka-storage-delete-claim",
    description: "Kafka volumes survive the removal of their node: deleteClaim is not true.",
    severity: "high",
    remediationSteps: "Set deleteClaim: false (or remove it; false is Strimzi's default) on every persistent-claim volume of the KafkaNodePool. Delete unwanted claims by hand after checking that their data is no longer needed.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== KAFKA_NODE_POOL) {
            return;
        }
        const volumes = volumesOf(args.props);
        if (isUnknown(volumes)) {
            cannotJudge(args.notApplicable, ["spec.storage"]);
        }
        const unjudged: string[] = [];
        for (const v of volumes) {
            const type = volumeType(v);
            const deleteClaim = flag(at(v.value, "deleteClaim"));
            if (type !== "persistent-claim" && !isUnknown(type)) {
                continue;
            }
            if (isUnknown(type) || isUnknown(deleteClaim)) {
                unjudged.push(`${v.path}.${isUnknown(type) ? "type" : "deleteClaim"}`);
            } else if (deleteClaim === true) {
                report(`${poolLabel(args)}: ${v.path}.deleteClaim is true, so scaling the pool down or deleting it deletes the volume and its data; set it to false.`);
            }
        }
        if (unjudged.length > 0) {
            cannotJudge(args.notApplicable, unjudged);
        }
    },
};

// ---- kafka-storage-min-size -------------------------------------------------------------------

const minSizeSchema: PolicyConfigSchema = {
    properties: {
        minBrokerVolumeGi: { type: "number", exclusiveMinimum: 0, default: 100, description: "Smallest persistent volume, in GiB, of a node pool with the broker role." },
        minControllerVolumeGi: { type: "number", exclusiveMinimum: 0, default: 10, description: "Smallest persistent volume, in GiB, of a controller-only node pool (KRaft metadata)." },
    },
};

export const kafkaStorageMinSize: ResourceValidationPolicy = {
    name: "kafka-storage-min-size",
    description: "Every persistent Kafka volume has a size, at least the minimum for its role.",
    severity: "medium",
    remediationSteps:
        "Set size on each persistent-claim volume of the KafkaNodePool to at least the minimum. Volumes on a StorageClass with allowVolumeExpansion: true grow in place when you raise the size; they never shrink.",
    configSchema: minSizeSchema,
    validateResource: (args, report) => {
        if (args.type !== KAFKA_NODE_POOL) {
            return;
        }
        const cfg = settings<{ minBrokerVolumeGi: number; minControllerVolumeGi: number }>(minSizeSchema, args.getConfig());
        const broker = hasRole(args.props, "broker");
        const volumes = volumesOf(args.props);
        if (isUnknown(broker) || isUnknown(volumes)) {
            cannotJudge(args.notApplicable, [...(isUnknown(broker) ? ["spec.roles"] : []), ...(isUnknown(volumes) ? ["spec.storage"] : [])]);
        }
        const unjudged: string[] = [];
        const minGi = broker ? cfg.minBrokerVolumeGi : cfg.minControllerVolumeGi;
        const role = broker ? "broker" : "controller";
        for (const v of volumes) {
            const type = volumeType(v);
            if (isUnknown(type)) {
                unjudged.push(`${v.path}.type`);
                continue;
            }
            if (type !== "persistent-claim") {
                continue;
            }
            const size = text(at(v.value, "size"));
            if (isUnknown(size)) {
                unjudged.push(`${v.path}.size`);
                continue;
            }
            if (size === undefined) {
                report(`${poolLabel(args)}: ${v.path} has no size; set size to at least ${minGi}Gi.`);
            } else if (Number.isNaN(quantityBytes(size))) {
                report(`${poolLabel(args)}: ${v.path}.size ${JSON.stringify(size)} is not a Kubernetes quantity; set it to at least ${minGi}Gi.`);
            } else if (quantityBytes(size) < gibToBytes(minGi)) {
                report(`${poolLabel(args)}: ${v.path}.size is ${size}; set it to at least ${minGi}Gi (the minimum for a ${role} volume).`);
            }
        }
        if (unjudged.length > 0) {
            cannotJudge(args.notApplicable, unjudged);
        }
    },
};

// ---- kafka-storage-class ----------------------------------------------------------------------

const DEFAULT_CLASS_ANNOTATIONS = ["storageclass.kubernetes.io/is-default-class", "storageclass.beta.kubernetes.io/is-default-class"];

const storageClassSchema: PolicyConfigSchema = {
    properties: {
        provisioners: { type: "array", items: { type: "string" }, minItems: 1, default: ["ebs.csi.aws.com"], description: "Provisioners a Kafka volume's StorageClass may use." },
        volumeType: { type: "string", default: "gp3", description: 'Required EBS volume type (parameters.type; the EBS CSI driver defaults to gp3).' },
        requireRetain: { type: "boolean", default: true, description: "Require reclaimPolicy Retain, so deleting a claim keeps the EBS volume." },
    },
};

interface ClassInfo {
    name: string;
    problems: string[];
}

function classProblems(r: PolicyResource, cfg: { provisioners: string[]; volumeType: string; requireRetain: boolean }): string[] | Unknown {
    const provisioner = text(at(r.props, "provisioner"));
    const type = text(ebsParameter(r.props, "type"));
    const encrypted = ebsParameter(r.props, "encrypted");
    const reclaim = text(at(r.props, "reclaimPolicy"));
    if (isUnknown(provisioner) || isUnknown(type) || isUnknown(encrypted) || isUnknown(reclaim)) {
        return UNKNOWN;
    }
    const problems: string[] = [];
    if (typeof provisioner !== "string" || !cfg.provisioners.includes(provisioner)) {
        problems.push(`its provisioner is ${provisioner === undefined ? "not set" : JSON.stringify(provisioner)}; use ${listing(cfg.provisioners.map((p) => JSON.stringify(p)), "or")}`);
    }
    if ((type ?? "gp3") !== cfg.volumeType) {
        problems.push(`its parameters.type is ${JSON.stringify(type)}; set it to "${cfg.volumeType}"`);
    }
    if (flag(encrypted) !== true) {
        problems.push(`it does not set parameters.encrypted: "true", so its volumes are unencrypted unless the account encrypts EBS by default; set it`);
    }
    if (cfg.requireRetain && reclaim !== "Retain") {
        problems.push(`its reclaimPolicy is ${reclaim ?? "Delete (the default)"}, so deleting a claim deletes the broker's data; set reclaimPolicy: Retain`);
    }
    return problems;
}

export const kafkaStorageClass: StackValidationPolicy = {
    name: "kafka-storage-class",
    description: "Every persistent Kafka volume uses a StorageClass defined in this stack that provisions encrypted gp3 EBS volumes (and retains them outside dev).",
    severity: "high",
    remediationSteps:
        'Point class of each persistent-claim volume at a StorageClass this stack creates (or leave it unset to use the stack\'s default class) whose provisioner is ebs.csi.aws.com with parameters type: gp3 and encrypted: "true", and reclaimPolicy: Retain where required. A class outside the stack cannot be checked, so it is refused.',
    configSchema: storageClassSchema,
    validateStack: (args, report) => {
        const cfg = settings<{ provisioners: string[]; volumeType: string; requireRetain: boolean }>(storageClassSchema, args.getConfig());
        const classes = new Map<string, ClassInfo | Unknown>();
        const defaults: string[] = [];
        /** StorageClasses whose name is unknown: any class a volume names may be one of them. */
        const unnamed: string[] = [];
        for (const r of args.resources) {
            if (r.type !== STORAGE_CLASS) {
                continue;
            }
            const name = text(at(r.props, "metadata", "name"));
            if (typeof name !== "string") {
                unnamed.push(`metadata.name of StorageClass ${r.name}`);
                continue;
            }
            const problems = classProblems(r, cfg);
            classes.set(name, isUnknown(problems) ? UNKNOWN : { name, problems });
            if (DEFAULT_CLASS_ANNOTATIONS.some((a) => flag(at(r.props, "metadata", "annotations", a)) === true)) {
                defaults.push(name);
            }
        }
        const good = [...classes.values()].filter((c): c is ClassInfo => !isUnknown(c) && c.problems.length === 0).map((c) => JSON.stringify(c.name))
            // By name, not by the order the engine registered the classes in, which their inputs' readiness decides.
            .sort();
        const suggestion = good.length > 0 ? ` such as ${listing(good, "or")}` : "";
        const unjudged = new Set<string>();
        for (const r of args.resources) {
            if (r.type !== KAFKA_NODE_POOL) {
                continue;
            }
            const volumes = volumesOf(r.props);
            if (isUnknown(volumes)) {
                unjudged.add(`spec.storage of ${poolLabel(r)}`);
                continue;
            }
            for (const v of volumes) {
                const type = volumeType(v);
                if (isUnknown(type)) {
                    unjudged.add(`${v.path}.type of ${poolLabel(r)}`);
                    continue;
                }
                if (type !== "persistent-claim") {
                    continue;
                }
                const where = `${poolLabel(r)}: ${v.path}`;
                const cls = text(at(v.value, "class"));
                if (isUnknown(cls)) {
                    unjudged.add(`${v.path}.class of ${poolLabel(r)}`);
                    continue;
                }
                const name = cls ?? defaults[0];
                const info = name === undefined ? undefined : classes.get(name);
                if (info === undefined && unnamed.length > 0) {
                    unnamed.forEach((what) => unjudged.add(what));
                    continue;
                }
                if (name === undefined) {
                    report(`${where} sets no class and this stack has no default StorageClass; set class to an encrypted gp3 StorageClass of this stack${suggestion}.`, r.urn);
                    continue;
                }
                const which = cls === undefined ? `the stack's default StorageClass "${name}"` : `StorageClass "${name}"`;
                if (info === undefined) {
                    report(`${where} uses ${which}, which is not defined in this stack, so its encryption cannot be checked; use an encrypted gp3 StorageClass of this stack${suggestion}.`, r.urn);
                } else if (isUnknown(info)) {
                    unjudged.add(`the provisioner, parameters or reclaimPolicy of StorageClass "${name}"`);
                } else if (info.problems.length > 0) {
                    report(`${where} uses ${which}, but ${info.problems.join("; ")}.`, r.urn);
                }
            }
        }
        if (unjudged.size > 0) {
            cannotJudgeStack(args.notApplicable, [...unjudged]);
        }
    },
};

// ---- kafka-retention-fits-storage -------------------------------------------------------------

const retentionSchema: PolicyConfigSchema = {
    properties: {
        headroomPercent: { type: "number", minimum: 0, maximum: 90, default: 20, description: "Share of the brokers' total volume size kept free of retained data." },
        includeActiveSegment: {
            type: "boolean",
            default: true,
            description: "Count one segment.bytes per partition on top of retention.bytes: Kafka deletes whole segments, so a partition holds up to retention.bytes plus its active segment.",
        },
        requireRetentionBytes: {
            type: "boolean",
            default: false,
            description: "Report topics whose size has no bound (no retention.bytes and no cluster log.retention.bytes, or compact-only cleanup) instead of leaving them out of the sum.",
        },
    },
};

interface RetentionCfg {
    headroomPercent: number;
    includeActiveSegment: boolean;
    requireRetentionBytes: boolean;
}

/** The broker settings a topic falls back to, read once per cluster. */
interface TopicDefaults {
    retention: number | Unknown;
    segment: number | Unknown;
    partitions: number | Unknown;
    replicas: number | Unknown;
}

function topicDefaultsOf(kafkaProps: unknown): TopicDefaults {
    return {
        retention: brokerSetting(kafkaProps, "log.retention.bytes").value,
        segment: brokerSetting(kafkaProps, "log.segment.bytes").value,
        partitions: brokerSetting(kafkaProps, "num.partitions").value,
        replicas: brokerSetting(kafkaProps, "default.replication.factor").value,
    };
}

/** Bytes a topic may hold on the brokers' disks; "unbounded" when retention sets no size limit. */
function topicBytes(props: unknown, defaults: TopicDefaults, cfg: RetentionCfg): number | "unbounded" | Unknown {
    const config = at(props, "spec", "config");
    const topicConfig = (key: string) => integer(at(config, key));
    const cleanup = text(at(config, "cleanup.policy"));
    const remote = flag(at(config, "remote.storage.enable"));
    let retention = topicConfig("retention.bytes");
    const local = topicConfig("local.retention.bytes");
    const segment = topicConfig("segment.bytes");
    const partitions = integer(at(props, "spec", "partitions"));
    const replicas = integer(at(props, "spec", "replicas"));
    const values = [cleanup, remote, retention, local, segment, partitions, replicas, defaults.retention, defaults.segment, defaults.partitions, defaults.replicas];
    if (values.some(isUnknown)) {
        return UNKNOWN;
    }
    if (typeof cleanup === "string" && !cleanup.split(",").map((p) => p.trim()).includes("delete")) {
        return "unbounded";
    }
    retention = retention ?? defaults.retention;
    // Tiered storage keeps only local.retention.bytes on the brokers (-2 means "same as retention.bytes").
    if (remote === true && typeof local === "number" && local >= 0) {
        retention = local;
    }
    const numbers = [retention, segment ?? defaults.segment, partitions ?? defaults.partitions, replicas ?? defaults.replicas] as number[];
    // Values Kafka would reject cannot be judged here; other rules and the CRD schema report them.
    if (numbers.some((n) => Number.isNaN(n))) {
        return UNKNOWN;
    }
    if (numbers[0] < 0) {
        return "unbounded";
    }
    const [perPartition, segmentBytes, p, rf] = numbers;
    return (perPartition + (cfg.includeActiveSegment ? segmentBytes : 0)) * p * rf;
}

/** Total size of a broker pool's volumes; UNKNOWN when a size is unknown, undefined when not a broker pool. */
function poolBytes(r: PolicyResource): number | Unknown | undefined {
    const broker = hasRole(r.props, "broker");
    const replicas = integer(at(r.props, "spec", "replicas"));
    const volumes = volumesOf(r.props);
    if (broker === false) {
        return undefined;
    }
    if (isUnknown(broker) || isUnknown(replicas) || isUnknown(volumes)) {
        return UNKNOWN;
    }
    let perBroker = 0;
    for (const v of volumes) {
        const type = volumeType(v);
        const size = text(at(v.value, type === "ephemeral" ? "sizeLimit" : "size"));
        if (isUnknown(type) || isUnknown(size) || size === undefined || Number.isNaN(quantityBytes(size))) {
            return UNKNOWN;
        }
        perBroker += quantityBytes(size);
    }
    return perBroker * (replicas === undefined || Number.isNaN(replicas) ? 0 : replicas);
}

interface RetentionCluster {
    ref: ClusterRef;
    kafka: PolicyResource;
    defaults: TopicDefaults;
    capacity: number | Unknown;
    needed: number;
    counted: number;
    largest: { label: string; bytes: number }[];
    /** What leaves the capacity unknown, and the topics whose size is unknown. */
    unknownCapacity: string[];
    unknownTopics: string[];
}

export const kafkaRetentionFitsStorage: StackValidationPolicy = {
    name: "kafka-retention-fits-storage",
    description:
        "The data a Kafka cluster's topics may retain (retention.bytes x partitions x replicas, plus one active segment per partition) fits in its brokers' volumes with headroom.",
    severity: "high",
    remediationSteps:
        "Grow the broker volumes (size of the broker pool's persistent-claim volumes) or add brokers, or lower retention.bytes (or partitions) of the largest topics, until the retained data fits in the brokers' total volume size minus the headroom. Give every topic a retention.bytes (or the cluster a log.retention.bytes) so its size has a bound.",
    configSchema: retentionSchema,
    validateStack: (args, report) => {
        const cfg = settings<RetentionCfg>(retentionSchema, args.getConfig());
        const clusters: RetentionCluster[] = [];
        /** Kafkas whose name or namespace is unknown (a first preview withholds every output): their pools and topics cannot be matched. */
        const unnamedKafkas: string[] = [];
        for (const r of args.resources) {
            if (r.type === KAFKA) {
                const ref = kafkaRefOf(r.props);
                if (isUnknown(ref)) {
                    unnamedKafkas.push(`metadata of ${objectName("Kafka", r.props, r.name)}`);
                } else if (ref !== undefined) {
                    clusters.push({ ref, kafka: r, defaults: topicDefaultsOf(r.props), capacity: 0, needed: 0, counted: 0, largest: [], unknownCapacity: [], unknownTopics: [] });
                }
            }
        }
        if (clusters.length === 0) {
            if (unnamedKafkas.length > 0) {
                cannotJudgeStack(args.notApplicable, unnamedKafkas);
            }
            return;
        }
        const ownerOf = (r: PolicyResource): RetentionCluster | undefined | Unknown => {
            const ref = clusterRefOf(r.props);
            return ref === undefined || isUnknown(ref) ? ref : clusters.find((c) => belongsTo(ref, c.ref));
        };
        /** Pools and topics whose cluster label is unknown: they may add to any cluster. */
        const unassignedPools: string[] = [];
        const unassignedTopics: string[] = [];
        for (const r of args.resources) {
            if (r.type === KAFKA_NODE_POOL) {
                const owner = ownerOf(r);
                if (isUnknown(owner)) {
                    unassignedPools.push(`metadata of ${poolLabel(r)}`);
                }
                const bytes = owner === undefined || isUnknown(owner) ? undefined : poolBytes(r);
                if (owner !== undefined && !isUnknown(owner) && bytes !== undefined) {
                    owner.capacity = isUnknown(owner.capacity) || isUnknown(bytes) ? UNKNOWN : owner.capacity + bytes;
                    if (isUnknown(bytes)) {
                        owner.unknownCapacity.push(`the roles, replicas or volume sizes of ${poolLabel(r)}`);
                    }
                }
            } else if (r.type === KAFKA_TOPIC) {
                const owner = ownerOf(r);
                if (isUnknown(owner)) {
                    unassignedTopics.push(`metadata of ${topicLabel(r.props, r.name)}`);
                }
                if (owner === undefined || isUnknown(owner)) {
                    continue;
                }
                const bytes = topicBytes(r.props, owner.defaults, cfg);
                if (isUnknown(bytes)) {
                    owner.unknownTopics.push(`the size settings of ${topicLabel(r.props, r.name)}`);
                    continue;
                }
                if (bytes === "unbounded") {
                    if (cfg.requireRetentionBytes) {
                        report(
                            `${topicLabel(r.props, r.name)} has no size bound (no retention.bytes, no cluster log.retention.bytes, or compact-only cleanup), so its disk use cannot be planned; set spec.config["retention.bytes"].`,
                            r.urn,
                        );
                    }
                } else {
                    owner.needed += bytes;
                    owner.counted += 1;
                    const topicName = text(at(r.props, "spec", "topicName"));
                    owner.largest.push({ label: typeof topicName === "string" ? topicName : r.name, bytes });
                }
            }
        }
        const unjudged = new Set<string>(unnamedKafkas);
        for (const c of clusters) {
            if (isUnknown(c.capacity)) {
                [...c.unknownCapacity, ...unassignedPools].forEach((what) => unjudged.add(what));
                continue;
            }
            if (c.capacity === 0) {
                continue;
            }
            const usable = c.capacity * (1 - cfg.headroomPercent / 100);
            if (c.needed <= usable) {
                [...c.unknownTopics, ...unassignedTopics].forEach((what) => unjudged.add(what));
                continue;
            }
            if (unassignedPools.length > 0) {
                unassignedPools.forEach((what) => unjudged.add(what));
                continue;
            }
            const largest = c.largest
                .sort((a, b) => b.bytes - a.bytes)
                .slice(0, 3)
                .map((t) => `${t.label} ${formatBytes(t.bytes)}`)
                .join(", ");
            const formula = cfg.includeActiveSegment ? "(retention.bytes + segment.bytes) x partitions x replicas" : "retention.bytes x partitions x replicas";
            const topics = c.counted === 1 ? "1 topic" : `${c.counted} topics`;
            report(
                `${objectName("Kafka", c.kafka.props, c.kafka.name)}: its topics may retain ${formatBytes(c.needed)} (${formula}, over ${topics}), more than the ${formatBytes(usable)} usable of its brokers' ${formatBytes(c.capacity)} of volumes with ${cfg.headroomPercent}% headroom; grow the broker volumes or add brokers, or lower retention.bytes. Largest: ${largest}.`,
                c.kafka.urn,
            );
        }
        if (unjudged.size > 0) {
            cannotJudgeStack(args.notApplicable, [...unjudged]);
        }
    },
};

export const kafkaStoragePolicies = [kafkaNoEphemeralStorage, kafkaStorageDeleteClaim, kafkaStorageMinSize, kafkaStorageClass, kafkaRetentionFitsStorage];

