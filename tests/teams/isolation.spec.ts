import { strict as assert } from "assert";
import { readStackConfig } from "../../automation/harness/stackFiles";
import { ConfigError, parseConfig } from "../../components/config";
import { kafkaTopicName, teamScopedId } from "../../components/config/teamNames";
import { renderTeam, renderAcls } from "../../components/teams/render";
import { AclOperation, AclRule } from "../../components/strimzi/types";
import { seededRandom } from "../../components/shared/seededRandom";

type Rand = () => number;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
const chance = (r: Rand, p: number) => r() < p;

/** Team names chosen so that some are prefixes of others (a, a-b, ab): the cases a naive scheme would mix up. */
const TEAM_POOL = ["a", "a-b", "ab", "a-bc", "pay", "payments", "payments-eu", "risk", "risk-1", "r", "b", "b-a"];
const SEGMENT_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".split("");

function segment(r: Rand): string {
    return Array.from({ length: int(r, 1, 4) }, () => pick(r, SEGMENT_CHARS)).join("");
}

function topicName(r: Rand): string {
    const parts = [segment(r)];
    for (let i = int(r, 0, 2); i > 0; i--) {
        parts.push(pick(r, [".", "_", "-"]), segment(r));
    }
    return parts.join("");
}

/** Same key as the Kubernetes name derivation: names equal under it are refused, so a team never holds two. */
function collisionKey(name: string): string {
    return name.toLowerCase().replace(/_/g, ".");
}

type Ref = { topic?: string; prefix?: string; shared?: string; name?: string };
interface GeneratedTopic {
    name: string;
    partitions: number;
    sharedWith: string[];
}
interface GeneratedApp {
    name: string;
    authentication: string;
    produces: Ref[];
    consumes: Ref[];
    groups: Ref[];
    transactionalIds: Ref[];
}

interface Generated {
    teams: Record<string, { topics: GeneratedTopic[]; applications: GeneratedApp[] }>;
    /** Config paths of shared reads whose owner did not grant them. */
    refused: string[];
}

function generate(r: Rand): Generated {
    const names = [...TEAM_POOL].sort(() => r() - 0.5).slice(0, int(r, 2, 6));
    const teams: Generated["teams"] = {};
    for (const team of names) {
        const keys = new Set<string>();
        const topics: GeneratedTopic[] = [];
        for (let i = int(r, 1, 6); i > 0; i--) {
            const name = topicName(r);
            if (!keys.has(collisionKey(name))) {
                keys.add(collisionKey(name));
                topics.push({ name, partitions: int(r, 1, 12), sharedWith: [] });
            }
        }
        const applications: GeneratedApp[] = Array.from({ length: int(r, 1, 4) }, (_, i) => ({
            name: pick(r, ["app", "b-c", "c", "x"]) + `-${i}`,
            authentication: pick(r, ["tls", "scram-sha-512"]),
            produces: [],
            consumes: [],
            groups: [],
            transactionalIds: [],
        }));
        teams[team] = { topics, applications };
    }
    const refused: string[] = [];
    for (const [team, t] of Object.entries(teams)) {
        t.applications.forEach((app, a) => {
            const ownRef = (): Ref => {
                const own = pick(r, t.topics).name;
                return chance(r, 0.6) ? { topic: own } : { prefix: own.slice(0, int(r, 0, own.length)) };
            };
            const dedupe = (refs: Ref[]) => [...new Map(refs.map((x) => [JSON.stringify(x), x])).values()];
            app.produces = dedupe(Array.from({ length: int(r, 0, 2) }, ownRef));
            app.consumes = dedupe(Array.from({ length: int(r, app.produces.length === 0 ? 1 : 0, 2) }, ownRef));
            const others = Object.keys(teams).filter((o) => o !== team);
            for (let i = int(r, 0, 2); i > 0; i--) {
                const owner = pick(r, others);
                const target = pick(r, teams[owner].topics);
                const shared = kafkaTopicName(owner, target.name);
                if (app.consumes.some((c) => c.shared === shared)) {
                    continue;
                }
                const grants = target.sharedWith;
                const grant = pick(r, ["team", "app", "other-app", "none"] as const);
                const entry = grant === "team" ? team : grant === "app" ? `${team}.${app.name}` : undefined;
                if (entry !== undefined && !grants.includes(entry)) {
                    grants.push(entry);
                }
                if (grant === "other-app" && t.applications.length > 1) {
                    const other = t.applications[(a + 1) % t.applications.length].name;
                    if (!grants.includes(`${team}.${other}`)) {
                        grants.push(`${team}.${other}`);
                    }
                }
                app.consumes.push({ shared });
                refused.push(`teams.${team}.applications.${a}.consumes.${app.consumes.length - 1}.shared`);
            }
            if (app.consumes.length > 0 && chance(r, 0.7)) {
                app.groups = [chance(r, 0.5) ? { name: `g${a}` } : { prefix: `g${a}-` }];
            }
            if (app.produces.length > 0 && chance(r, 0.3)) {
                app.transactionalIds = [{ prefix: `tx${a}-` }];
            }
        });
    }
    // Only the reads whose grant did not come through stay refused.
    const granted = (path: string): boolean => {
        const [, team, , a, , k] = path.split(".");
        const app = teams[team].applications[Number(a)];
        const shared = app.consumes[Number(k)].shared as string;
        const dot = shared.indexOf(".");
        const topic = teams[shared.slice(0, dot)].topics.find((x) => x.name === shared.slice(dot + 1))!;
        const grants = topic.sharedWith;
        return grants.includes(team) || grants.includes(`${team}.${app.name}`);
    };
    return { teams, refused: refused.filter((p) => !granted(p)) };
}

