import { z } from "zod";
import { dnsLabel, nonNegativeInt, positiveInt } from "./primitives";
import { checkResources, podResources } from "./resources";
import { DEFAULT_STRIMZI_VERSION, strimziRelease } from "./operator";
import { AwsEnvironment, Environment, isProductionLike, Report } from "./environment";
import { AIVEN_S3_SINK, aivenReleaseZipUrl, CONFLUENT_MAVEN_URL, coordinatesOf, unreachableArtifacts } from "./connectorArtifacts";

/**
 * The `archive` section: the S3 bucket, the Kafka Connect cluster that writes the archived topics
 * to it with Aiven's S3 sink connector, and the demo pipeline that shows the flow in dev.
 */

/** Cheaper S3 storage classes in the order objects move through them. */
export const TRANSITION_STORAGE_CLASSES = ["STANDARD_IA", "INTELLIGENT_TIERING", "ONEZONE_IA", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"] as const;
type TransitionStorageClass = (typeof TRANSITION_STORAGE_CLASSES)[number];
/** S3 refuses a lifecycle transition to these classes before an object is 30 days old. */
const THIRTY_DAY_MINIMUM: readonly TransitionStorageClass[] = ["STANDARD_IA", "ONEZONE_IA"];

export const ARCHIVE_COMPRESSIONS = ["gzip", "snappy", "zstd", "none"] as const;
export const ARCHIVE_OUTPUT_FIELDS = ["value", "key", "offset", "timestamp", "headers"] as const;

/** The Aiven S3 sink as published to Maven Central (group and artifact id from its build at tag v3.4.2). */
export const AIVEN_S3_SINK_MAVEN = AIVEN_S3_SINK;

/** Version strings Maven would resolve to different artifacts over time: an archive build must be reproducible. */
const UNPINNED_VERSION = /(-SNAPSHOT$|^LATEST$|^RELEASE$)/;

const httpsUrl = z.string().regex(/^https:\/\/[^\s/$.?#][^\s]*$/, { error: "must be an https:// URL" });
const mavenCoordinate = z.string().regex(/^[A-Za-z0-9_.-]+$/, { error: "must be a Maven coordinate part: letters, digits, '.', '_' and '-'" });

const mavenPlugin = z.strictObject({
    type: z.literal("maven"),
    group: mavenCoordinate,
    artifact: mavenCoordinate,
    version: mavenCoordinate,
    /** A repository other than Maven Central that holds the artifact and its dependencies. */
    repository: httpsUrl.nullable(),
    /** A repository manager that proxies every repository the build needs (Maven Central and Confluent's). */
    mirror: httpsUrl.nullable(),
});

const zipPlugin = z.strictObject({
    type: z.literal("zip"),
    url: httpsUrl,
    /**
     * The release file's SHA-512, which Strimzi checks the download against; null downloads it
     * unchecked. Checked in checkPlugin, so a zip without the key gets an error that says why.
     */
    sha512sum: z.string().nullable().optional(),
});


/** An S3 key prefix: lower-case path segments without leading or trailing slashes. */
const s3Prefix = z
    .string()
    .regex(/^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*$/, {
        error: "must be an S3 key prefix of lower-case path segments (letters, digits, '-', '_') separated by '/', without a leading or trailing '/'",
    })
    .max(100);

export const imageReference = z
    .string()
    .regex(/^[a-z0-9]+([._\/-][a-z0-9]+)*(:\d+)?(\/[a-z0-9]+([._-][a-z0-9]+)*)*(:[\w][\w.-]{0,127})?(@sha256:[0-9a-f]{64})?$/, {
        error: "must be a container image reference such as quay.io/strimzi/kafka:1.2.0-kafka-4.3.1",
    });

export const archiveSchema = z.strictObject({
    /** Every archived object lands below this prefix: `<prefix>/<team>/<topic>/...`. */
    prefix: s3Prefix,
    bucket: z.strictObject({
        encryption: z.enum(["kms", "sse-s3"]),
        /** Days KMS waits before deleting the bucket key after the stack drops it. */
        kmsKeyDeletionWindowDays: z.int().min(7).max(30),
        /** Let a stack destroy delete a bucket that still holds objects; dev only. */
        forceDestroy: z.boolean(),
        lifecycle: z.strictObject({
            transitions: z.array(z.strictObject({ days: positiveInt, storageClass: z.enum(TRANSITION_STORAGE_CLASSES) })).max(TRANSITION_STORAGE_CLASSES.length),
            /** Days after which archived objects expire; null keeps them forever. */
            expirationDays: z.int().min(1).nullable(),
            /** Days a replaced or deleted object version is kept (versioning is always on). */
            noncurrentVersionExpirationDays: positiveInt,
            abortIncompleteMultipartUploadDays: z.int().min(1).max(30),
        }),
    }),
    connect: z.strictObject({
        /** metadata.name of the KafkaConnect; its pods run as service account `<name>-connect`. */
        name: dnsLabel.max(40),
        replicas: z.int().min(1).max(10),
        resources: podResources,
        /** The Connect build pod that downloads the connector and pushes the image. */
        buildResources: podResources,
        /** Upper bound of tasks per connector; each task takes a share of the topics' partitions. */
        tasksMax: z.int().min(1).max(64),
        output: z.strictObject({
            compression: z.enum(ARCHIVE_COMPRESSIONS),
            /** Record parts written to S3; with one field the value is written as is, with more each line is an object. */
            fields: z.array(z.enum(ARCHIVE_OUTPUT_FIELDS)).min(1),
            /** Which clock fills the date in an object's key: when Connect writes it, or the record's timestamp. */
            timestampSource: z.enum(["wallclock", "event"]),
        }),
        flush: z.strictObject({
            /** How often Connect commits offsets; the sink writes one object per partition at each commit. */
            intervalMs: z.int().min(10_000).max(3_600_000),
            /** Start another object after this many records (0: no limit); bounds the records a task holds in memory. */
            maxRecordsPerFile: nonNegativeInt,
        }),
        errors: z.strictObject({
            /** `all` skips records the connector cannot convert or write; `none` stops the task at the first one. */
            tolerance: z.enum(["none", "all"]),
            deadLetterQueue: z.strictObject({
                enabled: z.boolean(),
                partitions: z.int().min(1).max(50),
                retentionMs: z.int().min(3_600_000),
            }),
        }),
        autoRestart: z.strictObject({
            enabled: z.boolean(),
            /** null: the operator keeps restarting a failed connector. */
            maxRestarts: z.int().min(1).nullable(),
        }),
        /** The Aiven S3 sink connector the Connect build downloads. */
        plugin: z.discriminatedUnion("type", [mavenPlugin, zipPlugin], { error: 'must be "maven" (a Maven artifact Strimzi resolves with its dependencies) or "zip" (a release URL with its sha512sum)' }),
        imageRepository: z.strictObject({
            /** Images kept in the ECR repository; older ones expire. */
            keepImages: z.int().min(1).max(1000),
            untaggedExpiryDays: z.int().min(1).max(365),
            /** Let a stack destroy delete the repository with its images; dev only. */
            forceDelete: z.boolean(),
        }),
    }),
    demo: z.strictObject({
        enabled: z.boolean(),
        /** The topic part of the demo topic; its Kafka name is `demo.<topic>`. */
        topic: dnsLabel.max(100),
        partitions: z.int().min(1).max(50),
        eventsPerSecond: z.number().positive().max(1000),
        /**
         * Distinct events in the generated payload file the producer picks from. Each line carries its
         * schema (about 1.9 KB with the event), and the file lives in a ConfigMap of at most 1 MiB.
         */
        payloadEvents: z.int().min(10).max(500),
        retentionMs: z.int().min(3_600_000),
        /** A public image with Kafka's perf-test tool; by default the Strimzi Kafka image of the default operator release. */
        image: imageReference,
    }),
});

export type ArchiveConfig = z.infer<typeof archiveSchema>;
export type ArchivePlugin = ArchiveConfig["connect"]["plugin"];

const SMALL = { requests: { cpu: "250m", memory: "1Gi" }, limits: { memory: "1Gi" } };
const BUILD = { requests: { cpu: "500m", memory: "1Gi" }, limits: { memory: "2Gi" } };
/**
 * The release zip of the connector (its runtime classpath, built by Aiven's release workflow with
 * Maven Central and Confluent's repository), so the build needs no Maven resolution. Unpinned: no
 * checksum was computed here, and none is made up; a stack pins it with `plugin.sha512sum`.
 */
const PLUGIN_DEFAULT = { type: "zip", url: aivenReleaseZipUrl(AIVEN_S3_SINK.version), sha512sum: null } as const;
const DEMO = {
    topic: "web-activity",
    partitions: 3,
    eventsPerSecond: 5,
    payloadEvents: 500,
    retentionMs: 86_400_000,
    // The default operator's own Kafka image: already pulled on the nodes, and its perf-test tool speaks that Kafka's protocol.
    image: `quay.io/strimzi/kafka:${DEFAULT_STRIMZI_VERSION}-kafka-${strimziRelease(DEFAULT_STRIMZI_VERSION).defaultKafkaVersion}`,
};
const OUTPUT = { compression: "gzip", fields: ["value"], timestampSource: "wallclock" } as const;

type ConnectProfile = Omit<ArchiveConfig["connect"], "imageRepository">;

/** What an environment's Connect profile sets; everything else is the same in every environment, local included. */
function connectProfile(c: {
    replicas: number;
    resources: ConnectProfile["resources"];
    flushIntervalMs: number;
    deadLetterPartitions: number;
    deadLetterRetentionMs: number;
}): ConnectProfile {
    return {
        name: "archive",
        replicas: c.replicas,
        resources: c.resources,
        buildResources: BUILD,
        tasksMax: c.replicas,
        output: { ...OUTPUT, fields: [...OUTPUT.fields] },
        flush: { intervalMs: c.flushIntervalMs, maxRecordsPerFile: 50_000 },
        errors: { tolerance: "all", deadLetterQueue: { enabled: true, partitions: c.deadLetterPartitions, retentionMs: c.deadLetterRetentionMs } },
        autoRestart: { enabled: true, maxRestarts: null },
        plugin: PLUGIN_DEFAULT,
    };
}

/** The ECR side of an AWS environment's Connect profile: how many built images to keep, and whether a destroy may delete them. */
function ecrImages(keepImages: number, forceDelete: boolean): Pick<ArchiveConfig["connect"], "imageRepository"> {
    return { imageRepository: { keepImages, untaggedExpiryDays: 1, forceDelete } };
}

export const ARCHIVE_DEFAULTS: Record<AwsEnvironment, ArchiveConfig> = {
    dev: {
        prefix: "kafka",
        bucket: {
            encryption: "sse-s3",
            kmsKeyDeletionWindowDays: 7,
            forceDestroy: true,
            lifecycle: { transitions: [], expirationDays: 14, noncurrentVersionExpirationDays: 1, abortIncompleteMultipartUploadDays: 1 },
        },
        connect: {
            ...connectProfile({
                replicas: 1,
                resources: SMALL,
                flushIntervalMs: 60_000,
                deadLetterPartitions: 1,
                deadLetterRetentionMs: 604_800_000,
            }),
            ...ecrImages(5, true),
        },
        demo: { ...DEMO, enabled: true },
    },
    staging: {
        prefix: "kafka",
        bucket: {
            encryption: "kms",
            kmsKeyDeletionWindowDays: 30,
            forceDestroy: false,
            lifecycle: {
                transitions: [{ days: 30, storageClass: "STANDARD_IA" }],
                expirationDays: 90,
                noncurrentVersionExpirationDays: 7,
                abortIncompleteMultipartUploadDays: 7,
            },
        },
        connect: {
            ...connectProfile({
                replicas: 2,
                resources: { requests: { cpu: "500m", memory: "2Gi" }, limits: { memory: "2Gi" } },
                flushIntervalMs: 300_000,
                deadLetterPartitions: 1,
                deadLetterRetentionMs: 604_800_000,
            }),
            ...ecrImages(10, false),
        },
        demo: { ...DEMO, enabled: false },
    },
    prod: {
        prefix: "kafka",
        bucket: {
            encryption: "kms",
            kmsKeyDeletionWindowDays: 30,
            forceDestroy: false,
            lifecycle: {
                transitions: [
                    { days: 30, storageClass: "STANDARD_IA" },
                    { days: 90, storageClass: "GLACIER_IR" },
                    { days: 365, storageClass: "DEEP_ARCHIVE" },
                ],
                expirationDays: 2555,
                noncurrentVersionExpirationDays: 30,
                abortIncompleteMultipartUploadDays: 7,
            },
        },
        connect: {
            ...connectProfile({
                replicas: 3,
                resources: { requests: { cpu: "1", memory: "4Gi" }, limits: { memory: "4Gi" } },
                flushIntervalMs: 300_000,
                deadLetterPartitions: 3,
                deadLetterRetentionMs: 1_209_600_000,
            }),
            ...ecrImages(20, false),
        },
        demo: { ...DEMO, enabled: false },
    },
};

/**
 * The archive section of a local stack: the same prefix, Connect and demo keys, without the AWS-only
 * ones (the S3 bucket's settings, the ECR repository), which the local rules
 * (config/local.ts) refuse by name.
 */
export const localArchiveSchema = z.strictObject({
    prefix: archiveSchema.shape.prefix,
    connect: archiveSchema.shape.connect.omit({ imageRepository: true }),
    demo: archiveSchema.shape.demo,
});
export type LocalArchiveConfig = z.infer<typeof localArchiveSchema>;

/** The local profile: one Connect worker that writes often (objects show up within a minute), and the demo producer on. */
export const LOCAL_ARCHIVE_DEFAULTS: LocalArchiveConfig = {
    prefix: "kafka",
    connect: connectProfile({ replicas: 1, resources: SMALL, flushIntervalMs: 30_000, deadLetterPartitions: 1, deadLetterRetentionMs: 604_800_000 }),
    demo: { ...DEMO, enabled: true },
};


/** As archiveDefaults: a plugin of another type gets none of the profile's zip keys. */
export function localArchiveDefaults(raw: unknown): Record<string, unknown> {
    const type = pluginType(raw);
    if (type === undefined || type === PLUGIN_DEFAULT.type) {
        return LOCAL_ARCHIVE_DEFAULTS;
    }
    const { plugin: _dropped, ...connect } = LOCAL_ARCHIVE_DEFAULTS.connect;
    return { ...LOCAL_ARCHIVE_DEFAULTS, connect };
}

function pluginType(raw: unknown): unknown {
    const connect = typeof raw === "object" && raw !== null ? (raw as Record<string, unknown>).connect : undefined;
    const plugin = typeof connect === "object" && connect !== null ? (connect as Record<string, unknown>).plugin : undefined;
    return typeof plugin === "object" && plugin !== null ? (plugin as Record<string, unknown>).type : undefined;
}

/**
 * The profile's release zip is merged into a `plugin` that keeps type zip (so a stack can pin it
 * by setting only `sha512sum`); a stack that switches to Maven gets none of the zip keys mixed in.
 */
export function archiveDefaults(env: AwsEnvironment, raw: unknown): Record<string, unknown> {
    const defaults = ARCHIVE_DEFAULTS[env];
    const type = pluginType(raw);
    if (type === undefined || type === PLUGIN_DEFAULT.type) {
        return defaults;
    }
    const { plugin: _dropped, ...connect } = defaults.connect;
    return { ...defaults, connect };
}

function checkLifecycle(l: ArchiveConfig["bucket"]["lifecycle"], report: Report): void {
    const at = (...k: PropertyKey[]) => ["archive", "bucket", "lifecycle", ...k];
    l.transitions.forEach((t, i) => {
        if (THIRTY_DAY_MINIMUM.includes(t.storageClass) && t.days < 30) {
            report(at("transitions", i, "days"), `must be >= 30 for ${t.storageClass}: S3 does not move objects younger than 30 days to it`);
        }
        if (i === 0) {
            return;
        }
        const previous = l.transitions[i - 1];
        if (t.days <= previous.days) {
            report(at("transitions", i, "days"), `must be greater than the previous transition's days (${previous.days})`);
        }
        if (TRANSITION_STORAGE_CLASSES.indexOf(t.storageClass) <= TRANSITION_STORAGE_CLASSES.indexOf(previous.storageClass)) {
            report(
                at("transitions", i, "storageClass"),
                `must be a cheaper class than the previous transition's ${previous.storageClass}; the order is ${TRANSITION_STORAGE_CLASSES.join(", ")}`,
            );
        }
    });
    const last = l.transitions[l.transitions.length - 1];
    if (last && l.expirationDays !== null && l.expirationDays <= last.days) {
        report(at("expirationDays"), `must be greater than the last transition's days (${last.days}), or the transition never happens`);
    }
}

function checkPlugin(p: ArchivePlugin, report: Report): void {
    const at = (k: string) => ["archive", "connect", "plugin", k];
    if (p.type === "zip") {
        if (p.sha512sum === undefined) {
            report(
                at("sha512sum"),
                "is required for a zip artifact: the SHA-512 checksum of the release file you downloaded and checked (sha512sum <file>), which Strimzi verifies the download against, or null to download it unchecked",
            );
        } else if (p.sha512sum !== null && !/^[0-9a-f]{128}$/.test(p.sha512sum)) {
            report(at("sha512sum"), "must be the 128 lower-case hex digits of the file's SHA-512 checksum, or null");
        }
        return;
    }
    if (UNPINNED_VERSION.test(p.version)) {
        report(at("version"), "must be a released version such as 3.4.2: snapshots, LATEST and RELEASE build a different connector over time");
        return;
    }
    const missing = unreachableArtifacts(p);
    if (missing === undefined) {
        report(
            at("version"),
            `has no dependency list in components/config/connectorArtifacts.ts: add the runtime dependencies of ${coordinatesOf(p)}'s POM, with the repository each is published in, so the platform can tell whether Strimzi's Maven build reaches them`,
        );
    } else if (missing.length > 0) {
        const shown = missing.slice(0, 3).map((d) => (d.version === null ? `${d.group}:${d.artifact}` : coordinatesOf({ ...d, version: d.version })));
        report(
            at(p.mirror === null ? "mirror" : "repository"),
            `must reach every artifact of ${coordinatesOf(p)}: Strimzi fetches the connector's POM and jar from plugin.repository (Maven Central when null) and resolves its dependencies from that repository and Maven Central only, or from plugin.mirror alone, and ${missing.length} of them are not there (${shown.join(", ")}${missing.length > shown.length ? ", ..." : ""}); set plugin.mirror to a repository manager that proxies Maven Central and ${CONFLUENT_MAVEN_URL}, or use the release zip (plugin.type: zip)`,
        );
    }
}

/** Rules of the Kafka Connect keys, which the local stack shares with AWS. */
export function checkConnect(c: Pick<ArchiveConfig["connect"], "plugin" | "resources" | "buildResources" | "output" | "errors">, report: Report): void {
    checkPlugin(c.plugin, report);
    checkResources(c.resources, ["archive", "connect", "resources"], report);
    checkResources(c.buildResources, ["archive", "connect", "buildResources"], report);
    if (new Set(c.output.fields).size !== c.output.fields.length) {
        report(["archive", "connect", "output", "fields"], "must not repeat a field");
    }
    const dlq = c.errors.deadLetterQueue;
    if (dlq.enabled && c.errors.tolerance === "none") {
        report(
            ["archive", "connect", "errors", "deadLetterQueue", "enabled"],
            'requires archive.connect.errors.tolerance "all": with "none" the first bad record stops the task and nothing reaches the dead-letter topic',
        );
    }
}

export function checkArchive(a: ArchiveConfig, env: Environment, report: Report): void {
    checkLifecycle(a.bucket.lifecycle, report);
    checkConnect(a.connect, report);
    const c = a.connect;
    const dlq = c.errors.deadLetterQueue;
    if (isProductionLike(env)) {
        if (c.errors.tolerance === "all" && !dlq.enabled) {
            report(
                ["archive", "connect", "errors", "deadLetterQueue", "enabled"],
                `must be true in ${env} when errors.tolerance is "all": otherwise records the sink cannot write are dropped without a trace`,
            );
        }
        if (a.bucket.forceDestroy) {
            report(["archive", "bucket", "forceDestroy"], `must be false in ${env}: a stack destroy must not delete archived data`);
        }
        if (c.imageRepository.forceDelete) {
            report(["archive", "connect", "imageRepository", "forceDelete"], `must be false in ${env}: a stack destroy must not delete the running Connect image`);
        }
    }
    if (env === "prod") {
        if (a.bucket.encryption !== "kms") {
            report(["archive", "bucket", "encryption"], 'must be "kms" in prod: a customer-managed, rotating key whose use CloudTrail records and IAM can restrict');
        }
        if (c.replicas < 2) {
            report(["archive", "connect", "replicas"], "must be >= 2 in prod: with one worker, archiving stops whenever its node is drained");
        }
        if (a.demo.enabled) {
            report(["archive", "demo", "enabled"], "must be false in prod: the demo producer writes generated events into the production cluster and archive");
        }
    }
}

/** The demo pipeline's topic and user are named as this team's, so no real team may take the name while the demo runs. */
export const DEMO_TEAM = "demo";

export function checkDemoTeamReserved(a: Pick<ArchiveConfig, "demo">, teams: Record<string, unknown>, report: Report): void {
    if (a.demo.enabled && DEMO_TEAM in teams) {
        report(
            ["teams", DEMO_TEAM],
            `is reserved for the demo pipeline while archive.demo.enabled is true (its topic ${DEMO_TEAM}.${a.demo.topic} and user would collide with this team's); rename the team or set archive.demo.enabled: false`,
        );
    }
}
