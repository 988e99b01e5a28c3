/**
 * How a team's config names become Kafka and Kubernetes names. Team and application names are
 * DNS-1123 labels, so they never contain "." or "_": putting "." between a team and what it owns
 * makes every derived name start with a segment only that team can produce. That is what keeps
 * teams apart, in ACL prefixes as much as in resource names.
 */

/** Kafka's own limit on topic names (longer names break the log directory names of partitions). */
export const MAX_TOPIC_NAME_LENGTH = 249;

/** Characters Kafka allows in a topic name. */
export const LEGAL_TOPIC_CHARS = /^[a-zA-Z0-9._-]+$/;

/** Characters this platform allows in consumer group and transactional ids. */
export const LEGAL_ID_CHARS = /^[a-zA-Z0-9._-]*$/;

/** A CN of an X.509 certificate holds at most 64 characters; the User Operator puts the KafkaUser name there. */
export const MAX_TLS_USER_NAME_LENGTH = 64;

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The namespace a team owns in Kafka: its topics, groups and transactional ids all start with it. */
export function teamPrefix(team: string): string {
    return `${team}.`;
}

/** The Kafka name of a team's topic. */
export function kafkaTopicName(team: string, topic: string): string {
    return `${teamPrefix(team)}${topic}`;
}

/** A team's consumer group or transactional id (or prefix of them) as Kafka sees it. */
export function teamScopedId(team: string, id: string): string {
    return `${teamPrefix(team)}${id}`;
}

/** The KafkaUser name, hence the Kafka principal (`User:<name>` or `User:CN=<name>`) and the credentials Secret. */
export function kafkaUserName(team: string, application: string): string {
    return `${team}.${application}`;
}

/**
 * The Kubernetes name of a topic's KafkaTopic: lower case, with "_" written as ".".
 *
 * Why two topics can never get the same name: two Kafka names map to the same result only if they
 * are equal once case is ignored and "." and "_" are taken as the same character. Names of
 * different teams never do, since the result starts with the team name followed by "." and team
 * names contain neither "." nor "_". Names of one team that do are rejected by the config check
 * (`checkTeams`): equal up to "."/"_" is Kafka's own metric-name collision, equal up to case is
 * refused so the Kubernetes name can stay readable instead of carrying a hash.
 */
export function topicResourceName(kafkaName: string): string {
    return kafkaName.toLowerCase().replace(/_/g, ".");
}

/** The key under which Kafka's metrics would confuse two topic names. */
export function metricName(kafkaName: string): string {
    return kafkaName.replace(/\./g, "_");
}

export function isDnsSubdomain(name: string): boolean {
    return name.length <= 253 && DNS_SUBDOMAIN.test(name);
}
