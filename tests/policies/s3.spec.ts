import { strict as assert } from "assert";
import {
    s3AbortMultipartUploads,
    s3BucketEncryption,
    s3BucketOwnerEnforced,
    s3BucketVersioning,
    s3Policies,
    s3PublicAccessBlock,
    s3TlsOnlyPolicy,
} from "../../policies/rules/s3";
import { stackFindings, stackOutcome, StackResource, UNKNOWN_INPUT } from "../support/policyArgs";
import { archiveBucket, BUCKET_NAME, Obj, tlsOnlyPolicy } from "../support/policyFixtures";

const LABEL = `Bucket ${BUCKET_NAME}`;
const unjudged = (what: string) => `cannot judge during preview: the ${what} of ${LABEL} is unknown until the update; pulumi up judges it only after applying the update`;
const TLS_STATEMENT = '{Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, "<bucket ARN>/*"], Condition: {Bool: {"aws:SecureTransport": "false"}}}';

/** The archive bucket with one side resource removed (by name suffix) or edited. */
function bucketWithout(...suffixes: string[]): StackResource[] {
    return archiveBucket().filter((r) => !suffixes.some((s) => r.name === `archive-${s}`));
}

function bucketEditing(suffix: string, edit: (props: Obj) => void): StackResource[] {
    const resources = archiveBucket();
    const target = resources.find((r) => r.name === (suffix === "" ? "archive" : `archive-${suffix}`));
    if (!target) {
        throw new Error(`no archive-${suffix}`);
    }
    edit(target.props);
    return resources;
}

function onlyBucket(props: Obj, type = "aws:s3/bucket:Bucket"): StackResource[] {
    return [{ type, name: "archive", props: { bucket: BUCKET_NAME, ...props } }];
}

