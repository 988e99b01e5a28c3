import { createHash } from "crypto";
import { MOCK_ACCOUNT_ID, MockWorld, mockKubeconfig, shortHash } from "../mocks";
import { engineUrn, UNKNOWN_PLACEHOLDER } from "../placeholders";
import type { RecordedResource } from "../recorder";

/**
 * What the engine sees when a program creates an `eks.Cluster` of @pulumi/eks 4.3.0: the provider
 * process runs `createCluster` of pulumi/pulumi-eks v4.3.0 (nodejs/eks/cluster/cluster.ts) and
 * registers the children below with the inputs it computes from the program's options. Under the mock
 * runtime no provider runs, so this module computes the same children from the same options, line by
 * line after that source (cited per child in `emulatedFrom`). An option it does not know is an
 * error: a new option must be read in the source and added here, never passed over.
 *
 * The provider is built against @pulumi/pulumi 3.173 (its nodejs/eks/yarn.lock), whose
 * ComponentResource registers `remote || opts?.urn ? args : {}` (sdk/nodejs/resource.ts; inputs of
 * local components are sent only since 3.202, pulumi/pulumi#20357): the component and its inner
 * components (ServiceRole, VpcCniAddon) reach the engine, and the policy pack, with props `{}`.
 */
export const PULUMI_EKS_VERSION = "4.3.0";
const SRC = "pulumi-eks v4.3.0 nodejs/eks";
export const EKS_COMPONENT_TYPE = "eks:index:Cluster";
export const CLUSTER_ADMIN_POLICY_ARN = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

type Obj = Record<string, unknown>;
const U = UNKNOWN_PLACEHOLDER;

/** The options of eks.ClusterOptions this emulation computes children from; anything else is refused. */
const KNOWN_OPTIONS = new Set([
    "name",
    "version",
    "vpcId",
    "subnetIds",
    "privateSubnetIds",
    "publicSubnetIds",
    "nodeAssociatePublicIpAddress",
    "authenticationMode",
    "accessEntries",
    "createOidcProvider",
    "skipDefaultNodeGroup",
    "endpointPrivateAccess",
    "endpointPublicAccess",
    "publicAccessCidrs",
    "enabledClusterLogTypes",
    "encryptionConfigKeyArn",
    "deletionProtection",
    "upgradePolicy",
    "tags",
    "clusterTags",
    "clusterSecurityGroupTags",
    "nodeSecurityGroupTags",
    "bootstrapSelfManagedAddons",
    "kubernetesServiceIpAddressRange",
    "ipFamily",
    "kubeProxyAddonOptions",
    "corednsAddonOptions",
    "vpcCniOptions",
    "useDefaultVpcCni",
]);

/** A single creator's admin access entry that EKS makes itself (accessConfig.bootstrapClusterCreatorAdminPermissions). */
export interface ImplicitAccessEntry {
    /** The aws:eks/cluster:Cluster whose creation makes the entry. */
    cluster: string;
    /** The IAM principal the entry is for: the identity that runs `pulumi up`. */
    principalArn: string;
    policyArn: string;
    source: string;
}

export interface RemoteRegistration {
    urn: string;
    name: string;
    /** The options as the program sent them, unknowns as "[unknown]". */
    inputs: Obj;
    /** The resources each option's value came from. */
    propertyDependencies: Record<string, string[]>;
    /** Provider references by package (`aws` → `urn::id`), as given in `providers`. */
    providers: Record<string, string>;
    protect: boolean;
}

export interface EmulationContext {
    world: MockWorld;
    /** Nothing exists yet: computed outputs are unknown, as in a stack's first preview. */
    firstPreview: boolean;
    stack: string;
    project: string;
    /** The IAM role ARN of the identity deploying, as aws.iam.getSessionContext gives it. */
    deployerRoleArn: string;
}

export interface Emulation {
    children: RecordedResource[];
    /** The component's outputs as the program reads them. */
    outputs: Obj;
    implicitAccessEntries: ImplicitAccessEntry[];
}

function hasUnknown(value: unknown): boolean {
    if (value === U) {
        return true;
    }
    if (value !== null && typeof value === "object") {
        return Object.values(value).some(hasUnknown);
    }
    return false;
}

