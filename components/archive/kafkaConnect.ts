import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import { ArchivedTopic, KafkaClusterInfo } from "../kafka/info";
import { ArchiveAccess, ConnectContext, ConnectSettings, renderConnectUser, renderKafkaConnect, S3_KEY_ENV } from "./connectManifests";
import { Topology } from "../shared/scheduling";
import { ConnectorContext, ConnectorPlan, KafkaContext, planConnectors, renderConnector, renderDeadLetterTopic } from "./connectors";
import { strimziResource } from "../strimzi/resource";
import { CONNECT_BUILD_TIMEOUT_MS } from "../strimzi/chartValues";

/**
 * How long `pulumi up` waits for the KafkaConnect and each KafkaConnector to report what their
 * `pulumi.com/waitFor` annotation asks. customTimeouts take precedence over the annotation's
 * `pulumi.com/timeoutSeconds` (pulumi-kubernetes provider/pkg/metadata/overrides.go,
 * TimeoutDuration). The operator's build timeout plus ten minutes for the workers to roll onto the
 * new image, so a slow but healthy build is not cut off. A failed build fails `up` only when this
 * runs out, with the provider's "timed out waiting for the condition": Strimzi reports a failure as
 * a `NotReady` condition and removes `Ready` (StatusUtils.java, 1.2.0), and the provider's
 * `condition=Ready` check skips conditions of other types without logging them
 * (provider/pkg/await/condition/kubectl.go, checkCondition). The live object is kept in the stack's
 * state with the failure, and `npm run deploy -- <stack> --up` prints its conditions from there
 * (automation/deploy/strimziStatus.ts). Connectors get the same bound: after a rebuild their tasks
 * start only once the workers are back.
 */
export const CONNECT_READY_TIMEOUT = `${CONNECT_BUILD_TIMEOUT_MS / 60_000 + 10}m`;
const READY_TIMEOUTS: pulumi.CustomTimeouts = { create: CONNECT_READY_TIMEOUT, update: CONNECT_READY_TIMEOUT };

/** Where the archive writes, and how Connect and its image build get there. */
export type ArchiveTarget =
    | {
          /** AWS S3 through IRSA roles, the image in ECR. */
          type: "aws";
          bucketName: pulumi.Input<string>;
          region: string;
          connectRoleArn: pulumi.Input<string>;
          imageRepositoryUrl: pulumi.Input<string>;
          /** The docker config Secret the build pushes to ECR with, and what must finish before a build may use it. */
          pushSecret: string;
          pushReady: pulumi.Resource[];
          /** The namespace the IAM roles trust service accounts in; must be the Kafka cluster's. */
          serviceAccountNamespace: string;
      }
    | {
          /** An S3-compatible store in the cluster with static keys, the image in an in-cluster registry (a local stack). */
          type: "local";
          bucketName: string;
          /** The region the store answers as; the sink signs its requests for it. */
          region: string;
          endpoint: pulumi.Input<string>;
          /** Secret in the Kafka namespace with the Connect user's keys (S3_KEY_SECRET_KEYS). */
          credentialsSecret: pulumi.Input<string>;
          /** Takes pushes over plain HTTP and without credentials. */
          imageRepositoryUrl: pulumi.Input<string>;
          /** What the connectors must wait for: the bucket and the user that may write it. */
          ready: pulumi.Resource[];
      };

export interface KafkaConnectClusterArgs {
    connect: ConnectSettings;
    /** `archive.prefix`. */
    prefix: string;
    kafka: KafkaClusterInfo;
    /** Every topic to archive: the teams' topics marked `archive` and the demo topic. */
    archivedTopics: ArchivedTopic[];
    target: ArchiveTarget;
    topology: Topology;
    /** Kafka version of the cluster; Connect runs the same one and its image tag names it. */
    kafkaVersion: string;
    /** Strimzi operator version; the build's base image, so the image tag names it. */
    operatorVersion: string;
    /**
     * Deleting a KafkaTopic deletes the topic and its records, and a dead-letter topic holds the only
     * copy of the records the archive could not write, so production-like stacks protect it.
     */
    protectTopics: boolean;
    provider: k8s.Provider;
}

/**
 * Kafka Connect for the archive: the KafkaConnect (built with the S3 sink, authenticated with its
 * own mutual-TLS KafkaUser), one KafkaConnector per team and format, and their dead-letter topics.
 */
