import { strict as assert } from "assert";
import { ClusterFacts } from "../../components/config/teams";
import { TeamLimits, toTenantsConfig } from "../../components/config/tenants";
import { renderAdmissionPolicies, teamGroup, ValidatingAdmissionPolicy } from "../../components/teams/admission";
import { renderTeam, sharedTopics } from "../../components/teams/render";
import { admitAll } from "../support/admission";
import { seededRandom } from "../../components/shared/seededRandom";
import { parsePlatform } from "../support/teams";

/**
 * Random team configurations, checked by the config parser and rendered as the program renders
 * them: every manifest of a team is admitted by its own team's policies and refused by every other
 * team's. Seeded, so a failure repeats.
 */

const WORDS = ["orders", "ledger", "scores", "alerts", "events", "audit", "clicks", "refunds", "billing", "fraud", "risk", "pay"];

function generate(seed: number): Record<string, unknown> {
    const r = seededRandom(seed);
    const pick = <T>(xs: T[]): T => xs[Math.floor(r() * xs.length)];
    const int = (lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
    // Names that are prefixes of one another ("pay", "pay-x") test that "<team>." keeps them apart.
    const teamNames = [...new Set(Array.from({ length: int(2, 4) }, () => `${pick(WORDS)}${r() < 0.3 ? "" : `-${int(1, 3)}`}`))];
    const teams: Record<string, unknown> = {};
    for (const team of teamNames) {
        const topics = [...new Set(Array.from({ length: int(1, 3) }, () => `${pick(WORDS)}${r() < 0.5 ? "" : `.v${int(1, 2)}`}`))].map((n) =>
            n.startsWith(`${team}.`) ? `x-${n}` : n,
        );
        const others = teamNames.filter((t) => t !== team);
        teams[team] = {
            topics: topics.map((name) => ({
                name,
                partitions: int(1, 12),
                ...(r() < 0.5 ? { replicas: 3 } : {}),
                ...(r() < 0.4 && others.length > 0 ? { sharedWith: [pick(others)] } : {}),
            })),
            applications: Array.from({ length: int(1, 2) }, (_, i) => ({
                name: `app${i}`,
                authentication: pick(["tls", "scram-sha-512"]),
                produces: [{ topic: pick(topics) }],
                consumes: [r() < 0.5 ? { topic: pick(topics) } : { prefix: "" }],
                groups: [r() < 0.5 ? { name: `app${i}` } : { prefix: `app${i}-` }],
                ...(r() < 0.5 ? { transactionalIds: [{ prefix: `app${i}-` }] } : {}),
                quotas: { producerByteRate: int(1, 1024) * 1024, consumerByteRate: int(1, 1024) * 1024 },
            })),
        };
    }
    return teams;
}

/** Adds each shared topic to the consumes of its readers, as the readers would declare them. */
function withSharedReads(teams: Record<string, { topics: { name: string; sharedWith?: string[] }[]; applications: { consumes: unknown[] }[] }>): void {
    for (const [owner, t] of Object.entries(teams)) {
        for (const topic of t.topics) {
            for (const reader of topic.sharedWith ?? []) {
                teams[reader].applications[0].consumes.push({ shared: `${owner}.${topic.name}` });
            }
        }
    }
}

describe("team admission policies over random team configurations", () => {
    const CLUSTER: ClusterFacts = { brokerReplicas: 3, defaultReplicationFactor: 3, minInsyncReplicas: 2 };
    const LIMITS: TeamLimits = { partitionsPerTopic: 12, producerByteRate: 1048576, consumerByteRate: 1048576 };

    for (let seed = 1; seed <= 20; seed++) {
        it(`seed ${seed}: each team's manifests pass its own policies and no other team's`, () => {
            const raw = generate(seed) as Parameters<typeof withSharedReads>[0];
            withSharedReads(raw);
            // The config parser is the judge of what a valid team config is.
            const teams = parsePlatform(raw, "staging").teams;
            const names = Object.keys(teams);
            const limits = toTenantsConfig(Object.fromEntries(names.map((t) => [t, { deployRoleArns: [`arn:aws:iam::111122223333:role/${t}`], limits: LIMITS }])));
            const policies: Record<string, ValidatingAdmissionPolicy[]> = Object.fromEntries(
                names.map((team) => [
                    team,
                    renderAdmissionPolicies({
                        team,
                        namespace: team,
                        kafkaCluster: "events",
                        cluster: CLUSTER,
                        prod: false,
                        limits: limits[team].limits,
                        superUserNames: ["platform-admin"],
                        sharedTopics: sharedTopics(teams),
                    }),
                ]),
            );
            for (const team of names) {
                const manifests = renderTeam(team, teams[team], { name: "events", namespace: "kafka" }, CLUSTER.defaultReplicationFactor, { namespace: team, limits: limits[team].limits });
                for (const m of manifests) {
                    const resource = m.kind === "KafkaTopic" ? "kafkatopics" : "kafkausers";
                    for (const judge of names) {
                        const verdict = admitAll(policies[judge], { operation: "CREATE", resource, groups: [teamGroup(judge)], object: m });
                        assert.equal(verdict.matched, true);
                        if (judge === team) {
                            assert.deepEqual(verdict.denied, [], `${team}'s ${m.metadata.name}`);
                        } else {
                            assert.ok(verdict.denied.length > 0, `${judge}'s policies admitted ${team}'s ${m.metadata.name}`);
                            assert.ok(!verdict.denied.some((d) => d.startsWith("error:")), verdict.denied.join("\n"));
                        }
                    }
                }
            }
        });
    }
});
