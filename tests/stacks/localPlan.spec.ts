import { strict as assert } from "assert";
import { packEnvironments } from "../../automation/policies/check";
import { planStack } from "../../automation/plan/plan";
import { evaluateForEnvironment, loadPackConfig, resolvePackConfig } from "../../automation/policies/runner";
import { POLICIES } from "../../policies/catalog";
import { countByType, ProgramRun } from "../support/harness";
import { K8S_PROVIDER, runLocal } from "../local/support";

describe("the local stack's plan", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runLocal();
    });

    it("creates no AWS resource and no AWS provider at all", () => {
        const aws = run.resources.filter((r) => /^(aws|awsx|eks):/.test(r.type) || r.type === "pulumi:providers:aws");
        assert.deepEqual(aws.map((r) => r.type), []);
    });

    it("is the Kubernetes parts only: operator, Kafka, team, object store, registry, demo, Connect and monitoring", () => {
        assert.deepEqual(countByType(run), {
            "pulumi:pulumi:Stack": 1,
            "kafka-platform:strimzi:StrimziOperator": 1,
            "kafka-platform:kafka:KafkaCluster": 1,
            "kafka-platform:tenancy:TeamTenant": 1,
            "kafka-platform:local:ObjectStore": 1,
            "kafka-platform:local:ImageRegistry": 1,
            "kafka-platform:archive:DemoPipeline": 1,
            "kafka-platform:archive:KafkaConnect": 1,
            "kafka-platform:observability:PrometheusStack": 1,
            "kafka-platform:observability:KafkaMonitoring": 1,
            "random:index/randomPassword:RandomPassword": 3,
            "pulumi:providers:kubernetes": 1,
            "kubernetes:core/v1:Namespace": 4,
            "kubernetes:core/v1:PersistentVolumeClaim": 2,
            "kubernetes:core/v1:Service": 2,
            "kubernetes:core/v1:ConfigMap": 6,
            "kubernetes:core/v1:Secret": 4,
            "kubernetes:helm.sh/v4:Chart": 2,
            "kubernetes:apps/v1:Deployment": 3,
            "kubernetes:kafka.strimzi.io/v1:KafkaNodePool": 1,
            "kubernetes:kafka.strimzi.io/v1:Kafka": 1,
            "kubernetes:batch/v1:Job": 1,
            "kubernetes:kafka.strimzi.io/v1:KafkaTopic": 5,
            "kubernetes:kafka.strimzi.io/v1:KafkaUser": 4,
            "kubernetes:kafka.strimzi.io/v1:KafkaConnect": 1,
            "kubernetes:kafka.strimzi.io/v1:KafkaConnector": 3,
            "kubernetes:monitoring.coreos.com/v1:PodMonitor": 3,
            "kubernetes:monitoring.coreos.com/v1:PrometheusRule": 1,
        });
    });

    it("deploys with one Kubernetes provider at the configured context of the user's own kubeconfig", () => {
        const providers = run.resources.filter((r) => r.type === K8S_PROVIDER);
        assert.deepEqual(
            providers.map((p) => [p.name, p.inputs]),
            [["local", { context: "kind-kafka-platform", enableServerSideApply: "true" }]],
        );
    });

    it("registers every Kubernetes resource with that provider", () => {
        const provider = run.resources.find((r) => r.type === K8S_PROVIDER)!;
        const kubernetes = run.resources.filter((r) => r.type.startsWith("kubernetes:"));
        assert.ok(kubernetes.length > 0);
        for (const r of kubernetes) {
            assert.equal(r.provider?.split("::").slice(0, 4).join("::"), provider.urn, `${r.type} ${r.name}`);
        }
    });

    it("passes a configured kubeconfig path to the provider", async () => {
        const other = await runLocal({ local: { kubeconfig: "/home/me/.kube/kind.yaml", context: "kind-other" } });
        assert.deepEqual(other.resources.find((r) => r.type === K8S_PROVIDER)!.inputs, {
            context: "kind-other",
            kubeconfig: "/home/me/.kube/kind.yaml",
            enableServerSideApply: "true",
        });
    });

    it("protects nothing: a local stack is for trying things and throwing them away", () => {
        assert.deepEqual(run.resources.filter((r) => r.protect).map((r) => r.name), []);
    });

    it("outputs where everything is, and no credential", () => {
        assert.deepEqual(run.outputs, {
            archiveBucketName: "kafka-platform-local-archive",
            archiveConnectors: ["archive-jsonl-demo", "archive-jsonl-shop", "archive-parquet-demo"],
            archiveCredentialsSecret: "archive-s3-credentials",
            archiveEndpoint: "http://object-store.local-services.svc:9000",
            connectImageRepository: "image-registry.local-services.svc:5000/kafka-platform/kafka-connect",
            demoTopic: "demo.web-activity",
            environment: "local",
            kafkaBrokerReplicas: 1,
            kafkaClusterCaCertSecret: "events-cluster-ca-cert",
            kafkaClusterName: "events",
            kafkaDefaultReplicationFactor: 1,
            kafkaMinInsyncReplicas: 1,
            kafkaNamespace: "kafka",
            kafkaTlsBootstrapServers: "events-kafka-bootstrap.kafka.svc:9093",
            kubeContext: "kind-kafka-platform",
            localServicesNamespace: "local-services",
            region: "eu-west-1",
            registryHost: "image-registry.local-services.svc:5000",
            registryNodePort: 30500,
            sharedTopics: {},
            teamNames: ["shop"],
            teams: {
                shop: {
                    applications: {
                        checkout: { authentication: "tls", credentialsSecret: "shop.checkout", kafkaUser: "shop.checkout", principal: "User:CN=shop.checkout" },
                        fulfilment: { authentication: "scram-sha-512", credentialsSecret: "shop.fulfilment", kafkaUser: "shop.fulfilment", principal: "User:shop.fulfilment" },
                    },
                    topics: ["shop.orders"],
                },
            },
        });
    });

    it("plans clean with the pack and policies/config/local.json: no violation at all", async () => {
        const plan = await planStack("local", { evaluate: evaluateForEnvironment });
        assert.equal(plan.environment, "local");
        assert.deepEqual(plan.violations, []);
    });
});

