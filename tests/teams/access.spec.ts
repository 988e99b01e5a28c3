import { strict as assert } from "assert";
import { ofType, resource, runStack, ProgramRun } from "../support/harness";
import { teamKubeconfig, checkAssumedRole, clusterEndpointOf } from "../../components/stacks/tenantAccess";

const ROLE = "arn:aws:iam::111122223333:role/payments-deployer";
const GROUP = "kafka-platform:team:payments";
const ACCESS = "kafka-platform:tenancy:TeamAccess";

/** Kubernetes' core/v1 object schemas (kubernetes-models 5.1.0, generated from the API's OpenAPI); ES modules only, so imported for real. */
type Model = new (data: unknown) => { validate(): void };
const importEsm = new Function("specifier", "return import(specifier)") as <T>(specifier: string) => Promise<T>;

describe("self-service team access in the dev platform stack", () => {
    let run: ProgramRun;
    before(async () => {
        run = await runStack("dev");
    });

    it("gives each deploy role an access entry in the team's group only, with no access policy", () => {
        const team = resource(run, ACCESS, "payments");
        const entry = resource(run, "aws:eks/accessEntry:AccessEntry", "team-payments-111122223333-payments-deployer");
        assert.equal(entry.parent, team.urn);
        assert.deepEqual(entry.inputs, {
            clusterName: "kafka-platform-dev",
            principalArn: ROLE,
            type: "STANDARD",
            kubernetesGroups: [GROUP],
            tags: { "kafka-platform.io/team": "payments" },
        });
        assert.deepEqual(ofType(run, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation").filter((a) => a.inputs.principalArn === ROLE), []);
        const eks = resource(run, "eks:index:Cluster", "cluster-eks").remoteInputs as { accessEntries: Record<string, { principalArn: string }> };
        assert.deepEqual(Object.values(eks.accessEntries).map((e) => e.principalArn), ["arn:aws:iam::111122223333:role/platform-admins"]);
    });

    it("creates the team's namespace and RBAC: Kafka topics and users in the Kafka namespace, edit in its own", () => {
        const labels = { "kafka-platform.io/team": "payments" };
        const subjects = [{ kind: "Group", apiGroup: "rbac.authorization.k8s.io", name: GROUP }];
        // Pod Security Admission's baseline level keeps the team's pods off their nodes (no privileged, hostPath or host-namespace pods).
        assert.deepEqual(resource(run, "kubernetes:core/v1:Namespace", "payments-ns").inputs, {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: {
                name: "payments",
                labels: {
                    ...labels,
                    "pod-security.kubernetes.io/enforce": "baseline",
                    "pod-security.kubernetes.io/warn": "restricted",
                    "pod-security.kubernetes.io/audit": "restricted",
                },
            },
        });
        assert.deepEqual(resource(run, "kubernetes:rbac.authorization.k8s.io/v1:Role", "payments-kafka").inputs, {
            apiVersion: "rbac.authorization.k8s.io/v1",
            kind: "Role",
            metadata: { name: "kafka-team-payments", namespace: "kafka", labels },
            rules: [{ apiGroups: ["kafka.strimzi.io"], resources: ["kafkatopics", "kafkausers"], verbs: ["get", "list", "watch", "create", "update", "patch", "delete"] }],
        });
        const bindings = ofType(run, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding")
            .filter((b) => b.name.startsWith("payments-"))
            .map((b) => [b.name, b.inputs])
            .sort(([a], [b]) => String(a).localeCompare(String(b)));
        assert.deepEqual(bindings, [
            ["payments-kafka", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "kafka-team-payments", namespace: "kafka", labels }, subjects, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: "kafka-team-payments" } }],
            ["payments-ns", { apiVersion: "rbac.authorization.k8s.io/v1", kind: "RoleBinding", metadata: { name: "kafka-team-payments", namespace: "payments", labels }, subjects, roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: "edit" } }],
        ]);
    });

    it("caps the team's namespace with a ResourceQuota and gives containers without requests a LimitRange's, before the team may use it", async () => {
        const labels = { "kafka-platform.io/team": "payments" };
        const metadata = { name: "kafka-team-payments", namespace: "payments", labels };
        const quota = resource(run, "kubernetes:core/v1:ResourceQuota", "payments-ns");
        const limitRange = resource(run, "kubernetes:core/v1:LimitRange", "payments-ns");
        assert.deepEqual(quota.inputs, {
            apiVersion: "v1",
            kind: "ResourceQuota",
            metadata,
            spec: {
                hard: {
                    "requests.cpu": "8",
                    "requests.memory": "16Gi",
                    "limits.cpu": "16",
                    "limits.memory": "32Gi",
                    "requests.storage": "500Gi",
                    pods: "100",
                    persistentvolumeclaims: "20",
                    "services.loadbalancers": "0",
                    "services.nodeports": "0",
                },
            },
        });
        assert.deepEqual(limitRange.inputs, {
            apiVersion: "v1",
            kind: "LimitRange",
            metadata,
            spec: { limits: [{ type: "Container", default: { cpu: "500m", memory: "512Mi" }, defaultRequest: { cpu: "100m", memory: "128Mi" } }] },
        });
        const { ResourceQuota, LimitRange } = await importEsm<{ ResourceQuota: Model; LimitRange: Model }>("kubernetes-models/v1");
        new ResourceQuota(quota.inputs).validate();
        new LimitRange(limitRange.inputs).validate();
        assert.throws(() => new ResourceQuota({ ...quota.inputs, spec: { hard: { pods: {} } } }).validate(), /hard\/pods/);
        const edit = resource(run, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "payments-ns");
        assert.ok(edit.dependencies.includes(quota.urn) && edit.dependencies.includes(limitRange.urn));
    });

    it("binds the team's rights in the Kafka namespace only after its admission policies are bound", () => {
        const binding = resource(run, "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding", "payments-kafka");
        const policyBindings = ofType(run, "kubernetes:admissionregistration.k8s.io/v1:ValidatingAdmissionPolicyBinding");
        assert.deepEqual(policyBindings.map((b) => b.inputs.spec as { policyName: string }).sort((a, b) => a.policyName.localeCompare(b.policyName)), [
            { policyName: "kafka-team-payments-kafkatopics", validationActions: ["Deny"] },
            { policyName: "kafka-team-payments-kafkausers", validationActions: ["Deny"] },
            { policyName: "kafka-team-payments-reflection", validationActions: ["Deny"] },
            { policyName: "kafka-team-payments-services", validationActions: ["Deny"] },
        ]);
        for (const b of policyBindings) {
            assert.ok(binding.dependencies.includes(b.urn), b.name);
        }
    });

    it("installs Reflector from its pinned chart to deliver the credentials", () => {
        const chart = resource(run, "kubernetes:helm.sh/v4:Chart", "credential-reflector-chart");
        assert.deepEqual(
            { chart: chart.inputs.chart, version: chart.inputs.version, namespace: chart.inputs.namespace },
            { chart: "oci://ghcr.io/emberstack/helm-charts/reflector", version: "10.0.63", namespace: "credential-reflector" },
        );
    });

    it("lets Reflector copy the cluster CA certificate into the team's namespace, where its applications need it", () => {
        const kafka = resource(run, "kubernetes:kafka.strimzi.io/v1:Kafka", "kafka-kafka").inputs as { spec: { kafka: { template: { clusterCaCert: unknown } } } };
        assert.deepEqual(kafka.spec.kafka.template.clusterCaCert, {
            metadata: {
                annotations: {
                    "reflector.v1.k8s.emberstack.com/reflection-allowed": "true",
                    "reflector.v1.k8s.emberstack.com/reflection-allowed-namespaces": "payments",
                    "reflector.v1.k8s.emberstack.com/reflection-auto-enabled": "true",
                    "reflector.v1.k8s.emberstack.com/reflection-auto-namespaces": "payments",
                },
            },
        });
    });

    it("exports what team stacks need: the cluster's public endpoint and CA, each team's roles, namespace, group and limits", () => {
        assert.deepEqual(run.outputs.tenants, {
            payments: { deployRoleArns: [ROLE], namespace: "payments", group: GROUP, limits: { partitionsPerTopic: 24, producerByteRate: 10485760, consumerByteRate: 20971520 } },
        });
        assert.match(String(run.outputs.clusterEndpoint), /^https:\/\/[0-9A-F]{32}\.gr7\.eu-west-1\.eks\.amazonaws\.com$/);
        assert.equal(run.outputs.clusterCertificateAuthority, "bW9jay1jYQ==");
    });
});

