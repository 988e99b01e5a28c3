import { ResourceValidationPolicy } from "@pulumi/policy";
import { at, cannotJudge, integer, isUnknown } from "./values";
import { KAFKA, objectName } from "./strimzi";

/**
 * Node drains (an EKS node group update, a node rotation) must leave each Kafka pod to the Strimzi
 * operator, which rolls a broker only when its partitions stay in sync. With Strimzi Drain Cleaner in
 * legacy mode the eviction is annotated for the operator and the PodDisruptionBudget must refuse it:
 * `spec.kafka.template.podDisruptionBudget.maxUnavailable: 0` (Strimzi 1.2.0,
 * documentation/modules/drain-cleaner/proc-drain-cleaner-deploying.adoc). That PDB is the only one
 * Strimzi creates for a cluster's node pool pods (KafkaNodePoolTemplate has no PDB); Strimzi's
 * default, 1, lets a drain evict a broker whose replicas are not in sync.
 */
export const kafkaDrainsWaitForSync: ResourceValidationPolicy = {
    name: "kafka-drains-wait-for-sync",
    description: "The Kafka PodDisruptionBudget refuses evictions (maxUnavailable 0), so node drains leave each broker to the operator, which rolls it only when its partitions stay in sync.",
    severity: "high",
    remediationSteps:
        "Set spec.kafka.template.podDisruptionBudget.maxUnavailable to 0 on the Kafka resource and run Strimzi Drain Cleaner (components/strimzi/drainCleaner.ts) so drained Kafka pods are rolled by the operator.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== KAFKA) {
            return;
        }
        const raw = at(args.props, "spec", "kafka", "template", "podDisruptionBudget", "maxUnavailable");
        const value = integer(raw);
        if (isUnknown(value)) {
            cannotJudge(args.notApplicable, ["spec.kafka.template.podDisruptionBudget.maxUnavailable"]);
        }
        if (value === 0) {
            return;
        }
        const found = value === undefined ? "is not set (Strimzi's default is 1)" : `is ${JSON.stringify(raw)}`;
        report(
            `${objectName("Kafka", args.props, args.name)}: spec.kafka.template.podDisruptionBudget.maxUnavailable ${found}, so a node drain can evict a broker whose partitions are not in sync and acks=all producers fail; set it to 0 and let Strimzi Drain Cleaner hand drained pods to the operator.`,
        );
    },
};

export const kafkaDisruptionPolicies = [kafkaDrainsWaitForSync];
