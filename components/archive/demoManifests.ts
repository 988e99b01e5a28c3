import { createHash } from "crypto";
import { ArchiveConfig } from "../config";
import { ArchivedTopic } from "../kafka/info";
import { seededRandom } from "../shared/seededRandom";
import { SYSTEM_NODE_LABELS, Topology } from "../shared/scheduling";
import { KafkaTopic, KafkaUser, STRIMZI_API_VERSION, STRIMZI_CLUSTER_LABEL } from "../strimzi/types";
import { DEMO_TEAM } from "../config/archive";
import { TEAM_LABEL } from "./connectors";

// The demo pipeline acts as a team of its own, so its topic, user and S3 prefix follow the team conventions.
export { DEMO_TEAM };
export const DEMO_PAYLOAD_KEY = "web-activity.jsonl";
const PAYLOAD_DIR = "/etc/demo";
const CA_DIR = "/etc/kafka/cluster-ca";
const USER_DIR = "/etc/kafka/user";
/**
 * The perf-test tool keeps one latency sample per records / 500000 records in a 32-bit int, so the
 * count must stay well below about 10^15; 10^12 records is decades at the highest demo rate.
 */
export const DEMO_RECORD_COUNT = 1_000_000_000_000;

export type DemoConfig = ArchiveConfig["demo"];

export interface DemoContext {
    topology: Topology;
    kafkaClusterName: string;
    namespace: string;
    tlsBootstrapServers: string;
    clusterCaCertSecret: string;
    replicationFactor: number;
    minInsyncReplicas: number;
}

export function demoTopicName(demo: DemoConfig): string {
    return `${DEMO_TEAM}.${demo.topic}`;
}

/** Named like a team application (`<team>.<application>`): the KafkaUser, its Secret and its principal. */
export function demoUserName(demo: DemoConfig): string {
    return `${DEMO_TEAM}.${demo.topic}-producer`;
}

/** The Deployment and its ConfigMap. */
export function demoProducerName(demo: DemoConfig): string {
    return `${DEMO_TEAM}-${demo.topic}-producer`;
}

/**
 * The demo topic in the form the archive takes team topics, archived in both formats the platform
 * writes: its records carry their schema, so the same records land as JSON lines and as Parquet.
 */
export function demoArchivedTopics(demo: DemoConfig): ArchivedTopic[] {
    return (["jsonl", "parquet"] as const).map((format) => ({ team: DEMO_TEAM, topicName: demoTopicName(demo), format, recordFormat: "json-with-schema" as const }));
}

type ConnectField = { field: string; type: "string" | "int32"; optional: boolean } | { field: string; type: "struct"; optional: boolean; fields: ConnectField[] };

const text = (field: string, optional = true): ConnectField => ({ field, type: "string", optional });
const count = (field: string): ConnectField => ({ field, type: "int32", optional: true });
const struct = (field: string, fields: ConnectField[]): ConnectField => ({ field, type: "struct", optional: true, fields });

/**
 * One Kafka Connect schema (the `schema` half of JsonConverter's envelope) for every event type: the
 * fields an event type does not have are optional and null. Parquet is written with the schema of a
 * batch's first record (ParquetOutputWriter, commons at v3.4.2), so every record has the same one.
 */
export const WEB_ACTIVITY_SCHEMA = {
    type: "struct",
    name: "demo.WebActivity",
    optional: false,
    fields: [
        text("event_id", false),
        text("event_type", false),
        text("occurred_at", false),
        text("session_id", false),
        text("anonymous_id", false),
        text("user_id"),
        struct("device", [text("type", false), text("os", false), text("browser", false)]),
        struct("geo", [text("country", false)]),
        text("referrer"),
        struct("utm", [text("source", false), text("medium", false), text("campaign", false)]),
        struct("page", [text("path", false), text("title"), text("previous_path")]),
        struct("element", [text("id", false), text("text", false)]),
        count("page_views"),
        count("clicks"),
        count("duration_s"),
    ] satisfies ConnectField[],
};

/** The payload lines: each generated event in Kafka Connect's JSON envelope, `{"schema": ..., "payload": ...}`. */
export function demoRecords(count: number): string[] {
    return generateWebActivityEvents(count).map((e) => JSON.stringify({ schema: WEB_ACTIVITY_SCHEMA, payload: JSON.parse(e) }));
}

