import { strict as assert } from "assert";
import { createHash } from "crypto";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { ConfigError, parseConfig } from "../../components/config";
import { AIVEN_S3_SINK_MAVEN, ARCHIVE_DEFAULTS, checkConnect } from "../../components/config/archive";

type Stack = "dev" | "staging" | "prod";

function parse(stack: Stack, archive?: Record<string, unknown>) {
    const raw = { ...readStackConfig(stack).config, ...(archive ? { archive } : {}) };
    return parseConfig(raw, stack);
}

/** The formatted problem lines a config produces, as the CLI prints them. */
function problems(stack: Stack, archive: Record<string, unknown>): string[] {
    try {
        parse(stack, archive);
    } catch (e) {
        assert.ok(ConfigError.isConfigError(e), String(e));
        return e.message.split("\n").slice(1).map((l) => l.replace(/^  - /, ""));
    }
    throw new Error("expected the config to be refused");
}

/** A syntactically valid SHA-512 for tests: the digest of a fixed sentence, not of any release. */
const TEST_SHA512 = createHash("sha512").update("kafka-platform test fixture, not a release").digest("hex");

describe("archive config", () => {
    describe("profiles", () => {
        it("default the connector to the GitHub release zip of Aiven's S3 sink 3.4.2, unpinned, in every environment", () => {
            for (const stack of ["dev", "staging", "prod"] as const) {
                assert.deepEqual(parse(stack).archive.connect.plugin, {
                    type: "zip",
                    url: "https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka/releases/download/v3.4.2/s3-sink-connector-for-apache-kafka-3.4.2.zip",
                    sha512sum: null,
                });
            }
            assert.deepEqual(AIVEN_S3_SINK_MAVEN, { group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2" });
        });

        it("make dev cheap and disposable, with the demo on", () => {
            const a = parse("dev").archive;
            assert.equal(a.bucket.encryption, "sse-s3");
            assert.equal(a.bucket.forceDestroy, true);
            assert.deepEqual(a.bucket.lifecycle, { transitions: [], expirationDays: 14, noncurrentVersionExpirationDays: 1, abortIncompleteMultipartUploadDays: 1 });
            assert.equal(a.connect.replicas, 1);
            assert.equal(a.connect.imageRepository.forceDelete, true);
            assert.equal(a.demo.enabled, true);
            assert.equal(a.demo.image, "quay.io/strimzi/kafka:1.2.0-kafka-4.3.1");
        });

        it("harden prod: KMS, tiering to Deep Archive, seven-year expiry, three workers, no demo", () => {
            const a = parse("prod").archive;
            assert.equal(a.bucket.encryption, "kms");
            assert.equal(a.bucket.forceDestroy, false);
            assert.deepEqual(a.bucket.lifecycle.transitions, [
                { days: 30, storageClass: "STANDARD_IA" },
                { days: 90, storageClass: "GLACIER_IR" },
                { days: 365, storageClass: "DEEP_ARCHIVE" },
            ]);
            assert.equal(a.bucket.lifecycle.expirationDays, 2555);
            assert.equal(a.connect.replicas, 3);
            assert.equal(a.connect.errors.tolerance, "all");
            assert.equal(a.connect.errors.deadLetterQueue.enabled, true);
            assert.equal(a.demo.enabled, false);
        });

        it("pass every shipped profile's own checks", () => {
            for (const stack of ["dev", "staging", "prod"] as const) {
                assert.deepEqual(parse(stack, ARCHIVE_DEFAULTS[stack] as unknown as Record<string, unknown>).archive, ARCHIVE_DEFAULTS[stack]);
            }
        });

        it("merge a checksum alone with the profile's release zip", () => {
            assert.deepEqual(parse("prod", { connect: { plugin: { sha512sum: TEST_SHA512 } } }).archive.connect.plugin, {
                type: "zip",
                url: "https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka/releases/download/v3.4.2/s3-sink-connector-for-apache-kafka-3.4.2.zip",
                sha512sum: TEST_SHA512,
            });
        });

        it("take a Maven artifact whole, without the profile's zip keys", () => {
            const plugin = { type: "maven", ...AIVEN_S3_SINK_MAVEN, repository: null, mirror: "https://nexus.example.com/repository/maven-all/" };
            assert.deepEqual(parse("prod", { connect: { plugin } }).archive.connect.plugin, plugin);
        });
    });

    describe("errors", () => {
        it("refuse a zip artifact that says nothing about its sha512sum, saying where to get it", () => {
            const reported: string[] = [];
            checkConnect({ ...parse("dev").archive.connect, plugin: { type: "zip", url: "https://artifacts.example.com/s3-sink.zip" } }, (path, message) => reported.push(`${path.join(".")}: ${message}`));
            assert.deepEqual(reported, [
                "archive.connect.plugin.sha512sum: is required for a zip artifact: the SHA-512 checksum of the release file you downloaded and checked (sha512sum <file>), which Strimzi verifies the download against, or null to download it unchecked",
            ]);
        });

        it("refuse a sha512sum that is not one", () => {
            assert.deepEqual(problems("dev", { connect: { plugin: { type: "zip", url: "https://artifacts.example.com/s3-sink.zip", sha512sum: "abc123" } } }), [
                'kafka-platform:archive.connect.plugin.sha512sum: must be the 128 lower-case hex digits of the file\'s SHA-512 checksum, or null (got "abc123")',
            ]);
        });

        it("refuse a plain-http artifact URL", () => {
            assert.deepEqual(problems("dev", { connect: { plugin: { type: "zip", url: "http://artifacts.example.com/s3-sink.zip", sha512sum: TEST_SHA512 } } }), [
                'kafka-platform:archive.connect.plugin.url: must be an https:// URL (got "http://artifacts.example.com/s3-sink.zip")',
            ]);
        });

        it("refuse Maven versions that change over time", () => {
            for (const version of ["3.5.0-SNAPSHOT", "LATEST", "RELEASE"]) {
                assert.deepEqual(problems("dev", { connect: { plugin: { type: "maven", ...AIVEN_S3_SINK_MAVEN, repository: null, mirror: null, version } } }), [
                    `kafka-platform:archive.connect.plugin.version: must be a released version such as 3.4.2: snapshots, LATEST and RELEASE build a different connector over time (got ${JSON.stringify(version)})`,
                ]);
            }
            assert.deepEqual(problems("dev", { connect: { plugin: { type: "maven", ...AIVEN_S3_SINK_MAVEN, repository: null, mirror: null, version: "[3.4,4.0)" } } }), [
                "kafka-platform:archive.connect.plugin.version: must be a Maven coordinate part: letters, digits, '.', '_' and '-' (got \"[3.4,4.0)\")",
            ]);
        });

        it("refuse an artifact type other than maven or zip", () => {
            assert.deepEqual(problems("dev", { connect: { plugin: { type: "jar", url: "https://artifacts.example.com/x.jar" } } }), [
                'kafka-platform:archive.connect.plugin.type: must be "maven" (a Maven artifact Strimzi resolves with its dependencies) or "zip" (a release URL with its sha512sum) (got "jar")',
            ]);
        });

        it("refuse SSE-S3, force-destroy, one worker and the demo in prod", () => {
            assert.deepEqual(
                problems("prod", { bucket: { encryption: "sse-s3", forceDestroy: true }, connect: { replicas: 1 }, demo: { enabled: true } }),
                [
                    "kafka-platform:archive.bucket.forceDestroy: must be false in prod: a stack destroy must not delete archived data (got true)",
                    'kafka-platform:archive.bucket.encryption: must be "kms" in prod: a customer-managed, rotating key whose use CloudTrail records and IAM can restrict (got "sse-s3")',
                    "kafka-platform:archive.connect.replicas: must be >= 2 in prod: with one worker, archiving stops whenever its node is drained (got 1)",
                    "kafka-platform:archive.demo.enabled: must be false in prod: the demo producer writes generated events into the production cluster and archive (got true)",
                ],
            );
        });

        it("refuse force-deleting the image repository in staging", () => {
            assert.deepEqual(problems("staging", { connect: { imageRepository: { forceDelete: true } } }), [
                "kafka-platform:archive.connect.imageRepository.forceDelete: must be false in staging: a stack destroy must not delete the running Connect image (got true)",
            ]);
        });

        it("refuse skipping bad records without a dead-letter topic outside dev, and allow it in dev", () => {
            const off = { connect: { errors: { deadLetterQueue: { enabled: false } } } };
            assert.deepEqual(problems("staging", off), [
                'kafka-platform:archive.connect.errors.deadLetterQueue.enabled: must be true in staging when errors.tolerance is "all": otherwise records the sink cannot write are dropped without a trace (got false)',
            ]);
            assert.equal(parse("dev", off).archive.connect.errors.deadLetterQueue.enabled, false);
        });

        it("refuse a dead-letter topic that no record could reach", () => {
            assert.deepEqual(problems("dev", { connect: { errors: { tolerance: "none" } } }), [
                'kafka-platform:archive.connect.errors.deadLetterQueue.enabled: requires archive.connect.errors.tolerance "all": with "none" the first bad record stops the task and nothing reaches the dead-letter topic (got true)',
            ]);
        });

        it("refuse lifecycle transitions S3 would reject or never run", () => {
            assert.deepEqual(
                problems("staging", {
                    bucket: {
                        lifecycle: {
                            transitions: [
                                { days: 7, storageClass: "STANDARD_IA" },
                                { days: 120, storageClass: "DEEP_ARCHIVE" },
                                { days: 90, storageClass: "GLACIER_IR" },
                            ],
                            expirationDays: 60,
                        },
                    },
                }),
                [
                    "kafka-platform:archive.bucket.lifecycle.transitions.0.days: must be >= 30 for STANDARD_IA: S3 does not move objects younger than 30 days to it (got 7)",
                    "kafka-platform:archive.bucket.lifecycle.transitions.2.days: must be greater than the previous transition's days (120) (got 90)",
                    "kafka-platform:archive.bucket.lifecycle.transitions.2.storageClass: must be a cheaper class than the previous transition's DEEP_ARCHIVE; the order is STANDARD_IA, INTELLIGENT_TIERING, ONEZONE_IA, GLACIER_IR, GLACIER, DEEP_ARCHIVE (got \"GLACIER_IR\")",
                    "kafka-platform:archive.bucket.lifecycle.expirationDays: must be greater than the last transition's days (90), or the transition never happens (got 60)",
                ],
            );
        });

        it("refuse repeated output fields, a mistyped key and a bad prefix", () => {
            assert.deepEqual(problems("dev", { prefix: "/kafka/", connect: { output: { fields: ["value", "value"] }, taskMax: 2 } }), [
                "kafka-platform:archive.prefix: must be an S3 key prefix of lower-case path segments (letters, digits, '-', '_') separated by '/', without a leading or trailing '/' (got \"/kafka/\")",
                'kafka-platform:archive.connect.taskMax: unknown key; did you mean "tasksMax"? (got 2)',
            ]);
            assert.deepEqual(problems("dev", { connect: { output: { fields: ["value", "value"] } } }), [
                'kafka-platform:archive.connect.output.fields: must not repeat a field (got ["value","value"])',
            ]);
        });

        it("refuse a memory request above its limit", () => {
            assert.deepEqual(problems("dev", { connect: { resources: { requests: { memory: "2Gi" } } } }), [
                "kafka-platform:archive.connect.resources.requests.memory: must be <= archive.connect.resources.limits.memory (1Gi) (got \"2Gi\")",
            ]);
        });

        it("refuse sizes that are quantities but no memory or CPU amount", () => {
            assert.deepEqual(problems("dev", { connect: { buildResources: { requests: { memory: "512m", cpu: "0.0001" } } } }), [
                "kafka-platform:archive.connect.buildResources.requests.cpu: must be a CPU quantity such as 500m, 1 or 1.5 (got \"0.0001\")",
                "kafka-platform:archive.connect.buildResources.requests.memory: must be a memory size of at least 1Mi, such as 512Mi or 4Gi (got \"512m\")",
            ]);
        });
    });

});