/** Whether a user's ACL rules allow an operation on a resource, the way Kafka's StandardAuthorizer matches them. */
function allows(rules: AclRule[], type: AclRule["resource"]["type"], name: string, op: AclOperation): boolean {
    return rules.some((rule) => {
        const res = rule.resource;
        if (res.type !== type || rule.type !== "allow" || !rule.operations.includes(op)) {
            return false;
        }
        return res.patternType === "prefix" ? name.startsWith(res.name as string) : name === res.name;
    });
}

function withoutRefusedReads(g: Generated): Generated["teams"] {
    const teams = JSON.parse(JSON.stringify(g.teams)) as Generated["teams"];
    const drop = new Set(g.refused);
    for (const [team, t] of Object.entries(teams)) {
        t.applications.forEach((app, a) => {
            app.consumes = app.consumes.filter((_, k) => !drop.has(`teams.${team}.applications.${a}.consumes.${k}.shared`));
            if (app.consumes.length === 0 && app.produces.length === 0) {
                app.consumes = [{ topic: t.topics[0].name }];
            }
            if (app.consumes.length === 0) {
                app.groups = [];
            }
        });
    }
    return teams;
}

describe("team isolation (property test over generated configurations)", () => {
    // The generated teams may take any name, payments included, so dev's self-service teams are left out.
    const { tenants: _tenants, ...base } = readStackConfig("dev").config;
    const CONFIGURATIONS = 300;
    const r = seededRandom(20260914);
    const generated = Array.from({ length: CONFIGURATIONS }, () => generate(r));

    it(`refuses exactly the reads of other teams' topics that their owners did not share (${CONFIGURATIONS} configurations)`, () => {
        let refusals = 0;
        generated.forEach((g, n) => {
            let reported: string[] = [];
            try {
                parseConfig({ ...base, teams: g.teams }, "dev");
            } catch (e) {
                assert.ok(ConfigError.isConfigError(e), String(e));
                reported = e.problems.map((p) => `${p.path}: ${p.message}`);
            }
            const expected = g.refused.map((path) => {
                const [, team, , a] = path.split(".");
                const app = g.teams[team].applications[Number(a)];
                const k = Number(path.split(".")[5]);
                const shared = app.consumes[k].shared as string;
                const owner = shared.slice(0, shared.indexOf("."));
                return `${path}: may not read ${shared}: team ${owner} does not list ${team} or ${team}.${app.name} in that topic's sharedWith`;
            });
            assert.deepEqual(reported.sort(), expected.sort(), `configuration #${n}`);
            refusals += expected.length;
        });
        assert.ok(refusals > 50, `the generator should produce refused reads, got ${refusals}`);
    });

    it("grants every user exactly its own team's topics and groups plus the shared topics it may read", () => {
        let checkedRules = 0;
        generated.forEach((g, n) => {
            const teams = parseConfig({ ...base, teams: withoutRefusedReads(g) }, "dev").teams;
            const allTopics = Object.entries(teams).flatMap(([team, t]) => t.topics.map((topic) => ({ team, topic, name: kafkaTopicName(team, topic.name) })));
            for (const [team, t] of Object.entries(teams)) {
                for (const app of t.applications) {
                    const rules = renderAcls(team, app);
                    checkedRules += rules.length;
                    const where = `configuration #${n}, ${team}.${app.name}`;
                    assert.deepEqual(rules.filter((x) => x.resource.type === "cluster"), [], where);
                    const matches = (refs: typeof app.produces, name: string, owner: string, topicName: string) =>
                        refs.some((ref) =>
                            ref.kind === "topic" ? owner === team && ref.name === topicName
                            : ref.kind === "prefix" ? owner === team && topicName.startsWith(ref.prefix)
                            : kafkaTopicName(ref.team, ref.topic) === name,
                        );
                    for (const { team: owner, topic, name } of allTopics) {
                        const sharedWithMe = owner !== team && (topic.sharedWith.includes(team) || topic.sharedWith.includes(`${team}.${app.name}`));
                        const mayRead = matches(app.consumes, name, owner, topic.name) && (owner === team || sharedWithMe);
                        const mayWrite = owner === team && matches(app.produces, name, owner, topic.name);
                        assert.equal(allows(rules, "topic", name, "Read"), mayRead, `${where} Read ${name}`);
                        assert.equal(allows(rules, "topic", name, "Write"), mayWrite, `${where} Write ${name}`);
                        assert.equal(allows(rules, "topic", name, "Describe"), mayRead || mayWrite, `${where} Describe ${name}`);
                    }
                    for (const other of Object.keys(teams).filter((o) => o !== team)) {
                        for (const otherApp of teams[other].applications) {
                            for (const ref of [...otherApp.groups, ...otherApp.transactionalIds]) {
                                const id = teamScopedId(other, ref.kind === "name" ? ref.name : `${ref.prefix}x`);
                                assert.ok(!allows(rules, "group", id, "Read"), `${where} reads group ${id}`);
                                assert.ok(!allows(rules, "transactionalId", id, "Write"), `${where} writes transactional id ${id}`);
                            }
                        }
                        for (const rule of rules.filter((x) => x.resource.type === "group" || x.resource.type === "transactionalId")) {
                            assert.ok((rule.resource.name as string).startsWith(`${team}.`), `${where} ${JSON.stringify(rule)}`);
                            assert.ok(!(rule.resource.name as string).startsWith(`${other}.`), `${where} ${JSON.stringify(rule)}`);
                        }
                    }
                }
            }
        });
        assert.ok(checkedRules > 1000, `expected many ACL rules, got ${checkedRules}`);
    });

    it("gives every topic and user a Kafka and Kubernetes name no other team's resource has", () => {
        generated.forEach((g, n) => {
            const teams = parseConfig({ ...base, teams: withoutRefusedReads(g) }, "dev").teams;
            const resources = Object.entries(teams).flatMap(([team, t]) => renderTeam(team, t, { name: "events", namespace: "kafka" }, 3));
            const keys = resources.map((x) => `${x.kind}/${x.metadata.name}`);
            assert.equal(new Set(keys).size, keys.length, `configuration #${n}: ${keys.join(" ")}`);
            const topicNames = resources.flatMap((x) => (x.kind === "KafkaTopic" ? [x.spec.topicName as string] : []));
            assert.equal(new Set(topicNames.map((t) => t.replace(/\./g, "_"))).size, topicNames.length, `configuration #${n}: metric names collide`);
        });
    });
});