const PAGES = [
    { path: "/", title: "Home" },
    { path: "/products", title: "All products" },
    { path: "/products/trail-runner-2", title: "Trail Runner 2" },
    { path: "/products/rain-shell-jacket", title: "Rain Shell Jacket" },
    { path: "/products/merino-base-layer", title: "Merino Base Layer" },
    { path: "/search", title: "Search results" },
    { path: "/cart", title: "Cart" },
    { path: "/checkout", title: "Checkout" },
    { path: "/help/shipping", title: "Shipping and returns" },
    { path: "/blog/choosing-trail-shoes", title: "Choosing trail shoes" },
];
const CLICK_TARGETS = [
    { id: "add-to-cart", text: "Add to cart" },
    { id: "product-card", text: "View product" },
    { id: "nav-products", text: "Products" },
    { id: "search-submit", text: "Search" },
    { id: "checkout-button", text: "Checkout" },
    { id: "newsletter-signup", text: "Subscribe" },
];
const DEVICES = [
    { type: "desktop", os: "macOS", browser: "Safari" },
    { type: "desktop", os: "Windows", browser: "Edge" },
    { type: "desktop", os: "Linux", browser: "Firefox" },
    { type: "mobile", os: "iOS", browser: "Safari" },
    { type: "mobile", os: "Android", browser: "Chrome" },
    { type: "tablet", os: "iPadOS", browser: "Safari" },
];
const COUNTRIES = ["DE", "FR", "GB", "NL", "ES", "IT", "PL", "SE", "IE", "US"];
const REFERRERS = [null, "https://www.google.com/", "https://duckduckgo.com/", "https://www.instagram.com/", "https://news.ycombinator.com/"];
const CAMPAIGNS = [null, null, { source: "newsletter", medium: "email", campaign: "spring-sale" }, { source: "google", medium: "cpc", campaign: "brand" }];
const START = Date.UTC(2026, 2, 2, 8, 0, 0);

/**
 * Web-activity events as a shop's tracker would send them: sessions that start, view pages, click
 * and end, one JSON object per line. Deterministic for a given count, so the ConfigMap (and the
 * producer's rollout) only changes when the config does.
 */
