import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ResourceValidationPolicy } from "@pulumi/policy";
import { DEFAULT_DEPLOYER, MockWorld } from "../../../automation/harness/mocks";
import { emulateEksCluster, PULUMI_EKS_VERSION } from "../../../automation/harness/remote/eks";
import { plaintextOf } from "../../../automation/harness/recorder";
import { runProgram } from "../../../automation/harness/run";
import { readStackConfig } from "../../../automation/harness/stackFiles";
import { evaluatePolicies } from "../../../automation/policies/runner";
import { planStack } from "../../../automation/plan/plan";
import { evaluateForEnvironment } from "../../../automation/policies/runner";
import { ofType, ProgramRun, resource, runStack } from "../../support/harness";

const ROOT = path.join(__dirname, "..", "..", "..");
const CHILD = "aws:eks/cluster:Cluster";

describe("the plan's view of what the engine analyzes", () => {
    describe("@pulumi/eks's remote eks.Cluster", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runStack("prod");
        });

        it("is emulated from the pulumi-eks source of the version the lock file installs: re-check the emulation when it changes", () => {
            const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, { version: string }> };
            // automation/harness/remote/eks.ts follows pulumi/pulumi-eks tag v4.3.0, nodejs/eks/cluster/cluster.ts.
            assert.equal(lock.packages["node_modules/@pulumi/eks"].version, PULUMI_EKS_VERSION);
            assert.equal(PULUMI_EKS_VERSION, "4.3.0");
        });

        it("registers the component with props {}, as the provider's @pulumi/pulumi 3.173 does, keeping what the program sent apart", () => {
            const component = resource(run, "eks:index:Cluster", "cluster-eks");
            assert.deepEqual(component.inputs, {});
            assert.equal(component.remoteInputs?.name, "kafka-platform-prod");
            assert.deepEqual(resource(run, "eks:index:ServiceRole", "cluster-eks-eksRole").inputs, {});
        });

        it("creates the children pulumi-eks 4.3.0 creates for the program's options, each naming its source line", () => {
            const children = run.resources.filter((r) => r.urn.includes("eks:index:Cluster$")).map((r) => `${r.type} ${r.name}`);
            assert.deepEqual(children, [
                "eks:index:ServiceRole cluster-eks-eksRole",
                "aws:iam/role:Role cluster-eks-eksRole-role",
                "aws:iam/rolePolicyAttachment:RolePolicyAttachment cluster-eks-eksRole-4b490823",
                "aws:ec2/securityGroup:SecurityGroup cluster-eks-eksClusterSecurityGroup",
                "aws:ec2/securityGroupRule:SecurityGroupRule cluster-eks-eksClusterInternetEgressRule",
                "aws:eks/cluster:Cluster cluster-eks-eksCluster",
                "pulumi:providers:kubernetes cluster-eks-eks-k8s",
                "aws:eks/accessEntry:AccessEntry cluster-eks-admin-444455556666-platform-admins",
                "aws:eks/accessPolicyAssociation:AccessPolicyAssociation cluster-eks-admin-444455556666-platform-admins-clusterAdmin",
                "aws:iam/openIdConnectProvider:OpenIdConnectProvider cluster-eks-oidcProvider",
                "aws:ec2/securityGroup:SecurityGroup cluster-eks-nodeSecurityGroup",
                "aws:ec2/securityGroupRule:SecurityGroupRule cluster-eks-eksNodeIngressRule",
                "aws:ec2/securityGroupRule:SecurityGroupRule cluster-eks-eksNodeClusterIngressRule",
                "aws:ec2/securityGroupRule:SecurityGroupRule cluster-eks-eksExtApiServerClusterIngressRule",
                "aws:ec2/securityGroupRule:SecurityGroupRule cluster-eks-eksNodeInternetEgressRule",
                "aws:ec2/securityGroupRule:SecurityGroupRule cluster-eks-eksClusterIngressRule",
            ]);
            for (const r of run.resources.filter((x) => x.urn.includes("eks:index:Cluster$"))) {
                assert.match(String(r.emulatedFrom), /^pulumi-eks v4\.3\.0 nodejs\/eks\/[A-Za-z/-]+\.ts:\d+$/, r.name);
            }
        });

        it("gives the aws:eks/cluster:Cluster the inputs cluster.ts computes, the creator's bootstrap admin included", () => {
            const cluster = resource(run, CHILD, "cluster-eks-eksCluster");
            const key = resource(run, "aws:kms/key:Key", "cluster-secrets");
            const sg = resource(run, "aws:ec2/securityGroup:SecurityGroup", "cluster-eks-eksClusterSecurityGroup");
            const { vpcConfig, encryptionConfig, roleArn, ...rest } = cluster.inputs as Record<string, Record<string, unknown>>;
            assert.deepEqual(rest, {
                name: "kafka-platform-prod",
                bootstrapSelfManagedAddons: true,
                version: "1.34",
                enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
                tags: { Name: "cluster-eks-eksCluster" },
                upgradePolicy: { supportType: "STANDARD" },
                accessConfig: { authenticationMode: "API", bootstrapClusterCreatorAdminPermissions: true },
                deletionProtection: true,
            });
            assert.deepEqual(encryptionConfig, { provider: { keyArn: key.outputs?.arn }, resources: ["secrets"] });
            assert.deepEqual(Object.keys(vpcConfig), ["securityGroupIds", "subnetIds", "endpointPrivateAccess", "endpointPublicAccess", "publicAccessCidrs"]);
            assert.deepEqual(vpcConfig.securityGroupIds, [sg.outputs?.id]);
            assert.equal((vpcConfig.subnetIds as string[]).length, 6);
            assert.deepEqual(vpcConfig.publicAccessCidrs, ["198.51.100.16/28"]);
            assert.equal(roleArn, resource(run, "aws:iam/role:Role", "cluster-eks-eksRole-role").outputs?.arn);
            assert.deepEqual(cluster.ignoreChanges, ["accessConfig.bootstrapClusterCreatorAdminPermissions", "bootstrapSelfManagedAddons"]);
            assert.ok(cluster.dependencies.includes(key.urn));
            assert.deepEqual(run.implicitAccessEntries, [
                {
                    cluster: cluster.urn,
                    principalArn: "arn:aws:iam::123456789012:role/pulumi-deployer",
                    policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                    source: "pulumi-eks v4.3.0 nodejs/eks/cluster/cluster.ts:733-740",
                },
            ]);
        });

        it("gives the access entries the inputs authenticationMode.ts computes", () => {
            const entry = resource(run, "aws:eks/accessEntry:AccessEntry", "cluster-eks-admin-444455556666-platform-admins");
            assert.deepEqual(entry.inputs, { clusterName: "kafka-platform-prod", principalArn: "arn:aws:iam::444455556666:role/platform-admins" });
            const association = resource(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "cluster-eks-admin-444455556666-platform-admins-clusterAdmin");
            assert.equal(association.parent, entry.urn);
            assert.deepEqual(association.inputs, {
                accessScope: { type: "cluster" },
                principalArn: "arn:aws:iam::444455556666:role/platform-admins",
                policyArn: "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
                clusterName: "kafka-platform-prod",
            });
            assert.deepEqual(
                ofType(run, "aws:eks/addon:Addon").filter((a) => a.parent?.includes("eks:index:Cluster")),
                [],
                "the program turns off pulumi-eks's vpc-cni, kube-proxy and CoreDNS add-ons and pins its own",
            );
        });

        it("makes the add-ons pulumi-eks makes when a program leaves them on, as cni-addon.ts and cluster.ts compute them", () => {
            const world: MockWorld = { region: "eu-west-1", subnets: {}, stackOutputs: {}, deployer: DEFAULT_DEPLOYER };
            const reg = {
                urn: "urn:pulumi:t::kafka-platform::eks:index:Cluster::c",
                name: "c",
                inputs: { name: "c", version: "1.34", vpcId: "vpc-1", subnetIds: ["subnet-1"], authenticationMode: "API", skipDefaultNodeGroup: true },
                propertyDependencies: {},
                providers: {},
                protect: false,
            };
            const { children } = emulateEksCluster(reg, { world, firstPreview: false, stack: "t", project: "kafka-platform", deployerRoleArn: "arn:aws:iam::123456789012:role/d" });
            const named = (name: string) => children.find((c) => c.name === name)!;
            assert.equal(named("c-vpc-cni").type, "eks:index:VpcCniAddon");
            assert.deepEqual(named("c-vpc-cni").inputs, {});
            const cni = children.find((c) => c.type === "aws:eks/addon:Addon" && c.name === "c-vpc-cni")!;
            assert.equal(cni.parent, named("c-vpc-cni").urn);
            assert.deepEqual(JSON.parse(String(cni.inputs.configurationValues)), {
                env: {
                    AWS_VPC_ENI_MTU: "9001",
                    AWS_VPC_K8S_CNI_CUSTOM_NETWORK_CFG: "false",
                    AWS_VPC_K8S_CNI_EXTERNALSNAT: "false",
                    AWS_VPC_K8S_CNI_LOGLEVEL: "DEBUG",
                    AWS_VPC_K8S_CNI_LOG_FILE: "/host/var/log/aws-routed-eni/ipamd.log",
                    AWS_VPC_K8S_CNI_VETHPREFIX: "eni",
                    AWS_VPC_K8S_PLUGIN_LOG_FILE: "/var/log/aws-routed-eni/plugin.log",
                    AWS_VPC_K8S_PLUGIN_LOG_LEVEL: "DEBUG",
                    ENABLE_POD_ENI: "false",
                    WARM_ENI_TARGET: "1",
                },
                init: { env: { DISABLE_TCP_EARLY_DEMUX: "false" } },
            });
            assert.equal(named("c-kube-proxy").inputs.addonVersion, "[most recent kube-proxy for Kubernetes 1.34, looked up when deployed]");
            assert.equal(children.some((c) => c.name === "c-coredns"), false, "no CoreDNS add-on with skipDefaultNodeGroup (cluster.ts:1175-1185)");
        });

        it("refuses an option it has not been taught, naming where to add it", () => {
            const world: MockWorld = { region: "eu-west-1", subnets: {}, stackOutputs: {}, deployer: DEFAULT_DEPLOYER };
            const reg = {
                urn: "urn:pulumi:t::kafka-platform::eks:index:Cluster::c",
                name: "c",
                inputs: { vpcId: "vpc-1", authenticationMode: "API", skipDefaultNodeGroup: true, autoMode: { enabled: true } },
                propertyDependencies: {},
                providers: {},
                protect: false,
            };
            assert.throws(() => emulateEksCluster(reg, { world, firstPreview: false, stack: "t", project: "kafka-platform", deployerRoleArn: "arn:aws:iam::123456789012:role/d" }), {
                message:
                    "the plan's emulation of @pulumi/eks 4.3.0 does not know the eks.Cluster option(s) autoMode: read what pulumi-eks v4.3.0 nodejs/eks/cluster/cluster.ts does with it and add it to automation/harness/remote/eks.ts",
            });
        });
    });

    describe("a first preview", () => {
        it("leaves what providers compute unknown, and the shipped AWS stacks still plan with no finding, saying what was not judged", async () => {
            for (const stack of ["dev", "staging", "prod"]) {
                const plan = await planStack(stack, { evaluate: evaluateForEnvironment, firstPreview: true });
                assert.equal(plan.mode, "first-preview");
                assert.deepEqual(plan.violations, [], stack);
                const cluster = plan.resources.find((r) => r.type === CHILD)!;
                assert.equal(cluster.inputs.encryptionConfig, "[unknown]", "pulumi-eks builds encryptionConfig in an apply of the key's ARN");
                assert.equal(cluster.inputs.roleArn, "[unknown]");
                assert.ok(
                    plan.notJudged?.some(
                        (n) => n.policy === "eks-secrets-encryption" && n.urn === cluster.urn && n.reason === "cannot judge during preview: encryptionConfig is unknown until the update; pulumi up judges it before applying",
                    ),
                    stack,
                );
                const storageClass = plan.resources.find((r) => r.type === "kubernetes:storage.k8s.io/v1:StorageClass")!;
                const parameters = storageClass.inputs.parameters as Record<string, unknown>;
                assert.equal(parameters.encrypted, "true", `${stack}: only the key ARN waits for the key, so encryption is judged in a first preview`);
                assert.equal(parameters.kmsKeyId, stack === "dev" ? undefined : "[unknown]", stack);
                assert.deepEqual(
                    plan.notJudged?.filter((n) => n.policy === "ebs-storage-class-encrypted"),
                    [],
                    stack,
                );
            }
        });

        it("renders the demo's and Kafka Connect's topics and users from config, so the Kafka rules judge them before anything exists", async () => {
            const plan = await planStack("dev", { evaluate: evaluateForEnvironment, firstPreview: true });
            const archive = plan.resources.filter((r) => /kafka-platform:archive:(DemoPipeline|KafkaConnect)\$kubernetes:kafka\.strimzi\.io/.test(r.urn));
            assert.deepEqual(
                archive.map((r) => r.name).sort(),
                [
                    "archive-connect-archive-jsonl-demo",
                    "archive-connect-archive-jsonl-demo-dlq",
                    "archive-connect-archive-parquet-demo",
                    "archive-connect-archive-parquet-demo-dlq",
                    "archive-connect-connect",
                    "archive-connect-user",
                    "archive-demo-topic",
                    "archive-demo-user",
                ],
            );
            for (const r of archive) {
                // Only what names an AWS resource waits: the KafkaConnect for the image repository's URL, the connectors for the bucket's name.
                const waitsForAws = ["archive-connect-connect", "archive-connect-archive-jsonl-demo", "archive-connect-archive-parquet-demo"].includes(r.name);
                assert.equal(JSON.stringify(r.inputs).includes("[unknown]"), waitsForAws, r.name);
            }
            assert.deepEqual((plan.notJudged ?? []).filter((n) => archive.some((r) => r.urn === n.urn)), []);
        });

        it("gives a resource whose provider waits for the cluster no outputs at all, as an unconfigured provider's preview Create does", async () => {
            const kafkaType = "kubernetes:kafka.strimzi.io/v1:Kafka";
            const dev = await runProgram({ stack: "dev", config: readStackConfig("dev").config, firstPreview: true });
            const provider = dev.resources.find((r) => r.type === "pulumi:providers:kubernetes" && r.name === "cluster-k8s")!;
            assert.equal(provider.inputs.kubeconfig, "[secret]");
            assert.equal(plaintextOf(provider).inputs.kubeconfig, "[unknown]");
            const kafka = resource(dev, kafkaType, "kafka-kafka");
            assert.deepEqual(kafka.outputs, {});
            assert.deepEqual(plaintextOf(kafka).outputs, {});
            // The local stack's provider reads a kubeconfig file: configured, so its objects' inputs are known.
            const local = await runProgram({ stack: "local", config: readStackConfig("local").config, firstPreview: true });
            const localKafka = resource(local, kafkaType, "kafka-kafka");
            assert.deepEqual(localKafka.outputs, localKafka.inputs);
        });

        it("knows every output of a deployed stack in the default mode", async () => {
            const plan = await planStack("prod", { evaluate: evaluateForEnvironment });
            assert.equal(plan.mode, "update");
            assert.deepEqual(plan.notJudged, []);
            assert.deepEqual(plan.violations, []);
        });
    });

    describe("secrets", () => {
        it("reach the rules in plaintext, as the engine's analyzer gets them, and never the plan", async () => {
            const run = await runProgram({
                stack: "secrets",
                config: { region: "eu-west-1" },
                program: () => (new aws.ssm.Parameter("token", { type: "SecureString", value: pulumi.secret("hunter2") }), {}),
            });
            const parameter = resource(run, "aws:ssm/parameter:Parameter", "token");
            assert.equal(parameter.inputs.value, "[secret]");
            assert.equal(parameter.outputs?.value, "[secret]");
            const seen: unknown[] = [];
            const reader: ResourceValidationPolicy = {
                name: "reads-the-value",
                description: "test",
                severity: "low",
                enforcementLevel: "mandatory",
                validateResource: (args) => {
                    if (args.type === "aws:ssm/parameter:Parameter") {
                        seen.push(args.props.value);
                    }
                },
            };
            assert.deepEqual(await evaluatePolicies(run.resources, {}, { policies: [reader] }), []);
            assert.deepEqual(seen, ["hunter2"]);
            assert.ok(!JSON.stringify(run.resources).includes("hunter2"));
        });

        it("stay hidden in the record, and reach the policies in plaintext, where the state adds to the inputs", async () => {
            const run = await runProgram({
                stack: "secrets",
                config: { region: "eu-west-1" },
                // No metadata.name: the provider's state adds the generated name to what it echoes.
                program: () => (new k8s.core.v1.ConfigMap("creds", { data: { password: pulumi.secret("hunter2") } }), {}),
            });
            const configMap = resource(run, "kubernetes:core/v1:ConfigMap", "creds");
            assert.deepEqual(configMap.outputs?.data, { password: "[secret]" });
            assert.deepEqual(plaintextOf(configMap).outputs?.data, { password: "hunter2" });
            assert.ok(!JSON.stringify(run.resources).includes("hunter2"));
        });

        it("stay hidden inside a Kubernetes object whose state the provider echoes", async () => {
            const run = await runProgram({
                stack: "secrets",
                config: { region: "eu-west-1" },
                program: () => (new k8s.core.v1.ConfigMap("creds", { metadata: { name: "creds" }, data: { password: pulumi.secret("hunter2") } }), {}),
            });
            const configMap = resource(run, "kubernetes:core/v1:ConfigMap", "creds");
            assert.deepEqual(configMap.outputs?.data, { password: "[secret]" });
            assert.deepEqual(plaintextOf(configMap).outputs?.data, { password: "hunter2" });
            assert.ok(!JSON.stringify(run.resources).includes("hunter2"));
        });
    });
});
