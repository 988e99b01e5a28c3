import { readStackConfig } from "../../automation/harness/stackFiles";
import { LocalConfig, mergeDefaults, parseStackConfig } from "../../components/config";
import { ConfigError, formatProblem } from "../../components/config/errors";
import { ProgramRun, resource, runStack } from "../support/harness";

export const STRIMZI = "kubernetes:kafka.strimzi.io/v1";
export const KAFKA = `${STRIMZI}:Kafka`;
export const NODE_POOL = `${STRIMZI}:KafkaNodePool`;
export const KAFKA_CONNECT = `${STRIMZI}:KafkaConnect`;
export const KAFKA_CONNECTOR = `${STRIMZI}:KafkaConnector`;
export const KAFKA_TOPIC = `${STRIMZI}:KafkaTopic`;
export const KAFKA_USER = `${STRIMZI}:KafkaUser`;
export const CHART = "kubernetes:helm.sh/v4:Chart";
export const DEPLOYMENT = "kubernetes:apps/v1:Deployment";
export const SERVICE = "kubernetes:core/v1:Service";
export const SECRET = "kubernetes:core/v1:Secret";
export const PVC = "kubernetes:core/v1:PersistentVolumeClaim";
export const JOB = "kubernetes:batch/v1:Job";
export const NAMESPACE = "kubernetes:core/v1:Namespace";
export const K8S_PROVIDER = "pulumi:providers:kubernetes";

/** Pulumi.local.yaml as the CLI would hand it over, with `patch` merged over it key by key. */
export function localConfigWith(patch: Record<string, unknown> = {}): Record<string, unknown> {
    return mergeDefaults(readStackConfig("local").config, patch) as Record<string, unknown>;
}

export function runLocal(patch: Record<string, unknown> = {}): Promise<ProgramRun> {
    return runStack("local", { config: localConfigWith(patch) });
}

export function parseLocal(raw: Record<string, unknown>): LocalConfig {
    const config = parseStackConfig(raw, "local");
    if (config.mode !== "local") {
        throw new Error(`expected a local config, got mode ${config.mode}`);
    }
    return config;
}

/** The problem lines a local stack config reports, as the CLI prints them; [] when it parses. */
export function localProblems(raw: Record<string, unknown>): string[] {
    try {
        parseLocal(raw);
        return [];
    } catch (e) {
        if (ConfigError.isConfigError(e)) {
            return e.problems.map(formatProblem);
        }
        throw e;
    }
}

export function inputsOf(run: ProgramRun, type: string, name: string): Record<string, any> {
    return resource(run, type, name).inputs as Record<string, any>;
}