export function generateWebActivityEvents(count: number): string[] {
    const random = seededRandom(20260302);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 16).toString(16)).join("");
    const uuid = () => `${hex(8)}-${hex(4)}-4${hex(3)}-${pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
    const events: string[] = [];
    let sessionStart = START;
    while (events.length < count) {
        const session = { session_id: uuid(), anonymous_id: uuid(), user_id: random() < 0.4 ? `u-${100000 + Math.floor(random() * 900000)}` : null };
        const device = pick(DEVICES);
        let at = sessionStart;
        const emit = (event: Record<string, unknown>) => {
            if (events.length < count) {
                events.push(JSON.stringify({ event_id: uuid(), ...event, occurred_at: new Date(at).toISOString(), ...session }));
            }
        };
        emit({ event_type: "session_start", device, geo: { country: pick(COUNTRIES) }, referrer: pick(REFERRERS), utm: pick(CAMPAIGNS) });
        const views = 1 + Math.floor(random() * 6);
        let clicks = 0;
        let previous: string | null = null;
        for (let v = 0; v < views; v++) {
            const page = pick(PAGES);
            at += 2_000 + Math.floor(random() * 45_000);
            emit({ event_type: "page_view", page: { ...page, previous_path: previous } });
            if (random() < 0.6) {
                const target = pick(CLICK_TARGETS);
                at += 1_000 + Math.floor(random() * 20_000);
                emit({ event_type: "click", page: { path: page.path }, element: target });
                clicks++;
            }
            previous = page.path;
        }
        at += 5_000 + Math.floor(random() * 60_000);
        emit({ event_type: "session_end", page_views: views, clicks, duration_s: Math.round((at - sessionStart) / 1000) });
        sessionStart += 3_000 + Math.floor(random() * 30_000);
    }
    return events;
}

export function demoPayload(demo: DemoConfig): string {
    return `${demoRecords(demo.payloadEvents).join("\n")}\n`;
}

export function renderDemoTopic(demo: DemoConfig, ctx: DemoContext): KafkaTopic {
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaTopic",
        metadata: { name: demoTopicName(demo), namespace: ctx.namespace, labels: { [STRIMZI_CLUSTER_LABEL]: ctx.kafkaClusterName, [TEAM_LABEL]: DEMO_TEAM } },
        spec: {
            topicName: demoTopicName(demo),
            partitions: demo.partitions,
            replicas: ctx.replicationFactor,
            config: { "cleanup.policy": "delete", "retention.ms": demo.retentionMs, "min.insync.replicas": ctx.minInsyncReplicas },
        },
    };
}

/** The producer may write the demo topic and nothing else. */
export function renderDemoUser(demo: DemoConfig, ctx: DemoContext): KafkaUser {
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaUser",
        metadata: { name: demoUserName(demo), namespace: ctx.namespace, labels: { [STRIMZI_CLUSTER_LABEL]: ctx.kafkaClusterName, [TEAM_LABEL]: DEMO_TEAM } },
        spec: {
            authentication: { type: "tls" },
            authorization: {
                type: "simple",
                acls: [{ resource: { type: "topic", name: demoTopicName(demo), patternType: "literal" }, operations: ["Write", "Describe"] }],
            },
        },
    };
}

export function renderDemoPayload(demo: DemoConfig, ctx: DemoContext) {
    return {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: `${demoProducerName(demo)}-payload`, namespace: ctx.namespace, labels: demoLabels(demo) },
        data: { [DEMO_PAYLOAD_KEY]: demoPayload(demo) },
    };
}

function demoLabels(demo: DemoConfig): Record<string, string> {
    return { "app.kubernetes.io/name": demoProducerName(demo), "app.kubernetes.io/part-of": "kafka-platform", [TEAM_LABEL]: DEMO_TEAM };
}

/**
 * Writes the client config from the mounted Strimzi secrets at start (the keystore passwords come
 * from the environment, never from the manifest), then runs Kafka's perf-test tool, which sends
 * lines of the payload file at the configured rate. Flags are those of Kafka 4.2+.
 */
export function demoProducerScript(): string {
    return [
        "cat > /tmp/producer.properties <<EOF",
        "security.protocol=SSL",
        "ssl.truststore.type=PKCS12",
        `ssl.truststore.location=${CA_DIR}/ca.p12`,
        "ssl.truststore.password=${CA_PASSWORD}",
        "ssl.keystore.type=PKCS12",
        `ssl.keystore.location=${USER_DIR}/user.p12`,
        "ssl.keystore.password=${USER_PASSWORD}",
        "acks=all",
        "enable.idempotence=true",
        "compression.type=zstd",
        "linger.ms=100",
        "client.id=${HOSTNAME}",
        "EOF",
        'exec /opt/kafka/bin/kafka-producer-perf-test.sh --bootstrap-server "${BOOTSTRAP_SERVERS}" --topic "${TOPIC}" ' +
            `--num-records ${DEMO_RECORD_COUNT} --throughput "\${EVENTS_PER_SECOND}" ` +
            `--payload-file ${PAYLOAD_DIR}/${DEMO_PAYLOAD_KEY} --command-config /tmp/producer.properties`,
        "",
    ].join("\n");
}

export function renderDemoProducer(demo: DemoConfig, ctx: DemoContext) {
    const labels = demoLabels(demo);
    const selector = { "app.kubernetes.io/name": labels["app.kubernetes.io/name"] };
    const payload = renderDemoPayload(demo, ctx);
    return {
        apiVersion: "apps/v1",
        kind: "Deployment",
        metadata: { name: demoProducerName(demo), namespace: ctx.namespace, labels },
        spec: {
            replicas: 1,
            selector: { matchLabels: selector },
            strategy: { type: "Recreate" },
            template: {
                metadata: {
                    labels,
                    // A new payload rolls the pod; the perf-test tool reads the file only at start.
                    annotations: { "kafka-platform.io/payload-sha256": createHash("sha256").update(payload.data[DEMO_PAYLOAD_KEY]).digest("hex") },
                },
                spec: {
                    automountServiceAccountToken: false,
                    ...(ctx.topology === "zoned" ? { nodeSelector: { ...SYSTEM_NODE_LABELS } } : {}),
                    securityContext: { runAsNonRoot: true, seccompProfile: { type: "RuntimeDefault" } },
                    containers: [
                        {
                            name: "producer",
                            image: demo.image,
                            command: ["/bin/bash", "-ec", demoProducerScript()],
                            env: [
                                { name: "BOOTSTRAP_SERVERS", value: ctx.tlsBootstrapServers },
                                { name: "TOPIC", value: demoTopicName(demo) },
                                { name: "EVENTS_PER_SECOND", value: String(demo.eventsPerSecond) },
                                { name: "CA_PASSWORD", valueFrom: { secretKeyRef: { name: ctx.clusterCaCertSecret, key: "ca.password" } } },
                                { name: "USER_PASSWORD", valueFrom: { secretKeyRef: { name: demoUserName(demo), key: "user.password" } } },
                                { name: "KAFKA_HEAP_OPTS", value: "-Xms64m -Xmx192m" },
                                { name: "LOG_DIR", value: "/tmp/logs" },
                            ],
                            volumeMounts: [
                                { name: "cluster-ca", mountPath: CA_DIR, readOnly: true },
                                { name: "user", mountPath: USER_DIR, readOnly: true },
                                { name: "payload", mountPath: PAYLOAD_DIR, readOnly: true },
                                { name: "tmp", mountPath: "/tmp" },
                            ],
                            resources: { requests: { cpu: "50m", memory: "256Mi" }, limits: { memory: "384Mi" } },
                            securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                        },
                    ],
                    volumes: [
                        { name: "cluster-ca", secret: { secretName: ctx.clusterCaCertSecret, items: [{ key: "ca.p12", path: "ca.p12" }] } },
                        { name: "user", secret: { secretName: demoUserName(demo), items: [{ key: "user.p12", path: "user.p12" }] } },
                        { name: "payload", configMap: { name: payload.metadata.name } },
                        { name: "tmp", emptyDir: { sizeLimit: "64Mi" } },
                    ],
                },
            },
        },
    };
}
