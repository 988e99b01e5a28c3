import { strict as assert } from "assert";
import { kubernetesCrdsProtected } from "../../policies/rules/crds";
import { kafkaDrainsWaitForSync } from "../../policies/rules/kafkaDisruption";
import { eksAddonVersionPinned, ec2ImdsHopLimit } from "../../policies/rules/eksNodes";
import { resourceMessages, testUrn, UNKNOWN_INPUT, unknownReason, validateResource } from "../support/policyArgs";
import { KAFKA, kafka, Obj } from "../support/policyFixtures";

const CRD = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";
const chartChild = { urn: testUrn(CRD, "strimzi/kafkas.kafka.strimzi.io", "kubernetes:helm.sh/v4:Chart") };
const kafkasCrd = { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", metadata: { name: "kafkas.kafka.strimzi.io" }, spec: { group: "kafka.strimzi.io" } };

function kafkaWith(edit: (k: Obj) => void): Obj {
    const k = kafka();
    edit(k);
    return k;
}

describe("day-2 safety policies", () => {
    describe("kubernetes-crds-protected", () => {
        it("passes a CRD the chart's transforms protected", async () => {
            assert.deepEqual(await resourceMessages(kubernetesCrdsProtected, CRD, kafkasCrd, { ...chartChild, protect: true }), []);
        });

        it("refuses a plan in which a CRD could be deleted", async () => {
            assert.deepEqual(await resourceMessages(kubernetesCrdsProtected, CRD, kafkasCrd, chartChild), [
                "CustomResourceDefinition kafkas.kafka.strimzi.io is not protected: a plan that deletes or replaces it (its chart replaced, renamed or removed) makes Kubernetes delete every custom resource of its kind; register it with protect and retainOnDelete (a transforms option on its chart).",
            ]);
        });

        it("judges nothing but CRDs", async () => {
            assert.deepEqual(await resourceMessages(kubernetesCrdsProtected, KAFKA, kafka()), []);
        });
    });

    describe("kafka-drains-wait-for-sync", () => {
        it("passes a Kafka whose PDB refuses evictions", async () => {
            assert.deepEqual(await resourceMessages(kafkaDrainsWaitForSync, KAFKA, kafka()), []);
        });

        it("refuses Strimzi's default PDB and any budget above 0", async () => {
            const unset = kafkaWith((k) => delete k.spec.kafka.template);
            assert.deepEqual(await resourceMessages(kafkaDrainsWaitForSync, KAFKA, unset), [
                "Kafka kafka/events: spec.kafka.template.podDisruptionBudget.maxUnavailable is not set (Strimzi's default is 1), so a node drain can evict a broker whose partitions are not in sync and acks=all producers fail; set it to 0 and let Strimzi Drain Cleaner hand drained pods to the operator.",
            ]);
            const one = kafkaWith((k) => (k.spec.kafka.template.podDisruptionBudget.maxUnavailable = 1));
            assert.deepEqual(await resourceMessages(kafkaDrainsWaitForSync, KAFKA, one), [
                "Kafka kafka/events: spec.kafka.template.podDisruptionBudget.maxUnavailable is 1, so a node drain can evict a broker whose partitions are not in sync and acks=all producers fail; set it to 0 and let Strimzi Drain Cleaner hand drained pods to the operator.",
            ]);
        });

        it("cannot judge a budget unknown during the preview", async () => {
            const unknown = kafkaWith((k) => (k.spec.kafka.template.podDisruptionBudget.maxUnavailable = UNKNOWN_INPUT));
            assert.deepEqual(await validateResource(kafkaDrainsWaitForSync, KAFKA, unknown), {
                messages: [],
                notApplicable: unknownReason("spec.kafka.template.podDisruptionBudget.maxUnavailable"),
            });
        });
    });
});

describe("node and add-on policies", () => {
    const LAUNCH_TEMPLATE = "aws:ec2/launchTemplate:LaunchTemplate";
    const ADDON = "aws:eks/addon:Addon";
    const template = (metadataOptions: Record<string, unknown>) => ({ metadataOptions });

    it("ec2-imds-hop-limit passes IMDSv2 with one hop", async () => {
        assert.deepEqual(await resourceMessages(ec2ImdsHopLimit, LAUNCH_TEMPLATE, template({ httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 }), { name: "cluster-kafka-0" }), []);
    });

    it("ec2-imds-hop-limit refuses two hops, an unset limit and IMDSv1", async () => {
        assert.deepEqual(await resourceMessages(ec2ImdsHopLimit, LAUNCH_TEMPLATE, template({ httpTokens: "required", httpPutResponseHopLimit: 2 }), { name: "cluster-kafka-0" }), [
            "Launch template cluster-kafka-0: metadataOptions.httpPutResponseHopLimit is 2, so pods can reach the instance metadata service and take the node role's credentials; set it to 1.",
        ]);
        assert.deepEqual(await resourceMessages(ec2ImdsHopLimit, LAUNCH_TEMPLATE, {}, { name: "lt" }), [
            'Launch template lt: metadataOptions.httpTokens is not set (IMDSv1 allowed); set it to "required" (IMDSv2 only).',
            "Launch template lt: metadataOptions.httpPutResponseHopLimit is not set, so pods can reach the instance metadata service and take the node role's credentials; set it to 1.",
        ]);
        assert.deepEqual(await validateResource(ec2ImdsHopLimit, LAUNCH_TEMPLATE, template({ httpTokens: UNKNOWN_INPUT, httpPutResponseHopLimit: 1 }), { name: "lt" }), {
            messages: [],
            notApplicable: unknownReason("metadataOptions.httpTokens"),
        });
        assert.deepEqual(await validateResource(ec2ImdsHopLimit, LAUNCH_TEMPLATE, template({ httpTokens: "optional", httpPutResponseHopLimit: UNKNOWN_INPUT }), { name: "lt" }), {
            messages: ['Launch template lt: metadataOptions.httpTokens is "optional"; set it to "required" (IMDSv2 only).'],
            notApplicable: unknownReason("metadataOptions.httpPutResponseHopLimit"),
        });
        assert.deepEqual(await validateResource(ec2ImdsHopLimit, LAUNCH_TEMPLATE, { metadataOptions: UNKNOWN_INPUT }, { name: "lt" }), {
            messages: [],
            notApplicable: unknownReason("metadataOptions"),
        });
    });

    it("eks-addon-version-pinned refuses an add-on without a version", async () => {
        assert.deepEqual(await resourceMessages(eksAddonVersionPinned, ADDON, { addonName: "coredns", addonVersion: "v1.12.3-eksbuild.1" }), []);
        assert.deepEqual(await resourceMessages(eksAddonVersionPinned, ADDON, { addonName: "vpc-cni" }), [
            "EKS add-on vpc-cni names no addonVersion, so EKS picks one when it is created and an update can move it; pin the version (cluster.addons).",
        ]);
    });

    it("eks-addon-version-pinned counts a version the program computes, unknown in a first preview, as named", async () => {
        assert.deepEqual(await validateResource(eksAddonVersionPinned, ADDON, { addonName: "kube-proxy", addonVersion: UNKNOWN_INPUT }), { messages: [] });
    });
});
