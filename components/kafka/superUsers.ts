import { KafkaConfig } from "../config/kafka";
import { KafkaUser, STRIMZI_API_VERSION, STRIMZI_CLUSTER_LABEL } from "../strimzi/types";

/**
 * The KafkaUser behind each configured super-user principal. The User Operator puts a KafkaUser's
 * name in its TLS certificate's CN (and uses it as the SCRAM user name), so a `superUsers` entry
 * nobody's KafkaUser holds is super-user rights for whoever creates a user of that name first; the
 * platform creates and owns each one instead. `CN=<user>` is a TLS user, `<user>` a SCRAM one.
 */
export function renderSuperUser(k: KafkaConfig, principal: string): KafkaUser {
    const tls = principal.startsWith("CN=");
    return {
        apiVersion: STRIMZI_API_VERSION,
        kind: "KafkaUser",
        metadata: { name: tls ? principal.slice(3) : principal, namespace: k.namespace, labels: { [STRIMZI_CLUSTER_LABEL]: k.name } },
        spec: { authentication: { type: tls ? "tls" : "scram-sha-512" } },
    };
}
