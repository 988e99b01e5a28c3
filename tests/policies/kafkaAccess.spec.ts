import { strict as assert } from "assert";
import { renderConnectUser } from "../../components/archive/connectManifests";
import { planConnectors } from "../../components/archive/connectors";
import { kafkaAuthorization, kafkaListenerSecurity, kafkaUserAclTeamScope } from "../../policies/rules/kafkaAccess";
import { resourceMessages, UNKNOWN_INPUT, unknownReason, validateResource } from "../support/policyArgs";
import { kafka, KAFKA, KAFKA_USER, Obj, user } from "../support/policyFixtures";

function edited<T extends Obj>(value: T, edit: (v: T) => void): T {
    edit(value);
    return value;
}

describe("policy kafka-listener-security", () => {
    const check = (k: Obj, config?: Record<string, unknown>) => resourceMessages(kafkaListenerSecurity, KAFKA, k, { config });
    const withListener = (listener: Obj) => edited(kafka(), (k) => k.spec.kafka.listeners.push(listener));

    it("passes TLS listeners with mutual TLS or SCRAM authentication", async () => {
        assert.deepEqual(await check(kafka()), []);
    });

    it("reports a listener without TLS, and one without authentication", async () => {
        assert.deepEqual(await check(withListener({ name: "plain", port: 9092, type: "internal", tls: false, authentication: { type: "scram-sha-512" } })), [
            'spec.kafka.listeners[2] ("plain", port 9092): tls is false; set tls: true so clients and their credentials cross the network encrypted.',
        ]);
        assert.deepEqual(await check(withListener({ name: "external", port: 9095, type: "loadbalancer", tls: true })), [
            'spec.kafka.listeners[2] ("external", port 9095) has no authentication, so anyone who reaches it is accepted; set authentication.type to one of "tls" or "scram-sha-512".',
        ]);
    });

    it("reports both problems of an anonymous plaintext listener", async () => {
        assert.deepEqual(await check(withListener({ name: "open", port: 9096, type: "internal" })), [
            'spec.kafka.listeners[2] ("open", port 9096): tls is not set; set tls: true so clients and their credentials cross the network encrypted.',
            'spec.kafka.listeners[2] ("open", port 9096) has no authentication, so anyone who reaches it is accepted; set authentication.type to one of "tls" or "scram-sha-512".',
        ]);
    });

    it("takes the allowed authentication types from the config", async () => {
        const custom = withListener({ name: "oauth", port: 9097, type: "internal", tls: true, authentication: { type: "custom", sasl: true } });
        assert.deepEqual(await check(custom), ['spec.kafka.listeners[2] ("oauth", port 9097) uses authentication type "custom"; use one of "tls" or "scram-sha-512".']);
        assert.deepEqual(await check(custom, { authenticationTypes: ["tls", "scram-sha-512", "custom"] }), []);
        assert.deepEqual(await check(kafka(), { authenticationTypes: ["tls"] }), ['spec.kafka.listeners[1] ("scram", port 9094) uses authentication type "scram-sha-512"; use "tls".']);
    });

    it("says what it cannot judge when listeners are unknown, after reporting what it can", async () => {
        const outcome = (k: Obj) => validateResource(kafkaListenerSecurity, KAFKA, k);
        assert.deepEqual(await outcome(edited(kafka(), (k) => (k.spec.kafka.listeners = UNKNOWN_INPUT))), { messages: [], notApplicable: unknownReason("spec.kafka.listeners") });
        assert.deepEqual(await outcome(edited(kafka(), (k) => (k.spec.kafka.listeners[0].tls = UNKNOWN_INPUT))), {
            messages: [],
            notApplicable: unknownReason("spec.kafka.listeners[0].tls"),
        });
        const mixed = edited(kafka(), (k) => {
            k.spec.kafka.listeners[0].authentication = UNKNOWN_INPUT;
            k.spec.kafka.listeners[1].authentication.type = UNKNOWN_INPUT;
            k.spec.kafka.listeners[1].tls = false;
        });
        assert.deepEqual(await outcome(mixed), {
            messages: ['spec.kafka.listeners[1] ("scram", port 9094): tls is false; set tls: true so clients and their credentials cross the network encrypted.'],
            notApplicable:
                "cannot judge during preview: spec.kafka.listeners[0].authentication and spec.kafka.listeners[1].authentication.type are unknown until the update; pulumi up judges them before applying",
        });
    });
});

