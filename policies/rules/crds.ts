import { ResourceValidationPolicy } from "@pulumi/policy";
import { at, text } from "./values";

export const CRD = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

/**
 * Deleting a CustomResourceDefinition makes Kubernetes delete every custom resource of its kind, so
 * for the operator chart's CRDs one mistaken plan (the chart replaced, renamed or removed) deletes
 * every Kafka, node pool, topic and user, whatever `protect` says on those resources. In a real
 * preview the chart's CRDs are the chart's children and carry the options its `transforms` gave them;
 * the engine hands a policy `protect` but not `retainOnDelete`, so protection is what is judged.
 */
export const kubernetesCrdsProtected: ResourceValidationPolicy = {
    name: "kubernetes-crds-protected",
    description: "Every CustomResourceDefinition is protected, so no plan can delete it and, with it, every custom resource of its kind.",
    severity: "critical",
    remediationSteps:
        "Give the chart that renders the CRDs the transforms option that marks its CustomResourceDefinition children protect and retainOnDelete (retainCustomResourceDefinitions in components/strimzi/crdRetention.ts), and never delete or replace a CRD through Pulumi; see docs/operations.md for upgrading the operator.",
    configSchema: { properties: {} },
    validateResource: (args, report) => {
        if (args.type !== CRD || args.opts.protect) {
            return;
        }
        const name = text(at(args.props, "metadata", "name"));
        const shown = typeof name === "string" ? name : args.name;
        report(
            `CustomResourceDefinition ${shown} is not protected: a plan that deletes or replaces it (its chart replaced, renamed or removed) makes Kubernetes delete every custom resource of its kind; register it with protect and retainOnDelete (a transforms option on its chart).`,
        );
    },
};

export const crdPolicies = [kubernetesCrdsProtected];
