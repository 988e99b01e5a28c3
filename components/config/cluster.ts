import { z } from "zod";
import { iamRoleArn, instanceType, ipv4Cidr, nonNegativeInt, positiveInt } from "./primitives";
import { AwsEnvironment, Environment, Report } from "./environment";

/**
 * EKS versions in standard support that the platform is tested with. Extend it when EKS adds a
 * version and the Strimzi release in use supports it, and the policy pack's list with it (a test
 * keeps the two equal).
 */
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.32", "1.33", "1.34", "1.35"] as const;

/**
 * Strimzi Drain Cleaner chart versions the platform is tested with (the chart version is the
 * release: strimzi/drain-cleaner tag 1.6.0, helm-charts/helm3/strimzi-drain-cleaner/Chart.yaml).
 */
export const DRAIN_CLEANER_VERSIONS = ["1.6.0"] as const;

const addonVersion = z
    .string()
    .regex(/^v\d+\.\d+\.\d+(-[a-z]+)?-eksbuild\.\d+$/, {
        error: "must be an EKS add-on version such as v1.20.4-eksbuild.2 (aws eks describe-addon-versions --addon-name <name> --kubernetes-version <cluster.version>)",
    });

const addonsSchema = z.strictObject({
    vpcCni: addonVersion,
    kubeProxy: addonVersion,
    coreDns: addonVersion,
    ebsCsiDriver: addonVersion,
});
export type AddonVersions = z.infer<typeof addonsSchema>;

/**
 * The EKS add-on versions each Kubernetes version gets unless the stack sets cluster.addons: never
 * "most recent", so an `up` only changes an add-on when this table or the stack says so
 * (docs/operations.md, "Upgrade the EKS add-ons"). Sources:
 * - 1.32: the tables of the Amazon EKS User Guide (awsdocs/amazon-eks-user-guide,
 *   latest/ug/networking/managing-vpc-cni.adoc, managing-kube-proxy.adoc, managing-coredns.adoc).
 * - 1.34: the V1_34 entries of AWS's cdk-eks-blueprints (awslabs/cdk-eks-blueprints, July 2026,
 *   lib/addons/{vpc-cni,kube-proxy,coredns}/index.ts); the user guide's tables stop at 1.32.
 * - aws-ebs-csi-driver: not tied to a Kubernetes minor. The driver's v1.55.0 release exists
 *   (kubernetes-sigs/aws-ebs-csi-driver CHANGELOG); the -eksbuild.2 build only as public EKS 1.34
 *   and 1.35 configurations pin it, so confirm with `aws eks describe-addon-versions` first.
 * Versions without an entry (1.33, 1.35) need cluster.addons set in the stack.
 */
export const ADDON_VERSIONS: Partial<Record<(typeof SUPPORTED_KUBERNETES_VERSIONS)[number], AddonVersions>> = {
    "1.32": { vpcCni: "v1.19.2-eksbuild.5", kubeProxy: "v1.32.3-eksbuild.7", coreDns: "v1.11.4-eksbuild.2", ebsCsiDriver: "v1.55.0-eksbuild.2" },
    "1.34": { vpcCni: "v1.20.4-eksbuild.2", kubeProxy: "v1.34.0-eksbuild.2", coreDns: "v1.12.3-eksbuild.1", ebsCsiDriver: "v1.55.0-eksbuild.2" },
};

export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy), up to ten years. */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Log types a production control plane must keep: who did what, and who authenticated. */
export const REQUIRED_PROD_LOG_TYPES = ["api", "audit", "authenticator"] as const;

const sizes = {
    instanceTypes: z.array(instanceType).min(1).max(20),
    minSize: nonNegativeInt,
    desiredSize: nonNegativeInt,
    maxSize: positiveInt,
    diskSizeGiB: z.int().min(20).max(16384),
    capacityType: z.enum(["ON_DEMAND", "SPOT"]),
};

const nodeGroupSchema = z.strictObject(sizes);
export type NodeGroupConfig = z.infer<typeof nodeGroupSchema>;

