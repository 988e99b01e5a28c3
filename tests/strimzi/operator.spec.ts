import { strict as assert } from "assert";
import { featureGatesValue } from "../../components/strimzi/chartValues";
import { resource } from "../support/harness";
import { CHART_TYPE, inputsOf, NAMESPACE_TYPE, runPatched, stackRuns } from "../kafka/support";

const onSystemNodes = { "kafka-platform.io/node-pool": "system" };
const spreadOverZones = [
    {
        maxSkew: 1,
        topologyKey: "topology.kubernetes.io/zone",
        whenUnsatisfiable: "ScheduleAnyway",
        labelSelector: { matchLabels: { name: "strimzi-cluster-operator", "strimzi.io/kind": "cluster-operator" } },
    },
];

describe("Strimzi operator", () => {
    const runs = stackRuns(["dev", "prod"]);

    it("dev: one replica from the official OCI chart 1.2.0, no PDB, watching only the Kafka namespace", () => {
        assert.deepEqual(inputsOf(runs.dev, CHART_TYPE, "strimzi-chart"), {
            chart: "oci://quay.io/strimzi-helm/strimzi-kafka-operator",
            version: "1.2.0",
            name: "strimzi",
            namespace: "strimzi",
            values: {
                replicas: 1,
                watchNamespaces: ["kafka"],
                watchAnyNamespace: false,
                leaderElection: { enable: true },
                podDisruptionBudget: { enabled: false },
                resources: { requests: { cpu: "200m", memory: "384Mi" }, limits: { cpu: "1", memory: "384Mi" } },
                nodeSelector: onSystemNodes,
                topologySpreadConstraints: spreadOverZones,
                featureGates: "",
                connectBuildTimeoutMs: 900000,
            },
        });
    });

    it("prod: two replicas with leader election and a PodDisruptionBudget", () => {
        assert.deepEqual(inputsOf(runs.prod, CHART_TYPE, "strimzi-chart"), {
            chart: "oci://quay.io/strimzi-helm/strimzi-kafka-operator",
            version: "1.2.0",
            name: "strimzi",
            namespace: "strimzi",
            values: {
                replicas: 2,
                watchNamespaces: ["kafka"],
                watchAnyNamespace: false,
                leaderElection: { enable: true },
                podDisruptionBudget: { enabled: true, minAvailable: 1 },
                resources: { requests: { cpu: "500m", memory: "512Mi" }, limits: { cpu: "1", memory: "512Mi" } },
                nodeSelector: onSystemNodes,
                topologySpreadConstraints: spreadOverZones,
                featureGates: "",
                connectBuildTimeoutMs: 900000,
            },
        });
    });

    it("passes feature gates to the chart as +Gate / -Gate, sorted by gate, the stack's own merged over the profile's", async () => {
        const gatesOf = async (featureGates: Record<string, boolean>) => {
            const run = await runPatched("dev", { operator: { featureGates } });
            return (inputsOf(run, CHART_TYPE, "strimzi-chart").values as Record<string, unknown>).featureGates;
        };
        assert.equal(await gatesOf({ UseBackgroundPodDeletion: true }), "+UseBackgroundPodDeletion");
        assert.equal(await gatesOf({}), "");
        assert.equal(featureGatesValue({ Zeta: true, Alpha: false, Mid: true }), "-Alpha,+Mid,+Zeta");
    });

    it("runs in a namespace of its own that enforces the restricted Pod Security Standard", () => {
        assert.deepEqual(inputsOf(runs.prod, NAMESPACE_TYPE, "strimzi-ns"), {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: "strimzi", labels: { "pod-security.kubernetes.io/enforce": "restricted" } },
        });
    });

    it("creates the Kafka namespace it watches, protected in prod", () => {
        const watched = resource(runs.prod, NAMESPACE_TYPE, "strimzi-watched-kafka");
        assert.deepEqual(watched.inputs, {
            apiVersion: "v1",
            kind: "Namespace",
            metadata: { name: "kafka", labels: { "pod-security.kubernetes.io/enforce": "baseline", "pod-security.kubernetes.io/warn": "restricted" } },
        });
        assert.equal(watched.protect, true);
        assert.equal(resource(runs.dev, NAMESPACE_TYPE, "strimzi-watched-kafka").protect, false);
    });

    it("installs the chart after both namespaces (its RoleBindings go into the watched one) and the system nodes its pods run on", () => {
        assert.deepEqual(resource(runs.prod, CHART_TYPE, "strimzi-chart").dependencies, [
            "urn:pulumi:prod::kafka-platform::kafka-platform:cluster:EksCluster$aws:eks/nodeGroup:NodeGroup::cluster-system",
            "urn:pulumi:prod::kafka-platform::kafka-platform:strimzi:StrimziOperator$kubernetes:core/v1:Namespace::strimzi-ns",
            "urn:pulumi:prod::kafka-platform::kafka-platform:strimzi:StrimziOperator$kubernetes:core/v1:Namespace::strimzi-watched-kafka",
        ]);
    });

    it("deploys onto the EKS cluster through its Kubernetes provider", () => {
        const chart = resource(runs.prod, CHART_TYPE, "strimzi-chart");
        const component = resource(runs.prod, "kafka-platform:strimzi:StrimziOperator", "strimzi");
        assert.equal(chart.parent, component.urn);
        assert.match(chart.provider ?? "", /EksCluster\$pulumi:providers:kubernetes::cluster-k8s::/);
    });
});
