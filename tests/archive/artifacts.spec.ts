import { strict as assert } from "assert";
import { ArchiveRun, manifest, runArchive, STRIMZI, TEAM_TOPICS } from "./fixture";
import { failureOf, resource } from "../support/harness";
import { runLocal } from "../local/support";
import {
    AIVEN_S3_SINK,
    aivenReleaseZipUrl,
    CONNECTOR_DEPENDENCIES,
    coordinatesOf,
    unreachableArtifacts,
} from "../../components/config/connectorArtifacts";

/**
 * The runtime dependencies of io.aiven:s3-sink-connector-for-apache-kafka:3.4.2 and where each is
 * published, read from its Gradle builds at tag v3.4.2 (s3-sink-connector, commons and s3-commons
 * build.gradle.kts, versions in settings.gradle.kts) and, for Confluent's part, the POMs of
 * confluentinc/schema-registry at v7.2.2. Held here as well as in connectorArtifacts.ts: a new
 * connector version, or an edit of one list without the other, fails this spec.
 */
const PINNED = "io.aiven:s3-sink-connector-for-apache-kafka:3.4.2";
const DEPENDENCIES_3_4_2: [string, "central" | "confluent"][] = [
    ["io.aiven:commons-for-apache-kafka-connect:3.4.2", "central"],
    ["io.aiven:s3-connectors-common-for-apache-kafka-connect:3.4.2", "central"],
    ["com.amazonaws:aws-java-sdk-s3:1.12.777", "central"],
    ["com.amazonaws:aws-java-sdk-sts:1.12.777", "central"],
    ["com.github.spotbugs:spotbugs-annotations:4.8.1", "central"],
    ["org.slf4j:slf4j-api:1.7.36", "central"],
    ["software.amazon.awssdk:auth:2.29.34", "central"],
    ["software.amazon.awssdk:sts:2.29.34", "central"],
    ["jakarta.validation:jakarta.validation-api:3.1.1", "central"],
    ["org.xerial.snappy:snappy-java:1.1.10.5", "central"],
    ["com.github.luben:zstd-jni:1.5.6-3", "central"],
    ["commons-io:commons-io:2.18.0", "central"],
    ["org.apache.commons:commons-text:1.11.0", "central"],
    ["org.apache.commons:commons-collections4:4.4", "central"],
    ["org.apache.parquet:parquet-avro:1.15.0", "central"],
    ["org.apache.hadoop:hadoop-common:3.4.0", "central"],
    ["io.confluent:kafka-connect-avro-data:7.2.2", "confluent"],
    ["io.confluent:kafka-schema-registry-parent:7.2.2", "confluent"],
    ["io.confluent:rest-utils-parent:7.2.2", "confluent"],
    ["io.confluent:kafka-avro-serializer:7.2.2", "confluent"],
    ["io.confluent:kafka-schema-converter:7.2.2", "confluent"],
    ["io.confluent:kafka-schema-serializer:7.2.2", "confluent"],
    ["io.confluent:kafka-schema-registry-client:7.2.2", "confluent"],
    ["io.confluent:logredactor", "confluent"],
];

type Artifact = { type: string; url?: string; sha512sum?: string; group?: string; artifact?: string; version?: string; repository?: string; mirrors?: { url: string }[] };

function artifactsOf(run: { resources: unknown }, connectType: string): Artifact[] {
    const connect = resource(run as ArchiveRun, connectType, "archive-connect-connect");
    const build = manifest(connect).spec.build as { plugins: { name: string; artifacts: Artifact[] }[] };
    return build.plugins.flatMap((p) => p.artifacts);
}

/** What a rendered artifact leaves out of the build: nothing for the release zip of a known version, else what Maven cannot reach. */
function unreachableFromRendered(a: Artifact): string[] {
    if (a.type === "zip") {
        const known = Object.keys(CONNECTOR_DEPENDENCIES).map((c) => aivenReleaseZipUrl(c.split(":")[2]));
        return known.includes(String(a.url)) ? [] : [`a zip the platform has no dependency list for: ${a.url}`];
    }
    assert.equal(a.type, "maven");
    const missing = unreachableArtifacts({
        group: String(a.group),
        artifact: String(a.artifact),
        version: String(a.version),
        repository: a.repository ?? null,
        mirror: a.mirrors?.[0]?.url ?? null,
    });
    assert.ok(missing !== undefined, "no dependency list");
    return missing.map((d) => `${d.group}:${d.artifact}`);
}

