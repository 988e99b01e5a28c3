import { strict as assert } from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { evaluateForEnvironment, evaluatePolicies, loadPackConfig } from "../../../automation/policies/runner";
import { PLAN_USAGE, planCli } from "../../../automation/plan/cli";
import { renderJson, renderMarkdown, renderSarif, renderTable } from "../../../automation/plan/format";
import { planStack } from "../../../automation/plan/plan";
import { ruleInfo } from "../../../automation/plan/rules";
import { planShape, sarifShape } from "../../../automation/plan/shapes";
import { Plan } from "../../../automation/plan/types";
import { CHECK_USAGE, policiesCli } from "../../../automation/policies/check";
import { listStacks, PROJECT_ROOT } from "../../../automation/harness/stackFiles";
import { capture, planDeps } from "../../support/cli";

const deps = planDeps;

/** A project folder holding Pulumi.yaml and one stack file written by the test. */
function projectWith(stack: string, yaml: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-platform-plan-"));
    fs.copyFileSync(path.join(PROJECT_ROOT, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), yaml);
    return dir;
}

function countOf(plan: Plan, type: string): number {
    return plan.resources.filter((r) => r.type === type).length;
}

describe("npm run plan", () => {
    const plans = new Map<string, Plan>();
    before(async () => {
        for (const stack of listStacks()) {
            plans.set(stack, await planStack(stack, { evaluate: evaluateForEnvironment }));
        }
    });

    it("plans every shipped stack with no violation at all", () => {
        for (const [stack, plan] of plans) {
            assert.deepEqual(plan.violations, [], `${stack} has violations`);
            assert.deepEqual(plan.summary, { resources: plan.resources.length, mandatory: 0, advisory: 0 });
        }
    });

    it("records the platform's resources per type in the prod plan", () => {
        const prod = plans.get("prod")!;
        const expected: Record<string, number> = {
            "pulumi:pulumi:Stack": 1,
            "pulumi:providers:aws": 1,
            // The program's, and the one pulumi-eks makes for the component (cluster.ts:914).
            "pulumi:providers:kubernetes": 2,
            "eks:index:Cluster": 1,
            "aws:eks/cluster:Cluster": 1,
            "aws:ec2/vpc:Vpc": 1,
            "aws:ec2/subnet:Subnet": 6,
            "aws:ec2/natGateway:NatGateway": 3,
            "aws:eks/nodeGroup:NodeGroup": 4,
            "aws:s3/bucket:Bucket": 1,
            "aws:ecr/repository:Repository": 1,
            // Strimzi's chart, Strimzi Drain Cleaner's and kube-prometheus-stack.
            "kubernetes:helm.sh/v4:Chart": 3,
            "kafka-platform:observability:PrometheusStack": 1,
            "kafka-platform:observability:KafkaMonitoring": 1,
            "kubernetes:monitoring.coreos.com/v1:PodMonitor": 3,
            "kubernetes:monitoring.coreos.com/v1:PrometheusRule": 1,
            // The platform's receiver and payments' route.
            "kubernetes:monitoring.coreos.com/v1alpha1:AlertmanagerConfig": 2,
            "kubernetes:kafka.strimzi.io/v1:Kafka": 1,
            "kubernetes:kafka.strimzi.io/v1:KafkaNodePool": 2,
            "kubernetes:kafka.strimzi.io/v1:KafkaConnect": 1,
        };
        for (const [type, count] of Object.entries(expected)) {
            assert.equal(countOf(prod, type), count, type);
        }
        assert.equal(prod.environment, "prod");
        assert.equal(prod.project, "kafka-platform");
    });

    it("plans a team stack against the plan of the platform stack it names", () => {
        const tenant = plans.get("payments-dev")!;
        assert.equal(tenant.environment, "dev");
        assert.equal(countOf(tenant, "aws:eks/nodeGroup:NodeGroup"), 0);
        assert.equal(countOf(tenant, "pulumi:pulumi:StackReference"), 1);
        assert.equal(countOf(tenant, "kubernetes:kafka.strimzi.io/v1:KafkaTopic"), 3);
        assert.equal(countOf(tenant, "kubernetes:kafka.strimzi.io/v1:KafkaUser"), 3);
    });

    it("writes JSON and SARIF that validate against their documented shapes", () => {
        for (const [stack, plan] of plans) {
            planShape.parse(JSON.parse(renderJson(plan)));
            sarifShape.parse(JSON.parse(renderSarif(plan, ruleInfo(), `Pulumi.${stack}.yaml`)));
        }
    });

    it("shows secrets as [secret] in the JSON", () => {
        const provider = plans.get("prod")!.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === "cluster-k8s")!;
        assert.equal(provider.inputs.kubeconfig, "[secret]");
    });

    it("prints a table of resources by component and type and a verdict, and exits 0", async () => {
        const c = capture();
        assert.equal(await planCli(["staging"], deps, c.io), 0);
        const table = c.stdout.join("");
        assert.match(table, /^Plan for kafka-platform\/staging \(environment staging\): \d+ resources\n/);
        assert.match(table, /\n  network \(Network\) +aws:ec2\/natGateway:NatGateway +1\n/);
        assert.match(table, /\nViolations: none\n\nPASS: 0 mandatory, 0 advisory violations\n$/);
        assert.equal(table, renderTable(plans.get("staging")!));
    });

    it("writes the chosen format to --out", async () => {
        const c = capture();
        assert.equal(await planCli(["dev", "--format", "markdown", "--out", "dev.md"], deps, c.io), 0);
        assert.deepEqual(c.stdout, []);
        assert.equal(c.files["dev.md"], renderMarkdown(plans.get("dev")!));
        assert.match(c.files["dev.md"], /^### :white_check_mark: Plan for `dev` \(dev\)\n/);
    });

    it("exits 2 with the usage on bad arguments", async () => {
        const stacks = listStacks().join(", ");
        const cases: Array<[string[], string]> = [
            [[], `name one stack (${stacks})\n${PLAN_USAGE}\n`],
            [["dev", "--format", "yaml"], `--format must be one of table, json, markdown, sarif (got yaml)\n${PLAN_USAGE}\n`],
            [["dev", "--verbose"], `unknown option --verbose\n${PLAN_USAGE}\n`],
            [["dev", "--out"], `--out needs a value\n${PLAN_USAGE}\n`],
            [["qa"], `no stack file Pulumi.qa.yaml; stacks here: ${stacks}\n`],
        ];
        for (const [argv, message] of cases) {
            const c = capture();
            assert.equal(await planCli(argv, deps, c.io), 2, argv.join(" "));
            assert.deepEqual(c.stderr, [message]);
        }
    });

    it("exits 2 with the program's own message on a broken config", async () => {
        const dir = projectWith("broken", "config:\n  kafka-platform:environment: prod\n  kafka-platform:network:\n    natGateways: single\n");
        const c = capture();
        assert.equal(await planCli(["broken"], { ...deps, projectDir: dir }, c.io), 2);
        assert.deepEqual(c.stderr, [
            `invalid stack config (1 problem):\n  - kafka-platform:network.natGateways: must be "perZone" in prod: a single NAT gateway makes one zone's outage cut every zone off (got "single")\n`,
        ]);
        assert.deepEqual(c.stdout, []);
    });

    it("exits 2 on a key in a namespace nothing reads, such as a misspelt project name", async () => {
        const dir = projectWith("typo", "config:\n  kafka-platform:environment: dev\n  kafka-platfrom:kafka:\n    brokers:\n      replicas: 6\n");
        const c = capture();
        assert.equal(await planCli(["typo"], { ...deps, projectDir: dir }, c.io), 2);
        assert.deepEqual(c.stderr, [
            'invalid stack config (1 problem):\n  - kafka-platform: config key kafka-platfrom:kafka is in namespace "kafka-platfrom", which nothing in this program reads; did you mean kafka-platform:kafka? (got "kafka-platfrom:kafka")\n',
        ]);
    });

    it("exits 2 when a team stack names a platform stack it has no stack file for", async () => {
        const dir = projectWith(
            "payments-qa",
            "config:\n  kafka-platform:environment: dev\n  kafka-platform:platformStack: organization/kafka-platform/qa\n  kafka-platform:teams:\n    payments: {}\n",
        );
        const c = capture();
        assert.equal(await planCli(["payments-qa"], { ...deps, projectDir: dir }, c.io), 2);
        assert.deepEqual(c.stderr, [
            'invalid stack config (1 problem):\n  - kafka-platform:platformStack: names a stack with no Pulumi.qa.yaml here to plan it from; stacks here: payments-qa (got "organization/kafka-platform/qa")\n',
        ]);
    });

    it("exits 1 on a mandatory violation, and the JSON lists it", async () => {
        // A dev stack may open its API endpoint to the world; prod's rules, which this evaluator applies, may not.
        const dir = projectWith(
            "open",
            [
                "config:",
                "  kafka-platform:environment: dev",
                "  kafka-platform:cluster:",
                "    endpoint:",
                "      publicAccess: true",
                "      publicAccessCidrs: [0.0.0.0/0]",
                "",
            ].join("\n"),
        );
        const strict = { ...deps, evaluate: (resources: Parameters<typeof evaluatePolicies>[0]) => evaluatePolicies(resources, loadPackConfig("prod")) };
        const c = capture();
        assert.equal(await planCli(["open", "--format", "json"], { ...strict, projectDir: dir }, c.io), 1);
        const plan = planShape.parse(JSON.parse(c.stdout.join("")));
        const endpoint = plan.violations.filter((v) => v.policy === "eks-endpoint-restricted");
        assert.deepEqual(endpoint, [
            {
                policy: "eks-endpoint-restricted",
                enforcementLevel: "mandatory",
                severity: "critical",
                urn: "urn:pulumi:open::kafka-platform::kafka-platform:cluster:EksCluster$eks:index:Cluster$aws:eks/cluster:Cluster::cluster-eks-eksCluster",
                message: 'vpcConfig.publicAccessCidrs includes "0.0.0.0/0", the whole internet; list only office or VPN ranges of /24 or narrower, or set vpcConfig.endpointPublicAccess: false.',
            },
        ]);
        assert.equal(plan.summary.mandatory, plan.violations.filter((v) => v.enforcementLevel === "mandatory").length);
        assert.ok(plan.summary.mandatory >= 1);
    });
});

