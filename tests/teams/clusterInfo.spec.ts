import { strict as assert } from "assert";
import * as pulumi from "@pulumi/pulumi";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { parseConfig } from "../../components/config";
import { KafkaClusterInfo } from "../../components/kafka/info";
import { tlsBootstrapAddress } from "../../components/kafka/kafkaCluster";
import { renderListeners } from "../../components/kafka/renderKafka";
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

    it("addresses the internal TLS listener the platform renders, whose port Strimzi's bootstrap Service carries", () => {
        const kafka = parseConfig(readStackConfig("dev").config, "dev").kafka;
        const tls = renderListeners(kafka).find((l) => l.name === "tls");
        // Strimzi 1.2.0 KafkaCluster.getServicePorts: <cluster>-kafka-bootstrap exposes the port of every internal listener.
        assert.deepEqual({ type: tls?.type, tls: tls?.tls }, { type: "internal", tls: true });
        assert.equal(tlsBootstrapAddress(kafka.name, kafka.namespace), `${kafka.name}-kafka-bootstrap.${kafka.namespace}.svc:${tls?.port}`);
    });
});
