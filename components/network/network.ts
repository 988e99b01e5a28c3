import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { NetworkConfig } from "../config";
import { ZONE_COUNT } from "../config/environment";
import { logGroupKeyPolicy, PolicyDocument, serviceTrustPolicy } from "../shared/iam";

/**
 * The S3 gateway endpoint reaches only buckets of this account, and the one bucket ECR serves image
 * layers from (the ECR User Guide's "Minimum Amazon S3 bucket permissions" for the gateway endpoint):
 * a node or pod in the VPC cannot copy data to another account's bucket through it.
 */
export function s3EndpointPolicy(partition: string, region: string, accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "BucketsOfThisAccount",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "s3:*",
                Resource: "*",
                Condition: { StringEquals: { "aws:ResourceAccount": accountId } },
            },
            {
                Sid: "EcrImageLayers",
                Effect: "Allow",
                Principal: { AWS: "*" },
                Action: "s3:GetObject",
                Resource: `arn:${partition}:s3:::prod-${region}-starport-layer-bucket/*`,
            },
        ],
    };
}

/** What VPC Flow Logs needs to write to its one log group. */
export function flowLogDeliveryPolicy(logGroupArn: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogGroups", "logs:DescribeLogStreams"],
                Resource: [logGroupArn, `${logGroupArn}:*`],
            },
        ],
    };
}

export interface NetworkArgs {
    network: NetworkConfig;
    /** Name prefix for AWS Name tags, e.g. `kafka-platform-prod`. */
    namePrefix: string;
    /** The EKS cluster name, for the subnet discovery tag. */
    clusterName: string;
    provider: aws.Provider;
    /** Days CloudWatch keeps the VPC's flow logs (the control-plane logs' retention, cluster.logRetentionDays). */
    flowLogRetentionDays: number;
    /** How long the flow logs' key waits before deletion once dropped. */
    keyDeletionWindowDays: number;
}

/** The `index`-th block of the VPC's range whose prefix is `extraBits` longer than the VPC's. */
export function subnetCidr(vpcCidr: string, extraBits: number, index: number): string {
    const [address, prefix] = vpcCidr.split("/");
    const base = address.split(".").reduce((acc, o) => acc * 256 + Number(o), 0);
    const size = 2 ** (32 - Number(prefix) - extraBits);
    const start = base + index * size;
    const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
    return `${octets.join(".")}/${Number(prefix) + extraBits}`;
}

/**
 * Private subnets take three quarters of the VPC (nodes and pods use most addresses); public
 * subnets, which only hold NAT gateways and load balancers, take three sixteenths of it, in its last quarter.
 */
export function subnetLayout(vpcCidr: string): { private: string[]; public: string[] } {
    return {
        private: [0, 1, 2].map((i) => subnetCidr(vpcCidr, 2, i)),
        public: [12, 13, 14].map((i) => subnetCidr(vpcCidr, 4, i)),
    };
}

/**
 * The VPC the cluster runs in: created across three zones (private node subnets, public load balancer
 * subnets, NAT per environment, an S3 gateway endpoint so archive traffic skips the NAT), or the
 * user's existing VPC, checked against AWS before anything is built on it.
 */
export class Network extends pulumi.ComponentResource {
    readonly vpcId: pulumi.Output<string>;
    readonly privateSubnetIds: pulumi.Output<string>[];
    readonly publicSubnetIds: pulumi.Output<string>[];

    constructor(name: string, args: NetworkArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:network:Network", name, {}, opts);
        const o = { parent: this, provider: args.provider };
        if (args.network.mode === "existing") {
            const existing = this.useExisting(args.network, o);
            this.vpcId = existing.vpcId;
            this.privateSubnetIds = existing.privateSubnetIds;
            this.publicSubnetIds = existing.publicSubnetIds;
        } else {
            const created = this.create(name, args.network, args, o);
            this.vpcId = created.vpcId;
            this.privateSubnetIds = created.privateSubnetIds;
            this.publicSubnetIds = created.publicSubnetIds;
        }
        this.registerOutputs({
            vpcId: this.vpcId,
            privateSubnetIds: this.privateSubnetIds,
            publicSubnetIds: this.publicSubnetIds,
        });
    }

