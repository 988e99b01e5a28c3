import { PolicyConfigSchema, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { belongsTo, brokerSetting, ClusterRef, clusterRefOf, hasRole, KAFKA, KAFKA_NODE_POOL, KAFKA_TOPIC, kafkaRefOf, objectName, topicLabel } from "./strimzi";
import { at, cannotJudge, cannotJudgeStack, flag, integer, isUnknown, items, settings, text, Unknown, UNKNOWN } from "./values";

const ZONE_KEY = "topology.kubernetes.io/zone";

const minReplicationFactor = {
    type: "integer",
    minimum: 1,
    default: 3,
    description: "Smallest replication factor allowed for data topics.",
} as const;
const minInsyncReplicas = {
    type: "integer",
    minimum: 1,
    default: 2,
    description: "Smallest min.insync.replicas allowed: how many replicas must have an acks=all write.",
} as const;

function configKey(key: string): string {
    return `spec.kafka.config["${key}"]`;
}

function shown(raw: unknown): string {
    return JSON.stringify(raw);
}

// ---- kafka-min-brokers ------------------------------------------------------------------------

const minBrokersSchema: PolicyConfigSchema = {
    properties: {
        minBrokers: { type: "integer", minimum: 1, default: 3, description: "Smallest number of brokers a Kafka cluster may run, summed over its broker node pools." },
    },
};

interface BrokerPool {
    urn: string;
    label: string;
    replicas: number | Unknown;
    /** The pool's roles are unknown, so it may or may not hold brokers. */
    maybeBroker: boolean;
}

interface ClusterBrokers {
    ref: ClusterRef;
    label: string;
    kafkaUrn?: string;
    pools: BrokerPool[];
}

export const kafkaMinBrokers: StackValidationPolicy = {
    name: "kafka-min-brokers",
    description: "Every Kafka cluster runs at least the minimum number of brokers, summed over its broker KafkaNodePools.",
    severity: "critical",
    remediationSteps:
        "Raise spec.replicas of the cluster's broker KafkaNodePool(s) until the brokers add up to the minimum. With rack awareness, use a multiple of the zone count so each zone holds the same number of replicas.",
    configSchema: minBrokersSchema,
    validateStack: (args, report) => {
        const { minBrokers } = settings<{ minBrokers: number }>(minBrokersSchema, args.getConfig());
        const clusters: ClusterBrokers[] = [];
        const pools: { ref: ClusterRef; pool: BrokerPool }[] = [];
        /** Pools that may hold brokers but whose cluster label is unknown: they may add to any cluster. */
        const unassigned: string[] = [];
        /** Kafkas whose name or namespace is unknown (a first preview withholds every output): their brokers cannot be counted. */
        const unnamedKafkas: string[] = [];
        for (const r of args.resources) {
            if (r.type === KAFKA) {
                const ref = kafkaRefOf(r.props);
                if (ref === UNKNOWN) {
                    unnamedKafkas.push(`metadata of ${objectName("Kafka", r.props, r.name)}`);
                } else if (ref !== undefined) {
                    clusters.push({ ref, label: objectName("Kafka", r.props, r.name), kafkaUrn: r.urn, pools: [] });
                }
            } else if (r.type === KAFKA_NODE_POOL) {
                const broker = hasRole(r.props, "broker");
                const ref = clusterRefOf(r.props);
                if (ref === UNKNOWN && broker !== false) {
                    unassigned.push(`metadata of ${objectName("KafkaNodePool", r.props, r.name)}`);
                }
                if (broker === false || ref === undefined || ref === UNKNOWN) {
                    continue;
                }
                const replicas = integer(at(r.props, "spec", "replicas"));
                pools.push({
                    ref,
                    pool: { urn: r.urn, label: objectName("KafkaNodePool", r.props, r.name), replicas: replicas === undefined || Number.isNaN(replicas) ? 0 : replicas, maybeBroker: broker === UNKNOWN },
                });
            }
        }
        for (const { ref, pool } of pools) {
            const owner = clusters.find((c) => belongsTo(ref, c.ref)) ?? clusters.find((c) => c.kafkaUrn === undefined && c.ref.key === ref.key);
            if (owner) {
                owner.pools.push(pool);
            } else {
                clusters.push({ ref, label: `Kafka cluster ${ref.namespace ? `${ref.namespace}/` : ""}${ref.name}`, pools: [pool] });
            }
        }
        const unjudged = new Set<string>(unnamedKafkas.length > 0 ? [...unnamedKafkas, ...unassigned] : []);
        for (const c of clusters) {
            const certain = c.pools.filter((p) => !p.maybeBroker);
            const known = certain.reduce((sum, p) => sum + (isUnknown(p.replicas) ? 0 : p.replicas), 0);
            if (known >= minBrokers) {
                continue;
            }
            const undetermined = [
                ...c.pools.flatMap((p) => [...(p.maybeBroker ? [`spec.roles of ${p.label}`] : []), ...(isUnknown(p.replicas) ? [`spec.replicas of ${p.label}`] : [])]),
                ...unassigned,
            ];
            if (undetermined.length > 0) {
                undetermined.forEach((what) => unjudged.add(what));
                continue;
            }
            if (certain.length === 0) {
                report(`${c.label} has no broker KafkaNodePool: add a KafkaNodePool labelled strimzi.io/cluster: ${c.ref.name} with roles [broker] and spec.replicas of at least ${minBrokers}.`, c.kafkaUrn);
                continue;
            }
            const each = certain.map((p) => `${p.label}: ${String(p.replicas)}`).join(", ");
            const noun = known === 1 ? "broker" : "brokers";
            report(`${c.label} has ${known} ${noun} (${each}); raise spec.replicas of its broker node pools to at least ${minBrokers} in total.`, certain[0].urn);
        }
        if (unjudged.size > 0) {
            cannotJudgeStack(args.notApplicable, [...unjudged]);
        }
    },
};

// ---- kafka-default-replication-factor ---------------------------------------------------------

const defaultRfSchema: PolicyConfigSchema = { properties: { minReplicationFactor } };

export const kafkaDefaultReplicationFactor: ResourceValidationPolicy = {
    name: "kafka-default-replication-factor",
    description: "A Kafka cluster's default.replication.factor, used by every topic that does not set its own, is at least the minimum.",
    severity: "high",
    remediationSteps: 'Set spec.kafka.config["default.replication.factor"] of the Kafka resource to at least the minimum; with 3 zones use 3.',
    configSchema: defaultRfSchema,
    validateResource: (args, report) => {
        if (args.type !== KAFKA) {
            return;
        }
        const { minReplicationFactor: min } = settings<{ minReplicationFactor: number }>(defaultRfSchema, args.getConfig());
        const rf = brokerSetting(args.props, "default.replication.factor");
        const key = configKey("default.replication.factor");
        if (isUnknown(rf.value)) {
            cannotJudge(args.notApplicable, [key]);
        }
        if (Number.isNaN(rf.value)) {
            report(`${key} is ${shown(rf.raw)}, not an integer; set it to at least ${min}.`);
        } else if (!rf.set && rf.value < min) {
            report(`${key} is not set, so topics created without their own replication factor get Kafka's default of ${rf.value}; set it to at least ${min}.`);
        } else if (rf.value < min) {
            report(`${key} is ${rf.value}; set it to at least ${min}.`);
        }
    },
};

// ---- kafka-min-insync-replicas ----------------------------------------------------------------

const minIsrSchema: PolicyConfigSchema = { properties: { minInsyncReplicas } };

/**
 * Problems of a min.insync.replicas value against the replication factor it applies to; `rfShown`
 * describes that factor with its value, `rfName` is the key to change.
 */
function isrAgainstRf(isr: number, isrName: string, rf: number, rfName: string, rfShown = `${rfName} (${rf})`): string | undefined {
    if (isr > rf) {
        return `${isrName} (${isr}) is above ${rfShown}, so every acks=all write would fail; lower ${isrName} below ${rfName} or raise ${rfName} above it.`;
    }
    if (isr === rf && rf > 1) {
        return `${isrName} (${isr}) equals ${rfShown}, so one broker down blocks every acks=all write; lower ${isrName} to ${rf - 1} or raise ${rfName} to ${rf + 1}.`;
    }
    return undefined;
}

export const kafkaMinInsyncReplicas: ResourceValidationPolicy = {
    name: "kafka-min-insync-replicas",
    description: "A Kafka cluster's min.insync.replicas is at least the minimum and below its default.replication.factor.",
    severity: "high",
    remediationSteps:
        'Set spec.kafka.config["min.insync.replicas"] of the Kafka resource to at least the minimum (2 in production) and keep it below default.replication.factor (RF 3 / min ISR 2), so an acknowledged write survives a broker loss and one broker down does not block writes.',
    configSchema: minIsrSchema,
    validateResource: (args, report) => {
        if (args.type !== KAFKA) {
            return;
        }
        const { minInsyncReplicas: min } = settings<{ minInsyncReplicas: number }>(minIsrSchema, args.getConfig());
        const isr = brokerSetting(args.props, "min.insync.replicas");
        const rf = brokerSetting(args.props, "default.replication.factor");
        const key = configKey("min.insync.replicas");
        if (isUnknown(isr.value)) {
            cannotJudge(args.notApplicable, [key]);
        }
        if (Number.isNaN(isr.value)) {
            report(`${key} is ${shown(isr.raw)}, not an integer; set it to at least ${min}.`);
            return;
        }
        if (!isr.set && isr.value < min) {
            report(`${key} is not set, so Kafka's default of ${isr.value} acknowledges an acks=all write held by a single replica; set it to at least ${min}.`);
        } else if (isr.value < min) {
            report(`${key} is ${isr.value}; set it to at least ${min} so an acknowledged write survives the loss of a broker.`);
        }
        if (!isUnknown(rf.value) && !Number.isNaN(rf.value)) {
            const rfKey = configKey("default.replication.factor");
            const rfShown = rf.set ? undefined : `Kafka's default replication factor of ${rf.value} (${rfKey} is not set)`;
            const problem = isrAgainstRf(isr.value, key, rf.value, rfKey, rfShown);
            if (problem) {
                report(problem);
            }
        } else if (isUnknown(rf.value)) {
            cannotJudge(args.notApplicable, [configKey("default.replication.factor")]);
        }
    },
};

// ---- kafka-internal-topic-replication ---------------------------------------------------------

const internalSchema: PolicyConfigSchema = { properties: { minReplicationFactor, minInsyncReplicas } };

export const kafkaInternalTopicReplication: ResourceValidationPolicy = {
    name: "kafka-internal-topic-replication",
    description: "The consumer-offsets and transaction-state topics are replicated at least like data topics.",
    severity: "high",
    remediationSteps:
        'Set spec.kafka.config["offsets.topic.replication.factor"] and ["transaction.state.log.replication.factor"] to at least the cluster\'s default.replication.factor (and the environment minimum), and ["transaction.state.log.min.isr"] to at least the minimum min.insync.replicas and below the transaction-state replication factor.',
    configSchema: internalSchema,
    validateResource: (args, report) => {
        if (args.type !== KAFKA) {
            return;
        }
        const cfg = settings<{ minReplicationFactor: number; minInsyncReplicas: number }>(internalSchema, args.getConfig());
        const dataRf = brokerSetting(args.props, "default.replication.factor");
        const dataRfValue = isUnknown(dataRf.value) || Number.isNaN(dataRf.value) ? undefined : dataRf.value;
        const floor = Math.max(cfg.minReplicationFactor, dataRfValue ?? 0);
        const unjudged = isUnknown(dataRf.value) ? [configKey("default.replication.factor")] : [];
        const why = dataRfValue !== undefined && dataRfValue > cfg.minReplicationFactor ? "like data topics (default.replication.factor)" : "the minimum replication factor for this environment";
        const internal: [key: "offsets.topic.replication.factor" | "transaction.state.log.replication.factor", what: string][] = [
            ["offsets.topic.replication.factor", "consumer group offsets"],
            ["transaction.state.log.replication.factor", "transaction state"],
        ];
        for (const [name, what] of internal) {
            const s = brokerSetting(args.props, name);
            if (isUnknown(s.value)) {
                unjudged.push(configKey(name));
                continue;
            }
            if (Number.isNaN(s.value)) {
                report(`${configKey(name)} is ${shown(s.raw)}, not an integer; set it to at least ${floor}.`);
            } else if (s.value < floor) {
                const current = s.set ? `is ${s.value}` : `is not set (Kafka's default ${s.value})`;
                report(`${configKey(name)} ${current}, which holds the ${what}; set it to at least ${floor}, ${why}.`);
            }
        }
        const txRf = brokerSetting(args.props, "transaction.state.log.replication.factor");
        const txIsr = brokerSetting(args.props, "transaction.state.log.min.isr");
        const isrKey = configKey("transaction.state.log.min.isr");
        if (isUnknown(txIsr.value)) {
            unjudged.push(isrKey);
        } else if (Number.isNaN(txIsr.value)) {
            report(`${isrKey} is ${shown(txIsr.raw)}, not an integer; set it to at least ${cfg.minInsyncReplicas}.`);
        } else {
            if (txIsr.value < cfg.minInsyncReplicas) {
                const current = txIsr.set ? `is ${txIsr.value}` : `is not set (Kafka's default ${txIsr.value})`;
                report(`${isrKey} ${current}; set it to at least ${cfg.minInsyncReplicas}.`);
            }
            if (!isUnknown(txRf.value) && !Number.isNaN(txRf.value)) {
                const problem = isrAgainstRf(txIsr.value, isrKey, txRf.value, configKey("transaction.state.log.replication.factor"));
                if (problem) {
                    report(problem);
                }
            }
        }
        if (unjudged.length > 0) {
            cannotJudge(args.notApplicable, unjudged);
        }
    },
};

// ---- kafka-unclean-leader-election ------------------------------------------------------------

const UNCLEAN = "unclean.leader.election.enable";

export const kafkaUncleanLeaderElection: ResourceValidationPolicy = {
    name: "kafka-unclean-leader-election",
    description: "Unclean leader election stays off, for the cluster and for every topic.",
    severity: "critical",
    remediationSteps: `Remove ${UNCLEAN} from the Kafka resource's spec.kafka.config and from every KafkaTopic's spec.config, or set it to false. Recover an offline partition deliberately (kafka-leader-election --election-type unclean) instead of letting Kafka drop acknowledged writes on its own.`,
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type === KAFKA) {
            const enabled = flag(at(args.props, "spec", "kafka", "config", UNCLEAN));
            if (isUnknown(enabled)) {
                cannotJudge(args.notApplicable, [configKey(UNCLEAN)]);
            }
            if (enabled === true) {
                report(`${configKey(UNCLEAN)} is true; set it to false (or remove it): an out-of-sync replica elected leader silently drops acknowledged writes.`);
            }
        } else if (args.type === KAFKA_TOPIC) {
            const enabled = flag(at(args.props, "spec", "config", UNCLEAN));
            if (isUnknown(enabled)) {
                cannotJudge(args.notApplicable, [`spec.config["${UNCLEAN}"]`]);
            }
            if (enabled === true) {
                report(`${topicLabel(args.props, args.name)}: spec.config["${UNCLEAN}"] is true; set it to false (or remove it): an out-of-sync replica elected leader silently drops acknowledged writes.`);
            }
        }
    },
};

