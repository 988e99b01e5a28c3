import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { LocalConfig } from "../config";
import { archiveBucketBaseName } from "../archive/bucket";
import { demoArchivedTopics } from "../archive/demoManifests";
import { DemoPipeline } from "../archive/demoPipeline";
import { KafkaCluster } from "../kafka/kafkaCluster";
import { KafkaConnectCluster } from "../archive/kafkaConnect";
import { buildObservability } from "../observability";
import { LocalImageRegistry } from "../local/imageRegistry";
import { LocalObjectStore } from "../local/objectStore";
import { StrimziOperator } from "../strimzi/operator";
import { archivedTopics } from "../teams/render";
import { clusterInfoFromConfig, createTeamTenants } from "../teams/teamTenant";
import { kafkaAndTeamOutputs } from "./tenant";

/** Everything in the local services namespace meets the restricted Pod Security Standard. */
const LOCAL_SERVICES_NAMESPACE_LABELS = { "pod-security.kubernetes.io/enforce": "restricted" };

/** The Kubernetes provider of a local stack: the user's kubeconfig (or the configured file) at the configured context. */
export function localProviderArgs(l: LocalConfig["local"]): k8s.ProviderArgs {
    return {
        context: l.context,
        ...(l.kubeconfig !== undefined ? { kubeconfig: l.kubeconfig } : {}),
        enableServerSideApply: true,
    };
}

/**
 * Composes a local stack: the same operator chart, Kafka, team tenants, Connect and demo as on AWS,
 * on an existing laptop cluster, with MinIO and an image registry in the cluster standing in for
 * S3 and ECR. No AWS provider and no AWS resource is created.
 */
export function buildLocalPlatform(config: LocalConfig): Record<string, pulumi.Input<unknown>> {
    const l = config.local;
    const a = config.archive;
    const topology = config.kafka.topology;
    const provider = new k8s.Provider("local", localProviderArgs(l));

    const operator = new StrimziOperator("strimzi", {
        operator: config.operator,
        watchNamespaces: [config.kafka.namespace],
        productionLike: false,
        topology,
        provider,
    });
    const kafkaNamespace = operator.watchedNamespaces[config.kafka.namespace];
    const kafka = new KafkaCluster("kafka", {
        kafka: config.kafka,
        storageClassName: l.storageClass,
        namespace: kafkaNamespace,
        operatorChart: operator.chart,
        productionLike: false,
        provider,
    });
    const kafkaInfo = clusterInfoFromConfig(kafka.info, config.kafka);
    const tenants = createTeamTenants(config.teams, { info: kafkaInfo, provider, protectTopics: false });

    const servicesNamespace = new k8s.core.v1.Namespace("local-services", { metadata: { name: l.namespace, labels: LOCAL_SERVICES_NAMESPACE_LABELS } }, { provider });
    const store = new LocalObjectStore("object-store", {
        local: l,
        namespace: servicesNamespace,
        kafkaNamespace,
        region: config.region,
        bucket: archiveBucketBaseName(`${config.project}-${config.stack}`),
        prefix: a.prefix,
        provider,
    });
    const registry = new LocalImageRegistry("image-registry", { local: l, namespace: servicesNamespace, provider });
    const demo = a.demo.enabled ? new DemoPipeline("archive-demo", { demo: a.demo, kafka: kafkaInfo, topology, provider }) : undefined;
    const teamTopics = archivedTopics(config.teams);
    const connect = new KafkaConnectCluster("archive-connect", {
        connect: a.connect,
        prefix: a.prefix,
        kafka: kafkaInfo,
        archivedTopics: demo ? [...teamTopics, ...demoArchivedTopics(a.demo)] : teamTopics,
        target: {
            type: "local",
            bucketName: store.bucketName,
            region: config.region,
            endpoint: store.endpoint,
            credentialsSecret: store.connectCredentialsSecret,
            imageRepositoryUrl: registry.connectRepositoryUrl,
            ready: store.ready,
        },
        topology,
        kafkaVersion: config.kafka.version,
        operatorVersion: config.operator.chartVersion,
        // A laptop's data is disposable: the dead-letter topics go with the stack.
        protectTopics: false,
        provider,
    });

    buildObservability("observability", {
        observability: config.observability,
        topology,
        storage: { ...(l.storageClass !== undefined ? { storageClassName: l.storageClass } : {}), ephemeral: l.ephemeralStorage },
        kafka: { name: config.kafka.name, namespace: config.kafka.namespace, brokerReplicas: config.kafka.brokers.replicas },
        operatorNamespace: config.operator.namespace,
        connectName: config.archive.connect.name,
        provider,
        chartDependsOn: [],
        dependsOn: [kafkaNamespace],
    });

    return {
        environment: config.environment,
        region: config.region,
        kubeContext: l.context,
        ...kafkaAndTeamOutputs(kafka.info, config.teams, tenants),
        localServicesNamespace: l.namespace,
        archiveBucketName: store.bucketName,
        archiveEndpoint: store.endpoint,
        archiveCredentialsSecret: store.connectCredentialsSecret,
        connectImageRepository: registry.connectRepositoryUrl,
        registryHost: registry.host,
        registryNodePort: l.registry.nodePort,
        archiveConnectors: connect.connectors.map((c) => c.name),
        ...(demo ? { demoTopic: demo.topicName } : {}),
    };
}