export const clusterSchema = z.strictObject({
    version: z.enum(SUPPORTED_KUBERNETES_VERSIONS),
    /** EKS add-on versions; defaults to ADDON_VERSIONS[version], required for a version without an entry there. */
    addons: addonsSchema.optional(),
    /**
     * What EKS does when the version leaves standard support: STANDARD upgrades the control plane,
     * EXTENDED keeps it and bills extended support (pulumi-eks 4.3.0 defaults to EXTENDED).
     */
    upgradePolicy: z.enum(["STANDARD", "EXTENDED"]),
    endpoint: z.strictObject({
        privateAccess: z.boolean(),
        publicAccess: z.boolean(),
        publicAccessCidrs: z.array(ipv4Cidr).max(40),
    }),
    logTypes: z.array(z.enum(CONTROL_PLANE_LOG_TYPES)),
    /** Days CloudWatch keeps the control-plane logs (a value CloudWatch Logs accepts). */
    logRetentionDays: z.int().refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
        error: `must be one of the retention periods CloudWatch Logs accepts: ${LOG_RETENTION_DAYS.join(", ")}`,
    }),
    secretsEncryption: z.strictObject({
        /** Days KMS waits before deleting the key after the stack drops it. */
        keyDeletionWindowDays: z.int().min(7).max(30),
    }),
    adminRoleArns: z.array(iamRoleArn),
    nodeGroups: z.strictObject({
        /** Operators, Kafka Connect and cluster add-ons. */
        system: nodeGroupSchema,
        /** Kafka brokers and controllers; the sizes are per availability zone (one node group per zone). */
        kafka: nodeGroupSchema,
    }),
    drainCleaner: z.strictObject({
        /** Version of the strimzi-drain-cleaner chart, which is the Drain Cleaner release. */
        chartVersion: z.enum(DRAIN_CLEANER_VERSIONS),
    }),
    storageClass: z.strictObject({
        name: z.string().regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, { error: "must be a DNS-1123 subdomain such as gp3" }),
        iops: z.int().min(3000).max(80000),
        throughputMiBps: z.int().min(125).max(2000),
        /** Encrypt volumes with the cluster's KMS key instead of the account's default EBS key. */
        useClusterKmsKey: z.boolean(),
    }),
});

export type ClusterInput = z.infer<typeof clusterSchema>;
/** The cluster section once checked: checkCluster refuses a stack whose add-on versions are not known. */
export type ClusterConfig = ClusterInput & { addons: AddonVersions };

const SYSTEM_DEFAULT = { diskSizeGiB: 50, capacityType: "ON_DEMAND" } as const;

export const CLUSTER_DEFAULTS: Record<AwsEnvironment, Omit<ClusterConfig, "addons">> = {
    dev: {
        version: "1.34",
        upgradePolicy: "STANDARD",
        endpoint: { privateAccess: true, publicAccess: true, publicAccessCidrs: [] },
        logTypes: ["api", "audit", "authenticator"],
        logRetentionDays: 30,
        secretsEncryption: { keyDeletionWindowDays: 7 },
        adminRoleArns: [],
        nodeGroups: {
            system: { ...SYSTEM_DEFAULT, instanceTypes: ["t3.large"], minSize: 2, desiredSize: 2, maxSize: 3 },
            kafka: { instanceTypes: ["r6i.large"], minSize: 1, desiredSize: 1, maxSize: 2, diskSizeGiB: 50, capacityType: "ON_DEMAND" },
        },
        drainCleaner: { chartVersion: "1.6.0" },
        storageClass: { name: "gp3", iops: 3000, throughputMiBps: 125, useClusterKmsKey: false },
    },
    staging: {
        version: "1.34",
        upgradePolicy: "STANDARD",
        endpoint: { privateAccess: true, publicAccess: true, publicAccessCidrs: [] },
        logTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        logRetentionDays: 90,
        secretsEncryption: { keyDeletionWindowDays: 30 },
        adminRoleArns: [],
        nodeGroups: {
            system: { ...SYSTEM_DEFAULT, instanceTypes: ["m6i.large"], minSize: 2, desiredSize: 3, maxSize: 4 },
            kafka: { instanceTypes: ["r6i.xlarge"], minSize: 1, desiredSize: 1, maxSize: 2, diskSizeGiB: 80, capacityType: "ON_DEMAND" },
        },
        drainCleaner: { chartVersion: "1.6.0" },
        storageClass: { name: "gp3", iops: 3000, throughputMiBps: 250, useClusterKmsKey: true },
    },
    prod: {
        version: "1.34",
        upgradePolicy: "STANDARD",
        endpoint: { privateAccess: true, publicAccess: false, publicAccessCidrs: [] },
        logTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
        logRetentionDays: 365,
        secretsEncryption: { keyDeletionWindowDays: 30 },
        adminRoleArns: [],
        nodeGroups: {
            system: { ...SYSTEM_DEFAULT, instanceTypes: ["m6i.xlarge"], minSize: 3, desiredSize: 3, maxSize: 6 },
            kafka: { instanceTypes: ["r6i.2xlarge"], minSize: 1, desiredSize: 1, maxSize: 2, diskSizeGiB: 100, capacityType: "ON_DEMAND" },
        },
        drainCleaner: { chartVersion: "1.6.0" },
        storageClass: { name: "gp3", iops: 6000, throughputMiBps: 500, useClusterKmsKey: true },
    },
};

/**
 * The cluster's profile defaults, with the add-on versions of the Kubernetes version the stack asks
 * for (a stack that moves to another version gets that version's add-ons, not the profile's).
 */