describe("policy kafka-authorization", () => {
    const check = (k: Obj, config?: Record<string, unknown>) => resourceMessages(kafkaAuthorization, KAFKA, k, { config });

    it("passes simple authorization", async () => {
        assert.deepEqual(await check(kafka()), []);
    });

    it("reports a cluster without authorization", async () => {
        assert.deepEqual(await check(edited(kafka(), (k) => delete k.spec.kafka.authorization)), [
            'spec.kafka.authorization is not set, so every authenticated client may read, write and delete anything; set spec.kafka.authorization.type to "simple".',
        ]);
    });

    it("takes the allowed types from the config", async () => {
        const custom = edited(kafka(), (k) => (k.spec.kafka.authorization = { type: "custom", authorizerClass: "io.example.Authorizer" }));
        assert.deepEqual(await check(custom), ['spec.kafka.authorization.type is "custom"; use "simple".']);
        assert.deepEqual(await check(custom, { types: ["simple", "custom"] }), []);
    });

    it("says it cannot judge an unknown authorization", async () => {
        const outcome = (k: Obj) => validateResource(kafkaAuthorization, KAFKA, k);
        assert.deepEqual(await outcome(edited(kafka(), (k) => (k.spec.kafka.authorization = UNKNOWN_INPUT))), { messages: [], notApplicable: unknownReason("spec.kafka.authorization") });
        assert.deepEqual(await outcome(edited(kafka(), (k) => (k.spec.kafka.authorization.type = UNKNOWN_INPUT))), {
            messages: [],
            notApplicable: unknownReason("spec.kafka.authorization.type"),
        });
    });
});

