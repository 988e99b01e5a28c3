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
                // EC2 too: the key policies allow grants through EC2 only, and without it the role could
                // create grants through any service that does so on its caller's behalf (EKS on the secrets key).
                Condition: { Bool: { "kms:GrantIsForAWSResource": "true" }, StringEquals: { "kms:ViaService": `ec2.${region}.amazonaws.com` } },
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
 * It covers every call the AWS provider makes for a key and its alias (terraform-provider-aws
 * internal/service/kms key.go and alias.go: DescribeKey, GetKeyPolicy, GetKeyRotationStatus,
 * ListResourceTags, PutKeyPolicy, Enable/DisableKeyRotation, Enable/DisableKey, UpdateKeyDescription,
 * Tag/UntagResource, ScheduleKeyDeletion, Create/Update/DeleteAlias). `kms:CreateAlias` rather than
 * the usual `kms:Create*`: that wildcard includes `kms:CreateGrant`, with which an administrator could
 * grant itself Decrypt; grants come only from the services that use the key (their own statements).
 */
export const KMS_ADMIN_ACTIONS = [
    "kms:CreateAlias",
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
        Statement: [kmsKeyAdministrators(partition, accountId), kmsUsersThroughEc2("KeyUsersThroughEbs", partition, region, accountId)],
    };
}

/** Principals of the account may use a key for EBS volumes, only through EC2 in the region (AWS's aws/ebs key policy). */
function kmsUsersThroughEc2(sid: string, partition: string, region: string, accountId: string): PolicyStatement {
    return kmsUsersThrough(sid, partition, accountId, `ec2.${region}.amazonaws.com`, [
        "kms:Encrypt",
        "kms:Decrypt",
        "kms:ReEncrypt*",
        "kms:GenerateDataKey*",
        "kms:CreateGrant",
        "kms:ListGrants",
        "kms:RevokeGrant",
        "kms:DescribeKey",
    ]);
}

function kmsUsersThrough(sid: string, partition: string, accountId: string, viaService: string, actions: string[]): PolicyStatement {
    return {
        Sid: sid,
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: actions,
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": viaService, "kms:CallerAccount": accountId } },
    };
}

/**
 * Key policy of the archive bucket's key: administered by the account; used by principals of the
 * account only through S3 of the region (the conditions of AWS's own aws/s3 key policy), so IAM
 * decides who writes and reads the archive (the sink's role asks for the same `kms:ViaService`) and
 * nobody decrypts an object outside S3.
 */
export function s3KeyPolicy(partition: string, region: string, accountId: string, dnsSuffix: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            kmsKeyAdministrators(partition, accountId),
            kmsUsersThrough("KeyUsersThroughS3", partition, accountId, `s3.${region}.${dnsSuffix}`, [
                "kms:Encrypt",
                "kms:Decrypt",
                "kms:ReEncrypt*",
                "kms:GenerateDataKey*",
                "kms:DescribeKey",
            ]),
        ],
    };
}

/**
 * Key policy of the EKS secrets key (envelope encryption of the Kubernetes API data): administered by
 * the account; otherwise usable only as EKS needs it.
 *
 * - Whoever calls CreateCluster (or AssociateEncryptionConfig) needs kms:DescribeKey and kms:CreateGrant
 *   on the key, and EKS makes those calls on the caller's behalf (EKS user guide, enable-kms.adoc and
 *   security-k8s.adoc). Only through EKS of the region: `kms:ViaService` eks.<region> is a value AWS
 *   KMS documents (aws-kms-developer-guide conditions-kms.md, kms:ViaService table). Not
 *   `kms:GrantIsForAWSResource`: the EKS user guide says that condition is not supported for
 *   CreateCluster and must not guard its CreateGrant.
 * - The control plane encrypts and decrypts through the grant EKS creates then, not through this
 *   policy: pulumi-eks 4.3.0 gives its cluster role only AmazonEKSClusterPolicy, whose one KMS action
 *   is kms:DescribeKey (EKS user guide cluster-iam-role.adoc), and EKS reports a revoked grant as the
 *   cluster issue KmsGrantRevoked. The role's DescribeKey goes through IAM via the administrators'
 *   statement (it names the account). terraform-aws-eks 21.x additionally makes the cluster role a key
 *   user; that needs the role's ARN here, which pulumi-eks only creates with the cluster (a cycle).
 * - With `ebsVolumes`, EBS volumes through EC2 as on the EBS key: Kafka volumes created before the
 *   cluster had an EBS key of its own were encrypted with this key, and attaching them needs grants.
 */
export function eksSecretsKeyPolicy(partition: string, region: string, accountId: string, options: { ebsVolumes: boolean }): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            kmsKeyAdministrators(partition, accountId),
            {
                Sid: "ClusterCreationThroughEks",
                Effect: "Allow",
                Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
                Action: ["kms:CreateGrant", "kms:DescribeKey"],
                Resource: "*",
                Condition: { StringEquals: { "kms:ViaService": `eks.${region}.amazonaws.com`, "kms:CallerAccount": accountId } },
            },
            ...(options.ebsVolumes ? [kmsUsersThroughEc2("FormerKafkaVolumesThroughEbs", partition, region, accountId)] : []),
        ],
    };
}
