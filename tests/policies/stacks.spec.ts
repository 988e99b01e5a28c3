import { strict as assert } from "assert";
import { evaluateForEnvironment, evaluatePolicies, loadPackConfig } from "../../automation/policies/runner";
import { stackFileNameOf } from "../../automation/plan/plan";
import { listStacks, readStackConfig } from "../../automation/harness/stackFiles";
import { countByType, ProgramRun, RecordedResource, runConfig, runStack } from "../support/harness";
import { Obj } from "../support/policyFixtures";

/**
 * The whole program under mocks, evaluated with the pack as the credential-free plan does. Each
 * shipped stack must pass its environment's rules without a single finding; edited copies of the
 * prod plan stand for a change that bypasses the program's own validation (a hand-edited resource,
 * a future component), and each must be caught by its rule with its exact message. Every edit is
 * made on a resource the program itself recorded.
 */

const STRIMZI = (kind: string) => `kubernetes:kafka.strimzi.io/v1:${kind}`;
/** The control plane the engine judges: pulumi-eks's child of the eks.Cluster component. */
const EKS = "aws:eks/cluster:Cluster";
const EKS_NAME = "cluster-eks-eksCluster";
const STORAGE_CLASS = "kubernetes:storage.k8s.io/v1:StorageClass";
const BUCKET = "aws:s3/bucket:Bucket";
const PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock";
const ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy";

/**
 * Two teams whose topics are archived, so the prod plan also holds team topics and users, one
 * KafkaConnector per team and format with its dead-letter topic, and a Connect user that reads the
 * topics of both teams.
 */
const TEAMS = {
    payments: {
        topics: [
            { name: "orders", partitions: 6, archive: true, sharedWith: ["search"] },
            { name: "ledger", partitions: 3, recordFormat: "json-with-schema", archive: { format: "parquet" } },
        ],
        applications: [{ name: "checkout", authentication: "tls", produces: [{ topic: "orders" }, { topic: "ledger" }], transactionalIds: [{ prefix: "checkout-" }] }],
    },
    search: {
        topics: [{ name: "queries", partitions: 6, archive: true }],
        applications: [{ name: "indexer", authentication: "tls", consumes: [{ prefix: "" }, { shared: "payments.orders" }], groups: [{ name: "indexer" }] }],
    },
};

type Plan = "prod" | "prod with teams";

/** A copy of the recorded resources with one resource's inputs edited. */
function editing(resources: RecordedResource[], type: string, name: string, edit: (inputs: Obj) => void): RecordedResource[] {
    const copy = structuredClone(resources);
    const target = copy.find((r) => r.type === type && r.name === name);
    if (!target) {
        throw new Error(`the plan has no ${type} named ${name}`);
    }
    // The recorder shares values between a record's inputs and outputs; each gets an edit of its own.
    const outputs = target.outputs && structuredClone(target.outputs);
    edit(target.inputs);
    if (outputs) {
        edit(outputs);
        target.outputs = outputs;
    }
    return copy;
}

/** An IAM policy document recorded as a JSON string, edited as an object. */
function editPolicyDocument(inputs: Obj, edit: (document: Obj) => void): void {
    const document = JSON.parse(String(inputs.policy)) as Obj;
    edit(document);
    inputs.policy = JSON.stringify(document);
}

/** What a rule reports: on which recorded resource (type and name), with which message. */
interface Finding {
    policy: string;
    at: [type: string, name: string];
    message: string;
}

interface Breakage {
    what: string;
    plan: Plan;
    type: string;
    name: string;
    edit: (inputs: Obj) => void;
    /** Every mandatory finding the broken plan gets, in the runner's order; `bucket` is the archive bucket's name. */
    findings: (bucket: string) => Finding[];
}

const BROKER_POOL: [string, string] = [STRIMZI("KafkaNodePool"), "kafka-broker"];
const KAFKA: [string, string] = [STRIMZI("Kafka"), "kafka-kafka"];

