import { strict as assert } from "assert";
import { ArchiveRun, bucketKeyArn, runArchive } from "./fixture";
import { ofType, resource } from "../support/harness";
import { archiveBucketBaseName } from "../../components/archive/bucket";

const BUCKET = "aws:s3/bucket:Bucket";
const side = (kind: string) => `aws:s3/${kind[0].toLowerCase()}${kind.slice(1)}:${kind}`;

describe("archive bucket", () => {
    let dev: ArchiveRun;
    let prod: ArchiveRun;
    before(async () => {
        dev = await runArchive({ stack: "dev" });
        prod = await runArchive({ stack: "prod" });
    });

    it("has a globally unique name from a random suffix, and the deprecated BucketV2 is not used", () => {
        const suffix = resource(prod, "random:index/randomId:RandomId", "archive-bucket-suffix");
        assert.deepEqual(suffix.inputs, { byteLength: 4 });
        const bucket = resource(prod, BUCKET, "archive-bucket");
        assert.match(String(bucket.inputs.bucket), /^kafka-platform-prod-archive-[0-9a-f]{8}$/);
        assert.equal(ofType(prod, "aws:s3/bucketV2:BucketV2").length, 0);
        assert.equal(prod.outputs.bucketName, bucket.inputs.bucket);
    });

    it("keeps long or unusual stack names within S3's naming rules", () => {
        const base = archiveBucketBaseName(`kafka-platform-${"very-long-stack-name-".repeat(4)}`);
        assert.ok(base.length + 9 <= 63, base);
        assert.ok(!base.includes("--"), base);
        assert.equal(archiveBucketBaseName("kafka-platform-dev"), "kafka-platform-dev-archive");
        assert.equal(archiveBucketBaseName("kafka-platform-Team_A.eu"), "kafka-platform-team-a-eu-archive");
    });

    it("blocks every kind of public access and disables ACLs", () => {
        for (const run of [dev, prod]) {
            // AWS's id of a bucket is its name: every side resource must name the archive bucket.
            const bucketId = resource(run, "aws:s3/bucket:Bucket", "archive-bucket").inputs.bucket;
            assert.match(String(bucketId), new RegExp(`^kafka-platform-${run.stack}-archive-[0-9a-f]+$`));
            assert.deepEqual(resource(run, side("BucketPublicAccessBlock"), "archive-bucket").inputs, {
                bucket: bucketId,
                blockPublicAcls: true,
                blockPublicPolicy: true,
                ignorePublicAcls: true,
                restrictPublicBuckets: true,
            });
            assert.deepEqual(resource(run, side("BucketOwnershipControls"), "archive-bucket").inputs, {
                bucket: bucketId,
                rule: { objectOwnership: "BucketOwnerEnforced" },
            });
        }
    });

    it("turns versioning on", () => {
        assert.deepEqual(resource(prod, side("BucketVersioning"), "archive-bucket").inputs.versioningConfiguration, { status: "Enabled" });
    });

    it("encrypts with a rotating KMS key and an S3 bucket key in prod", () => {
        const key = resource(prod, "aws:kms/key:Key", "archive-bucket-key");
        assert.equal(key.inputs.enableKeyRotation, true);
        assert.equal(key.inputs.deletionWindowInDays, 30);
        assert.deepEqual(resource(prod, "aws:kms/alias:Alias", "archive-bucket-key").inputs.name, "alias/kafka-platform-prod-archive");
        const sse = resource(prod, side("BucketServerSideEncryptionConfiguration"), "archive-bucket");
        const keyArn = bucketKeyArn(prod);
        assert.match(keyArn, /^arn:aws:kms:eu-central-1:123456789012:key\/[0-9a-f-]{36}$/);
        assert.deepEqual(sse.inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: keyArn }, bucketKeyEnabled: true }]);
        assert.equal(prod.outputs.kmsKeyArn, keyArn);
        assert.ok(sse.dependencies.includes(key.urn));
    });

    it("lets the account use the archive key only through S3 of the region, administrators never", () => {
        const policy = JSON.parse(String(resource(prod, "aws:kms/key:Key", "archive-bucket-key").inputs.policy));
        assert.deepEqual(policy.Statement.map((st: { Sid: string; Principal: unknown }) => [st.Sid, st.Principal]), [
            ["KeyAdministrators", { AWS: "arn:aws:iam::123456789012:root" }],
            ["KeyUsersThroughS3", { AWS: "arn:aws:iam::123456789012:root" }],
        ]);
        assert.deepEqual(policy.Statement[1].Action, ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]);
        assert.deepEqual(policy.Statement[1].Condition, { StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com", "kms:CallerAccount": "123456789012" } });
    });

    it("encrypts with SSE-S3 and creates no key in dev", () => {
        assert.deepEqual(resource(dev, side("BucketServerSideEncryptionConfiguration"), "archive-bucket").inputs.rules, [
            { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } },
        ]);
        assert.equal(ofType(dev, "aws:kms/key:Key").length, 0);
        assert.equal(dev.outputs.kmsKeyArn, undefined);
    });

    it("denies requests without TLS or with TLS older than 1.2, to everyone", () => {
        const bucketArn = `arn:aws:s3:::${String(prod.outputs.bucketName)}`;
        const policy = resource(prod, side("BucketPolicy"), "archive-bucket");
        assert.deepEqual(JSON.parse(String(policy.inputs.policy)), {
            Version: "2012-10-17",
            Statement: [
                {
                    Sid: "DenyInsecureTransport",
                    Effect: "Deny",
                    Principal: { AWS: "*" },
                    Action: "s3:*",
                    Resource: [bucketArn, `${bucketArn}/*`],
                    Condition: { Bool: { "aws:SecureTransport": "false" } },
                },
                {
                    Sid: "DenyOutdatedTls",
                    Effect: "Deny",
                    Principal: { AWS: "*" },
                    Action: "s3:*",
                    Resource: [bucketArn, `${bucketArn}/*`],
                    Condition: { NumericLessThan: { "s3:TlsVersion": "1.2" } },
                },
            ],
        });
        assert.ok(policy.dependencies.includes(resource(prod, side("BucketPublicAccessBlock"), "archive-bucket").urn));
    });

    it("ages archived objects by the environment's lifecycle and cleans up the whole bucket", () => {
        assert.deepEqual(resource(prod, side("BucketLifecycleConfiguration"), "archive-bucket").inputs.rules, [
            {
                id: "age-archived-objects",
                status: "Enabled",
                filter: { prefix: "kafka/" },
                transitions: [
                    { days: 30, storageClass: "STANDARD_IA" },
                    { days: 90, storageClass: "GLACIER_IR" },
                    { days: 365, storageClass: "DEEP_ARCHIVE" },
                ],
                expiration: { days: 2555 },
                noncurrentVersionExpiration: { noncurrentDays: 30 },
            },
            {
                id: "clean-up-incomplete-uploads-and-delete-markers",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
                expiration: { expiredObjectDeleteMarker: true },
            },
        ]);
        assert.deepEqual(resource(dev, side("BucketLifecycleConfiguration"), "archive-bucket").inputs.rules, [
            { id: "age-archived-objects", status: "Enabled", filter: { prefix: "kafka/" }, expiration: { days: 14 }, noncurrentVersionExpiration: { noncurrentDays: 1 } },
            {
                id: "clean-up-incomplete-uploads-and-delete-markers",
                status: "Enabled",
                filter: {},
                abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
                expiration: { expiredObjectDeleteMarker: true },
            },
        ]);
    });

    it("keeps objects forever when expirationDays is null", async () => {
        const run = await runArchive({ stack: "staging", archive: { bucket: { lifecycle: { expirationDays: null } } } });
        const [rule] = resource(run, side("BucketLifecycleConfiguration"), "archive-bucket").inputs.rules as Record<string, unknown>[];
        assert.equal(rule.expiration, undefined);
        assert.deepEqual(rule.transitions, [{ days: 30, storageClass: "STANDARD_IA" }]);
    });

    it("cannot be destroyed by a stack change outside dev: protected, no force-destroy", () => {
        for (const [type, name] of [
            [BUCKET, "archive-bucket"],
            ["aws:kms/key:Key", "archive-bucket-key"],
            ["random:index/randomId:RandomId", "archive-bucket-suffix"],
        ]) {
            assert.equal(resource(prod, type, name).protect, true, `${type} ${name}`);
        }
        assert.equal(resource(prod, BUCKET, "archive-bucket").inputs.forceDestroy, false);
        assert.equal(resource(dev, BUCKET, "archive-bucket").protect, false);
        assert.equal(resource(dev, BUCKET, "archive-bucket").inputs.forceDestroy, true);
    });

    it("parents every piece to the ArchiveBucket component", () => {
        const component = resource(prod, "kafka-platform:archive:ArchiveBucket", "archive-bucket");
        const children = prod.resources.filter((r) => r.parent === component.urn).map((r) => r.type).sort();
        assert.deepEqual(children, [
            "aws:kms/alias:Alias",
            "aws:kms/key:Key",
            BUCKET,
            side("BucketLifecycleConfiguration"),
            side("BucketOwnershipControls"),
            side("BucketPolicy"),
            side("BucketPublicAccessBlock"),
            side("BucketServerSideEncryptionConfiguration"),
            side("BucketVersioning"),
            "random:index/randomId:RandomId",
        ]);
    });
});
