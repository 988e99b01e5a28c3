import { PolicyDocument } from "../shared/iam";
import { pushCredentialsNames } from "./pushCredentialsManifests";

/** Strimzi runs the Connect pods as `<connect name>-connect` (KafkaConnectResources.serviceAccountName). */
export function connectServiceAccountName(connectName: string): string {
    return `${connectName}-connect`;
}

/** The service account of the jobs that keep the build's ECR push token fresh (pushCredentialsManifests.ts). */
export function pushCredentialsServiceAccountName(connectName: string): string {
    return pushCredentialsNames(connectName).serviceAccount;
}

/**
 * What the Aiven S3 sink calls: it writes every object as a multipart upload (create, upload
 * parts, complete: all authorised by s3:PutObject) and aborts the upload when a write fails.
 * It never reads, lists or deletes, so it gets no permission to.
 */
export const SINK_S3_ACTIONS = ["s3:PutObject", "s3:AbortMultipartUpload"] as const;

/** An SSE-KMS multipart upload needs a data key (GenerateDataKey) and, to complete it, Decrypt. */
export const SINK_KMS_ACTIONS = ["kms:GenerateDataKey", "kms:Decrypt"] as const;

export interface SinkKey {
    keyArn: string;
    /** Region of the bucket, for the kms:ViaService condition. */
    region: string;
    /** DNS suffix of the partition (amazonaws.com outside China). */
    dnsSuffix: string;
}

/** The Connect workers may write objects below the archive prefix of one bucket, and use its key only through S3. */
export function sinkPolicy(bucketArn: string, prefix: string, key?: SinkKey): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteArchivedObjects",
                Effect: "Allow",
                Action: [...SINK_S3_ACTIONS],
                Resource: `${bucketArn}/${prefix}/*`,
            },
            ...(key
                ? [
                      {
                          Sid: "EncryptArchivedObjects",
                          Effect: "Allow" as const,
                          Action: [...SINK_KMS_ACTIONS],
                          Resource: key.keyArn,
                          Condition: { StringEquals: { "kms:ViaService": `s3.${key.region}.${key.dnsSuffix}` } },
                      },
                  ]
                : []),
        ],
    };
}

/** Layer and manifest calls of a registry push, including the existence checks a builder makes first. */
export const ECR_PUSH_ACTIONS = [
    "ecr:BatchCheckLayerAvailability",
    "ecr:BatchGetImage",
    "ecr:CompleteLayerUpload",
    "ecr:GetDownloadUrlForLayer",
    "ecr:InitiateLayerUpload",
    "ecr:PutImage",
    "ecr:UploadLayerPart",
] as const;

/**
 * The build pod may push to one repository. ecr:GetAuthorizationToken is the one action with
 * `Resource: "*"`: the token is issued per registry, not per repository, so IAM cannot scope it;
 * on its own the token grants nothing, every repository call is still checked against the
 * statement below. It is kept in its own statement so that no other action shares the wildcard.
 */
export function imagePushPolicy(repositoryArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            { Sid: "GetRegistryToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
            { Sid: "PushConnectImage", Effect: "Allow", Action: [...ECR_PUSH_ACTIONS], Resource: repositoryArn },
        ],
    };
}
