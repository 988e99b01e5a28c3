import { strict as assert } from "assert";
import { ConfigError, parseStackConfig } from "../../components/config";

describe("a tenant stack's archive flag", () => {
    const tenant = (archive: unknown) => ({
        environment: "dev",
        region: "eu-west-1",
        platformStack: "organization/kafka-platform/dev",
        teams: { payments: { topics: [{ name: "orders", partitions: 3, archive }] } },
    });

    it("is refused, because only the platform stack's Kafka Connect archives topics", () => {
        assert.throws(() => parseStackConfig(tenant(true), "payments-dev"), (e: unknown) => {
            assert.ok(ConfigError.isConfigError(e));
            assert.deepEqual(e.message.split("\n").slice(1), [
                "  - kafka-platform:teams.payments.topics.0.archive: cannot be used in a tenant stack: the S3 archive's Kafka Connect is run by the platform stack, which only archives topics of the teams in its own teams section; manage this team there to archive its topics (got true)",
            ]);
            return true;
        });
    });

    it("may say false", () => {
        assert.equal(parseStackConfig(tenant(false), "payments-dev").mode, "tenant");
    });
});
