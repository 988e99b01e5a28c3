import { strict as assert } from "assert";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { countByType, failureOf, ofType, resource, runStack } from "../support/harness";
import { runProgram } from "../../automation/harness/run";
import { planStack } from "../../automation/plan/plan";

const PLATFORM = "organization/kafka-platform/dev";
const TOPIC = "kubernetes:kafka.strimzi.io/v1:KafkaTopic";
const USER = "kubernetes:kafka.strimzi.io/v1:KafkaUser";
const DEPLOYER = "arn:aws:iam::111122223333:role/payments-deployer";

/** The outputs a deployed dev platform stack exports, as a tenant stack reads them. */
function platformOutputs(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return {
        environment: "dev",
        region: "eu-west-1",
        clusterName: "kafka-platform-dev",
        clusterEndpoint: "https://0123456789ABCDEF.gr7.eu-west-1.eks.amazonaws.com",
        clusterCertificateAuthority: "bW9jay1jYQ==",
        kafkaClusterName: "events",
        kafkaNamespace: "kafka",
        kafkaBrokerReplicas: 3,
        kafkaDefaultReplicationFactor: 3,
        kafkaMinInsyncReplicas: 2,
        kafkaTlsBootstrapServers: "events-kafka-bootstrap.kafka.svc:9093",
        kafkaClusterCaCertSecret: "events-cluster-ca-cert",
        teamNames: ["risk"],
        sharedTopics: { "risk.scores": ["payments.reporting"], "risk.alerts": ["fraud"] },
        tenants: { payments: { deployRoleArns: [DEPLOYER], namespace: "payments", group: "kafka-platform:team:payments", limits: { partitionsPerTopic: 1000 } } },
        ...extra,
    };
}

function runExample(outputs: Record<string, unknown> = platformOutputs(), stack = PLATFORM) {
    return runStack("payments-dev", { world: { stackOutputs: { [stack]: outputs } } });
}

/** The example stack's config with part of the team changed. */
function runWithTeam(change: Record<string, unknown>, outputs = platformOutputs()) {
    const file = readStackConfig("payments-dev");
    const teams = file.config.teams as { payments: Record<string, unknown> };
    return runProgram({
        stack: "payments-dev",
        config: { ...file.config, teams: { payments: { ...teams.payments, ...change } } },
        world: { stackOutputs: { [PLATFORM]: outputs } },
    });
}

function runWithApplications(applications: unknown[], outputs = platformOutputs()) {
    return runWithTeam({ applications }, outputs);
}

