import * as pulumi from "@pulumi/pulumi";

/** Pulumi type token of the CRDs a helm v4 Chart renders (its children are ordinary Kubernetes resources). */
export const CRD_TYPE = "kubernetes:apiextensions.k8s.io/v1:CustomResourceDefinition";

/**
 * A `transforms` resource option for a helm v4 Chart that ships CRDs. The Chart owns the CRDs it
 * renders, so replacing, renaming or removing it would delete them, and Kubernetes then deletes
 * every custom resource of those kinds (every Kafka, node pool, topic and user) whatever `protect`
 * says on those resources. The engine runs a component's `transforms` on the children of a packaged
 * (remote) component too, so each CRD child is registered:
 * - `retainOnDelete`: whatever Pulumi does to the chart, it never deletes a CRD from the cluster;
 * - `protect` (production-like stacks): a plan that would delete a CRD fails before it runs.
 * Updates are untouched: an operator upgrade still applies the new chart's CRDs in place, in the
 * order the chart gives (Helm itself would never upgrade them).
 */
export function retainCustomResourceDefinitions(protect: boolean): pulumi.ResourceTransform {
    return (args) => {
        if (args.type !== CRD_TYPE) {
            return undefined;
        }
        return { props: args.props, opts: pulumi.mergeOptions(args.opts, { retainOnDelete: true, protect }) };
    };
}