describe("policies/config/local.json", () => {
    const resolved = resolvePackConfig(loadPackConfig("local"), { configSource: "policies/config/local.json" });
    const byLevel = (level: string) => [...resolved].filter(([, c]) => c.enforcementLevel === level).map(([name]) => name);

    it("is an environment of the pack, for the plan, policies check and the CLI", () => {
        assert.ok(packEnvironments().includes("local"));
    });

    it("names every rule explicitly", () => {
        assert.deepEqual(Object.keys(loadPackConfig("local")).sort(), POLICIES.map((p) => p.name).sort());
    });

    it("disables the rules the local shape breaks by design: no zones, ephemeral volumes allowed, claims deleted with the stack, the cluster's own StorageClass, no drains, no one to alert, a disposable operator chart", () => {
        assert.deepEqual(byLevel("disabled"), [
            "kafka-rack-awareness",
            "kafka-no-ephemeral-storage",
            "kafka-storage-delete-claim",
            "kafka-storage-class",
            "kafka-drains-wait-for-sync",
            "kafka-alerting",
            "kubernetes-crds-protected",
        ]);
    });

    it("keeps the replication and storage sizing rules advisory, at one broker", () => {
        assert.deepEqual(byLevel("advisory"), [
            "kafka-min-brokers",
            "kafka-default-replication-factor",
            "kafka-min-insync-replicas",
            "kafka-internal-topic-replication",
            "kafka-unclean-leader-election",
            "kafka-topic-replication",
            "kafka-storage-min-size",
            "kafka-retention-fits-storage",
            "kafka-team-lag-watched",
            "ebs-storage-class-encrypted",
            "s3-bucket-encryption",
            "s3-bucket-versioning",
            "s3-bucket-owner-enforced",
            "s3-abort-multipart-uploads",
            "eks-endpoint-restricted",
            "eks-control-plane-logging",
            "eks-supported-version",
            "eks-addon-version-pinned",
        ]);
        assert.deepEqual(
            ["kafka-min-brokers", "kafka-default-replication-factor", "kafka-min-insync-replicas", "kafka-topic-replication"].map((p) => resolved.get(p)!.properties),
            [{ minBrokers: 1 }, { minReplicationFactor: 1 }, { minInsyncReplicas: 1 }, { minReplicationFactor: 1, minInsyncReplicas: 1 }],
        );
    });

    it("keeps access control mandatory, as everywhere", () => {
        assert.deepEqual(byLevel("mandatory"), [
            "kafka-listener-security",
            "kafka-authorization",
            "kafka-user-acl-team-scope",
            "s3-public-access-block",
            "s3-tls-only-policy",
            "eks-secrets-encryption",
            "eks-team-role-no-cluster-access",
            "ec2-imds-hop-limit",
            "iam-no-wildcard-actions",
            "iam-no-admin-managed-policies",
            "kms-key-use-through-services",
        ]);
    });
});
