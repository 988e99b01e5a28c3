import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ClusterConfig, NodeGroupConfig } from "../config";
import { deployerRoleArn, withoutCreatorAsAdmin } from "./creatorAccess";
import { ebsKeyPolicy, eksSecretsKeyPolicy, irsaTrustPolicy, kmsForEbsPolicy, logGroupKeyPolicy, serviceTrustPolicy } from "../shared/iam";
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
    /**
     * Cost tags for what AWS creates on the stack's behalf, out of the provider's default tags' reach:
     * the nodes, their root volumes and network interfaces, and the Kafka volumes.
     */
    tags: Record<string, string>;
}

export const EBS_CSI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "ebs-csi-controller-sa" } as const;
export const VPC_CNI_SERVICE_ACCOUNT = { namespace: "kube-system", name: "aws-node" } as const;
export const CLUSTER_ADMIN_POLICY = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";
/**
 * The nodes may join the cluster and pull images, nothing more: ENI management belongs to the VPC
 * CNI's own IRSA role, and AmazonEC2ContainerRegistryPullOnly (unlike ...ReadOnly) cannot list or
 * describe every repository of the account.
 */
const NODE_POLICIES = ["AmazonEKSWorkerNodePolicy", "AmazonEC2ContainerRegistryPullOnly"];

/** The log group EKS writes control-plane logs to (it creates one without retention or key if it is missing). */
export function controlPlaneLogGroupName(clusterName: string): string {
    return `/aws/eks/${clusterName}/cluster`;
}

/**
 * Metadata options of every node: IMDSv2 only, and a hop limit of 1, so the node role's credentials
 * are out of reach of pods (a pod's request crosses a second hop). The VPC CNI runs on the host
 * network and reaches IMDS; the EBS CSI node plugin falls back to Kubernetes metadata when IMDS does
 * not answer (kubernetes-sigs/aws-ebs-csi-driver pkg/cloud/metadata); everything else uses IRSA.
 */
export const NODE_METADATA_OPTIONS = { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } as const;

/** What every gp3 volume gets whatever its size, at no extra cost. */
export const GP3_BASELINE = { iops: 3000, throughputMiBps: 125 } as const;

/** The controllers' StorageClass, named after the brokers' one. */
export function controllerStorageClassName(brokerClass: string): string {
    return `${brokerClass}-baseline`;
}