const BROKEN_PROD: Breakage[] = [
    {
        what: "fewer brokers: the broker pool cut to one replica",
        plan: "prod",
        type: BROKER_POOL[0],
        name: BROKER_POOL[1],
        edit: (i) => (i.spec.replicas = 1),
        findings: () => [
            {
                policy: "kafka-min-brokers",
                at: BROKER_POOL,
                message: "Kafka kafka/events has 1 broker (KafkaNodePool kafka/broker: 1); raise spec.replicas of its broker node pools to at least 3 in total.",
            },
        ],
    },
    {
        what: "a cluster default replication factor of 1",
        plan: "prod",
        type: KAFKA[0],
        name: KAFKA[1],
        edit: (i) => (i.spec.kafka.config["default.replication.factor"] = 1),
        findings: () => [
            { policy: "kafka-default-replication-factor", at: KAFKA, message: 'spec.kafka.config["default.replication.factor"] is 1; set it to at least 3.' },
            {
                policy: "kafka-min-insync-replicas",
                at: KAFKA,
                message:
                    'spec.kafka.config["min.insync.replicas"] (2) is above spec.kafka.config["default.replication.factor"] (1), so every acks=all write would fail; lower spec.kafka.config["min.insync.replicas"] below spec.kafka.config["default.replication.factor"] or raise spec.kafka.config["default.replication.factor"] above it.',
            },
        ],
    },
    {
        what: "a team topic at replication factor 1",
        plan: "prod with teams",
        type: STRIMZI("KafkaTopic"),
        name: "payments.orders",
        edit: (i) => (i.spec.replicas = 1),
        findings: () => [
            {
                policy: "kafka-topic-replication",
                at: [STRIMZI("KafkaTopic"), "payments.orders"],
                message: "KafkaTopic kafka/payments.orders (topic payments.orders): spec.replicas is 1; set it to at least 3, or remove it to use the cluster's default.replication.factor.",
            },
        ],
    },
    {
        what: "ephemeral broker storage",
        plan: "prod",
        type: BROKER_POOL[0],
        name: BROKER_POOL[1],
        edit: (i) => (i.spec.storage = { type: "ephemeral" }),
        findings: () => [
            {
                policy: "kafka-no-ephemeral-storage",
                at: BROKER_POOL,
                message: "KafkaNodePool kafka/broker: spec.storage.type is ephemeral, so a restarted or rescheduled pod loses its data; use type persistent-claim with a size and an encrypted gp3 class.",
            },
        ],
    },
    {
        what: "a broker volume deleted with its claim",
        plan: "prod",
        type: BROKER_POOL[0],
        name: BROKER_POOL[1],
        edit: (i) => (i.spec.storage.volumes[1].deleteClaim = true),
        findings: () => [
            {
                policy: "kafka-storage-delete-claim",
                at: BROKER_POOL,
                message: "KafkaNodePool kafka/broker: spec.storage.volumes[1].deleteClaim is true, so scaling the pool down or deleting it deletes the volume and its data; set it to false.",
            },
        ],
    },
    {
        what: "an unencrypted StorageClass under every broker volume",
        plan: "prod",
        type: STORAGE_CLASS,
        name: "cluster-gp3",
        edit: (i) => (i.parameters.encrypted = "false"),
        findings: () => {
            const unencrypted = 'uses StorageClass "gp3", but it does not set parameters.encrypted: "true", so its volumes are unencrypted unless the account encrypts EBS by default; set it.';
            return [
                {
                    policy: "ebs-storage-class-encrypted",
                    at: [STORAGE_CLASS, "cluster-gp3"],
                    message: 'StorageClass gp3 (ebs.csi.aws.com) does not set parameters.encrypted: "true", so its volumes are unencrypted unless the account encrypts EBS by default; set it.',
                },
                { policy: "kafka-storage-class", at: BROKER_POOL, message: `KafkaNodePool kafka/broker: spec.storage.volumes[0] ${unencrypted}` },
                { policy: "kafka-storage-class", at: BROKER_POOL, message: `KafkaNodePool kafka/broker: spec.storage.volumes[1] ${unencrypted}` },
            ];
        },
    },
    {
        what: "EBS volumes on the account's default key",
        plan: "prod",
        type: STORAGE_CLASS,
        name: "cluster-gp3",
        edit: (i) => delete i.parameters.kmsKeyId,
        findings: () => [
            {
                policy: "ebs-storage-class-encrypted",
                at: [STORAGE_CLASS, "cluster-gp3"],
                message: "StorageClass gp3 (ebs.csi.aws.com) encrypts with the account's default EBS key; set parameters.kmsKeyId to a customer-managed KMS key ARN (cluster.storageClass.useClusterKmsKey: true).",
            },
        ],
    },
    {
        what: "a broker volume on a class the stack does not define",
        plan: "prod",
        type: BROKER_POOL[0],
        name: BROKER_POOL[1],
        edit: (i) => (i.spec.storage.volumes[0].class = "gp2"),
        findings: () => [
            {
                policy: "kafka-storage-class",
                at: BROKER_POOL,
                message:
                    'KafkaNodePool kafka/broker: spec.storage.volumes[0] uses StorageClass "gp2", which is not defined in this stack, so its encryption cannot be checked; use an encrypted gp3 StorageClass of this stack such as "gp3" or "gp3-baseline".',
            },
        ],
    },
    {
        what: "a plaintext listener",
        plan: "prod",
        type: KAFKA[0],
        name: KAFKA[1],
        edit: (i) => (i.spec.kafka.listeners[0].tls = false),
        findings: () => [
            {
                policy: "kafka-listener-security",
                at: KAFKA,
                message: 'spec.kafka.listeners[0] ("tls", port 9093): tls is false; set tls: true so clients and their credentials cross the network encrypted.',
            },
        ],
    },
    {
        what: "a team user reading every topic",
        plan: "prod with teams",
        type: STRIMZI("KafkaUser"),
        name: "search.indexer",
        edit: (i) => (i.spec.authorization.acls[0].resource = { type: "topic", name: "*", patternType: "literal" }),
        findings: () => [
            {
                policy: "kafka-user-acl-team-scope",
                at: [STRIMZI("KafkaUser"), "search.indexer"],
                message:
                    'KafkaUser kafka/search.indexer: spec.authorization.acls[0] allows Read, Describe on every topic ("*"), outside the prefix "search." of team search; use a prefix ACL starting with "search.", or literal grants on what another team has shared.',
            },
        ],
    },
    {
        what: "a team user reading another team's topics by prefix",
        plan: "prod with teams",
        type: STRIMZI("KafkaUser"),
        name: "search.indexer",
        edit: (i) => (i.spec.authorization.acls[0].resource.name = "payments."),
        findings: () => [
            {
                policy: "kafka-user-acl-team-scope",
                at: [STRIMZI("KafkaUser"), "search.indexer"],
                message:
                    'KafkaUser kafka/search.indexer: spec.authorization.acls[0] allows Read, Describe on every topic starting with "payments." (prefix), outside the prefix "search." of team search; use a prefix ACL starting with "search.", or literal grants on what another team has shared.',
            },
        ],
    },
    {
        what: "Kafka Connect's user reading a team's topics by prefix instead of the archived ones by name",
        plan: "prod with teams",
        type: STRIMZI("KafkaUser"),
        name: "archive-connect-user",
        edit: (i) => i.spec.authorization.acls.push({ resource: { type: "topic", name: "payments.", patternType: "prefix" }, operations: ["Read", "Describe"] }),
        findings: () => [
            {
                policy: "kafka-user-acl-team-scope",
                at: [STRIMZI("KafkaUser"), "archive-connect-user"],
                message:
                    'KafkaUser kafka/archive-connect-user: spec.authorization.acls[13] allows Read, Describe on every topic starting with "payments." (prefix), but the user has no "kafka-platform.io/team" label, so no team owns it and the wildcard reaches every team\'s names; grant literal names only (as the platform\'s own users, such as Kafka Connect\'s, do), or label the user with its team and keep wildcards inside "<team>.".',
            },
        ],
    },
    {
        what: "a public bucket ACL",
        plan: "prod",
        type: BUCKET,
        name: "archive-bucket",
        edit: (i) => (i.acl = "public-read"),
        findings: (bucket) => [
            { policy: "s3-bucket-owner-enforced", at: [BUCKET, "archive-bucket"], message: `Bucket ${bucket} uses ACLs (it sets acl "public-read"); remove them and set objectOwnership "BucketOwnerEnforced".` },
        ],
    },
    {
        what: "a public access block that lets a public bucket policy through",
        plan: "prod",
        type: PUBLIC_ACCESS_BLOCK,
        name: "archive-bucket",
        edit: (i) => (i.blockPublicPolicy = false),
        findings: (bucket) => [
            { policy: "s3-public-access-block", at: [BUCKET, "archive-bucket"], message: `Bucket ${bucket}: its public access block leaves blockPublicPolicy off; set it to true.` },
        ],
    },
    {
        what: "an archive encrypted with SSE-S3 only",
        plan: "prod",
        type: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        name: "archive-bucket",
        edit: (i) => (i.rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "AES256" }),
        findings: (bucket) => [
            { policy: "s3-bucket-encryption", at: [BUCKET, "archive-bucket"], message: `Bucket ${bucket} encrypts with "AES256"; set sseAlgorithm to "aws:kms" or "aws:kms:dsse".` },
        ],
    },
    {
        what: "an API endpoint open to the internet",
        plan: "prod",
        type: EKS,
        name: EKS_NAME,
        edit: (i) => ((i.vpcConfig as Obj).publicAccessCidrs = ["0.0.0.0/0"]),
        findings: () => [
            {
                policy: "eks-endpoint-restricted",
                at: [EKS, EKS_NAME],
                message: 'vpcConfig.publicAccessCidrs includes "0.0.0.0/0", the whole internet; list only office or VPN ranges of /24 or narrower, or set vpcConfig.endpointPublicAccess: false.',
            },
        ],
    },
    {
        what: "a public endpoint without CIDRs",
        plan: "prod",
        type: EKS,
        name: EKS_NAME,
        edit: (i) => delete (i.vpcConfig as Obj).publicAccessCidrs,
        findings: () => [
            {
                policy: "eks-endpoint-restricted",
                at: [EKS, EKS_NAME],
                message:
                    "The API endpoint is public (vpcConfig.endpointPublicAccess is true) and vpcConfig.publicAccessCidrs is not set, so EKS opens it to 0.0.0.0/0; set vpcConfig.publicAccessCidrs to your office or VPN ranges, or vpcConfig.endpointPublicAccess: false.",
            },
        ],
    },
    {
        what: "control-plane logs turned off",
        plan: "prod",
        type: EKS,
        name: EKS_NAME,
        edit: (i) => (i.enabledClusterLogTypes = []),
        findings: () => [
            {
                policy: "eks-control-plane-logging",
                at: [EKS, EKS_NAME],
                message: "enabledClusterLogTypes enables no log type; add api, audit and authenticator so API calls and logins are recorded in CloudWatch.",
            },
        ],
    },
    {
        what: "secrets stored without KMS envelope encryption",
        plan: "prod",
        type: EKS,
        name: EKS_NAME,
        edit: (i) => delete i.encryptionConfig,
        findings: () => [
            {
                policy: "eks-secrets-encryption",
                at: [EKS, EKS_NAME],
                message: 'encryptionConfig is not set, so Kubernetes Secrets sit in etcd without KMS envelope encryption; set encryptionConfig: { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }.',
            },
        ],
    },
    {
        what: "a Kubernetes version out of support",
        plan: "prod",
        type: EKS,
        name: EKS_NAME,
        edit: (i) => (i.version = "1.29"),
        findings: () => [{ policy: "eks-supported-version", at: [EKS, EKS_NAME], message: 'version is "1.29"; use one of 1.32, 1.33, 1.34 or 1.35.' }],
    },
    {
        what: "every S3 action on the Connect role's archive statement",
        plan: "prod",
        type: ROLE_POLICY,
        name: "archive-roles-connect",
        edit: (i) => editPolicyDocument(i, (d) => (d.Statement[0].Action = "s3:*")),
        findings: () => [
            {
                policy: "iam-no-wildcard-actions",
                at: [ROLE_POLICY, "archive-roles-connect"],
                message: `RolePolicy archive-roles-connect: statement 0 (WriteArchivedObjects) allows "s3:*", which grants every s3 action; list only the actions the workload needs.`,
            },
        ],
    },
    {
        what: "every action on everything for the Connect build role",
        plan: "prod",
        type: ROLE_POLICY,
        name: "archive-roles-build",
        edit: (i) => editPolicyDocument(i, (d) => (d.Statement[0].Action = "*")),
        findings: () => [
            {
                policy: "iam-no-wildcard-actions",
                at: [ROLE_POLICY, "archive-roles-build"],
                message: 'RolePolicy archive-roles-build: statement 0 (GetRegistryToken) allows "*", which grants every action of every AWS service on every resource ("*"); list only the actions the workload needs.',
            },
        ],
    },
    {
        what: "administrator access for the worker nodes",
        plan: "prod",
        type: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
        name: "cluster-node-AmazonEKSWorkerNodePolicy",
        edit: (i) => (i.policyArn = "arn:aws:iam::aws:policy/AdministratorAccess"),
        findings: () => [
            {
                policy: "iam-no-admin-managed-policies",
                at: ["aws:iam/rolePolicyAttachment:RolePolicyAttachment", "cluster-node-AmazonEKSWorkerNodePolicy"],
                message:
                    "RolePolicyAttachment cluster-node-AmazonEKSWorkerNodePolicy: policyArn attaches arn:aws:iam::aws:policy/AdministratorAccess; attach a policy that lists only what the workload needs (forbidden here: AdministratorAccess, PowerUserAccess, IAMFullAccess and AmazonS3FullAccess).",
            },
        ],
    },
];

