import { PolicyConfigSchema, ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { at, cannotJudge, flag, isUnknown, items, listing, settings, text, Unknown, UNKNOWN } from "./values";

/**
 * The EKS control plane as the engine presents it. `aws:eks/cluster:Cluster` is the resource AWS
 * receives: a program may create one itself, and @pulumi/eks's remote `eks.Cluster` creates one as
 * its child, whose inputs pulumi-eks 4.3.0 computes from the component's options (vpcConfig,
 * encryptionConfig, enabledClusterLogTypes, version: nodejs/eks/cluster/cluster.ts:687-761). That
 * child is judged always. The component `eks:index:Cluster` reaches the engine with the props its
 * provider's SDK registers: @pulumi/eks 4.3.0 is built on @pulumi/pulumi 3.173, which sends none
 * (props `{}`), so it is judged only when its props carry options (a provider on SDK 3.202 or later).
 */
export const EKS_COMPONENT = "eks:index:Cluster";
export const EKS_CLUSTER = "aws:eks/cluster:Cluster";

/** The type of a URN's resource: the last segment of its qualified type (`parent$child`). */
export function typeOfUrn(urn: string): string | undefined {
    const qualified = urn.split("::")[2];
    return qualified?.split("$").pop();
}

/** Where each setting lives in the shape being judged, for reading and for messages. */
interface Shape {
    publicAccess: string[];
    publicCidrs: string[];
    logTypes: string[];
    version: string[];
}

const COMPONENT_SHAPE: Shape = {
    publicAccess: ["endpointPublicAccess"],
    publicCidrs: ["publicAccessCidrs"],
    logTypes: ["enabledClusterLogTypes"],
    version: ["version"],
};
const CLUSTER_SHAPE: Shape = {
    publicAccess: ["vpcConfig", "endpointPublicAccess"],
    publicCidrs: ["vpcConfig", "publicAccessCidrs"],
    logTypes: ["enabledClusterLogTypes"],
    version: ["version"],
};

export const COMPONENT_WITHOUT_PROPS = `the ${EKS_COMPONENT} registration carries no options (its provider's SDK sends none); judged on its ${EKS_CLUSTER} child`;

/** The shape to judge, or undefined when this resource is not judged by the EKS rules. */
function shapeOf(args: ResourceValidationArgs): Shape | undefined {
    if (args.type === EKS_CLUSTER) {
        return CLUSTER_SHAPE;
    }
    if (args.type === EKS_COMPONENT) {
        if (Object.keys(args.props).length === 0) {
            args.notApplicable(COMPONENT_WITHOUT_PROPS);
        }
        return COMPONENT_SHAPE;
    }
    return undefined;
}

const path = (p: string[]) => p.join(".");

// ---- eks-endpoint-restricted ------------------------------------------------------------------

const endpointSchema: PolicyConfigSchema = {
    properties: {
        allowPublicAccess: { type: "boolean", default: true, description: "Allow the public API endpoint at all (restricted to publicAccessCidrs)." },
        minPublicCidrPrefixLength: {
            type: "integer",
            minimum: 1,
            maximum: 32,
            default: 16,
            description: "Widest range allowed in publicAccessCidrs, as a prefix length: 16 refuses anything wider than a /16 (and always 0.0.0.0/0).",
        },
    },
};

/** Prefix length of an IPv4 CIDR (EKS public access CIDRs are IPv4 only); undefined when it is not one. */
function prefixLength(cidr: string): number | undefined {
    const m = /^\d{1,3}(?:\.\d{1,3}){3}\/(\d{1,2})$/.exec(cidr.trim());
    return m ? Number(m[1]) : undefined;
}

export const eksEndpointRestricted: ResourceValidationPolicy = {
    name: "eks-endpoint-restricted",
    description: "The EKS API endpoint is private, or public only to listed office and VPN ranges, never to 0.0.0.0/0.",
    severity: "critical",
    remediationSteps:
        "Set cluster.endpoint.publicAccessCidrs in the stack config to your office or VPN ranges (or cluster.endpoint.publicAccess: false with privateAccess: true and reach the API from inside the VPC). Never leave publicAccessCidrs empty with a public endpoint: EKS then allows 0.0.0.0/0.",
    configSchema: endpointSchema,
    validateResource: (args, report) => {
        const shape = shapeOf(args);
        if (!shape) {
            return;
        }
        const cfg = settings<{ allowPublicAccess: boolean; minPublicCidrPrefixLength: number }>(endpointSchema, args.getConfig());
        const access = flag(at(args.props, ...shape.publicAccess));
        if (isUnknown(access)) {
            cannotJudge(args.notApplicable, [path(shape.publicAccess)]);
        }
        if (access === false) {
            return;
        }
        const accessText = access === undefined ? `${path(shape.publicAccess)} is not set; EKS's default is public` : `${path(shape.publicAccess)} is true`;
        if (!cfg.allowPublicAccess) {
            report(`The API endpoint is public (${accessText}); set ${path(shape.publicAccess)}: false with private access on, and reach the API from inside the VPC.`);
            return;
        }
        const cidrs = items(at(args.props, ...shape.publicCidrs));
        if (isUnknown(cidrs)) {
            cannotJudge(args.notApplicable, [path(shape.publicCidrs)]);
        }
        if (cidrs.length === 0) {
            report(`The API endpoint is public (${accessText}) and ${path(shape.publicCidrs)} is not set, so EKS opens it to 0.0.0.0/0; set ${path(shape.publicCidrs)} to your office or VPN ranges, or ${path(shape.publicAccess)}: false.`);
            return;
        }
        const unknownCidrs: string[] = [];
        cidrs.forEach((cidr, i) => {
            if (isUnknown(cidr)) {
                unknownCidrs.push(`${path(shape.publicCidrs)}[${i}]`);
            }
        });
        for (const cidr of cidrs) {
            if (typeof cidr !== "string") {
                continue;
            }
            const length = prefixLength(cidr);
            if (length !== undefined && length < cfg.minPublicCidrPrefixLength) {
                const world = length === 0 ? ", the whole internet" : "";
                report(`${path(shape.publicCidrs)} includes "${cidr}"${world}; list only office or VPN ranges of /${cfg.minPublicCidrPrefixLength} or narrower, or set ${path(shape.publicAccess)}: false.`);
            }
        }
        if (unknownCidrs.length > 0) {
            cannotJudge(args.notApplicable, unknownCidrs);
        }
    },
};

// ---- eks-control-plane-logging ----------------------------------------------------------------

const LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"];

const loggingSchema: PolicyConfigSchema = {
    properties: {
        requiredLogTypes: {
            type: "array",
            items: { type: "string", enum: LOG_TYPES },
            default: ["api", "audit", "authenticator"],
            description: "Control-plane log types that must be sent to CloudWatch.",
        },
    },
};

export const eksControlPlaneLogging: ResourceValidationPolicy = {
    name: "eks-control-plane-logging",
    description: "The EKS control plane sends the required log types (API, audit, authenticator) to CloudWatch.",
    severity: "medium",
    remediationSteps: "Add the missing types to cluster.logTypes in the stack config (enabledClusterLogTypes of the cluster), so API calls and logins leave an audit trail.",
    configSchema: loggingSchema,
    validateResource: (args, report) => {
        const shape = shapeOf(args);
        if (!shape) {
            return;
        }
        const { requiredLogTypes } = settings<{ requiredLogTypes: string[] }>(loggingSchema, args.getConfig());
        const enabled = items(at(args.props, ...shape.logTypes));
        if (isUnknown(enabled) || enabled.some(isUnknown)) {
            cannotJudge(args.notApplicable, [path(shape.logTypes)]);
        }
        const missing = requiredLogTypes.filter((t) => !enabled.includes(t));
        if (missing.length > 0) {
            const current = enabled.length === 0 ? "enables no log type" : `enables only ${listing(enabled.map(String))}`;
            report(`${path(shape.logTypes)} ${current}; add ${listing(missing)} so API calls and logins are recorded in CloudWatch.`);
        }
    },
};

// ---- eks-secrets-encryption -------------------------------------------------------------------

function secretsEncryptionProblem(args: ResourceValidationArgs): string | undefined | Unknown {
    if (args.type === EKS_COMPONENT) {
        const key = at(args.props, "encryptionConfigKeyArn");
        // An unknown ARN is the ARN of a key created in the same update: encryption is on.
        if (isUnknown(key) || (typeof key === "string" && key !== "")) {
            return undefined;
        }
        return "encryptionConfigKeyArn is not set, so Kubernetes Secrets sit in etcd without KMS envelope encryption; set it to the ARN of a KMS key with rotation on.";
    }
    const config = at(args.props, "encryptionConfig");
    const resources = items(at(config, "resources"));
    const key = at(config, "provider", "keyArn");
    if (isUnknown(config) || isUnknown(resources)) {
        return UNKNOWN;
    }
    if (config === undefined || config === null) {
        return 'encryptionConfig is not set, so Kubernetes Secrets sit in etcd without KMS envelope encryption; set encryptionConfig: { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }.';
    }
    if (resources.some(isUnknown)) {
        return UNKNOWN;
    }
    if (!resources.includes("secrets")) {
        return 'encryptionConfig.resources does not include "secrets"; add it.';
    }
    if (!isUnknown(key) && (typeof key !== "string" || key === "")) {
        return "encryptionConfig.provider.keyArn is not set; set it to the ARN of a KMS key with rotation on.";
    }
    return undefined;
}

export const eksSecretsEncryption: ResourceValidationPolicy = {
    name: "eks-secrets-encryption",
    description: "Kubernetes Secrets of the EKS cluster are envelope-encrypted with a KMS key.",
    severity: "high",
    remediationSteps:
        "Give the cluster a KMS key for secrets encryption (encryptionConfigKeyArn of eks.Cluster, encryptionConfig of aws.eks.Cluster). EKS can add encryption to an existing cluster but never remove it.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (!shapeOf(args)) {
            return;
        }
        const problem = secretsEncryptionProblem(args);
        if (isUnknown(problem)) {
            cannotJudge(args.notApplicable, ["encryptionConfig"]);
        }
        if (typeof problem === "string") {
            report(problem);
        }
    },
};

