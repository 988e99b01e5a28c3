/**
 * The field paths of Strimzi 1.2's `kafka.strimzi.io/v1` Kafka, KafkaNodePool, KafkaTopic, KafkaUser,
 * KafkaConnect and KafkaConnector that this project may render, written from Strimzi's v1 API reference. `[]` marks an array element and `.*` a
 * free-form map (labels, annotations, broker config). A rendered field outside this list is either
 * a typo or a field v1 no longer has (spec.kafka.replicas, spec.kafka.storage, ...), which the API
 * server would prune silently. Extend the list only from the API reference, never from our output.
 */

const METADATA = ["apiVersion", "kind", "metadata.name", "metadata.namespace", "metadata.labels.*", "metadata.annotations.*"];

function resources(prefix: string): string[] {
    return ["requests.cpu", "requests.memory", "limits.cpu", "limits.memory"].map((f) => `${prefix}.${f}`);
}

function jvmOptions(prefix: string): string[] {
    return [`${prefix}.-Xms`, `${prefix}.-Xmx`];
}

function metricsConfig(prefix: string): string[] {
    return [`${prefix}.type`, `${prefix}.valueFrom.configMapKeyRef.name`, `${prefix}.valueFrom.configMapKeyRef.key`];
}

function podTemplate(prefix: string): string[] {
    const required = `${prefix}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[].matchExpressions[]`;
    const antiAffinity = `${prefix}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[]`;
    const spread = `${prefix}.topologySpreadConstraints[]`;
    return [
        `${required}.key`,
        `${required}.operator`,
        `${required}.values[]`,
        `${antiAffinity}.labelSelector.matchLabels.*`,
        `${antiAffinity}.topologyKey`,
        ...["key", "operator", "value", "effect"].map((f) => `${prefix}.tolerations[].${f}`),
        ...["maxSkew", "minDomains", "topologyKey", "whenUnsatisfiable", "labelSelector.matchLabels.*"].map((f) => `${spread}.${f}`),
    ];
}

const LISTENER = "spec.kafka.listeners[]";

export const KAFKA_V1_FIELDS: ReadonlySet<string> = new Set([
    ...METADATA,
    "spec.kafka.version",
    "spec.kafka.metadataVersion",
    ...["name", "port", "type", "tls", "authentication.type"].map((f) => `${LISTENER}.${f}`),
    `${LISTENER}.configuration.loadBalancerSourceRanges[]`,
    `${LISTENER}.configuration.bootstrap.annotations.*`,
    `${LISTENER}.configuration.perBrokerAnnotationsTemplate.*`,
    "spec.kafka.authorization.type",
    "spec.kafka.authorization.superUsers[]",
    "spec.kafka.rack.topologyKey",
    // KafkaClusterTemplate.podDisruptionBudget → PodDisruptionBudgetTemplate.maxUnavailable (Strimzi 1.2.0 api module).
    "spec.kafka.template.podDisruptionBudget.maxUnavailable",
    // KafkaClusterTemplate.clusterCaCert → ResourceTemplate.metadata (Strimzi 1.2.0 Kafka CRD: spec.kafka.template.clusterCaCert).
    "spec.kafka.template.clusterCaCert.metadata.annotations.*",
    "spec.kafka.config.*",
    ...metricsConfig("spec.kafka.metricsConfig"),
    ...resources("spec.entityOperator.topicOperator.resources"),
    ...resources("spec.entityOperator.userOperator.resources"),
    ...podTemplate("spec.entityOperator.template.pod"),
    ...resources("spec.cruiseControl.resources"),
    "spec.cruiseControl.brokerCapacity.cpu",
    "spec.cruiseControl.brokerCapacity.inboundNetwork",
    "spec.cruiseControl.brokerCapacity.outboundNetwork",
    ...metricsConfig("spec.cruiseControl.metricsConfig"),
    ...podTemplate("spec.cruiseControl.template.pod"),
    "spec.kafkaExporter.topicRegex",
    "spec.kafkaExporter.groupRegex",
    ...resources("spec.kafkaExporter.resources"),
    ...podTemplate("spec.kafkaExporter.template.pod"),
]);

export const KAFKA_NODE_POOL_V1_FIELDS: ReadonlySet<string> = new Set([
    ...METADATA,
    "spec.replicas",
    "spec.roles[]",
    "spec.storage.type",
    ...["id", "type", "size", "sizeLimit", "class", "deleteClaim", "kraftMetadata"].map((f) => `spec.storage.volumes[].${f}`),
    ...resources("spec.resources"),
    ...jvmOptions("spec.jvmOptions"),
    ...podTemplate("spec.template.pod"),
]);

