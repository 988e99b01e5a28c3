/**
 * Which input changes make a provider replace a resource instead of updating it, for the resource
 * types this program creates. These are facts of the providers, not of this project; each table
 * names where it was read.
 */

/**
 * @pulumi/aws 7.48 is bridged from the Terraform AWS provider: the bridge replaces a resource when an
 * input whose Terraform schema says `ForceNew: true` changes (pulumi-terraform-bridge,
 * pkg/tfbridge: `isForceNew(tfs, ps)` reads `tfs.ForceNew()`); the Pulumi schema does not carry it.
 * Read in hashicorp/terraform-provider-aws (pulumi-aws 7.x bridges its v6), with the Terraform
 * attribute names in Pulumi's camelCase. node_group.go, vpc_subnet.go, key.go and addon.go were read
 * in 2026 v6 sources; bucket.go, vpc_.go, repository.go, vpc_nat_gateway.go and iam/role.go only in
 * older versions (the same attributes were ForceNew there), so re-check those when the provider
 * changes:
 * - internal/service/eks/node_group.go: ami_type, capacity_type, cluster_name, disk_size,
 *   instance_types, launch_template.id/.name, node_group_name(_prefix), node_role_arn,
 *   remote_access, subnet_ids (scaling_config, labels, taints, update_config, version update in place)
 * - internal/service/ec2/vpc_subnet.go: availability_zone(_id), cidr_block, ipv4_ipam_pool_id,
 *   ipv4_netmask_length, ipv6_ipam_pool_id, ipv6_native, ipv6_netmask_length, outpost_arn, vpc_id
 * - internal/service/s3/bucket.go: bucket, bucket_prefix
 * - internal/service/kms/key.go: custom_key_store_id, customer_master_key_spec, key_usage,
 *   multi_region, xks_key_id (description, policy, rotation and deletion window update in place)
 * - internal/service/ec2/vpc_.go: cidr_block, ipv4_ipam_pool_id, ipv4_netmask_length
 * - internal/service/eks/addon.go: addon_name, cluster_name (version, configuration and role update in place)
 * - internal/service/ecr/repository.go: name, encryption_configuration
 * - internal/service/ec2/vpc_nat_gateway.go: allocation_id, connectivity_type, private_ip,
 *   secondary_private_ip_address_count, subnet_id
 * - internal/service/iam/role.go: name, name_prefix, path (policies and trust update in place)
 */
const BUCKET = ["bucket", "bucketPrefix"];
export const AWS_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
    "aws:eks/nodeGroup:NodeGroup": [
        "amiType",
        "capacityType",
        "clusterName",
        "diskSize",
        "instanceTypes",
        "launchTemplate.id",
        "launchTemplate.name",
        "nodeGroupName",
        "nodeGroupNamePrefix",
        "nodeRoleArn",
        "remoteAccess",
        "subnetIds",
    ],
    "aws:ec2/subnet:Subnet": [
        "availabilityZone",
        "availabilityZoneId",
        "cidrBlock",
        "ipv4IpamPoolId",
        "ipv4NetmaskLength",
        "ipv6IpamPoolId",
        "ipv6Native",
        "ipv6NetmaskLength",
        "outpostArn",
        "vpcId",
    ],
    "aws:s3/bucket:Bucket": BUCKET,
    "aws:s3/bucketV2:BucketV2": BUCKET,
    "aws:kms/key:Key": ["customKeyStoreId", "customerMasterKeySpec", "keyUsage", "multiRegion", "xksKeyId"],
    "aws:ec2/vpc:Vpc": ["cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"],
    "aws:eks/addon:Addon": ["addonName", "clusterName"],
    "aws:ecr/repository:Repository": ["name", "encryptionConfigurations"],
    "aws:ec2/natGateway:NatGateway": ["allocationId", "connectivityType", "privateIp", "secondaryPrivateIpAddressCount", "subnetId"],
    "aws:iam/role:Role": ["name", "namePrefix", "path"],
};

/**
 * pulumi-kubernetes (provider/pkg/provider/diff.go, `forceNewProperties`, read at the commit after
 * v4.32.0; @pulumi/kubernetes 4.34.2 is pinned): `.metadata.name` and `.metadata.namespace` of every
 * object, plus these per group/version and kind. ConfigMap data and Secret data/type replace because
 * the provider's `enableConfigMapMutable` and `enableSecretMutable` default to false and this
 * program's providers leave them so.
 */
const SELECTOR = ["spec.selector"];
export const KUBERNETES_FORCE_NEW: Readonly<Record<string, readonly string[]>> = {
    "core/v1:ConfigMap": ["binaryData", "data"],
    "core/v1:Secret": ["type", "stringData", "data"],
    "core/v1:PersistentVolumeClaim": ["spec.accessModes", "spec.selector", "spec.storageClassName", "spec.volumeName"],
    "core/v1:Service": ["spec.clusterIP"],
    "storage.k8s.io/v1:StorageClass": ["parameters", "provisioner"],
    "batch/v1:Job": ["spec.completions", "spec.parallelism", "spec.selector", "spec.template"],
    "apps/v1:Deployment": SELECTOR,
    "apps/v1:DaemonSet": SELECTOR,
    "apps/v1:StatefulSet": ["spec.podManagementPolicy", "spec.revisionHistoryLimit", "spec.selector"],
    "rbac.authorization.k8s.io/v1:RoleBinding": ["roleRef"],
    "rbac.authorization.k8s.io/v1:ClusterRoleBinding": ["roleRef"],
};
export const KUBERNETES_IDENTITY = ["metadata.name", "metadata.namespace"];

/** Kubernetes types that are components (their children are the objects), not objects themselves. */
const KUBERNETES_COMPONENTS = /^kubernetes:(helm\.sh|yaml|kustomize)\//;

export function forceNewInputs(type: string): readonly string[] {
    if (type.startsWith("kubernetes:") && !KUBERNETES_COMPONENTS.test(type)) {
        return [...KUBERNETES_IDENTITY, ...(KUBERNETES_FORCE_NEW[type.slice("kubernetes:".length)] ?? [])];
    }
    return AWS_FORCE_NEW[type] ?? [];
}

/** Whether a change at `path` touches the input `forced` (the same input, inside it, or a whole object holding it). */
export function touches(path: string, forced: string): boolean {
    const within = (inner: string, outer: string) => inner === outer || inner.startsWith(`${outer}.`) || inner.startsWith(`${outer}[`);
    return within(path, forced) || within(forced, path);
}

/** The changed paths that force a replacement of a resource of `type`. */
export function replacementPaths(type: string, changedPaths: string[]): Set<string> {
    const forced = forceNewInputs(type);
    return new Set(changedPaths.filter((p) => forced.some((f) => touches(p, f))));
}
