import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { at, cannotJudge, entries, flag, isUnknown, settings, text } from "./values";

export const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";

/** The EBS CSI driver and the in-tree EBS plugin it replaced read the same `encrypted` and `kmsKeyId` parameters. */
const EBS_PROVISIONERS = ["ebs.csi.aws.com", "kubernetes.io/aws-ebs"];

/** A StorageClass parameter: the EBS drivers read parameter names case-insensitively (`kmsKeyId`, `kmskeyid`). */
export function ebsParameter(props: unknown, name: string): unknown {
    const parameters = entries(at(props, "parameters"));
    if (isUnknown(parameters)) {
        return parameters;
    }
    return parameters.find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
}

const schema: PolicyConfigSchema = {
    properties: {
        requireKmsKey: {
            type: "boolean",
            default: true,
            description: "Require parameters.kmsKeyId, a customer-managed KMS key, instead of the account's default EBS key.",
        },
    },
};

export const ebsStorageClassEncrypted: ResourceValidationPolicy = {
    name: "ebs-storage-class-encrypted",
    description: "Every StorageClass that provisions EBS volumes encrypts them (with a customer-managed KMS key where required).",
    severity: "high",
    remediationSteps:
        'Set parameters.encrypted: "true" on the StorageClass, and parameters.kmsKeyId to a customer-managed KMS key ARN where the environment requires one (cluster.storageClass.useClusterKmsKey: true in the stack config). Existing volumes keep their encryption: move data to volumes of the fixed class.',
    configSchema: schema,
    validateResource: (args, report) => {
        if (args.type !== STORAGE_CLASS) {
            return;
        }
        const provisioner = text(at(args.props, "provisioner"));
        if (isUnknown(provisioner)) {
            cannotJudge(args.notApplicable, ["provisioner"]);
        }
        if (typeof provisioner !== "string" || !EBS_PROVISIONERS.includes(provisioner)) {
            return;
        }
        const { requireKmsKey } = settings<{ requireKmsKey: boolean }>(schema, args.getConfig());
        const name = text(at(args.props, "metadata", "name"));
        const label = `StorageClass ${typeof name === "string" ? name : args.name} (${provisioner})`;
        const encrypted = flag(ebsParameter(args.props, "encrypted"));
        if (isUnknown(encrypted)) {
            cannotJudge(args.notApplicable, [isUnknown(at(args.props, "parameters")) ? "parameters" : "parameters.encrypted"]);
        }
        if (encrypted !== true) {
            report(`${label} does not set parameters.encrypted: "true", so its volumes are unencrypted unless the account encrypts EBS by default; set it.`);
            return;
        }
        const key = ebsParameter(args.props, "kmsKeyId");
        if (requireKmsKey && !isUnknown(key) && (typeof key !== "string" || key === "")) {
            report(`${label} encrypts with the account's default EBS key; set parameters.kmsKeyId to a customer-managed KMS key ARN (cluster.storageClass.useClusterKmsKey: true).`);
        }
    },
};

export const storageClassPolicies = [ebsStorageClassEncrypted];