describe("S3 policies", () => {
    describe("find each bucket's controls", () => {
        it("pass a bucket with every control, as Bucket or as the deprecated BucketV2", async () => {
            for (const type of ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"]) {
                for (const policy of s3Policies) {
                    assert.deepEqual(await stackFindings(policy, archiveBucket("archive", type)), [], `${policy.name} on ${type}`);
                }
            }
        });

        it("join controls through plain dependencies, or through the bucket name alone", async () => {
            const byDependency = archiveBucket().map((r) => ({ ...r, propertyDependencies: undefined }));
            const byName = archiveBucket().map((r) => ({ ...r, propertyDependencies: undefined, dependsOn: undefined }));
            for (const policy of s3Policies) {
                assert.deepEqual(await stackFindings(policy, byDependency), [], policy.name);
                assert.deepEqual(await stackFindings(policy, byName), [], policy.name);
            }
        });

        it("do not credit one bucket with another's controls", async () => {
            const bare: StackResource = { type: "aws:s3/bucket:Bucket", name: "scratch", props: { bucket: "scratch-bucket" } };
            const findings = await stackFindings(s3PublicAccessBlock, [...archiveBucket(), bare]);
            assert.deepEqual(findings, [
                {
                    resource: "scratch",
                    message: "Bucket scratch-bucket has no public access block; add a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
                },
            ]);
        });
    });

    describe("policy s3-bucket-encryption", () => {
        it("reports a bucket that leaves encryption to S3's SSE-S3 default, and one set to AES256", async () => {
            assert.deepEqual(await stackFindings(s3BucketEncryption, bucketWithout("encryption")), [
                {
                    resource: "archive",
                    message: `${LABEL} sets no default encryption, so S3 applies SSE-S3 (AES256); add a BucketServerSideEncryptionConfiguration with sseAlgorithm "aws:kms" or "aws:kms:dsse" and a customer-managed KMS key.`,
                },
            ]);
            const sseS3 = bucketEditing("encryption", (p) => (p.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]));
            assert.deepEqual(await stackFindings(s3BucketEncryption, sseS3), [{ resource: "archive", message: `${LABEL} encrypts with "AES256"; set sseAlgorithm to "aws:kms" or "aws:kms:dsse".` }]);
        });

        it("takes the allowed algorithms from the config: dev accepts SSE-S3", async () => {
            const config = { allowedAlgorithms: ["AES256", "aws:kms", "aws:kms:dsse"] };
            assert.deepEqual(await stackFindings(s3BucketEncryption, bucketWithout("encryption"), config), []);
            const sseS3 = bucketEditing("encryption", (p) => (p.rules = [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]));
            assert.deepEqual(await stackFindings(s3BucketEncryption, sseS3, config), []);
        });

        it("reads the deprecated inline settings of Bucket and BucketV2", async () => {
            const kms = { sseAlgorithm: "aws:kms" };
            assert.deepEqual(await stackFindings(s3BucketEncryption, onlyBucket({ serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: kms } } })), []);
            const v2 = onlyBucket({ serverSideEncryptionConfigurations: [{ rules: [{ applyServerSideEncryptionByDefaults: [kms] }] }] }, "aws:s3/bucketV2:BucketV2");
            assert.deepEqual(await stackFindings(s3BucketEncryption, v2), []);
        });

        it("cannot judge unknown rules", async () => {
            assert.deepEqual(await stackOutcome(s3BucketEncryption, bucketEditing("encryption", (p) => (p.rules = UNKNOWN_INPUT))), {
                findings: [],
                notApplicable: unjudged("default encryption"),
            });
        });
    });

    describe("policy s3-bucket-versioning", () => {
        it("reports a bucket without versioning, and one whose versioning is suspended", async () => {
            assert.deepEqual(await stackFindings(s3BucketVersioning, bucketWithout("versioning")), [
                {
                    resource: "archive",
                    message: `${LABEL} has no versioning; add a BucketVersioning with versioningConfiguration.status "Enabled" so overwritten or deleted objects can be recovered.`,
                },
            ]);
            assert.deepEqual(await stackFindings(s3BucketVersioning, bucketEditing("versioning", (p) => (p.versioningConfiguration.status = "Suspended"))), [
                { resource: "archive", message: `${LABEL} does not keep versions (BucketVersioning archive-versioning sets status "Suspended"); set versioningConfiguration.status to "Enabled".` },
            ]);
        });

        it("accepts the V2 side resource and the deprecated inline settings", async () => {
            const v2Side = archiveBucket().map((r) => (r.name === "archive-versioning" ? { ...r, type: "aws:s3/bucketVersioningV2:BucketVersioningV2" } : r));
            assert.deepEqual(await stackFindings(s3BucketVersioning, v2Side), []);
            assert.deepEqual(await stackFindings(s3BucketVersioning, onlyBucket({ versioning: { enabled: true } })), []);
            assert.deepEqual(await stackFindings(s3BucketVersioning, onlyBucket({ versionings: [{ enabled: true }] }, "aws:s3/bucketV2:BucketV2")), []);
            assert.equal((await stackFindings(s3BucketVersioning, onlyBucket({ versioning: { enabled: false } }))).length, 1);
        });
    });

    describe("policy s3-public-access-block", () => {
        it("reports a missing block and a block with settings off", async () => {
            assert.deepEqual(await stackFindings(s3PublicAccessBlock, bucketWithout("public-access")), [
                {
                    resource: "archive",
                    message: `${LABEL} has no public access block; add a BucketPublicAccessBlock with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.`,
                },
            ]);
            const partial = bucketEditing("public-access", (p) => Object.assign(p, { blockPublicPolicy: false, restrictPublicBuckets: undefined }));
            assert.deepEqual(await stackFindings(s3PublicAccessBlock, partial), [
                { resource: "archive", message: `${LABEL}: its public access block leaves blockPublicPolicy and restrictPublicBuckets off; set them to true.` },
            ]);
        });

        it("cannot judge unknown settings", async () => {
            assert.deepEqual(await stackOutcome(s3PublicAccessBlock, bucketEditing("public-access", (p) => (p.blockPublicAcls = UNKNOWN_INPUT))), {
                findings: [],
                notApplicable: unjudged("public access block"),
            });
        });
    });

    describe("the bucket's state as the AWS provider reports it after the create", () => {
        /** aws 7.48's read of a new bucket: the owner's grant and S3's default SSE-S3, before any side resource applies. */
        const providerRead = (props: Obj) =>
            Object.assign(props, {
                acl: "private",
                grants: [{ id: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", type: "CanonicalUser", permissions: ["FULL_CONTROL"], uri: "" }],
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256", kmsMasterKeyId: "" }, bucketKeyEnabled: false } },
                versioning: { enabled: false, mfaDelete: false },
                lifecycleRules: [],
            });

        it("passes every rule while the side resources set what the rules guard", async () => {
            for (const policy of s3Policies) {
                assert.deepEqual(await stackFindings(policy, bucketEditing("", providerRead)), [], policy.name);
            }
        });

        it("still reports what the side resources would have fixed", async () => {
            const withoutSides = bucketEditing("", providerRead).filter((r) => !["archive-encryption", "archive-ownership"].includes(r.name));
            assert.deepEqual(await stackFindings(s3BucketEncryption, withoutSides), [{ resource: "archive", message: `${LABEL} encrypts with "AES256"; set sseAlgorithm to "aws:kms" or "aws:kms:dsse".` }]);
            const grantToAll = bucketEditing("", (p) => {
                providerRead(p);
                (p.grants as Obj[]).push({ type: "Group", permissions: ["READ"], uri: "http://acs.amazonaws.com/groups/global/AllUsers" });
            });
            assert.deepEqual(await stackFindings(s3BucketOwnerEnforced, grantToAll), [
                { resource: "archive", message: `${LABEL} uses ACLs (it sets ACL grants); remove them and set objectOwnership "BucketOwnerEnforced".` },
            ]);
        });
    });

    describe("policy s3-bucket-owner-enforced", () => {
        it("passes a bucket that relies on S3's BucketOwnerEnforced default", async () => {
            assert.deepEqual(await stackFindings(s3BucketOwnerEnforced, bucketWithout("ownership")), []);
        });

        it("reports ACLs: another ownership setting, a public canned ACL, an ACL resource", async () => {
            const writer = bucketEditing("ownership", (p) => (p.rule.objectOwnership = "ObjectWriter"));
            assert.deepEqual(await stackFindings(s3BucketOwnerEnforced, writer), [
                {
                    resource: "archive",
                    message: `${LABEL} uses ACLs (BucketOwnershipControls archive-ownership sets objectOwnership "ObjectWriter"); remove them and set objectOwnership "BucketOwnerEnforced".`,
                },
            ]);
            const publicRead = bucketEditing("", (p) => (p.acl = "public-read"));
            publicRead.push({ type: "aws:s3/bucketAclV2:BucketAclV2", name: "archive-acl", props: { bucket: BUCKET_NAME, acl: "public-read" }, dependsOn: ["archive"] });
            assert.deepEqual(await stackFindings(s3BucketOwnerEnforced, publicRead), [
                {
                    resource: "archive",
                    message: `${LABEL} uses ACLs (it sets acl "public-read" and BucketAclV2 archive-acl grants access through an ACL); remove them and set objectOwnership "BucketOwnerEnforced".`,
                },
            ]);
        });
    });

    describe("policy s3-tls-only-policy", () => {
        const withPolicy = (policy: unknown) => bucketEditing("policy", (p) => (p.policy = policy));

        it("reports a bucket without a policy and a policy without the TLS statement", async () => {
            assert.deepEqual(await stackFindings(s3TlsOnlyPolicy, bucketWithout("policy")), [
                { resource: "archive", message: `${LABEL} has no bucket policy, so requests without TLS are accepted; add a BucketPolicy with the statement ${TLS_STATEMENT}.` },
            ]);
            const allowOnly = JSON.stringify({
                Version: "2012-10-17",
                Statement: [{ Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:role/sink" }, Action: "s3:PutObject", Resource: `arn:aws:s3:::${BUCKET_NAME}/*` }],
            });
            assert.deepEqual(await stackFindings(s3TlsOnlyPolicy, withPolicy(allowOnly)), [
                { resource: "archive", message: `${LABEL}: BucketPolicy archive-policy has no statement denying requests without TLS; add ${TLS_STATEMENT}.` },
            ]);
        });

        it("does not accept a TLS statement that covers only the bucket, not its objects", async () => {
            const bucketOnly = JSON.parse(tlsOnlyPolicy()) as Obj;
            bucketOnly.Statement[0].Resource = `arn:aws:s3:::${BUCKET_NAME}`;
            assert.equal((await stackFindings(s3TlsOnlyPolicy, withPolicy(JSON.stringify(bucketOnly)))).length, 1);
        });

        it("accepts the statement as an object document, with a boolean condition, or inline on the bucket", async () => {
            const document = JSON.parse(tlsOnlyPolicy()) as Obj;
            document.Statement[0].Principal = { AWS: "*" };
            document.Statement[0].Condition = { Bool: { "aws:SecureTransport": false } };
            assert.deepEqual(await stackFindings(s3TlsOnlyPolicy, withPolicy(document)), []);
            assert.deepEqual(await stackFindings(s3TlsOnlyPolicy, onlyBucket({ policy: tlsOnlyPolicy() })), []);
        });

        it("cannot judge a policy unknown during a preview", async () => {
            assert.deepEqual(await stackOutcome(s3TlsOnlyPolicy, withPolicy(UNKNOWN_INPUT)), { findings: [], notApplicable: unjudged("bucket policy") });
        });
    });

    describe("policy s3-abort-multipart-uploads", () => {
        const abortRule = (edit: (rule: Obj) => void) => bucketEditing("lifecycle", (p) => edit(p.rules[0]));
        const advice = 'add a rule with status "Enabled", no filter and abortIncompleteMultipartUpload.daysAfterInitiation of at most 7.';

        it("reports a bucket without lifecycle rules", async () => {
            assert.deepEqual(await stackFindings(s3AbortMultipartUploads, bucketWithout("lifecycle")), [
                { resource: "archive", message: `${LABEL} has no enabled whole-bucket lifecycle rule aborting incomplete multipart uploads within 7 days; ${advice}` },
            ]);
        });

        it("reports a rule that waits too long, covers part of the bucket or is disabled", async () => {
            const cases: [(rule: Obj) => void, string][] = [
                [(r) => (r.abortIncompleteMultipartUpload.daysAfterInitiation = 30), 'rule "abort-incomplete-uploads" aborts them only after 30 days'],
                [(r) => (r.filter = { prefix: "payments/" }), 'rule "abort-incomplete-uploads" only covers part of the bucket (a prefix, tag or size filter)'],
                [(r) => (r.status = "Disabled"), 'rule "abort-incomplete-uploads" is disabled'],
            ];
            for (const [edit, gap] of cases) {
                assert.deepEqual(await stackFindings(s3AbortMultipartUploads, abortRule(edit)), [
                    { resource: "archive", message: `${LABEL} has no enabled whole-bucket lifecycle rule aborting incomplete multipart uploads within 7 days (${gap}); ${advice}` },
                ]);
            }
        });

        it("takes the limit from the config, and reads the deprecated inline rules", async () => {
            assert.deepEqual(await stackFindings(s3AbortMultipartUploads, abortRule((r) => (r.abortIncompleteMultipartUpload.daysAfterInitiation = 30)), { maxDaysAfterInitiation: 30 }), []);
            assert.deepEqual(await stackFindings(s3AbortMultipartUploads, onlyBucket({ lifecycleRules: [{ enabled: true, abortIncompleteMultipartUploadDays: 3 }] })), []);
        });

        it("cannot judge unknown rules", async () => {
            assert.deepEqual(await stackOutcome(s3AbortMultipartUploads, bucketEditing("lifecycle", (p) => (p.rules = UNKNOWN_INPUT))), {
                findings: [],
                notApplicable: unjudged("lifecycle configuration"),
            });
        });
    });
});
