import { strict as assert } from "assert";
import { subnetLayout } from "../../components/network/network";
import { failureOf, ofType, resource, runConfig, runStack } from "../support/harness";

const OFFICE = { endpoint: { publicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] } };
const N = "kafka-platform:network:Network";

describe("Network", () => {
    it("lays private subnets on three quarters of the VPC and public ones in its last quarter", () => {
        assert.deepEqual(subnetLayout("10.60.0.0/16"), {
            private: ["10.60.0.0/18", "10.60.64.0/18", "10.60.128.0/18"],
            public: ["10.60.192.0/20", "10.60.208.0/20", "10.60.224.0/20"],
        });
        assert.deepEqual(subnetLayout("10.8.16.0/20"), {
            private: ["10.8.16.0/22", "10.8.20.0/22", "10.8.24.0/22"],
            public: ["10.8.28.0/24", "10.8.29.0/24", "10.8.30.0/24"],
        });
    });

    describe("prod (shipped stack)", () => {
        let run: Awaited<ReturnType<typeof runStack>>;
        before(async () => {
            run = await runStack("prod");
        });

        it("creates one VPC with DNS on, under the Network component", () => {
            const vpc = resource(run, "aws:ec2/vpc:Vpc", "network-vpc");
            assert.deepEqual(vpc.inputs, {
                cidrBlock: "10.60.0.0/16",
                enableDnsHostnames: true,
                enableDnsSupport: true,
                tags: { Name: "kafka-platform-prod-vpc" },
            });
            assert.ok(vpc.parent?.endsWith(`${N}::network`));
        });

        it("tags private subnets for internal load balancers and public ones for internet-facing ones, in the configured zones", () => {
            const subnet = (n: string) => resource(run, "aws:ec2/subnet:Subnet", n).inputs;
            for (const [i, zone] of ["eu-central-1a", "eu-central-1b", "eu-central-1c"].entries()) {
                const priv = subnet(`network-private-${i}`);
                assert.equal(priv.availabilityZone, zone);
                assert.equal(priv.cidrBlock, subnetLayout("10.60.0.0/16").private[i]);
                assert.equal(priv.mapPublicIpOnLaunch, false);
                assert.deepEqual(priv.tags, {
                    Name: `kafka-platform-prod-private-${i}`,
                    "kubernetes.io/cluster/kafka-platform-prod": "shared",
                    "kubernetes.io/role/internal-elb": "1",
                });
                const pub = subnet(`network-public-${i}`);
                assert.equal(pub.availabilityZone, zone);
                assert.deepEqual(pub.tags, {
                    Name: `kafka-platform-prod-public-${i}`,
                    "kubernetes.io/cluster/kafka-platform-prod": "shared",
                    "kubernetes.io/role/elb": "1",
                });
            }
        });

        it("gives every zone its own NAT gateway and routes each private subnet through its zone's NAT", () => {
            const nats = ofType(run, "aws:ec2/natGateway:NatGateway");
            assert.equal(nats.length, 3);
            assert.equal(ofType(run, "aws:ec2/eip:Eip").length, 3);
            for (let i = 0; i < 3; i++) {
                const nat = resource(run, "aws:ec2/natGateway:NatGateway", `network-nat-${i}`);
                const publicSubnet = resource(run, "aws:ec2/subnet:Subnet", `network-public-${i}`);
                assert.ok(nat.dependencies.includes(publicSubnet.urn));
                const table = resource(run, "aws:ec2/routeTable:RouteTable", `network-private-${i}`);
                const route = (table.inputs.routes as Array<Record<string, string>>)[0];
                assert.equal(route.cidrBlock, "0.0.0.0/0");
                assert.ok(table.dependencies.includes(nat.urn), `private-${i} routes through nat-${i}`);
            }
        });

        it("keeps S3 traffic off the NAT with a gateway endpoint on every private route table", () => {
            const endpoint = resource(run, "aws:ec2/vpcEndpoint:VpcEndpoint", "network-s3");
            assert.equal(endpoint.inputs.serviceName, "com.amazonaws.eu-central-1.s3");
            assert.equal(endpoint.inputs.vpcEndpointType, "Gateway");
            assert.equal((endpoint.inputs.routeTableIds as string[]).length, 3);
            for (let i = 0; i < 3; i++) {
                assert.ok(endpoint.dependencies.includes(resource(run, "aws:ec2/routeTable:RouteTable", `network-private-${i}`).urn));
            }
            assert.deepEqual(JSON.parse(String(endpoint.inputs.policy)).Statement, [
                { Sid: "BucketsOfThisAccount", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:*", Resource: "*", Condition: { StringEquals: { "aws:ResourceAccount": "123456789012" } } },
                { Sid: "EcrImageLayers", Effect: "Allow", Principal: { AWS: "*" }, Action: "s3:GetObject", Resource: "arn:aws:s3:::prod-eu-central-1-starport-layer-bucket/*" },
            ]);
        });

        it("takes over the default security group with no rules at all", () => {
            const sg = resource(run, "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup", "network-default-sg");
            assert.deepEqual(Object.keys(sg.inputs).sort(), ["tags", "vpcId"]);
            assert.equal(sg.inputs.vpcId, run.outputs.vpcId);
        });

        it("logs all the VPC's traffic to an encrypted log group kept as long as the control-plane logs", () => {
            const flowLog = resource(run, "aws:ec2/flowLog:FlowLog", "network-flow-logs");
            const group = resource(run, "aws:cloudwatch/logGroup:LogGroup", "network-flow-logs");
            assert.deepEqual([flowLog.inputs.vpcId, flowLog.inputs.trafficType, flowLog.inputs.logDestinationType, flowLog.inputs.maxAggregationInterval], [run.outputs.vpcId, "ALL", "cloud-watch-logs", 600]);
            assert.deepEqual([group.inputs.name, group.inputs.retentionInDays], ["/aws/vpc/kafka-platform-prod/flow-logs", 365]);
            assert.match(String(group.inputs.kmsKeyId), /^arn:aws:kms:eu-central-1:123456789012:key\//);
            const role = resource(run, "aws:iam/role:Role", "network-flow-logs");
            assert.equal(JSON.parse(String(role.inputs.assumeRolePolicy)).Statement[0].Principal.Service, "vpc-flow-logs.amazonaws.com");
            assert.ok(flowLog.dependencies.includes(resource(run, "aws:iam/rolePolicy:RolePolicy", "network-flow-logs").urn));
        });
    });

    it("dev uses one NAT gateway for all zones and the region's first three zones", async () => {
        const run = await runConfig("dev", { environment: "dev", cluster: OFFICE });
        assert.equal(ofType(run, "aws:ec2/natGateway:NatGateway").length, 1);
        const nat = resource(run, "aws:ec2/natGateway:NatGateway", "network-nat-0");
        for (let i = 0; i < 3; i++) {
            const table = resource(run, "aws:ec2/routeTable:RouteTable", `network-private-${i}`);
            assert.ok(table.dependencies.includes(nat.urn));
            assert.equal(resource(run, "aws:ec2/subnet:Subnet", `network-private-${i}`).inputs.availabilityZone, `eu-west-1${"abc"[i]}`);
        }
    });

    describe("bring your own VPC", () => {
        const vpcId = "vpc-0a1b2c3d4e5f60718";
        const ids = (from: number) => [0, 1, 2].map((i) => `subnet-0000000000000000${from + i}`);
        const subnets = (zones: string[], vpcOf: (i: number) => string = () => vpcId) =>
            Object.fromEntries([...ids(1), ...ids(4)].map((id, i) => [id, { vpcId: vpcOf(i), availabilityZone: zones[i % 3] }]));
        const config = { environment: "dev", cluster: OFFICE, network: { existingVpc: { vpcId, privateSubnetIds: ids(1), publicSubnetIds: ids(4) } } };

        it("creates no network resources and hands the given ids to the cluster", async () => {
            const run = await runConfig("byo", config, { world: { subnets: subnets(["eu-west-1a", "eu-west-1b", "eu-west-1c"]) } });
            assert.equal(ofType(run, "aws:ec2/vpc:Vpc").length, 0);
            assert.equal(ofType(run, "aws:ec2/subnet:Subnet").length, 0);
            assert.equal(ofType(run, "aws:ec2/natGateway:NatGateway").length, 0);
            const cluster = resource(run, "eks:index:Cluster", "cluster-eks");
            assert.equal(cluster.remoteInputs!.vpcId, vpcId);
            assert.deepEqual(cluster.remoteInputs!.privateSubnetIds, ids(1));
            assert.deepEqual(cluster.remoteInputs!.publicSubnetIds, ids(4));
            assert.deepEqual(run.outputs.privateSubnetIds, ids(1));
        });

        it("refuses a subnet that belongs to another VPC", async () => {
            const message = await failureOf(
                runConfig("byo-wrong-vpc", config, {
                    world: { subnets: subnets(["eu-west-1a", "eu-west-1b", "eu-west-1c"], (i) => (i === 4 ? "vpc-0ffffffffffffffff" : vpcId)) },
                }),
            );
            assert.equal(
                message,
                "kafka-platform:network.existingVpc.publicSubnetIds: subnet subnet-00000000000000005 is in vpc-0ffffffffffffffff, not in network.existingVpc.vpcId vpc-0a1b2c3d4e5f60718",
            );
        });

        it("refuses private subnets that share a zone", async () => {
            const message = await failureOf(
                runConfig("byo-same-zone", config, { world: { subnets: subnets(["eu-west-1a", "eu-west-1a", "eu-west-1c"]) } }),
            );
            assert.equal(
                message,
                "kafka-platform:network.existingVpc.privateSubnetIds: the private subnets must be in 3 different zones (got eu-west-1a, eu-west-1a, eu-west-1c)",
            );
        });
    });
});
