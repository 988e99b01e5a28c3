import { StackResource } from "./policyArgs";

/**
 * Compliant resources, shaped as the program registers them (Strimzi `kafka.strimzi.io/v1` custom
 * resources with apiVersion/kind/metadata/spec, aws v7 inputs, the eks component's inputs), for the
 * policy specs to break one field at a time. Each call returns a fresh object.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Obj = Record<string, any>;

export const KAFKA = "kubernetes:kafka.strimzi.io/v1:Kafka";
export const KAFKA_NODE_POOL = "kubernetes:kafka.strimzi.io/v1:KafkaNodePool";
export const KAFKA_TOPIC = "kubernetes:kafka.strimzi.io/v1:KafkaTopic";
export const KAFKA_USER = "kubernetes:kafka.strimzi.io/v1:KafkaUser";
export const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
export const EKS_COMPONENT = "eks:index:Cluster";
export const EKS_CLUSTER = "aws:eks/cluster:Cluster";

export const ZONE = "topology.kubernetes.io/zone";
const KEY_ARN = "arn:aws:kms:eu-central-1:123456789012:key/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";

export function kafka(): Obj {
    return {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "Kafka",
        metadata: { name: "events", namespace: "kafka" },
        spec: {
            kafka: {
                version: "4.3.1",
                metadataVersion: "4.3-IV0",
                listeners: [
                    { name: "tls", port: 9093, type: "internal", tls: true, authentication: { type: "tls" } },
                    { name: "scram", port: 9094, type: "internal", tls: true, authentication: { type: "scram-sha-512" } },
                ],
                authorization: { type: "simple", superUsers: ["CN=platform-admin"] },
                rack: { topologyKey: ZONE },
                template: { podDisruptionBudget: { maxUnavailable: 0 } },
                config: {
                    "default.replication.factor": 3,
                    "min.insync.replicas": 2,
                    "offsets.topic.replication.factor": 3,
                    "transaction.state.log.replication.factor": 3,
                    "transaction.state.log.min.isr": 2,
                    "unclean.leader.election.enable": false,
                    "auto.create.topics.enable": false,
                },
            },
            entityOperator: { topicOperator: {}, userOperator: {} },
        },
    };
}

export function brokerPool(name = "broker"): Obj {
    return {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaNodePool",
        metadata: { name, namespace: "kafka", labels: { "strimzi.io/cluster": "events" } },
        spec: {
            replicas: 3,
            roles: ["broker"],
            storage: { type: "jbod", volumes: [{ id: 0, type: "persistent-claim", size: "500Gi", class: "gp3", deleteClaim: false }] },
            template: {
                pod: {
                    topologySpreadConstraints: [
                        { maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: "DoNotSchedule", labelSelector: { matchLabels: { "strimzi.io/pool-name": name } } },
                    ],
                },
            },
        },
    };
}

export function controllerPool(): Obj {
    return {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaNodePool",
        metadata: { name: "controller", namespace: "kafka", labels: { "strimzi.io/cluster": "events" } },
        spec: {
            replicas: 3,
            roles: ["controller"],
            storage: { type: "persistent-claim", size: "20Gi", class: "gp3", deleteClaim: false },
        },
    };
}

export function topic(name = "payments-orders", topicName = "payments.orders"): Obj {
    return {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaTopic",
        metadata: { name, namespace: "kafka", labels: { "strimzi.io/cluster": "events" } },
        spec: {
            topicName,
            partitions: 12,
            replicas: 3,
            config: { "min.insync.replicas": 2, "retention.bytes": 1073741824, "cleanup.policy": "delete" },
        },
    };
}

export function user(): Obj {
    return {
        apiVersion: "kafka.strimzi.io/v1",
        kind: "KafkaUser",
        metadata: { name: "payments-checkout", namespace: "kafka", labels: { "strimzi.io/cluster": "events", "kafka-platform.io/team": "payments" } },
        spec: {
            authentication: { type: "tls" },
            authorization: {
                type: "simple",
                acls: [
                    { resource: { type: "topic", name: "payments.", patternType: "prefix" }, operations: ["Read", "Describe", "Write"] },
                    { resource: { type: "group", name: "payments.", patternType: "prefix" }, operations: ["Read"] },
                    { resource: { type: "topic", name: "billing.invoices", patternType: "literal" }, operations: ["Read"] },
                    { resource: { type: "cluster" }, operations: ["IdempotentWrite"] },
                ],
            },
        },
    };
}

export function storageClass(name = "gp3"): Obj {
    return {
        apiVersion: "storage.k8s.io/v1",
        kind: "StorageClass",
        metadata: { name, annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", kmsKeyId: KEY_ARN, "csi.storage.k8s.io/fstype": "xfs" },
        reclaimPolicy: "Retain",
        volumeBindingMode: "WaitForFirstConsumer",
        allowVolumeExpansion: true,
    };
}

/** The inputs the program gives @pulumi/eks's Cluster in prod. */
export function eksComponent(): Obj {
    return {
        name: "kafka-platform-prod",
        version: "1.34",
        vpcId: "vpc-2183149924740027e",
        authenticationMode: "API",
        createOidcProvider: true,
        skipDefaultNodeGroup: true,
        endpointPrivateAccess: true,
        endpointPublicAccess: true,
        publicAccessCidrs: ["198.51.100.16/28"],
        enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        encryptionConfigKeyArn: KEY_ARN,
    };
}

/** An aws.eks.Cluster created directly (not through @pulumi/eks). */
export function awsEksCluster(): Obj {
    return {
        name: "kafka-platform-prod",
        roleArn: "arn:aws:iam::123456789012:role/eks-cluster",
        version: "1.34",
        vpcConfig: { subnetIds: ["subnet-1", "subnet-2", "subnet-3"], endpointPrivateAccess: true, endpointPublicAccess: false },
        enabledClusterLogTypes: ["api", "audit", "authenticator"],
        encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY_ARN } },
    };
}

export const BUCKET_NAME = "kafka-platform-prod-archive-3f9a1c";

export function tlsOnlyPolicy(bucket = BUCKET_NAME): string {
    return JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
        ],
    });
}

/** A bucket with every control, each side resource joined to it as aws v7 programs join them. */
export function archiveBucket(name = "archive", bucketType = "aws:s3/bucket:Bucket"): StackResource[] {
    const side = (type: string, suffix: string, props: Obj): StackResource => ({
        type,
        name: `${name}-${suffix}`,
        props: { bucket: BUCKET_NAME, ...props },
        dependsOn: [name],
        propertyDependencies: { bucket: [name] },
    });
    return [
        { type: bucketType, name, props: { bucket: BUCKET_NAME, forceDestroy: false } },
        side("aws:s3/bucketVersioning:BucketVersioning", "versioning", { versioningConfiguration: { status: "Enabled" } }),
        side("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "encryption", {
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN }, bucketKeyEnabled: true }],
        }),
        side("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "public-access", {
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }),
        side("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "ownership", { rule: { objectOwnership: "BucketOwnerEnforced" } }),
        side("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "lifecycle", {
            rules: [
                { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } },
                { id: "expire", status: "Enabled", filter: { prefix: "" }, expiration: { days: 365 } },
            ],
        }),
        side("aws:s3/bucketPolicy:BucketPolicy", "policy", { policy: tlsOnlyPolicy() }),
    ];
}