    private create(
        name: string,
        net: Extract<NetworkConfig, { mode: "create" }>,
        args: NetworkArgs,
        o: { parent: pulumi.Resource; provider: aws.Provider },
    ) {
        const zones = this.zones(net.availabilityZones, o);
        const tag = (suffix: string, extra: Record<string, string> = {}) => ({ Name: `${args.namePrefix}-${suffix}`, ...extra });
        const clusterTag = { [`kubernetes.io/cluster/${args.clusterName}`]: "shared" };
        const layout = subnetLayout(net.cidr);

        const vpc = new aws.ec2.Vpc(`${name}-vpc`, {
            cidrBlock: net.cidr,
            enableDnsHostnames: true,
            enableDnsSupport: true,
            tags: tag("vpc"),
        }, o);
        const igw = new aws.ec2.InternetGateway(`${name}-igw`, { vpcId: vpc.id, tags: tag("igw") }, o);

        const publicRoutes = new aws.ec2.RouteTable(`${name}-public`, {
            vpcId: vpc.id,
            routes: [{ cidrBlock: "0.0.0.0/0", gatewayId: igw.id }],
            tags: tag("public"),
        }, o);

        const publicSubnets = layout.public.map((cidr, i) => {
            const subnet = new aws.ec2.Subnet(`${name}-public-${i}`, {
                vpcId: vpc.id,
                cidrBlock: cidr,
                availabilityZone: zones[i],
                mapPublicIpOnLaunch: false,
                tags: tag(`public-${i}`, { ...clusterTag, "kubernetes.io/role/elb": "1" }),
            }, o);
            new aws.ec2.RouteTableAssociation(`${name}-public-${i}`, { subnetId: subnet.id, routeTableId: publicRoutes.id }, o);
            return subnet;
        });

        const natCount = net.natGateways === "perZone" ? ZONE_COUNT : 1;
        const nats = [...Array(natCount).keys()].map((i) => {
            const eip = new aws.ec2.Eip(`${name}-nat-${i}`, { domain: "vpc", tags: tag(`nat-${i}`) }, o);
            return new aws.ec2.NatGateway(`${name}-nat-${i}`, {
                allocationId: eip.id,
                subnetId: publicSubnets[i].id,
                connectivityType: "public",
                tags: tag(`nat-${i}`),
            }, { ...o, dependsOn: [igw] });
        });

        const privateRouteTables = layout.private.map((_, i) =>
            new aws.ec2.RouteTable(`${name}-private-${i}`, {
                vpcId: vpc.id,
                // Each zone leaves through its own NAT when there is one per zone, so a zone outage stays in that zone.
                routes: [{ cidrBlock: "0.0.0.0/0", natGatewayId: nats[natCount === 1 ? 0 : i].id }],
                tags: tag(`private-${i}`),
            }, o),
        );
        const privateSubnets = layout.private.map((cidr, i) => {
            const subnet = new aws.ec2.Subnet(`${name}-private-${i}`, {
                vpcId: vpc.id,
                cidrBlock: cidr,
                availabilityZone: zones[i],
                mapPublicIpOnLaunch: false,
                tags: tag(`private-${i}`, { ...clusterTag, "kubernetes.io/role/internal-elb": "1" }),
            }, o);
            new aws.ec2.RouteTableAssociation(`${name}-private-${i}`, { subnetId: subnet.id, routeTableId: privateRouteTables[i].id }, o);
            return subnet;
        });

        const partition = aws.getPartitionOutput({}, o).partition;
        const region = aws.getRegionOutput({}, o).region;
        const accountId = aws.getCallerIdentityOutput({}, o).accountId;
        new aws.ec2.VpcEndpoint(`${name}-s3`, {
            vpcId: vpc.id,
            // Looked up, not spelt out: the name differs by partition (com.amazonaws.… in most, cn.com.amazonaws.… in China).
            serviceName: aws.ec2.getVpcEndpointServiceOutput({ service: "s3", serviceType: "Gateway" }, o).serviceName,
            vpcEndpointType: "Gateway",
            routeTableIds: privateRouteTables.map((t) => t.id),
            policy: pulumi.all([partition, region, accountId]).apply(([p, r, a]) => JSON.stringify(s3EndpointPolicy(p, r, a))),
            tags: tag("s3"),
        }, o);

        // The VPC's default security group, taken over with no rules: nothing that lands in it by
        // default (an ENI created without a group) can talk to anything.
        new aws.ec2.DefaultSecurityGroup(`${name}-default-sg`, { vpcId: vpc.id, tags: tag("default-closed") }, o);

        const flowLogGroupName = `/aws/vpc/${args.namePrefix}/flow-logs`;
        const flowLogKey = new aws.kms.Key(`${name}-flow-logs`, {
            description: `Flow logs of VPC ${args.namePrefix}`,
            enableKeyRotation: true,
            deletionWindowInDays: args.keyDeletionWindowDays,
            policy: pulumi.all([partition, region, accountId]).apply(([p, r, a]) => JSON.stringify(logGroupKeyPolicy(p, r, a, flowLogGroupName))),
        }, o);
        const flowLogGroup = new aws.cloudwatch.LogGroup(`${name}-flow-logs`, {
            name: flowLogGroupName,
            retentionInDays: args.flowLogRetentionDays,
            kmsKeyId: flowLogKey.arn,
        }, o);
        const flowLogRole = new aws.iam.Role(`${name}-flow-logs`, {
            description: `Delivers the flow logs of VPC ${args.namePrefix}`,
            assumeRolePolicy: JSON.stringify(serviceTrustPolicy("vpc-flow-logs.amazonaws.com")),
        }, o);
        const flowLogWrite = new aws.iam.RolePolicy(`${name}-flow-logs`, {
            role: flowLogRole.id,
            policy: flowLogGroup.arn.apply((arn) => JSON.stringify(flowLogDeliveryPolicy(arn))),
        }, o);
        new aws.ec2.FlowLog(`${name}-flow-logs`, {
            vpcId: vpc.id,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: flowLogGroup.arn,
            iamRoleArn: flowLogRole.arn,
            maxAggregationInterval: 600,
            tags: tag("flow-logs"),
        }, { ...o, dependsOn: [flowLogWrite] });

        return {
            vpcId: vpc.id,
            privateSubnetIds: privateSubnets.map((s) => s.id),
            publicSubnetIds: publicSubnets.map((s) => s.id),
        };
    }

