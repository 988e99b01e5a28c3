import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformConfig } from "../config";
import { isProductionLike } from "../config/environment";
import { controllerStorageClassName, EksCluster } from "../cluster/eksCluster";
import { KafkaCluster } from "../kafka/kafkaCluster";
import { Network } from "../network/network";
import { DrainCleaner } from "../strimzi/drainCleaner";
import { DRAIN_CLEANER_NAMESPACE } from "../strimzi/drainCleanerValues";
import { StrimziOperator } from "../strimzi/operator";
import { buildArchive } from "../archive";
import { buildObservability } from "../observability";
import { archivedTopics } from "../teams/render";
import { clusterCaReflection, createTeamAccess, platformAdmissionFacts, tenantAccessOutputs } from "../teams/teamAccess";
import { clusterInfoFromConfig, createTeamTenants } from "../teams/teamTenant";
import { kafkaAndTeamOutputs } from "./tenant";
import { clusterEndpointOf } from "./tenantAccess";

/** Composes the platform's components from the typed config and returns the stack outputs. */
export function buildPlatform(config: PlatformConfig): Record<string, pulumi.Input<unknown>> {
    const namePrefix = `${config.project}-${config.stack}`;
    const productionLike = isProductionLike(config.environment);
    const provider = new aws.Provider("aws", { region: config.region as aws.Region, defaultTags: { tags: config.tags } });

    const network = new Network("network", {
        network: config.network,
        namePrefix,
        clusterName: namePrefix,
        provider,
        flowLogRetentionDays: config.cluster.logRetentionDays,
        keyDeletionWindowDays: config.cluster.secretsEncryption.keyDeletionWindowDays,
    });
    const cluster = new EksCluster("cluster", {
        cluster: config.cluster,
        clusterName: namePrefix,
        productionLike,
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        publicSubnetIds: network.publicSubnetIds,
        provider,
        tags: config.tags,
    });

    const operator = new StrimziOperator("strimzi", {
        operator: config.operator,
        watchNamespaces: [config.kafka.namespace],
        productionLike,
        topology: config.kafka.topology,
        provider: cluster.k8sProvider,
        nodes: [cluster.systemNodes],
    });
    new DrainCleaner("drain-cleaner", {
        chartVersion: config.cluster.drainCleaner.chartVersion,
        namespace: DRAIN_CLEANER_NAMESPACE,
        kafkaNamespaces: [config.kafka.namespace],
        provider: cluster.k8sProvider,
        nodes: [cluster.systemNodes],
    });
    const kafka = new KafkaCluster("kafka", {
        kafka: config.kafka,
        storageClassName: config.cluster.storageClass.name,
        storageClass: cluster.storageClass,
        controllerStorageClassName: controllerStorageClassName(config.cluster.storageClass.name),
        controllerStorageClass: cluster.controllerStorageClass,
        namespace: operator.watchedNamespaces[config.kafka.namespace],
        operatorChart: operator.chart,
        productionLike,
        provider: cluster.k8sProvider,
        clusterCaCertAnnotations: clusterCaReflection(config.tenants),
    });
    const kafkaInfo = clusterInfoFromConfig(kafka.info, config.kafka);
    const tenants = createTeamTenants(config.teams, {
        info: kafkaInfo,
        provider: cluster.k8sProvider,
        protectTopics: productionLike,
    });
    createTeamAccess(config.tenants, {
        eksClusterName: cluster.clusterName,
        awsProvider: provider,
        k8sProvider: cluster.k8sProvider,
        kafkaNamespace: config.kafka.namespace,
        admission: platformAdmissionFacts(config),
        dependsOn: [operator.watchedNamespaces[config.kafka.namespace]],
        reflectorDependsOn: [cluster.systemNodes],
    });
    const archive = buildArchive("archive", {
        archive: config.archive,
        environment: config.environment,
        region: config.region,
        namePrefix,
        awsProvider: provider,
        k8sProvider: cluster.k8sProvider,
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuer: cluster.oidcIssuer,
        kafka: kafkaInfo,
        kafkaNamespace: config.kafka.namespace,
        archivedTopics: archivedTopics(config.teams),
        kafkaVersion: config.kafka.version,
        operatorVersion: config.operator.chartVersion,
    });

    buildObservability("observability", {
        observability: config.observability,
        topology: config.kafka.topology,
        storage: { storageClassName: config.cluster.storageClass.name, ephemeral: false },
        kafka: { name: config.kafka.name, namespace: config.kafka.namespace, brokerReplicas: config.kafka.brokers.replicas },
        operatorNamespace: config.operator.namespace,
        connectName: config.archive.connect.name,
        drainCleanerNamespace: DRAIN_CLEANER_NAMESPACE,
        provider: cluster.k8sProvider,
        chartDependsOn: [cluster.systemNodes, cluster.storageClass],
        dependsOn: [operator.watchedNamespaces[config.kafka.namespace]],
    });

    return {
        environment: config.environment,
        region: config.region,
        vpcId: network.vpcId,
        privateSubnetIds: network.privateSubnetIds,
        publicSubnetIds: network.publicSubnetIds,
        clusterName: cluster.clusterName,
        kubeconfig: cluster.kubeconfig,
        // The endpoint and CA are public; team stacks build their own kubeconfig from them.
        clusterEndpoint: pulumi.unsecret(cluster.kubeconfig.apply((k) => clusterEndpointOf(k).endpoint)),
        clusterCertificateAuthority: pulumi.unsecret(cluster.kubeconfig.apply((k) => clusterEndpointOf(k).certificateAuthority)),
        oidcProviderArn: cluster.oidcProviderArn,
        oidcIssuer: cluster.oidcIssuer,
        storageClassName: cluster.storageClassName,
        ...kafkaAndTeamOutputs(kafka.info, config.teams, tenants),
        tenants: tenantAccessOutputs(config.tenants),
        archiveBucketName: archive.bucketName,
        archiveBucketArn: archive.bucketArn,
        ...(archive.kmsKeyArn ? { archiveKmsKeyArn: archive.kmsKeyArn } : {}),
        archiveImageRepositoryUrl: archive.imageRepositoryUrl,
        archiveConnectRoleArn: archive.connectRoleArn,
        archiveBuildRoleArn: archive.buildRoleArn,
        archiveConnectors: archive.connectors,
        ...(archive.demoTopic ? { demoTopic: archive.demoTopic } : {}),
    };
}