function urnOf(run: ProgramRun, [type, name]: [string, string]): string {
    const found = run.resources.filter((r) => r.type === type && r.name === name);
    assert.equal(found.length, 1, `the plan has one ${type} named ${name}`);
    return found[0].urn;
}

describe("the policy pack on the shipped stacks", () => {
    const runs = new Map<string, ProgramRun>();
    const plans = new Map<Plan, ProgramRun>();
    before(async () => {
        // A team stack reads its platform stack's outputs, so platform stacks run first.
        const platformOf = (stack: string) => readStackConfig(stack).config.platformStack;
        const stacks = listStacks().sort((a, b) => Number(platformOf(a) !== undefined) - Number(platformOf(b) !== undefined));
        for (const stack of stacks) {
            const reference = platformOf(stack);
            const world = typeof reference === "string" ? { stackOutputs: { [reference]: runs.get(stackFileNameOf(reference))!.outputs } } : {};
            runs.set(stack, await runStack(stack, { world }));
        }
        plans.set("prod", runs.get("prod")!);
        plans.set("prod with teams", await runStack("prod", { config: { ...readStackConfig("prod").config, teams: TEAMS } }));
    });

    it("covers every shipped stack file", () => {
        assert.deepEqual([...runs.keys()], ["dev", "local", "prod", "staging", "payments-dev"]);
    });

    for (const stack of ["dev", "staging", "prod", "local", "payments-dev"]) {
        it(`${stack} gets no finding at all, advisory included, from its environment's config`, async () => {
            const environment = String(readStackConfig(stack).config.environment);
            assert.equal(environment, stack === "payments-dev" ? "dev" : stack);
            assert.deepEqual(await evaluateForEnvironment(runs.get(stack)!.resources, environment), []);
        });
    }

    it("judges every kind of resource the rules read: the prod plans hold them all", () => {
        const kinds = (plan: Plan, types: string[]) => Object.fromEntries(types.map((t) => [t, countByType(plans.get(plan)!)[t] ?? 0]));
        assert.deepEqual(
            kinds("prod", [
                STRIMZI("Kafka"),
                STRIMZI("KafkaNodePool"),
                STRIMZI("KafkaUser"),
                STRIMZI("KafkaConnect"),
                STORAGE_CLASS,
                EKS,
                BUCKET,
                PUBLIC_ACCESS_BLOCK,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
                "aws:s3/bucketVersioning:BucketVersioning",
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
                "aws:s3/bucketPolicy:BucketPolicy",
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
                ROLE_POLICY,
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
            ]),
            {
                [STRIMZI("Kafka")]: 1,
                [STRIMZI("KafkaNodePool")]: 2,
                [STRIMZI("KafkaUser")]: 5,
                [STRIMZI("KafkaConnect")]: 1,
                [STORAGE_CLASS]: 2,
                [EKS]: 1,
                [BUCKET]: 1,
                [PUBLIC_ACCESS_BLOCK]: 1,
                "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 1,
                "aws:s3/bucketVersioning:BucketVersioning": 1,
                "aws:s3/bucketOwnershipControls:BucketOwnershipControls": 1,
                "aws:s3/bucketPolicy:BucketPolicy": 1,
                "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 1,
                [ROLE_POLICY]: 4,
                // The program's four and the EKS service role's AmazonEKSClusterPolicy (pulumi-eks servicerole.ts:102).
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 5,
            },
        );
        assert.deepEqual(kinds("prod with teams", [STRIMZI("KafkaTopic"), STRIMZI("KafkaUser"), STRIMZI("KafkaConnector")]), {
            [STRIMZI("KafkaTopic")]: 6,
            [STRIMZI("KafkaUser")]: 4,
            [STRIMZI("KafkaConnector")]: 3,
        });
    });

    describe("prod with teams whose topics are archived", () => {
        it("gets no finding: team users stay inside their prefixes, and Connect reads the archived topics of both teams by name", async () => {
            const run = plans.get("prod with teams")!;
            const acls = (name: string) => (run.resources.find((r) => r.type === STRIMZI("KafkaUser") && r.name === name)!.inputs as Obj).spec.authorization.acls as Obj[];
            assert.deepEqual(
                acls("archive-connect-user")
                    .filter((a) => a.resource.type === "topic" && a.operations.includes("Read"))
                    .map((a) => `${a.resource.patternType} ${a.resource.name}`)
                    .filter((t) => !t.startsWith("literal archive-connect-")),
                ["literal payments.orders", "literal search.queries", "literal payments.ledger"],
            );
            assert.ok(acls("archive-connect-user").every((a) => a.resource.patternType === "literal"));
            assert.deepEqual(await evaluateForEnvironment(run.resources, "prod"), []);
        });
    });

    describe("catches broken copies of the prod plan, each with its rule and message", () => {
        for (const b of BROKEN_PROD) {
            it(`${b.what}${b.plan === "prod" ? "" : ` (${b.plan})`}`, async () => {
                const plan = plans.get(b.plan)!;
                const broken = editing(plan.resources, b.type, b.name, b.edit);
                const violations = await evaluateForEnvironment(broken, "prod");
                assert.deepEqual(
                    violations.map(({ policy, enforcementLevel, urn, message }) => ({ policy, enforcementLevel, urn, message })),
                    b.findings(String(plan.outputs.archiveBucketName)).map((f) => ({ policy: f.policy, enforcementLevel: "mandatory", urn: urnOf(plan, f.at), message: f.message })),
                );
            });
        }
    });

    it("reports a loosened endpoint and logs as advisory under dev's config, and every departure of dev's profile as mandatory under prod's", async () => {
        const dev = readStackConfig("dev").config as Obj;
        const loose = await runConfig("dev", {
            ...dev,
            cluster: { ...dev.cluster, endpoint: { publicAccess: true, privateAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }, logTypes: ["api"] },
        });
        const summary = (vs: { policy: string; enforcementLevel: string }[]) => vs.map((v) => `${v.enforcementLevel} ${v.policy}`);
        assert.deepEqual(summary(await evaluateForEnvironment(loose.resources, "dev")), ["advisory eks-endpoint-restricted", "advisory eks-control-plane-logging"]);
        // Dev's profile: the account's EBS key and a Delete reclaim policy, volumes deleted with their
        // claims and below prod's sizes, RF 2 / min ISR 1 for the cluster, its internal topics and the
        // demo pipeline's topics, an Alertmanager that alerts nobody, and an SSE-S3 archive.
        assert.deepEqual(summary(await evaluatePolicies(loose.resources, loadPackConfig("prod"))), [
            "mandatory eks-endpoint-restricted",
            "mandatory eks-control-plane-logging",
            // Both classes, the brokers' and the controllers' baseline one.
            "mandatory ebs-storage-class-encrypted",
            "mandatory ebs-storage-class-encrypted",
            "mandatory kafka-storage-delete-claim",
            "mandatory kafka-storage-min-size",
            "mandatory kafka-storage-delete-claim",
            "mandatory kafka-storage-min-size",
            "mandatory kafka-default-replication-factor",
            "mandatory kafka-min-insync-replicas",
            "mandatory kafka-internal-topic-replication",
            "mandatory kafka-internal-topic-replication",
            "mandatory kafka-internal-topic-replication",
            "mandatory kafka-topic-replication",
            "mandatory kafka-topic-replication",
            "mandatory kafka-topic-replication",
            "mandatory kafka-topic-replication",
            "mandatory kafka-topic-replication",
            "mandatory kafka-topic-replication",
            "mandatory kafka-storage-class",
            "mandatory kafka-storage-class",
            "mandatory kafka-alerting",
            "mandatory s3-bucket-encryption",
        ]);
    });
});
