import { strict as assert } from "assert";
import { CLUSTER_ADMIN_POLICY } from "../../components/cluster/eksCluster";
import { ofType, ProgramRun, resource, runConfig, runStack } from "../support/harness";

const ISSUER = (run: ProgramRun) => String(run.outputs.oidcIssuer);

describe("EksCluster", () => {
    describe("prod (shipped stack)", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runStack("prod");
        });

        it("creates the EKS cluster in API authentication mode with IRSA, no default node group and KMS secrets encryption", () => {
            const cluster = resource(run, "eks:index:Cluster", "cluster-eks");
            const key = resource(run, "aws:kms/key:Key", "cluster-secrets");
            const { privateSubnetIds, publicSubnetIds, vpcId, encryptionConfigKeyArn, ...rest } = cluster.remoteInputs!;
            assert.deepEqual(rest, {
                name: "kafka-platform-prod",
                version: "1.34",
                nodeAssociatePublicIpAddress: false,
                authenticationMode: "API",
                accessEntries: {
                    "admin-444455556666-platform-admins": {
                        principalArn: "arn:aws:iam::444455556666:role/platform-admins",
                        accessPolicies: { clusterAdmin: { policyArn: CLUSTER_ADMIN_POLICY, accessScope: { type: "cluster" } } },
                    },
                },
                createOidcProvider: true,
                skipDefaultNodeGroup: true,
                endpointPrivateAccess: true,
                endpointPublicAccess: true,
                publicAccessCidrs: ["198.51.100.16/28"],
                enabledClusterLogTypes: ["api", "audit", "authenticator", "controllerManager", "scheduler"],
                deletionProtection: true,
                upgradePolicy: { supportType: "STANDARD" },
                useDefaultVpcCni: true,
                kubeProxyAddonOptions: { enabled: false, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE" },
                corednsAddonOptions: { enabled: false, resolveConflictsOnCreate: "OVERWRITE", resolveConflictsOnUpdate: "OVERWRITE" },
            });
            assert.equal(vpcId, run.outputs.vpcId);
            assert.equal((privateSubnetIds as string[]).length, 3);
            assert.equal((publicSubnetIds as string[]).length, 3);
            assert.match(String(encryptionConfigKeyArn), /^arn:aws:kms:eu-central-1:123456789012:key\//);
            assert.ok(cluster.dependencies.includes(key.urn));
        });

        it("rotates the secrets key, keeps it 30 days after deletion and protects it", () => {
            const key = resource(run, "aws:kms/key:Key", "cluster-secrets");
            assert.equal(key.inputs.enableKeyRotation, true);
            assert.equal(key.inputs.deletionWindowInDays, 30);
            assert.equal(key.protect, true);
        });

        it("gives the secrets key a policy of administrators, EKS's grant at cluster creation, and the former Kafka volumes through EC2", () => {
            const policy = JSON.parse(String(resource(run, "aws:kms/key:Key", "cluster-secrets").inputs.policy));
            assert.deepEqual(policy.Statement.map((st: { Sid: string; Principal: unknown; Action: unknown }) => [st.Sid, st.Principal]), [
                ["KeyAdministrators", { AWS: "arn:aws:iam::123456789012:root" }],
                ["ClusterCreationThroughEks", { AWS: "arn:aws:iam::123456789012:root" }],
                ["FormerKafkaVolumesThroughEbs", { AWS: "arn:aws:iam::123456789012:root" }],
            ]);
            assert.deepEqual(policy.Statement[1].Action, ["kms:CreateGrant", "kms:DescribeKey"]);
            assert.deepEqual(policy.Statement[1].Condition, { StringEquals: { "kms:ViaService": "eks.eu-central-1.amazonaws.com", "kms:CallerAccount": "123456789012" } });
            assert.deepEqual(policy.Statement[2].Condition, { StringEquals: { "kms:ViaService": "ec2.eu-central-1.amazonaws.com", "kms:CallerAccount": "123456789012" } });
            assert.ok(!policy.Statement[0].Action.some((a: string) => /^kms:(Encrypt|Decrypt|GenerateDataKey|ReEncrypt|CreateGrant|Create\*)/.test(a)), "administrators can neither use the key nor grant its use");
        });

        it("puts the system nodes in all private subnets and one Kafka node group in each zone, tainted and labelled", () => {
            const privateSubnets = run.outputs.privateSubnetIds as string[];
            const system = resource(run, "aws:eks/nodeGroup:NodeGroup", "cluster-system").inputs;
            assert.deepEqual(system.subnetIds, privateSubnets);
            assert.deepEqual(system.labels, { "kafka-platform.io/node-pool": "system" });
            assert.deepEqual(system.taints, []);
            assert.deepEqual(system.scalingConfig, { minSize: 3, desiredSize: 3, maxSize: 6 });
            assert.deepEqual(system.instanceTypes, ["m6i.xlarge"]);
            for (let i = 0; i < 3; i++) {
                const kafka = resource(run, "aws:eks/nodeGroup:NodeGroup", `cluster-kafka-${i}`);
                assert.deepEqual(kafka.inputs.subnetIds, [privateSubnets[i]]);
                assert.deepEqual(kafka.inputs.labels, { "kafka-platform.io/node-pool": "kafka", dedicated: "kafka" });
                assert.deepEqual(kafka.inputs.taints, [{ key: "dedicated", value: "kafka", effect: "NO_SCHEDULE" }]);
                assert.deepEqual(kafka.inputs.scalingConfig, { minSize: 1, desiredSize: 1, maxSize: 2 });
                assert.deepEqual(kafka.inputs.instanceTypes, ["r6i.2xlarge"]);
                assert.equal(kafka.inputs.capacityType, "ON_DEMAND");
                assert.equal(kafka.inputs.amiType, "AL2023_x86_64_STANDARD");
                assert.equal(kafka.inputs.version, "1.34");
                assert.deepEqual(kafka.ignoreChanges, [], "the stack owns the sizes: a config change must reach the node group");
            }
        });

        it("rolls the Kafka zones one at a time: each zone's node group waits for the previous zone's, and only for it", () => {
            const group = (i: number) => resource(run, "aws:eks/nodeGroup:NodeGroup", `cluster-kafka-${i}`);
            const isNodeGroup = (urn: string) => urn.includes("$aws:eks/nodeGroup:NodeGroup::");
            const kafkaGroupsAwaited = (i: number) => group(i).dependencies.filter(isNodeGroup);
            assert.deepEqual(kafkaGroupsAwaited(0), []);
            assert.deepEqual(kafkaGroupsAwaited(1), [group(0).urn]);
            assert.deepEqual(kafkaGroupsAwaited(2), [group(1).urn]);
            assert.deepEqual(resource(run, "aws:eks/nodeGroup:NodeGroup", "cluster-system").dependencies.filter(isNodeGroup), [], "the system nodes roll on their own");
        });

        it("boots nodes from an encrypted gp3 root volume of the configured size with IMDSv2 only, out of pods' reach (hop limit 1)", () => {
            const template = resource(run, "aws:ec2/launchTemplate:LaunchTemplate", "cluster-kafka-0").inputs;
            assert.deepEqual(template.blockDeviceMappings, [
                { deviceName: "/dev/xvda", ebs: { volumeSize: 100, volumeType: "gp3", encrypted: "true", deleteOnTermination: "true" } },
            ]);
            assert.deepEqual(template.metadataOptions, { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 });
        });

        it("gives worker nodes only the node and image pull policies: no ENI management, no listing of repositories", () => {
            const attachments = ofType(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment")
                .filter((r) => r.name.startsWith("cluster-node-"))
                .map((r) => r.inputs.policyArn);
            assert.deepEqual(attachments, [
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPullOnly",
            ]);
        });

        it("installs the EBS CSI driver as a managed add-on with an IRSA role trusted only by its controller", () => {
            const addon = resource(run, "aws:eks/addon:Addon", "cluster-ebs-csi");
            const role = resource(run, "aws:iam/role:Role", "cluster-ebs-csi");
            const { serviceAccountRoleArn, ...rest } = addon.inputs;
            assert.deepEqual(rest, {
                clusterName: "kafka-platform-prod",
                addonName: "aws-ebs-csi-driver",
                addonVersion: "v1.55.0-eksbuild.2",
                configurationValues: rest.configurationValues,
                resolveConflictsOnCreate: "OVERWRITE",
                resolveConflictsOnUpdate: "PRESERVE",
            });
            assert.match(String(serviceAccountRoleArn), /^arn:aws:iam::123456789012:role\/cluster-ebs-csi/);
            assert.ok(addon.dependencies.includes(resource(run, "aws:eks/nodeGroup:NodeGroup", "cluster-system").urn));
            const issuer = ISSUER(run);
            assert.deepEqual(JSON.parse(String(role.inputs.assumeRolePolicy)), {
                Version: "2012-10-17",
                Statement: [
                    {
                        Effect: "Allow",
                        Principal: { Federated: run.outputs.oidcProviderArn },
                        Action: "sts:AssumeRoleWithWebIdentity",
                        Condition: {
                            StringEquals: {
                                [`${issuer}:sub`]: "system:serviceaccount:kube-system:ebs-csi-controller-sa",
                                [`${issuer}:aud`]: "sts.amazonaws.com",
                            },
                        },
                    },
                ],
            });
            assert.equal(
                resource(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "cluster-ebs-csi").inputs.policyArn,
                "arn:aws:iam::aws:policy/service-role/AmazonEBSCSIDriverPolicy",
            );
        });

        it("pins every EKS add-on to the configured version, the CNI with an IRSA role of its own, and nodes join after the CNI", () => {
            const addons = ofType(run, "aws:eks/addon:Addon")
                .map((a) => [a.inputs.addonName, a.inputs.addonVersion, a.inputs.preserve ?? false])
                .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
            assert.deepEqual(addons, [
                ["aws-ebs-csi-driver", "v1.55.0-eksbuild.2", false],
                ["coredns", "v1.12.3-eksbuild.1", true],
                ["kube-proxy", "v1.34.0-eksbuild.2", true],
                ["vpc-cni", "v1.20.4-eksbuild.2", true],
            ]);
            const cni = resource(run, "aws:eks/addon:Addon", "cluster-vpc-cni");
            const cniRole = resource(run, "aws:iam/role:Role", "cluster-vpc-cni");
            assert.match(String(cni.inputs.serviceAccountRoleArn), /^arn:aws:iam::123456789012:role\/cluster-vpc-cni/);
            const issuer = ISSUER(run);
            assert.deepEqual(JSON.parse(String(cniRole.inputs.assumeRolePolicy)).Statement[0].Condition.StringEquals, {
                [`${issuer}:sub`]: "system:serviceaccount:kube-system:aws-node",
                [`${issuer}:aud`]: "sts.amazonaws.com",
            });
            assert.equal(resource(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "cluster-vpc-cni").inputs.policyArn, "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy");
            for (const group of ["cluster-system", "cluster-kafka-0", "cluster-kafka-1", "cluster-kafka-2"]) {
                const deps = resource(run, "aws:eks/nodeGroup:NodeGroup", group).dependencies;
                assert.ok(deps.includes(cni.urn) && deps.includes(resource(run, "aws:eks/addon:Addon", "cluster-kube-proxy").urn), group);
            }
            assert.ok(resource(run, "aws:eks/addon:Addon", "cluster-coredns").dependencies.includes(resource(run, "aws:eks/nodeGroup:NodeGroup", "cluster-system").urn));
        });

        it("sends control-plane logs to a log group of its own, created first, kept a year and encrypted with a key only CloudWatch Logs may use", () => {
            const logGroup = resource(run, "aws:cloudwatch/logGroup:LogGroup", "cluster-control-plane");
            const key = resource(run, "aws:kms/key:Key", "cluster-logs");
            assert.deepEqual({ ...logGroup.inputs, kmsKeyId: "-" }, { name: "/aws/eks/kafka-platform-prod/cluster", retentionInDays: 365, kmsKeyId: "-" });
            assert.match(String(logGroup.inputs.kmsKeyId), /^arn:aws:kms:eu-central-1:123456789012:key\//);
            assert.ok(resource(run, "eks:index:Cluster", "cluster-eks").dependencies.includes(logGroup.urn));
            const policy = JSON.parse(String(key.inputs.policy));
            assert.deepEqual(policy.Statement.map((st: { Sid: string; Principal: unknown }) => [st.Sid, st.Principal]), [
                ["KeyAdministrators", { AWS: "arn:aws:iam::123456789012:root" }],
                ["CloudWatchLogsOfThisLogGroup", { Service: "logs.eu-central-1.amazonaws.com" }],
            ]);
            assert.ok(!policy.Statement[0].Action.some((a: string) => /^kms:(Encrypt|Decrypt|GenerateDataKey|ReEncrypt)/.test(a)), "administrators cannot use the key");
            assert.deepEqual(policy.Statement[1].Condition, {
                ArnEquals: { "kms:EncryptionContext:aws:logs:arn": "arn:aws:logs:eu-central-1:123456789012:log-group:/aws/eks/kafka-platform-prod/cluster" },
            });
            assert.equal(key.inputs.enableKeyRotation, true);
        });

        it("encrypts Kafka volumes with a rotating key of their own, used only through EC2, the CSI role reaching its keys only through EC2", () => {
            const secretsKeyArn = String(resource(run, "eks:index:Cluster", "cluster-eks").remoteInputs!.encryptionConfigKeyArn);
            const ebsKey = resource(run, "aws:kms/key:Key", "cluster-ebs");
            const ebsKeyArn = (resource(run, "kubernetes:storage.k8s.io/v1:StorageClass", "cluster-gp3").inputs.parameters as Record<string, string>).kmsKeyId;
            assert.notEqual(ebsKeyArn, secretsKeyArn);
            assert.deepEqual([ebsKey.inputs.enableKeyRotation, ebsKey.protect], [true, true]);
            const keyPolicy = JSON.parse(String(ebsKey.inputs.policy));
            assert.deepEqual(keyPolicy.Statement[1].Condition, { StringEquals: { "kms:ViaService": "ec2.eu-central-1.amazonaws.com", "kms:CallerAccount": "123456789012" } });
            assert.equal(keyPolicy.Statement[0].Sid, "KeyAdministrators");
            assert.ok(!keyPolicy.Statement[0].Action.includes("kms:Decrypt"), "administrators cannot decrypt");
            const policy = JSON.parse(String(resource(run, "aws:iam/rolePolicy:RolePolicy", "cluster-ebs-csi-kms").inputs.policy));
            // The secrets key stays for volumes created before the EBS key: their key never changes.
            assert.deepEqual(policy.Statement.map((st: { Resource: string[] }) => st.Resource), [[ebsKeyArn, secretsKeyArn], [ebsKeyArn, secretsKeyArn]]);
            assert.deepEqual(policy.Statement[0].Condition, {
                Bool: { "kms:GrantIsForAWSResource": "true" },
                StringEquals: { "kms:ViaService": "ec2.eu-central-1.amazonaws.com" },
            });
            assert.deepEqual(policy.Statement[1].Condition, { StringEquals: { "kms:ViaService": "ec2.eu-central-1.amazonaws.com" } });
        });

        it("makes an encrypted, xfs, WaitForFirstConsumer gp3 class the default, and a baseline one for controllers, keeping volumes of deleted claims", () => {
            const sc = resource(run, "kubernetes:storage.k8s.io/v1:StorageClass", "cluster-gp3");
            const keyArn = String((sc.inputs.parameters as Record<string, string>).kmsKeyId);
            assert.match(keyArn, /^arn:aws:kms:eu-central-1:123456789012:key\//);
            assert.deepEqual(sc.inputs, {
                apiVersion: "storage.k8s.io/v1",
                kind: "StorageClass",
                metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
                provisioner: "ebs.csi.aws.com",
                parameters: { type: "gp3", encrypted: "true", iops: "6000", throughput: "500", "csi.storage.k8s.io/fstype": "xfs", kmsKeyId: keyArn },
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                reclaimPolicy: "Retain",
            });
            assert.deepEqual(resource(run, "kubernetes:storage.k8s.io/v1:StorageClass", "cluster-gp3-baseline").inputs, {
                apiVersion: "storage.k8s.io/v1",
                kind: "StorageClass",
                metadata: { name: "gp3-baseline" },
                provisioner: "ebs.csi.aws.com",
                parameters: { type: "gp3", encrypted: "true", iops: "3000", throughput: "125", "csi.storage.k8s.io/fstype": "xfs", kmsKeyId: keyArn },
                volumeBindingMode: "WaitForFirstConsumer",
                allowVolumeExpansion: true,
                reclaimPolicy: "Retain",
            });
            assert.ok(sc.dependencies.includes(resource(run, "aws:eks/addon:Addon", "cluster-ebs-csi").urn));
            assert.ok(sc.provider?.startsWith(`${resource(run, "pulumi:providers:kubernetes", "cluster-k8s").urn}::`));
        });

        it("tags nodes, their root volumes and interfaces, and the Kafka volumes with the stack's cost tags", () => {
            const tags = { "cost-center": "data-platform", owner: "platform-team", "data-classification": "confidential", "kafka-platform:environment": "prod", "kafka-platform:stack": "prod" };
            const template = resource(run, "aws:ec2/launchTemplate:LaunchTemplate", "cluster-kafka-1").inputs;
            assert.deepEqual(template.tagSpecifications, ["instance", "volume", "network-interface"].map((resourceType) => ({ resourceType, tags: { ...tags, Name: "kafka-platform-prod-kafka-1" } })));
            assert.deepEqual(JSON.parse(String(resource(run, "aws:eks/addon:Addon", "cluster-ebs-csi").inputs.configurationValues)), { controller: { extraVolumeTags: tags } });
        });

        it("builds the Kubernetes provider from the cluster's kubeconfig, kept secret, with server-side apply", () => {
            const provider = resource(run, "pulumi:providers:kubernetes", "cluster-k8s");
            assert.equal(provider.inputs.enableServerSideApply, "true");
            assert.equal(provider.inputs.kubeconfig, "[secret]");
            assert.ok(provider.dependencies.includes(resource(run, "eks:index:Cluster", "cluster-eks").urn));
        });

        it("exports the cluster name, a secret kubeconfig, the OIDC provider and the network ids", () => {
            assert.equal(run.outputs.clusterName, "kafka-platform-prod");
            assert.equal(run.outputs.kubeconfig, "[secret]");
            assert.match(String(run.outputs.oidcProviderArn), /^arn:aws:iam::123456789012:oidc-provider\/oidc\.eks\.eu-central-1\.amazonaws\.com\/id\//);
            assert.match(String(run.outputs.oidcIssuer), /^oidc\.eks\.eu-central-1\.amazonaws\.com\/id\/[0-9A-F]{32}$/);
            assert.match(String(run.outputs.vpcId), /^vpc-/);
        });
    });

    describe("dev", () => {
        let run: ProgramRun;
        before(async () => {
            run = await runConfig("dev", {
                environment: "dev",
                cluster: {
                    endpoint: { publicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] },
                    nodeGroups: { kafka: { instanceTypes: ["r7g.large"], capacityType: "SPOT" } },
                },
            });
        });

        it("allows Spot Graviton Kafka nodes with the ARM AMI, and no deletion protection", () => {
            const kafka = resource(run, "aws:eks/nodeGroup:NodeGroup", "cluster-kafka-0").inputs;
            assert.equal(kafka.capacityType, "SPOT");
            assert.equal(kafka.amiType, "AL2023_ARM_64_STANDARD");
            assert.equal(resource(run, "eks:index:Cluster", "cluster-eks").remoteInputs!.deletionProtection, false);
            assert.equal(resource(run, "aws:kms/key:Key", "cluster-secrets").protect, false);
        });

        it("lets nobody use the secrets key through EC2 when volumes use the account's EBS key", () => {
            const policy = JSON.parse(String(resource(run, "aws:kms/key:Key", "cluster-secrets").inputs.policy));
            assert.deepEqual(policy.Statement.map((st: { Sid: string }) => st.Sid), ["KeyAdministrators", "ClusterCreationThroughEks"]);
        });

        it("uses the account's EBS key and deletes volumes with their claims", () => {
            const sc = resource(run, "kubernetes:storage.k8s.io/v1:StorageClass", "cluster-gp3").inputs;
            assert.deepEqual(sc.parameters, { type: "gp3", encrypted: "true", iops: "3000", throughput: "125", "csi.storage.k8s.io/fstype": "xfs" });
            assert.equal(sc.reclaimPolicy, "Delete");
            // The archive's IRSA roles carry role policies of their own; only the cluster's matter here.
            const eks = resource(run, "kafka-platform:cluster:EksCluster", "cluster");
            const clusterPolicies = ofType(run, "aws:iam/rolePolicy:RolePolicy").filter((r) => r.parent === eks.urn);
            assert.deepEqual(clusterPolicies.map((r) => r.name), []);
            assert.ok(ofType(run, "aws:iam/role:Role").some((r) => r.name === "cluster-ebs-csi" && r.parent === eks.urn));
        });

        it("leaves the public CIDR list out when the endpoint is private only", async () => {
            const priv = await runConfig("dev-private", {
                environment: "dev",
                cluster: { endpoint: { publicAccess: false, publicAccessCidrs: [] } },
            });
            const inputs = resource(priv, "eks:index:Cluster", "cluster-eks").remoteInputs!;
            assert.equal(inputs.endpointPublicAccess, false);
            assert.equal("publicAccessCidrs" in inputs, false);
        });
    });
});
