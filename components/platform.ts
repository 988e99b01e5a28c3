import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Config } from "./config";
import { isProductionLike } from "./config/environment";
import { EksCluster } from "./eksCluster";
import { Network } from "./network";

/** Composes the platform's components from the typed config and returns the stack outputs. */
export function buildPlatform(config: Config): Record<string, pulumi.Input<unknown>> {
    const namePrefix = `${config.project}-${config.stack}`;
    const provider = new aws.Provider("aws", { region: config.region as aws.Region, defaultTags: { tags: config.tags } });

    const network = new Network("network", { network: config.network, namePrefix, clusterName: namePrefix, provider });
    const cluster = new EksCluster("cluster", {
        cluster: config.cluster,
        clusterName: namePrefix,
        productionLike: isProductionLike(config.environment),
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        publicSubnetIds: network.publicSubnetIds,
        provider,
    });

    return {
        environment: config.environment,
        region: config.region,
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        publicSubnetIds: network.publicSubnetIds,
        clusterName: cluster.clusterName,
        kubeconfig: cluster.kubeconfig,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuer: cluster.oidcIssuer,
        storageClassName: cluster.storageClassName,
    };
}
