/**
 * Topic-level configs a team may set under `topics[].config`, with the types and bounds Kafka 4.x
 * (the versions Strimzi 1.2 runs) validates them with. A key Kafka would refuse fails the
 * KafkaTopic only once the operator tries it; checking here turns that into a config error that
 * names the key before anything is deployed.
 */

export type TopicConfigValue = string | number | boolean;

type Spec =
    | { kind: "int" | "long"; min: number; max?: number; also?: number }
    | { kind: "double"; min: number; max: number }
    | { kind: "boolean" }
    | { kind: "enum"; values: readonly string[] };

const INT_MAX = 2 ** 31 - 1;
const int = (min: number, max = INT_MAX): Spec => ({ kind: "int", min, max });
const long = (min: number): Spec => ({ kind: "long", min });

export const TOPIC_CONFIGS: Record<string, Spec> = {
    "compression.type": { kind: "enum", values: ["uncompressed", "zstd", "lz4", "snappy", "gzip", "producer"] },
    "compression.gzip.level": { kind: "int", min: 1, max: 9, also: -1 },
    "compression.lz4.level": int(1, 17),
    "compression.zstd.level": int(-131072, 22),
    "delete.retention.ms": long(0),
    "file.delete.delay.ms": long(0),
    "flush.messages": long(1),
    "flush.ms": long(0),
    "index.interval.bytes": int(0),
    "max.compaction.lag.ms": long(1),
    "max.message.bytes": int(0),
    "message.timestamp.after.max.ms": long(0),
    "message.timestamp.before.max.ms": long(0),
    "message.timestamp.type": { kind: "enum", values: ["CreateTime", "LogAppendTime"] },
    "min.cleanable.dirty.ratio": { kind: "double", min: 0, max: 1 },
    "min.compaction.lag.ms": long(0),
    "min.insync.replicas": int(1),
    preallocate: { kind: "boolean" },
    "segment.bytes": int(2 ** 20),
    "segment.index.bytes": int(4),
    "segment.jitter.ms": long(0),
    "segment.ms": long(1),
    "unclean.leader.election.enable": { kind: "boolean" },
};

/** Keys with a typed field of their own, so the topic has one source for each setting. */
export const TYPED_TOPIC_CONFIGS: Record<string, string> = {
    "retention.ms": "retention.time",
    "retention.bytes": "retention.bytesPerPartition",
    "cleanup.policy": "cleanupPolicy",
};

/** Topic-level keys Kafka knows but a team may not set here, and why. */
const REFUSED: Record<string, string> = {
    "message.format.version": "was removed in Kafka 4.0 (every topic uses record format v2)",
    "message.timestamp.difference.max.ms": "was removed in Kafka 4.0; use message.timestamp.before.max.ms and message.timestamp.after.max.ms",
    "message.downconversion.enable": "was removed in Kafka 4.0 (brokers no longer down-convert records)",
    "remote.storage.enable": "needs tiered storage (remote.log.storage.system.enable and a storage plugin on the brokers), which this platform does not configure",
    "remote.log.copy.disable": "needs tiered storage, which this platform does not configure",
    "remote.log.delete.on.disable": "needs tiered storage, which this platform does not configure",
    "local.retention.ms": "needs tiered storage, which this platform does not configure",
    "local.retention.bytes": "needs tiered storage, which this platform does not configure",
    "leader.replication.throttled.replicas": "is set by partition reassignments (Cruise Control) and would fight them",
    "follower.replication.throttled.replicas": "is set by partition reassignments (Cruise Control) and would fight them",
};

function describe(spec: Spec): string {
    switch (spec.kind) {
        case "int":
        case "long": {
            const range = spec.max === undefined ? `>= ${spec.min}` : `from ${spec.min} to ${spec.max}`;
            return `an integer ${range}${spec.also === undefined ? "" : ` or ${spec.also}`}`;
        }
        case "double":
            return `a number from ${spec.min} to ${spec.max}`;
        case "boolean":
            return "true or false";
        case "enum":
            return `one of: ${spec.values.join(", ")}`;
    }
}

function fits(spec: Spec, value: TopicConfigValue): boolean {
    switch (spec.kind) {
        case "int":
        case "long":
            return (
                typeof value === "number" &&
                Number.isSafeInteger(value) &&
                (value === spec.also || (value >= spec.min && (spec.max === undefined || value <= spec.max)))
            );
        case "double":
            return typeof value === "number" && value >= spec.min && value <= spec.max;
        case "boolean":
            return typeof value === "boolean";
        case "enum":
            return typeof value === "string" && spec.values.includes(value);
    }
}

/**
 * What is wrong with one `config` entry, or undefined when Kafka would accept it. `suggest` finds a
 * close key for a misspelt one.
 */
export function topicConfigProblem(
    key: string,
    value: TopicConfigValue,
    suggest: (key: string, candidates: string[]) => string | undefined,
): string | undefined {
    const typed = TYPED_TOPIC_CONFIGS[key];
    if (typed !== undefined) {
        return `is set through the topic's ${typed} field, not config`;
    }
    const refused = REFUSED[key];
    if (refused !== undefined) {
        return `cannot be set: it ${refused}`;
    }
    const spec = TOPIC_CONFIGS[key];
    if (spec === undefined) {
        const near = suggest(key, [...Object.keys(TOPIC_CONFIGS), ...Object.keys(TYPED_TOPIC_CONFIGS)]);
        if (near === undefined) {
            return "is not a topic-level config of Kafka 4.x (docs/teams.md lists the keys allowed here)";
        }
        const field = TYPED_TOPIC_CONFIGS[near];
        return field === undefined
            ? `is not a topic-level config of Kafka 4.x; did you mean "${near}"?`
            : `is not a topic-level config of Kafka 4.x; did you mean the topic's ${field} field?`;
    }
    return fits(spec, value) ? undefined : `must be ${describe(spec)}`;
}
