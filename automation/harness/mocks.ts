import * as pulumi from "@pulumi/pulumi";
import { createHash } from "crypto";

/**
 * The outputs the mock runtime gives each resource and function call: realistic enough that every
 * `.apply` in the program runs and every value it derives looks like AWS's. Remote components
 * (eks:index:Cluster) are answered by their emulation in ./remote, which also makes their children.
 */

export const MOCK_ACCOUNT_ID = "123456789012";

export interface MockWorld {
    region: string;
    /** Subnets that exist in the account, for a stack that brings its own VPC. */
    subnets: Record<string, { vpcId: string; availabilityZone: string }>;
    /** Outputs of other stacks, by fully-qualified stack name, for StackReferences. */
    stackOutputs: Record<string, Record<string, unknown>>;
    /** The identity running Pulumi, as sts:GetCallerIdentity returns it (an assumed role's session ARN). */
    deployer: string;
    /** IAM roles the deployer may not assume: an aws provider assuming one fails as STS does. */
    unassumableRoles?: string[];
}

/** Who runs the plan unless told otherwise: a role session in the mock account. */
export const DEFAULT_DEPLOYER = `arn:aws:sts::${MOCK_ACCOUNT_ID}:assumed-role/pulumi-deployer/plan`;

/**
 * The IAM ARN behind a caller ARN, as aws.iam.getSessionContext gives it: an assumed-role session
 * `arn:aws:sts::<account>:assumed-role/<role>/<session>` stands for `arn:aws:iam::<account>:role/<role>`
 * (the mock knows no role paths); users and roles are their own issuer.
 */
export function issuerArnOf(callerArn: string): string {
    const m = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/[^/]+$/.exec(callerArn);
    return m ? `arn:${m[1]}:iam::${m[2]}:role/${m[3]}` : callerArn;
}

export function shortHash(text: string, length = 17): string {
    return createHash("sha256").update(text).digest("hex").slice(0, length);
}

function arn(world: MockWorld, service: string, resource: string, global = false): string {
    return `arn:aws:${service}:${global ? "" : world.region}:${MOCK_ACCOUNT_ID}:${resource}`;
}

export function mockKubeconfig(clusterName: string, endpoint: string): string {
    return JSON.stringify({
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": "bW9jay1jYQ==" } }],
        contexts: [{ name: "aws", context: { cluster: clusterName, user: "aws" } }],
        "current-context": "aws",
        users: [
            {
                name: "aws",
                user: {
                    exec: {
                        apiVersion: "client.authentication.k8s.io/v1beta1",
                        command: "aws",
                        args: ["eks", "get-token", "--cluster-name", clusterName, "--output", "json"],
                    },
                },
            },
        ],
    });
}

type State = Record<string, unknown>;

/** Computed outputs AWS would add, by resource type; everything else echoes its inputs. */
function awsOutputs(world: MockWorld, type: string, name: string, id: string, inputs: State): State {
    switch (type) {
        case "aws:ec2/vpc:Vpc":
            return { ...inputs, arn: arn(world, "ec2", `vpc/${id}`) };
        case "aws:ec2/subnet:Subnet":
            return { ...inputs, arn: arn(world, "ec2", `subnet/${id}`) };
        case "aws:iam/role:Role": {
            const roleName = String(inputs.name ?? `${name}-${shortHash(name, 7)}`);
            return { ...inputs, name: roleName, arn: arn(world, "iam", `role/${roleName}`, true).replace(`:${world.region}:`, "::"), uniqueId: `AROA${shortHash(name, 17).toUpperCase()}` };
        }
        case "aws:kms/key:Key": {
            const keyId = [8, 4, 4, 4, 12].map((n, i) => shortHash(`${name}-${i}`, n)).join("-");
            return { ...inputs, keyId, arn: arn(world, "kms", `key/${keyId}`) };
        }
        case "aws:ec2/launchTemplate:LaunchTemplate":
            return { ...inputs, latestVersion: 1, arn: arn(world, "ec2", `launch-template/${id}`) };
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2": {
            const bucket = String(inputs.bucket ?? name);
            // What the AWS provider (7.48, resource_aws_s3_bucket read) stores after the create, before any
            // side resource applies: the deprecated grant list holds the owner's FULL_CONTROL even with ACLs
            // disabled, and the encryption is S3's default SSE-S3.
            return {
                accelerationStatus: "",
                acl: "private",
                forceDestroy: false,
                grants: [{ id: shortHash(`canonical-${MOCK_ACCOUNT_ID}`, 64), type: "CanonicalUser", permissions: ["FULL_CONTROL"], uri: "" }],
                serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256", kmsMasterKeyId: "" }, bucketKeyEnabled: false } },
                versioning: { enabled: false, mfaDelete: false },
                lifecycleRules: [],
                corsRules: [],
                objectLockEnabled: false,
                requestPayer: "BucketOwner",
                policy: "",
                tagsAll: inputs.tags ?? {},
                ...inputs,
                bucket,
                arn: `arn:aws:s3:::${bucket}`,
                bucketDomainName: `${bucket}.s3.amazonaws.com`,
                bucketRegionalDomainName: `${bucket}.s3.${world.region}.amazonaws.com`,
                bucketRegion: world.region,
                region: world.region,
            };
        }
        case "aws:ecr/repository:Repository": {
            const repo = String(inputs.name ?? name);
            return { ...inputs, name: repo, arn: arn(world, "ecr", `repository/${repo}`), repositoryUrl: `${MOCK_ACCOUNT_ID}.dkr.ecr.${world.region}.amazonaws.com/${repo}` };
        }
        default:
            return { ...inputs, arn: arn(world, type.split(":")[1].split("/")[0], `${name}/${id}`) };
    }
}