describe("the connector artifacts the Connect build fetches", () => {
    it("holds the runtime dependencies of the pinned connector version, and only of it", () => {
        assert.equal(coordinatesOf(AIVEN_S3_SINK), PINNED);
        assert.deepEqual(Object.keys(CONNECTOR_DEPENDENCIES), [PINNED]);
        assert.deepEqual(
            CONNECTOR_DEPENDENCIES[PINNED].map((d) => [d.version === null ? `${d.group}:${d.artifact}` : `${d.group}:${d.artifact}:${d.version}`, d.origin]),
            DEPENDENCIES_3_4_2,
        );
    });

    it("renders, in every shipped AWS stack, a build whose every artifact is reachable: the release zip of the pinned version", async () => {
        for (const stack of ["dev", "staging", "prod"] as const) {
            const run = await runArchive({ stack, topics: TEAM_TOPICS });
            const artifacts = artifactsOf(run, STRIMZI("KafkaConnect"));
            assert.deepEqual(artifacts, [{ type: "zip", url: aivenReleaseZipUrl("3.4.2") }], stack);
            assert.deepEqual(artifacts.flatMap(unreachableFromRendered), [], stack);
        }
    });

    it("renders the same reachable build in the local stack", async () => {
        const run = await runLocal();
        const artifacts = artifactsOf(run, STRIMZI("KafkaConnect"));
        assert.deepEqual(artifacts.flatMap(unreachableFromRendered), []);
        assert.equal(artifacts[0].url, aivenReleaseZipUrl("3.4.2"));
    });

    it("finds, in a Maven build from the default repositories, the Confluent artifacts Strimzi's build cannot fetch", () => {
        assert.deepEqual(
            unreachableFromRendered({ type: "maven", group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2" }),
            DEPENDENCIES_3_4_2.filter(([, origin]) => origin === "confluent").map(([c]) => c.split(":").slice(0, 2).join(":")),
        );
        // Confluent's repository as `repository` serves the Confluent part, but not the connector's own POM and jar.
        assert.deepEqual(
            unreachableFromRendered({ type: "maven", group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2", repository: "https://packages.confluent.io/maven/" }),
            ["io.aiven:s3-sink-connector-for-apache-kafka"],
        );
        // A mirror that is Maven Central is no help; a repository manager is.
        assert.equal(unreachableFromRendered({ type: "maven", group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2", mirrors: [{ url: "https://repo.maven.apache.org/maven2" }] }).length, 8);
        assert.deepEqual(
            unreachableFromRendered({ type: "maven", group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2", mirrors: [{ url: "https://nexus.example.com/repository/maven-all/" }] }),
            [],
        );
    });

    it("refuses a Maven plugin the build cannot resolve, naming what is missing and the fixes", async () => {
        const failure = await failureOf(runArchive({ archive: { connect: { plugin: { type: "maven", group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2", repository: null, mirror: null } } } }));
        assert.match(
            failure,
            /kafka-platform:archive\.connect\.plugin\.mirror: must reach every artifact of io\.aiven:s3-sink-connector-for-apache-kafka:3\.4\.2: Strimzi fetches the connector's POM and jar from plugin\.repository \(Maven Central when null\) and resolves its dependencies from that repository and Maven Central only, or from plugin\.mirror alone, and 8 of them are not there \(io\.confluent:kafka-connect-avro-data:7\.2\.2, io\.confluent:kafka-schema-registry-parent:7\.2\.2, io\.confluent:rest-utils-parent:7\.2\.2, \.\.\.\); set plugin\.mirror to a repository manager that proxies Maven Central and https:\/\/packages\.confluent\.io\/maven\/, or use the release zip \(plugin\.type: zip\) \(got null\)/,
        );
    });

    it("refuses a connector version it holds no dependency list for, so a version bump cannot skip the check", async () => {
        const failure = await failureOf(
            runArchive({ archive: { connect: { plugin: { type: "maven", group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.3", repository: null, mirror: "https://nexus.example.com/repository/maven-all/" } } } }),
        );
        assert.match(
            failure,
            /kafka-platform:archive\.connect\.plugin\.version: has no dependency list in components\/config\/connectorArtifacts\.ts: add the runtime dependencies of io\.aiven:s3-sink-connector-for-apache-kafka:3\.4\.3's POM, with the repository each is published in, so the platform can tell whether Strimzi's Maven build reaches them \(got "3\.4\.3"\)/,
        );
    });

    it("builds from a repository manager when a stack names one as the mirror", async () => {
        const run = await runArchive({
            archive: { connect: { plugin: { type: "maven", group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2", repository: null, mirror: "https://nexus.example.com/repository/maven-all/" } } },
        });
        assert.deepEqual(artifactsOf(run, STRIMZI("KafkaConnect")), [
            { type: "maven", group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2", mirrors: [{ url: "https://nexus.example.com/repository/maven-all/" }] },
        ]);
    });

    it("pins the release zip when a stack sets only its checksum, and refuses a checksum that is not one", async () => {
        const sha = "ab".repeat(64);
        const pinned = await runArchive({ archive: { connect: { plugin: { sha512sum: sha } } } });
        assert.deepEqual(artifactsOf(pinned, STRIMZI("KafkaConnect")), [{ type: "zip", url: aivenReleaseZipUrl("3.4.2"), sha512sum: sha }]);
        const failure = await failureOf(runArchive({ archive: { connect: { plugin: { sha512sum: "ABC" } } } }));
        assert.match(failure, /kafka-platform:archive\.connect\.plugin\.sha512sum: must be the 128 lower-case hex digits of the file's SHA-512 checksum, or null \(got "ABC"\)/);
    });
});
