import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterConfig, NodeGroupConfig } from "../config";
import { irsaTrustPolicy, kmsForEbsPolicy, serviceTrustPolicy } from "../shared/iam";
import {
    isArmInstanceType,
    KAFKA_NODE_LABELS,
    KAFKA_POOL,
    KAFKA_TAINT,
    SYSTEM_NODE_LABELS,
    SYSTEM_POOL,
} from "../shared/scheduling";

export interface EksClusterArgs {
    cluster: ClusterConfig;
    /** The EKS cluster name; it also appears in the subnets' discovery tags. */
    clusterName: string;
    /** Whether the cluster holds data that must survive a mistaken change (deletion protection, Retain volumes). */
    productionLike: boolean;
    vpcId: pulumi.Input<string>;
    privateSubnetIds: pulumi.Input<string>[];
    publicSubnetIds: pulumi.Input<string>[];
    provider: aws.Provider;
}

export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" } as const;
export const CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
const NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEKS_CNI_Policy", "AmazonEC2ContainerRegistryReadOnly"];

/** The parameters of the default StorageClass, as the EBS CSI driver reads them. */
export function gp3StorageClassParameters(sc: ClusterConfig["storageClass"], kmsKeyArn?: string): Record<string, string> {
    return {
        type: "gp3",
        encrypted: "true",
        iops: String(sc.iops),
        throughput: String(sc.throughputMiBps),
        "csi.storage.k8s.io/fstype": "xfs",
        ...(kmsKeyArn ? { kmsKeyId: kmsKeyArn } : {}),
    };
}

/** `admin-<account>-<role name>`: stable whatever the order of cluster.adminRoleArns. */
export function adminEntryName(roleArn: string): string {
    const [, , , , account, resource] = roleArn.split(":");
    return `admin-${account}-${resource.split("/").pop()}`;
}

export function amiTypeFor(g: NodeGroupConfig): string {
    return isArmInstanceType(g.instanceTypes[0]) ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}

/**
 * A hardened EKS cluster for Kafka: API authentication with access entries, IRSA, KMS envelope
 * encryption of secrets, private managed node groups (one Kafka group per zone so a broker and its
 * zonal EBS volumes stay together), the EBS CSI driver and an encrypted gp3 default StorageClass.
 */
export class EksCluster extends pulumi.ComponentResource {
    readonly clusterName: pulumi.Output<string>;
    readonly kubeconfig: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly oidcIssuer: pulumi.Output<string>;
    readonly storageClassName: pulumi.Output<string>;
    /** The gp3 StorageClass; what provisions volumes waits for it. */
    readonly storageClass: k8s.storage.v1.StorageClass;
    /** The node group operators and Kafka Connect run on; charts wait for it so their pods can start. */
    readonly systemNodes: aws.eks.NodeGroup;
    /** Server-side-apply Kubernetes provider for everything deployed onto the cluster. */
    readonly k8sProvider: k8s.Provider;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:cluster:EksCluster", name, {}, opts);
        const c = args.cluster;
        const o = { parent: this, provider: args.provider };
        const partition = aws.getPartitionOutput({}, o).partition;

        const secretsKey = new aws.kms.Key(`${name}-secrets`, {
            description: `Envelope encryption of Kubernetes secrets in EKS cluster ${args.clusterName}`,
            enableKeyRotation: true,
            deletionWindowInDays: c.secretsEncryption.keyDeletionWindowDays,
        }, { ...o, protect: args.productionLike });
        new aws.kms.Alias(`${name}-secrets`, { name: `alias/${args.clusterName}-secrets`, targetKeyId: secretsKey.keyId }, o);