describe("a team stack's sign-in", () => {
    const session = "kafka-team-payments";

    it("builds a kubeconfig that gets its token as the team role", () => {
        const cluster = { endpoint: "https://ABC.gr7.eu-west-1.eks.amazonaws.com", certificateAuthority: "Q0E=" };
        assert.deepEqual(JSON.parse(teamKubeconfig(cluster, "kafka-platform-dev", "eu-west-1", ROLE, session)), {
            apiVersion: "v1",
            kind: "Config",
            clusters: [{ name: "kafka-platform-dev", cluster: { server: cluster.endpoint, "certificate-authority-data": "Q0E=" } }],
            contexts: [{ name: session, context: { cluster: "kafka-platform-dev", user: session } }],
            "current-context": session,
            users: [
                {
                    name: session,
                    user: {
                        exec: {
                            apiVersion: "client.authentication.k8s.io/v1beta1",
                            command: "aws",
                            args: ["eks", "get-token", "--cluster-name", "kafka-platform-dev", "--region", "eu-west-1", "--role-arn", ROLE, "--session-name", session, "--output", "json"],
                        },
                    },
                },
            ],
        });
    });

    it("reads the endpoint and CA from the platform's kubeconfig", () => {
        const kubeconfig = JSON.stringify({ clusters: [{ name: "c", cluster: { server: "https://x", "certificate-authority-data": "Q0E=" } }] });
        assert.deepEqual(clusterEndpointOf(kubeconfig), { endpoint: "https://x", certificateAuthority: "Q0E=" });
        assert.throws(() => clusterEndpointOf("{}"), /the cluster's kubeconfig names no server and certificate authority/);
    });

    it("refuses to go on unless AWS reports the team role's session", () => {
        assert.doesNotThrow(() => checkAssumedRole(`arn:aws:sts::111122223333:assumed-role/payments-deployer/${session}`, ROLE, session));
        assert.throws(
            () => checkAssumedRole("arn:aws:iam::111122223333:user/alice", ROLE, session),
            {
                message: `the deployer is signed in as arn:aws:iam::111122223333:user/alice, not as the team role ${ROLE} (expected arn:aws:sts::111122223333:assumed-role/payments-deployer/${session}): check that your AWS identity may assume that role (sts:AssumeRole in the role's trust policy)`,
            },
        );
    });
});
