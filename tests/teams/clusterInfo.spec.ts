import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { KafkaClusterInfo } from "../../components/kafka/info";
import { clusterInfoFromConfig } from "../../components/teams/teamTenant";

describe("the platform stack's view of its own Kafka cluster", () => {
    it("takes the name, namespace, bootstrap address and CA Secret from config, and keeps waiting for the Kafka resource", () => {
        const fromResource: KafkaClusterInfo = {
            name: pulumi.output("events"),
            namespace: pulumi.output("kafka"),
            brokerReplicas: 3,
            defaultReplicationFactor: 3,
            minInsyncReplicas: 2,
            tlsBootstrapServers: pulumi.output("events-kafka-bootstrap.kafka.svc:9093"),
            clusterCaCertSecret: pulumi.output("events-cluster-ca-cert"),
            readyResources: [],
        };
        const info = clusterInfoFromConfig(fromResource, { name: "events", namespace: "kafka" });
        // Strimzi's names: <cluster>-kafka-bootstrap on the TLS listener's port 9093, and <cluster>-cluster-ca-cert.
        assert.deepEqual(
            { name: info.name, namespace: info.namespace, tlsBootstrapServers: info.tlsBootstrapServers, clusterCaCertSecret: info.clusterCaCertSecret },
            { name: "events", namespace: "kafka", tlsBootstrapServers: "events-kafka-bootstrap.kafka.svc:9093", clusterCaCertSecret: "events-cluster-ca-cert" },
        );
        assert.equal(info.readyResources, fromResource.readyResources);
        assert.equal(info.brokerReplicas, 3);
    });
});
