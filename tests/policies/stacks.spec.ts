import { strict as assert } from "assert";
import { evaluateForEnvironment, evaluatePolicies, loadPackConfig } from "../../automation/policyRunner";
import { stackFileNameOf } from "../../automation/plan/plan";
import { listStacks, readStackConfig } from "../../automation/stackFiles";
import { ProgramRun, RecordedResource, runConfig, runStack } from "../support/harness";
import { archiveBucket, brokerPool, controllerPool, kafka, Obj, topic, user } from "../support/policyFixtures";

/**
 * The whole program under mocks, evaluated with the pack as the credential-free plan does. Each
 * shipped stack must pass its environment's rules; edited copies of the prod plan stand for a
 * change that bypasses the program's own validation (a hand-edited resource, a future component),
 * and each must be caught by its rule. When the Kafka and archive components land, the resources
 * withPlatformResources adds by hand come from the program itself: drop the helper, keep the rows of
 * BROKEN_PLATFORM as edits of the recorded resources, and add rows for what each component adds.
 */

/** A copy of the recorded resources with one resource's inputs edited. */
function editing(resources: RecordedResource[], type: string, name: string, edit: (inputs: Obj) => void): RecordedResource[] {
    const copy = structuredClone(resources);
    const target = copy.find((r) => r.type === type && r.name === name);
    if (!target) {
        throw new Error(`the plan has no ${type} named ${name}`);
    }
    edit(target.inputs);
    return copy;
}

interface Breakage {
    what: string;
    type: string;
    name: string;
    edit: (inputs: Obj) => void;
    policy: string;
    message: string;
}

const EKS = "eks:index:Cluster";

const BROKEN_PROD: Breakage[] = [
    {
        what: "an API endpoint open to the internet",
        type: EKS,
        name: "cluster-eks",
        edit: (i) => (i.publicAccessCidrs = ["0.0.0.0/0"]),
        policy: "eks-endpoint-restricted",
        message: 'publicAccessCidrs includes "0.0.0.0/0", the whole internet; list only office or VPN ranges of /24 or narrower, or set endpointPublicAccess: false.',
    },
    {
        what: "a public endpoint without CIDRs",
        type: EKS,
        name: "cluster-eks",
        edit: (i) => delete i.publicAccessCidrs,
        policy: "eks-endpoint-restricted",
        message:
            "The API endpoint is public (endpointPublicAccess is true) and publicAccessCidrs is not set, so EKS opens it to 0.0.0.0/0; set publicAccessCidrs to your office or VPN ranges, or endpointPublicAccess: false.",
    },
    {
        what: "control-plane logs turned off",
        type: EKS,
        name: "cluster-eks",
        edit: (i) => (i.enabledClusterLogTypes = []),
        policy: "eks-control-plane-logging",
        message: "enabledClusterLogTypes enables no log type; add api, audit and authenticator so API calls and logins are recorded in CloudWatch.",
    },
    {
        what: "secrets stored without KMS envelope encryption",
        type: EKS,
        name: "cluster-eks",
        edit: (i) => delete i.encryptionConfigKeyArn,
        policy: "eks-secrets-encryption",
        message: "encryptionConfigKeyArn is not set, so Kubernetes Secrets sit in etcd without KMS envelope encryption; set it to the ARN of a KMS key with rotation on.",
    },
    {
        what: "a Kubernetes version out of support",
        type: EKS,
        name: "cluster-eks",
        edit: (i) => (i.version = "1.29"),
        policy: "eks-supported-version",
        message: 'version is "1.29"; use one of 1.32, 1.33, 1.34 or 1.35.',
    },
    {
        what: "an unencrypted default storage class",
        type: "kubernetes:storage.k8s.io/v1:StorageClass",
        name: "cluster-gp3",
        edit: (i) => (i.parameters.encrypted = "false"),
        policy: "ebs-storage-class-encrypted",
        message: 'StorageClass gp3 (ebs.csi.aws.com) does not set parameters.encrypted: "true", so its volumes are unencrypted unless the account encrypts EBS by default; set it.',
    },
    {
        what: "EBS volumes on the account's default key",
        type: "kubernetes:storage.k8s.io/v1:StorageClass",
        name: "cluster-gp3",
        edit: (i) => delete i.parameters.kmsKeyId,
        policy: "ebs-storage-class-encrypted",
        message: "StorageClass gp3 (ebs.csi.aws.com) encrypts with the account's default EBS key; set parameters.kmsKeyId to a customer-managed KMS key ARN (cluster.storageClass.useClusterKmsKey: true).",
    },
    {
        what: "a role policy granting every S3 action",
        type: "aws:iam/rolePolicy:RolePolicy",
        name: "cluster-ebs-csi-kms",
        edit: (i) => (i.policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] })),
        policy: "iam-no-wildcard-actions",
        message: 'RolePolicy cluster-ebs-csi-kms: statement 0 allows "s3:*", which grants every s3 action on every resource ("*"); list only the actions the workload needs.',
    },
    {
        what: "administrator access for the worker nodes",
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "cluster-node-AmazonEKSWorkerNodePolicy",
        edit: (i) => (i.policyArn = "arn:aws:iam::aws:policy/AdministratorAccess"),
        policy: "iam-no-admin-managed-policies",
        message:
            "RolePolicyAttachment cluster-node-AmazonEKSWorkerNodePolicy: policyArn attaches arn:aws:iam::aws:policy/AdministratorAccess; attach a policy that lists only what the workload needs (forbidden here: AdministratorAccess, PowerUserAccess, IAMFullAccess and AmazonS3FullAccess).",
    },
];

