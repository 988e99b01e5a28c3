import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LocalClusterConfig } from "../config/local";
import { renderVolumeClaim } from "./objectStoreManifests";
import { connectRepositoryUrl, REGISTRY_NAME, registryHost, renderRegistry, renderRegistryService } from "./registryManifests";

export interface LocalImageRegistryArgs {
    local: LocalClusterConfig;
    namespace: k8s.core.v1.Namespace;
    provider: k8s.Provider;
}

/**
 * The registry standing in for ECR on a local stack: Strimzi's Connect build pushes the image with
 * the S3 sink connector there, and the node pulls it back through the node port (docs/local.md).
 */
export class LocalImageRegistry extends pulumi.ComponentResource {
    /** `<Service>.<namespace>.svc:<port>`: the registry host of image references. */
    readonly host: string;
    /** Repository of the Connect image, without a tag; an Output so the KafkaConnect waits for the registry to run. */
    readonly connectRepositoryUrl: pulumi.Output<string>;

    constructor(name: string, args: LocalImageRegistryArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:local:ImageRegistry", name, {}, opts);
        const l = args.local;
        const o = { parent: this, provider: args.provider };
        const inNamespace = { ...o, dependsOn: [args.namespace] };

        const claim = l.ephemeralStorage
            ? []
            : [new k8s.core.v1.PersistentVolumeClaim(`${name}-data`, renderVolumeClaim(REGISTRY_NAME, l.namespace, l.registry.size, l.storageClass), inNamespace)];
        const server = new k8s.apps.v1.Deployment(`${name}-server`, renderRegistry(l, l.namespace), { ...o, dependsOn: [args.namespace, ...claim] });
        const service = new k8s.core.v1.Service(`${name}-service`, renderRegistryService(l, l.namespace), inNamespace);

        this.host = registryHost(l.namespace);
        this.connectRepositoryUrl = pulumi.all([server.metadata.name, service.metadata.name]).apply(() => connectRepositoryUrl(l.namespace));
        this.registerOutputs({ host: this.host, connectRepositoryUrl: this.connectRepositoryUrl });
    }
}
