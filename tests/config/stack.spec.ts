import { strict as assert } from "assert";
import { ConfigError, parseConfig } from "../../components/config";
import { CLUSTER_DEFAULTS } from "../../components/config/cluster";
import { decodeConfigValue, mergeDefaults } from "../../components/config";

const OFFICE = ["203.0.113.0/24"];

/** The smallest valid config per environment: what a stack must write itself. */
function minimal(environment: string): Record<string, unknown> {
    return {
        environment,
        region: "eu-west-1",
        cluster: { endpoint: { publicAccess: true, publicAccessCidrs: OFFICE } },
    };
}

function problemsOf(raw: Record<string, unknown>, stack = "test"): string[] {
    try {
        parseConfig(raw, stack);
    } catch (e) {
        assert.ok(ConfigError.isConfigError(e), `expected a ConfigError, got ${String(e)}`);
        return e.message.split("\n").slice(1).map((l) => l.replace(/^  - /, ""));
    }
    assert.fail("expected the config to be rejected");
}

describe("stack config", () => {
    describe("environment profiles", () => {
        it("dev: one NAT gateway, small nodes, relaxed log types, Delete-friendly key window", () => {
            const c = parseConfig(minimal("dev"), "dev");
            assert.deepEqual(c.network, { mode: "create", cidr: "10.40.0.0/16", availabilityZones: undefined, natGateways: "single" });
            assert.deepEqual(c.cluster, {
                ...CLUSTER_DEFAULTS.dev,
                addons: { vpcCni: "v1.20.4-eksbuild.2", kubeProxy: "v1.34.0-eksbuild.2", coreDns: "v1.12.3-eksbuild.1", ebsCsiDriver: "v1.55.0-eksbuild.2" },
                endpoint: { privateAccess: true, publicAccess: true, publicAccessCidrs: OFFICE },
            });
            assert.equal(c.cluster.upgradePolicy, "STANDARD");
            assert.equal(c.cluster.logRetentionDays, 30);
            assert.deepEqual(c.cluster.nodeGroups.system, {
                instanceTypes: ["t3.large"],
                minSize: 2,
                desiredSize: 2,
                maxSize: 3,
                diskSizeGiB: 50,
                capacityType: "ON_DEMAND",
            });
            assert.deepEqual(c.cluster.nodeGroups.kafka, {
                instanceTypes: ["r6i.large"],
                minSize: 1,
                desiredSize: 1,
                maxSize: 2,
                diskSizeGiB: 50,
                capacityType: "ON_DEMAND",
            });
            assert.deepEqual(c.cluster.storageClass, { name: "gp3", iops: 3000, throughputMiBps: 125, useClusterKmsKey: false });
            assert.deepEqual(c.cluster.adminRoleArns, []);
            assert.deepEqual(c.cluster.logTypes, ["api", "audit", "authenticator"]);
            assert.equal(c.cluster.secretsEncryption.keyDeletionWindowDays, 7);
            assert.equal(c.cluster.version, "1.34");
        });

        it("staging: a NAT gateway per zone and every control-plane log type", () => {
            const c = parseConfig(minimal("staging"), "staging");
            assert.deepEqual(c.network, { mode: "create", cidr: "10.50.0.0/16", availabilityZones: undefined, natGateways: "single" });
            assert.deepEqual(c.cluster.logTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
            assert.deepEqual(c.cluster.storageClass, { name: "gp3", iops: 3000, throughputMiBps: 250, useClusterKmsKey: true });
        });

        it("prod: private-only endpoint, NAT per zone, on-demand Kafka nodes, 30-day key window", () => {
            const c = parseConfig({ environment: "prod", region: "eu-central-1" }, "prod");
            assert.deepEqual(c.network, { mode: "create", cidr: "10.60.0.0/16", availabilityZones: undefined, natGateways: "perZone" });
            assert.deepEqual(c.cluster.endpoint, { privateAccess: true, publicAccess: false, publicAccessCidrs: [] });
            assert.deepEqual(c.cluster.nodeGroups.kafka, {
                instanceTypes: ["r6i.2xlarge"],
                minSize: 1,
                desiredSize: 1,
                maxSize: 2,
                diskSizeGiB: 100,
                capacityType: "ON_DEMAND",
            });
            assert.equal(c.cluster.secretsEncryption.keyDeletionWindowDays, 30);
            assert.deepEqual(c.cluster.storageClass, { name: "gp3", iops: 6000, throughputMiBps: 500, useClusterKmsKey: true });
        });

        it("adds the environment and stack to the configured tags", () => {
            const c = parseConfig({ ...minimal("dev"), tags: { owner: "platform" } }, "dev-eu");
            assert.deepEqual(c.tags, { owner: "platform", "kafka-platform:environment": "dev", "kafka-platform:stack": "dev-eu" });
        });
    });

    describe("overrides", () => {
        it("merge key by key into the profile; lists replace the default whole", () => {
            const c = parseConfig({
                ...minimal("prod"),
                cluster: {
                    endpoint: { publicAccess: true, publicAccessCidrs: ["198.51.100.0/24"] },
                    nodeGroups: { kafka: { maxSize: 4, instanceTypes: ["r7i.2xlarge"] } },
                },
            }, "prod");
            assert.deepEqual(c.cluster.endpoint, { privateAccess: true, publicAccess: true, publicAccessCidrs: ["198.51.100.0/24"] });
            assert.deepEqual(c.cluster.nodeGroups.kafka, {
                instanceTypes: ["r7i.2xlarge"],
                minSize: 1,
                desiredSize: 1,
                maxSize: 4,
                diskSizeGiB: 100,
                capacityType: "ON_DEMAND",
            });
        });

        it("a bring-your-own VPC takes no VPC-creation defaults", () => {
            const existingVpc = {
                vpcId: "vpc-0a1b2c3d4e5f60718",
                privateSubnetIds: ["subnet-00000000000000001", "subnet-00000000000000002", "subnet-00000000000000003"],
                publicSubnetIds: ["subnet-00000000000000004", "subnet-00000000000000005", "subnet-00000000000000006"],
            };
            const c = parseConfig({ ...minimal("prod"), network: { existingVpc } }, "prod");
            assert.deepEqual(c.network, { mode: "existing", ...existingVpc });
        });

        it("dev may open the endpoint to the world; prod and staging refuse it", () => {
            const open = { endpoint: { publicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] } };
            assert.deepEqual(parseConfig({ ...minimal("dev"), cluster: open }, "dev").cluster.endpoint.publicAccessCidrs, ["0.0.0.0/0"]);
            for (const env of ["staging", "prod"]) {
                assert.deepEqual(problemsOf({ ...minimal(env), cluster: open }), [
                    `kafka-platform:cluster.endpoint.publicAccessCidrs.0: must not be 0.0.0.0/0 in ${env}: list your office or VPN CIDRs, or set publicAccess to false (got "0.0.0.0/0")`,
                ]);
            }
        });
    });

    describe("unsafe prod overrides are refused, not fixed", () => {
        it("a single NAT gateway", () => {
            assert.deepEqual(problemsOf({ ...minimal("prod"), network: { natGateways: "single" } }), [
                `kafka-platform:network.natGateways: must be "perZone" in prod: a single NAT gateway makes one zone's outage cut every zone off (got "single")`,
            ]);
        });

        it("Spot Kafka nodes, missing audit logs, an empty Kafka zone and a short key window, all at once", () => {
            assert.deepEqual(
                problemsOf({
                    ...minimal("prod"),
                    cluster: {
                        endpoint: { publicAccess: true, publicAccessCidrs: OFFICE },
                        logTypes: ["api"],
                        secretsEncryption: { keyDeletionWindowDays: 7 },
                        nodeGroups: { kafka: { capacityType: "SPOT", minSize: 0 } },
                    },
                }),
                [
                    `kafka-platform:cluster.logTypes: must include audit, authenticator in prod (audit trail of API access) (got ["api"])`,
                    `kafka-platform:cluster.nodeGroups.kafka.capacityType: must be "ON_DEMAND" in prod: a Spot reclaim takes a broker and its partitions away without warning (got "SPOT")`,
                    `kafka-platform:cluster.nodeGroups.kafka.minSize: must be >= 1 in prod: each zone always needs a node for its broker (got 0)`,
                    `kafka-platform:cluster.secretsEncryption.keyDeletionWindowDays: must be 30 in prod: the longest window to undo a mistaken key deletion (got 7)`,
                ],
            );
        });
    });

    describe("bad input: one clear line per problem, all reported together", () => {
        it("wrong types, out-of-range values and unknown keys with a suggestion", () => {
            assert.deepEqual(
                problemsOf({
                    environment: "dev",
                    region: "eu-west-1",
                    tagz: { team: "x" },
                    cluster: {
                        version: "1.20",
                        endpoint: { publicAccess: "yes", publicAccessCidrs: OFFICE },
                        nodeGrups: {},
                        nodeGroups: { kafka: { minSize: -1, diskSizeGiB: "big" } },
                    },
                }),
                [
                    `kafka-platform:cluster.version: must be one of: "1.32", "1.33", "1.34", "1.35" (got "1.20")`,
                    `kafka-platform:cluster.endpoint.publicAccess: must be a boolean (got "yes")`,
                    `kafka-platform:cluster.nodeGroups.kafka.minSize: must be an integer >= 0 (got -1)`,
                    `kafka-platform:cluster.nodeGroups.kafka.diskSizeGiB: must be a number (got "big")`,
                    `kafka-platform:cluster.nodeGrups: unknown key; did you mean "nodeGroups"? (got {})`,
                    `kafka-platform:tagz: unknown key; did you mean "tags"? (got {"team":"x"})`,
                ],
            );
        });

        it("an unknown key with nothing close lists the allowed keys", () => {
            assert.deepEqual(problemsOf({ ...minimal("dev"), network: { flavour: "big" } }), [
                `kafka-platform:network.flavour: unknown key; allowed keys here: cidr, availabilityZones, natGateways, existingVpc (got "big")`,
            ]);
        });

        it("an unknown environment stops before any profile is applied", () => {
            assert.deepEqual(problemsOf({ environment: "qa", region: "eu-west-1" }), [
                `kafka-platform:environment: must be one of: dev, staging, prod, local (it selects the profile of defaults) (got "qa")`,
            ]);
        });

        it("a missing region and malformed values say what is allowed", () => {
            assert.deepEqual(
                problemsOf({
                    environment: "dev",
                    network: { cidr: "10.0.0.1/16", availabilityZones: ["eu-west-1a", "eu-west-1a", "eu-west-1b"] },
                    cluster: { endpoint: { publicAccess: true, publicAccessCidrs: OFFICE }, adminRoleArns: ["admins"] },
                }),
                [
                    `kafka-platform:region: is required (string) (got nothing)`,
                    `kafka-platform:network.cidr: must be an IPv4 CIDR block with no host bits set, such as 10.40.0.0/16 (got "10.0.0.1/16")`,
                    `kafka-platform:cluster.adminRoleArns.0: must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admins (got "admins")`,
                ],
            );
        });

        it("a network too small for the subnet layout, repeated zones and inconsistent sizes", () => {
            assert.deepEqual(
                problemsOf({
                    ...minimal("dev"),
                    network: { cidr: "10.0.0.0/24", availabilityZones: ["eu-west-1a", "eu-west-1a", "eu-west-1b"] },
                    cluster: {
                        endpoint: { publicAccess: true, publicAccessCidrs: OFFICE },
                        nodeGroups: { system: { minSize: 3, desiredSize: 2, maxSize: 1 } },
                        storageClass: { iops: 3000, throughputMiBps: 1000 },
                    },
                }),
                [
                    `kafka-platform:network.cidr: must be a /16 to /20 block: it is cut into three private subnets of a quarter of it and three public ones of a sixteenth (got "10.0.0.0/24")`,
                    `kafka-platform:network.availabilityZones: must name 3 different zones (got ["eu-west-1a","eu-west-1a","eu-west-1b"])`,
                    `kafka-platform:cluster.nodeGroups.system.minSize: must be <= cluster.nodeGroups.system.desiredSize (2) (got 3)`,
                    `kafka-platform:cluster.nodeGroups.system.desiredSize: must be <= cluster.nodeGroups.system.maxSize (1) (got 2)`,
                    `kafka-platform:cluster.storageClass.throughputMiBps: must be at most iops / 4 (gp3 allows 0.25 MiB/s per provisioned IOPS; iops is 3000) (got 1000)`,
                ],
            );
        });

        it("a map key that is not allowed names the key, not its value", () => {
            assert.deepEqual(problemsOf({ ...minimal("dev"), tags: { "aws:team": "payments" } }), [
                `kafka-platform:tags.aws:team: is not an allowed key: tag keys must not start with aws: (reserved by AWS) (got "aws:team")`,
            ]);
        });

        it("an admin role listed twice", () => {
            const admins = ["arn:aws:iam::111122223333:role/platform-admins", "arn:aws:iam::111122223333:role/platform-admins"];
            assert.deepEqual(problemsOf({ ...minimal("dev"), cluster: { endpoint: { publicAccess: true, publicAccessCidrs: OFFICE }, adminRoleArns: admins } }), [
                `kafka-platform:cluster.adminRoleArns: must not repeat a role (each gets one access entry); repeated: arn:aws:iam::111122223333:role/platform-admins (got ["arn:aws:iam::111122223333:role/platform-admins","arn:aws:iam::111122223333:...)`,
            ]);
        });

        it("a public endpoint with no CIDRs, and no endpoint at all", () => {
            assert.deepEqual(problemsOf({ environment: "dev", region: "eu-west-1" }), [
                `kafka-platform:cluster.endpoint.publicAccessCidrs: must list the CIDRs allowed to reach the public API endpoint (an office or VPN range) when publicAccess is true; an empty list would open it to 0.0.0.0/0 (got [])`,
            ]);
            assert.deepEqual(problemsOf({ ...minimal("dev"), cluster: { endpoint: { privateAccess: false, publicAccess: false, publicAccessCidrs: [] } } }), [
                `kafka-platform:cluster.endpoint: must enable privateAccess, publicAccess or both: the nodes and kubectl need an endpoint (got {"privateAccess":false,"publicAccess":false,"publicAccessCidrs":[]})`,
                `kafka-platform:cluster.endpoint.privateAccess: must be true: without it the nodes reach the API server through the NAT and the internet (got false)`,
            ]);
        });

        it("bring-your-own VPC: missing or malformed ids, and VPC-creation keys mixed in", () => {
            assert.deepEqual(
                problemsOf({
                    ...minimal("dev"),
                    network: { existingVpc: { vpcId: "vpc-123", privateSubnetIds: ["subnet-0123456789abcdef0"] } },
                }),
                [
                    `kafka-platform:network.existingVpc.vpcId: must be a VPC id such as vpc-0a1b2c3d4e5f60718 (got "vpc-123")`,
                    `kafka-platform:network.existingVpc.privateSubnetIds: must have exactly 3 item(s) (got ["subnet-0123456789abcdef0"])`,
                    `kafka-platform:network.existingVpc.publicSubnetIds: is required (array) (got nothing)`,
                ],
            );
            const ids = (from: number) => [0, 1, 2].map((i) => `subnet-0000000000000000${from + i}`);
            assert.deepEqual(
                problemsOf({
                    ...minimal("dev"),
                    network: { natGateways: "single", existingVpc: { vpcId: "vpc-0a1b2c3d4e5f60718", privateSubnetIds: ids(1), publicSubnetIds: ids(3) } },
                }),
                [
                    `kafka-platform:network.natGateways: cannot be combined with network.existingVpc (it only applies to a VPC this stack creates); remove one of them (got "single")`,
                    `kafka-platform:network.existingVpc: must list 3 private and 3 public subnets, all different; repeated: subnet-00000000000000003 (got {"vpcId":"vpc-0a1b2c3d4e5f60718","privateSubnetIds":["subnet-0000000000000000...)`,
                ],
            );
        });
    });

    describe("reading Pulumi's config values", () => {
        it("decodes JSON objects, lists, numbers and booleans and leaves plain strings alone", () => {
            assert.deepEqual(decodeConfigValue('{"a":[1,true]}'), { a: [1, true] });
            assert.equal(decodeConfigValue("3"), 3);
            assert.equal(decodeConfigValue("false"), false);
            assert.equal(decodeConfigValue("eu-west-1"), "eu-west-1");
            assert.equal(decodeConfigValue("{not json"), "{not json");
        });

        it("merges objects deeply and replaces lists and scalars", () => {
            assert.deepEqual(mergeDefaults({ a: { b: 1, c: [1, 2] }, d: 1 }, { a: { c: [3] }, e: 2 }), { a: { b: 1, c: [3] }, d: 1, e: 2 });
        });
    });
});
