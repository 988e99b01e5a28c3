import { strict as assert } from "assert";
import { ArchiveRun, runArchive, STRIMZI } from "./fixture";
import { RecordedResource, resource } from "../support/harness";

/** Every resource a resource waits for, directly or through others. */
function closure(run: ArchiveRun, start: RecordedResource): Set<string> {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const seen = new Set<string>();
    const queue = [...start.dependencies];
    while (queue.length > 0) {
        const urn = queue.pop() as string;
        if (!seen.has(urn)) {
            seen.add(urn);
            queue.push(...(byUrn.get(urn)?.dependencies ?? []));
        }
    }
    return seen;
}

/** Resources whose parent chain reaches the component. */
function descendants(run: ArchiveRun, component: RecordedResource): RecordedResource[] {
    const byUrn = new Map(run.resources.map((r) => [r.urn, r]));
    const under = (r: RecordedResource): boolean => r.parent === component.urn || (r.parent !== undefined && byUrn.has(r.parent) && under(byUrn.get(r.parent) as RecordedResource));
    return run.resources.filter(under);
}

const short = (urns: Iterable<string>) => [...urns].map((u) => u.split("::").slice(-1)[0]).sort();

describe("archive dependencies on the EKS cluster", () => {
    let run: ArchiveRun;
    before(async () => {
        run = await runArchive({ stack: "prod", withCluster: true });
    });

    it("the bucket, its key and the image repository wait for nothing outside themselves", () => {
        for (const component of [
            resource(run, "kafka-platform:archive:ArchiveBucket", "archive-bucket"),
            resource(run, "kafka-platform:archive:ConnectImageRepository", "archive-images"),
        ]) {
            const own = new Set(descendants(run, component).map((r) => r.urn));
            assert.ok(own.size >= 2, component.name);
            for (const r of descendants(run, component)) {
                const outside = [...closure(run, r)].filter((u) => !own.has(u));
                assert.deepEqual(outside, [], `${r.type} ${r.name} waits for ${outside.join(", ")}`);
            }
        }
        assert.deepEqual(
            short(descendants(run, resource(run, "kafka-platform:archive:ArchiveBucket", "archive-bucket")).map((r) => r.urn)),
            ["archive-bucket", "archive-bucket", "archive-bucket", "archive-bucket", "archive-bucket", "archive-bucket", "archive-bucket", "archive-bucket-key", "archive-bucket-key", "archive-bucket-suffix"],
        );
    });

    it("the IAM roles wait only for the EKS cluster, whose outputs carry the OIDC provider", () => {
        const eks = resource(run, "eks:index:Cluster", "cluster-eks");
        for (const name of ["archive-roles-connect", "archive-roles-build"]) {
            assert.deepEqual(resource(run, "aws:iam/role:Role", name).dependencies, [eks.urn], name);
        }
    });

    it("the role policies wait for their role and the bucket, key or repository they name", () => {
        const urn = (type: string, name: string) => resource(run, type, name).urn;
        assert.deepEqual(
            resource(run, "aws:iam/rolePolicy:RolePolicy", "archive-roles-connect").dependencies,
            [urn("aws:kms/key:Key", "archive-bucket-key"), urn("aws:s3/bucket:Bucket", "archive-bucket"), urn("aws:iam/role:Role", "archive-roles-connect")].sort(),
        );
        assert.deepEqual(
            resource(run, "aws:iam/rolePolicy:RolePolicy", "archive-roles-build").dependencies,
            [urn("aws:iam/role:Role", "archive-roles-build"), urn("aws:ecr/repository:Repository", "archive-images")].sort(),
        );
    });

    it("the pods that assume a role start only once the role's policy is attached", () => {
        const urn = (type: string, name: string) => resource(run, type, name).urn;
        const buildPolicy = urn("aws:iam/rolePolicy:RolePolicy", "archive-roles-build");
        for (const [type, name] of [
            ["kubernetes:core/v1:ServiceAccount", "archive-push-account"],
            ["kubernetes:batch/v1:Job", "archive-push-initial"],
            ["kubernetes:batch/v1:CronJob", "archive-push-refresh"],
        ]) {
            assert.ok(closure(run, resource(run, type, name)).has(buildPolicy), `${name} must wait for the build role's policy`);
        }
        const connectPolicy = urn("aws:iam/rolePolicy:RolePolicy", "archive-roles-connect");
        assert.ok(resource(run, STRIMZI("KafkaConnect"), "archive-connect-connect").dependencies.includes(connectPolicy));
    });

    it("Kafka users and topics wait for the Kafka cluster only; the KafkaConnect also for its user, roles, repository and first push token", () => {
        const kafka = resource(run, STRIMZI("Kafka"), "kafka").urn;
        for (const [kind, name] of [
            ["KafkaUser", "archive-connect-user"],
            ["KafkaTopic", "archive-connect-archive-jsonl-payments-dlq"],
        ]) {
            assert.deepEqual(resource(run, STRIMZI(kind), name).dependencies, [kafka], name);
        }
        assert.deepEqual(
            short(resource(run, STRIMZI("KafkaConnect"), "archive-connect-connect").dependencies),
            ["archive-connect-user", "archive-images", "archive-push-initial", "archive-roles-connect", "archive-roles-connect", "kafka"],
        );
        assert.deepEqual(
            short(resource(run, STRIMZI("KafkaConnector"), "archive-connect-archive-jsonl-payments").dependencies),
            ["archive-bucket", "archive-connect-archive-jsonl-payments-dlq", "archive-connect-connect"],
        );
    });
});
