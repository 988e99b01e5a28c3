import { PolicyConfigSchema, ResourceValidationPolicy } from "@pulumi/policy";
import { KAFKA, KAFKA_USER, objectName } from "./strimzi";
import { at, cannotJudge, isUnknown, items, listing, settings, text } from "./values";

// ---- kafka-listener-security ------------------------------------------------------------------

const listenerSchema: PolicyConfigSchema = {
    properties: {
        authenticationTypes: {
            type: "array",
            items: { type: "string", enum: ["tls", "scram-sha-512", "custom"] },
            minItems: 1,
            default: ["tls", "scram-sha-512"],
            description: "Listener authentication types allowed (Strimzi spec.kafka.listeners[].authentication.type).",
        },
    },
};

export const kafkaListenerSecurity: ResourceValidationPolicy = {
    name: "kafka-listener-security",
    description: "Every Kafka listener encrypts with TLS and authenticates its clients.",
    severity: "critical",
    remediationSteps:
        'On each entry of spec.kafka.listeners set tls: true and an authentication of an allowed type ("tls" for mutual TLS, "scram-sha-512" for passwords over TLS). Move clients of a plain or anonymous listener to a secured one before removing it.',
    configSchema: listenerSchema,
    validateResource: (args, report) => {
        if (args.type !== KAFKA) {
            return;
        }
        const { authenticationTypes } = settings<{ authenticationTypes: string[] }>(listenerSchema, args.getConfig());
        const listeners = items(at(args.props, "spec", "kafka", "listeners"));
        if (isUnknown(listeners)) {
            cannotJudge(args.notApplicable, ["spec.kafka.listeners"]);
        }
        const unjudged: string[] = [];
        const allowed = `${authenticationTypes.length > 1 ? "one of " : ""}${listing(authenticationTypes.map((t) => JSON.stringify(t)), "or")}`;
        listeners.forEach((l, i) => {
            const name = text(at(l, "name"));
            const port = at(l, "port");
            const where = `spec.kafka.listeners[${i}]${typeof name === "string" ? ` ("${name}"${typeof port === "number" ? `, port ${port}` : ""})` : ""}`;
            const tls = at(l, "tls");
            if (isUnknown(tls)) {
                unjudged.push(`spec.kafka.listeners[${i}].tls`);
            } else if (tls !== true) {
                report(`${where}: tls is ${tls === undefined ? "not set" : JSON.stringify(tls)}; set tls: true so clients and their credentials cross the network encrypted.`);
            }
            const auth = at(l, "authentication");
            const type = text(at(auth, "type"));
            if (isUnknown(type)) {
                unjudged.push(`spec.kafka.listeners[${i}].authentication${isUnknown(auth) ? "" : ".type"}`);
                return;
            }
            if (auth === undefined || auth === null || type === undefined) {
                report(`${where} has no authentication, so anyone who reaches it is accepted; set authentication.type to ${allowed}.`);
            } else if (!authenticationTypes.includes(type)) {
                report(`${where} uses authentication type ${JSON.stringify(type)}; use ${allowed}.`);
            }
        });
        if (unjudged.length > 0) {
            cannotJudge(args.notApplicable, unjudged);
        }
    },
};

// ---- kafka-authorization ----------------------------------------------------------------------

const authorizationSchema: PolicyConfigSchema = {
    properties: {
        types: {
            type: "array",
            items: { type: "string", enum: ["simple", "custom"] },
            minItems: 1,
            default: ["simple"],
            description: "Authorization types allowed (Strimzi spec.kafka.authorization.type).",
        },
    },
};

export const kafkaAuthorization: ResourceValidationPolicy = {
    name: "kafka-authorization",
    description: "The Kafka cluster enforces authorization, so an authenticated client gets only what its ACLs grant.",
    severity: "critical",
    remediationSteps:
        'Set spec.kafka.authorization.type to "simple" (Kafka ACLs, managed through KafkaUser resources) and list the operators\' own principals in superUsers. Give every existing client a KafkaUser with its ACLs first: enabling authorization denies whatever no ACL allows.',
    configSchema: authorizationSchema,
    validateResource: (args, report) => {
        if (args.type !== KAFKA) {
            return;
        }
        const { types } = settings<{ types: string[] }>(authorizationSchema, args.getConfig());
        const authorization = at(args.props, "spec", "kafka", "authorization");
        const type = text(at(authorization, "type"));
        if (isUnknown(type)) {
            cannotJudge(args.notApplicable, [isUnknown(authorization) ? "spec.kafka.authorization" : "spec.kafka.authorization.type"]);
        }
        const allowed = listing(types.map((t) => JSON.stringify(t)), "or");
        if (authorization === undefined || authorization === null || type === undefined) {
            report(`spec.kafka.authorization is not set, so every authenticated client may read, write and delete anything; set spec.kafka.authorization.type to ${allowed}.`);
        } else if (!types.includes(type)) {
            report(`spec.kafka.authorization.type is ${JSON.stringify(type)}; use ${allowed}.`);
        }
    },
};