export class KafkaConnectCluster extends pulumi.ComponentResource {
    readonly connectName: string;
    readonly connectors: ConnectorPlan[];

    constructor(name: string, args: KafkaConnectClusterArgs, opts?: pulumi.ComponentResourceOptions) {
        super("kafka-platform:archive:KafkaConnect", name, {}, opts);
        const connect = args.connect;
        const plans = planConnectors(connect.name, args.archivedTopics, connect.errors.deadLetterQueue.enabled);
        const info = args.kafka;
        // One context per kind of resource, so each waits only for what it renders: users and
        // topics for the cluster, the KafkaConnect also for its roles and image repository, the
        // connectors also for the bucket.
        const target = args.target;
        const kafkaCtx: pulumi.Output<KafkaContext> = pulumi
            .output({
                kafkaClusterName: info.name,
                namespace: info.namespace,
                replicationFactor: info.defaultReplicationFactor,
                minInsyncReplicas: info.minInsyncReplicas,
            })
            .apply((v) => {
                if (target.type === "aws" && v.namespace !== target.serviceAccountNamespace) {
                    throw new Error(
                        `the archive's IAM roles trust service accounts in namespace ${target.serviceAccountNamespace}, but Kafka cluster ${v.kafkaClusterName} is in ${v.namespace}: pass the Kafka namespace to both`,
                    );
                }
                return v;
            });
        const access: pulumi.Output<ArchiveAccess> =
            target.type === "aws"
                ? pulumi.output({ type: "irsa" as const, connectRoleArn: target.connectRoleArn })
                : pulumi.output({ type: "secret" as const, secretName: target.credentialsSecret });
        const connectCtx: pulumi.Output<ConnectContext> = pulumi
            .output({
                kafka: kafkaCtx,
                tlsBootstrapServers: info.tlsBootstrapServers,
                clusterCaCertSecret: info.clusterCaCertSecret,
                access,
                imageRepositoryUrl: target.imageRepositoryUrl,
            })
            .apply(({ kafka, ...v }) => ({
                ...kafka,
                ...v,
                ...(target.type === "local" ? { plainHttpRegistry: true } : { pushSecret: target.pushSecret }),
                topology: args.topology,
                kafkaVersion: args.kafkaVersion,
                operatorVersion: args.operatorVersion,
            }));
        const s3Compatible = target.type === "local" ? pulumi.output(target.endpoint).apply((endpoint) => ({ endpoint, keyEnv: { ...S3_KEY_ENV } })) : undefined;
        const connectorCtx: pulumi.Output<ConnectorContext> = pulumi
            .output({ kafka: kafkaCtx, bucketName: target.bucketName, s3Compatible })
            .apply(({ kafka, bucketName, s3Compatible: store }) => ({
                ...kafka,
                bucketName,
                connectName: connect.name,
                region: target.region,
                prefix: args.prefix,
                ...(store ? { s3Compatible: store } : {}),
            }));
        const o = { parent: this, provider: args.provider };
        const afterKafka = { ...o, dependsOn: info.readyResources };

        const user = strimziResource(`${name}-user`, "KafkaUser", kafkaCtx.apply((c) => renderConnectUser(connect.name, plans, c)), afterKafka);
        const connectCluster = strimziResource(`${name}-connect`, "KafkaConnect", connectCtx.apply((c) => renderKafkaConnect(connect, c)), {
            ...o,
            dependsOn: [...info.readyResources, user, ...(target.type === "aws" ? target.pushReady : [])],
            customTimeouts: READY_TIMEOUTS,
        });
        for (const plan of plans) {
            const deadLetterTopic = plan.deadLetterTopic
                ? [
                      strimziResource(`${name}-${plan.deadLetterTopic}`, "KafkaTopic", kafkaCtx.apply((c) => renderDeadLetterTopic(plan, connect, c)), {
                          ...afterKafka,
                          protect: args.protectTopics,
                      }),
                  ]
                : [];
            strimziResource(`${name}-${plan.name}`, "KafkaConnector", connectorCtx.apply((c) => renderConnector(plan, connect, c)), {
                ...o,
                dependsOn: [connectCluster, ...deadLetterTopic, ...(target.type === "local" ? target.ready : [])],
                customTimeouts: READY_TIMEOUTS,
            });
        }

        this.connectName = connect.name;
        this.connectors = plans;
        this.registerOutputs({ connectName: this.connectName, connectors: plans.map((p) => p.name) });
    }
}