/** The parameters of a gp3 StorageClass, as the EBS CSI driver reads them (kmsKeyId added where the cluster has an EBS key). */
export function gp3StorageClassParameters(sc: Pick<ClusterConfig["storageClass"], "iops" | "throughputMiBps">): Record<string, string> {
    return {
        type: "gp3",
        encrypted: "true",
        iops: String(sc.iops),
        throughput: String(sc.throughputMiBps),
        "csi.storage.k8s.io/fstype": "xfs",
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
    /** The baseline gp3 StorageClass of the KRaft controllers' volumes. */
    readonly controllerStorageClass: k8s.storage.v1.StorageClass;
    /** The node group operators and Kafka Connect run on; charts wait for it so their pods can start. */
    readonly systemNodes: aws.eks.NodeGroup;
    /** Server-side-apply Kubernetes provider for everything deployed onto the cluster. */
    readonly k8sProvider: k8s.Provider;

    constructor(name: string, args: EksClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:cluster:EksCluster", name, {}, opts);
        const c = args.cluster;
        const o = { parent: this, provider: args.provider };
        const partition = aws.getPartitionOutput({}, o).partition;

        const region = aws.getRegionOutput({}, o).region;
        const accountId = aws.getCallerIdentityOutput({}, o).accountId;

        const secretsKey = new aws.kms.Key(`${name}-secrets`, {
            description: `Envelope encryption of Kubernetes secrets in EKS cluster ${args.clusterName}`,
            enableKeyRotation: true,
            deletionWindowInDays: c.secretsEncryption.keyDeletionWindowDays,
            // Where volumes get the EBS key, the ones created before it existed were encrypted with this key and keep it.
            policy: pulumi
                .all([partition, region, accountId])
                .apply(([p, r, a]) => JSON.stringify(eksSecretsKeyPolicy(p, r, a, { ebsVolumes: c.storageClass.useClusterKmsKey }))),
        }, { ...o, protect: args.productionLike });
        new aws.kms.Alias(`${name}-secrets`, { name: `alias/${args.clusterName}-secrets`, targetKeyId: secretsKey.keyId }, o);
        const logGroupName = controlPlaneLogGroupName(args.clusterName);
        const logsKey = new aws.kms.Key(`${name}-logs`, {
            description: `Control-plane logs of EKS cluster ${args.clusterName}`,
            enableKeyRotation: true,
            deletionWindowInDays: c.secretsEncryption.keyDeletionWindowDays,
            policy: pulumi.all([partition, region, accountId]).apply(([p, r, a]) => JSON.stringify(logGroupKeyPolicy(p, r, a, logGroupName))),
        }, o);
        // Created before the cluster: EKS would otherwise create it, unencrypted and kept forever.
        const logGroup = new aws.cloudwatch.LogGroup(`${name}-control-plane`, {
            name: logGroupName,
            retentionInDays: c.logRetentionDays,
            kmsKeyId: logsKey.arn,
        }, o);

        const deployer = deployerRoleArn(o);
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
                        principalArn: withoutCreatorAsAdmin(c.adminRoleArns, deployer, arn),
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
            upgradePolicy: { supportType: c.upgradePolicy },
            // The add-ons below are this component's, pinned from config: pulumi-eks would resolve the
            // VPC CNI and kube-proxy to the most recent version on every `up`, and with no default
            // node group it creates no CoreDNS add-on at all (pulumi-eks 4.3.0 nodejs/eks/cluster/cluster.ts).
            useDefaultVpcCni: true,
            kubeProxyAddonOptions: { enabled: false },
            corednsAddonOptions: { enabled: false },
        }, { parent: this, providers: { aws: args.provider }, dependsOn: [logGroup] });

        const eksName = cluster.eksCluster.name;
        const irsaRole = (suffix: string, description: string, account: { namespace: string; name: string }) =>
            new aws.iam.Role(`${name}-${suffix}`, {
                description: `${description} of ${args.clusterName} (IRSA)`,
                assumeRolePolicy: pulumi
                    .all([cluster.oidcProviderArn, cluster.oidcIssuer])
                    .apply(([arn, issuer]) => JSON.stringify(irsaTrustPolicy(arn, issuer, account.namespace, account.name))),
            }, o);
        const addon = (addonName: string, version: string, extra: Partial<aws.eks.AddonArgs>, opts: pulumi.CustomResourceOptions) =>
            new aws.eks.Addon(`${name}-${addonName}`, {
                clusterName: eksName,
                addonName,
                addonVersion: version,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
                ...extra,
            }, { ...o, ...opts });

        const cniRole = irsaRole("vpc-cni", "VPC CNI", VPC_CNI_SERVICE_ACCOUNT);
        const cniPolicy = new aws.iam.RolePolicyAttachment(`${name}-vpc-cni`, {
            role: cniRole.name,
            policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/AmazonEKS_CNI_Policy`,
        }, o);
        // Networking stays when the add-on resource goes (preserve). The aliases adopt the add-ons
        // pulumi-eks created in stacks made before these were the component's own, in place.
        const vpcCni = addon("vpc-cni", c.addons.vpcCni, { serviceAccountRoleArn: cniRole.arn, preserve: true }, {
            dependsOn: [cniPolicy],
            aliases: [{ name: `${name}-eks-vpc-cni`, parent: pulumi.createUrn(`${name}-eks-vpc-cni`, "eks:index:VpcCniAddon", cluster) }],
        });
        const kubeProxy = addon("kube-proxy", c.addons.kubeProxy, { preserve: true }, { aliases: [{ name: `${name}-eks-kube-proxy`, parent: cluster }] });

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
                metadataOptions: { ...NODE_METADATA_OPTIONS },
                tagSpecifications: ["instance", "volume", "network-interface"].map((resourceType) => ({
                    resourceType,
                    tags: { ...args.tags, Name: `${args.clusterName}-${groupName}` },
                })),
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
            // Nodes join once the pinned CNI runs with its own role: the node role cannot manage ENIs.
            }, { ...o, dependsOn: [...nodePolicies, vpcCni, kubeProxy, ...after] });
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

        // Kafka volumes get a key of their own: the secrets key's blast radius stays the control plane.
        const ebsKey = c.storageClass.useClusterKmsKey
            ? new aws.kms.Key(`${name}-ebs`, {
                  description: `EBS volumes of EKS cluster ${args.clusterName}`,
                  enableKeyRotation: true,
                  deletionWindowInDays: c.secretsEncryption.keyDeletionWindowDays,
                  policy: pulumi.all([partition, region, accountId]).apply(([p, r, a]) => JSON.stringify(ebsKeyPolicy(p, r, a))),
              }, { ...o, protect: args.productionLike })
            : undefined;
        if (ebsKey) {
            new aws.kms.Alias(`${name}-ebs`, { name: `alias/${args.clusterName}-ebs`, targetKeyId: ebsKey.keyId }, o);
        }

        const ebsCsiRole = irsaRole("ebs-csi", "EBS CSI controller", EBS_CSI_SERVICE_ACCOUNT);
        const ebsCsiPolicies: pulumi.Resource[] = [
            new aws.iam.RolePolicyAttachment(`${name}-ebs-csi`, {
                role: ebsCsiRole.name,
                policyArn: pulumi.interpolate`arn:${partition}:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy`,
            }, o),
        ];
        if (ebsKey) {
            // The secrets key stays listed for the volumes created before the EBS key existed (their
            // key never changes; attaching them needs grants on it), through EC2 only like the new one.
            ebsCsiPolicies.push(
                new aws.iam.RolePolicy(`${name}-ebs-csi-kms`, {
                    role: ebsCsiRole.id,
                    policy: pulumi.all([ebsKey.arn, secretsKey.arn, region]).apply(([ebs, secrets, r]) => JSON.stringify(kmsForEbsPolicy([ebs, secrets], r))),
                }, o),
            );
        }
        const ebsCsi = addon("ebs-csi", c.addons.ebsCsiDriver, {
            addonName: "aws-ebs-csi-driver",
            serviceAccountRoleArn: ebsCsiRole.arn,
            // Tags every volume the driver creates (Kafka's), which the provider's default tags never reach.
            configurationValues: JSON.stringify({ controller: { extraVolumeTags: args.tags } }),
        }, {
            dependsOn: [systemNodes, ...ebsCsiPolicies],
        });
        // Its pods need a node: created once the system nodes exist (an add-on without them stays DEGRADED).
        addon("coredns", c.addons.coreDns, { preserve: true }, { dependsOn: [systemNodes] });

        this.k8sProvider = new k8s.Provider(`${name}-k8s`, {
            kubeconfig: pulumi.secret(cluster.kubeconfigJson),
            enableServerSideApply: true,
        }, { parent: this });

        const storageClass = (scName: string, parameters: Record<string, string>, isDefault: boolean) =>
            new k8s.storage.v1.StorageClass(`${name}-${scName}`, {
                metadata: {
                    name: scName,
                    ...(isDefault ? { annotations: { "storageclass.kubernetes.io/is-default-class": "true" } } : {}),
                },
                provisioner: "ebs.csi.aws.com",
                // The key's ARN as a value of its own, not an apply over the whole map: a first preview (the key not
                // created yet) then still shows `encrypted: "true"` to the storage-class rules.
                parameters: ebsKey ? { ...parameters, kmsKeyId: ebsKey.arn } : parameters,
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                // Kafka volumes outlive a deleted claim outside dev: a mistaken delete must not take the data with it.
                reclaimPolicy: args.productionLike ? "Retain" : "Delete",
            }, { parent: this, provider: this.k8sProvider, dependsOn: [ebsCsi] });
        this.storageClass = storageClass(c.storageClass.name, gp3StorageClassParameters(c.storageClass), true);
        // The KRaft metadata log is small and steady: controllers get gp3's baseline, not the brokers' provisioned IOPS.
        this.controllerStorageClass = storageClass(
            controllerStorageClassName(c.storageClass.name),
            gp3StorageClassParameters({ ...c.storageClass, iops: GP3_BASELINE.iops, throughputMiBps: GP3_BASELINE.throughputMiBps }),
            false,
        );

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
