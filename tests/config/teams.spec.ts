import { strict as assert } from "assert";
import { configProblems, parsePlatform, platformRaw, teamProblems } from "../support/teams";

const P = "kafka-platform:teams.payments";

/** A team with one topic and one application that produces it; each case changes one thing. */
function payments(change: { topics?: unknown[]; applications?: unknown[] } = {}): Record<string, unknown> {
    return {
        payments: {
            topics: change.topics ?? [{ name: "orders", partitions: 3 }],
            applications: change.applications ?? [{ name: "checkout", authentication: "tls", produces: [{ topic: "orders" }] }],
        },
    };
}

function topic(extra: Record<string, unknown>): Record<string, unknown> {
    return { name: "orders", partitions: 3, ...extra };
}

function app(extra: Record<string, unknown>): Record<string, unknown> {
    return { name: "checkout", authentication: "tls", produces: [{ topic: "orders" }], ...extra };
}

describe("teams config", () => {
    it("refuses parquet for a topic whose producers write plain JSON, and accepts it when they write schema envelopes", () => {
        const message =
            'needs records that carry their schema, and the topic\'s recordFormat is json (the default): parquet writes typed columns and plain JSON values have no schema, so every record would go to the dead-letter topic; declare recordFormat: json-with-schema if the producers write Kafka Connect\'s JSON envelope {"schema": ..., "payload": ...}, or archive the topic as jsonl';
        for (const recordFormat of [undefined, "json"]) {
            assert.deepEqual(teamProblems({ payments: { topics: [{ name: "ledger", partitions: 1, ...(recordFormat ? { recordFormat } : {}), archive: { format: "parquet" } }] } }), [
                `kafka-platform:teams.payments.topics.0.archive.format: ${message} (got "parquet")`,
            ]);
        }
        assert.deepEqual(teamProblems({ payments: { topics: [{ name: "ledger", partitions: 1, recordFormat: "json-with-schema", archive: { format: "parquet" } }] } }), []);
        assert.deepEqual(teamProblems({ payments: { topics: [{ name: "events", partitions: 1, recordFormat: "json-with-schema", archive: true }] } }), []);
    });

    it("accepts the example team and normalizes durations, quantities and archive", () => {
        const config = parsePlatform({
            payments: {
                topics: [
                    topic({ retention: { time: "7d", bytesPerPartition: "1Gi" }, archive: true, sharedWith: ["risk"] }),
                    { name: "ledger", partitions: 1, cleanupPolicy: "compact", recordFormat: "json-with-schema", archive: { format: "parquet" } },
                    { name: "audit", partitions: 1, retention: { time: "forever" }, archive: false },
                ],
                applications: [app({ quotas: { producerByteRate: "5Mi", consumerByteRate: 1000, requestPercentage: 10 } })],
            },
            risk: { applications: [{ name: "scoring", authentication: "scram-sha-512", consumes: [{ shared: "payments.orders" }] }] },
        });
        assert.deepEqual(config.teams.payments.topics, [
            { name: "orders", partitions: 3, retentionMs: 604800000, retentionBytes: 1073741824, config: {}, archive: { format: "jsonl" }, recordFormat: "json", sharedWith: ["risk"] },
            { name: "ledger", partitions: 1, cleanupPolicy: "compact", config: {}, archive: { format: "parquet" }, recordFormat: "json-with-schema", sharedWith: [] },
            { name: "audit", partitions: 1, retentionMs: -1, config: {}, recordFormat: "json", sharedWith: [] },
        ]);
        assert.deepEqual(config.teams.payments.applications[0].quotas, { producerByteRate: 5242880, consumerByteRate: 1000, requestPercentage: 10 });
        assert.deepEqual(config.teams.risk, {
            topics: [],
            applications: [
                {
                    name: "scoring",
                    authentication: "scram-sha-512",
                    produces: [],
                    consumes: [{ kind: "shared", team: "payments", topic: "orders" }],
                    groups: [],
                    transactionalIds: [],
                    quotas: {},
                },
            ],
        });
    });

    it("defaults to no teams", () => {
        assert.deepEqual(parsePlatform(undefined).teams, {});
    });

    describe("team names", () => {
        it("must be DNS-1123 labels", () => {
            assert.deepEqual(teamProblems({ Payments: {} }), [
                "kafka-platform:teams.Payments: is not a valid team name: use a DNS-1123 label (lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters) (got {})",
            ]);
        });

        it("reject unknown keys with the nearest valid one", () => {
            assert.deepEqual(teamProblems({ payments: { topic: [] } }), [`${P}.topic: unknown key; did you mean "topics"? (got [])`]);
        });
    });

    describe("topic names", () => {
        const cases: [string, string[], string][] = [
            ["use Kafka's characters", ["orders!"], `${P}.topics.0.name: must be a non-empty name of letters, digits, ".", "_" and "-" (the characters Kafka allows in topic names) (got "orders!")`],
            ["are not empty", [""], `${P}.topics.0.name: must be a non-empty name of letters, digits, ".", "_" and "-" (the characters Kafka allows in topic names) (got "")`],
            [
                "fit Kafka's 249 characters with the team prefix",
                ["a".repeat(241)],
                `${P}.topics.0.name: must be at most 240 characters long: the Kafka name payments.<name> is limited to 249 (got "${"a".repeat(76)}...)`,
            ],
            ["do not repeat the team prefix", ["payments.orders"], `${P}.topics.0.name: must not start with "payments.": the team prefix is added for you, so the Kafka name would be payments.payments.orders (got "payments.orders")`],
            [
                "give a DNS-1123 Kubernetes name",
                ["orders-"],
                `${P}.topics.0.name: must start and end with a letter or digit, and so must every part between "." and "_": the KafkaTopic's Kubernetes name (payments.orders-) is derived from it (got "orders-")`,
            ],
            [
                "have no empty parts",
                ["orders__v1"],
                `${P}.topics.0.name: must start and end with a letter or digit, and so must every part between "." and "_": the KafkaTopic's Kubernetes name (payments.orders..v1) is derived from it (got "orders__v1")`,
            ],
            ["are unique in the team", ["orders", "orders"], `${P}.topics.1.name: repeats the topic at teams.payments.topics.0 (got "orders")`],
            [
                "do not collide in Kafka's metric names",
                ["orders.v1", "orders_v1"],
                `${P}.topics.1.name: collides with topic "orders.v1" (teams.payments.topics.0) in Kafka's metric names, where "." and "_" are the same character; rename one of them (got "orders_v1")`,
            ],
            [
                "differ in more than letter case",
                ["Orders", "orders"],
                `${P}.topics.1.name: differs from topic "Orders" (teams.payments.topics.0) only in letter case: both would be KafkaTopic payments.orders; rename one of them (got "orders")`,
            ],
        ];
        for (const [what, names, expected] of cases) {
            it(what, () => {
                const topics = names.map((name) => ({ name, partitions: 1 }));
                assert.deepEqual(teamProblems(payments({ topics, applications: [] })), [expected]);
            });
        }

        it("accept upper case, dots, underscores and dashes that map to distinct Kubernetes names", () => {
            const topics = ["Orders.V1", "orders-v2", "refunds_eu", "a"].map((name) => ({ name, partitions: 1 }));
            assert.deepEqual(teamProblems(payments({ topics, applications: [] })), []);
        });
    });

    describe("topic settings", () => {
        const cases: [string, Record<string, unknown>, string[]][] = [
            ["partitions >= 1", { partitions: 0 }, [`${P}.topics.0.partitions: must be an integer >= 1 (got 0)`]],
            ["replicas >= 1", { replicas: 0 }, [`${P}.topics.0.replicas: must be an integer >= 1 (got 0)`]],
            ["retention sets something", { retention: {} }, [`${P}.topics.0.retention: must set time, bytesPerPartition or both (got {})`]],
            [
                "retention needs the delete policy",
                { retention: { time: "1d" }, cleanupPolicy: "compact" },
                [`${P}.topics.0.retention: has no effect when cleanupPolicy is "compact" (compaction keeps the latest record of every key); use "compact,delete" to also expire old records (got {"time":"1d"})`],
            ],
            ["retention time is a duration", { retention: { time: "7 days" } }, [`${P}.topics.0.retention.time: must be a duration such as 500ms, 30s, 15m, 12h or 7d, or "forever" (got "7 days")`]],
            ["retention time is positive", { retention: { time: "0h" } }, [`${P}.topics.0.retention.time: must be longer than 0 (use "forever" to keep records without a time limit) (got "0h")`]],
            ["retention bytes are whole", { retention: { bytesPerPartition: "500m" } }, [`${P}.topics.0.retention.bytesPerPartition: must be a whole number of bytes of at least 1, such as 50Gi (got "500m")`]],
            ["retention bytes are bytes", { retention: { bytesPerPartition: "lots" } }, [`${P}.topics.0.retention.bytesPerPartition: must be a whole number of bytes or a quantity such as 5Mi or 50Gi (got "lots")`]],
            ["cleanupPolicy is Kafka's", { cleanupPolicy: "compact, delete" }, [`${P}.topics.0.cleanupPolicy: must be one of: "delete", "compact", "compact,delete" (got "compact, delete")`]],
            ["archive is true, false or a format", { archive: "yes" }, [`${P}.topics.0.archive: must be true, false or {format: "jsonl" | "parquet"} (got "yes")`]],
        ];
        for (const [what, extra, expected] of cases) {
            it(what, () => assert.deepEqual(teamProblems(payments({ topics: [topic(extra)] })), expected));
        }
    });

    describe("topic config", () => {
        const cases: [string, string, unknown, string][] = [
            ["retention.ms has a typed field", "retention.ms", 1000, "is set through the topic's retention.time field, not config (got 1000)"],
            ["retention.bytes has a typed field", "retention.bytes", 1000, "is set through the topic's retention.bytesPerPartition field, not config (got 1000)"],
            ["cleanup.policy has a typed field", "cleanup.policy", "compact", 'is set through the topic\'s cleanupPolicy field, not config (got "compact")'],
            ["keys removed in Kafka 4.0 are refused", "message.format.version", "3.0", 'cannot be set: it was removed in Kafka 4.0 (every topic uses record format v2) (got "3.0")'],
            [
                "the removed timestamp difference names its replacements",
                "message.timestamp.difference.max.ms",
                1000,
                "cannot be set: it was removed in Kafka 4.0; use message.timestamp.before.max.ms and message.timestamp.after.max.ms (got 1000)",
            ],
            ["down-conversion is gone", "message.downconversion.enable", false, "cannot be set: it was removed in Kafka 4.0 (brokers no longer down-convert records) (got false)"],
            [
                "tiered storage is not configured",
                "remote.storage.enable",
                true,
                "cannot be set: it needs tiered storage (remote.log.storage.system.enable and a storage plugin on the brokers), which this platform does not configure (got true)",
            ],
            ["local retention needs tiered storage", "local.retention.ms", 1000, "cannot be set: it needs tiered storage, which this platform does not configure (got 1000)"],
            [
                "throttles belong to reassignments",
                "leader.replication.throttled.replicas",
                "*",
                'cannot be set: it is set by partition reassignments (Cruise Control) and would fight them (got "*")',
            ],
            ["broker-only keys are not topic configs", "log.retention.hours", 1, "is not a topic-level config of Kafka 4.x (docs/teams.md lists the keys allowed here) (got 1)"],
            ["misspelt keys get a suggestion", "compresion.type", "zstd", 'is not a topic-level config of Kafka 4.x; did you mean "compression.type"? (got "zstd")'],
            ["a key close to a typed one points at the field", "retention.msec", 1, "is not a topic-level config of Kafka 4.x; did you mean the topic's retention.time field? (got 1)"],
            ["unknown keys are refused", "foo", 1, "is not a topic-level config of Kafka 4.x (docs/teams.md lists the keys allowed here) (got 1)"],
            ["enums are checked", "compression.type", "brotli", 'must be one of: uncompressed, zstd, lz4, snappy, gzip, producer (got "brotli")'],
            ["integers are checked", "min.insync.replicas", 0, "must be an integer from 1 to 2147483647 (got 0)"],
            ["integers are whole", "max.message.bytes", 1.5, "must be an integer from 0 to 2147483647 (got 1.5)"],
            ["gzip levels allow -1 for the default", "compression.gzip.level", 0, "must be an integer from 1 to 9 or -1 (got 0)"],
            ["segments are at least 1 MiB", "segment.bytes", 1000, "must be an integer from 1048576 to 2147483647 (got 1000)"],
            ["longs have a floor", "segment.ms", 0, "must be an integer >= 1 (got 0)"],
            ["ratios are between 0 and 1", "min.cleanable.dirty.ratio", 2, "must be a number from 0 to 1 (got 2)"],
            ["booleans are booleans", "preallocate", "yes", 'must be true or false (got "yes")'],
            ["values are scalars", "segment.ms", { ms: 1 }, 'must be a string, number or boolean (got {"ms":1})'],
        ];
        for (const [what, key, value, message] of cases) {
            it(what, () => {
                assert.deepEqual(teamProblems(payments({ topics: [topic({ config: { [key]: value } })] })), [`${P}.topics.0.config.${key}: ${message}`]);
            });
        }

        it("accepts valid topic-level configs", () => {
            const config = {
                "compression.type": "zstd",
                "compression.gzip.level": -1,
                "min.insync.replicas": 1,
                "min.cleanable.dirty.ratio": 0.25,
                "message.timestamp.type": "LogAppendTime",
                "segment.bytes": 268435456,
                preallocate: false,
            };
            assert.deepEqual(teamProblems(payments({ topics: [topic({ config })] })), []);
        });
    });

    describe("production refuses unsafe topics", () => {
        it("with fewer than 3 replicas, a min ISR below 2 or unclean leader election", () => {
            const topics = [topic({ replicas: 2, config: { "min.insync.replicas": 1, "unclean.leader.election.enable": true } })];
            assert.deepEqual(teamProblems(payments({ topics }), "prod"), [
                `${P}.topics.0.replicas: must be >= 3 in prod: with fewer replicas, losing one zone loses or blocks the topic's data (got 2)`,
                `${P}.topics.0.config.min.insync.replicas: must be >= 2 in prod: with 1, a write acknowledged by a single broker is lost when that broker fails (got 1)`,
                `${P}.topics.0.config.unclean.leader.election.enable: must not be true in prod: electing an out-of-sync replica as leader drops acknowledged writes (got true)`,
            ]);
        });

        it("but lets dev experiment", () => {
            const topics = [topic({ replicas: 2, config: { "min.insync.replicas": 1, "unclean.leader.election.enable": true } })];
            assert.deepEqual(teamProblems(payments({ topics })), []);
        });
    });

    describe("sharing", () => {
        const withReaders = (sharedWith: string[]) => ({
            ...payments({ topics: [topic({ sharedWith })] }),
            risk: { topics: [{ name: "scores", partitions: 1 }], applications: [{ name: "scoring", authentication: "tls", consumes: [{ topic: "scores" }] }] },
        });
        const cases: [string, string[], string][] = [
            ["names teams or applications", ["Risk"], `${P}.topics.0.sharedWith.0: must name a team, or one of its applications as <team>.<application> (got "Risk")`],
            ["names at most one application", ["risk.scoring.v1"], `${P}.topics.0.sharedWith.0: must name a team, or one of its applications as <team>.<application> (got "risk.scoring.v1")`],
            ["does not repeat", ["risk", "risk"], `${P}.topics.0.sharedWith.1: repeats risk (got "risk")`],
            ["is for other teams", ["risk", "payments"], `${P}.topics.0.sharedWith.1: must not name the topic's own team: its applications reach the topic through produces and consumes (got "payments")`],
            ["names known teams", ["risk", "fraud"], `${P}.topics.0.sharedWith.1: names team "fraud", which is not in teams or tenants (teams: payments, risk; tenants: none) (got "fraud")`],
            ["names known applications", ["risk", "risk.pricing"], `${P}.topics.0.sharedWith.1: names application "pricing", which team risk does not have (its applications: scoring) (got "risk.pricing")`],
        ];
        for (const [what, sharedWith, expected] of cases) {
            it(what, () => assert.deepEqual(teamProblems(withReaders(sharedWith)), [expected]));
        }

        const reads = (shared: string, sharedWith: string[] = []) => ({
            ...payments({ topics: [topic({ sharedWith })] }),
            risk: { topics: [{ name: "scores", partitions: 1 }], applications: [{ name: "scoring", authentication: "tls", consumes: [{ shared }] }] },
        });
        const R = "kafka-platform:teams.risk.applications.0.consumes.0.shared";
        const readCases: [string, unknown, string][] = [
            ["needs a full name", reads("orders"), `${R}: must be the full Kafka name <team>.<topic> of another team's topic (got "orders")`],
            ["is for other teams' topics", reads("risk.scores"), `${R}: names a topic of this application's own team; use {topic: scores} instead (got "risk.scores")`],
            ["names a known team", reads("billing.invoices"), `${R}: names team "billing", which is not in teams (teams: payments, risk) (got "billing.invoices")`],
            ["names a known topic", reads("payments.refunds"), `${R}: names topic payments.refunds, which team payments does not have (its topics: orders) (got "payments.refunds")`],
            ["must be granted", reads("payments.orders"), `${R}: may not read payments.orders: team payments does not list risk or risk.scoring in that topic's sharedWith (got "payments.orders")`],
            [
                "must be granted to this application",
                { ...reads("payments.orders", ["risk.pricing"]), risk: { applications: [{ name: "scoring", authentication: "tls", consumes: [{ shared: "payments.orders" }] }, { name: "pricing", authentication: "tls", consumes: [{ shared: "payments.orders" }] }] } },
                `${R}: may not read payments.orders: team payments does not list risk or risk.scoring in that topic's sharedWith (got "payments.orders")`,
            ],
        ];
        for (const [what, teams, expected] of readCases) {
            it(`a read of another team's topic ${what}`, () => assert.deepEqual(teamProblems(teams), [expected]));
        }

        it("grants reads to a whole team or to one application", () => {
            assert.deepEqual(teamProblems(reads("payments.orders", ["risk"])), []);
            assert.deepEqual(teamProblems(reads("payments.orders", ["risk.scoring"])), []);
        });
    });

    describe("applications", () => {
        const A = `${P}.applications.0`;
        const cases: [string, unknown[], string[]][] = [
            ["are named with DNS labels", [app({ name: "Checkout" })], [`${A}.name: must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit (got "Checkout")`]],
            ["are unique in the team", [app({}), app({})], [`${P}.applications.1.name: repeats the application at teams.payments.applications.0 (got "checkout")`]],
            [
                "fit a certificate's common name with tls",
                [app({ name: "c".repeat(56) })],
                [`${A}.name: must be at most 55 characters long with tls authentication: the certificate's common name, payments.${"c".repeat(56)}, is limited to 64 (got "${"c".repeat(56)}")`],
            ],
            ["authenticate with tls or scram-sha-512", [app({ authentication: "plain" })], [`${A}.authentication: must be one of: "tls", "scram-sha-512" (got "plain")`]],
            ["use at least one topic", [app({ produces: [] })], [`${A}: must produce or consume at least one topic (set produces, consumes or both) (got {"name":"checkout","authentication":"tls","produces":[]})`]],
            ["have groups only to consume", [app({ groups: [{ name: "checkout" }] })], [`${A}.groups: needs consumes: consumer groups only serve applications that read topics (got [{"name":"checkout"}])`]],
            [
                "have transactional ids only to produce",
                [app({ produces: undefined, consumes: [{ topic: "orders" }], transactionalIds: [{ prefix: "tx-" }] })],
                [`${A}.transactionalIds: needs produces: transactional ids only serve applications that write topics (got [{"prefix":"tx-"}])`],
            ],
            ["name one topic or prefix per produces entry", [app({ produces: [{ topic: "orders", prefix: "o" }] })], [`${A}.produces.0: must have exactly one of topic or prefix (got {"topic":"orders","prefix":"o"})`]],
            ["name one topic, prefix or shared topic per consumes entry", [app({ consumes: [{}] })], [`${A}.consumes.0: must have exactly one of topic, prefix or shared (got {})`]],
            [
                "write only their own team's topics",
                [app({ produces: [{ shared: "risk.scores" }] })],
                [`${A}.produces.0.shared: cannot be used in produces: applications write only to their own team's topics (got "risk.scores")`],
            ],
            ["name topics of the team", [app({ produces: [{ topic: "order" }] })], [`${A}.produces.0.topic: names topic "order", which team payments does not have; did you mean "orders"? (got "order")`]],
            ["list the team's topics when nothing is close", [app({ consumes: [{ topic: "invoices" }] })], [`${A}.consumes.0.topic: names topic "invoices", which team payments does not have (its topics: orders) (got "invoices")`]],
            ["use prefixes that cover a topic", [app({ produces: [{ prefix: "refunds" }] })], [`${A}.produces.0.prefix: matches none of the topics of team payments (orders); a prefix must cover at least one of them (got "refunds")`]],
            ["use prefixes of topic characters", [app({ produces: [{ prefix: "ord*" }] })], [`${A}.produces.0.prefix: must use only letters, digits, ".", "_" and "-" (got "ord*")`]],
            ["do not repeat a topic", [app({ produces: [{ topic: "orders" }, { topic: "orders" }] })], [`${A}.produces.1: repeats produces.0 (got {"topic":"orders"})`]],
            ["name one group or prefix per entry", [app({ consumes: [{ topic: "orders" }], groups: [{ name: "a", prefix: "b" }] })], [`${A}.groups.0: must have exactly one of name or prefix (got {"name":"a","prefix":"b"})`]],
            ["do not name empty groups", [app({ consumes: [{ topic: "orders" }], groups: [{ name: "" }] })], [`${A}.groups.0.name: must not be empty (got "")`]],
            ["name groups with safe characters", [app({ consumes: [{ topic: "orders" }], groups: [{ name: "my group" }] })], [`${A}.groups.0.name: must use only letters, digits, ".", "_" and "-" (got "my group")`]],
            ["do not repeat a transactional id", [app({ transactionalIds: [{ prefix: "tx-" }, { prefix: "tx-" }] })], [`${A}.transactionalIds.1: repeats transactionalIds.0 (got {"prefix":"tx-"})`]],
            ["set at least one quota when quotas is present", [app({ quotas: {} })], [`${A}.quotas: must set producerByteRate, consumerByteRate, requestPercentage or several of them (got {})`]],
            ["use whole bytes per second", [app({ quotas: { producerByteRate: "1.5" } })], [`${A}.quotas.producerByteRate: must be a whole number of bytes per second, such as 1048576 or 1Mi (got "1.5")`]],
            [
                "stay within the Java int Strimzi stores quotas in",
                [app({ quotas: { producerByteRate: "2Gi", consumerByteRate: 2147483647 } })],
                [
                    `${A}.quotas.producerByteRate: must be at most 2147483647 bytes per second (just under 2Gi): Strimzi stores KafkaUser quotas as Java ints, and a larger value leaves the user NotReady; omit the quota for no limit (got "2Gi")`,
                ],
            ],
            ["use byte quantities", [app({ quotas: { consumerByteRate: -1 } })], [`${A}.quotas.consumerByteRate: must be a whole number of bytes or a quantity such as 5Mi or 50Gi (got -1)`]],
            ["use a non-negative request percentage", [app({ quotas: { requestPercentage: -1 } })], [`${A}.quotas.requestPercentage: must be an integer >= 0 (got -1)`]],
        ];
        for (const [what, applications, expected] of cases) {
            it(what, () => assert.deepEqual(teamProblems(payments({ applications })), expected));
        }

        it("may use scram-sha-512 with names longer than a certificate allows", () => {
            assert.deepEqual(teamProblems(payments({ applications: [app({ name: "c".repeat(56), authentication: "scram-sha-512" })] })), []);
        });
    });

    describe("against the platform stack's kafka section", () => {
        it("refuses topics that need more brokers than kafka.brokers.replicas", () => {
            assert.deepEqual(teamProblems(payments({ topics: [topic({ replicas: 4 })] })), [
                `${P}.topics.0.replicas: must be <= 3, the number of brokers (each replica of a partition needs a broker of its own) (got 4)`,
            ]);
        });

        it("refuses a min.insync.replicas not below kafka.defaultReplicationFactor", () => {
            assert.deepEqual(teamProblems(payments({ topics: [topic({ config: { "min.insync.replicas": 2 } })] })), [
                `${P}.topics.0.config.min.insync.replicas: must be < the topic's replicas (2, the cluster's default.replication.factor): otherwise one broker down stops every producer that uses acks=all (got 2)`,
            ]);
        });

        it("follows the kafka section of the stack", () => {
            const topics = [topic({ config: { "min.insync.replicas": 2 } })];
            const raw = { ...platformRaw(payments({ topics })), kafka: { defaultReplicationFactor: 3, minInsyncReplicas: 2 } };
            assert.deepEqual(configProblems(raw, "dev"), []);
        });
    });

    describe("a tenant stack", () => {
        const tenant = (extra: Record<string, unknown> = {}) => ({
            environment: "dev",
            region: "eu-west-1",
            platformStack: "organization/kafka-platform/dev",
            teams: payments(),
            ...extra,
        });

        it("parses to a tenant config of its one team", () => {
            assert.deepEqual(configProblems(tenant(), "payments-dev"), []);
        });

        it("holds no platform settings", () => {
            assert.deepEqual(configProblems(tenant({ tags: { owner: "payments" }, network: {} }), "payments-dev"), [
                'kafka-platform:tags: belongs to the platform stack: a tenant stack (platformStack is set) holds only environment, region, platformStack, deployRoleArn, teams (got {"owner":"payments"})',
                "kafka-platform:network: belongs to the platform stack: a tenant stack (platformStack is set) holds only environment, region, platformStack, deployRoleArn, teams (got {})",
            ]);
        });

        it("names its platform stack in full", () => {
            assert.deepEqual(configProblems(tenant({ platformStack: "dev" }), "payments-dev"), [
                'kafka-platform:platformStack: must be the platform stack\'s fully qualified name <organization>/<project>/<stack>, such as acme/kafka-platform/dev (got "dev")',
            ]);
        });

        it("holds exactly one team", () => {
            const teams = { ...payments(), risk: { applications: [] } };
            assert.deepEqual(configProblems(tenant({ teams }), "payments-dev"), [
                'kafka-platform:teams: must hold exactly one team in a tenant stack (platformStack is set), not 2 (got {"payments":{"topics":[{"name":"orders","partitions":3}],"applications":[{"na...)',
            ]);
            assert.deepEqual(configProblems(tenant({ teams: {} }), "payments-dev"), ["kafka-platform:teams: must hold exactly one team in a tenant stack (platformStack is set), not 0 (got {})"]);
        });

        it("is named after its team and environment", () => {
            assert.deepEqual(configProblems(tenant(), "payments-prod"), [
                'kafka-platform:teams: must hold the team this stack is named after: a tenant stack is named <team>-<environment>, so team payments belongs in stack payments-dev, not payments-prod (got ["payments"])',
            ]);
        });

        it("cannot share topics", () => {
            assert.deepEqual(configProblems(tenant({ teams: payments({ topics: [topic({ sharedWith: ["risk"] })] }) }), "payments-dev"), [
                `${P}.topics.0.sharedWith: cannot be used in a tenant stack: sharing is declared where both teams are visible, in the platform stack's teams section; manage this team there to share its topics (got ["risk"])`,
            ]);
        });

        it("leaves reads of other teams' topics to the platform stack's grants", () => {
            const teams = payments({ applications: [app({ consumes: [{ shared: "risk.scores" }] })] });
            assert.deepEqual(configProblems(tenant({ teams }), "payments-dev"), []);
        });
    });
});