describe("npm run policies -- check", () => {
    let dir: string;
    let prodPlan: Plan;
    before(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), "kafka-platform-check-"));
        prodPlan = await planStack("prod", { evaluate: evaluateForEnvironment });
    });

    /** Writes an edited copy of the prod plan and checks it with prod's pack config. */
    async function checkEdited(edit: (plan: Plan) => void, format = "json"): Promise<{ code: number; out: string }> {
        const copy = structuredClone(prodPlan);
        edit(copy);
        const file = path.join(dir, `edited-${Math.random().toString(36).slice(2)}.json`);
        fs.writeFileSync(file, renderJson(copy));
        const c = capture();
        const code = await policiesCli(["check", file, "--env", "prod", "--format", format], deps, c.io);
        return { code, out: c.stdout.join("") };
    }

    function inputsOf(plan: Plan, type: string, name: string): Record<string, any> {
        const r = plan.resources.find((x) => x.type === type && x.name === name);
        if (!r) {
            throw new Error(`the prod plan has no ${type} ${name}`);
        }
        return r.inputs as Record<string, any>;
    }

    const POOL = "kubernetes:kafka.strimzi.io/v1:KafkaNodePool";
    const cases: Array<{ what: string; edit: (p: Plan) => void; policy: string }> = [
        { what: "a broker pool cut to one replica", edit: (p) => (inputsOf(p, POOL, "kafka-broker").spec.replicas = 1), policy: "kafka-min-brokers" },
        {
            what: "a cluster default replication factor of 1",
            edit: (p) => (inputsOf(p, "kubernetes:kafka.strimzi.io/v1:Kafka", "kafka-kafka").spec.kafka.config["default.replication.factor"] = 1),
            policy: "kafka-default-replication-factor",
        },
        {
            what: "a topic at replication factor 1",
            edit: (p) => (inputsOf(p, "kubernetes:kafka.strimzi.io/v1:KafkaTopic", "payments.orders").spec.replicas = 1),
            policy: "kafka-topic-replication",
        },
        { what: "an ephemeral broker volume", edit: (p) => (inputsOf(p, POOL, "kafka-broker").spec.storage = { type: "ephemeral" }), policy: "kafka-no-ephemeral-storage" },
        {
            what: "a public bucket",
            edit: (p) => (inputsOf(p, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "archive-bucket").blockPublicPolicy = false),
            policy: "s3-public-access-block",
        },
        {
            what: "a wildcard IAM action",
            edit: (p) =>
                (inputsOf(p, "aws:iam/rolePolicy:RolePolicy", "archive-roles-connect").policy = JSON.stringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
                })),
            policy: "iam-no-wildcard-actions",
        },
    ];

    for (const c of cases) {
        it(`reports ${c.what} with its rule's name and exits 1`, async () => {
            const { code, out } = await checkEdited(c.edit);
            assert.equal(code, 1);
            const plan = planShape.parse(JSON.parse(out));
            assert.ok(
                plan.violations.some((v) => v.policy === c.policy && v.enforcementLevel === "mandatory"),
                `expected ${c.policy} among ${plan.violations.map((v) => v.policy).join(", ")}`,
            );
        });
    }

    describe("hand-made plans shaped as the engine presents them", () => {
        const URN = "urn:pulumi:prod::kafka-platform::";
        const COMPONENT = `${URN}kafka-platform:cluster:EksCluster$eks:index:Cluster::cluster-eks`;
        const CHILD = `${URN}kafka-platform:cluster:EksCluster$eks:index:Cluster$aws:eks/cluster:Cluster::cluster-eks-eksCluster`;
        const BUCKET = `${URN}kafka-platform:archive:ArchiveBucket$aws:s3/bucket:Bucket::archive`;
        const KEY = "arn:aws:kms:eu-central-1:123456789012:key/0b7f1b1e-5b9a-4f38-9c55-2d2f7f6a1c11";
        const resource = (urn: string, type: string, inputs: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
            urn,
            type,
            name: urn.split("::").pop(),
            custom: true,
            inputs,
            dependencies: [],
            protect: false,
            retainOnDelete: false,
            deleteBeforeReplace: false,
            ...extra,
        });
        /** The component as @pulumi/eks 4.3.0's provider registers it (props {}), and its child with these inputs. */
        const eksPlan = (child: Record<string, unknown>) => ({
            project: "kafka-platform",
            stack: "prod",
            resources: [resource(COMPONENT, "eks:index:Cluster", {}, { custom: false }), resource(CHILD, "aws:eks/cluster:Cluster", child, { parent: COMPONENT })],
        });
        const hardened = () => ({
            name: "kafka-platform-prod",
            version: "1.34",
            vpcConfig: { subnetIds: ["subnet-1"], endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["198.51.100.16/28"] },
            enabledClusterLogTypes: ["api", "audit", "authenticator"],
            encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY } },
            accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
        });
        async function check(plan: unknown): Promise<{ code: number; violations: { policy: string; enforcementLevel: string; urn?: string; message: string }[] }> {
            const file = path.join(dir, `hand-made-${Math.random().toString(36).slice(2)}.json`);
            fs.writeFileSync(file, JSON.stringify(plan));
            const c = capture();
            const code = await policiesCli(["check", file, "--env", "prod", "--format", "json"], deps, c.io);
            return { code, violations: planShape.parse(JSON.parse(c.stdout.join(""))).violations };
        }

        it("passes a hardened child under a component registered without props", async () => {
            assert.deepEqual(await check(eksPlan(hardened())), { code: 0, violations: [] });
        });

        it("fails a child open to 0.0.0.0/0, without secrets encryption, or on an unsupported version", async () => {
            const open = hardened();
            open.vpcConfig.publicAccessCidrs = ["0.0.0.0/0"];
            const { encryptionConfig: _dropped, ...unencrypted } = hardened();
            const old = { ...hardened(), version: "1.29" };
            const cases: [Record<string, unknown>, string, string][] = [
                [open, "eks-endpoint-restricted", 'vpcConfig.publicAccessCidrs includes "0.0.0.0/0", the whole internet; list only office or VPN ranges of /24 or narrower, or set vpcConfig.endpointPublicAccess: false.'],
                [unencrypted, "eks-secrets-encryption", 'encryptionConfig is not set, so Kubernetes Secrets sit in etcd without KMS envelope encryption; set encryptionConfig: { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }.'],
                [old, "eks-supported-version", 'version is "1.29"; use one of 1.32, 1.33, 1.34 or 1.35.'],
            ];
            for (const [child, policy, message] of cases) {
                assert.deepEqual(await check(eksPlan(child)), { code: 1, violations: [{ policy, enforcementLevel: "mandatory", severity: policy === "eks-endpoint-restricted" ? "critical" : policy === "eks-secrets-encryption" ? "high" : "medium", urn: CHILD, message }] }, policy);
            }
        });

        it("passes a bucket whose provider-populated grant and default encryption sit beside its side resources", async () => {
            const bucketName = "kafka-platform-prod-archive";
            const side = (type: string, name: string, inputs: Record<string, unknown>) =>
                resource(`${URN}kafka-platform:archive:ArchiveBucket$${type}::${name}`, type, { bucket: bucketName, ...inputs }, { dependencies: [BUCKET] });
            const plan = {
                project: "kafka-platform",
                stack: "prod",
                resources: [
                    resource(BUCKET, "aws:s3/bucket:Bucket", { bucket: bucketName }, {
                        outputs: {
                            arn: `arn:aws:s3:::${bucketName}`,
                            acl: "private",
                            grants: [{ id: "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be", type: "CanonicalUser", permissions: ["FULL_CONTROL"], uri: "" }],
                            serverSideEncryptionConfiguration: { rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256", kmsMasterKeyId: "" }, bucketKeyEnabled: false } },
                            versioning: { enabled: false, mfaDelete: false },
                            lifecycleRules: [],
                        },
                    }),
                    side("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "archive-encryption", {
                        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }],
                    }),
                    side("aws:s3/bucketVersioning:BucketVersioning", "archive-versioning", { versioningConfiguration: { status: "Enabled" } }),
                    side("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "archive-public-access", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }),
                    side("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "archive-ownership", { rule: { objectOwnership: "BucketOwnerEnforced" } }),
                    side("aws:s3/bucketPolicy:BucketPolicy", "archive-policy", {
                        policy: JSON.stringify({
                            Version: "2012-10-17",
                            Statement: [{ Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [`arn:aws:s3:::${bucketName}`, `arn:aws:s3:::${bucketName}/*`], Condition: { Bool: { "aws:SecureTransport": "false" } } }],
                        }),
                    }),
                    side("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "archive-lifecycle", {
                        rules: [{ id: "abort-incomplete-uploads", status: "Enabled", abortIncompleteMultipartUpload: { daysAfterInitiation: 7 } }],
                    }),
                ],
            };
            assert.deepEqual(await check(plan), { code: 0, violations: [] });
        });
    });

    it("passes the unedited prod plan, in every format", async () => {
        for (const format of ["table", "json", "markdown", "sarif"]) {
            const { code, out } = await checkEdited(() => undefined, format);
            assert.equal(code, 0, format);
            if (format === "sarif") {
                assert.deepEqual(sarifShape.parse(JSON.parse(out)).runs[0].results, []);
            }
        }
    });

    it("writes SARIF with one error result per mandatory violation", async () => {
        const { out } = await checkEdited((p) => (inputsOf(p, POOL, "kafka-broker").spec.replicas = 1), "sarif");
        const sarif = sarifShape.parse(JSON.parse(out));
        const results = sarif.runs[0].results.filter((r) => r.ruleId === "kafka-min-brokers");
        assert.equal(results.length, 1);
        assert.equal(results[0].level, "error");
        assert.equal(results[0].locations[0].physicalLocation.artifactLocation.uri, "Pulumi.prod.yaml");
        assert.ok(sarif.runs[0].tool.driver.rules.some((r) => r.id === "kafka-min-brokers"));
    });

    it("exits 2 on bad arguments and unreadable plans", async () => {
        const notJson = path.join(dir, "not.json");
        fs.writeFileSync(notJson, "{");
        const noResources = path.join(dir, "empty.json");
        fs.writeFileSync(noResources, "{}");
        const cases: Array<[string[], RegExp]> = [
            [["check"], new RegExp(`^${CHECK_USAGE.replace(/[|[\]().*+?]/g, "\\$&")}\n$`)],
            [["check", noResources], /^--env must be one of .*dev.*prod.*staging.* \(got nothing\)\n/],
            [["check", noResources, "--env", "qa"], /^--env must be one of /],
            [["check", notJson, "--env", "prod"], /^.*not\.json: not a readable JSON plan \(/],
            [["check", noResources, "--env", "prod"], /empty\.json: a plan is an object with a "resources" list \(docs\/plan-format\.md\)\n$/],
        ];
        for (const [argv, pattern] of cases) {
            const c = capture();
            assert.equal(await policiesCli(argv, deps, c.io), 2, argv.join(" "));
            assert.match(c.stderr.join(""), pattern);
        }
    });
});