describe("tenant stack payments-dev under mocks", () => {
    it("creates only the team's topics and users, through a provider that signs in as the team role", async () => {
        const run = await runExample();
        assert.deepEqual(countByType(run), {
            "pulumi:pulumi:Stack": 1,
            "pulumi:pulumi:StackReference": 1,
            "kafka-platform:tenancy:TeamTenant": 1,
            "pulumi:providers:aws": 1,
            "pulumi:providers:kubernetes": 1,
            [TOPIC]: 3,
            [USER]: 3,
        });
        assert.equal(resource(run, "pulumi:pulumi:StackReference", "platform").inputs.name, PLATFORM);
        const provider = resource(run, "pulumi:providers:kubernetes", "platform-cluster");
        assert.deepEqual(provider.inputs, { kubeconfig: "[secret]", enableServerSideApply: "true" });
        // The AWS provider assumes the team role (and fails the preview when the deployer may not);
        // the kubeconfig waits for the caller identity it reports.
        assert.deepEqual(resource(run, "pulumi:providers:aws", "team-role").inputs, {
            assumeRoles: JSON.stringify([{ roleArn: DEPLOYER, sessionName: "kafka-team-payments" }]),
            region: "eu-west-1",
            skipCredentialsValidation: "false",
            skipRegionValidation: "true",
        });
        const stackReference = "urn:pulumi:payments-dev::kafka-platform::pulumi:pulumi:StackReference::platform";
        assert.deepEqual(provider.dependencies, [stackReference]);
        const tenant = resource(run, "kafka-platform:tenancy:TeamTenant", "payments");
        for (const r of [...ofType(run, TOPIC), ...ofType(run, USER)]) {
            assert.equal(r.parent, tenant.urn, r.name);
            assert.equal(r.provider?.split("::").slice(0, 4).join("::"), provider.urn, r.name);
            assert.deepEqual(r.dependencies, [stackReference], r.name);
            assert.equal(r.protect, false, `${r.name}: dev topics are not protected`);
        }
    });

    it("renders the topics with the platform's cluster name, namespace and default replication", async () => {
        const run = await runExample();
        assert.deepEqual(resource(run, TOPIC, "payments.orders").inputs, {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaTopic",
            metadata: {
                name: "payments.orders",
                namespace: "kafka",
                labels: { "strimzi.io/cluster": "events", "kafka-platform.io/team": "payments" },
                annotations: { "pulumi.com/waitFor": "condition=Ready" },
            },
            spec: { topicName: "payments.orders", partitions: 12, replicas: 3, config: { "retention.ms": 604800000, "compression.type": "zstd" } },
        });
        assert.deepEqual(ofType(run, TOPIC).map((t) => t.name).sort(), ["payments.ledger", "payments.orders", "payments.payment-events"]);
    });

    it("renders a user per application with its ACLs and quotas", async () => {
        const run = await runExample();
        const user = resource(run, USER, "payments.ledger-writer").inputs as { metadata: unknown; spec: { authorization: unknown; quotas: unknown } };
        assert.deepEqual(user.metadata, {
            name: "payments.ledger-writer",
            namespace: "kafka",
            labels: { "strimzi.io/cluster": "events", "kafka-platform.io/team": "payments", "kafka-platform.io/application": "ledger-writer" },
            annotations: { "pulumi.com/waitFor": "condition=Ready" },
        });
        assert.deepEqual(user.spec.quotas, { producerByteRate: 2097152, consumerByteRate: 10485760, requestPercentage: 25 });
        assert.deepEqual(ofType(run, USER).map((u) => u.name).sort(), ["payments.checkout", "payments.ledger-writer", "payments.reporting"]);
    });

    it("exports where each application's credentials are, and no secret", async () => {
        const run = await runExample();
        assert.deepEqual(run.outputs, {
            team: "payments",
            kafkaNamespace: "kafka",
            deployRoleArn: DEPLOYER,
            namespace: "payments",
            bootstrapServers: "events-kafka-bootstrap.kafka.svc:9093",
            clusterCaCertSecret: "events-cluster-ca-cert",
            topics: ["payments.orders", "payments.payment-events", "payments.ledger"],
            applications: {
                checkout: { kafkaUser: "payments.checkout", credentialsSecret: "payments.checkout", authentication: "tls", principal: "User:CN=payments.checkout" },
                "ledger-writer": { kafkaUser: "payments.ledger-writer", credentialsSecret: "payments.ledger-writer", authentication: "tls", principal: "User:CN=payments.ledger-writer" },
                reporting: { kafkaUser: "payments.reporting", credentialsSecret: "payments.reporting", authentication: "scram-sha-512", principal: "User:payments.reporting" },
            },
        });
    });

    it("reads another team's topic that the platform stack shares with the application", async () => {
        const run = await runWithApplications([{ name: "reporting", authentication: "scram-sha-512", consumes: [{ shared: "risk.scores" }] }]);
        const spec = resource(run, USER, "payments.reporting").inputs.spec as { authorization: unknown };
        assert.deepEqual(spec.authorization, {
            type: "simple",
            acls: [{ resource: { type: "topic", name: "risk.scores", patternType: "literal" }, type: "allow", host: "*", operations: ["Read", "Describe"] }],
        });
    });

    it("plans against the outputs of the dev platform stack planned from Pulumi.dev.yaml", async () => {
        const plan = await planStack("payments-dev", { evaluate: () => [] });
        const orders = plan.resources.find((r) => r.type === TOPIC && r.name === "payments.orders");
        assert.deepEqual(orders?.inputs.spec, {
            topicName: "payments.orders",
            partitions: 12,
            replicas: 2,
            config: { "retention.ms": 604800000, "compression.type": "zstd" },
        });
        assert.deepEqual((orders?.inputs.metadata as { namespace: string }).namespace, "kafka");
        assert.deepEqual(plan.resources.filter((r) => r.type.startsWith("aws:")), []);
    });

    it("protects the topics of a production tenant", async () => {
        const file = readStackConfig("payments-dev");
        const run = await runProgram({
            stack: "payments-prod",
            config: { ...file.config, environment: "prod", region: "eu-central-1", platformStack: "organization/kafka-platform/prod" },
            world: { stackOutputs: { "organization/kafka-platform/prod": platformOutputs({ environment: "prod", region: "eu-central-1" }) } },
        });
        assert.deepEqual(ofType(run, TOPIC).map((t) => [t.name, t.protect]).sort(), [
            ["payments.ledger", true],
            ["payments.orders", true],
            ["payments.payment-events", true],
        ]);
        assert.deepEqual(ofType(run, USER).map((u) => u.protect), [false, false, false]);
    });

    describe("stops before creating anything when the platform stack says", () => {
        const oneProblem = (line: string) => `invalid stack config (1 problem):\n  - ${line}`;

        it("it is another environment", async () => {
            assert.equal(
                await failureOf(runExample(platformOutputs({ environment: "staging" }))),
                oneProblem('kafka-platform:environment: must be the platform stack\'s environment (staging): a dev team stack cannot use the staging cluster (got "dev")'),
            );
        });

        it("it is in another region", async () => {
            assert.equal(
                await failureOf(runExample(platformOutputs({ region: "eu-central-1" }))),
                oneProblem(`kafka-platform:region: must be the platform stack's region (eu-central-1): set region in this stack's file to the region of ${PLATFORM} (got "eu-west-1")`),
            );
        });

        it("it manages the team too", async () => {
            assert.equal(
                await failureOf(runExample(platformOutputs({ teamNames: ["risk", "payments"] }))),
                oneProblem(`kafka-platform:teams: must not hold team payments: the platform stack ${PLATFORM} also has it in its teams section; manage a team in one place only (got ["payments"])`),
            );
        });

        it("the owner of a topic did not share it with the reader", async () => {
            const failure = await failureOf(runWithApplications([{ name: "reporting", authentication: "tls", consumes: [{ shared: "risk.alerts" }] }]));
            assert.equal(
                failure,
                oneProblem(
                    `kafka-platform:teams.payments.applications.0.consumes.0.shared: may not read risk.alerts: the platform stack ${PLATFORM} does not share it with payments or payments.reporting (the owning team lists readers in the topic's sharedWith) (got "risk.alerts")`,
                ),
            );
        });

        it("the topics do not fit the cluster's brokers and min.insync.replicas", async () => {
            const topics = [
                { name: "orders", partitions: 3, replicas: 3 },
                { name: "refunds", partitions: 3, config: { "min.insync.replicas": 2 } },
            ];
            const failure = await failureOf(
                runWithTeam({ topics, applications: [] }, platformOutputs({ kafkaBrokerReplicas: 2, kafkaDefaultReplicationFactor: 2, kafkaMinInsyncReplicas: 1 })),
            );
            assert.equal(
                failure,
                [
                    "invalid stack config (2 problems):",
                    "  - kafka-platform:teams.payments.topics.0.replicas: must be <= 2, the number of brokers (each replica of a partition needs a broker of its own) (got 3)",
                    "  - kafka-platform:teams.payments.topics.1.config.min.insync.replicas: must be < the topic's replicas (2, the cluster's default.replication.factor): otherwise one broker down stops every producer that uses acks=all (got 2)",
                ].join("\n"),
            );
        });

        it("it does not let the team deploy its own stack", async () => {
            assert.equal(
                await failureOf(runExample(platformOutputs({ tenants: {} }))),
                oneProblem(
                    `kafka-platform:teams: must hold a team the platform stack ${PLATFORM} lets deploy its own stack: ask the platform team to add tenants.payments with this stack's deploy roles to the platform stack's config (got ["payments"])`,
                ),
            );
        });

        it("the stack's deploy role is not one of the team's", async () => {
            const file = readStackConfig("payments-dev");
            const failure = await failureOf(
                runProgram({
                    stack: "payments-dev",
                    config: { ...file.config, deployRoleArn: "arn:aws:iam::111122223333:role/platform-admins" },
                    world: { stackOutputs: { [PLATFORM]: platformOutputs() } },
                }),
            );
            assert.equal(
                failure,
                oneProblem(
                    `kafka-platform:deployRoleArn: must be one of team payments's deploy roles in the platform stack ${PLATFORM} (tenants.payments.deployRoleArns: ${DEPLOYER}) (got "arn:aws:iam::111122223333:role/platform-admins")`,
                ),
            );
        });

        it("the team has several deploy roles and the stack names none", async () => {
            const ci = "arn:aws:iam::111122223333:role/payments-ci";
            const tenants = { payments: { deployRoleArns: [DEPLOYER, ci], namespace: "payments", group: "kafka-platform:team:payments", limits: { partitionsPerTopic: 1000 } } };
            assert.equal(
                await failureOf(runExample(platformOutputs({ tenants }))),
                oneProblem(
                    `kafka-platform:deployRoleArn: must be set: the platform stack ${PLATFORM} lists several deploy roles for team payments (${DEPLOYER}, ${ci}); name the one this stack assumes (got nothing)`,
                ),
            );
        });

        it("a topic or quota is over the team's limits", async () => {
            const tenants = {
                payments: { deployRoleArns: [DEPLOYER], namespace: "payments", group: "kafka-platform:team:payments", limits: { partitionsPerTopic: 6, producerByteRate: 1048576 } },
            };
            assert.equal(
                await failureOf(runExample(platformOutputs({ tenants }))),
                [
                    "invalid stack config (3 problems):",
                    "  - kafka-platform:teams.payments.topics.0.partitions: must be at most 6, team payments's partitionsPerTopic (the platform stack's tenants.payments.limits) (got 12)",
                    "  - kafka-platform:teams.payments.applications.0.quotas.producerByteRate: must be at most 1048576, team payments's producerByteRate limit (the platform stack's tenants.payments.limits); unset, it defaults to that limit (got 5242880)",
                    "  - kafka-platform:teams.payments.applications.1.quotas.producerByteRate: must be at most 1048576, team payments's producerByteRate limit (the platform stack's tenants.payments.limits); unset, it defaults to that limit (got 2097152)",
                ].join("\n"),
            );
        });

        it("it lists a team role the deployer may not assume (the AWS provider fails with STS's AccessDenied)", async () => {
            const run = runProgram({ stack: "payments-dev", config: readStackConfig("payments-dev").config, world: { stackOutputs: { [PLATFORM]: platformOutputs() }, unassumableRoles: [DEPLOYER] } });
            assert.match(await failureOf(run), new RegExp(`AssumeRole, api error AccessDenied: .* on resource: ${DEPLOYER}`));
        });

        it("an output the tenant needs is missing", async () => {
            const outputs = platformOutputs();
            delete outputs.kafkaNamespace;
            assert.equal(await failureOf(runExample(outputs)), `Required output 'kafkaNamespace' does not exist on stack '${PLATFORM}'.`);
        });

        it("a cluster fact is not a count", async () => {
            assert.equal(
                await failureOf(runExample(platformOutputs({ kafkaBrokerReplicas: "3" }))),
                'platform stack output kafkaBrokerReplicas must be a positive integer, got "3"',
            );
        });
    });
});