/** `pulumi.all(values).apply(f)`: unknown when anything it reads is unknown. */
function lift<T>(values: unknown[], f: () => T): T | typeof U {
    return values.some(hasUnknown) ? U : f();
}

/** Drops undefined keys, as Pulumi's serializer does on the wire. */
function defined(o: Obj): Obj {
    return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

function sha1hash(s: string): string {
    return createHash("sha1").update(s).digest("hex").substring(0, 8);
}

/** @pulumi/eks addons/addon.ts stringifyAddonConfiguration: JSON with every object's keys sorted. */
function stringifyAddonConfiguration(values: unknown): string | undefined | typeof U {
    if (values === undefined || values === null) {
        return undefined;
    }
    return lift([values], () =>
        JSON.stringify(values, (_k, v: unknown) =>
            v instanceof Object && !Array.isArray(v)
                ? Object.keys(v)
                      .sort()
                      .reduce<Obj>((o, k) => ((o[k] = (v as Obj)[k]), o), {})
                : v,
        ),
    );
}

const str = (v: unknown) => (v === undefined || v === null ? undefined : v === U ? U : String(v));
const stringifyBool = (v: unknown) => (v ? "true" : "false");

/** addons/cni-addon.ts computeEnv (lines 372-440 of v4.3.0): the env vars the VPC CNI add-on gets. */
function vpcCniEnv(o: Obj): { env: Obj; initEnv: Obj } {
    if (o.cniExternalSnat && o.externalSnat) {
        throw new Error("Please specify one of `cniExternalSnat` or `externalSnat` in your VpcCniOptions");
    }
    const env: Obj = {};
    const bool = (v: unknown) => (v === U ? U : stringifyBool(v));
    if (o.nodePortSupport) env.AWS_VPC_CNI_NODE_PORT_SUPPORT = bool(o.nodePortSupport);
    if (o.customNetworkConfig) env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = bool(o.customNetworkConfig);
    env.WARM_ENI_TARGET = o.warmEniTarget === U ? U : `${(o.warmEniTarget as number | undefined) ?? 1}`;
    if (o.warmIpTarget) env.WARM_IP_TARGET = str(o.warmIpTarget);
    if (o.warmPrefixTarget) env.WARM_PREFIX_TARGET = str(o.warmPrefixTarget);
    if (o.enablePrefixDelegation) env.ENABLE_PREFIX_DELEGATION = bool(o.enablePrefixDelegation);
    env.AWS_VPC_K8S_CNI_LOGLEVEL = o.logLevel ? o.logLevel : "DEBUG";
    env.AWS_VPC_K8S_CNI_LOG_FILE = o.logFile ? o.logFile : "/host/var/log/aws-routed-eni/ipamd.log";
    env.AWS_VPC_K8S_CNI_VETHPREFIX = o.vethPrefix ? o.vethPrefix : "eni";
    env.AWS_VPC_ENI_MTU = o.eniMtu ? str(o.eniMtu) : "9001";
    if (o.eniConfigLabelDef) env.ENI_CONFIG_LABEL_DEF = o.eniConfigLabelDef;
    env.AWS_VPC_K8S_PLUGIN_LOG_LEVEL = o.pluginLogLevel ? o.pluginLogLevel : "DEBUG";
    env.AWS_VPC_K8S_PLUGIN_LOG_FILE = o.pluginLogFile ? o.pluginLogFile : "/var/log/aws-routed-eni/plugin.log";
    env.ENABLE_POD_ENI = o.enablePodEni ? bool(o.enablePodEni) : "false";
    const initEnv: Obj = { DISABLE_TCP_EARLY_DEMUX: o.disableTcpEarlyDemux ? bool(o.disableTcpEarlyDemux) : "false" };
    if (o.cniConfigureRpfilter) env.AWS_VPC_K8S_CNI_CONFIGURE_RPFILTER = bool(o.cniConfigureRpfilter);
    env.AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG = o.cniCustomNetworkCfg ? bool(o.cniCustomNetworkCfg) : "false";
    env.AWS_VPC_K8S_CNI_EXTERNALSNAT = o.externalSnat ? bool(o.externalSnat) : o.cniExternalSnat ? bool(o.cniExternalSnat) : "false";
    return { env, initEnv };
}

const isObject = (v: unknown): v is Obj => v !== null && typeof v === "object" && !Array.isArray(v);

/** addons/cni-addon.ts mergeConfigurationValues (lines 446-478 of v4.3.0). */
function mergeCniConfiguration(env: Obj, initEnv: Obj, enableNetworkPolicy: unknown, configurationValues: Obj): Obj {
    const config: Obj = { ...configurationValues };
    if (!("enableNetworkPolicy" in config) && enableNetworkPolicy !== undefined) {
        config.enableNetworkPolicy = stringifyBool(enableNetworkPolicy);
    }
    config.env = isObject(config.env) ? { ...env, ...config.env } : env;
    if (isObject(config.init) && isObject(config.init.env)) {
        config.init = { ...config.init, env: { ...initEnv, ...config.init.env } };
    } else if (isObject(config.init)) {
        config.init = { env: initEnv, ...config.init };
    } else {
        config.init = { env: initEnv };
    }
    return config;
}

const VPC_CNI_OPTIONS = new Set([
    "nodePortSupport", "customNetworkConfig", "warmEniTarget", "warmIpTarget", "warmPrefixTarget", "enablePrefixDelegation",
    "logLevel", "logFile", "vethPrefix", "eniMtu", "eniConfigLabelDef", "pluginLogLevel", "pluginLogFile", "enablePodEni",
    "disableTcpEarlyDemux", "cniConfigureRpfilter", "cniCustomNetworkCfg", "externalSnat", "cniExternalSnat",
    "enableNetworkPolicy", "configurationValues", "addonVersion", "resolveConflictsOnCreate", "resolveConflictsOnUpdate",
    "serviceAccountRoleArn",
]);
const ADDON_OPTIONS = new Set(["enabled", "version", "resolveConflictsOnCreate", "resolveConflictsOnUpdate", "configurationValues"]);

function refuseUnknownKeys(what: string, value: unknown, known: Set<string>): void {
    if (!isObject(value)) {
        return;
    }
    const unknown = Object.keys(value).filter((k) => !known.has(k));
    if (unknown.length > 0) {
        throw new Error(
            `the plan's emulation of @pulumi/eks ${PULUMI_EKS_VERSION} does not know ${what} ${unknown.join(", ")}: read what ${SRC}/cluster/cluster.ts does with it and add it to automation/harness/remote/eks.ts`,
        );
    }
}

/**
 * The children pulumi-eks 4.3.0 registers for these options, in its order, with the inputs it
 * computes and, for stack policies, the outputs AWS would give them (unknown on a first preview).
 */
export function emulateEksCluster(reg: RemoteRegistration, ctx: EmulationContext): Emulation {
    const args = reg.inputs;
    refuseUnknownKeys("the eks.Cluster option(s)", args, KNOWN_OPTIONS);
    refuseUnknownKeys("the kubeProxyAddonOptions key(s)", args.kubeProxyAddonOptions, ADDON_OPTIONS);
    refuseUnknownKeys("the corednsAddonOptions key(s)", args.corednsAddonOptions, ADDON_OPTIONS);
    refuseUnknownKeys("the vpcCniOptions key(s)", args.vpcCniOptions, VPC_CNI_OPTIONS);
    if (args.subnetIds !== undefined && (args.publicSubnetIds !== undefined || args.privateSubnetIds !== undefined)) {
        throw new Error("subnetIds, and the use of publicSubnetIds and/or privateSubnetIds are mutually exclusive. Choose a single approach.");
    }
    if (args.vpcId === undefined) {
        throw new Error(`the plan's emulation of @pulumi/eks ${PULUMI_EKS_VERSION} needs vpcId: without it the provider looks up the account's default VPC`);
    }
    const mode = args.authenticationMode;
    if (mode !== "API") {
        throw new Error(
            `the plan's emulation of @pulumi/eks ${PULUMI_EKS_VERSION} covers authenticationMode "API" only (got ${JSON.stringify(mode)}): other modes add the aws-auth ConfigMap (${SRC}/cluster/cluster.ts:995)`,
        );
    }
    if (args.skipDefaultNodeGroup !== true) {
        throw new Error(`the plan's emulation of @pulumi/eks ${PULUMI_EKS_VERSION} covers skipDefaultNodeGroup: true only: the default node group adds an instance role, profile and launch template`);
    }

    const { world, firstPreview } = ctx;
    const N = reg.name;
    const children: RecordedResource[] = [];
    const awsProvider = reg.providers.aws;
    const depsOf = (...props: string[]) => props.flatMap((p) => reg.propertyDependencies[p] ?? []);
    const arnOf = (service: string, resource: string, global = false) => `arn:aws:${service}:${global ? "" : world.region}:${MOCK_ACCOUNT_ID}:${resource}`;
    /** Outputs after the create: the inputs plus what AWS computes, which a first preview does not know. */
    const created = (inputs: Obj, computed: Obj): Obj => ({ ...inputs, ...Object.fromEntries(Object.entries(computed).map(([k, v]) => [k, firstPreview ? U : v])) });
    const add = (r: {
        type: string;
        name: string;
        parent: string;
        custom?: boolean;
        inputs: Obj;
        outputs?: Obj;
        dependencies?: string[];
        ignoreChanges?: string[];
        source: string;
    }): string => {
        const urn = engineUrn(ctx.stack, ctx.project, r.parent, r.type, r.name);
        const custom = r.custom !== false;
        const inputs = defined(r.inputs);
        children.push({
            urn,
            type: r.type,
            name: r.name,
            parent: r.parent,
            custom,
            inputs,
            outputs: defined(r.outputs ?? inputs),
            dependencies: [...new Set(r.dependencies ?? [])].sort(),
            protect: reg.protect,
            retainOnDelete: false,
            deleteBeforeReplace: false,
            provider: custom && r.type.startsWith("aws:") && awsProvider ? awsProvider : undefined,
            ignoreChanges: r.ignoreChanges ?? [],
            emulatedFrom: `${SRC}/${r.source}`,
        });
        return urn;
    };
    const idOf = (prefix: string, name: string) => (firstPreview ? U : `${prefix}${shortHash(`${N}::${name}`)}`);

    // cluster.ts:510-547 — the EKS service role, a ServiceRole component (servicerole.ts:73-108).
    const serviceRole = add({ type: "eks:index:ServiceRole", name: `${N}-eksRole`, parent: reg.urn, custom: false, inputs: {}, source: "cluster/cluster.ts:529" });
    const roleName = `${N}-eksRole-role-${shortHash(`${N}-eksRole-role`, 7)}`;
    const roleArn = firstPreview ? U : `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${roleName}`;
    const roleInputs = {
        description: "Allows EKS to manage clusters on your behalf.",
        assumeRolePolicy: JSON.stringify({
            Version: "2012-10-17",
            Statement: [{ Action: ["sts:AssumeRole", "sts:TagSession"], Effect: "Allow", Principal: { Service: ["eks.amazonaws.com"] } }],
        }),
        tags: args.tags,
    };
    const role = add({
        type: "aws:iam/role:Role",
        name: `${N}-eksRole-role`,
        parent: serviceRole,
        inputs: roleInputs,
        outputs: created(roleInputs, { name: roleName, arn: roleArn, uniqueId: `AROA${shortHash(roleName).toUpperCase()}` }),
        source: "servicerole.ts:89",
    });
    const clusterPolicy = "AmazonEKSClusterPolicy";
    const attachment = add({
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: `${N}-eksRole-${sha1hash(`arn:aws:iam::aws:policy/${clusterPolicy}`)}`,
        parent: serviceRole,
        inputs: { policyArn: `arn:aws:iam::aws:policy/${clusterPolicy}`, role },
        dependencies: [role],
        source: "servicerole.ts:102",
    });

    // cluster.ts:550-588 — the cluster security group and its egress rule.
    const clusterSgName = `${N}-eksClusterSecurityGroup`;
    const clusterSgInputs = {
        vpcId: args.vpcId,
        revokeRulesOnDelete: true,
        tags: lift([args.tags, args.clusterSecurityGroupTags], () => ({ Name: clusterSgName, ...(args.clusterSecurityGroupTags as Obj), ...(args.tags as Obj) })),
    };
    const clusterSgId = idOf("sg-", clusterSgName);
    const clusterSg = add({
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: clusterSgName,
        parent: reg.urn,
        inputs: clusterSgInputs,
        outputs: created(clusterSgInputs, { id: clusterSgId, arn: arnOf("ec2", `security-group/${String(clusterSgId)}`), ownerId: MOCK_ACCOUNT_ID }),
        dependencies: depsOf("vpcId", "tags", "clusterSecurityGroupTags"),
        source: "cluster/cluster.ts:555",
    });
    const rule = (name: string, inputs: Obj, deps: string[], source: string) =>
        add({ type: "aws:ec2/securityGroupRule:SecurityGroupRule", name, parent: reg.urn, inputs, dependencies: deps, source });
    rule(
        `${N}-eksClusterInternetEgressRule`,
        { description: "Allow internet access.", type: "egress", fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], securityGroupId: clusterSgId },
        [clusterSg],
        "cluster/cluster.ts:572",
    );

    // cluster.ts:590-606 — secrets encryption from encryptionConfigKeyArn.
    const encryptionConfig = args.encryptionConfigKeyArn
        ? lift([args.encryptionConfigKeyArn], () => ({ provider: { keyArn: args.encryptionConfigKeyArn }, resources: ["secrets"] }))
        : undefined;
    // cluster.ts:611-623 — kubernetesNetworkConfig only when a service range or IP family is set.
    const kubernetesNetworkConfig =
        args.kubernetesServiceIpAddressRange || args.ipFamily
            ? lift([args.kubernetesServiceIpAddressRange, args.ipFamily], () => {
                  const ipFamily = (args.ipFamily as string | undefined) ?? "ipv4";
                  return defined({ serviceIpv4Cidr: ipFamily === "ipv4" ? args.kubernetesServiceIpAddressRange : undefined, ipFamily });
              })
            : undefined;
    const publicAccessCidrs = args.publicAccessCidrs
        ? lift([args.publicAccessCidrs, args.endpointPublicAccess], () => {
              if ((args.endpointPublicAccess ?? true) === false) {
                  throw new Error("`publicAccessCidrs` can only be set when `endpointPublicAccess` is true");
              }
              return args.publicAccessCidrs;
          })
        : undefined;
    const subnetIds =
        args.subnetIds !== undefined
            ? args.subnetIds
            : lift([args.publicSubnetIds, args.privateSubnetIds], () => [...((args.publicSubnetIds as unknown[]) ?? []), ...((args.privateSubnetIds as unknown[]) ?? [])]);
    const clusterName = typeof args.name === "string" || args.name === U ? args.name : `${N}-eksCluster-${shortHash(`${N}-eksCluster`, 7)}`;

    // cluster.ts:686-761 — the aws:eks/cluster:Cluster itself.
    const clusterInputs: Obj = {
        name: args.name,
        roleArn,
        bootstrapSelfManagedAddons: args.bootstrapSelfManagedAddons ?? true,
        kubernetesNetworkConfig,
        vpcConfig: defined({
            securityGroupIds: [clusterSgId],
            subnetIds,
            endpointPrivateAccess: args.endpointPrivateAccess,
            endpointPublicAccess: args.endpointPublicAccess,
            publicAccessCidrs,
        }),
        version: args.version,
        enabledClusterLogTypes: args.enabledClusterLogTypes,
        tags: lift([args.tags, args.clusterTags], () => ({ Name: `${N}-eksCluster`, ...(args.clusterTags as Obj), ...(args.tags as Obj) })),
        encryptionConfig,
        // Always true in API mode: the identity running `pulumi up` gets an admin access entry from EKS itself.
        accessConfig: { authenticationMode: mode, bootstrapClusterCreatorAdminPermissions: true },
        upgradePolicy: args.upgradePolicy,
        deletionProtection: args.deletionProtection,
    };
    const oidcId = shortHash(String(clusterName), 32).toUpperCase();
    const issuer = `https://oidc.eks.${world.region}.amazonaws.com/id/${oidcId}`;
    const endpoint = `https://${oidcId}.gr7.${world.region}.eks.amazonaws.com`;
    const clusterArn = arnOf("eks", `cluster/${String(clusterName)}`);
    const vpcConfigOutputs = {
        ...(clusterInputs.vpcConfig as Obj),
        clusterSecurityGroupId: firstPreview ? U : `sg-${shortHash(`${String(clusterName)}-eks-managed`)}`,
        vpcId: args.vpcId,
    };
    const eksCluster = add({
        type: "aws:eks/cluster:Cluster",
        name: `${N}-eksCluster`,
        parent: reg.urn,
        inputs: clusterInputs,
        outputs: {
            ...created(defined(clusterInputs), {
                id: clusterName,
                arn: clusterArn,
                endpoint,
                identities: [{ oidcs: [{ issuer }] }],
                certificateAuthority: { data: "bW9jay1jYQ==" },
                status: "ACTIVE",
                upgradePolicy: args.upgradePolicy ?? { supportType: "EXTENDED" },
            }),
            name: clusterName,
            vpcConfig: firstPreview ? U : vpcConfigOutputs,
        },
        dependencies: [
            role,
            attachment,
            clusterSg,
            ...depsOf("name", "vpcId", "subnetIds", "publicSubnetIds", "privateSubnetIds", "endpointPrivateAccess", "endpointPublicAccess", "publicAccessCidrs"),
            ...depsOf("version", "enabledClusterLogTypes", "tags", "clusterTags", "encryptionConfigKeyArn", "upgradePolicy", "deletionProtection"),
        ],
        ignoreChanges: ["accessConfig.bootstrapClusterCreatorAdminPermissions", "bootstrapSelfManagedAddons"],
        source: "cluster/cluster.ts:687",
    });
    const k8sVersion = args.version ?? (firstPreview ? U : undefined);
    /** aws.eks.getAddonVersion(mostRecent: true) runs at deploy time against AWS; the plan cannot know its answer. */
    const lookedUp = (addon: string) => lift([k8sVersion], () => `[most recent ${addon} for Kubernetes ${String(k8sVersion ?? "(EKS default)")}, looked up when deployed]`);

    // cluster.ts:764-798 — kube-proxy, unless kubeProxyAddonOptions.enabled is false.
    const kubeProxy = (args.kubeProxyAddonOptions ?? {}) as Obj;
    if ((kubeProxy.enabled ?? true) !== false) {
        add({
            type: "aws:eks/addon:Addon",
            name: `${N}-kube-proxy`,
            parent: reg.urn,
            inputs: {
                clusterName,
                addonName: "kube-proxy",
                preserve: true,
                tags: args.tags,
                resolveConflictsOnCreate: kubeProxy.resolveConflictsOnCreate ?? "OVERWRITE",
                resolveConflictsOnUpdate: kubeProxy.resolveConflictsOnUpdate ?? "OVERWRITE",
                addonVersion: kubeProxy.version ? kubeProxy.version : lookedUp("kube-proxy"),
                configurationValues: stringifyAddonConfiguration(kubeProxy.configurationValues),
            },
            dependencies: [eksCluster, ...depsOf("kubeProxyAddonOptions", "tags")],
            source: "cluster/cluster.ts:779",
        });
    }

    // cluster.ts:914-920 — the provider the component deploys to the cluster with.
    const kubeconfig = firstPreview ? U : mockKubeconfig(String(clusterName), endpoint);
    add({
        type: "pulumi:providers:kubernetes",
        name: `${N}-eks-k8s`,
        parent: reg.urn,
        inputs: { kubeconfig },
        dependencies: [eksCluster],
        source: "cluster/cluster.ts:914",
    });

    // cluster.ts:1031-1058 with authenticationMode.ts:178-215 — one AccessEntry per accessEntries key,
    // and an AccessPolicyAssociation per access policy, parented to its entry.
    const entryUrns: string[] = [];
    const entries = isObject(args.accessEntries) ? args.accessEntries : {};
    for (const [key, entry] of Object.entries(entries)) {
        const e = (isObject(entry) ? entry : {}) as Obj;
        const entryInputs = { clusterName, principalArn: e.principalArn, kubernetesGroups: e.kubernetesGroups, type: e.type, tags: e.tags, userName: e.username };
        const entryUrn = add({
            type: "aws:eks/accessEntry:AccessEntry",
            name: `${N}-${key}`,
            parent: reg.urn,
            inputs: entryInputs,
            outputs: created(defined(entryInputs), { accessEntryArn: arnOf("eks", `access-entry/${String(clusterName)}/role/${shortHash(`${key}`)}`) }),
            dependencies: [eksCluster, ...depsOf("accessEntries")],
            source: "cluster/authenticationMode.ts:185",
        });
        entryUrns.push(entryUrn);
        for (const [association, policy] of Object.entries(isObject(e.accessPolicies) ? e.accessPolicies : {})) {
            const p = (isObject(policy) ? policy : {}) as Obj;
            add({
                type: "aws:eks/accessPolicyAssociation:AccessPolicyAssociation",
                name: `${N}-${key}-${association}`,
                parent: entryUrn,
                inputs: { accessScope: p.accessScope, principalArn: e.principalArn, policyArn: p.policyArn, clusterName },
                dependencies: [entryUrn, eksCluster, ...depsOf("accessEntries")],
                source: "cluster/authenticationMode.ts:197",
            });
        }
    }

    // cluster.ts:1089-1111 with addons/cni-addon.ts:250-318 — the VPC CNI add-on in a component of its own.
    if (args.useDefaultVpcCni !== true) {
        const cni = (args.vpcCniOptions ?? {}) as Obj;
        if ("securityContextPrivileged" in cni) {
            throw new Error(`the plan's emulation of @pulumi/eks ${PULUMI_EKS_VERSION} does not cover vpcCniOptions.securityContextPrivileged (a DaemonSetPatch)`);
        }
        const component = add({ type: "eks:index:VpcCniAddon", name: `${N}-vpc-cni`, parent: reg.urn, custom: false, inputs: {}, dependencies: entryUrns, source: "cluster/cluster.ts:1095" });
        const { env, initEnv } = vpcCniEnv(cni);
        add({
            type: "aws:eks/addon:Addon",
            name: `${N}-vpc-cni`,
            parent: component,
            inputs: {
                clusterName,
                addonVersion: cni.addonVersion ? cni.addonVersion : lookedUp("vpc-cni"),
                addonName: "vpc-cni",
                resolveConflictsOnCreate: cni.resolveConflictsOnCreate ?? "OVERWRITE",
                resolveConflictsOnUpdate: cni.resolveConflictsOnUpdate ?? "OVERWRITE",
                preserve: true,
                configurationValues: stringifyAddonConfiguration(
                    lift([env, initEnv, cni.enableNetworkPolicy, cni.configurationValues], () =>
                        mergeCniConfiguration(env, initEnv, cni.enableNetworkPolicy, (cni.configurationValues as Obj | undefined) ?? {}),
                    ),
                ),
                serviceAccountRoleArn: cni.serviceAccountRoleArn,
                tags: args.tags,
            },
            dependencies: [eksCluster, ...entryUrns, ...depsOf("vpcCniOptions", "tags")],
            source: "addons/cni-addon.ts:297",
        });
    }

    // cluster.ts:1175-1245 — with skipDefaultNodeGroup and no Fargate, CoreDNS only when asked for.
    const coredns = (args.corednsAddonOptions ?? {}) as Obj;
    if (coredns.enabled === true || coredns.configurationValues) {
        add({
            type: "aws:eks/addon:Addon",
            name: `${N}-coredns`,
            parent: reg.urn,
            inputs: {
                clusterName,
                addonName: "coredns",
                tags: args.tags,
                preserve: true,
                addonVersion: coredns.version ? coredns.version : lookedUp("coredns"),
                resolveConflictsOnCreate: coredns.resolveConflictsOnCreate ?? "OVERWRITE",
                resolveConflictsOnUpdate: coredns.resolveConflictsOnUpdate ?? "OVERWRITE",
                configurationValues: stringifyAddonConfiguration(coredns.configurationValues),
            },
            dependencies: [eksCluster, ...depsOf("corednsAddonOptions", "tags")],
            source: "cluster/cluster.ts:1212",
        });
    }

    // cluster.ts:1248-1262 — the IAM OIDC provider for IRSA.
    let oidcProviderArn: unknown = "";
    if (args.createOidcProvider) {
        oidcProviderArn = firstPreview ? U : `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${issuer.slice("https://".length)}`;
        const oidcInputs = {
            clientIdLists: ["sts.amazonaws.com"],
            url: firstPreview ? U : issuer,
            // getIssuerCAThumbprint fetches the issuer's CA certificate over TLS when the program runs.
            thumbprintLists: [shortHash(`${world.region}-oidc-ca`, 40)],
        };
        add({
            type: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
            name: `${N}-oidcProvider`,
            parent: reg.urn,
            inputs: oidcInputs,
            outputs: created(oidcInputs, { arn: oidcProviderArn }),
            dependencies: [eksCluster],
            source: "cluster/cluster.ts:1255",
        });
    }

    // cluster.ts:2118-2135 with nodes/securitygroup.ts:104-199 — the default node security group and rules.
    const nodeSgName = `${N}-nodeSecurityGroup`;
    const nodeSgInputs = {
        vpcId: args.vpcId,
        revokeRulesOnDelete: true,
        tags: lift([args.tags, args.nodeSecurityGroupTags, clusterName], () => ({
            Name: nodeSgName,
            [`kubernetes.io/cluster/${String(clusterName)}`]: "owned",
            ...(args.nodeSecurityGroupTags as Obj),
            ...(args.tags as Obj),
        })),
    };
    const nodeSgId = idOf("sg-", nodeSgName);
    const nodeSg = add({
        type: "aws:ec2/securityGroup:SecurityGroup",
        name: nodeSgName,
        parent: reg.urn,
        inputs: nodeSgInputs,
        outputs: created(nodeSgInputs, { id: nodeSgId, arn: arnOf("ec2", `security-group/${String(nodeSgId)}`), ownerId: MOCK_ACCOUNT_ID }),
        dependencies: [eksCluster, ...depsOf("vpcId", "tags", "nodeSecurityGroupTags")],
        source: "nodes/securitygroup.ts:113",
    });
    const onNode = { securityGroupId: nodeSgId };
    rule(`${N}-eksNodeIngressRule`, { description: "Allow nodes to communicate with each other", type: "ingress", fromPort: 0, toPort: 0, protocol: "-1", ...onNode, self: true }, [nodeSg], "nodes/securitygroup.ts:130");
    rule(
        `${N}-eksNodeClusterIngressRule`,
        { description: "Allow worker Kubelets and pods to receive communication from the cluster control plane", type: "ingress", fromPort: 1025, toPort: 65535, protocol: "tcp", ...onNode, sourceSecurityGroupId: clusterSgId },
        [nodeSg, clusterSg],
        "nodes/securitygroup.ts:144",
    );
    rule(
        `${N}-eksExtApiServerClusterIngressRule`,
        { description: "Allow pods running extension API servers on port 443 to receive communication from cluster control plane", type: "ingress", fromPort: 443, toPort: 443, protocol: "tcp", ...onNode, sourceSecurityGroupId: clusterSgId },
        [nodeSg, clusterSg],
        "nodes/securitygroup.ts:159",
    );
    rule(`${N}-eksNodeInternetEgressRule`, { description: "Allow internet access.", type: "egress", fromPort: 0, toPort: 0, protocol: "-1", cidrBlocks: ["0.0.0.0/0"], ...onNode }, [nodeSg], "nodes/securitygroup.ts:174");
    rule(
        `${N}-eksClusterIngressRule`,
        { description: "Allow pods to communicate with the cluster API Server", type: "ingress", fromPort: 443, toPort: 443, protocol: "tcp", securityGroupId: clusterSgId, sourceSecurityGroupId: nodeSgId },
        [nodeSg, clusterSg],
        "nodes/securitygroup.ts:188",
    );

    const issuerHost = issuer.slice("https://".length);
    const outputs: Obj = firstPreview
        ? { eksCluster: { name: clusterName } }
        : {
              kubeconfigJson: kubeconfig,
              kubeconfig: JSON.parse(String(kubeconfig)) as unknown,
              eksCluster: { name: clusterName, arn: clusterArn, endpoint, version: args.version, vpcConfig: vpcConfigOutputs },
              clusterSecurityGroupId: clusterSgId,
              nodeSecurityGroupId: nodeSgId,
              oidcProviderArn,
              oidcProviderUrl: issuer,
              oidcIssuer: issuerHost,
          };
    return {
        children,
        outputs,
        implicitAccessEntries: [
            { cluster: eksCluster, principalArn: ctx.deployerRoleArn, policyArn: CLUSTER_ADMIN_POLICY_ARN, source: `${SRC}/cluster/cluster.ts:733-740` },
        ],
    };
}