function randomOutputs(type: string, name: string, inputs: State): State {
    const length = Number(inputs.length ?? inputs.byteLength ?? 8);
    const digest = shortHash(`${type}-${name}`, 64);
    switch (type) {
        case "random:index/randomId:RandomId":
            return { ...inputs, hex: digest.slice(0, length * 2), b64Url: Buffer.from(digest.slice(0, length * 2), "hex").toString("base64url"), dec: String(parseInt(digest.slice(0, 12), 16)) };
        default:
            return { ...inputs, result: digest.slice(0, length) };
    }
}

/** A PEM block of the given label whose body is a digest of the resource: shaped like the real thing, usable by nothing. */
function mockPem(label: string, type: string, name: string): string {
    return `-----BEGIN ${label}-----\n${Buffer.from(shortHash(`${type}-${name}-${label}`, 48)).toString("base64")}\n-----END ${label}-----\n`;
}

/** What the tls provider computes: keys, a signing request and certificates in PEM. */
function tlsOutputs(type: string, name: string, inputs: State): State {
    switch (type) {
        case "tls:index/privateKey:PrivateKey":
            return { ...inputs, privateKeyPem: mockPem("PRIVATE KEY", type, name), publicKeyPem: mockPem("PUBLIC KEY", type, name) };
        case "tls:index/certRequest:CertRequest":
            return { ...inputs, certRequestPem: mockPem("CERTIFICATE REQUEST", type, name) };
        default:
            return { ...inputs, certPem: mockPem("CERTIFICATE", type, name) };
    }
}

const ID_PREFIXES: Record<string, string> = {
    "aws:ec2/vpc:Vpc": "vpc-",
    "aws:ec2/subnet:Subnet": "subnet-",
    "aws:ec2/routeTable:RouteTable": "rtb-",
    "aws:ec2/internetGateway:InternetGateway": "igw-",
    "aws:ec2/natGateway:NatGateway": "nat-",
    "aws:ec2/eip:Eip": "eipalloc-",
    "aws:ec2/vpcEndpoint:VpcEndpoint": "vpce-",
    "aws:ec2/launchTemplate:LaunchTemplate": "lt-",
    "aws:ec2/securityGroup:SecurityGroup": "sg-",
};

/** The first role an aws provider's inputs assume; provider inputs reach the mocks JSON-encoded. */
function assumedRole(inputs: State): { roleArn: string; sessionName: string } | undefined {
    const raw = inputs.assumeRoles;
    const roles = (typeof raw === "string" ? JSON.parse(raw) : raw) as { roleArn?: string; sessionName?: string }[] | undefined;
    const first = roles?.[0];
    return first?.roleArn ? { roleArn: first.roleArn, sessionName: first.sessionName ?? "mock-session" } : undefined;
}

/** What STS answers GetCallerIdentity with for a session of an assumed role. */
function assumedRoleArn(role: { roleArn: string; sessionName: string }): string {
    const [, partition, , , account, resource] = role.roleArn.split(":");
    return `arn:${partition}:sts::${account}:assumed-role/${resource.split("/").pop()}/${role.sessionName}`;
}

