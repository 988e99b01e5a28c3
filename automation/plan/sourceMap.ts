import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from "yaml";
import { APPLICATION_LABEL, TEAM_LABEL } from "../../components/teams/render";
import { kafkaTopicName } from "../../components/config/teamNames";
import { PROJECT } from "../../components/config";
import { PlanResource } from "./types";

/**
 * Where in `Pulumi.<stack>.yaml` the config that produced a resource is written: a team's topic at
 * its `- name:` line under `teams.<team>.topics`, a node group at `cluster.nodeGroups.<name>`, and
 * so on. Code scanning shows a finding there.
 */
export interface ConfigLocation {
    /** The config key, e.g. `kafka-platform:teams.payments.topics[0]`, or undefined for the file's first line. */
    key?: string;
    line: number;
    column: number;
}

type Segment = string | number;

const COMPONENT_SECTIONS: Array<[RegExp, string]> = [
    [/^kafka-platform:network:/, "network"],
    [/^kafka-platform:cluster:/, "cluster"],
    [/^kafka-platform:strimzi:/, "operator"],
    [/^kafka-platform:kafka:/, "kafka"],
    [/^kafka-platform:archive:/, "archive"],
    [/^kafka-platform:local:/, "local"],
    [/^kafka-platform:observability:/, "observability"],
];
const TEAM_COMPONENT = "kafka-platform:tenancy:TeamTenant";
const NODE_POOL_LABEL = "kafka-platform.io/node-pool";

type Obj = Record<string, unknown>;
function obj(v: unknown): Obj {
    return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {};
}

/** The config path, below `kafka-platform:`, of the setting that produced a resource (most specific first). */
export function configPathOf(resource: PlanResource, byUrn: Map<string, PlanResource>, config: Obj): Segment[] {
    const labels = obj(obj(resource.inputs.metadata).labels);
    const teams = obj(config[`${PROJECT}:teams`]);
    let team = typeof labels[TEAM_LABEL] === "string" ? (labels[TEAM_LABEL] as string) : undefined;
    const ancestors: PlanResource[] = [];
    for (let r: PlanResource | undefined = resource; r; r = r.parent ? byUrn.get(r.parent) : undefined) {
        ancestors.push(r);
    }
    team ??= ancestors.find((a) => a.type === TEAM_COMPONENT)?.name;
    if (team !== undefined) {
        const entry = obj(teams[team]);
        if (resource.type.endsWith(":KafkaTopic") && Array.isArray(entry.topics)) {
            const topicName = obj(resource.inputs.spec).topicName;
            const i = entry.topics.findIndex((t) => kafkaTopicName(team as string, String(obj(t).name)) === topicName);
            if (i >= 0) {
                return ["teams", team, "topics", i];
            }
        }
        if (resource.type.endsWith(":KafkaUser") && Array.isArray(entry.applications)) {
            const i = entry.applications.findIndex((a) => obj(a).name === labels[APPLICATION_LABEL]);
            if (i >= 0) {
                return ["teams", team, "applications", i];
            }
        }
        return ["teams", team];
    }
    const component = ancestors.find((a) => COMPONENT_SECTIONS.some(([re]) => re.test(a.type)));
    const section = component && COMPONENT_SECTIONS.find(([re]) => re.test(component.type))?.[1];
    if (!section) {
        return [];
    }
    if (resource.type === "aws:eks/nodeGroup:NodeGroup") {
        const pool = obj(resource.inputs.labels)[NODE_POOL_LABEL];
        return typeof pool === "string" ? ["cluster", "nodeGroups", pool] : ["cluster", "nodeGroups"];
    }
    if (resource.type.endsWith(":KafkaNodePool")) {
        const roles = obj(resource.inputs.spec).roles;
        return ["kafka", Array.isArray(roles) && roles.includes("broker") ? "brokers" : "controllers"];
    }
    return [section];
}

function child(node: unknown, segment: Segment): { node: Node; keyNode: Node } | undefined {
    if (typeof segment === "number" && isSeq(node)) {
        const item = node.items[segment] as Node | undefined;
        return item ? { node: item, keyNode: item } : undefined;
    }
    if (typeof segment === "string" && isMap(node)) {
        const pair = node.items.find((p) => isScalar(p.key) && p.key.value === segment);
        return pair && pair.key ? { node: pair.value as Node, keyNode: pair.key as Node } : undefined;
    }
    return undefined;
}

function keyText(path: Segment[]): string {
    return path.reduce<string>((s, seg, i) => (typeof seg === "number" ? `${s}[${seg}]` : i === 0 ? seg : `${s}.${seg}`), "");
}

/** Parses a stack file once and locates config paths in it. */
export class StackFileMap {
    private readonly doc;
    private readonly lines = new LineCounter();
    readonly config: Obj;

    constructor(text: string) {
        this.doc = parseDocument(text, { lineCounter: this.lines });
        this.config = obj(obj(this.doc.toJS()).config);
    }

    /** The deepest key of `path` (below `kafka-platform:`) that the file sets; the `environment` key or line 1 when none. */
    locate(path: Segment[]): ConfigLocation {
        const root = child(this.doc.contents, "config")?.node;
        const candidates: Segment[][] = [];
        for (let n = path.length; n >= 1; n--) {
            candidates.push(path.slice(0, n));
        }
        candidates.push(["environment"]);
        for (const candidate of candidates) {
            const [first, ...rest] = candidate;
            let found = child(root, `${PROJECT}:${String(first)}`);
            for (const seg of rest) {
                found = found && child(found.node, seg);
            }
            const offset = found?.keyNode.range?.[0];
            if (found && offset !== undefined) {
                const pos = this.lines.linePos(offset);
                return { key: `${PROJECT}:${keyText(candidate)}`, line: pos.line, column: pos.col };
            }
        }
        return { line: 1, column: 1 };
    }

    locateResource(resource: PlanResource | undefined, byUrn: Map<string, PlanResource>): ConfigLocation {
        return this.locate(resource ? configPathOf(resource, byUrn, this.config) : []);
    }
}
