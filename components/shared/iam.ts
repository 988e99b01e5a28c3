/** IAM policy documents as plain data, so tests and policies can read the exact statements. */

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Principal?: Record<string, string | string[]>;
    Action: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, string | string[]>>;
}

export interface PolicyDocument {
    Version: "2012-10-17";
    Statement: PolicyStatement[];
}

export const STS_AUDIENCE = "sts.amazonaws.com";

/**
 * Trust for IAM Roles for Service Accounts: only the one service account, and only tokens minted
 * for STS, may assume the role.
 */
export function irsaTrustPolicy(oidcProviderArn: string, oidcIssuer: string, namespace: string, serviceAccount: string): PolicyDocument {
    const issuer = oidcIssuer.replace(/^https:\/\//, "");
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: oidcProviderArn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${issuer}:sub`]: `system:serviceaccount:${namespace}:${serviceAccount}`,
                        [`${issuer}:aud`]: STS_AUDIENCE,
                    },
                },
            },
        ],
    };
}

export function serviceTrustPolicy(service: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: service }, Action: "sts:AssumeRole" }],
    };
}

/**
 * What the EBS CSI controller needs of the keys its volumes are encrypted with, and only through EC2
 * (`kms:ViaService`): EC2 encrypts, decrypts and creates the attachment grants on the role's behalf,
 * and the role itself can never call KMS on the key directly.
 */
export function kmsForEbsPolicy(keyArns: string[], region: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "GrantsForAttachedVolumes",
                Effect: "Allow",
                Action: ["kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant"],
                Resource: keyArns,
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" } },
            },
            {
                Sid: "EncryptVolumesThroughEc2",
                Effect: "Allow",
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"],
                Resource: keyArns,
                Condition: { StringEquals: { "kms:ViaService": `ec2.${region}.amazonaws.com` } },
            },
        ],
    };
}

/**
 * What a key's administrators may do: manage, rotate, tag and schedule deletion of the key, but not
 * use it. Granted to the account (IAM decides which administrators), so no principal is locked out.
 */
export const KMS_ADMIN_ACTIONS = [
    "kms:Create*",
    "kms:Describe*",
    "kms:Enable*",
    "kms:List*",
    "kms:Put*",
    "kms:Update*",
    "kms:Revoke*",
    "kms:Disable*",
    "kms:Get*",
    "kms:Delete*",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:ScheduleKeyDeletion",
    "kms:CancelKeyDeletion",
    "kms:RotateKeyOnDemand",
] as const;

/** The statement that lets the account's IAM administrators administer a key (and nothing more). */
export function kmsKeyAdministrators(partition: string, accountId: string): PolicyStatement {
    return {
        Sid: "KeyAdministrators",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: [...KMS_ADMIN_ACTIONS],
        Resource: "*",
    };
}

/**
 * Key policy of the control-plane log group's key: administered by the account, used only by
 * CloudWatch Logs of the region, and only for that one log group (the encryption context CloudWatch
 * Logs sends, per its KMS documentation).
 */
export function logGroupKeyPolicy(partition: string, region: string, accountId: string, logGroupName: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            kmsKeyAdministrators(partition, accountId),
            {
                Sid: "CloudWatchLogsOfThisLogGroup",
                Effect: "Allow",
                Principal: { Service: `logs.${region}.amazonaws.com` },
                Action: ["kms:Encrypt*", "kms:Decrypt*", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:Describe*"],
                Resource: "*",
                Condition: { ArnEquals: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:${logGroupName}` } },
            },
        ],
    };
}

/**
 * Key policy of the EBS volume key: administered by the account; used by principals of the account
 * only through EC2 in the region (the conditions of AWS's own aws/ebs key policy), so IAM decides
 * who may create volumes with it and nobody can decrypt with it outside EBS.
 */
export function ebsKeyPolicy(partition: string, region: string, accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            kmsKeyAdministrators(partition, accountId),
            {
                Sid: "KeyUsersThroughEbs",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:CreateGrant", "kms:ListGrants", "kms:RevokeGrant", "kms:DescribeKey"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": `ec2.${region}.amazonaws.com`, "kms:CallerAccount": accountId } },
            },
        ],
    };
}
