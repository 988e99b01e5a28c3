/**
 * What the Connect build needs to fetch for the S3 sink, and from where. Strimzi 1.2 builds a `maven`
 * artifact by downloading its POM and jar with curl from the artifact's `repository` (Maven Central
 * when unset) and then running `mvn dependency:copy-dependencies` on that POM with a settings file
 * whose only repository is that same URL, next to Maven's built-in Central; `mirrors` redirect every
 * Maven request to the mirror but not the two curl downloads (KafkaConnectDockerfile.java and
 * MavenArtifact.java of the 1.2.0 tag). So every artifact of the connector's dependency tree must be
 * in one of those two repositories, or behind the mirror.
 */

/** Maven Central as Strimzi's MavenArtifact.DEFAULT_REPOSITORY names it, and as Maven's super POM does. */
export const MAVEN_CENTRAL_URLS = ["https://repo1.maven.org/maven2/", "https://repo.maven.apache.org/maven2/"] as const;
/** Confluent's repository, the only place its Schema Registry libraries are published. */
export const CONFLUENT_MAVEN_URL = "https://packages.confluent.io/maven/";

export type ArtifactOrigin = "central" | "confluent";

/** One artifact the connector's POM brings in at runtime. */
export interface PluginDependency {
    group: string;
    artifact: string;
    /** null: set by a parent POM of Confluent's that is not read here; the origin is what the check needs. */
    version: string | null;
    origin: ArtifactOrigin;
    licence: string;
    /** The POM that declares it. */
    declaredBy: string;
}

/** The Aiven S3 sink release the profiles use, as a Maven artifact and as the zip of its GitHub release. */
export const AIVEN_S3_SINK = { group: "io.aiven", artifact: "s3-sink-connector-for-apache-kafka", version: "3.4.2" } as const;

export function aivenReleaseZipUrl(version: string): string {
    return `https://github.com/Aiven-Open/cloud-storage-connectors-for-apache-kafka/releases/download/v${version}/s3-sink-connector-for-apache-kafka-${version}.zip`;
}

const SINK = "io.aiven:s3-sink-connector-for-apache-kafka:3.4.2";
const COMMONS = "io.aiven:commons-for-apache-kafka-connect:3.4.2";
const S3_COMMONS = "io.aiven:s3-connectors-common-for-apache-kafka-connect:3.4.2";
const AVRO_DATA = "io.confluent:kafka-connect-avro-data:7.2.2";
const AVRO_SERIALIZER = "io.confluent:kafka-avro-serializer:7.2.2";
const SCHEMA_SERIALIZER = "io.confluent:kafka-schema-serializer:7.2.2";

const dep = (coordinates: string, origin: ArtifactOrigin, licence: string, declaredBy: string): PluginDependency => {
    const [group, artifact, version] = coordinates.split(":");
    return { group, artifact, version: version === "managed" ? null : version, origin, licence, declaredBy };
};

/**
 * The runtime dependencies of each connector version the platform knows, keyed `group:artifact:version`.
 * 3.4.2, from the Gradle builds at tag v3.4.2 of Aiven-Open/cloud-storage-connectors-for-apache-kafka
 * (`implementation` dependencies become runtime dependencies of the published POM; versions from
 * settings.gradle.kts and s3-commons/build.gradle.kts), and for Confluent's subtree from the POMs at
 * tag v7.2.2 of confluentinc/schema-registry (avro-data, avro-serializer, schema-serializer, client).
 * Third-party libraries from Maven Central bring further transitive jars from Central.
 */