describe("policy kafka-user-acl-team-scope", () => {
    const check = (u: Obj, config?: Record<string, unknown>) => resourceMessages(kafkaUserAclTeamScope, KAFKA_USER, u, { config });
    const withAcl = (acl: Obj) => edited(user(), (u) => u.spec.authorization.acls.push(acl));
    const who = "KafkaUser kafka/payments-checkout";

    it("passes prefix grants inside the team, literal grants on shared topics, cluster grants and wildcard denies", async () => {
        assert.deepEqual(await check(user()), []);
        assert.deepEqual(await check(withAcl({ type: "deny", resource: { type: "topic", name: "*", patternType: "literal" }, operations: ["Delete"] })), []);
    });

    it('reports an allow on the literal name "*"', async () => {
        assert.deepEqual(await check(withAcl({ resource: { type: "topic", name: "*", patternType: "literal" }, operations: ["Read", "Describe"] })), [
            `${who}: spec.authorization.acls[4] allows Read, Describe on every topic ("*"), outside the prefix "payments." of team payments; use a prefix ACL starting with "payments.", or literal grants on what another team has shared.`,
        ]);
    });

    it("reports prefixes that reach beyond the team: another team, a bare team name, an empty prefix", async () => {
        const prefixOn = (type: string, name: string) => withAcl({ resource: { type, name, patternType: "prefix" }, operations: ["Read"] });
        assert.deepEqual(await check(prefixOn("topic", "billing.")), [
            `${who}: spec.authorization.acls[4] allows Read on every topic starting with "billing." (prefix), outside the prefix "payments." of team payments; use a prefix ACL starting with "payments.", or literal grants on what another team has shared.`,
        ]);
        assert.deepEqual(await check(prefixOn("group", "payments")), [
            `${who}: spec.authorization.acls[4] allows Read on every consumer group starting with "payments" (prefix), outside the prefix "payments." of team payments; use a prefix ACL starting with "payments.", or literal grants on what another team has shared.`,
        ]);
        assert.deepEqual(await check(prefixOn("transactionalId", "")), [
            `${who}: spec.authorization.acls[4] allows Read on every transactional id starting with "" (prefix), outside the prefix "payments." of team payments; use a prefix ACL starting with "payments.", or literal grants on what another team has shared.`,
        ]);
    });

    it("passes Kafka Connect's user, which no team owns, reading the archived topics of several teams by name", async () => {
        const plans = planConnectors("archive", [
            { team: "payments", topicName: "payments.orders", format: "jsonl", recordFormat: "json" },
            { team: "payments", topicName: "payments.ledger", format: "parquet", recordFormat: "json-with-schema" },
            { team: "search", topicName: "search.queries", format: "jsonl", recordFormat: "json" },
        ], true);
        const connectUser = renderConnectUser("archive", plans, { kafkaClusterName: "events", namespace: "kafka", replicationFactor: 3, minInsyncReplicas: 2 }) as Obj;
        assert.equal(connectUser.metadata.labels["kafka-platform.io/team"], undefined);
        assert.deepEqual(await check(connectUser), []);
        connectUser.spec.authorization.acls.push({ resource: { type: "topic", name: "search.", patternType: "prefix" }, operations: ["Read"] });
        assert.deepEqual(await check(connectUser), [
            `KafkaUser kafka/archive-connect-user: spec.authorization.acls[13] allows Read on every topic starting with "search." (prefix), but the user has no "kafka-platform.io/team" label, so no team owns it and the wildcard reaches every team's names; grant literal names only (as the platform's own users, such as Kafka Connect's, do), or label the user with its team and keep wildcards inside "<team>.".`,
        ]);
    });

    it("reports a wildcard on a user without a team label", async () => {
        const unlabelled = edited(user(), (u) => delete u.metadata.labels["kafka-platform.io/team"]);
        assert.deepEqual(await check(unlabelled), [
            `${who}: spec.authorization.acls[0] allows Read, Describe, Write on every topic starting with "payments." (prefix), but the user has no "kafka-platform.io/team" label, so no team owns it and the wildcard reaches every team's names; grant literal names only (as the platform's own users, such as Kafka Connect's, do), or label the user with its team and keep wildcards inside "<team>.".`,
            `${who}: spec.authorization.acls[1] allows Read on every consumer group starting with "payments." (prefix), but the user has no "kafka-platform.io/team" label, so no team owns it and the wildcard reaches every team's names; grant literal names only (as the platform's own users, such as Kafka Connect's, do), or label the user with its team and keep wildcards inside "<team>.".`,
        ]);
    });

    it("takes the team label and the separators from the config", async () => {
        const dashed = withAcl({ resource: { type: "group", name: "payments-", patternType: "prefix" }, operations: ["Read"] });
        assert.equal((await check(dashed)).length, 1);
        assert.deepEqual(await check(dashed, { separators: [".", "-"] }), []);
        const otherLabel = edited(user(), (u) => (u.metadata.labels = { "strimzi.io/cluster": "events", "example.com/owner": "payments" }));
        assert.deepEqual(await check(otherLabel, { teamLabel: "example.com/owner" }), []);
    });

    it("says what it cannot judge when ACLs or the team are unknown, after reporting what it can", async () => {
        const outcome = (u: Obj) => validateResource(kafkaUserAclTeamScope, KAFKA_USER, u);
        assert.deepEqual(await outcome(edited(user(), (u) => (u.spec.authorization.acls = UNKNOWN_INPUT))), { messages: [], notApplicable: unknownReason("spec.authorization.acls") });
        assert.deepEqual(await outcome(edited(user(), (u) => (u.metadata.labels["kafka-platform.io/team"] = UNKNOWN_INPUT))), {
            messages: [],
            notApplicable: unknownReason('metadata.labels["kafka-platform.io/team"]'),
        });
        const mixed = edited(user(), (u) => {
            u.spec.authorization.acls.push({ resource: { type: "topic", name: UNKNOWN_INPUT, patternType: "prefix" }, operations: ["Read"] });
            u.spec.authorization.acls.push({ resource: { type: "group", name: "*", patternType: "literal" }, operations: ["Read"] });
        });
        const last = mixed.spec.authorization.acls.length - 1;
        assert.deepEqual(await outcome(mixed), {
            messages: [`${who}: spec.authorization.acls[${last}] allows Read on every consumer group ("*"), outside the prefix "payments." of team payments; use a prefix ACL starting with "payments.", or literal grants on what another team has shared.`],
            notApplicable: unknownReason(`spec.authorization.acls[${last - 1}].resource.name`),
        });
        assert.deepEqual(await outcome(withAcl({ type: "deny", resource: { type: "topic", name: UNKNOWN_INPUT, patternType: "prefix" }, operations: ["Read"] })), { messages: [] });
    });
});