/**
 * Strimzi and S3 resources shaped as their components will register them, recorded under the prod
 * stack's EKS component. Until the Kafka and archive components land, they are added to the prod
 * plan by hand, so the rules are proven against the program's real StorageClass and stack layout.
 */
function withPlatformResources(resources: RecordedResource[], edit: (added: Record<string, Obj>) => void = () => undefined): RecordedResource[] {
    const stackUrn = resources.find((r) => r.type === "pulumi:pulumi:Stack")!.urn;
    const prefix = stackUrn.slice(0, stackUrn.indexOf("::pulumi:pulumi:Stack"));
    const added: Record<string, Obj> = {
        events: kafka(),
        broker: brokerPool(),
        controller: controllerPool(),
        "payments-orders": topic(),
        "payments-checkout": user(),
    };
    const bucket = archiveBucket();
    for (const b of bucket) {
        added[b.name] = b.props;
    }
    edit(added);
    const strimziTypes: Record<string, string> = {
        events: "Kafka",
        broker: "KafkaNodePool",
        controller: "KafkaNodePool",
        "payments-orders": "KafkaTopic",
        "payments-checkout": "KafkaUser",
    };
    const urnOf = (type: string, name: string) => `${prefix}::${type}::${name}`;
    const recorded: RecordedResource[] = Object.entries(strimziTypes).map(([name, kind]) => ({
        urn: urnOf(`kubernetes:kafka.strimzi.io/v1:${kind}`, name),
        type: `kubernetes:kafka.strimzi.io/v1:${kind}`,
        name,
        parent: stackUrn,
        custom: true,
        inputs: added[name],
        dependencies: [],
        protect: false,
        ignoreChanges: [],
    }));
    for (const b of bucket) {
        recorded.push({
            urn: urnOf(b.type, b.name),
            type: b.type,
            name: b.name,
            parent: stackUrn,
            custom: true,
            inputs: added[b.name],
            dependencies: (b.dependsOn ?? []).map((d) => urnOf(bucket.find((x) => x.name === d)!.type, d)),
            protect: false,
            ignoreChanges: [],
        });
    }
    return [...structuredClone(resources), ...recorded];
}

interface PlatformBreakage {
    what: string;
    edit: (added: Record<string, Obj>) => void;
    policies: string[];
}

