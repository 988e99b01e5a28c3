import { strict as assert } from "assert";
import { iamNoAdminManagedPolicies, iamNoWildcardActions } from "../../policies/rules/iam";
import { resourceMessages, UNKNOWN_INPUT, validateResource } from "../support/policyArgs";

const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";
const BUCKET_ARN = "arn:aws:s3:::kafka-platform-prod-archive-3f9a1c";

function document(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

const sinkWrites = { Sid: "SinkWrites", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:Get*"], Resource: `${BUCKET_ARN}/*` };

describe("policy iam-no-wildcard-actions", () => {
    const check = (type: string, props: Record<string, unknown>, config?: Record<string, unknown>) => resourceMessages(iamNoWildcardActions, type, props, { name: "sink", config });
    const advice = "list only the actions the workload needs.";

    it("passes a policy that lists its actions, and denies that use wildcards", async () => {
        const deny = { Effect: "Deny", Action: "*", Resource: "*", Condition: { Bool: { "aws:SecureTransport": "false" } } };
        assert.deepEqual(await check(ROLE_POLICY, { role: "sink", policy: document(sinkWrites, deny) }), []);
    });

    it('reports "s3:*" on one bucket and "*" on everything, in any letter case', async () => {
        assert.deepEqual(await check(ROLE_POLICY, { role: "sink", policy: document({ ...sinkWrites, Action: ["s3:GetObject", "S3:*"] }) }), [
            `RolePolicy sink: statement 0 (SinkWrites) allows "S3:*", which grants every s3 action; ${advice}`,
        ]);
        assert.deepEqual(await check(ROLE_POLICY, { role: "sink", policy: document({ Effect: "Allow", Action: "*", Resource: "*" }) }), [
            `RolePolicy sink: statement 0 allows "*", which grants every action of every AWS service on every resource ("*"); ${advice}`,
        ]);
    });

    it("reports Allow with NotAction", async () => {
        assert.deepEqual(await check(ROLE_POLICY, { role: "sink", policy: document({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }), [
            "RolePolicy sink: statement 0 allows every action except those in NotAction; list the allowed actions in Action instead.",
        ]);
    });

    it("reads object documents, managed and user policies, and a role's inline policies", async () => {
        const wildcard = { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "s3:*", Resource: BUCKET_ARN } };
        assert.deepEqual(await check("aws:iam/policy:Policy", { policy: wildcard }), [`Policy sink: statement 0 allows "s3:*", which grants every s3 action; ${advice}`]);
        assert.deepEqual(await check("aws:iam/userPolicy:UserPolicy", { user: "ci", policy: JSON.stringify(wildcard) }), [
            `UserPolicy sink: statement 0 allows "s3:*", which grants every s3 action; ${advice}`,
        ]);
        const role = { assumeRolePolicy: "{}", inlinePolicies: [{ name: "read", policy: document(sinkWrites) }, { name: "archive", policy: JSON.stringify(wildcard) }] };
        assert.deepEqual(await check("aws:iam/role:Role", role), [`Role sink inlinePolicies[1] (archive): statement 0 allows "s3:*", which grants every s3 action; ${advice}`]);
    });

    it("takes the forbidden actions from the config", async () => {
        const kmsAll = { role: "sink", policy: document({ Effect: "Allow", Action: ["kms:*", "s3:*"], Resource: "*" }) };
        assert.deepEqual(await check(ROLE_POLICY, kmsAll, { forbiddenActions: ["*", "kms:*"] }), [
            `RolePolicy sink: statement 0 allows "kms:*", which grants every kms action on every resource ("*"); ${advice}`,
        ]);
    });

    it("cannot judge a document unknown during a preview, says so, and leaves malformed JSON to AWS", async () => {
        assert.deepEqual(await validateResource(iamNoWildcardActions, ROLE_POLICY, { role: "sink", policy: UNKNOWN_INPUT }, { name: "sink" }), {
            messages: [],
            notApplicable: "cannot judge during preview: the policy document of RolePolicy sink is unknown until the update; pulumi up judges it before applying",
        });
        assert.deepEqual(await check(ROLE_POLICY, { role: "sink", policy: "{not json" }), []);
    });
});

describe("policy iam-no-admin-managed-policies", () => {
    const check = (type: string, props: Record<string, unknown>, config?: Record<string, unknown>) => resourceMessages(iamNoAdminManagedPolicies, type, props, { name: "admin", config });
    const attachment = "aws:iam/rolePolicyAttachment:RolePolicyAttachment";
    const forbidden = "(forbidden here: AdministratorAccess, PowerUserAccess, IAMFullAccess and AmazonS3FullAccess)";

    it("passes scoped AWS-managed policies and customer-managed policies of any name", async () => {
        assert.deepEqual(await check(attachment, { role: "ebs-csi", policyArn: "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy" }), []);
        assert.deepEqual(await check(attachment, { role: "ebs-csi", policyArn: "arn:aws:iam::123456789012:policy/AdministratorAccess" }), []);
    });

    it("reports an administrator or whole-service policy, in any partition and through any attachment", async () => {
        assert.deepEqual(await check(attachment, { role: "ci", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" }), [
            `RolePolicyAttachment admin: policyArn attaches arn:aws:iam::aws:policy/AdministratorAccess; attach a policy that lists only what the workload needs ${forbidden}.`,
        ]);
        assert.deepEqual(await check("aws:iam/role:Role", { assumeRolePolicy: "{}", managedPolicyArns: ["arn:aws-cn:iam::aws:policy/AmazonS3FullAccess"] }), [
            `Role admin: managedPolicyArns attaches arn:aws-cn:iam::aws:policy/AmazonS3FullAccess; attach a policy that lists only what the workload needs ${forbidden}.`,
        ]);
        const exclusive = "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive";
        assert.equal((await check(exclusive, { roleName: "ci", policyArns: ["arn:aws:iam::aws:policy/PowerUserAccess"] })).length, 1);
    });

    it("takes the forbidden policies from the config", async () => {
        const readOnly = { role: "ci", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" };
        assert.deepEqual(await check(attachment, readOnly), []);
        assert.equal((await check(attachment, readOnly, { forbiddenPolicies: ["ReadOnlyAccess"] })).length, 1);
    });

    it("cannot judge an unknown ARN, and says so", async () => {
        assert.deepEqual(await validateResource(iamNoAdminManagedPolicies, attachment, { role: "ci", policyArn: UNKNOWN_INPUT }, { name: "admin" }), {
            messages: [],
            notApplicable: "cannot judge during preview: policyArn of RolePolicyAttachment admin is unknown until the update; pulumi up judges it before applying",
        });
    });
});