/** Topic configs are Kafka's own keys, passed through unchecked by the CRD. */
export const KAFKA_TOPIC_V1_FIELDS: ReadonlySet<string> = new Set([...METADATA, "spec.topicName", "spec.partitions", "spec.replicas", "spec.config.*"]);

const ACL = "spec.authorization.acls[]";

export const KAFKA_USER_V1_FIELDS: ReadonlySet<string> = new Set([
    ...METADATA,
    "spec.authentication.type",
    "spec.authorization.type",
    ...["type", "host", "operations[]", "resource.type", "resource.name", "resource.patternType"].map((f) => `${ACL}.${f}`),
    ...["producerByteRate", "consumerByteRate", "requestPercentage", "controllerMutationRate"].map((f) => `spec.quotas.${f}`),
    "spec.template.secret.metadata.labels.*",
    "spec.template.secret.metadata.annotations.*",
]);

const ARTIFACT = "spec.build.plugins[].artifacts[]";

export const KAFKA_CONNECT_V1_FIELDS: ReadonlySet<string> = new Set([
    ...METADATA,
    "spec.version",
    "spec.replicas",
    "spec.bootstrapServers",
    "spec.groupId",
    "spec.configStorageTopic",
    "spec.offsetStorageTopic",
    "spec.statusStorageTopic",
    ...["secretName", "certificate", "pattern"].map((f) => `spec.tls.trustedCertificates[].${f}`),
    "spec.authentication.type",
    ...["secretName", "certificate", "key"].map((f) => `spec.authentication.certificateAndKey.${f}`),
    "spec.config.*",
    ...resources("spec.resources"),
    "spec.rack.type",
    "spec.rack.topologyKey",
    "spec.metricsConfig.type",
    "spec.metricsConfig.values.allowList[]",
    ...podTemplate("spec.template.pod"),
    "spec.template.podDisruptionBudget.maxUnavailable",
    "spec.template.serviceAccount.metadata.labels.*",
    "spec.template.serviceAccount.metadata.annotations.*",
    ...podTemplate("spec.template.buildPod"),
    "spec.template.buildServiceAccount.metadata.labels.*",
    "spec.template.buildServiceAccount.metadata.annotations.*",
    "spec.build.output.type",
    "spec.build.output.image",
    "spec.build.output.pushSecret",
    "spec.build.plugins[].name",
    ...["type", "url", "sha512sum", "fileName", "group", "artifact", "version", "repository", "mirrors[].url"].map((f) => `${ARTIFACT}.${f}`),
    ...resources("spec.build.resources"),
]);

/** Connector configs are the connector's own keys, passed through unchecked by the CRD. */
export const KAFKA_CONNECTOR_V1_FIELDS: ReadonlySet<string> = new Set([
    ...METADATA,
    "spec.class",
    "spec.tasksMax",
    "spec.config.*",
    "spec.state",
    "spec.autoRestart.enabled",
    "spec.autoRestart.maxRestarts",
]);

export const V1_FIELDS_BY_KIND: Readonly<Record<string, ReadonlySet<string>>> = {
    Kafka: KAFKA_V1_FIELDS,
    KafkaNodePool: KAFKA_NODE_POOL_V1_FIELDS,
    KafkaTopic: KAFKA_TOPIC_V1_FIELDS,
    KafkaUser: KAFKA_USER_V1_FIELDS,
    KafkaConnect: KAFKA_CONNECT_V1_FIELDS,
    KafkaConnector: KAFKA_CONNECTOR_V1_FIELDS,
};

/** Every field path of `manifest` that the allow-list does not contain. */
export function fieldsOutside(manifest: unknown, allowed: ReadonlySet<string>): string[] {
    const outside: string[] = [];
    const walk = (node: unknown, path: string): void => {
        if (allowed.has(`${path}.*`)) {
            return;
        }
        if (Array.isArray(node)) {
            node.forEach((item) => walk(item, `${path}[]`));
        } else if (node !== null && typeof node === "object") {
            for (const [key, value] of Object.entries(node)) {
                walk(value, path ? `${path}.${key}` : key);
            }
        } else if (!allowed.has(path)) {
            outside.push(path);
        }
    };
    walk(manifest, "");
    return [...new Set(outside)];
}
