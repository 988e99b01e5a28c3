import { PolicyConfigSchema, PolicyResource, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { iamPatternMatches, statementsOf, stringList } from "./policyDocument";
import { at, cannotJudgeStack, entries, flag, integer, isUnknown, items, listing, settings, text, Unknown, UNKNOWN } from "./values";

/**
 * S3 rules are stack policies: a bucket's controls live in separate resources (aws v7's
 * BucketVersioning, BucketServerSideEncryptionConfiguration, …, plus their deprecated V2 aliases),
 * joined to the bucket through the dependency of their `bucket` property on it. Inline settings
 * that aws v7 still accepts (deprecated) on Bucket and BucketV2 count too. Stack policies read the
 * state the provider reports, not the inputs: after a create the AWS provider's read fills the
 * deprecated inline fields itself (`grants` with the owner's FULL_CONTROL, and
 * `serverSideEncryptionConfiguration` with S3's default AES256 until a refresh after the side
 * resource applies), so a rule gives a side resource precedence over those fields.
 */
export const BUCKET = "aws:s3/bucket:Bucket";
export const BUCKET_V2 = "aws:s3/bucketV2:BucketV2";
const BUCKET_TYPES = [BUCKET, BUCKET_V2];

const SIDE_TYPES = {
    versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
    encryption: [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    ],
    publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
    ownership: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
    acl: ["aws:s3/bucketAcl:BucketAcl", "aws:s3/bucketAclV2:BucketAclV2"],
    lifecycle: ["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketLifecycleConfigurationV2:BucketLifecycleConfigurationV2"],
    policy: ["aws:s3/bucketPolicy:BucketPolicy"],
} as const;
type SideKind = keyof typeof SIDE_TYPES;

const KIND_OF_TYPE = new Map<string, SideKind>(
    (Object.entries(SIDE_TYPES) as [SideKind, readonly string[]][]).flatMap(([kind, types]) => types.map((t) => [t, kind] as [string, SideKind])),
);

/** A bucket with the side resources that configure it. */
interface BucketView {
    resource: PolicyResource;
    v2: boolean;
    label: string;
    sides: Record<SideKind, PolicyResource[]>;
}

function sideName(r: PolicyResource): string {
    return `${r.type.split(":").pop()} ${r.name}`;
}

/**
 * The buckets a side resource configures: those its `bucket` property depends on (exact in a real
 * preview), else the buckets among all its dependencies, narrowed by the bucket name where that
 * leaves more than one, else the bucket whose name equals its `bucket` value.
 */
function targetsOf(side: PolicyResource, buckets: PolicyResource[], bucketSet: Set<PolicyResource>): PolicyResource[] {
    const byProperty = (side.propertyDependencies?.bucket ?? []).filter((d) => bucketSet.has(d));
    if (byProperty.length > 0) {
        return byProperty;
    }
    const name = text(at(side.props, "bucket"));
    const sameName = (b: PolicyResource) => typeof name === "string" && text(at(b.props, "bucket")) === name;
    const byDependency = side.dependencies.filter((d) => bucketSet.has(d));
    if (byDependency.length > 1 && byDependency.some(sameName)) {
        return byDependency.filter(sameName);
    }
    if (byDependency.length > 0) {
        return byDependency;
    }
    return buckets.filter(sameName);
}

const views = new WeakMap<readonly PolicyResource[], BucketView[]>();

function bucketViews(args: StackValidationArgs): BucketView[] {
    const cached = views.get(args.resources);
    if (cached) {
        return cached;
    }
    const buckets = args.resources.filter((r) => BUCKET_TYPES.includes(r.type));
    const bucketSet = new Set(buckets);
    const byBucket = new Map<PolicyResource, BucketView>();
    for (const b of buckets) {
        const name = text(at(b.props, "bucket"));
        byBucket.set(b, {
            resource: b,
            v2: b.type === BUCKET_V2,
            label: `${b.type === BUCKET_V2 ? "BucketV2" : "Bucket"} ${typeof name === "string" ? name : b.name}`,
            sides: { versioning: [], encryption: [], publicAccessBlock: [], ownership: [], acl: [], lifecycle: [], policy: [] },
        });
    }
    if (buckets.length > 0) {
        for (const r of args.resources) {
            const kind = KIND_OF_TYPE.get(r.type);
            if (kind) {
                for (const target of targetsOf(r, buckets, bucketSet)) {
                    byBucket.get(target)?.sides[kind].push(r);
                }
            }
        }
    }
    const result = [...byBucket.values()];
    views.set(args.resources, result);
    return result;
}

/**
 * Runs a per-bucket check over every bucket of the stack, reporting on the bucket. A bucket whose
 * guarded setting is unknown is named in the rule's "cannot judge" reason once every other bucket
 * has been judged.
 */
function perBucket(what: string, check: (b: BucketView, cfg: Record<string, unknown>) => string | undefined | Unknown): StackValidationPolicy["validateStack"] {
    return (args, report) => {
        const cfg = args.getConfig<Record<string, unknown>>();
        const unjudged: string[] = [];
        for (const b of bucketViews(args)) {
            const problem = check(b, cfg);
            if (isUnknown(problem)) {
                unjudged.push(`the ${what} of ${b.label}`);
            } else if (problem) {
                report(problem, b.resource.urn);
            }
        }
        if (unjudged.length > 0) {
            cannotJudgeStack(args.notApplicable, unjudged);
        }
    };
}

// ---- s3-bucket-encryption ---------------------------------------------------------------------

const encryptionSchema: PolicyConfigSchema = {
    properties: {
        allowedAlgorithms: {
            type: "array",
            items: { type: "string", enum: ["AES256", "aws:kms", "aws:kms:dsse"] },
            minItems: 1,
            default: ["aws:kms", "aws:kms:dsse"],
            description: 'Default encryption algorithms allowed; "AES256" is SSE-S3, which S3 applies when a bucket sets none.',
        },
    },
};

function encryptionAlgorithms(b: BucketView): (string | Unknown)[] {
    const found: (string | Unknown)[] = [];
    const push = (v: unknown) => {
        const t = text(v);
        if (t !== undefined) {
            found.push(t);
        }
    };
    for (const side of b.sides.encryption) {
        const rules = items(at(side.props, "rules"));
        if (isUnknown(rules)) {
            found.push(UNKNOWN);
            continue;
        }
        rules.forEach((rule) => push(at(rule, "applyServerSideEncryptionByDefault", "sseAlgorithm")));
    }
    const props = b.resource.props;
    if (b.sides.encryption.length > 0) {
        // The side resource is what S3 applies last; the bucket's inline field is the provider's read.
        return found;
    }
    if (b.v2) {
        const configs = items(at(props, "serverSideEncryptionConfigurations"));
        if (isUnknown(configs)) {
            found.push(UNKNOWN);
        } else {
            for (const c of configs) {
                const rules = items(at(c, "rules"));
                if (isUnknown(rules)) {
                    found.push(UNKNOWN);
                    continue;
                }
                for (const rule of rules) {
                    const defaults = items(at(rule, "applyServerSideEncryptionByDefaults"));
                    if (isUnknown(defaults)) {
                        found.push(UNKNOWN);
                    } else {
                        defaults.forEach((d) => push(at(d, "sseAlgorithm")));
                    }
                }
            }
        }
    } else {
        push(at(props, "serverSideEncryptionConfiguration", "rule", "applyServerSideEncryptionByDefault", "sseAlgorithm"));
    }
    return found;
}

export const s3BucketEncryption: StackValidationPolicy = {
    name: "s3-bucket-encryption",
    description: "Every S3 bucket encrypts objects by default with an allowed algorithm (KMS in production).",
    severity: "high",
    remediationSteps:
        'Add an aws.s3.BucketServerSideEncryptionConfiguration for the bucket with applyServerSideEncryptionByDefault.sseAlgorithm "aws:kms" and a customer-managed KMS key with rotation (bucketKeyEnabled: true keeps KMS costs down). Existing objects keep their encryption until rewritten.',
    configSchema: encryptionSchema,
    validateStack: perBucket("default encryption", (b, given) => {
        const { allowedAlgorithms } = settings<{ allowedAlgorithms: string[] }>(encryptionSchema, given);
        const algorithms = encryptionAlgorithms(b);
        if (algorithms.some(isUnknown)) {
            return UNKNOWN;
        }
        const allowed = listing(allowedAlgorithms.map((a) => JSON.stringify(a)), "or");
        if (algorithms.length === 0) {
            return allowedAlgorithms.includes("AES256")
                ? undefined
                : `${b.label} sets no default encryption, so S3 applies SSE-S3 (AES256); add a BucketServerSideEncryptionConfiguration with sseAlgorithm ${allowed} and a customer-managed KMS key.`;
        }
        const wrong = (algorithms as string[]).filter((a) => !allowedAlgorithms.includes(a));
        return wrong.length > 0 ? `${b.label} encrypts with ${listing(wrong.map((a) => JSON.stringify(a)))}; set sseAlgorithm to ${allowed}.` : undefined;
    }),
};

// ---- s3-bucket-versioning ---------------------------------------------------------------------

export const s3BucketVersioning: StackValidationPolicy = {
    name: "s3-bucket-versioning",
    description: "Every S3 bucket keeps object versions, so an overwritten or deleted object can be recovered.",
    severity: "high",
    remediationSteps:
        'Add an aws.s3.BucketVersioning for the bucket with versioningConfiguration.status "Enabled", and a lifecycle rule that expires noncurrent versions after the recovery window.',
    configSchema: { properties: {} },
    validateStack: perBucket("versioning", (b) => {
        const states: unknown[] = b.sides.versioning.map((s) => text(at(s.props, "versioningConfiguration", "status")));
        const inline = b.v2 ? items(at(b.resource.props, "versionings")) : [at(b.resource.props, "versioning")];
        if (isUnknown(inline)) {
            return UNKNOWN;
        }
        for (const v of inline) {
            const enabled = flag(at(v, "enabled"));
            if (enabled !== undefined) {
                states.push(isUnknown(enabled) ? UNKNOWN : enabled ? "Enabled" : "Disabled");
            }
        }
        if (states.includes("Enabled")) {
            return undefined;
        }
        if (states.some(isUnknown)) {
            return UNKNOWN;
        }
        if (b.sides.versioning.length > 0) {
            const current = b.sides.versioning.map((s) => `${sideName(s)} sets status ${JSON.stringify(text(at(s.props, "versioningConfiguration", "status")))}`);
            return `${b.label} does not keep versions (${listing(current)}); set versioningConfiguration.status to "Enabled".`;
        }
        return `${b.label} has no versioning; add a BucketVersioning with versioningConfiguration.status "Enabled" so overwritten or deleted objects can be recovered.`;
    }),
};

// ---- s3-public-access-block -------------------------------------------------------------------

const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"];

export const s3PublicAccessBlock: StackValidationPolicy = {
    name: "s3-public-access-block",
    description: "Every S3 bucket has a public access block with all four settings on.",
    severity: "critical",
    remediationSteps: "Add an aws.s3.BucketPublicAccessBlock for the bucket with blockPublicAcls, blockPublicPolicy, ignorePublicAcls and restrictPublicBuckets all true.",
    configSchema: { properties: {} },
    validateStack: perBucket("public access block", (b) => {
        if (b.sides.publicAccessBlock.length === 0) {
            return `${b.label} has no public access block; add a BucketPublicAccessBlock with ${listing(BLOCK_FLAGS)} all true.`;
        }
        const off = new Set<string>();
        for (const side of b.sides.publicAccessBlock) {
            for (const f of BLOCK_FLAGS) {
                const v = flag(at(side.props, f));
                if (isUnknown(v)) {
                    return UNKNOWN;
                }
                if (v !== true) {
                    off.add(f);
                }
            }
        }
        if (off.size === 0) {
            return undefined;
        }
        const names = [...off];
        return `${b.label}: its public access block leaves ${listing(names)} off; set ${names.length === 1 ? "it" : "them"} to true.`;
    }),
};

// ---- s3-bucket-owner-enforced -----------------------------------------------------------------

/**
 * The one grant S3 reports for every bucket, ACLs disabled or not: its owner's FULL_CONTROL, which
 * the provider's read puts in `grants` (a CanonicalUser grant without a group URI). Any other grant
 * (a group such as AllUsers, another permission, a second grantee) is an ACL the program asked for.
 */
function isOwnerFullControl(grant: unknown): boolean {
    const permissions = items(at(grant, "permissions"));
    const uri = text(at(grant, "uri"));
    return (
        text(at(grant, "type")) === "CanonicalUser" &&
        (uri === undefined || uri === "") &&
        !isUnknown(permissions) &&
        permissions.length === 1 &&
        permissions[0] === "FULL_CONTROL"
    );
}

export const s3BucketOwnerEnforced: StackValidationPolicy = {
    name: "s3-bucket-owner-enforced",
    description: "Every S3 bucket has ACLs disabled (object ownership BucketOwnerEnforced): access is granted by policies only.",
    severity: "high",
    remediationSteps:
        'Remove ACLs from the bucket (acl, grants, aws.s3.BucketAcl) and add an aws.s3.BucketOwnershipControls with rule.objectOwnership "BucketOwnerEnforced"; grant access through the bucket policy and IAM instead.',
    configSchema: { properties: {} },
    validateStack: perBucket("ACL settings", (b) => {
        const problems: string[] = [];
        let undetermined = false;
        for (const side of b.sides.ownership) {
            const ownership = text(at(side.props, "rule", "objectOwnership"));
            undetermined ||= isUnknown(ownership);
            if (typeof ownership === "string" && ownership !== "BucketOwnerEnforced") {
                problems.push(`${sideName(side)} sets objectOwnership ${JSON.stringify(ownership)}`);
            }
        }
        const acl = text(at(b.resource.props, "acl"));
        undetermined ||= isUnknown(acl);
        if (typeof acl === "string" && acl !== "private") {
            problems.push(`it sets acl ${JSON.stringify(acl)}`);
        }
        const grants = items(at(b.resource.props, "grants"));
        if (isUnknown(grants) || grants.some(isUnknown)) {
            undetermined = true;
        } else if (grants.some((g) => !isOwnerFullControl(g))) {
            problems.push("it sets ACL grants");
        }
        for (const side of b.sides.acl) {
            const sideAcl = text(at(side.props, "acl"));
            const policy = at(side.props, "accessControlPolicy");
            if ((typeof sideAcl === "string" && sideAcl !== "private") || (policy !== undefined && policy !== null && !isUnknown(policy))) {
                problems.push(`${sideName(side)} grants access through an ACL`);
            }
        }
        if (problems.length > 0) {
            return `${b.label} uses ACLs (${listing(problems)}); remove them and set objectOwnership "BucketOwnerEnforced".`;
        }
        return undetermined ? UNKNOWN : undefined;
    }),
};

// ---- s3-tls-only-policy -----------------------------------------------------------------------

function conditionDeniesPlainHttp(condition: unknown): boolean {
    for (const operator of ["Bool", "BoolIfExists"]) {
        const pairs = entries(at(condition, operator));
        if (isUnknown(pairs)) {
            continue;
        }
        for (const [key, value] of pairs) {
            const values = stringList(typeof value === "boolean" ? String(value) : value);
            if (key.toLowerCase() === "aws:securetransport" && !isUnknown(values) && values.map((v) => v.toLowerCase()).includes("false")) {
                return true;
            }
        }
    }
    return false;
}

function everyone(principal: unknown): boolean {
    if (principal === "*") {
        return true;
    }
    const aws = stringList(at(principal, "AWS"));
    return !isUnknown(aws) && aws.includes("*");
}

/** The bucket's policy documents: UNKNOWN while one is unknown, [] when it has none. */
function policyDocuments(b: BucketView): { where: string; document: unknown }[] {
    const docs = b.sides.policy.map((s) => ({ where: sideName(s), document: at(s.props, "policy") }));
    const inline = at(b.resource.props, "policy");
    if (inline !== undefined && inline !== null && inline !== "") {
        docs.push({ where: `${b.label} (inline policy)`, document: inline });
    }
    return docs;
}

const TLS_STATEMENT = '{Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [<bucket ARN>, "<bucket ARN>/*"], Condition: {Bool: {"aws:SecureTransport": "false"}}}';

export const s3TlsOnlyPolicy: StackValidationPolicy = {
    name: "s3-tls-only-policy",
    description: "Every S3 bucket's policy denies requests that do not use TLS.",
    severity: "high",
    remediationSteps: `Add to the bucket's aws.s3.BucketPolicy the statement ${TLS_STATEMENT}.`,
    configSchema: { properties: {} },
    validateStack: perBucket("bucket policy", (b) => {
        const docs = policyDocuments(b);
        if (docs.length === 0) {
            return `${b.label} has no bucket policy, so requests without TLS are accepted; add a BucketPolicy with the statement ${TLS_STATEMENT}.`;
        }
        let undetermined = false;
        for (const { document } of docs) {
            const statements = statementsOf(document);
            if (isUnknown(statements)) {
                undetermined = true;
                continue;
            }
            for (const s of statements ?? []) {
                const actions = stringList(s.action);
                const resources = stringList(s.resource);
                if (isUnknown(actions) || isUnknown(resources)) {
                    undetermined = true;
                    continue;
                }
                const coversAll = actions.some((a) => iamPatternMatches(a, "s3:*"));
                const coversObjects = resources.some((r) => r.endsWith("/*") || r === "*");
                if (s.effect === "Deny" && everyone(s.principal) && coversAll && coversObjects && conditionDeniesPlainHttp(s.condition)) {
                    return undefined;
                }
            }
        }
        if (undetermined) {
            return UNKNOWN;
        }
        return `${b.label}: ${listing(docs.map((d) => d.where))} has no statement denying requests without TLS; add ${TLS_STATEMENT}.`;
    }),
};

// ---- s3-abort-multipart-uploads ---------------------------------------------------------------

const multipartSchema: PolicyConfigSchema = {
    properties: {
        maxDaysAfterInitiation: { type: "integer", minimum: 1, default: 7, description: "Most days an incomplete multipart upload may linger before the lifecycle rule aborts it." },
    },
};

/** Why a lifecycle rule does not abort every incomplete upload in time; undefined when it does. */
function ruleGap(rule: unknown, v7Shape: boolean, maxDays: number): string | undefined | Unknown {
    const id = text(at(rule, "id"));
    const name = typeof id === "string" ? `rule ${JSON.stringify(id)}` : "a rule";
    const enabled = v7Shape ? text(at(rule, "status")) : flag(at(rule, "enabled"));
    const days = integer(v7Shape ? at(rule, "abortIncompleteMultipartUpload", "daysAfterInitiation") : at(rule, "abortIncompleteMultipartUploadDays"));
    const prefix = text(at(rule, "prefix"));
    const filter = at(rule, "filter");
    const filterKeys = entries(filter);
    const tags = at(rule, "tags");
    if (isUnknown(enabled) || isUnknown(days) || isUnknown(prefix) || isUnknown(filter) || isUnknown(filterKeys) || isUnknown(tags)) {
        return UNKNOWN;
    }
    if (days === undefined) {
        return undefined;
    }
    if (enabled !== "Enabled" && enabled !== true) {
        return `${name} is disabled`;
    }
    const narrowing = filterKeys.filter(([k, v]) => v !== undefined && v !== null && !(k === "prefix" && v === ""));
    if ((prefix !== undefined && prefix !== "") || narrowing.length > 0 || (tags !== undefined && tags !== null && Object.keys(tags as object).length > 0)) {
        return `${name} only covers part of the bucket (a prefix, tag or size filter)`;
    }
    if (days > maxDays) {
        return `${name} aborts them only after ${days} days`;
    }
    return "";
}

export const s3AbortMultipartUploads: StackValidationPolicy = {
    name: "s3-abort-multipart-uploads",
    description: "Every S3 bucket has an enabled lifecycle rule that aborts incomplete multipart uploads across the whole bucket within the limit.",
    severity: "low",
    remediationSteps:
        'Add to the bucket\'s aws.s3.BucketLifecycleConfiguration a rule with status "Enabled", no filter (or an empty prefix) and abortIncompleteMultipartUpload.daysAfterInitiation within the limit: parts of uploads a connector never completed are billed but invisible.',
    configSchema: multipartSchema,
    validateStack: perBucket("lifecycle configuration", (b, given) => {
        const { maxDaysAfterInitiation: maxDays } = settings<{ maxDaysAfterInitiation: number }>(multipartSchema, given);
        const gaps: string[] = [];
        const consider = (rule: unknown, v7Shape: boolean): boolean | Unknown => {
            const gap = ruleGap(rule, v7Shape, maxDays);
            if (gap === "") {
                return true;
            }
            if (typeof gap === "string") {
                gaps.push(gap);
            }
            return isUnknown(gap) ? UNKNOWN : false;
        };
        let undetermined = false;
        for (const side of b.sides.lifecycle) {
            const rules = items(at(side.props, "rules"));
            if (isUnknown(rules)) {
                undetermined = true;
                continue;
            }
            for (const rule of rules) {
                const ok = consider(rule, true);
                if (ok === true) {
                    return undefined;
                }
                undetermined ||= isUnknown(ok);
            }
        }
        const inline = items(at(b.resource.props, "lifecycleRules"));
        if (isUnknown(inline)) {
            return UNKNOWN;
        }
        for (const rule of inline) {
            const ok = consider(rule, false);
            if (ok === true) {
                return undefined;
            }
            undetermined ||= isUnknown(ok);
        }
        if (undetermined) {
            return UNKNOWN;
        }
        const found = gaps.length > 0 ? ` (${listing(gaps)})` : "";
        return `${b.label} has no enabled whole-bucket lifecycle rule aborting incomplete multipart uploads within ${maxDays} days${found}; add a rule with status "Enabled", no filter and abortIncompleteMultipartUpload.daysAfterInitiation of at most ${maxDays}.`;
    }),
};

export const s3Policies = [s3BucketEncryption, s3BucketVersioning, s3PublicAccessBlock, s3BucketOwnerEnforced, s3TlsOnlyPolicy, s3AbortMultipartUploads];