// ---- kafka-user-acl-team-scope ----------------------------------------------------------------

const aclSchema: PolicyConfigSchema = {
    properties: {
        teamLabel: { type: "string", default: "kafka-platform.io/team", description: "Label of a KafkaUser that names the team owning it." },
        separators: {
            type: "array",
            items: { type: "string", minLength: 1 },
            minItems: 1,
            default: ["."],
            description: "What follows the team name at the start of every name the team owns (`<team>.<topic>`).",
        },
    },
};

const RESOURCE_WORDS: Record<string, string> = { topic: "topic", group: "consumer group", transactionalId: "transactional id" };

export const kafkaUserAclTeamScope: ResourceValidationPolicy = {
    name: "kafka-user-acl-team-scope",
    description: "No KafkaUser is allowed a wildcard (a literal \"*\" or a prefix pattern) that reaches outside its own team's prefix.",
    severity: "critical",
    remediationSteps:
        'Label every team\'s KafkaUser with its team (kafka-platform.io/team). Replace an allow ACL on name "*" or on a prefix outside the team with a prefix ACL on "<team>." or with literal grants on the exact topics, groups or transactional ids another team has shared. A user that belongs to no team (the platform\'s own, such as Kafka Connect\'s) carries no team label and gets literal grants only.',
    configSchema: aclSchema,
    validateResource: (args, report) => {
        if (args.type !== KAFKA_USER) {
            return;
        }
        const cfg = settings<{ teamLabel: string; separators: string[] }>(aclSchema, args.getConfig());
        const acls = items(at(args.props, "spec", "authorization", "acls"));
        const team = text(at(args.props, "metadata", "labels", cfg.teamLabel));
        if (isUnknown(acls) || isUnknown(team)) {
            cannotJudge(args.notApplicable, [...(isUnknown(acls) ? ["spec.authorization.acls"] : []), ...(isUnknown(team) ? [`metadata.labels["${cfg.teamLabel}"]`] : [])]);
        }
        const unjudged: string[] = [];
        const user = objectName("KafkaUser", args.props, args.name);
        const prefixes = team === undefined ? [] : cfg.separators.map((s) => `${team}${s}`);
        const ownPrefix = listing(prefixes.map((p) => JSON.stringify(p)), "or");
        acls.forEach((acl, i) => {
            const effect = text(at(acl, "type")) ?? "allow";
            const resourceType = text(at(acl, "resource", "type"));
            const name = text(at(acl, "resource", "name"));
            const pattern = text(at(acl, "resource", "patternType")) ?? "literal";
            const operations = items(at(acl, "operations"));
            if ((!isUnknown(effect) && effect !== "allow") || resourceType === "cluster") {
                return;
            }
            if (isUnknown(effect) || isUnknown(resourceType) || isUnknown(name) || isUnknown(pattern)) {
                const fields: [string, unknown][] = [
                    ["type", effect],
                    ["resource.type", resourceType],
                    ["resource.name", name],
                    ["resource.patternType", pattern],
                ];
                unjudged.push(...fields.filter(([, value]) => isUnknown(value)).map(([field]) => `spec.authorization.acls[${i}].${field}`));
                return;
            }
            const wildcard = pattern === "prefix" || (pattern === "literal" && name === "*");
            if (!wildcard) {
                return;
            }
            const what = (resourceType !== undefined && RESOURCE_WORDS[resourceType]) || String(resourceType);
            const ops = isUnknown(operations) ? "operations" : operations.filter((o): o is string => typeof o === "string").join(", ");
            const scope = name === "*" && pattern === "literal" ? `every ${what} ("*")` : `every ${what} starting with ${JSON.stringify(name ?? "")} (prefix)`;
            const where = `${user}: spec.authorization.acls[${i}] allows ${ops} on ${scope}`;
            if (team === undefined) {
                report(
                    `${where}, but the user has no "${cfg.teamLabel}" label, so no team owns it and the wildcard reaches every team's names; grant literal names only (as the platform's own users, such as Kafka Connect's, do), or label the user with its team and keep wildcards inside "<team>${cfg.separators[0]}".`,
                );
            } else if (pattern === "literal" || !prefixes.some((p) => (name ?? "").startsWith(p))) {
                report(`${where}, outside the prefix ${ownPrefix} of team ${team}; use a prefix ACL starting with ${ownPrefix}, or literal grants on what another team has shared.`);
            }
        });
        if (unjudged.length > 0) {
            cannotJudge(args.notApplicable, unjudged);
        }
    },
};

export const kafkaAccessPolicies = [kafkaListenerSecurity, kafkaAuthorization, kafkaUserAclTeamScope];
