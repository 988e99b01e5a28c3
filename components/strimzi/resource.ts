import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { STRIMZI_API_VERSION, StrimziResource } from "./types";

/**
 * Registers a rendered Strimzi resource. The manifest is plain when everything it needs is known
 * from config, or an Output when it waits for another resource's outputs; the Pulumi type token
 * follows the apiVersion and kind (`kubernetes:kafka.strimzi.io/v1:<Kind>`).
 */
export function strimziResource<K extends string, S>(
    name: string,
    kind: K,
    manifest: StrimziResource<K, S> | pulumi.Output<StrimziResource<K, S>>,
    opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
    return new k8s.apiextensions.CustomResource(name, {
        apiVersion: STRIMZI_API_VERSION,
        kind,
        metadata: pulumi.Output.isInstance(manifest) ? manifest.apply((m) => m.metadata) : manifest.metadata,
        spec: pulumi.Output.isInstance(manifest) ? manifest.apply((m) => m.spec) : manifest.spec,
    }, opts);
}
