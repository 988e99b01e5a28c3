import { strict as assert } from "assert";
import { planStack } from "../../automation/plan/plan";
import { parse } from "@bufbuild/cel";
import { renderAdmissionPolicies, TeamAdmissionFacts, ValidatingAdmissionPolicy } from "../../components/teams/admission";
import { platformAdmissionFacts } from "../../components/teams/teamAccess";
import { KafkaTopic, KafkaUser } from "../../components/strimzi/types";
import { admit, admitAll, AdmissionRequest } from "../support/admission";
import { parsePlatform } from "../support/teams";

const POLICY = "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicy";
const TOPIC = "kubernetes:kafka.strimzi.io/v1:KafkaTopic";
const USER = "kubernetes:kafka.strimzi.io/v1:KafkaUser";
const PAYMENTS = ["kafka-platform:team:payments", "system:authenticated"];

/** The policies the dev platform stack renders and the manifests the payments-dev team stack renders, from the shipped stack files. */
async function shipped(): Promise<{ policies: ValidatingAdmissionPolicy[]; topics: KafkaTopic[]; users: KafkaUser[] }> {
    const platform = await planStack("dev", { evaluate: () => [] });
    const team = await planStack("payments-dev", { evaluate: () => [] });
    const inputs = <T>(plan: typeof platform, type: string) => plan.resources.filter((r) => r.type === type).map((r) => r.inputs as unknown as T);
    return { policies: inputs<ValidatingAdmissionPolicy>(platform, POLICY), topics: inputs<KafkaTopic>(team, TOPIC), users: inputs<KafkaUser>(team, USER) };
}

function request(resource: "kafkatopics" | "kafkausers" | "secrets" | "configmaps" | "services", object: unknown, operation: AdmissionRequest["operation"] = "CREATE", oldObject?: unknown, groups = PAYMENTS): AdmissionRequest {
    return { operation, resource, groups, object, oldObject };
}