// ---- eks-supported-version --------------------------------------------------------------------

const versionSchema: PolicyConfigSchema = {
    properties: {
        supportedVersions: {
            type: "array",
            items: { type: "string", pattern: "^1\\.\\d+$" },
            minItems: 1,
            default: ["1.32", "1.33", "1.34", "1.35"],
            description: "Kubernetes versions the cluster may run: in EKS standard support and tested with the platform.",
        },
    },
};

export const eksSupportedVersion: ResourceValidationPolicy = {
    name: "eks-supported-version",
    description: "The EKS cluster pins a Kubernetes version that is in EKS standard support and tested with the platform.",
    severity: "medium",
    remediationSteps:
        "Set cluster.version in the stack config to a supported version. Upgrade one minor version at a time (control plane first, then the node groups), and check that the Strimzi release in use supports the new Kubernetes version.",
    configSchema: versionSchema,
    validateResource: (args, report) => {
        const shape = shapeOf(args);
        if (!shape) {
            return;
        }
        const { supportedVersions } = settings<{ supportedVersions: string[] }>(versionSchema, args.getConfig());
        const version = text(at(args.props, ...shape.version));
        if (isUnknown(version)) {
            cannotJudge(args.notApplicable, [path(shape.version)]);
        }
        const allowed = `${supportedVersions.length > 1 ? "one of " : ""}${listing(supportedVersions, "or")}`;
        if (version === undefined) {
            report(`${path(shape.version)} is not set, so EKS picks whatever version is its default on the day the cluster is created; set it to ${allowed}.`);
        } else if (!supportedVersions.includes(version)) {
            report(`${path(shape.version)} is ${JSON.stringify(version)}; use ${allowed}.`);
        }
    },
};

export const eksPolicies = [eksEndpointRestricted, eksControlPlaneLogging, eksSecretsEncryption, eksSupportedVersion];

