import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { OperatorConfig } from "../config";
import { renderChartValues, STRIMZI_CHART } from "./chartValues";
import { retainCustomResourceDefinitions } from "./crdRetention";
import { Topology } from "../shared/scheduling";

export interface StrimziOperatorArgs {
    operator: OperatorConfig;
    /**
     * Namespaces whose Strimzi resources the operator manages. They are created here: the chart
     * puts the operator's RoleBindings into them, so they must exist before it is installed.
     */
    watchNamespaces: string[];
    /**
     * Protect the watched namespaces (deleting one deletes the Kafka cluster and its volume claims)
     * and the chart's CRDs, which are retained on delete everywhere.
     */
    productionLike: boolean;
    /** Where the operator may run: on the system nodes of a zoned cluster, anywhere on a local one. */
    topology: Topology;
    provider: k8s.Provider;
    /** What the operator's pods need before the chart can become ready: the nodes they are scheduled on. */
    nodes?: pulumi.Resource[];
}

/** Release name of the chart; it only appears in the labels of what the chart renders. */
export const STRIMZI_RELEASE_NAME = "strimzi";

/** The operator's pods meet the restricted Pod Security Standard with the chart's default security contexts. */
const OPERATOR_NAMESPACE_LABELS = { "pod-security.kubernetes.io/enforce": "restricted" };
/** Strimzi's operands meet the baseline standard; warnings show what restricted would reject. */
const WATCHED_NAMESPACE_LABELS = {
    "pod-security.kubernetes.io/enforce": "baseline",
    "pod-security.kubernetes.io/warn": "restricted",
};

/**
 * The Strimzi cluster operator, installed from its official OCI Helm chart into a namespace of its
 * own and watching only the namespaces it is given. The chart also ships the CRDs, which Pulumi
 * applies as ordinary resources (so, unlike `helm upgrade`, a chart upgrade updates them too),
 * retained and (production-like) protected so that no change to the chart can delete them.
 */
export class StrimziOperator extends pulumi.ComponentResource {
    readonly namespace: pulumi.Output<string>;
    /** The chart; Strimzi custom resources depend on it so its CRDs exist before them. */
    readonly chart: k8s.helm.v4.Chart;
    readonly watchedNamespaces: Record<string, k8s.core.v1.Namespace>;

    constructor(name: string, args: StrimziOperatorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:strimzi:StrimziOperator", name, {}, opts);
        const o = { parent: this, provider: args.provider };

        const namespace = new k8s.core.v1.Namespace(`${name}-ns`, {
            metadata: { name: args.operator.namespace, labels: OPERATOR_NAMESPACE_LABELS },
        }, o);
        this.watchedNamespaces = Object.fromEntries(
            args.watchNamespaces.map((ns) => [
                ns,
                new k8s.core.v1.Namespace(`${name}-watched-${ns}`, { metadata: { name: ns, labels: WATCHED_NAMESPACE_LABELS } }, { ...o, protect: args.productionLike }),
            ]),
        );

        this.chart = new k8s.helm.v4.Chart(`${name}-chart`, {
            chart: STRIMZI_CHART,
            version: args.operator.chartVersion,
            name: STRIMZI_RELEASE_NAME,
            namespace: namespace.metadata.name,
            values: renderChartValues(args.operator, args.watchNamespaces, args.topology),
        }, {
            ...o,
            dependsOn: [...Object.values(this.watchedNamespaces), ...(args.nodes ?? [])],
            transforms: [retainCustomResourceDefinitions(args.productionLike)],
        });

        this.namespace = namespace.metadata.name;
        this.registerOutputs({ namespace: this.namespace });
    }
}