        const cluster = new eks.Cluster(`${name}-eks`, {
            name: args.clusterName,
            version: c.version,
            vpcId: args.vpcId,
            privateSubnetIds: args.privateSubnetIds,
            publicSubnetIds: args.publicSubnetIds,
            nodeAssociatePublicIpAddress: false,
            authenticationMode: eks.AuthenticationMode.Api,
            accessEntries: Object.fromEntries(
                c.adminRoleArns.map((arn) => [
                    // Keyed by account and role, so removing one admin leaves every other entry in place.
                    adminEntryName(arn),
                    {
                        principalArn: arn,
                        accessPolicies: {
                            clusterAdmin: { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: "cluster" } },
                        },
                    },
                ]),
            ),
            createOidcProvider: true,
            skipDefaultNodeGroup: true,
            endpointPrivateAccess: c.endpoint.privateAccess,
            endpointPublicAccess: c.endpoint.publicAccess,
            ...(c.endpoint.publicAccess ? { publicAccessCidrs: c.endpoint.publicAccessCidrs } : {}),
            enabledClusterLogTypes: c.logTypes,
            encryptionConfigKeyArn: secretsKey.arn,
            deletionProtection: args.productionLike,
        }, { parent: this, providers: { aws: args.provider } });

        const nodeRole = new aws.iam.Role(`${name}-node`, {
            assumeRolePolicy: JSON.stringify(serviceTrustPolicy("ec2.amazonaws.com")),
            description: `EKS worker nodes of ${args.clusterName}`,
        }, o);
        const nodePolicies = NODE_POLICIES.map(
            (p) =>
                new aws.iam.RolePolicyAttachment(`${name}-node-${p}`, {
                    role: nodeRole.name,
                    policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/${p}`,
                }, o),
        );

        const eksName = cluster.eksCluster.name;
        const nodeGroup = (groupName: string, g: NodeGroupConfig, subnetIds: pulumi.Input<string>[], labels: Record<string, string>, tainted: boolean, after: pulumi.Resource[] = []) => {
            const template = new aws.ec2.LaunchTemplate(`${name}-${groupName}`, {
                description: `Nodes of ${args.clusterName} node group ${groupName}`,
                updateDefaultVersion: true,
                blockDeviceMappings: [
                    {
                        deviceName: "/dev/xvda",
                        ebs: { volumeSize: g.diskSizeGiB, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" },
                    },
                ],
                // IMDSv2 only; two hops so the VPC CNI and EBS CSI node pods can still read instance metadata.
                metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 2 },
                tagSpecifications: [{ resourceType: "instance", tags: { Name: `${args.clusterName}-${groupName}` } }],
            }, o);
            return new aws.eks.NodeGroup(`${name}-${groupName}`, {
                clusterName: eksName,
                nodeGroupNamePrefix: `${groupName}-`,
                version: c.version,
                nodeRoleArn: nodeRole.arn,
                subnetIds,
                amiType: amiTypeFor(g),
                capacityType: g.capacityType,
                instanceTypes: g.instanceTypes,
                scalingConfig: { minSize: g.minSize, desiredSize: g.desiredSize, maxSize: g.maxSize },
                updateConfig: { maxUnavailable: 1 },
                launchTemplate: { id: template.id, version: template.latestVersion.apply(String) },
                labels,
                taints: tainted ? [{ key: KAFKA_TAINT.key, value: KAFKA_TAINT.value, effect: "NO_SCHEDULE" }] : [],
            }, { ...o, dependsOn: [...nodePolicies, ...after] });
        };

        const systemNodes = nodeGroup(SYSTEM_POOL, c.nodeGroups.system, args.privateSubnetIds, SYSTEM_NODE_LABELS, false);
        this.systemNodes = systemNodes;
        // One zone at a time: each Kafka node group waits for the previous zone's, so a version or
        // launch template change rolls the zones in turn (Pulumi updates a resource only after what it
        // depends on). In parallel, the Kafka PDB would hold two zones' drains while the third rolls,
        // and EKS fails those updates with PodEvictionFailure after 15 minutes, every zone disturbed.
        let previousZone: aws.eks.NodeGroup[] = [];
        for (const [i, subnetId] of args.privateSubnetIds.entries()) {
            previousZone = [nodeGroup(`${KAFKA_POOL}-${i}`, c.nodeGroups.kafka, [subnetId], KAFKA_NODE_LABELS, true, previousZone)];
        }

        const ebsCsiRole = new aws.iam.Role(`${name}-ebs-csi`, {
            description: `EBS CSI controller of ${args.clusterName} (IRSA)`,
            assumeRolePolicy: pulumi
                .all([cluster.oidcProviderArn, cluster.oidcIssuer])
                .apply(([arn, issuer]) => JSON.stringify(irsaTrustPolicy(arn, issuer, EBS_CSI_SERVICE_ACCOUNT.namespace, EBS_CSI_SERVICE_ACCOUNT.name))),
        }, o);
        const ebsCsiPolicies: pulumi.Resource[] = [
            new aws.iam.RolePolicyAttachment(`${name}-ebs-csi`, {
                role: ebsCsiRole.name,
                policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`,
            }, o),
        ];
        if (c.storageClass.useClusterKmsKey) {
            ebsCsiPolicies.push(
                new aws.iam.RolePolicy(`${name}-ebs-csi-kms`, {
                    role: ebsCsiRole.id,
                    policy: secretsKey.arn.apply((arn) => JSON.stringify(kmsForEbsPolicy(arn))),
                }, o),
            );
        }
        const ebsCsi = new aws.eks.Addon(`${name}-ebs-csi`, {
            clusterName: eksName,
            addonName: "aws-ebs-csi-driver",
            serviceAccountRoleArn: ebsCsiRole.arn,
            resolveConflictsOnCreate: "OVERWRITE",
            resolveConflictsOnUpdate: "PRESERVE",
        }, { ...o, dependsOn: [systemNodes, ...ebsCsiPolicies] });

        this.k8sProvider = new k8s.Provider(`${name}-k8s`, {
            kubeconfig: pulumi.secret(cluster.kubeconfigJson),
            enableServerSideApply: true,
        }, { parent: this });

        this.storageClass = new k8s.storage.v1.StorageClass(`${name}-${c.storageClass.name}`, {
            metadata: {
                name: c.storageClass.name,
                annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
            },
            provisioner: "ebs.csi.aws.com",
            parameters: c.storageClass.useClusterKmsKey
                ? secretsKey.arn.apply((arn) => gp3StorageClassParameters(c.storageClass, arn))
                : gp3StorageClassParameters(c.storageClass),
            volumeBindingMode: "WaitForFirstConsumer",
            allowVolumeExpansion: true,
            // Kafka volumes outlive a deleted claim outside dev: a mistaken delete must not take the data with it.
            reclaimPolicy: args.productionLike ? "Retain" : "Delete",
        }, { parent: this, provider: this.k8sProvider, dependsOn: [ebsCsi] });

        this.clusterName = eksName;
        this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
        this.oidcProviderArn = cluster.oidcProviderArn;
        this.oidcIssuer = cluster.oidcIssuer;
        this.storageClassName = this.storageClass.metadata.name;
        this.registerOutputs({
            clusterName: this.clusterName,
            kubeconfig: this.kubeconfig,
            oidcProviderArn: this.oidcProviderArn,
            oidcIssuer: this.oidcIssuer,
            storageClassName: this.storageClassName,
        });
    }
}
