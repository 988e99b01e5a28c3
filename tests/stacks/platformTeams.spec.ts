import { strict as assert } from "assert";
import { runProgram } from "../../automation/harness/run";
import { ofType, ProgramRun, RecordedResource, resource, runStack } from "../support/harness";
import { Env, platformRaw } from "../support/teams";

const TOPIC = "kubernetes:kafka.strimzi.io/v1:KafkaTopic";
const USER = "kubernetes:kafka.strimzi.io/v1:KafkaUser";

const TEAMS = {
    payments: {
        topics: [
            { name: "orders", partitions: 3, sharedWith: ["risk", "fraud.rules"] },
            { name: "refunds", partitions: 3 },
        ],
        applications: [{ name: "checkout", authentication: "tls", produces: [{ topic: "orders" }] }],
    },
    risk: { topics: [{ name: "scores", partitions: 3 }] },
    fraud: { applications: [{ name: "rules", authentication: "tls", consumes: [{ shared: "payments.orders" }] }] },
};

function runPlatform(env: Env) {
    return runProgram({ stack: env, config: platformRaw(TEAMS, env) });
}

/** The archive's own topics and users (Connect's user; in dev the demo pipeline's topic, user and dead-letter topic), which belong to no team. */
const ARCHIVE_PARENTS = ["kafka-platform:archive:KafkaConnect", "kafka-platform:archive:DemoPipeline"];
const ARCHIVE_RESOURCES: Record<Env, string[]> = {
    dev: ["KafkaTopic archive-connect-archive-jsonl-demo-dlq", "KafkaTopic archive-connect-archive-parquet-demo-dlq", "KafkaTopic archive-demo-topic", "KafkaUser archive-connect-user", "KafkaUser archive-demo-user"],
    staging: ["KafkaUser archive-connect-user"],
    prod: ["KafkaUser archive-connect-user"],
};

/** Splits the stack's KafkaTopics and KafkaUsers into the teams' and the archive's, failing on any other owner. */
function byOwner(run: ProgramRun, env: Env): { team: RecordedResource[]; archive: RecordedResource[] } {
    const all = [...ofType(run, TOPIC), ...ofType(run, USER)];
    const parentType = (r: RecordedResource) => run.resources.find((p) => p.urn === r.parent)?.type;
    const archive = all.filter((r) => ARCHIVE_PARENTS.includes(String(parentType(r))));
    const team = all.filter((r) => parentType(r) === "kafka-platform:tenancy:TeamTenant");
    // The platform's own: one KafkaUser per configured super-user, under the Kafka cluster.
    const platform = all.filter((r) => parentType(r) === "kafka-platform:kafka:KafkaCluster");
    assert.deepEqual(archive.map((r) => `${r.type.split(":").pop()} ${r.name}`).sort(), ARCHIVE_RESOURCES[env]);
    assert.deepEqual(platform.map((r) => r.name), ["kafka-super-user-platform-admin"]);
    assert.equal(team.length + archive.length + platform.length, all.length, "every KafkaTopic and KafkaUser belongs to a team, to the archive or to the platform");
    return { team, archive };
}

describe("teams in the platform stack", () => {
    it("get a TeamTenant each, on the platform's Kafka cluster, after the Kafka resource", async () => {
        const run = await runPlatform("dev");
        const kafka = resource(run, "kubernetes:kafka.strimzi.io/v1:Kafka", "kafka-kafka");
        const provider = resource(run, "pulumi:providers:kubernetes", "cluster-k8s");
        const tenants = ofType(run, "kafka-platform:tenancy:TeamTenant");
        assert.deepEqual(tenants.map((t) => t.name).sort(), ["fraud", "payments", "risk"]);
        for (const r of byOwner(run, "dev").team) {
            const team = (r.inputs.metadata as { labels: Record<string, string> }).labels["kafka-platform.io/team"];
            assert.equal(r.parent, tenants.find((t) => t.name === team)?.urn, r.name);
            assert.ok(r.dependencies.includes(kafka.urn), `${r.name} waits for the Kafka resource`);
            assert.equal(r.provider?.split("::").slice(0, 4).join("::"), provider.urn, r.name);
            assert.equal(r.protect, false, r.name);
        }
        const { team } = byOwner(run, "dev");
        assert.deepEqual(team.filter((r) => r.type === TOPIC).map((t) => t.name).sort(), ["payments.orders", "payments.refunds", "risk.scores"]);
        assert.deepEqual(team.filter((r) => r.type === USER).map((t) => t.name).sort(), ["fraud.rules", "payments.checkout"]);
    });

    it("get the dev cluster's namespace, name and default replication factor", async () => {
        const run = await runPlatform("dev");
        assert.deepEqual(resource(run, TOPIC, "risk.scores").inputs.spec, { topicName: "risk.scores", partitions: 3, replicas: 2 });
        assert.deepEqual(resource(run, TOPIC, "risk.scores").inputs.metadata, {
            name: "risk.scores",
            namespace: "kafka",
            labels: { "strimzi.io/cluster": "events", "kafka-platform.io/team": "risk" },
            annotations: { "pulumi.com/waitFor": "condition=Ready" },
        });
    });

    it("have their topics protected in prod", async () => {
        const run = await runPlatform("prod");
        const { team, archive } = byOwner(run, "prod");
        assert.deepEqual(team.filter((r) => r.type === TOPIC).map((t) => [t.name, t.protect]), [
            ["payments.orders", true],
            ["payments.refunds", true],
            ["risk.scores", true],
        ]);
        assert.deepEqual(team.filter((r) => r.type === USER).map((t) => [t.name, t.protect]), [
            ["payments.checkout", false],
            ["fraud.rules", false],
        ]);
        assert.deepEqual(archive.map((r) => [r.name, r.protect]), [["archive-connect-user", false]]);
    });

    it("are exported with what tenant stacks read", async () => {
        const run = await runPlatform("dev");
        assert.deepEqual(run.outputs.teamNames, ["payments", "risk", "fraud"]);
        assert.deepEqual(run.outputs.sharedTopics, { "payments.orders": ["risk", "fraud.rules"] });
        assert.deepEqual(run.outputs.teams, {
            payments: {
                topics: ["payments.orders", "payments.refunds"],
                applications: { checkout: { kafkaUser: "payments.checkout", credentialsSecret: "payments.checkout", authentication: "tls", principal: "User:CN=payments.checkout" } },
            },
            risk: { topics: ["risk.scores"], applications: {} },
            fraud: { topics: [], applications: { rules: { kafkaUser: "fraud.rules", credentialsSecret: "fraud.rules", authentication: "tls", principal: "User:CN=fraud.rules" } } },
        });
    });

    it("are absent from a platform stack without teams", async () => {
        const run = await runStack("dev");
        assert.deepEqual(ofType(run, "kafka-platform:tenancy:TeamTenant"), []);
        assert.deepEqual(run.outputs.teamNames, []);
        assert.deepEqual(run.outputs.sharedTopics, {});
        assert.deepEqual(run.outputs.teams, {});
    });
});
