import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/**
 * pulumi-eks 4.3.0 creates the cluster with accessConfig.bootstrapClusterCreatorAdminPermissions
 * true in API mode (nodejs/eks/cluster/cluster.ts:733-740), so EKS itself gives the identity running
 * `pulumi up` a cluster-admin access entry. An AccessEntry of ours for the same role then fails the
 * first `up` with 409 ResourceInUseException, so such an admin role is refused before anything is
 * created. The deploying role is known at preview: sts:GetCallerIdentity (an invoke, run during
 * preview with the credentials Pulumi uses) gives the caller's session ARN, and
 * aws.iam.getSessionContext turns an assumed-role session into the role's ARN, which is what EKS
 * names the entry after.
 */
export function creatorAdminProblem(adminRoleArns: readonly string[], deployerRoleArn: string): string | undefined {
    const index = adminRoleArns.findIndex((arn) => arn === deployerRoleArn);
    if (index < 0) {
        return undefined;
    }
    return (
        `kafka-platform:cluster.adminRoleArns[${index}]: is the role deploying this stack, which EKS already makes a cluster admin ` +
        `(pulumi-eks sets bootstrapClusterCreatorAdminPermissions), so a second access entry for it fails with 409 ResourceInUseException; ` +
        `remove it from adminRoleArns (got "${deployerRoleArn}")`
    );
}

/** The IAM ARN of the identity Pulumi deploys with, as EKS records the cluster creator. */
export function deployerRoleArn(opts: pulumi.InvokeOutputOptions): pulumi.Output<string> {
    const caller = aws.getCallerIdentityOutput({}, opts);
    return aws.iam.getSessionContextOutput({ arn: caller.arn }, opts).issuerArn;
}

/** Passes `value` through once the deploying role is known not to be among the admin roles. */
export function withoutCreatorAsAdmin<T>(adminRoleArns: readonly string[], deployer: pulumi.Output<string>, value: T): pulumi.Output<T> {
    return deployer.apply((arn) => {
        const problem = creatorAdminProblem(adminRoleArns, arn);
        if (problem) {
            throw new pulumi.RunError(problem);
        }
        return value;
    });
}
