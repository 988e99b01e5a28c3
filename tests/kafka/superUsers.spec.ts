import { strict as assert } from "assert";
import { resource } from "../support/harness";
import { KAFKA_TYPE, runPatched, stackRuns } from "./support";

const USER_TYPE = "kubernetes:kafka.strimzi.io/v1:KafkaUser";

describe("super-users", () => {
    const runs = stackRuns(["prod"]);

    it("are KafkaUsers the platform creates and protects, so no one else can take a super-user's name", () => {
        const user = resource(runs.prod, USER_TYPE, "kafka-super-user-platform-admin");
        assert.deepEqual(user.inputs, {
            apiVersion: "kafka.strimzi.io/v1",
            kind: "KafkaUser",
            metadata: { name: "platform-admin", namespace: "kafka", labels: { "strimzi.io/cluster": "events" } },
            spec: { authentication: { type: "tls" } },
        });
        assert.equal(user.protect, true);
        assert.ok(user.dependencies.includes(resource(runs.prod, KAFKA_TYPE, "kafka-kafka").urn));
    });

    it("take a SCRAM user for a principal without CN=", async () => {
        const run = await runPatched("dev", { kafka: { superUsers: ["CN=platform-admin", "ops-break-glass"] } });
        assert.deepEqual((resource(run, USER_TYPE, "kafka-super-user-ops-break-glass").inputs.spec as object), { authentication: { type: "scram-sha-512" } });
        assert.equal(resource(run, USER_TYPE, "kafka-super-user-ops-break-glass").protect, false);
    });
});