export function clusterDefaults(env: AwsEnvironment, raw: unknown): Record<string, unknown> {
    const asked = typeof raw === "object" && raw !== null ? (raw as { version?: unknown }).version : undefined;
    const version = typeof asked === "string" ? asked : CLUSTER_DEFAULTS[env].version;
    const addons = (ADDON_VERSIONS as Record<string, AddonVersions | undefined>)[version];
    return { ...CLUSTER_DEFAULTS[env], ...(addons ? { addons } : {}) };
}

const OPEN_TO_WORLD = "0.0.0.0/0";

function checkSizes(g: NodeGroupConfig, name: string, report: Report): void {
    const at = (k: string) => ["cluster", "nodeGroups", name, k];
    if (g.minSize > g.desiredSize) {
        report(at("minSize"), `must be <= cluster.nodeGroups.${name}.desiredSize (${g.desiredSize})`);
    }
    if (g.desiredSize > g.maxSize) {
        report(at("desiredSize"), `must be <= cluster.nodeGroups.${name}.maxSize (${g.maxSize})`);
    }
}

export function checkCluster(c: ClusterInput, env: Environment, report: Report): void {
    if (c.addons === undefined) {
        const pinned = Object.keys(ADDON_VERSIONS).join(", ");
        report(
            ["cluster", "addons"],
            `must be set for Kubernetes ${c.version}: the platform pins EKS add-on versions only for ${pinned}; set vpcCni, kubeProxy, coreDns and ebsCsiDriver to versions that \`aws eks describe-addon-versions --kubernetes-version ${c.version}\` lists`,
        );
    }
    checkSizes(c.nodeGroups.system, "system", report);
    checkSizes(c.nodeGroups.kafka, "kafka", report);
    if (c.storageClass.throughputMiBps * 4 > c.storageClass.iops) {
        report(["cluster", "storageClass", "throughputMiBps"], `must be at most iops / 4 (gp3 allows 0.25 MiB/s per provisioned IOPS; iops is ${c.storageClass.iops})`);
    }
    if (!c.endpoint.privateAccess && !c.endpoint.publicAccess) {
        report(["cluster", "endpoint"], "must enable privateAccess, publicAccess or both: the nodes and kubectl need an endpoint");
    }
    if (c.endpoint.publicAccess && c.endpoint.publicAccessCidrs.length === 0) {
        report(["cluster", "endpoint", "publicAccessCidrs"], "must list the CIDRs allowed to reach the public API endpoint (an office or VPN range) when publicAccess is true; an empty list would open it to 0.0.0.0/0");
    }
    if (!c.endpoint.publicAccess && c.endpoint.publicAccessCidrs.length > 0) {
        report(["cluster", "endpoint", "publicAccessCidrs"], "must be empty when publicAccess is false (the CIDRs would have no effect)");
    }
    if (!c.endpoint.privateAccess) {
        report(["cluster", "endpoint", "privateAccess"], "must be true: without it the nodes reach the API server through the NAT and the internet");
    }
    const open = c.endpoint.publicAccessCidrs.indexOf(OPEN_TO_WORLD);
    if (open >= 0 && env !== "dev") {
        report(["cluster", "endpoint", "publicAccessCidrs", open], `must not be ${OPEN_TO_WORLD} in ${env}: list your office or VPN CIDRs, or set publicAccess to false`);
    }
    if (env === "prod") {
        const missing = REQUIRED_PROD_LOG_TYPES.filter((t) => !c.logTypes.includes(t));
        if (missing.length > 0) {
            report(["cluster", "logTypes"], `must include ${missing.join(", ")} in prod (audit trail of API access)`);
        }
        if (c.nodeGroups.kafka.capacityType !== "ON_DEMAND") {
            report(["cluster", "nodeGroups", "kafka", "capacityType"], 'must be "ON_DEMAND" in prod: a Spot reclaim takes a broker and its partitions away without warning');
        }
        if (c.nodeGroups.kafka.minSize < 1) {
            report(["cluster", "nodeGroups", "kafka", "minSize"], "must be >= 1 in prod: each zone always needs a node for its broker");
        }
        if (c.secretsEncryption.keyDeletionWindowDays < 30) {
            report(["cluster", "secretsEncryption", "keyDeletionWindowDays"], "must be 30 in prod: the longest window to undo a mistaken key deletion");
        }
    }
    const repeatedAdmins = c.adminRoleArns.filter((arn, i) => c.adminRoleArns.indexOf(arn) !== i);
    if (repeatedAdmins.length > 0) {
        report(["cluster", "adminRoleArns"], `must not repeat a role (each gets one access entry); repeated: ${[...new Set(repeatedAdmins)].join(", ")}`);
    }
    if (new Set(c.logTypes).size !== c.logTypes.length) {
        report(["cluster", "logTypes"], "must not repeat a log type");
    }
}
