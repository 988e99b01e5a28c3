import { strict as assert } from "assert";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { parseConfig, parseTenantConfig } from "../../components/config";
import { DEFAULT_NAMESPACE_QUOTA } from "../../components/config/tenants";
import { configProblems } from "../support/teams";

const ROLE = "arn:aws:iam::111122223333:role/payments-deployer";
const ADMIN = "arn:aws:iam::111122223333:role/platform-admins";

/** The dev platform stack with its tenants section replaced (and teams, when given). */
function dev(tenants: unknown, teams?: unknown): Record<string, unknown> {
    return { ...readStackConfig("dev").config, tenants, ...(teams !== undefined ? { teams } : {}) };
}

describe("tenants config", () => {
    it("reads Pulumi.dev.yaml's payments team: its role, its namespace and its limits in bytes", () => {
        assert.deepEqual(parseConfig(readStackConfig("dev").config, "dev").tenants, {
            payments: {
                deployRoleArns: [ROLE],
                namespace: "payments",
                limits: { partitionsPerTopic: 24, producerByteRate: 10485760, consumerByteRate: 20971520 },
                namespaceQuota: DEFAULT_NAMESPACE_QUOTA,
            },
        });
    });

    it("defaults partitionsPerTopic to 1000 and sets no quota limit", () => {
        assert.deepEqual(parseConfig(dev({ risk: { deployRoleArns: [ROLE] } }), "dev").tenants.risk.limits, { partitionsPerTopic: 1000 });
    });

    it("refuses a team without a deploy role", () => {
        assert.deepEqual(configProblems(dev({ payments: { deployRoleArns: [] } }), "dev"), ["kafka-platform:tenants.payments.deployRoleArns: must have at least 1 item(s) (got [])"]);
    });

    it("refuses a team that is also in teams and a reserved namespace", () => {
        const teams = { payments: { applications: [] } };
        assert.deepEqual(configProblems(dev({ payments: { deployRoleArns: [ROLE] }, "kube-x": { deployRoleArns: ["arn:aws:iam::111122223333:role/x"] } }, teams), "dev"), [
            'kafka-platform:tenants.payments: must not also be in teams: team payments is either managed by the platform stack (teams) or deploys its own stack (tenants), never both (got {"deployRoleArns":["arn:aws:iam::111122223333:role/payments-deployer"]})',
            'kafka-platform:tenants.kube-x: cannot be a team name: the team\'s namespace would be kube-x, which Kubernetes or the platform uses (reserved: default, kube-system, kube-public, kube-node-lease, kube-*, kafka, strimzi) (got {"deployRoleArns":["arn:aws:iam::111122223333:role/x"]})',
        ]);
    });

    it("refuses an admin role, a role of two teams and a repeated role", () => {
        const risk = "arn:aws:iam::111122223333:role/risk";
        assert.deepEqual(configProblems(dev({ payments: { deployRoleArns: [ROLE, ADMIN, ROLE] }, risk: { deployRoleArns: [risk, ROLE] } }), "dev"), [
            `kafka-platform:tenants.payments.deployRoleArns.1: is also in cluster.adminRoleArns: an admin role has cluster-admin, so it cannot be held to one team (and EKS allows one access entry per role); use a role of the team's own (got "${ADMIN}")`,
            `kafka-platform:tenants.payments.deployRoleArns.2: repeats a role of this team (got "${ROLE}")`,
            `kafka-platform:tenants.risk.deployRoleArns.1: is already a deploy role of team payments: a role maps to one team's group only (got "${ROLE}")`,
        ]);
    });

    it("refuses limits that are not whole, positive Java ints, and unknown keys", () => {
        assert.deepEqual(configProblems(dev({ payments: { deployRoleArns: [ROLE], limits: { partitionsPerTopic: 0, producerByteRate: "3Gi", requestPercentage: 1.5, topics: 3 } } }), "dev"), [
            'kafka-platform:tenants.payments.limits.partitionsPerTopic: must be an integer >= 1 (got 0)',
            'kafka-platform:tenants.payments.limits.producerByteRate: must be a whole number of bytes per second (or a quantity such as 10Mi) between 1 and 2147483647 (got "3Gi")',
            "kafka-platform:tenants.payments.limits.requestPercentage: must be an integer (got 1.5)",
            "kafka-platform:tenants.payments.limits.topics: unknown key; allowed keys here: partitionsPerTopic, producerByteRate, consumerByteRate, requestPercentage (got 3)",
        ]);
    });

    it("caps each team namespace by default, and takes a stack's own quota key by key", () => {
        assert.deepEqual(DEFAULT_NAMESPACE_QUOTA, {
            requestsCpu: "8",
            requestsMemory: "16Gi",
            limitsCpu: "16",
            limitsMemory: "32Gi",
            requestsStorage: "500Gi",
            pods: 100,
            persistentVolumeClaims: 20,
            loadBalancers: 0,
            nodePorts: 0,
        });
        const quota = parseConfig(dev({ risk: { deployRoleArns: [ROLE], namespaceQuota: { requestsCpu: "2", limitsCpu: "4", loadBalancers: 1 } } }), "dev").tenants.risk.namespaceQuota;
        assert.deepEqual(quota, { ...DEFAULT_NAMESPACE_QUOTA, requestsCpu: "2", limitsCpu: "4", loadBalancers: 1 });
    });

    it("refuses a namespace quota no pod could run under, naming the key the stack set", () => {
        const problems = (namespaceQuota: unknown) => configProblems(dev({ payments: { deployRoleArns: [ROLE], namespaceQuota } }), "dev");
        assert.deepEqual(problems({ requestsMemory: "64Gi" }), [
            'kafka-platform:tenants.payments.namespaceQuota.requestsMemory: must be at most limitsMemory (32Gi): a container\'s memory request never exceeds its limit, so the requests quota could never be used (got "64Gi")',
        ]);
        assert.deepEqual(problems({ limitsCpu: "4" }), [
            'kafka-platform:tenants.payments.namespaceQuota.limitsCpu: must be at least requestsCpu (8, its default): a container\'s cpu request never exceeds its limit, so the requests quota could never be used (got "4")',
        ]);
        assert.deepEqual(problems({ requestsCpu: "50m", limitsMemory: "256Mi", requestsMemory: "128Mi" }), [
            'kafka-platform:tenants.payments.namespaceQuota.requestsCpu: must be at least 100m, the cpu request the namespace\'s LimitRange gives a container that sets none; below it no such pod fits (got "50m")',
            'kafka-platform:tenants.payments.namespaceQuota.limitsMemory: must be at least 512Mi, the memory limit the namespace\'s LimitRange gives a container that sets none; below it no such pod fits (got "256Mi")',
        ]);
        assert.deepEqual(problems({ pods: 0, nodePorts: -1, cpu: "8" }), [
            "kafka-platform:tenants.payments.namespaceQuota.pods: must be an integer >= 1 (got 0)",
            "kafka-platform:tenants.payments.namespaceQuota.nodePorts: must be an integer >= 0 (got -1)",
            "kafka-platform:tenants.payments.namespaceQuota.cpu: unknown key; allowed keys here: requestsCpu, requestsMemory, limitsCpu, limitsMemory, requestsStorage, pods, persistentVolumeClaims, loadBalancers, nodePorts (got \"8\")",
        ]);
    });

    it("lets a platform team share a topic with a tenant team or one of its applications", () => {
        const teams = { risk: { topics: [{ name: "scores", partitions: 3, sharedWith: ["payments", "payments.reporting"] }], applications: [] } };
        assert.deepEqual(configProblems(dev(readStackConfig("dev").config.tenants, teams), "dev"), []);
    });

    it("is a platform key: a tenant stack names the role it assumes instead", () => {
        const tenant = { ...readStackConfig("payments-dev").config };
        assert.equal(parseTenantConfig({ ...tenant, deployRoleArn: ROLE }, "payments-dev").deployRoleArn, ROLE);
        assert.deepEqual(configProblems({ ...tenant, deployRoleArn: "payments-deployer", tenants: {} }, "payments-dev"), [
            "kafka-platform:tenants: belongs to the platform stack: a tenant stack (platformStack is set) holds only environment, region, platformStack, deployRoleArn, teams (got {})",
            'kafka-platform:deployRoleArn: must be an IAM role ARN such as arn:aws:iam::123456789012:role/platform-admins (got "payments-deployer")',
        ]);
    });
});