const copy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe("team admission policies, evaluated with a real CEL implementation (@bufbuild/cel)", () => {
    let policies: ValidatingAdmissionPolicy[];
    let topics: KafkaTopic[];
    let users: KafkaUser[];
    before(async () => {
        ({ policies, topics, users } = await shipped());
    });

    it("are four per self-service team of the dev stack, for its group only, denying what they refuse", () => {
        const group = [{ name: "team-group", expression: "'kafka-platform:team:payments' in request.userInfo.groups" }];
        assert.deepEqual(
            [...policies].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name)).map((p) => [p.metadata.name, p.spec.failurePolicy, p.spec.matchConditions, p.spec.matchConstraints.resourceRules]),
            [
                ...["kafkatopics", "kafkausers"].map((resource) => [
                    `kafka-team-payments-${resource}`,
                    "Fail",
                    group,
                    [{ apiGroups: ["kafka.strimzi.io"], apiVersions: ["*"], operations: ["CREATE", "UPDATE", "DELETE"], resources: [resource] }],
                ]),
                ["kafka-team-payments-reflection", "Fail", group, [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["secrets", "configmaps"] }]],
                ["kafka-team-payments-services", "Fail", group, [{ apiGroups: [""], apiVersions: ["v1"], operations: ["CREATE", "UPDATE"], resources: ["services"] }]],
            ],
        );
    });

    it("refuse with reason Invalid, which a team's server-side dry-run preview reports rather than swallows", () => {
        // pulumi-kubernetes 4.x previews creates and updates as server-side dry-runs, which admission policies judge, but on a
        // Forbidden (403) error it falls back to the inputs and the preview passes (provider/pkg/provider/provider.go, Create and
        // Update: `req.GetPreview() && apierrors.IsForbidden(awaitErr)`). Invalid (422) fails the preview with the policy's message.
        const reasons = new Set(policies.flatMap((p) => p.spec.validations.map((v) => v.reason)));
        assert.deepEqual([...reasons], ["Invalid"]);
    });

    it("parse every expression with CEL's grammar (no optional types or extension syntax)", () => {
        const expressions = policies.flatMap((p) => [...p.spec.matchConditions, ...p.spec.variables, ...p.spec.validations].map((e) => e.expression));
        assert.equal(expressions.length, 48);
        for (const e of expressions) {
            assert.doesNotThrow(() => parse(e), e);
        }
    });

    it("call only functions of CEL's standard library, which Kubernetes' CEL environment has too", () => {
        // The dev policies (prod's add `string`). The parser expands the macros (has, all, exists) into selections and comprehensions; what is
        // left are calls. @not_strictly_false is the loop condition the all/exists expansions use.
        const calls = new Set<string>();
        let hasTests = 0;
        let comprehensions = 0;
        const walk = (e: unknown): void => {
            if (Array.isArray(e)) return e.forEach(walk);
            if (e === null || typeof e !== "object") return;
            const node = e as { $typeName?: string; function?: string; testOnly?: boolean };
            if (node.$typeName === "cel.expr.Expr.Call" && node.function) calls.add(node.function);
            if (node.$typeName === "cel.expr.Expr.Select" && node.testOnly) hasTests++;
            if (node.$typeName === "cel.expr.Expr.Comprehension") comprehensions++;
            Object.values(e).forEach(walk);
        };
        for (const p of policies) {
            for (const e of [...p.spec.matchConditions, ...p.spec.variables, ...p.spec.validations]) walk(parse(e.expression).expr);
        }
        assert.deepEqual([...calls].sort(), ["!_", "@in", "@not_strictly_false", "_!=_", "_&&_", "_<=_", "_<_", "_==_", "_>=_", "_>_", "_?_:_", "_[_]", "_||_", "int", "size", "startsWith"]);
        assert.ok(hasTests > 0 && comprehensions > 0);
    });

    it("admit every topic and user the payments-dev stack renders: created, updated and deleted", () => {
        assert.equal(topics.length, 3);
        assert.equal(users.length, 3);
        for (const t of topics) {
            for (const op of ["CREATE", "UPDATE", "DELETE"] as const) {
                assert.deepEqual(admitAll(policies, request("kafkatopics", t, op, t)), { matched: true, denied: [] }, `${op} ${t.metadata.name}`);
            }
        }
        for (const u of users) {
            for (const op of ["CREATE", "UPDATE", "DELETE"] as const) {
                assert.deepEqual(admitAll(policies, request("kafkausers", u, op, u)), { matched: true, denied: [] }, `${op} ${u.metadata.name}`);
            }
        }
    });

    it("leave everyone outside the team's group alone, platform admins included", () => {
        const hostile = { ...copy(topics[0]), metadata: { ...topics[0].metadata, name: "risk.scores" } };
        assert.deepEqual(admitAll(policies, request("kafkatopics", hostile, "CREATE", undefined, ["system:masters", "system:authenticated"])), { matched: false, denied: [] });
    });

    describe("refuse, with the policy's message", () => {
        const topicRefusal = (change: (t: KafkaTopic) => void, operation: AdmissionRequest["operation"] = "CREATE", old?: (t: KafkaTopic) => void) => {
            const t = copy(topics.find((x) => x.metadata.name === "payments.orders") as KafkaTopic);
            const before = copy(t);
            change(t);
            old?.(before);
            return admitAll(policies, request("kafkatopics", t, operation, before)).denied;
        };
        const userRefusal = (change: (u: KafkaUser) => void, name = "payments.reporting") => {
            const u = copy(users.find((x) => x.metadata.name === name) as KafkaUser);
            change(u);
            return admitAll(policies, request("kafkausers", u)).denied;
        };

        it("another team's topic name", () => {
            assert.deepEqual(
                topicRefusal((t) => {
                    t.metadata.name = "risk.scores";
                    t.spec.topicName = "risk.scores";
                }),
                ["A KafkaTopic of team payments must be named payments.<name>.", "Topics of team payments must be named payments.<topic> (spec.topicName, or metadata.name when it is not set)."],
            );
        });

        it("a Kafka topic name outside the team behind a team resource name", () => {
            assert.deepEqual(
                topicRefusal((t) => (t.spec.topicName = "paymentsx.orders")),
                ["Topics of team payments must be named payments.<topic> (spec.topicName, or metadata.name when it is not set)."],
            );
        });

        it("a missing or forged team label", () => {
            const message = "A KafkaTopic of team payments must carry the label kafka-platform.io/team: payments.";
            assert.deepEqual(topicRefusal((t) => delete t.metadata.labels?.["kafka-platform.io/team"]), [message]);
            assert.deepEqual(topicRefusal((t) => ((t.metadata.labels as Record<string, string>)["kafka-platform.io/team"] = "risk")), [message]);
        });

        it("another team's topic, taken over or deleted", () => {
            const theirs = (t: KafkaTopic) => {
                t.metadata.name = "risk.scores";
                t.spec.topicName = "risk.scores";
                (t.metadata.labels as Record<string, string>)["kafka-platform.io/team"] = "risk";
            };
            assert.deepEqual(topicRefusal(() => undefined, "UPDATE", theirs), [
                "Team payments may change only its own KafkaTopics (labelled kafka-platform.io/team: payments and named payments.<name>).",
            ]);
            const t = copy(topics[0]);
            theirs(t);
            assert.deepEqual(admitAll(policies, request("kafkatopics", undefined, "DELETE", t)).denied, [
                "A KafkaTopic of team payments must carry the label kafka-platform.io/team: payments.",
                "A KafkaTopic of team payments must be named payments.<name>.",
            ]);
        });

        it("replication below or beyond the cluster's rules, and too many partitions", () => {
            // dev: 3 brokers, default.replication.factor 2, min.insync.replicas 1; payments may have 24 partitions per topic.
            assert.deepEqual(topicRefusal((t) => (t.spec.replicas = 1)), [
                "spec.replicas must be above 1, the cluster's min.insync.replicas: otherwise one broker down stops every producer that uses acks=all.",
            ]);
            assert.deepEqual(topicRefusal((t) => (t.spec.replicas = 4)), [
                "spec.replicas must be between 1 and 3, the number of brokers (each replica of a partition needs a broker of its own).",
            ]);
            assert.deepEqual(topicRefusal((t) => ((t.spec.config as Record<string, unknown>)["min.insync.replicas"] = 2)), [
                "spec.config.min.insync.replicas must be below the topic's replicas (2 when spec.replicas is not set): otherwise one broker down stops every producer that uses acks=all.",
            ]);
            assert.deepEqual(topicRefusal((t) => (t.spec.partitions = 25)), ["spec.partitions of a topic of team payments must be between 1 and 24."]);
        });

        it("a topic config teams may not set", () => {
            const [message] = topicRefusal((t) => ((t.spec.config as Record<string, unknown>)["remote.storage.enable"] = true));
            assert.match(message, /^spec\.config of a topic of team payments may set only the topic configs listed in docs\/teams\.md: cleanup\.policy, compression\.gzip\.level, /);
        });

        it("a wildcard, the cluster, or a prefix that reaches another team", () => {
            const acl = (resource: Record<string, string>, operations = ["Read", "Describe"]) => (u: KafkaUser) => {
                u.spec.authorization?.acls.push({ resource: resource as never, type: "allow", host: "*", operations: operations as never });
            };
            const outside = "The ACLs of a KafkaUser of team payments may reach only names starting with payments. and, literally, topics another team shares with it or with this application.";
            const kinds = 'The ACLs of a KafkaUser of team payments may name only topics, groups and transactional ids, each by name or prefix, never "*" or the cluster.';
            assert.deepEqual(userRefusal(acl({ type: "topic", name: "*", patternType: "literal" })), [kinds, outside]);
            assert.deepEqual(userRefusal(acl({ type: "topic", name: "pay", patternType: "prefix" })), [outside]);
            assert.deepEqual(userRefusal(acl({ type: "group", name: "risk.", patternType: "prefix" })), [outside]);
            assert.deepEqual(userRefusal(acl({ type: "cluster" }, ["Alter"])), [kinds]);
            assert.deepEqual(userRefusal(acl({ type: "topic", name: "payments.orders", patternType: "literal" }, ["Delete"])), [
                "The ACLs of a KafkaUser of team payments may allow only Read, Write, Describe on topics; Read, Describe on groups; Write, Describe on transactionalIds.",
            ]);
        });

        it("a super-user's name", () => {
            // Pulumi.dev.yaml's kafka.superUsers holds CN=platform-admin.
            assert.deepEqual(userRefusal((u) => (u.metadata.name = "platform-admin")), [
                "A KafkaUser of team payments must be named payments.<name>.",
                "The KafkaUser name is a super-user of the cluster (kafka.superUsers); team payments may not create it.",
            ]);
        });

        it("quotas over the team's limits or missing under them", () => {
            // payments: producerByteRate 10Mi and consumerByteRate 20Mi at most, and always set.
            assert.deepEqual(userRefusal((u) => ((u.spec.quotas as Record<string, number>).consumerByteRate = 20971521)), [
                "spec.quotas.consumerByteRate must be set and at most 20971520, team payments's limit.",
            ]);
            assert.deepEqual(userRefusal((u) => delete u.spec.quotas?.producerByteRate), ["spec.quotas.producerByteRate must be set and at most 10485760, team payments's limit."]);
            assert.deepEqual(userRefusal((u) => ((u.spec.quotas as Record<string, number>).requestPercentage = 2147483648)), [
                "spec.quotas.requestPercentage must be between 0 and 2147483647 (Kafka reads quotas as Java ints).",
            ]);
        });

        it("credentials reflected into another namespace, or into every namespace", () => {
            const annotations = (u: KafkaUser) => u.spec.template?.secret?.metadata?.annotations as Record<string, string>;
            const elsewhere =
                'spec.template.secret.metadata.annotations may reflect the credentials only into namespace payments: reflector.v1.k8s.emberstack.com/reflection-allowed: "true", reflector.v1.k8s.emberstack.com/reflection-allowed-namespaces: "payments", reflector.v1.k8s.emberstack.com/reflection-auto-enabled: "true", reflector.v1.k8s.emberstack.com/reflection-auto-namespaces: "payments".';
            assert.deepEqual(userRefusal((u) => (annotations(u)["reflector.v1.k8s.emberstack.com/reflection-auto-namespaces"] = "payments,risk")), [elsewhere]);
            assert.deepEqual(
                userRefusal((u) => delete annotations(u)["reflector.v1.k8s.emberstack.com/reflection-allowed-namespaces"]),
                ["spec.template.secret.metadata.annotations must name namespace payments in reflection-allowed-namespaces when they ask for reflection: without it Reflector lets every namespace copy the credentials."],
            );
        });
    });

    describe("on the Secrets and ConfigMaps the team writes (edit in its namespace), Reflector's annotations", () => {
        const REFUSED = "Team payments may not set Reflector's annotations (reflector.v1.k8s.emberstack.com/*) on Secrets or ConfigMaps: its credentials reach namespace payments through its KafkaUsers.";
        const secret = (annotations?: Record<string, string>) => ({ apiVersion: "v1", kind: "Secret", metadata: { name: "orders.app", namespace: "payments", ...(annotations ? { annotations } : {}) }, stringData: { password: "x" } });
        const push = {
            "reflector.v1.k8s.emberstack.com/reflection-allowed": "true",
            "reflector.v1.k8s.emberstack.com/reflection-auto-enabled": "true",
            "reflector.v1.k8s.emberstack.com/reflection-auto-namespaces": "kafka",
        };
        const copyOf = { "reflector.v1.k8s.emberstack.com/reflects": "kafka/payments.checkout", "reflector.v1.k8s.emberstack.com/auto-reflects": "True" };

        it("refuse pushing a Secret or ConfigMap into other namespaces, or pulling one, on create and on update", () => {
            assert.deepEqual(admitAll(policies, request("secrets", secret(push))), { matched: true, denied: [REFUSED] });
            assert.deepEqual(admitAll(policies, request("configmaps", { ...secret(push), kind: "ConfigMap" })).denied, [REFUSED]);
            assert.deepEqual(admitAll(policies, request("secrets", secret({ "reflector.v1.k8s.emberstack.com/reflects": "kafka/orders.app" }))).denied, [REFUSED]);
            assert.deepEqual(admitAll(policies, request("secrets", secret(push), "UPDATE", secret())).denied, [REFUSED]);
            assert.deepEqual(admitAll(policies, request("secrets", secret({ ...copyOf, "reflector.v1.k8s.emberstack.com/reflects": "kafka/orders.app" }), "UPDATE", secret(copyOf))).denied, [REFUSED]);
        });

        it("admit the team's other Secrets, and updates that leave a reflected copy's annotations as Reflector wrote them", () => {
            assert.deepEqual(admitAll(policies, request("secrets", secret({ "app.kubernetes.io/name": "orders" }))), { matched: true, denied: [] });
            assert.deepEqual(admitAll(policies, request("secrets", secret(copyOf), "UPDATE", secret(copyOf))), { matched: true, denied: [] });
        });

        it("leave Reflector itself, and every identity outside the team's group, to RBAC", () => {
            assert.deepEqual(admitAll(policies, request("secrets", secret(copyOf), "CREATE", undefined, ["system:serviceaccounts:credential-reflector", "system:authenticated"])), { matched: false, denied: [] });
        });
    });

    describe("on the Services the team writes", () => {
        const service = (spec: Record<string, unknown>) => ({ apiVersion: "v1", kind: "Service", metadata: { name: "checkout", namespace: "payments" }, spec: { selector: { app: "checkout" }, ports: [{ port: 80 }], ...spec } });

        it("refuse external IPs, which would capture other workloads' traffic to those addresses (CVE-2020-8554)", () => {
            const refused = ["Services of team payments may not set spec.externalIPs: they would capture the cluster's traffic to those addresses."];
            assert.deepEqual(admitAll(policies, request("services", service({ externalIPs: ["10.0.12.7"] }))).denied, refused);
            assert.deepEqual(admitAll(policies, request("services", service({ externalIPs: ["10.0.12.7"] }), "UPDATE", service({}))).denied, refused);
        });

        it("admit every other Service", () => {
            assert.deepEqual(admitAll(policies, request("services", service({ type: "ClusterIP" }))), { matched: true, denied: [] });
            assert.deepEqual(admitAll(policies, request("services", service({ externalIPs: [] }))), { matched: true, denied: [] });
        });
    });

    describe("in prod", () => {
        const prodPolicies = renderAdmissionPolicies({
            team: "payments",
            namespace: "payments",
            kafkaCluster: "events",
            cluster: { brokerReplicas: 6, defaultReplicationFactor: 3, minInsyncReplicas: 2 },
            prod: true,
            limits: { partitionsPerTopic: 100 },
            superUserNames: [],
            sharedTopics: {},
        });
        const topic = (spec: Record<string, unknown>) =>
            admitAll(prodPolicies, request("kafkatopics", {
                metadata: { name: "payments.orders", labels: { "strimzi.io/cluster": "events", "kafka-platform.io/team": "payments" } },
                spec: { partitions: 3, ...spec },
            })).denied;

        it("admits RF 3 with min.insync.replicas 2 and unclean election off", () => {
            assert.deepEqual(topic({ replicas: 3, config: { "min.insync.replicas": 2, "unclean.leader.election.enable": false } }), []);
        });

        it("refuses fewer than 3 replicas, min.insync.replicas 1 and unclean election, as the config check does in prod (the CEL string() conversion included)", () => {
            assert.deepEqual(topic({ replicas: 2, config: { "min.insync.replicas": 1, "unclean.leader.election.enable": "true" } }), [
                "spec.replicas must be at least 3 in prod: with fewer replicas, losing one zone loses or blocks the topic's data.",
                "spec.config.min.insync.replicas must be at least 2 in prod: with 1, a write acknowledged by a single broker is lost when that broker fails.",
                "spec.config.unclean.leader.election.enable must be false in prod: electing an out-of-sync replica as leader drops acknowledged writes.",
            ]);
        });
    });

    describe("with topics another team shares", () => {
        const config = parsePlatform({
            risk: {
                topics: [
                    { name: "scores", partitions: 3, sharedWith: ["payments"] },
                    { name: "alerts", partitions: 3, sharedWith: ["payments.checkout"] },
                ],
                applications: [{ name: "scorer", authentication: "tls", produces: [{ topic: "scores" }] }],
            },
        });
        const facts: TeamAdmissionFacts = {
            ...platformAdmissionFacts(config),
            team: "payments",
            namespace: "payments",
            limits: config.tenants.payments.limits,
        };
        const paymentsPolicies = renderAdmissionPolicies(facts);
        const reader = (name: string, resource: Record<string, string>, operations: string[]) =>
            admitAll(paymentsPolicies, request("kafkausers", {
                apiVersion: "kafka.strimzi.io/v1",
                kind: "KafkaUser",
                metadata: { name, namespace: "kafka", labels: { "strimzi.io/cluster": "events", "kafka-platform.io/team": "payments" } },
                spec: {
                    authentication: { type: "tls" },
                    authorization: { type: "simple", acls: [{ resource, type: "allow", host: "*", operations }] },
                    quotas: { producerByteRate: 1024, consumerByteRate: 1024 },
                },
            })).denied;

        it("admit reading a topic shared with the team, or with this very application", () => {
            assert.deepEqual(reader("payments.reporting", { type: "topic", name: "risk.scores", patternType: "literal" }, ["Read", "Describe"]), []);
            assert.deepEqual(reader("payments.checkout", { type: "topic", name: "risk.alerts", patternType: "literal" }, ["Read"]), []);
        });

        it("refuse writing a shared topic, reading one shared with another application, or a shared name as a prefix", () => {
            assert.deepEqual(reader("payments.reporting", { type: "topic", name: "risk.scores", patternType: "literal" }, ["Read", "Write"]), [
                "Topics other teams share with team payments may only be read: Read and Describe.",
            ]);
            const outside = "The ACLs of a KafkaUser of team payments may reach only names starting with payments. and, literally, topics another team shares with it or with this application.";
            assert.deepEqual(reader("payments.reporting", { type: "topic", name: "risk.alerts", patternType: "literal" }, ["Read"]), [outside]);
            assert.deepEqual(reader("payments.reporting", { type: "topic", name: "risk.scores", patternType: "prefix" }, ["Read"]), [outside]);
        });

        it("refuse a super-user's name inside the team's own names", () => {
            const withAdmin = renderAdmissionPolicies({ ...facts, superUserNames: ["payments.admin"] });
            const verdict = admit(withAdmin[1], request("kafkausers", {
                metadata: { name: "payments.admin", labels: { "strimzi.io/cluster": "events", "kafka-platform.io/team": "payments" } },
                spec: { authentication: { type: "scram-sha-512" }, quotas: { producerByteRate: 1, consumerByteRate: 1 } },
            }));
            assert.deepEqual(verdict.denied, ["The KafkaUser name is a super-user of the cluster (kafka.superUsers); team payments may not create it."]);
        });
    });
});
