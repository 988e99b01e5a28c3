import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArchiveConfig, Environment } from "../config";
import { isProductionLike } from "../config/environment";
import { ArchiveBucket } from "./bucket";
import { DemoPipeline } from "./demoPipeline";
import { ArchivedTopic, KafkaClusterInfo } from "../kafka/info";
import { KafkaConnectCluster } from "./kafkaConnect";
import { demoArchivedTopics } from "./demoManifests";
import { ConnectImageRepository } from "./imageRepository";
import { ArchiveRoles } from "./roles";
import { ConnectPushCredentials } from "./pushCredentials";

export interface ArchiveArgs {
    archive: ArchiveConfig;
    environment: Environment;
    region: string;
    /** `<project>-<stack>`. */
    namePrefix: string;
    awsProvider: aws.Provider;
    k8sProvider: k8s.Provider;
    oidcProviderArn: pulumi.Input<string>;
    oidcIssuer: pulumi.Input<string>;
    kafka: KafkaClusterInfo;
    /**
     * The Kafka namespace as a plain value (from config), for the IAM trust policies: taken from a
     * Namespace resource it would make the roles wait for the cluster. Checked against kafka.namespace.
     */
    kafkaNamespace: string;
    /** Team topics marked `archive`; the demo topic is added when the demo is on. */
    archivedTopics: ArchivedTopic[];
    kafkaVersion: string;
    operatorVersion: string;
}

export interface ArchiveOutputs {
    bucketName: pulumi.Output<string>;
    bucketArn: pulumi.Output<string>;
    /** The archive's KMS key; undefined with SSE-S3. Readers need kms:Decrypt on it. */
    kmsKeyArn?: pulumi.Output<string>;
    imageRepositoryUrl: pulumi.Output<string>;
    connectRoleArn: pulumi.Output<string>;
    buildRoleArn: pulumi.Output<string>;
    connectors: string[];
    demoTopic?: string;
}

/**
 * The S3 archive end to end. The bucket, its key and the image repository need only the AWS
 * provider; the IAM roles need the cluster's OIDC provider and nothing else of it; only the
 * Kubernetes objects wait for the cluster and the Kafka resources.
 */
export function buildArchive(name: string, args: ArchiveArgs): ArchiveOutputs {
    const a = args.archive;
    const bucket = new ArchiveBucket(`${name}-bucket`, {
        bucket: a.bucket,
        prefix: a.prefix,
        namePrefix: args.namePrefix,
        productionLike: isProductionLike(args.environment),
        provider: args.awsProvider,
    });
    const images = new ConnectImageRepository(`${name}-images`, {
        repository: a.connect.imageRepository,
        namePrefix: args.namePrefix,
        provider: args.awsProvider,
    });
    const roles = new ArchiveRoles(`${name}-roles`, {
        connectName: a.connect.name,
        namespace: args.kafkaNamespace,
        oidcProviderArn: args.oidcProviderArn,
        oidcIssuer: args.oidcIssuer,
        bucketArn: bucket.bucketArn,
        prefix: a.prefix,
        kmsKeyArn: bucket.kmsKeyArn,
        region: args.region,
        repositoryArn: images.repositoryArn,
        provider: args.awsProvider,
    });

    // In the Kafka namespace (taken from the cluster info, so it waits for the namespace to exist), like the build pod that mounts the Secret.
    const push = new ConnectPushCredentials(`${name}-push`, {
        connectName: a.connect.name,
        context: pulumi.all([args.kafka.namespace, images.repositoryUrl, roles.buildRoleArn]).apply(([namespace, repositoryUrl, roleArn]) => ({
            namespace,
            repositoryUrl,
            region: args.region,
            roleArn,
            topology: "zoned" as const,
        })),
        provider: args.k8sProvider,
    });

    const demo = a.demo.enabled
        ? new DemoPipeline(`${name}-demo`, { demo: a.demo, kafka: args.kafka, topology: "zoned", provider: args.k8sProvider })
        : undefined;
    const connect = new KafkaConnectCluster(`${name}-connect`, {
        connect: a.connect,
        prefix: a.prefix,
        kafka: args.kafka,
        archivedTopics: demo ? [...args.archivedTopics, ...demoArchivedTopics(a.demo)] : args.archivedTopics,
        target: {
            type: "aws",
            bucketName: bucket.bucketName,
            region: args.region,
            connectRoleArn: roles.connectRoleArn,
            imageRepositoryUrl: images.repositoryUrl,
            pushSecret: push.secretName,
            pushReady: push.ready,
            serviceAccountNamespace: args.kafkaNamespace,
        },
        topology: "zoned",
        kafkaVersion: args.kafkaVersion,
        operatorVersion: args.operatorVersion,
        protectTopics: isProductionLike(args.environment),
        provider: args.k8sProvider,
    });

    return {
        bucketName: bucket.bucketName,
        bucketArn: bucket.bucketArn,
        ...(bucket.kmsKeyArn ? { kmsKeyArn: bucket.kmsKeyArn } : {}),
        imageRepositoryUrl: images.repositoryUrl,
        connectRoleArn: roles.connectRoleArn,
        buildRoleArn: roles.buildRoleArn,
        connectors: connect.connectors.map((c) => c.name),
        ...(demo ? { demoTopic: demo.topicName } : {}),
    };
}
