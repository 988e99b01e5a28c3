import { strict as assert } from "assert";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { parseTenantConfig } from "../../components/config";
import { keyPath } from "../../components/config/errors";
import { checkTeamsAgainstCluster, ClusterFacts, TopicReplication } from "../../components/config/teams";
import { archivedTopics, principal, renderAcls, renderTopic, renderUser, sharedTopics } from "../../components/teams/render";
import { parsePlatform } from "../support/teams";

const CLUSTER = { name: "events", namespace: "kafka" };
const TOPIC_LABELS = { "strimzi.io/cluster": "events", "kafka-platform.io/team": "payments" };
const READY = { "pulumi.com/waitFor": "condition=Ready" };

/** The example team of Pulumi.payments-dev.yaml, as the tenant stack parses it. */
function exampleTeam() {
    const config = parseTenantConfig(readStackConfig("payments-dev").config, "payments-dev");
    return config.teams.payments;
}

function userLabels(app: string): Record<string, string> {
    return { ...TOPIC_LABELS, "kafka-platform.io/application": app };
}

function secretTemplate(app: string) {
    return { secret: { metadata: { labels: { "kafka-platform.io/team": "payments", "kafka-platform.io/application": app } } } };
}

describe("team rendering", () => {
    describe("the example team's topics", () => {
        const team = exampleTeam();
        const topic = (name: string) => renderTopic("payments", team.topics.find((t) => t.name === name)!, CLUSTER, 3);

        it("orders: 12 partitions, the cluster's replication, 7 days and zstd", () => {
            assert.deepEqual(topic("orders"), {
                apiVersion: "kafka.strimzi.io/v1",
                kind: "KafkaTopic",
                metadata: { name: "payments.orders", namespace: "kafka", labels: TOPIC_LABELS, annotations: READY },
                spec: { topicName: "payments.orders", partitions: 12, replicas: 3, config: { "retention.ms": 604800000, "compression.type": "zstd" } },
            });
        });

        it("payment-events: 3 days and 10 GiB per partition", () => {
            assert.deepEqual(topic("payment-events").spec, {
                topicName: "payments.payment-events",
                partitions: 6,
                replicas: 3,
                config: { "retention.ms": 259200000, "retention.bytes": 10737418240 },
            });
        });

        it("ledger: compacted, with a compaction lag", () => {
            assert.deepEqual(topic("ledger").spec, {
                topicName: "payments.ledger",
                partitions: 3,
                replicas: 3,
                config: { "cleanup.policy": "compact", "min.compaction.lag.ms": 3600000 },
            });
        });

        it("take replicas from the topic when it sets them, and leave out an empty config", () => {
            const spec = renderTopic("payments", { name: "Audit_Log", partitions: 1, replicas: 2, config: {}, recordFormat: "json", sharedWith: [] }, CLUSTER, 3);
            assert.deepEqual(spec.metadata.name, "payments.audit.log");
            assert.deepEqual(spec.spec, { topicName: "payments.Audit_Log", partitions: 1, replicas: 2 });
        });
    });

    describe("the example team's users", () => {
        const team = exampleTeam();
        const user = (name: string) => renderUser("payments", team.applications.find((a) => a.name === name)!, CLUSTER);

        it("of a self-service team: credentials reflected into the team's namespace only, quotas defaulting to the team's limits", () => {
            const limits = { partitionsPerTopic: 24, producerByteRate: 10485760, consumerByteRate: 20971520 };
            const u = renderUser("payments", team.applications.find((a) => a.name === "checkout")!, CLUSTER, { namespace: "payments", limits });
            assert.deepEqual(u.spec.quotas, { producerByteRate: 5242880, consumerByteRate: 20971520 });
            assert.deepEqual(u.spec.template, {
                secret: {
                    metadata: {
                        labels: { "kafka-platform.io/team": "payments", "kafka-platform.io/application": "checkout" },
                        annotations: {
                            "reflector.v1.k8s.emberstack.com/reflection-allowed": "true",
                            "reflector.v1.k8s.emberstack.com/reflection-allowed-namespaces": "payments",
                            "reflector.v1.k8s.emberstack.com/reflection-auto-enabled": "true",
                            "reflector.v1.k8s.emberstack.com/reflection-auto-namespaces": "payments",
                        },
                    },
                },
            });
        });

        it("checkout writes orders and payment-events, transactionally, under a producer quota", () => {
            assert.deepEqual(user("checkout"), {
                apiVersion: "kafka.strimzi.io/v1",
                kind: "KafkaUser",
                metadata: { name: "payments.checkout", namespace: "kafka", labels: userLabels("checkout"), annotations: READY },
                spec: {
                    authentication: { type: "tls" },
                    authorization: {
                        type: "simple",
                        acls: [
                            { resource: { type: "topic", name: "payments.orders", patternType: "literal" }, type: "allow", host: "*", operations: ["Write", "Describe"] },
                            { resource: { type: "topic", name: "payments.payment-events", patternType: "literal" }, type: "allow", host: "*", operations: ["Write", "Describe"] },
                            { resource: { type: "transactionalId", name: "payments.checkout-", patternType: "prefix" }, type: "allow", host: "*", operations: ["Write", "Describe"] },
                        ],
                    },
                    quotas: { producerByteRate: 5242880 },
                    template: secretTemplate("checkout"),
                },
            });
        });

        it("ledger-writer reads orders in its group and writes the ledger, under all three quotas", () => {
            assert.deepEqual(user("ledger-writer").spec, {
                authentication: { type: "tls" },
                authorization: {
                    type: "simple",
                    acls: [
                        { resource: { type: "topic", name: "payments.ledger", patternType: "literal" }, type: "allow", host: "*", operations: ["Write", "Describe"] },
                        { resource: { type: "topic", name: "payments.orders", patternType: "literal" }, type: "allow", host: "*", operations: ["Read", "Describe"] },
                        { resource: { type: "group", name: "payments.ledger-writer", patternType: "literal" }, type: "allow", host: "*", operations: ["Read"] },
                    ],
                },
                quotas: { producerByteRate: 2097152, consumerByteRate: 10485760, requestPercentage: 25 },
                template: secretTemplate("ledger-writer"),
            });
        });

        it("reporting reads every topic of the team, with SCRAM, in groups it names by prefix", () => {
            assert.deepEqual(user("reporting").spec, {
                authentication: { type: "scram-sha-512" },
                authorization: {
                    type: "simple",
                    acls: [
                        { resource: { type: "topic", name: "payments.", patternType: "prefix" }, type: "allow", host: "*", operations: ["Read", "Describe"] },
                        { resource: { type: "group", name: "payments.reporting-", patternType: "prefix" }, type: "allow", host: "*", operations: ["Read"] },
                    ],
                },
                quotas: { consumerByteRate: 20971520 },
                template: secretTemplate("reporting"),
            });
        });

        it("name the principal ACLs and quotas apply to", () => {
            assert.equal(principal("payments", team.applications[0]), "User:CN=payments.checkout");
            assert.equal(principal("payments", team.applications[2]), "User:payments.reporting");
        });
    });

    describe("ACLs", () => {
        const teams = parsePlatform({
            payments: {
                topics: [{ name: "orders", partitions: 1, sharedWith: ["risk"] }],
                applications: [{ name: "enricher", authentication: "tls", produces: [{ topic: "orders" }], consumes: [{ topic: "orders" }] }],
            },
            risk: {
                topics: [{ name: "scores", partitions: 1 }],
                applications: [{ name: "scoring", authentication: "tls", consumes: [{ shared: "payments.orders" }, { prefix: "sc" }], groups: [{ name: "scoring" }] }],
            },
        }).teams;

        it("merge what an application does with one topic into one rule", () => {
            assert.deepEqual(renderAcls("payments", teams.payments.applications[0]), [
                { resource: { type: "topic", name: "payments.orders", patternType: "literal" }, type: "allow", host: "*", operations: ["Read", "Write", "Describe"] },
            ]);
        });

        it("grant a shared topic by its literal name and keep groups in the reader's namespace", () => {
            assert.deepEqual(renderAcls("risk", teams.risk.applications[0]), [
                { resource: { type: "topic", name: "payments.orders", patternType: "literal" }, type: "allow", host: "*", operations: ["Read", "Describe"] },
                { resource: { type: "topic", name: "risk.sc", patternType: "prefix" }, type: "allow", host: "*", operations: ["Read", "Describe"] },
                { resource: { type: "group", name: "risk.scoring", patternType: "literal" }, type: "allow", host: "*", operations: ["Read"] },
            ]);
        });

        it("never grant anything on the cluster resource", () => {
            const all = Object.entries(teams).flatMap(([team, t]) => t.applications.flatMap((a) => renderAcls(team, a)));
            assert.deepEqual(all.filter((r) => r.resource.type === "cluster"), []);
        });
    });

    describe("exports for other components", () => {
        const teams = parsePlatform({
            payments: {
                topics: [
                    { name: "orders", partitions: 1, recordFormat: "json-with-schema", archive: { format: "parquet" }, sharedWith: ["risk", "fraud.rules"] },
                    { name: "events", partitions: 1, archive: true },
                    { name: "scratch", partitions: 1, archive: false },
                ],
            },
            risk: { topics: [{ name: "scores", partitions: 1, archive: true }] },
            fraud: { applications: [{ name: "rules", authentication: "tls", consumes: [{ shared: "payments.orders" }] }] },
        }).teams;

        it("list the archived topics with their formats", () => {
            assert.deepEqual(archivedTopics(teams), [
                { team: "payments", topicName: "payments.orders", format: "parquet", recordFormat: "json-with-schema" },
                { team: "payments", topicName: "payments.events", format: "jsonl", recordFormat: "json" },
                { team: "risk", topicName: "risk.scores", format: "jsonl", recordFormat: "json" },
            ]);
        });

        it("list who each shared topic is shared with", () => {
            assert.deepEqual(sharedTopics(teams), { "payments.orders": ["risk", "fraud.rules"] });
        });
    });

    describe("checks against the cluster", () => {
        const facts: ClusterFacts = { brokerReplicas: 3, defaultReplicationFactor: 3, minInsyncReplicas: 2 };
        const check = (topics: TopicReplication[string]["topics"], f: ClusterFacts = facts) => {
            const problems: string[] = [];
            checkTeamsAgainstCluster({ payments: { topics } }, f, (path, message) => problems.push(`${keyPath(path)}: ${message}`));
            return problems;
        };

        it("accept topics that fit", () => {
            assert.deepEqual(check([{}, { replicas: 3 }, { replicas: 3, config: { "min.insync.replicas": 2 } }, { config: { "min.insync.replicas": 1 } }]), []);
        });

        it("refuse more replicas than brokers", () => {
            assert.deepEqual(check([{ replicas: 4 }]), [
                "teams.payments.topics.0.replicas: must be <= 3, the number of brokers (each replica of a partition needs a broker of its own)",
            ]);
        });

        it("refuse a min.insync.replicas that is not below the topic's replicas", () => {
            assert.deepEqual(check([{ replicas: 2, config: { "min.insync.replicas": 2 } }]), [
                "teams.payments.topics.0.config.min.insync.replicas: must be < the topic's replicas (2): otherwise one broker down stops every producer that uses acks=all",
            ]);
        });

        it("say when the replicas come from the cluster's default", () => {
            assert.deepEqual(check([{ config: { "min.insync.replicas": 3 } }]), [
                "teams.payments.topics.0.config.min.insync.replicas: must be < the topic's replicas (3, the cluster's default.replication.factor): otherwise one broker down stops every producer that uses acks=all",
            ]);
        });

        it("refuse replicas not above the cluster's min.insync.replicas", () => {
            assert.deepEqual(check([{ replicas: 2 }]), [
                "teams.payments.topics.0.replicas: must be > 2, the cluster's min.insync.replicas: otherwise one broker down stops every producer that uses acks=all",
            ]);
        });

        it("leave a cluster whose own defaults clash to the cluster's checks", () => {
            assert.deepEqual(check([{}], { brokerReplicas: 1, defaultReplicationFactor: 1, minInsyncReplicas: 1 }), []);
        });

        it("read the parsed input and the typed config alike", () => {
            const teams = parsePlatform({ payments: { topics: [{ name: "orders", partitions: 1, replicas: 3 }] } }).teams;
            const problems: string[] = [];
            checkTeamsAgainstCluster(teams, { ...facts, brokerReplicas: 2 }, (path, message) => problems.push(`${keyPath(path)}: ${message}`));
            assert.deepEqual(problems, [
                "teams.payments.topics.0.replicas: must be <= 2, the number of brokers (each replica of a partition needs a broker of its own)",
            ]);
        });
    });
});
