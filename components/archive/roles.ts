import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { irsaTrustPolicy } from "../shared/iam";
import { pushCredentialsServiceAccountName, connectServiceAccountName, imagePushPolicy, sinkPolicy } from "./iam";

export interface ArchiveRolesArgs {
    /** metadata.name of the KafkaConnect; the service accounts are named after it. */
    connectName: string;
    /** Namespace of the KafkaConnect (the Kafka namespace). */
    namespace: pulumi.Input<string>;
    oidcProviderArn: pulumi.Input<string>;
    oidcIssuer: pulumi.Input<string>;
    bucketArn: pulumi.Input<string>;
    /** `archive.prefix`: the workers may write below it and nowhere else. */
    prefix: string;
    /** The bucket's KMS key; omitted with SSE-S3. */
    kmsKeyArn?: pulumi.Input<string>;
    region: string;
    repositoryArn: pulumi.Input<string>;
    provider: aws.Provider;
}

/**
 * IAM roles for service accounts: one for the Connect workers (write archived objects), one for
 * the jobs that get the ECR token the image build pushes with (a token acts with this role's
 * permissions, so it may push to the one repository). Each trusts only its own service account, through
 * the cluster's OIDC provider; nothing else of the cluster is needed to create them.
 */
export class ArchiveRoles extends pulumi.ComponentResource {
    readonly connectRoleArn: pulumi.Output<string>;
    readonly buildRoleArn: pulumi.Output<string>;

    constructor(name: string, args: ArchiveRolesArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:archive:ArchiveRoles", name, {}, opts);
        const o = { parent: this, provider: args.provider };
        const trust = (serviceAccount: string) =>
            pulumi
                .all([args.oidcProviderArn, args.oidcIssuer, args.namespace])
                .apply(([arn, issuer, namespace]) => JSON.stringify(irsaTrustPolicy(arn, issuer, namespace, serviceAccount)));

        const connectRole = new aws.iam.Role(`${name}-connect`, {
            description: `Kafka Connect ${args.connectName}: writes archived topics to S3 (IRSA)`,
            assumeRolePolicy: trust(connectServiceAccountName(args.connectName)),
        }, o);
        const dnsSuffix = aws.getPartitionOutput({}, o).dnsSuffix;
        const connectPolicy = new aws.iam.RolePolicy(`${name}-connect`, {
            role: connectRole.id,
            policy: pulumi
                .all([args.bucketArn, args.kmsKeyArn, dnsSuffix])
                .apply(([bucketArn, keyArn, suffix]) =>
                    JSON.stringify(sinkPolicy(bucketArn, args.prefix, keyArn ? { keyArn, region: args.region, dnsSuffix: suffix } : undefined)),
                ),
        }, o);

        const buildRole = new aws.iam.Role(`${name}-build`, {
            description: `Kafka Connect ${args.connectName}: gets the ECR token the image build pushes with (IRSA)`,
            assumeRolePolicy: trust(pushCredentialsServiceAccountName(args.connectName)),
        }, o);
        const buildPolicy = new aws.iam.RolePolicy(`${name}-build`, {
            role: buildRole.id,
            policy: pulumi.output(args.repositoryArn).apply((arn) => JSON.stringify(imagePushPolicy(arn))),
        }, o);

        // IAM attaches an inline policy separately from its role. A pod that assumes the role before
        // the policy exists gets AccessDenied (the push token Job's first run would fail and use up
        // its retries), so whoever takes an ARN from here also waits for the role's policy.
        this.connectRoleArn = pulumi.all([connectRole.arn, connectPolicy.id]).apply(([arn]) => arn);
        this.buildRoleArn = pulumi.all([buildRole.arn, buildPolicy.id]).apply(([arn]) => arn);
        this.registerOutputs({ connectRoleArn: this.connectRoleArn, buildRoleArn: this.buildRoleArn });
    }
}
