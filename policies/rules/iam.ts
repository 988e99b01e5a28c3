import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { describeStatement, iamPatternMatches, statementsOf, stringList } from "./policyDocument";
import { at, cannotJudge, isUnknown, items, listing, settings, text } from "./values";

/** Identity-based policy documents: where each resource type carries them. */
const DOCUMENT_TYPES: Record<string, string> = {
    "aws:iam/rolePolicy:RolePolicy": "RolePolicy",
    "aws:iam/policy:Policy": "Policy",
    "aws:iam/userPolicy:UserPolicy": "UserPolicy",
    "aws:iam/groupPolicy:GroupPolicy": "GroupPolicy",
};
const ROLE = "aws:iam/role:Role";

/** Attachments of managed policies: a single policyArn, or a list of them. */
const ATTACHMENT_TYPES: Record<string, { label: string; field: "policyArn" | "policyArns" | "managedPolicyArns" }> = {
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { label: "RolePolicyAttachment", field: "policyArn" },
    "aws:iam/userPolicyAttachment:UserPolicyAttachment": { label: "UserPolicyAttachment", field: "policyArn" },
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": { label: "GroupPolicyAttachment", field: "policyArn" },
    "aws:iam/policyAttachment:PolicyAttachment": { label: "PolicyAttachment", field: "policyArn" },
    "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive": { label: "RolePolicyAttachmentsExclusive", field: "policyArns" },
    "aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive": { label: "UserPolicyAttachmentsExclusive", field: "policyArns" },
    "aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive": { label: "GroupPolicyAttachmentsExclusive", field: "policyArns" },
    [ROLE]: { label: "Role", field: "managedPolicyArns" },
};

// ---- iam-no-wildcard-actions ------------------------------------------------------------------

const actionsSchema: PolicyConfigSchema = {
    properties: {
        forbiddenActions: {
            type: "array",
            items: { type: "string", minLength: 1 },
            minItems: 1,
            default: ["*", "s3:*"],
            description: "Actions no Allow statement may grant, directly or through a wildcard that covers them.",
        },
    },
};

function grantDescription(action: string): string {
    if (action === "*") {
        return "every action of every AWS service";
    }
    const service = /^([^:]+):\*$/.exec(action)?.[1];
    return service ? `every ${service} action` : `"${action}"`;
}

export const iamNoWildcardActions: ResourceValidationPolicy = {
    name: "iam-no-wildcard-actions",
    description: 'No IAM policy allows "*" or a whole-service wildcard such as "s3:*".',
    severity: "critical",
    remediationSteps:
        'List the exact actions the workload needs (for the S3 sink: s3:PutObject and s3:AbortMultipartUpload on the archive prefix) instead of "*" or "s3:*", and do not combine Allow with NotAction.',
    configSchema: actionsSchema,
    validateResource: (args, report) => {
        const documents: { where: string; document: unknown }[] = [];
        const unjudged: string[] = [];
        const label = DOCUMENT_TYPES[args.type];
        if (label) {
            documents.push({ where: `${label} ${args.name}`, document: at(args.props, "policy") });
        } else if (args.type === ROLE) {
            const inline = items(at(args.props, "inlinePolicies"));
            if (isUnknown(inline)) {
                unjudged.push(`the inlinePolicies of Role ${args.name}`);
            } else {
                inline.forEach((p, i) => {
                    const name = text(at(p, "name"));
                    documents.push({ where: `Role ${args.name} inlinePolicies[${i}]${typeof name === "string" ? ` (${name})` : ""}`, document: at(p, "policy") });
                });
            }
        }
        if (documents.length === 0 && unjudged.length === 0) {
            return;
        }
        const { forbiddenActions } = settings<{ forbiddenActions: string[] }>(actionsSchema, args.getConfig());
        for (const { where, document } of documents) {
            const statements = statementsOf(document);
            if (isUnknown(statements)) {
                unjudged.push(`the policy document of ${where}`);
                continue;
            }
            if (statements === undefined) {
                continue;
            }
            for (const s of statements) {
                if (s.effect !== "Allow") {
                    continue;
                }
                if (s.notAction !== undefined && s.notAction !== null) {
                    report(`${where}: ${describeStatement(s)} allows every action except those in NotAction; list the allowed actions in Action instead.`);
                    continue;
                }
                const actions = stringList(s.action);
                const resources = stringList(s.resource);
                if (isUnknown(actions)) {
                    unjudged.push(`the actions of ${where}: ${describeStatement(s)}`);
                    continue;
                }
                const onEverything = !isUnknown(resources) && resources.includes("*") ? ' on every resource ("*")' : "";
                for (const action of actions) {
                    const covered = forbiddenActions.filter((f) => iamPatternMatches(action, f));
                    if (covered.length > 0) {
                        report(`${where}: ${describeStatement(s)} allows "${action}", which grants ${grantDescription(covered[0])}${onEverything}; list only the actions the workload needs.`);
                    }
                }
            }
        }
        if (unjudged.length > 0) {
            cannotJudge(args.notApplicable, unjudged);
        }
    },
};

// ---- iam-no-admin-managed-policies ------------------------------------------------------------

const managedSchema: PolicyConfigSchema = {
    properties: {
        forbiddenPolicies: {
            type: "array",
            items: { type: "string", minLength: 1 },
            minItems: 1,
            default: ["AdministratorAccess", "PowerUserAccess", "IAMFullAccess", "AmazonS3FullAccess"],
            description: "AWS-managed policies (by name, in any partition) that must not be attached.",
        },
    },
};

export const iamNoAdminManagedPolicies: ResourceValidationPolicy = {
    name: "iam-no-admin-managed-policies",
    description: "No role, user or group gets an AWS-managed policy that grants administrator or whole-service access.",
    severity: "critical",
    remediationSteps: "Replace the attachment with an inline or customer-managed policy that lists only the actions and resources the workload needs.",
    configSchema: managedSchema,
    validateResource: (args, report) => {
        const attachment = ATTACHMENT_TYPES[args.type];
        if (!attachment) {
            return;
        }
        const { forbiddenPolicies } = settings<{ forbiddenPolicies: string[] }>(managedSchema, args.getConfig());
        const arns = stringList(at(args.props, attachment.field));
        if (isUnknown(arns)) {
            cannotJudge(args.notApplicable, [`${attachment.field} of ${attachment.label} ${args.name}`]);
        }
        for (const arn of arns) {
            const name = /^arn:[^:]+:iam::aws:policy\/(?:.*\/)?([^/]+)$/.exec(arn)?.[1];
            if (name !== undefined && forbiddenPolicies.includes(name)) {
                report(`${attachment.label} ${args.name}: ${attachment.field} attaches ${arn}; attach a policy that lists only what the workload needs (forbidden here: ${listing(forbiddenPolicies)}).`);
            }
        }
    },
};

export const iamPolicies = [iamNoWildcardActions, iamNoAdminManagedPolicies];
