import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";

/**
 * How a self-service team's applications get their Kafka credentials: the User Operator writes each
 * KafkaUser's Secret in the Kafka namespace, and Reflector (emberstack/kubernetes-reflector) copies it
 * into the team's namespace, driven by annotations the KafkaUser puts on that Secret
 * (`spec.template.secret.metadata.annotations`). The credentials never pass through Pulumi state,
 * and a rotated certificate or password reaches the copy as soon as the operator writes it.
 *
 * Why Reflector rather than External Secrets: it needs no store, no service account per namespace
 * and no extra custom resource per application, and the source Secret alone decides where it may be
 * copied (`reflection-allowed-namespaces`, matched as a whole name, MirroringPropertiesExtensions.cs
 * PatternListMatch in v10.0.63), which the team's admission policy pins to the team's namespace.
 */

/** Chart repository and version, checked against the release pipeline of emberstack/kubernetes-reflector v10.0.63 (Aug 2026): `helm push` to this OCI repository with the tag's version. */
export const REFLECTOR_CHART = "oci://ghcr.io/emberstack/helm-charts/reflector";
export const REFLECTOR_CHART_VERSION = "10.0.63";
export const REFLECTOR_NAMESPACE = "credential-reflector";

/** Annotation names of Reflector v10 (src/ES.Kubernetes.Reflector/Mirroring/Core/Annotations.cs). */
export const REFLECTOR_ANNOTATION_PREFIX = "reflector.v1.k8s.emberstack.com/";

/**
 * The annotations that make Reflector copy a Secret into the given namespace (or comma-separated
 * namespaces) and nowhere else: an empty or missing `reflection-allowed-namespaces` would allow every
 * namespace.
 */
export function reflectionAnnotations(namespace: string): Record<string, string> {
    return {
        [`${REFLECTOR_ANNOTATION_PREFIX}reflection-allowed`]: "true",
        [`${REFLECTOR_ANNOTATION_PREFIX}reflection-allowed-namespaces`]: namespace,
        [`${REFLECTOR_ANNOTATION_PREFIX}reflection-auto-enabled`]: "true",
        [`${REFLECTOR_ANNOTATION_PREFIX}reflection-auto-namespaces`]: namespace,
    };
}

/** Reflector's chart values: small requests, as it only watches Secrets and ConfigMaps. */
export const REFLECTOR_VALUES = {
    resources: { requests: { cpu: "50m", memory: "128Mi" }, limits: { memory: "256Mi" } },
};

export interface CredentialReflectorArgs {
    provider: k8s.Provider;
    /** Resources the chart's pods need first (the node group they run on). */
    dependsOn?: pulumi.Input<pulumi.Resource>[];
}

/** Reflector in a namespace of its own, installed from its Helm chart. */
export class CredentialReflector extends pulumi.ComponentResource {
    readonly chart: k8s.helm.v4.Chart;

    constructor(name: string, args: CredentialReflectorArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:tenancy:CredentialReflector", name, {}, opts);
        const o = { parent: this, provider: args.provider };
        const namespace = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: REFLECTOR_NAMESPACE } }, o);
        this.chart = new k8s.helm.v4.Chart(`${name}-chart`, {
            chart: REFLECTOR_CHART,
            version: REFLECTOR_CHART_VERSION,
            name: "reflector",
            namespace: namespace.metadata.name,
            values: REFLECTOR_VALUES,
        }, { ...o, dependsOn: [namespace, ...(args.dependsOn ?? [])] });
        this.registerOutputs({});
    }
}