    /** The configured zones, or the region's first three that need no opt-in (Local Zones do). */
    private zones(configured: string[] | undefined, o: { parent: pulumi.Resource; provider: aws.Provider }): pulumi.Output<string>[] {
        if (configured) {
            return configured.map((z) => pulumi.output(z));
        }
        const names = aws
            .getAvailabilityZonesOutput({ state: "available", filters: [{ name: "opt-in-status", values: ["opt-in-not-required"] }] }, o)
            .names.apply((all) => {
                if (all.length < ZONE_COUNT) {
                    throw new pulumi.RunError(`the region has ${all.length} available zones; the platform needs ${ZONE_COUNT}`);
                }
                return all;
            });
        return [...Array(ZONE_COUNT).keys()].map((i) => names.apply((all) => all[i]));
    }

    /** Looks the subnets up so a wrong id or a subnet of another VPC fails the preview, not the cluster. */
    private useExisting(net: Extract<NetworkConfig, { mode: "existing" }>, o: { parent: pulumi.Resource; provider: aws.Provider }) {
        const check = (id: string, kind: "private" | "public") =>
            aws.ec2.getSubnetOutput({ id }, o).apply((s) => {
                if (s.vpcId !== net.vpcId) {
                    throw new pulumi.RunError(
                        `kafka-platform:network.existingVpc.${kind}SubnetIds: subnet ${id} is in ${s.vpcId}, not in network.existingVpc.vpcId ${net.vpcId}`,
                    );
                }
                return s;
            });
        const privateSubnets = net.privateSubnetIds.map((id) => check(id, "private"));
        const publicSubnets = net.publicSubnetIds.map((id) => check(id, "public"));
        const zones = pulumi.all(privateSubnets.map((s) => s.availabilityZone)).apply((zs) => {
            if (new Set(zs).size !== zs.length) {
                throw new pulumi.RunError(
                    `kafka-platform:network.existingVpc.privateSubnetIds: the private subnets must be in ${ZONE_COUNT} different zones (got ${zs.join(", ")})`,
                );
            }
            return zs;
        });
        return {
            vpcId: pulumi.output(net.vpcId),
            privateSubnetIds: privateSubnets.map((s) => pulumi.all([s.id, zones]).apply(([id]) => id)),
            publicSubnetIds: publicSubnets.map((s) => s.id),
        };
    }
}
