import { strict as assert } from "assert";
import { ebsKeyPolicy, eksSecretsKeyPolicy, logGroupKeyPolicy, s3KeyPolicy } from "../../components/shared/iam";
import { kmsKeyUseThroughServices } from "../../policies/rules/kms";
import { resourceMessages, UNKNOWN_INPUT, validateResource } from "../support/policyArgs";

const KEY = "aws:kms/key:Key";
const ROOT = "arn:aws:iam::123456789012:root";
const ADVICE = "so whoever IAM allows can encrypt, decrypt or grant with it directly; limit it to the service that uses the key (kms:ViaService), or name that service as the principal.";

function policy(...statements: Record<string, unknown>[]): string {
    return JSON.stringify({ Version: "2012-10-17", Statement: statements });
}

/** The "Enable IAM User Permissions" statement of AWS's default key policy. */
const defaultStatement = { Sid: "Enable IAM User Permissions", Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:*", Resource: "*" };

describe("policy kms-key-use-through-services", () => {
    const check = (props: Record<string, unknown>, type = KEY) => resourceMessages(kmsKeyUseThroughServices, type, props, { name: "cluster-secrets" });

    it("passes every key policy the program renders", async () => {
        for (const document of [
            eksSecretsKeyPolicy("aws", "eu-central-1", "123456789012", { ebsVolumes: true }),
            eksSecretsKeyPolicy("aws", "eu-central-1", "123456789012", { ebsVolumes: false }),
            ebsKeyPolicy("aws", "eu-central-1", "123456789012"),
            logGroupKeyPolicy("aws", "eu-central-1", "123456789012", "/aws/eks/c/cluster"),
            s3KeyPolicy("aws", "eu-central-1", "123456789012", "amazonaws.com"),
        ]) {
            assert.deepEqual(await check({ policy: JSON.stringify(document) }), [], document.Statement.map((s) => s.Sid).join(","));
        }
    });

    it("reports a key without a policy: AWS's default gives the account kms:*", async () => {
        assert.deepEqual(await check({ enableKeyRotation: true }), [
            "KMS key cluster-secrets sets no policy, so AWS gives it the default one: kms:* to the account, which lets whoever IAM allows use the key directly and grant its use; set a policy that keeps administrators and users apart (an aws.kms.KeyPolicy for this key is not linked to it here: set the policy on the key).",
        ]);
    });

    it("reports the default policy written out, and Decrypt or kms:Create* to the account without kms:ViaService", async () => {
        assert.deepEqual(await check({ policy: policy(defaultStatement) }), [
            `KMS key cluster-secrets: statement 0 (Enable IAM User Permissions) lets "${ROOT}" use the key ("kms:*") without a kms:ViaService condition, ${ADVICE}`,
        ]);
        const admins = { Sid: "KeyAdministrators", Effect: "Allow", Principal: { AWS: [ROOT] }, Action: ["kms:Create*", "kms:Describe*"], Resource: "*" };
        const decrypt = { Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } };
        assert.deepEqual(await check({ policy: policy(admins, decrypt) }), [
            `KMS key cluster-secrets: statement 0 (KeyAdministrators) lets "${ROOT}" use the key ("kms:Create*") without a kms:ViaService condition, ${ADVICE}`,
            `KMS key cluster-secrets: statement 1 lets "*" use the key ("kms:Decrypt") without a kms:ViaService condition, ${ADVICE}`,
        ]);
    });

    it("does not count kms:ViaService that a direct call also satisfies: IfExists, negated, or just \"*\"", async () => {
        const use = (condition: Record<string, unknown>) => ({ Effect: "Allow", Principal: { AWS: ROOT }, Action: ["kms:Decrypt"], Resource: "*", Condition: condition });
        const messages = await check({
            policy: policy(
                use({ StringEqualsIfExists: { "kms:ViaService": "ec2.eu-central-1.amazonaws.com" } }),
                use({ StringNotEquals: { "kms:ViaService": "lambda.eu-central-1.amazonaws.com" } }),
                use({ StringLike: { "kms:ViaService": "*" } }),
                use({ StringLike: { "KMS:ViaService": ["ec2.*.amazonaws.com"] } }),
            ),
        });
        assert.deepEqual(messages.map((m) => m.split(" lets ")[0]), ["KMS key cluster-secrets: statement 0", "KMS key cluster-secrets: statement 1", "KMS key cluster-secrets: statement 2"]);
    });

    it("leaves service principals, administration and Deny statements alone, and reports Allow with NotAction", async () => {
        const logs = { Effect: "Allow", Principal: { Service: "logs.eu-central-1.amazonaws.com" }, Action: "kms:*", Resource: "*" };
        const admin = { Effect: "Allow", Principal: { AWS: ROOT }, Action: ["kms:Describe*", "kms:Put*", "kms:ScheduleKeyDeletion"], Resource: "*" };
        const deny = { Effect: "Deny", Principal: "*", Action: "kms:*", Resource: "*" };
        assert.deepEqual(await check({ policy: policy(logs, admin, deny) }), []);
        assert.deepEqual(await check({ policy: policy({ Effect: "Allow", Principal: { AWS: ROOT }, NotAction: "kms:Decrypt", Resource: "*" }) }), [
            `KMS key cluster-secrets: statement 0 allows "${ROOT}" every action except those in NotAction, using the key included; list the allowed actions in Action instead.`,
        ]);
    });

    it("reports use through a service by \"*\" or NotPrincipal unless a condition names the callers' account", async () => {
        const viaS3 = { "kms:ViaService": "s3.eu-central-1.amazonaws.com" };
        const anyone = (condition: Record<string, unknown>) => ({ Effect: "Allow", Principal: { AWS: "*" }, Action: ["kms:Decrypt", "kms:DescribeKey"], Resource: "*", Condition: condition });
        const fromAnyAccount = (n: number, who: string) =>
            `KMS key cluster-secrets: statement ${n} lets ${who} use the key ("kms:Decrypt") through a service from any AWS account; add a kms:CallerAccount condition naming the account, as AWS's own aws/s3 and aws/ebs key policies do.`;
        assert.deepEqual(
            await check({
                policy: policy(
                    anyone({ StringEquals: viaS3 }),
                    anyone({ StringEquals: viaS3, StringEqualsIfExists: { "kms:CallerAccount": "123456789012" } }),
                    anyone({ StringEquals: { ...viaS3, "kms:CallerAccount": "*" } }),
                    anyone({ StringEquals: { ...viaS3, "kms:CallerAccount": "123456789012" } }),
                    anyone({ StringEquals: { ...viaS3, "aws:PrincipalOrgID": "o-a1b2c3d4e5" } }),
                    { Effect: "Allow", Principal: { AWS: ROOT }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: viaS3 } },
                ),
            }),
            [fromAnyAccount(0, '"*"'), fromAnyAccount(1, '"*"'), fromAnyAccount(2, '"*"')],
        );
        const everyoneBut = (condition?: Record<string, unknown>) => ({ Effect: "Allow", NotPrincipal: { AWS: ROOT }, Action: "kms:Decrypt", Resource: "*", ...(condition ? { Condition: condition } : {}) });
        assert.deepEqual(await check({ policy: policy(everyoneBut(), everyoneBut({ StringEquals: viaS3 }), everyoneBut({ StringEquals: { ...viaS3, "kms:CallerAccount": "123456789012" } })) }), [
            `KMS key cluster-secrets: statement 0 lets every principal not in NotPrincipal use the key ("kms:Decrypt") without a kms:ViaService condition, ${ADVICE}`,
            fromAnyAccount(1, "every principal not in NotPrincipal"),
        ]);
    });

    it("judges aws.kms.KeyPolicy's policy the same way", async () => {
        assert.deepEqual(await check({ keyId: "k", policy: policy(defaultStatement) }, "aws:kms/keyPolicy:KeyPolicy"), [
            `KMS key policy cluster-secrets: statement 0 (Enable IAM User Permissions) lets "${ROOT}" use the key ("kms:*") without a kms:ViaService condition, ${ADVICE}`,
        ]);
    });

    it("cannot judge a policy unknown during a preview, and says so", async () => {
        assert.deepEqual(await validateResource(kmsKeyUseThroughServices, KEY, { policy: UNKNOWN_INPUT }, { name: "cluster-secrets" }), {
            messages: [],
            notApplicable: "cannot judge during preview: the policy of KMS key cluster-secrets is unknown until the update; pulumi up judges it before applying",
        });
    });
});
