import { ResourceValidationPolicy } from "@pulumi/policy";
import { at, cannotJudge, integer, isUnknown, text } from "./values";

export const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
export const EKS_ADDON = "aws:eks/addon:Addon";

/**
 * With a hop limit of 2 (the EKS default launch template's) any pod can reach the instance metadata
 * service and take the node role's credentials; at 1 a pod's request (one hop more than the host's)
 * never gets an answer. IMDSv1 has no token and no hop limit at all.
 */
export const ec2ImdsHopLimit: ResourceValidationPolicy = {
    name: "ec2-imds-hop-limit",
    description: "Every launch template requires IMDSv2 tokens with a response hop limit of 1, so pods cannot take the node role's credentials.",
    severity: "high",
    remediationSteps:
        'Set metadataOptions to { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 } on the launch template (NODE_METADATA_OPTIONS in components/cluster/eksCluster.ts) and give pods that need AWS an IRSA role.',
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== LAUNCH_TEMPLATE) {
            return;
        }
        const options = at(args.props, "metadataOptions");
        const tokens = text(at(options, "httpTokens"));
        const hops = integer(at(options, "httpPutResponseHopLimit"));
        const label = `Launch template ${args.name}`;
        if (!isUnknown(tokens) && tokens !== "required") {
            report(`${label}: metadataOptions.httpTokens is ${tokens === undefined ? "not set (IMDSv1 allowed)" : JSON.stringify(tokens)}; set it to "required" (IMDSv2 only).`);
        }
        if (!isUnknown(hops) && hops !== 1) {
            report(`${label}: metadataOptions.httpPutResponseHopLimit is ${hops === undefined ? "not set" : hops}, so pods can reach the instance metadata service and take the node role's credentials; set it to 1.`);
        }
        const unjudged = isUnknown(options) ? ["metadataOptions"] : [...(isUnknown(tokens) ? ["metadataOptions.httpTokens"] : []), ...(isUnknown(hops) ? ["metadataOptions.httpPutResponseHopLimit"] : [])];
        if (unjudged.length > 0) {
            cannotJudge(args.notApplicable, unjudged);
        }
    },
};

/**
 * An add-on without a version gets whatever EKS picks when it is created, and the next change to it
 * may move it: networking and DNS then change with no one having chosen it.
 */
export const eksAddonVersionPinned: ResourceValidationPolicy = {
    name: "eks-addon-version-pinned",
    description: "Every EKS add-on names its version, so no update changes the cluster's networking, DNS or storage driver unasked.",
    severity: "medium",
    remediationSteps: "Set addonVersion on the add-on: cluster.addons in the stack config, or the Kubernetes version's entry in ADDON_VERSIONS (components/config/cluster.ts).",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== EKS_ADDON) {
            return;
        }
        const version = text(at(args.props, "addonVersion"));
        // A version the program computes (an output unknown in a first preview) is still a version it chose.
        if (isUnknown(version) || (typeof version === "string" && version !== "")) {
            return;
        }
        const addonName = text(at(args.props, "addonName"));
        const shown = typeof addonName === "string" ? addonName : args.name;
        report(`EKS add-on ${shown} names no addonVersion, so EKS picks one when it is created and an update can move it; pin the version (cluster.addons).`);
    },
};

export const eksNodePolicies = [ec2ImdsHopLimit, eksAddonVersionPinned];
