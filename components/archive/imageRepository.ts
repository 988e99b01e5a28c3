import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ArchiveConfig } from "../config";
import { CONNECT_IMAGE_TAGS } from "./connectManifests";

export interface ConnectImageRepositoryArgs {
    repository: ArchiveConfig["connect"]["imageRepository"];
    /** `<project>-<stack>`; the repository is `<namePrefix>/kafka-connect`. */
    namePrefix: string;
    provider: aws.Provider;
}

export interface EcrLifecyclePolicy {
    rules: {
        rulePriority: number;
        description: string;
        selection:
            | { tagStatus: "untagged"; countType: "sinceImagePushed"; countUnit: "days"; countNumber: number }
            | { tagStatus: "any"; countType: "imageCountMoreThan"; countNumber: number };
        action: { type: "expire" };
    }[];
}

/** ECR evaluates rules by priority; the catch-all `any` rule must come last. */
export function connectImageLifecyclePolicy(r: ArchiveConfig["connect"]["imageRepository"]): EcrLifecyclePolicy {
    return {
        rules: [
            {
                rulePriority: 1,
                description: `Expire untagged images (interrupted builds, images a rebuild replaced under the same tag) after ${r.untaggedExpiryDays} day(s)`,
                selection: { tagStatus: "untagged", countType: "sinceImagePushed", countUnit: "days", countNumber: r.untaggedExpiryDays },
                action: { type: "expire" },
            },
            {
                rulePriority: 2,
                description: `Keep the ${r.keepImages} most recent images`,
                selection: { tagStatus: "any", countType: "imageCountMoreThan", countNumber: r.keepImages },
                action: { type: "expire" },
            },
        ],
    };
}

/**
 * Where the Strimzi build pushes the Connect image with the S3 sink baked in. Strimzi pushes the same
 * tag again on `strimzi.io/force-rebuild` or when a KafkaConnect is recreated, and ECR refuses a push
 * to an immutable tag, so the build's tags (CONNECT_IMAGE_TAGS) are the exception to immutability;
 * any other tag stays immutable. A moved tag cannot swap the image under running workers: Strimzi
 * runs them on `<image>@sha256:<digest>`, the digest its build pod reports (ConnectBuildOperator.java,
 * 1.2.0). Every push is scanned, and old images expire.
 */
export class ConnectImageRepository extends pulumi.ComponentResource {
    readonly repositoryUrl: pulumi.Output<string>;
    readonly repositoryArn: pulumi.Output<string>;

    constructor(name: string, args: ConnectImageRepositoryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:archive:ConnectImageRepository", name, {}, opts);
        const o = { parent: this, provider: args.provider };
        const repository = new aws.ecr.Repository(name, {
            name: `${args.namePrefix.toLowerCase()}/kafka-connect`,
            imageTagMutability: "IMMUTABLE_WITH_EXCLUSION",
            imageTagMutabilityExclusionFilters: [{ filter: CONNECT_IMAGE_TAGS, filterType: "WILDCARD" }],
            imageScanningConfiguration: { scanOnPush: true },
            encryptionConfigurations: [{ encryptionType: "AES256" }],
            forceDelete: args.repository.forceDelete,
        }, o);
        new aws.ecr.LifecyclePolicy(name, {
            repository: repository.name,
            policy: JSON.stringify(connectImageLifecyclePolicy(args.repository)),
        }, o);
        this.repositoryUrl = repository.repositoryUrl;
        this.repositoryArn = repository.arn;
        this.registerOutputs({ repositoryUrl: this.repositoryUrl, repositoryArn: this.repositoryArn });
    }
}
