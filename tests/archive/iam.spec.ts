import { strict as assert } from "assert";
import { ArchiveRun, bucketKeyArn, MOCK_OIDC, runArchive } from "./fixture";
import { resource } from "../support/harness";
import { PolicyDocument } from "../../components/shared/iam";

const ROLE = "aws:iam/role:Role";
const POLICY = "aws:iam/rolePolicy:RolePolicy";

function doc(run: ArchiveRun, type: string, name: string, key: string): PolicyDocument {
    return JSON.parse(String(resource(run, type, name).inputs[key])) as PolicyDocument;
}

function trustFor(serviceAccount: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Federated: MOCK_OIDC.arn },
                Action: "sts:AssumeRoleWithWebIdentity",
                Condition: {
                    StringEquals: {
                        [`${MOCK_OIDC.issuer}:sub`]: `system:serviceaccount:kafka:${serviceAccount}`,
                        [`${MOCK_OIDC.issuer}:aud`]: "sts.amazonaws.com",
                    },
                },
            },
        ],
    };
}

describe("archive IAM and image repository", () => {
    let dev: ArchiveRun;
    let prod: ArchiveRun;
    before(async () => {
        dev = await runArchive({ stack: "dev" });
        prod = await runArchive({ stack: "prod" });
    });

    it("trusts only the Connect pods' service account, with the STS audience", () => {
        assert.deepEqual(doc(prod, ROLE, "archive-roles-connect", "assumeRolePolicy"), trustFor("archive-connect"));
    });

    it("trusts only the push token jobs' service account for the push role", () => {
        assert.deepEqual(doc(prod, ROLE, "archive-roles-build", "assumeRolePolicy"), trustFor("archive-push-credentials"));
    });

    it("follows the Connect name into the service accounts of the workers and of the push token jobs", async () => {
        const run = await runArchive({ archive: { connect: { name: "lake" } } });
        assert.deepEqual(doc(run, ROLE, "archive-roles-connect", "assumeRolePolicy"), trustFor("lake-connect"));
        assert.deepEqual(doc(run, ROLE, "archive-roles-build", "assumeRolePolicy"), trustFor("lake-push-credentials"));
    });

    it("lets the workers write below the archive prefix and use the bucket's key only through S3 (prod)", () => {
        const bucketArn = String(prod.outputs.bucketArn);
        const keyArn = bucketKeyArn(prod);
        assert.match(keyArn, /^arn:aws:kms:eu-central-1:123456789012:key\//);
        assert.deepEqual(doc(prod, POLICY, "archive-roles-connect", "policy"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "WriteArchivedObjects", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: `${bucketArn}/kafka/*` },
                {
                    Sid: "EncryptArchivedObjects",
                    Effect: "Allow",
                    Action: ["kms:GenerateDataKey", "kms:Decrypt"],
                    Resource: keyArn,
                    Condition: { StringEquals: { "kms:ViaService": "s3.eu-central-1.amazonaws.com" } },
                },
            ],
        });
    });

    it("grants no KMS permission with SSE-S3 (dev)", () => {
        assert.deepEqual(doc(dev, POLICY, "archive-roles-connect", "policy"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "WriteArchivedObjects", Effect: "Allow", Action: ["s3:PutObject", "s3:AbortMultipartUpload"], Resource: `${String(dev.outputs.bucketArn)}/kafka/*` },
            ],
        });
    });

    it("lets the build pod push to its repository only; the registry token is the one wildcard", () => {
        const repository = resource(prod, "aws:ecr/repository:Repository", "archive-images");
        const repositoryArn = "arn:aws:ecr:eu-central-1:123456789012:repository/kafka-platform-prod/kafka-connect";
        assert.equal(repository.inputs.name, "kafka-platform-prod/kafka-connect");
        assert.deepEqual(doc(prod, POLICY, "archive-roles-build", "policy"), {
            Version: "2012-10-17",
            Statement: [
                { Sid: "GetRegistryToken", Effect: "Allow", Action: "ecr:GetAuthorizationToken", Resource: "*" },
                {
                    Sid: "PushConnectImage",
                    Effect: "Allow",
                    Action: [
                        "ecr:BatchCheckLayerAvailability",
                        "ecr:BatchGetImage",
                        "ecr:CompleteLayerUpload",
                        "ecr:GetDownloadUrlForLayer",
                        "ecr:InitiateLayerUpload",
                        "ecr:PutImage",
                        "ecr:UploadLayerPart",
                    ],
                    Resource: repositoryArn,
                },
            ],
        });
    });

    it("has no s3:* or ecr:* grant and no wildcard resource beyond the registry token", () => {
        for (const run of [dev, prod]) {
            for (const name of ["archive-roles-connect", "archive-roles-build"]) {
                for (const s of doc(run, POLICY, name, "policy").Statement) {
                    const actions = ([] as string[]).concat(s.Action);
                    assert.ok(!actions.some((a) => /^(s3|ecr|kms):\*$/.test(a) || a === "*"), `${name}: ${actions.join(",")}`);
                    if (s.Resource === "*") {
                        assert.deepEqual(actions, ["ecr:GetAuthorizationToken"]);
                    }
                }
            }
        }
    });

    it("makes the repository scan every push, let a rebuild push its tag again, keep other tags immutable and expire old images", () => {
        assert.deepEqual(resource(prod, "aws:ecr/repository:Repository", "archive-images").inputs, {
            name: "kafka-platform-prod/kafka-connect",
            imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
            imageTagMutabilityExclusionFilters: [{ filter: "*-kafka-*", filterType: "WILDCARD" }],
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "AES256" }],
            forceDelete: false,
        });
        assert.equal(resource(dev, "aws:ecr/repository:Repository", "archive-images").inputs.forceDelete, true);
        assert.deepEqual(JSON.parse(String(resource(prod, "aws:ecr/lifecyclePolicy:LifecyclePolicy", "archive-images").inputs.policy)), {
            rules: [
                {
                    rulePriority: 1,
                    description: "Expire untagged images (interrupted builds, images a rebuild replaced under the same tag) after 1 day(s)",
                    selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: 1 },
                    action: { type: "expire" },
                },
                {
                    rulePriority: 2,
                    description: "Keep the 20 most recent images",
                    selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: 20 },
                    action: { type: "expire" },
                },
            ],
        });
    });
});