export const CONNECTOR_DEPENDENCIES: Readonly<Record<string, readonly PluginDependency[]>> = {
    [SINK]: [
        dep(COMMONS, "central", "Apache-2.0", SINK),
        dep(S3_COMMONS, "central", "Apache-2.0", SINK),
        dep("com.amazonaws:aws-java-sdk-s3:1.12.777", "central", "Apache-2.0", SINK),
        dep("com.amazonaws:aws-java-sdk-sts:1.12.777", "central", "Apache-2.0", SINK),
        dep("com.github.spotbugs:spotbugs-annotations:4.8.1", "central", "LGPL-2.1", SINK),
        dep("org.slf4j:slf4j-api:1.7.36", "central", "MIT", SINK),
        dep("software.amazon.awssdk:auth:2.29.34", "central", "Apache-2.0", S3_COMMONS),
        dep("software.amazon.awssdk:sts:2.29.34", "central", "Apache-2.0", S3_COMMONS),
        dep("jakarta.validation:jakarta.validation-api:3.1.1", "central", "Apache-2.0", COMMONS),
        dep("org.xerial.snappy:snappy-java:1.1.10.5", "central", "Apache-2.0", COMMONS),
        dep("com.github.luben:zstd-jni:1.5.6-3", "central", "BSD-2-Clause", COMMONS),
        dep("commons-io:commons-io:2.18.0", "central", "Apache-2.0", COMMONS),
        dep("org.apache.commons:commons-text:1.11.0", "central", "Apache-2.0", COMMONS),
        dep("org.apache.commons:commons-collections4:4.4", "central", "Apache-2.0", COMMONS),
        dep("org.apache.parquet:parquet-avro:1.15.0", "central", "Apache-2.0", COMMONS),
        dep("org.apache.hadoop:hadoop-common:3.4.0", "central", "Apache-2.0", COMMONS),
        dep(AVRO_DATA, "confluent", "Apache-2.0", COMMONS),
        dep("io.confluent:kafka-schema-registry-parent:7.2.2", "confluent", "Apache-2.0", AVRO_DATA),
        dep("io.confluent:rest-utils-parent:7.2.2", "confluent", "Apache-2.0", "io.confluent:kafka-schema-registry-parent:7.2.2"),
        dep(AVRO_SERIALIZER, "confluent", "Apache-2.0", AVRO_DATA),
        dep("io.confluent:kafka-schema-converter:7.2.2", "confluent", "Confluent Community License", AVRO_DATA),
        dep(SCHEMA_SERIALIZER, "confluent", "Apache-2.0", AVRO_SERIALIZER),
        dep("io.confluent:kafka-schema-registry-client:7.2.2", "confluent", "Apache-2.0", SCHEMA_SERIALIZER),
        dep("io.confluent:logredactor:managed", "confluent", "not checked here", AVRO_SERIALIZER),
    ],
};

export function coordinatesOf(p: { group: string; artifact: string; version: string }): string {
    return `${p.group}:${p.artifact}:${p.version}`;
}

function normalized(url: string): string {
    return url.endsWith("/") ? url : `${url}/`;
}

/** Where a URL points: one of the two public repositories, or anything else (a repository manager the stack names). */
export function repositoryKind(url: string): ArtifactOrigin | "other" {
    const u = normalized(url);
    if ((MAVEN_CENTRAL_URLS as readonly string[]).includes(u)) return "central";
    if (u === CONFLUENT_MAVEN_URL) return "confluent";
    return "other";
}

/**
 * The artifacts a Strimzi Maven build of this plugin could not fetch, given its `repository` and
 * `mirror`; undefined when the platform has no dependency list for the version. A URL that is
 * neither Central nor Confluent's is taken to be a repository manager that proxies both, as the
 * docs require of it.
 */
export function unreachableArtifacts(p: { group: string; artifact: string; version: string; repository: string | null; mirror: string | null }): PluginDependency[] | undefined {
    const dependencies = CONNECTOR_DEPENDENCIES[coordinatesOf(p)];
    if (dependencies === undefined) return undefined;
    const curlFrom = repositoryKind(p.repository ?? MAVEN_CENTRAL_URLS[0]);
    const root: PluginDependency = { group: p.group, artifact: p.artifact, version: p.version, origin: "central", licence: "Apache-2.0", declaredBy: "the plugin" };
    // The POM and jar of the connector itself come by curl from `repository`, never through the mirror.
    const rootMissing = curlFrom !== "other" && curlFrom !== root.origin ? [root] : [];
    if (p.mirror !== null && repositoryKind(p.mirror) === "other") return rootMissing;
    const mavenSees = new Set<ArtifactOrigin | "other">(p.mirror !== null ? [repositoryKind(p.mirror)] : [curlFrom, "central"]);
    if (mavenSees.has("other")) return rootMissing;
    return [...rootMissing, ...dependencies.filter((d) => !mavenSees.has(d.origin))];
}
