import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { ArchiveConfig } from "../config";
import { PolicyDocument, s3KeyPolicy } from "../shared/iam";

export interface ArchiveBucketArgs {
    bucket: ArchiveConfig["bucket"];
    /** `archive.prefix`: the lifecycle rules that age archived objects apply below it. */
    prefix: string;
    /** `<project>-<stack>`; the bucket is `<namePrefix>-archive-<random hex>`. */
    namePrefix: string;
    /** Outside dev the bucket, its key and its name suffix are protected from deletion. */
    productionLike: boolean;
    provider: aws.Provider;
}

/** S3 bucket names are at most 63 characters; the suffix takes `-archive-` and 8 hex digits. */
const MAX_BASE_LENGTH = 63 - "-archive-".length - 8;

/** Stack names may hold upper case, `.` and `_`, which bucket names (and their DNS use) do not allow. */
export function archiveBucketBaseName(namePrefix: string): string {
    const safe = namePrefix.toLowerCase().replace(/[^a-z0-9-]+/g, "-");
    return `${safe.slice(0, MAX_BASE_LENGTH).replace(/-+$/, "")}-archive`;
}

/** Requests without TLS, or with TLS older than 1.2, are refused whoever makes them. */
export function archiveBucketPolicy(bucketArn: string): PolicyDocument {
    const resources = [bucketArn, `${bucketArn}/*`];
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "s3:*",
                Resource: resources,
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            {
                Sid: "DenyOutdatedTls",
                Effect: "Deny",
                Principal: { AWS: "*" },
                Action: "s3:*",
                Resource: resources,
                Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
            },
        ],
    };
}

export function archiveLifecycleRules(lifecycle: ArchiveConfig["bucket"]["lifecycle"], prefix: string): aws.types.input.s3.BucketLifecycleConfigurationRule[] {
    return [
        {
            id: "age-archived-objects",
            status: "Enabled",
            filter: { prefix: `${prefix}/` },
            ...(lifecycle.transitions.length > 0
                ? { transitions: lifecycle.transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })) }
                : {}),
            ...(lifecycle.expirationDays !== null ? { expiration: { days: lifecycle.expirationDays } } : {}),
            noncurrentVersionExpiration: { noncurrentDays: lifecycle.noncurrentVersionExpirationDays },
        },
        {
            // Whole bucket: an interrupted multipart upload is billed until aborted, wherever it was headed.
            id: "clean-up-incomplete-uploads-and-delete-markers",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: lifecycle.abortIncompleteMultipartUploadDays },
            expiration: { expiredObjectDeleteMarker: true },
        },
    ];
}

/**
 * The bucket Kafka Connect archives topics into: private (public access blocked, ACLs disabled),
 * versioned, encrypted at rest with a rotating KMS key (or SSE-S3), TLS-only, and aged by
 * lifecycle rules. It depends on nothing but the AWS provider.
 */
export class ArchiveBucket extends pulumi.ComponentResource {
    readonly bucketName: pulumi.Output<string>;
    readonly bucketArn: pulumi.Output<string>;
    /** The key objects are encrypted with; undefined with SSE-S3. */
    readonly kmsKeyArn?: pulumi.Output<string>;

    constructor(name: string, args: ArchiveBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:archive:ArchiveBucket", name, {}, opts);
        const o = { parent: this, provider: args.provider };
        const keep = { ...o, protect: args.productionLike };
        const b = args.bucket;

        const suffix = new random.RandomId(`${name}-suffix`, { byteLength: 4 }, { parent: this, protect: args.productionLike });
        const bucket = new aws.s3.Bucket(name, {
            bucket: pulumi.interpolate`${archiveBucketBaseName(args.namePrefix)}-${suffix.hex}`,
            forceDestroy: b.forceDestroy,
        }, keep);

        new aws.s3.BucketOwnershipControls(name, {
            bucket: bucket.id,
            rule: { objectOwnership: "BucketOwnerEnforced" },
        }, o);
        const publicAccess = new aws.s3.BucketPublicAccessBlock(name, {
            bucket: bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, o);
        const versioning = new aws.s3.BucketVersioning(name, {
            bucket: bucket.id,
            versioningConfiguration: { status: "Enabled" },
        }, o);

        let key: aws.kms.Key | undefined;
        if (b.encryption === "kms") {
            const partition = aws.getPartitionOutput({}, o);
            key = new aws.kms.Key(`${name}-key`, {
                description: `Encryption of the Kafka archive in ${args.namePrefix}`,
                enableKeyRotation: true,
                deletionWindowInDays: b.kmsKeyDeletionWindowDays,
                policy: pulumi
                    .all([partition.partition, partition.dnsSuffix, aws.getRegionOutput({}, o).region, aws.getCallerIdentityOutput({}, o).accountId])
                    .apply(([p, suffix, r, a]) => JSON.stringify(s3KeyPolicy(p, r, a, suffix))),
            }, keep);
            new aws.kms.Alias(`${name}-key`, { name: `alias/${archiveBucketBaseName(args.namePrefix)}`, targetKeyId: key.keyId }, o);
        }
        new aws.s3.BucketServerSideEncryptionConfiguration(name, {
            bucket: bucket.id,
            rules: [
                key
                    ? {
                          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn },
                          // One data key per bucket instead of one KMS call per object: the sink writes many small objects.
                          bucketKeyEnabled: true,
                      }
                    : { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
            ],
        }, o);

        // After the public access block, so S3 never sees a policy on a bucket that could still be made public.
        new aws.s3.BucketPolicy(name, {
            bucket: bucket.id,
            policy: bucket.arn.apply((arn) => JSON.stringify(archiveBucketPolicy(arn))),
        }, { ...o, dependsOn: [publicAccess] });

        // The rules expire noncurrent versions, which only exist once versioning is on.
        new aws.s3.BucketLifecycleConfiguration(name, {
            bucket: bucket.id,
            rules: archiveLifecycleRules(b.lifecycle, args.prefix),
        }, { ...o, dependsOn: [versioning] });

        this.bucketName = bucket.bucket;
        this.bucketArn = bucket.arn;
        this.kmsKeyArn = key?.arn;
        this.registerOutputs({ bucketName: this.bucketName, bucketArn: this.bucketArn, kmsKeyArn: this.kmsKeyArn });
    }
}
