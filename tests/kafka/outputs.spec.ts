import { strict as assert } from "assert";
import { runPatched, stackRuns } from "./support";

function kafkaOutputs(outputs: Record<string, unknown>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(outputs).filter(([k]) => k.startsWith("kafka")));
}

describe("Kafka stack outputs (read by team stacks)", () => {
    const runs = stackRuns(["dev", "prod"]);

    it("dev", () => {
        assert.deepEqual(kafkaOutputs(runs.dev.outputs), {
            kafkaClusterName: "events",
            kafkaNamespace: "kafka",
            kafkaBrokerReplicas: 3,
            kafkaDefaultReplicationFactor: 2,
            kafkaMinInsyncReplicas: 1,
            kafkaTlsBootstrapServers: "events-kafka-bootstrap.kafka.svc:9093",
            kafkaClusterCaCertSecret: "events-cluster-ca-cert",
        });
    });

    it("prod", () => {
        assert.deepEqual(kafkaOutputs(runs.prod.outputs), {
            kafkaClusterName: "events",
            kafkaNamespace: "kafka",
            kafkaBrokerReplicas: 3,
            kafkaDefaultReplicationFactor: 3,
            kafkaMinInsyncReplicas: 2,
            kafkaTlsBootstrapServers: "events-kafka-bootstrap.kafka.svc:9093",
            kafkaClusterCaCertSecret: "events-cluster-ca-cert",
        });
    });

    it("follow the cluster's name and namespace from config", async () => {
        const run = await runPatched("dev", { kafka: { name: "payments", namespace: "streaming" } });
        assert.equal(run.outputs.kafkaTlsBootstrapServers, "payments-kafka-bootstrap.streaming.svc:9093");
        assert.equal(run.outputs.kafkaClusterCaCertSecret, "payments-cluster-ca-cert");
        assert.equal(run.outputs.kafkaNamespace, "streaming");
    });
});