const BROKEN_PLATFORM: PlatformBreakage[] = [
    { what: "fewer brokers", edit: (a) => (a.broker.spec.replicas = 1), policies: ["kafka-min-brokers"] },
    { what: "a cluster default replication factor of 1", edit: (a) => (a.events.spec.kafka.config["default.replication.factor"] = 1), policies: ["kafka-default-replication-factor", "kafka-min-insync-replicas"] },
    { what: "a topic at replication factor 1", edit: (a) => Object.assign(a["payments-orders"].spec, { replicas: 1, config: {} }), policies: ["kafka-topic-replication"] },
    { what: "ephemeral broker storage", edit: (a) => (a.broker.spec.storage = { type: "ephemeral" }), policies: ["kafka-no-ephemeral-storage"] },
    { what: "a volume deleted with its claim", edit: (a) => (a.broker.spec.storage.volumes[0].deleteClaim = true), policies: ["kafka-storage-delete-claim"] },
    { what: "a volume on a class the stack does not define", edit: (a) => (a.broker.spec.storage.volumes[0].class = "gp2"), policies: ["kafka-storage-class"] },
    { what: "a plaintext listener", edit: (a) => (a.events.spec.kafka.listeners[0].tls = false), policies: ["kafka-listener-security"] },
    { what: "a user reading every topic", edit: (a) => (a["payments-checkout"].spec.authorization.acls[0].resource = { type: "topic", name: "*", patternType: "literal" }), policies: ["kafka-user-acl-team-scope"] },
    { what: "a public bucket", edit: (a) => (a.archive.acl = "public-read"), policies: ["s3-bucket-owner-enforced"] },
    { what: "a public access block that lets a public bucket policy through", edit: (a) => (a["archive-public-access"].blockPublicPolicy = false), policies: ["s3-public-access-block"] },
    { what: "an archive encrypted with SSE-S3 only", edit: (a) => (a["archive-encryption"].rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" }), policies: ["s3-bucket-encryption"] },
];

describe("the policy pack on the shipped stacks", () => {
    const runs = new Map<string, ProgramRun>();
    before(async () => {
        // A team stack reads its platform stack's outputs, so platform stacks run first.
        const platformOf = (stack: string) => readStackConfig(stack).config.platformStack;
        const stacks = listStacks().sort((a, b) => Number(platformOf(a) !== undefined) - Number(platformOf(b) !== undefined));
        for (const stack of stacks) {
            const reference = platformOf(stack);
            const world = typeof reference === "string" ? { stackOutputs: { [reference]: runs.get(stackFileNameOf(reference))!.outputs } } : {};
            runs.set(stack, await runStack(stack, { world }));
        }
    });

    it("covers every shipped stack file", () => {
        assert.deepEqual([...runs.keys()], ["dev", "local", "prod", "staging", "payments-dev"]);
    });

    it("payments-dev (a team stack) passes every rule of dev's config", async () => {
        assert.equal(readStackConfig("payments-dev").config.environment, "dev");
        assert.deepEqual(await evaluateForEnvironment(runs.get("payments-dev")!.resources, "dev"), []);
    });

    for (const stack of ["dev", "staging", "prod", "local"]) {
        it(`${stack} passes every rule of its environment's config`, async () => {
            const environment = String(readStackConfig(stack).config.environment);
            assert.equal(environment, stack);
            assert.deepEqual(await evaluateForEnvironment(runs.get(stack)!.resources, environment), []);
        });
    }

    describe("catches broken copies of the prod plan, each with its rule", () => {
        for (const b of BROKEN_PROD) {
            it(b.what, async () => {
                const prod = runs.get("prod")!;
                const broken = editing(prod.resources, b.type, b.name, b.edit);
                const urn = prod.resources.find((r) => r.type === b.type && r.name === b.name)!.urn;
                const violations = await evaluateForEnvironment(broken, "prod");
                assert.deepEqual(
                    violations.map(({ policy, enforcementLevel, urn: at, message }) => ({ policy, enforcementLevel, urn: at, message })),
                    [{ policy: b.policy, enforcementLevel: "mandatory", urn, message: b.message }],
                );
            });
        }
    });

    describe("catches unsafe Kafka and S3 resources added to the prod plan", () => {
        it("passes them as added, joined to the program's own StorageClass", async () => {
            assert.deepEqual(await evaluateForEnvironment(withPlatformResources(runs.get("prod")!.resources), "prod"), []);
        });

        for (const b of BROKEN_PLATFORM) {
            it(b.what, async () => {
                const violations = await evaluateForEnvironment(withPlatformResources(runs.get("prod")!.resources, b.edit), "prod");
                assert.deepEqual(
                    violations.map((v) => `${v.enforcementLevel} ${v.policy}`),
                    b.policies.map((p) => `mandatory ${p}`),
                );
            });
        }
    });

    it("reports what dev's config allows as advisory in dev and as mandatory under prod's rules", async () => {
        const dev = readStackConfig("dev").config as Obj;
        const loose = await runConfig("dev", {
            ...dev,
            cluster: { ...dev.cluster, endpoint: { publicAccess: true, privateAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }, logTypes: ["api"] },
        });
        const summary = (vs: { policy: string; enforcementLevel: string }[]) => vs.map((v) => `${v.enforcementLevel} ${v.policy}`);
        assert.deepEqual(summary(await evaluateForEnvironment(loose.resources, "dev")), ["advisory eks-endpoint-restricted", "advisory eks-control-plane-logging"]);
        // Dev's storage class also uses the account's EBS key, which prod's rules refuse.
        assert.deepEqual(summary(await evaluatePolicies(loose.resources, loadPackConfig("prod"))), [
            "mandatory eks-endpoint-restricted",
            "mandatory eks-control-plane-logging",
            "mandatory ebs-storage-class-encrypted",
        ]);
    });
});
