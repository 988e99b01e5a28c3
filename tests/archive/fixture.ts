import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { runProgram } from "../../automation/harness/run";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { buildArchive } from "../../components/archive";
import { Config, parseConfig } from "../../components/config";
import { EksCluster } from "../../components/cluster/eksCluster";
import { ArchivedTopic, KafkaClusterInfo } from "../../components/kafka/info";
import { Network } from "../../components/network/network";
import { ProgramRun, RecordedResource, resource } from "../support/harness";

/** Stand-ins for what the Kafka cluster (issue 3) hands the archive; the values a real cluster would have. */
export const KAFKA = {
    name: "events",
    namespace: "kafka",
    tlsBootstrapServers: "events-kafka-bootstrap.kafka.svc:9093",
    clusterCaCertSecret: "events-cluster-ca-cert",
    defaultReplicationFactor: 3,
    minInsyncReplicas: 2,
} as const;

/** An example of the archived topics team tenancy (issue 4) produces. */
export const TEAM_TOPICS: ArchivedTopic[] = [
    { team: "payments", topicName: "payments.transactions", format: "jsonl", recordFormat: "json" },
    { team: "payments", topicName: "payments.refunds", format: "jsonl", recordFormat: "json" },
    { team: "payments", topicName: "payments.ledger", format: "parquet", recordFormat: "json-with-schema" },
    { team: "search", topicName: "search.queries", format: "jsonl", recordFormat: "json" },
];

export const MOCK_OIDC = {
    arn: "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
    issuer: "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE",
};

export interface ArchiveRun extends ProgramRun {
    config: Config;
}

export interface ArchiveRunOptions {
    stack?: "dev" | "staging" | "prod";
    /** The `archive` section as a stack file would write it. */
    archive?: Record<string, unknown>;
    topics?: ArchivedTopic[];
    /** Build the real network and EKS cluster (for dependency checks) instead of fixed OIDC values. */
    withCluster?: boolean;
    kafkaNamespace?: string;
}

/**
 * Runs the archive as platform.ts will: config from the shipped stack file plus `archive`
 * overrides, the providers, and a Kafka resource registered on the cluster's provider standing in
 * for the KafkaCluster component.
 */
export async function runArchive(options: ArchiveRunOptions = {}): Promise<ArchiveRun> {
    const stack = options.stack ?? "dev";
    const file = readStackConfig(stack);
    const raw = { ...file.config, ...(options.archive ? { archive: options.archive } : {}) };
    let config: Config | undefined;
    const run = await runProgram({
        stack,
        config: raw,
        program: () => {
            config = parseConfig(raw, stack);
            const namePrefix = `${config.project}-${stack}`;
            const awsProvider = new aws.Provider("aws", { region: config.region as aws.Region, defaultTags: { tags: config.tags } });
            let k8sProvider: k8s.Provider;
            let oidcProviderArn: pulumi.Input<string> = MOCK_OIDC.arn;
            let oidcIssuer: pulumi.Input<string> = MOCK_OIDC.issuer;
            if (options.withCluster) {
                const network = new Network("network", { network: config.network, namePrefix, clusterName: namePrefix, provider: awsProvider, flowLogRetentionDays: config.cluster.logRetentionDays, keyDeletionWindowDays: config.cluster.secretsEncryption.keyDeletionWindowDays });
                const cluster = new EksCluster("cluster", {
                    cluster: config.cluster,
                    clusterName: namePrefix,
                    productionLike: stack !== "dev",
                    vpcId: network.vpcId,
                    privateSubnetIds: network.privateSubnetIds,
                    publicSubnetIds: network.publicSubnetIds,
                    provider: awsProvider,
                    tags: config.tags,
                });
                k8sProvider = cluster.k8sProvider;
                oidcProviderArn = cluster.oidcProviderArn;
                oidcIssuer = cluster.oidcIssuer;
            } else {
                k8sProvider = new k8s.Provider("k8s", { kubeconfig: "{}", enableServerSideApply: true });
            }
            const kafka = new k8s.apiextensions.CustomResource("kafka", {
                apiVersion: "kafka.strimzi.io/v1",
                kind: "Kafka",
                metadata: { name: KAFKA.name, namespace: KAFKA.namespace },
            }, { provider: k8sProvider });
            const info: KafkaClusterInfo = { ...KAFKA, brokerReplicas: 3, readyResources: [kafka] };
            const out = buildArchive("archive", {
                archive: config.archive,
                environment: config.environment,
                region: config.region,
                namePrefix,
                awsProvider,
                k8sProvider,
                oidcProviderArn,
                oidcIssuer,
                kafka: info,
                kafkaNamespace: options.kafkaNamespace ?? KAFKA.namespace,
                archivedTopics: options.topics ?? TEAM_TOPICS,
                kafkaVersion: "4.3.1",
                operatorVersion: "1.2.0",
            });
            return { ...out };
        },
    });
    return { ...run, config: config as Config };
}

export function manifest(r: RecordedResource): { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: Record<string, unknown> } {
    return r.inputs as ReturnType<typeof manifest>;
}

export const STRIMZI = (kind: string) => `kubernetes:kafka.strimzi.io/v1:${kind}`;

/** The KMS key ARN the bucket's default encryption names. */
export function bucketKeyArn(run: ProgramRun): string {
    const sse = resource(run, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "archive-bucket");
    const [rule] = sse.inputs.rules as { applyServerSideEncryptionByDefault: { kmsMasterKeyId?: string } }[];
    const arn = rule.applyServerSideEncryptionByDefault.kmsMasterKeyId;
    if (!arn) {
        throw new Error("the bucket is not encrypted with a KMS key");
    }
    return arn;
}