// ---- kafka-rack-awareness ---------------------------------------------------------------------

const rackSchema: PolicyConfigSchema = {
    properties: {
        topologyKey: { type: "string", default: ZONE_KEY, description: "Node label whose value is the broker's rack (its availability zone)." },
        requirePoolSpread: {
            type: "boolean",
            default: true,
            description: "Require broker node pools of more than one broker to spread their pods over that label (or pin to one value of it).",
        },
    },
};

/** The spread problem of the pod template at `podPath` of `holder`, none, or the setting that is unknown. */
function spreadProblem(pod: unknown, key: string, podPath: string, holder: string): { problem?: string; unknown?: string } {
    const unknown = (path: string) => ({ unknown: `${path} of ${holder}` });
    const constraints = items(at(pod, "topologySpreadConstraints"));
    if (constraints === UNKNOWN) {
        return unknown(pod === UNKNOWN ? podPath : `${podPath}.topologySpreadConstraints`);
    }
    let lenient = false;
    for (const [i, c] of constraints.entries()) {
        const topologyKey = text(at(c, "topologyKey"));
        const when = text(at(c, "whenUnsatisfiable"));
        if (topologyKey === UNKNOWN || when === UNKNOWN) {
            return unknown(`${podPath}.topologySpreadConstraints[${i}]`);
        }
        if (topologyKey === key) {
            if (when === "DoNotSchedule") {
                return {};
            }
            lenient = true;
        }
    }
    const termsPath = `${podPath}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
    const terms = items(at(pod, "affinity", "nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"));
    if (terms === UNKNOWN) {
        return unknown(termsPath);
    }
    for (const [i, term] of terms.entries()) {
        const exprs = items(at(term, "matchExpressions"));
        if (exprs === UNKNOWN) {
            return unknown(`${termsPath}[${i}].matchExpressions`);
        }
        if (exprs.some((e) => text(at(e, "key")) === key)) {
            return {};
        }
    }
    if (lenient) {
        return { problem: `has a spec.template.pod.topologySpreadConstraints entry on "${key}" with whenUnsatisfiable ScheduleAnyway, which still lets several brokers land in one zone; set whenUnsatisfiable to DoNotSchedule.` };
    }
    return { problem: `does not spread its brokers over "${key}": add to spec.template.pod.topologySpreadConstraints an entry with topologyKey "${key}", maxSkew 1 and whenUnsatisfiable DoNotSchedule (Strimzi's rack setting no longer spreads pods by itself).` };
}

function rackProblem(props: unknown, key: string): { problem?: string; unknown?: string[] } {
    const rack = at(props, "spec", "kafka", "rack");
    const topologyKey = text(at(rack, "topologyKey"));
    const type = text(at(rack, "type"));
    if (isUnknown(topologyKey) || isUnknown(type)) {
        return { unknown: isUnknown(rack) ? ["spec.kafka.rack"] : [...(isUnknown(type) ? ["spec.kafka.rack.type"] : []), ...(isUnknown(topologyKey) ? ["spec.kafka.rack.topologyKey"] : [])] };
    }
    if (type !== undefined && type !== "topology-label") {
        return { problem: `spec.kafka.rack.type is ${JSON.stringify(type)}, which cannot be checked against the zones; use type "topology-label" (the default) with topologyKey "${key}".` };
    }
    if (rack === undefined || rack === null) {
        return { problem: `spec.kafka.rack is not set; set spec.kafka.rack.topologyKey to "${key}" so Kafka puts the replicas of each partition in different zones.` };
    }
    if (topologyKey !== key) {
        return { problem: `spec.kafka.rack.topologyKey is ${topologyKey === undefined ? "not set" : JSON.stringify(topologyKey)}; set it to "${key}" so Kafka puts the replicas of each partition in different zones.` };
    }
    return {};
}

/**
 * A stack policy because a pool's pods are not only the pool's: a KafkaNodePool without a
 * `spec.template.pod` of its own runs its pods from the Kafka's `spec.kafka.template.pod`, and one
 * with its own replaces that whole template (Strimzi 1.2.0 KafkaPool.java, processTemplate). The
 * spread is judged on the template Strimzi will use.
 */
export const kafkaRackAwareness: StackValidationPolicy = {
    name: "kafka-rack-awareness",
    description: "Kafka knows each broker's zone (rack awareness) and broker node pools spread their brokers over the zones.",
    severity: "high",
    remediationSteps:
        'Set spec.kafka.rack.topologyKey of the Kafka resource to the zone label (topology.kubernetes.io/zone) so each partition\'s replicas go to different zones, and give each broker KafkaNodePool (or, for the pools without a pod template of their own, the Kafka\'s spec.kafka.template.pod) a topologySpreadConstraints entry on that label with whenUnsatisfiable DoNotSchedule (or pin the pool to one zone with a required node affinity).',
    configSchema: rackSchema,
    validateStack: (args, report) => {
        const cfg = settings<{ topologyKey: string; requirePoolSpread: boolean }>(rackSchema, args.getConfig());
        const unjudged: string[] = [];
        const kafkas = args.resources.filter((r) => r.type === KAFKA);
        for (const k of kafkas) {
            const { problem, unknown } = rackProblem(k.props, cfg.topologyKey);
            if (problem) {
                report(problem, k.urn);
            }
            unjudged.push(...(unknown ?? []).map((what) => `${what} of ${objectName("Kafka", k.props, k.name)}`));
        }
        for (const pool of cfg.requirePoolSpread ? args.resources.filter((r) => r.type === KAFKA_NODE_POOL) : []) {
            const replicas = integer(at(pool.props, "spec", "replicas"));
            const broker = hasRole(pool.props, "broker");
            if (broker === false || replicas === undefined || Number.isNaN(replicas) || (typeof replicas === "number" && replicas <= 1)) {
                continue;
            }
            const own = at(pool.props, "spec", "template", "pod");
            const label = objectName("KafkaNodePool", pool.props, pool.name);
            const undetermined = [...(isUnknown(broker) ? ["spec.roles"] : []), ...(isUnknown(replicas) ? ["spec.replicas"] : [])].map((what) => `${what} of ${label}`);
            let spread = spreadProblem(own, cfg.topologyKey, "spec.template.pod", label);
            let from = "";
            if (own === undefined || own === null) {
                const ref = clusterRefOf(pool.props);
                const owner = ref === undefined || ref === UNKNOWN ? undefined : kafkas.find((k) => {
                    const kr = kafkaRefOf(k.props);
                    return kr !== undefined && kr !== UNKNOWN && belongsTo(ref, kr);
                });
                if (ref === UNKNOWN) {
                    spread = { unknown: `metadata of ${label}` };
                } else if (owner !== undefined) {
                    spread = spreadProblem(at(owner.props, "spec", "kafka", "template", "pod"), cfg.topologyKey, "spec.kafka.template.pod", objectName("Kafka", owner.props, owner.name));
                    from = ` with the pod template it inherits from ${objectName("Kafka", owner.props, owner.name)} (spec.kafka.template.pod; the pool sets no spec.template.pod)`;
                }
            }
            if (spread.problem === undefined && spread.unknown === undefined) {
                continue;
            }
            if (spread.unknown !== undefined || undetermined.length > 0) {
                unjudged.push(...undetermined, ...(spread.unknown === undefined ? [] : [spread.unknown]));
                continue;
            }
            report(`${label} runs ${String(replicas)} brokers${from} but ${spread.problem}`, pool.urn);
        }
        if (unjudged.length > 0) {
            cannotJudgeStack(args.notApplicable, unjudged);
        }
    },
};

// ---- kafka-topic-replication ------------------------------------------------------------------

const topicSchema: PolicyConfigSchema = { properties: { minReplicationFactor, minInsyncReplicas } };


export const kafkaTopicReplication: ResourceValidationPolicy = {
    name: "kafka-topic-replication",
    description: "Every KafkaTopic that sets its replicas has at least the minimum, and its own min.insync.replicas (if set) is at least the minimum and below its replicas.",
    severity: "high",
    remediationSteps:
        "Raise the KafkaTopic's spec.replicas to at least the minimum, or remove it to inherit the cluster's default.replication.factor; keep spec.config[\"min.insync.replicas\"] at least the minimum and below spec.replicas, or remove it to inherit the cluster's.",
    configSchema: topicSchema,
    validateResource: (args, report) => {
        if (args.type !== KAFKA_TOPIC) {
            return;
        }
        const cfg = settings<{ minReplicationFactor: number; minInsyncReplicas: number }>(topicSchema, args.getConfig());
        const label = topicLabel(args.props, args.name);
        const replicas = integer(at(args.props, "spec", "replicas"));
        const unjudged = isUnknown(replicas) ? ["spec.replicas"] : [];
        if (typeof replicas === "number" && !Number.isNaN(replicas) && replicas < cfg.minReplicationFactor) {
            report(`${label}: spec.replicas is ${replicas}; set it to at least ${cfg.minReplicationFactor}, or remove it to use the cluster's default.replication.factor.`);
        }
        const isrRaw = at(args.props, "spec", "config", "min.insync.replicas");
        const isr = integer(isrRaw);
        const isrKey = 'spec.config["min.insync.replicas"]';
        if (isUnknown(isr)) {
            unjudged.push(isrKey);
        } else if (isr !== undefined && Number.isNaN(isr)) {
            report(`${label}: ${isrKey} is ${shown(isrRaw)}, not an integer; set it to at least ${cfg.minInsyncReplicas} or remove it.`);
        } else if (isr !== undefined) {
            if (isr < cfg.minInsyncReplicas) {
                report(`${label}: ${isrKey} is ${isr}; set it to at least ${cfg.minInsyncReplicas}, or remove it to use the cluster's min.insync.replicas.`);
            }
            if (typeof replicas === "number" && !Number.isNaN(replicas)) {
                const problem = isrAgainstRf(isr, isrKey, replicas, "spec.replicas");
                if (problem) {
                    report(`${label}: ${problem}`);
                }
            }
        }
        if (unjudged.length > 0) {
            cannotJudge(args.notApplicable, unjudged);
        }
    },
};

export const kafkaReplicationPolicies = [
    kafkaMinBrokers,
    kafkaDefaultReplicationFactor,
    kafkaMinInsyncReplicas,
    kafkaInternalTopicReplication,
    kafkaUncleanLeaderElection,
    kafkaRackAwareness,
    kafkaTopicReplication,
];