export function createMocks(world: MockWorld): pulumi.runtime.Mocks {
    // aws providers that assume a role, by resource name: calls through them answer as that role.
    const assumedRoles = new Map<string, { roleArn: string; sessionName: string }>();
    return {
        newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: State } {
            const inputs = args.inputs as State;
            if (args.type === "pulumi:providers:aws") {
                const role = assumedRole(inputs);
                if (role) {
                    assumedRoles.set(args.name, role);
                }
            }
            const id = `${ID_PREFIXES[args.type] ?? ""}${shortHash(`${args.type}::${args.name}`)}`;
            if (args.type === "pulumi:pulumi:StackReference") {
                const stackName = String(inputs.name ?? args.name);
                const outputs = world.stackOutputs[stackName];
                if (!outputs) {
                    throw new Error(`the mock world has no outputs for stack ${stackName}`);
                }
                return { id: stackName, state: { name: stackName, outputs, secretOutputNames: [] } };
            }
            if (args.type === "aws:s3/bucket:Bucket" || args.type === "aws:s3/bucketV2:BucketV2") {
                // AWS's id of a bucket is its name, which the side resources then name it by.
                const bucketName = String(inputs.bucket ?? args.name);
                return { id: bucketName, state: awsOutputs(world, args.type, args.name, bucketName, inputs) };
            }
            if (args.type.startsWith("aws:")) {
                return { id, state: awsOutputs(world, args.type, args.name, id, inputs) };
            }
            if (args.type.startsWith("random:")) {
                return { id, state: randomOutputs(args.type, args.name, inputs) };
            }
            if (args.type.startsWith("tls:")) {
                return { id, state: tlsOutputs(args.type, args.name, inputs) };
            }
            if (args.type.startsWith("kubernetes:")) {
                const metadata = (inputs.metadata ?? {}) as State;
                // A named object's state keeps its inputs' own metadata: nothing to copy, and the plan sees no change.
                const state = metadata.name === undefined ? { ...inputs, metadata: { name: args.name, ...metadata } } : inputs;
                return { id: String(metadata.name ?? args.name), state };
            }
            return { id: args.custom ? id : undefined, state: inputs };
        },

        call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
            const inputs = args.inputs as State;
            switch (args.token) {
                case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                    const names = ["a", "b", "c"].map((s) => `${world.region}${s}`);
                    return { names, zoneIds: names.map((_, i) => `${world.region.slice(0, 3)}-az${i + 1}`), state: "available", id: world.region };
                }
                case "aws:index/getPartition:getPartition":
                    return { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws" };
                case "aws:index/getRegion:getRegion":
                    return { name: world.region, region: world.region, id: world.region };
                case "aws:index/getCallerIdentity:getCallerIdentity": {
                    // A provider reference is "<provider urn>::<id>"; the urn ends with the provider's name.
                    const role = args.provider ? assumedRoles.get(args.provider.split("::").slice(-2, -1)[0]) : undefined;
                    if (role && world.unassumableRoles?.includes(role.roleArn)) {
                        // The AWS provider assumes its role when configured, before its first call (as pulumi-aws does).
                        // Pulumi's invoke reports a failed call by the gRPC error's details.
                        const message = `operation error STS: AssumeRole, api error AccessDenied: User: ${world.deployer} is not authorized to perform: sts:AssumeRole on resource: ${role.roleArn}`;
                        throw Object.assign(new Error(message), { details: message });
                    }
                    if (role) {
                        const account = role.roleArn.split(":")[4];
                        return { accountId: account, arn: assumedRoleArn(role), userId: `AROAMOCK:${role.sessionName}`, id: account };
                    }
                    const account = world.deployer.split(":")[4];
                    return { accountId: account, arn: world.deployer, userId: "AROAMOCK:plan", id: account };
                }
                case "aws:iam/getSessionContext:getSessionContext": {
                    const issuerArn = issuerArnOf(String(inputs.arn));
                    return { arn: inputs.arn, issuerArn, issuerName: issuerArn.split("/").pop(), issuerId: "AROAMOCK", sessionName: String(inputs.arn).split("/").pop(), id: inputs.arn };
                }
                case "aws:ec2/getVpcEndpointService:getVpcEndpointService":
                    return { id: `${inputs.service}-${inputs.serviceType}`, serviceName: `com.amazonaws.${world.region}.${String(inputs.service)}`, serviceType: inputs.serviceType };
                case "aws:ec2/getSubnet:getSubnet": {
                    const subnet = world.subnets[String(inputs.id)];
                    if (!subnet) {
                        throw new Error(`InvalidSubnetID.NotFound: The subnet ID '${String(inputs.id)}' does not exist`);
                    }
                    return { id: inputs.id, ...subnet };
                }
                default:
                    throw new Error(`the mock runtime has no answer for function ${args.token}`);
            }
        },
    };
}
