import * as pulumi from "@pulumi/pulumi";

/**
 * What components built on the Kafka cluster (team tenants, Kafka Connect, the demo producer) need
 * to know about it. The platform stack fills it from the KafkaCluster component; a team's own stack
 * fills it from the platform stack's outputs through a StackReference.
 */
export interface KafkaClusterInfo {
    /** metadata.name of the Kafka resource; KafkaTopic/KafkaUser/KafkaNodePool label `strimzi.io/cluster` with it. */
    name: pulumi.Input<string>;
    /** Namespace of the Kafka resource and of every custom resource that belongs to it. */
    namespace: pulumi.Input<string>;
    /** Brokers in the broker node pool. */
    brokerReplicas: pulumi.Input<number>;
    /** `default.replication.factor` of the cluster; topics that do not set replicas get it. */
    defaultReplicationFactor: pulumi.Input<number>;
    /** `min.insync.replicas` of the cluster. */
    minInsyncReplicas: pulumi.Input<number>;
    /** Bootstrap address of the internal mutual-TLS listener, e.g. `events-kafka-bootstrap.kafka.svc:9093`. */
    tlsBootstrapServers: pulumi.Input<string>;
    /** Secret holding the cluster CA certificate (`<name>-cluster-ca-cert`), for clients of the TLS listeners. */
    clusterCaCertSecret: pulumi.Input<string>;
    /** Resources the Kafka custom resources must wait for (the Kafka resource itself, hence the operator and its CRDs). */
    readyResources: pulumi.Input<pulumi.Resource>[];
}

/** One topic a team marked `archive`, as the S3 sink needs it. */
export interface ArchivedTopic {
    team: string;
    /** The Kafka topic name, `<team>.<topic>`. */
    topicName: string;
    /** Output format of the objects written to S3. */
    format: "jsonl" | "parquet";
    /** How producers write the values: plain JSON, or Kafka Connect's JSON envelope that carries a schema. */
    recordFormat: "json" | "json-with-schema";
}
